#!/usr/bin/env bash
# Runs once when the development container is created (GitHub Codespaces or any
# devcontainer host): the tooling in .venv (on PATH through devcontainer.json),
# the pre-commit hook that validates the catalog on every commit, and a first
# validation so the editor opens on a checked catalog.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== 安装校验工具（.venv）"
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e '.[desk]'

echo "== 安装提交前自动校验（pre-commit）"
.venv/bin/pre-commit install

echo "== 校验整个目录（zwfw validate）"
if .venv/bin/zwfw validate --quiet; then
  echo "环境已就绪：编辑 items/ 下的 YAML 文件，保存后按 Ctrl+Shift+B 校验当前文件；提交时自动校验。"
else
  echo "环境已就绪，但目录中有上面列出的问题：改正后再提交（提交时会自动校验）。"
fi

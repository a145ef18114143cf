"""``zwfw approvals``: the department-AND-legal approval gate of a pull request."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

import yaml

from .. import gitrepo
from .common import add_root, catalog_root, print_problems
from ..review import github, owners, release, ruleset, verdict, workflows
from ..review.markdown import escape
from ..review.config import STATUS_CONTEXT

NAME = "approvals"
DESCRIPTION = f"""\
检查拉取请求是否已获得全部需要的批准，每一方须是不同的人：目录清单事项需要主管部门、本级政务服务
管理部门和本级司法行政部门，实施清单需要实施部门和本级政务服务管理部门，工具、模式和工作流需要平台维护组。
--github 在 GitHub Actions 中运行：先把提交状态 {STATUS_CONTEXT} 设为进行中，读取拉取请求、审核和团队成员后
设为通过或未通过，任何错误都设为未通过（按未通过处理）；并写入任务摘要。--payload 用录制的接口数据离线检查；
--ruleset 输出由 GitHub 自身执行、仓库工作流无法冒充的规则集 JSON：组织规则集（必需检查限定来源、
必需的平台工作流、工作流文件只许平台维护组推送、审定标签只许省政务办打）和仓库规则集（按路径的必需审核人）；
--releases 列出省政府审定记录（签名标签）及其后省级目录的变化；--check-workflows 检查工作流文件。
退出码：0 已满足（--github：已设置状态），1 未满足、检查出错或发现问题，2 用法错误。
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_root(p)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--github", action="store_true", help="在 GitHub Actions 中检查当前拉取请求（需要环境变量 GITHUB_TOKEN）")
    mode.add_argument("--payload", type=Path, metavar="FILE", help="离线检查：录制的 GitHub 接口数据（JSON：repository、number、responses）")
    mode.add_argument("--ruleset", action="store_true", help="输出 GitHub 规则集 JSON（组织规则集和按路径的必需审核人）")
    mode.add_argument("--releases", action="store_true",
                      help="列出省政府审定记录（签名标签 shending/…）及其签名核验结果，以及最近一次审定以来省级目录的变化")
    mode.add_argument("--check-workflows", nargs="+", type=Path, metavar="WORKFLOW",
                      help="检查工作流文件：只有审核检查可写提交状态，分支代码拿不到机密和写权限，特权工作流不检出拉取请求的代码")
    p.add_argument("--team-ids", type=Path, metavar="FILE",
                   help="--ruleset：编号表（JSON：{\"@组织/团队\": 编号, \"app:zwfw-gate\": 应用编号, \"repo:hebei-zwfw/zwfw-platform\": 仓库编号}）")
    p.add_argument("--repository", default="hebei-zwfw/catalog", metavar="OWNER/NAME",
                   help="--ruleset：目录数据仓库（默认 hebei-zwfw/catalog）")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text", help="检查结果的输出格式（默认 text）")
    p.add_argument("--dry-run", action="store_true", help="--github：只检查和输出，不设置提交状态")


def run(args: argparse.Namespace) -> int:
    if args.check_workflows:
        return _check_workflows(args.check_workflows)
    root = catalog_root(NAME, args.root)
    if root is None:
        return 2
    found = owners.load(root)
    print_problems(found.problems, root)
    if args.releases:
        return _releases(root, args.format)
    try:
        if args.ruleset:
            return _ruleset(found, args.team_ids, args.repository)
        if args.payload:
            return _payload(found, args)
        return _github(found, args, os.environ)
    except github.GitHubError as exc:
        print(f"zwfw approvals: {exc}", file=sys.stderr)
        return 1


def _releases(root: Path, fmt: str) -> int:
    try:
        repo = gitrepo.open_repo(root)
    except gitrepo.NotARepository:
        return _usage(f"{root} 不是 git 仓库的根文件夹：省政府审定记录是仓库中的签名标签。")
    with repo:
        listing = release.releases(repo)
        latest = release.latest_approved(listing)
        since = release.changes_since(repo, latest) if latest else []
    for problem in listing.problems:
        print(f"zwfw approvals: {problem}", file=sys.stderr)
    if fmt == "json":
        doc = {"releases": [asdict(r) for r in listing.releases], "problems": listing.problems,
               "latest": latest.tag if latest else None,
               "changes_since_latest": [{"kind": c.kind, "severity": c.severity, "file": c.file, "title": c.title,
                                         "message": c.message} for c in since]}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(_releases_text(listing, latest, since, markdown=fmt == "markdown"))
    bad = [r for r in listing.releases if r.signature == release.BAD]
    return 1 if (bad or listing.problems) else 0


def _releases_text(listing, latest, since, markdown: bool) -> str:
    out = ["省政府审定记录（最新在前）：" if not markdown else "## 省政府审定记录", ""]
    if not listing.releases:
        out.append("还没有审定记录（签名标签 shending/日期）。")
    for r in listing.releases:
        line = f"{r.tag}  {r.date}  {r.sha[:7]}  {release.SIGNATURE_WORDS[r.signature]}  {r.title}"
        out.append(f"- {escape(line)}" if markdown else line)
    if latest:
        out += ["", f"自最近一次审定（{latest.tag}，{latest.date}）以来省级目录的变化：{len(since)} 项"]
        for c in since:
            line = f"{c.file}: [{c.kind}] {c.title}：{c.message}"
            out.append(f"- {escape(line)}" if markdown else f"  {line}")
    return "\n".join(out) + "\n"


def _check_workflows(paths: list[Path]) -> int:
    found = []
    for path in paths:
        try:
            found += workflows.problems(workflows.load(path), path.name)
        except (OSError, ValueError, yaml.YAMLError) as exc:
            found.append(f"{path.name}: 无法读取：{exc}")
    sys.stdout.write("".join(line + "\n" for line in found))
    return 1 if found else 0


def _usage(message: str) -> int:
    print(f"zwfw approvals: {message}", file=sys.stderr)
    return 2


def _read_json(path: Path):
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(_usage(f"无法读取 {path}：{exc}")) from None


def _ruleset(found: owners.Owners, team_ids_file: Path | None, repository: str) -> int:
    team_ids = _read_json(team_ids_file) if team_ids_file else {}
    if not isinstance(team_ids, dict):
        return _usage(f"{team_ids_file} 应是 JSON 对象：{{\"@组织/团队\": 编号}}。")
    sys.stdout.write(json.dumps(ruleset.rulesets(found, repository, team_ids), ensure_ascii=False, indent=2) + "\n")
    missing = ruleset.unresolved(found, team_ids)
    if missing:
        print(f"{len(missing)} 个编号还没有（仍写着名字，GitHub 不接受）：{'、'.join(missing)}。团队用 GET /orgs/组织/teams/团队、"
              f"应用用 GET /apps/应用名、仓库用 GET /repos/组织/仓库 查到 id，写入 --team-ids 文件后重新生成。", file=sys.stderr)
    return 0


def _payload(found: owners.Owners, args: argparse.Namespace) -> int:
    bundle = _read_json(args.payload)
    if not isinstance(bundle, dict) or not {"repository", "number", "responses"} <= set(bundle):
        return _usage(f"{args.payload} 应包含 repository、number 和 responses。")
    client = github.Client("recorded", transport=github.Replay(bundle["responses"]))
    outcome = github.check(client, bundle["repository"], bundle["number"], found.required)
    _print(outcome, args.format)
    return 0 if outcome.decision.satisfied else 1


def _github(found: owners.Owners, args: argparse.Namespace, env) -> int:
    token, repo, event_path = env.get("GITHUB_TOKEN"), env.get("GITHUB_REPOSITORY"), env.get("GITHUB_EVENT_PATH")
    if not token or not repo or not event_path:
        return _usage("--github 需要 GitHub Actions 的环境变量 GITHUB_TOKEN、GITHUB_REPOSITORY 和 GITHUB_EVENT_PATH。")
    event = _read_json(Path(event_path))
    api = env.get("GITHUB_API_URL") or github.DEFAULT_API
    client = github.Client(token, api)
    members = github.Client(env["ZWFW_MEMBERS_TOKEN"], api) if env.get("ZWFW_MEMBERS_TOKEN") else None
    run_url = None
    if env.get("GITHUB_SERVER_URL") and env.get("GITHUB_RUN_ID"):
        run_url = f"{env['GITHUB_SERVER_URL']}/{repo}/actions/runs/{env['GITHUB_RUN_ID']}"
    found_targets = github.targets(client, repo, env.get("GITHUB_EVENT_NAME", "pull_request"), event)
    failed = unsatisfied = 0
    for target in found_targets:
        result = github.gate(client, repo, target, found.required, members, run_url, write=not args.dry_run)
        if result.error is not None:
            failed += 1
            print(f"zwfw approvals: 拉取请求 #{target.number}：检查出错，已设为未通过：{result.error}", file=sys.stderr)
            _write_summary(env, f"## 审核检查 / Approval gate\n\n❌ #{target.number}：检查出错，按未通过处理 / "
                                f"the check failed and counts as not approved：{escape(result.error)}\n")
            continue
        unsatisfied += not result.outcome.decision.satisfied
        _write_summary(env, _summary(result.outcome))
        _print(result.outcome, args.format)
    if failed:
        return 1
    return 1 if (args.dry_run and unsatisfied) else 0


def _write_summary(env, text: str) -> None:
    if env.get("GITHUB_STEP_SUMMARY"):
        with open(env["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(text)


def _summary(outcome: github.Outcome) -> str:
    notes = "".join(f"\n> {escape(n)}\n" for n in outcome.notes)
    return verdict.markdown(outcome.decision) + notes


def _print(outcome: github.Outcome, fmt: str) -> None:
    for note in outcome.notes:
        print(f"注意：{note}", file=sys.stderr)
    if fmt == "json":
        doc = {**verdict.to_json(outcome.decision), "notes": outcome.notes}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "markdown":
        sys.stdout.write(_summary(outcome))
    else:
        sys.stdout.write("".join(line + "\n" for line in verdict.lines(outcome.decision)))

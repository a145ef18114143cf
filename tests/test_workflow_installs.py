"""Every workflow job that runs a zwfw command installs the extra that command needs.

Since ``pip install zwfw`` installs only what validation needs, a job that runs, say,
``zwfw site build`` after a bare ``pip install -e .`` would stop on GitHub with
"需要可选依赖"; nothing offline would notice it without this test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml")) + sorted((REPO / "tools" / "platform").glob("*.yml"))

#: command → the extras any one of which provides what it imports
NEEDS = {
    "site": {"site", "dev"},
    "approvals": {"review", "dev"},
    "diff": {"review", "dev"},
    "codeowners": {"review", "dev"},
    "export": {"excel", "dev"},
    "import": {"excel", "dev"},
    "template": {"excel", "dev"},
    "reconcile": {"excel", "dev"},
    "form": {"excel", "dev"},
}
_COMMAND = re.compile(r"(?:^|[\s;&|(])zwfw\s+([a-z-]+)")
_INSTALL = re.compile(r"pip install[^\n]*?(?:\.|tool|platform)(?:\[([a-z,]+)\])?['\"]?(?:\s|$)")


def _jobs():
    for path in WORKFLOWS:
        doc = yaml.safe_load(path.read_text("utf-8"))
        for name, job in (doc.get("jobs") or {}).items():
            runs = "\n".join(str(s.get("run", "")) for s in job.get("steps") or [])
            yield pytest.param(runs, id=f"{path.name}:{name}")


@pytest.mark.parametrize("runs", list(_jobs()))
def test_job_installs_the_extras_its_commands_need(runs: str) -> None:
    commands = {c for c in _COMMAND.findall(runs) if c in NEEDS}
    installed: set[str] = set()
    for extras in _INSTALL.findall(runs):
        installed |= set(filter(None, extras.split(",")))
    for command in commands:
        assert NEEDS[command] & installed, f"zwfw {command} needs one of {sorted(NEEDS[command])}; the job installs {sorted(installed) or 'no extra'}"


def test_the_check_sees_a_bare_install() -> None:
    runs = "python -m pip install -e .\nzwfw site build -o site"
    commands = {c for c in _COMMAND.findall(runs) if c in NEEDS}
    installed = {e for extras in _INSTALL.findall(runs) for e in extras.split(",") if e}
    assert commands == {"site"} and not installed

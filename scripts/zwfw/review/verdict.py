"""The approval gate's decision in words: Chinese and English lines, the job
summary (Markdown), JSON, and the one-line commit status description."""

from __future__ import annotations

from .markdown import code, escape
from .owners import ROLE_TITLES, Reviewer
from .policy import AUTHOR, CONTRIBUTOR, STALE, Decision

IGNORED_WHY = {
    AUTHOR: ("拉取请求的作者不能批准自己的修改", "the pull request's author cannot approve their own change"),
    CONTRIBUTOR: ("提交过本拉取请求中的修改，不能再批准", "pushed commits to this pull request, so cannot approve it"),
    STALE: ("批准早于最新一次提交，需要重新批准", "approved an earlier commit; a new approval is needed"),
}
MAX_FILES_SHOWN = 5


def _side(r: Reviewer) -> tuple[str, str]:
    zh, en = ROLE_TITLES[r.role]
    return f"{r.name}（{r.team}，{zh}）", f"{r.team} ({en}, {r.name})"


def _files(files: tuple[str, ...]) -> str:
    shown = "、".join(files[:MAX_FILES_SHOWN])
    return shown + (f" 等 {len(files)} 个文件" if len(files) > MAX_FILES_SHOWN else "")


def lines(d: Decision) -> list[str]:
    """Every finding as a Chinese line followed by its English line."""
    out: list[str] = []
    if d.satisfied:
        out += ["审核已满足：所有需要的批准都已具备。", "Approvals satisfied: every required approval is present."]
    if d.incomplete:
        out += ["无法列出本拉取请求修改的全部文件（超过 GitHub 接口上限 3000 个）：请拆分成较小的拉取请求。",
                "Could not list every changed file (over the API limit of 3000): split the pull request."]
    if "*" in d.unknown_contributors:
        out += ["无法列出本拉取请求的全部提交（超过 GitHub 接口上限 250 个），不能确认批准人没有提交过修改：请压缩提交或拆分拉取请求。",
                "Could not list every commit (over the API limit of 250), so no approver can be cleared of having pushed one: "
                "squash the commits or split the pull request."]
    unlinked = [sha[:7] for sha in d.unknown_contributors if sha != "*"]
    if unlinked:
        out += [f"提交 {'、'.join(unlinked)} 的作者或提交者没有对应的 GitHub 账号（邮箱未关联），不能确认批准人没有提交过修改："
                "请用已关联账号的邮箱重新提交。",
                f"Commit(s) {', '.join(unlinked)} have an author or committer with no GitHub account (unlinked e-mail), "
                "so no approver can be cleared of having pushed them: recommit with a linked e-mail."]
    for login in d.blocking:
        out += [f"@{login} 要求修改（Request changes）：在其改为批准之前不能合并。",
                f"@{login} requested changes: blocked until they approve."]
    for m in d.missing:
        zh, en = _side(m.reviewer)
        out += [f"缺少 {zh}的批准：{_files(m.files)}",
                f"Missing an approval from {en} for {len(m.files)} file(s)."]
    return out


def status_description(d: Decision) -> str:
    """The commit status text (GitHub allows 140 characters)."""
    if d.satisfied:
        return "审核已满足 / approvals satisfied"
    parts = []
    if d.missing:
        parts.append(f"缺少 {len(d.missing)} 方批准 / {len(d.missing)} approval(s) missing")
    if d.blocking:
        parts.append(f"{len(d.blocking)} 人要求修改 / changes requested")
    if d.incomplete:
        parts.append("文件过多 / too many files")
    if d.unknown_contributors:
        parts.append("提交者无法确认 / unknown committers")
    return "；".join(parts)[:140]


def markdown(d: Decision) -> str:
    """The job summary: what is missing, who approved, whose approval did not count."""
    mark = "✅ 审核已满足 / Approvals satisfied" if d.satisfied else "❌ 审核未满足 / Approvals missing"
    out = ["## 审核检查 / Approval gate", "", f"**{mark}**（{d.files} 个文件 / files）", ""]
    if not d.satisfied:
        found = lines(d)
        out += [f"- {escape(zh)}<br>{escape(en)}" for zh, en in zip(found[::2], found[1::2])]
    if d.missing:
        out += ["", "| 需要批准 / Required | 团队 / Team | 文件 / Files |", "|---|---|---|"]
        for m in d.missing:
            zh, en = ROLE_TITLES[m.reviewer.role]
            files = "<br>".join(code(f) for f in m.files[:MAX_FILES_SHOWN])
            more = f" …（共 {len(m.files)} 个）" if len(m.files) > MAX_FILES_SHOWN else ""
            out.append(f"| {escape(m.reviewer.name)}：{zh} / {en} | {code(m.reviewer.team)} | {files}{more} |")
    if d.approved:
        out += ["", "已批准 / Approved:", ""]
        out += [f"- {escape(r.name)}（{code(r.team)}）：@{escape(login)}" for r, login in d.approved]
    if d.ignored:
        out += ["", "不计入的批准 / Approvals that do not count:", ""]
        out += [f"- @{escape(i.login)}：{IGNORED_WHY[i.reason][0]} / {IGNORED_WHY[i.reason][1]}" for i in d.ignored]
    return "\n".join(out) + "\n"


def to_json(d: Decision) -> dict:
    return {
        "satisfied": d.satisfied,
        "files": d.files,
        "incomplete": d.incomplete,
        "unknown_contributors": d.unknown_contributors,
        "blocking": d.blocking,
        "missing": [
            {"role": m.reviewer.role, "team": m.reviewer.team, "name": m.reviewer.name, "files": list(m.files)}
            for m in d.missing
        ],
        "approved": [{"role": r.role, "team": r.team, "name": r.name, "login": login} for r, login in d.approved],
        "ignored": [{"login": i.login, "reason": i.reason} for i in d.ignored],
        "messages": lines(d),
    }

"""The thin adapter between GitHub's REST API and the approval policy.

It reads the pull request, its changed files, commits and reviews, and the
members of every team concerned; calls :func:`.policy.evaluate`; sets the
commit status :data:`.config.STATUS_CONTEXT` on the head commit (the required
check) and returns the job summary. It fails closed: ``pending`` is set before
anything is read, and ``failure`` whenever the check cannot finish (an API
error, a malformed answer), so an earlier ``success`` never outlives a failed
check. HTTP goes through a *transport* callable, so recorded API payloads can
be replayed offline (:class:`Replay`).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from . import verdict
from .config import STATUS_CONTEXT
from .policy import ChangedFile, Commit, Decision, Ownership, PullRequest, Review, evaluate

#: (method, url, headers, body) → (HTTP status, response body)
Transport = Callable[[str, str, dict, bytes | None], tuple[int, bytes]]

DEFAULT_API = "https://api.github.com"
PER_PAGE = 100
MAX_FILES = 3000  # the files endpoint lists at most 3000 files
MAX_COMMITS = 250  # the commits endpoint lists at most 250 commits
MAX_PAGES = 10_000  # a list longer than this is an error (fail closed), never a silent cut
TIMEOUT = 30


class GitHubError(Exception):
    """An API call failed; the message says which and why (never the token)."""


def urllib_transport(method: str, url: str, headers: dict, body: bytes | None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (https API URL)
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (urllib.error.URLError, TimeoutError) as exc:
        raise GitHubError(f"无法连接 GitHub 接口 {url}：{exc}") from None


@dataclass
class Client:
    token: str
    api_url: str = DEFAULT_API
    transport: Transport | None = None  # None: urllib, looked up at call time

    def call(self, method: str, path: str, body: dict | None = None, ok: tuple[int, ...] = (200, 201)):
        headers = {
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {self.token}",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "zwfw-approvals",
        }
        data = None if body is None else json.dumps(body).encode("utf-8")
        if data is not None:
            headers["Content-Type"] = "application/json"
        send = self.transport or urllib_transport
        status, raw = send(method, self.api_url.rstrip("/") + path, headers, data)
        if status not in ok:
            raise GitHubError(f"GitHub 接口 {method} {path.split('?')[0]} 返回 {status}：{_message(raw)}")
        return json.loads(raw.decode("utf-8")) if raw else None

    def pages(self, path: str, expected: int | None = None) -> list:
        """Every item of a paginated list: pages are read until one is short,
        or until ``expected`` items are in (the API's own count of them)."""
        out: list = []
        sep = "&" if "?" in path else "?"
        for page in range(1, MAX_PAGES + 1):
            batch = self.call("GET", f"{path}{sep}per_page={PER_PAGE}&page={page}")
            if not isinstance(batch, list):
                raise GitHubError(f"GitHub 接口 GET {path.split('?')[0]} 的回答不是列表")
            out.extend(batch)
            if len(batch) < PER_PAGE or (expected is not None and len(out) >= expected):
                return out
        raise GitHubError(f"GitHub 接口 GET {path.split('?')[0]} 超过 {MAX_PAGES} 页：无法完整读取")


def _message(raw: bytes) -> str:
    try:
        return str(json.loads(raw.decode("utf-8")).get("message", ""))[:200]
    except (ValueError, AttributeError, UnicodeDecodeError):
        return raw[:200].decode("utf-8", "replace")


def _login(user) -> str | None:
    return user.get("login") if isinstance(user, dict) else None


def fetch_pull(client: Client, repo: str, number: int) -> PullRequest:
    """The pull request as the policy sees it. The files endpoint lists at most
    3000 files and the commits endpoint 250 commits: beyond that the pull
    request is incomplete and the gate fails closed."""
    base = f"/repos/{repo}/pulls/{number}"
    pull = client.call("GET", base)
    changed, pushed = int(pull.get("changed_files") or 0), int(pull.get("commits") or 0)
    files = client.pages(f"{base}/files", min(changed, MAX_FILES))
    commits = client.pages(f"{base}/commits", min(pushed, MAX_COMMITS))
    reviews = client.pages(f"{base}/reviews")
    return PullRequest(
        author=_login(pull.get("user")) or "",
        head_sha=pull["head"]["sha"],
        files=tuple(ChangedFile(f["filename"], f.get("status", "modified"), f.get("previous_filename")) for f in files),
        commits=tuple(Commit(c["sha"], _login(c.get("author")), _login(c.get("committer"))) for c in commits),
        reviews=tuple(
            Review(_login(r.get("user")) or "", r.get("state", ""), r.get("commit_id") or "", r.get("submitted_at") or "", r.get("id") or 0)
            for r in reviews
            if _login(r.get("user"))
        ),
        complete=changed <= MAX_FILES and len(files) >= changed,
        commits_complete=len(commits) >= pushed,
    )


def fetch_members(client: Client, teams: set[str]) -> tuple[dict[str, set[str]], list[str]]:
    """Members of each ``@org/slug`` team; a team that cannot be read is empty, with a note."""
    members: dict[str, set[str]] = {}
    notes = []
    for team in sorted(teams):
        org, slug = team[1:].split("/", 1)
        try:
            found = client.pages(f"/orgs/{urllib.parse.quote(org)}/teams/{urllib.parse.quote(slug)}/members")
        except GitHubError as exc:
            members[team] = set()
            notes.append(f"无法读取团队 {team} 的成员（团队不存在，或令牌没有读取组织成员的权限）：{exc}")
            continue
        members[team] = {u["login"] for u in found if _login(u)}
    return members, notes


def set_status(client: Client, repo: str, sha: str, decision: Decision, target_url: str | None) -> None:
    state = "success" if decision.satisfied else "failure"
    post_status(client, repo, sha, state, verdict.status_description(decision), target_url)


def post_status(client: Client, repo: str, sha: str, state: str, description: str, target_url: str | None) -> None:
    body = {"state": state, "context": STATUS_CONTEXT, "description": description[:140]}
    if target_url:
        body["target_url"] = target_url
    client.call("POST", f"/repos/{repo}/statuses/{sha}", body)


@dataclass
class Outcome:
    decision: Decision
    pull: PullRequest
    notes: list[str] = field(default_factory=list)


def check(client: Client, repo: str, number: int, ownership: Ownership, members_client: Client | None = None) -> Outcome:
    """Read the pull request and the teams it needs, and decide."""
    pr = fetch_pull(client, repo, number)
    teams = {side.team for f in pr.files for p in (f.path, f.previous_path) if p for side in ownership(p)}
    members, notes = fetch_members(members_client or client, teams)
    return Outcome(evaluate(pr, ownership, members), pr, notes)


def event_pull_number(event: Mapping) -> int:
    """The pull request number of a ``pull_request(_target)`` or ``pull_request_review`` event payload."""
    pull = event.get("pull_request") if isinstance(event, Mapping) else None
    if not isinstance(pull, Mapping) or not isinstance(pull.get("number"), int):
        raise GitHubError("事件中没有拉取请求：zwfw approvals --github 只能由 pull_request_target、pull_request 或 pull_request_review 事件触发。")
    return pull["number"]


@dataclass(frozen=True)
class Target:
    """A pull request to (re-)evaluate and the head commit the event named, if any."""

    number: int
    head_sha: str | None = None


def targets(client: Client, repo: str, event_name: str, event: Mapping) -> list[Target]:
    """The pull requests an event asks to evaluate: the event's own pull request;
    for ``workflow_run`` (a review was submitted) the open ones whose head is the
    run's head commit; for ``push`` to main (reviewer records changed),
    ``schedule`` and ``workflow_dispatch`` every open pull request."""
    if isinstance(event, Mapping) and isinstance(event.get("pull_request"), Mapping):
        head = event["pull_request"].get("head")
        sha = head.get("sha") if isinstance(head, Mapping) else None
        return [Target(event_pull_number(event), sha if isinstance(sha, str) else None)]
    if event_name not in ("workflow_run", "push", "schedule", "workflow_dispatch"):
        event_pull_number(event)  # raises: an event the gate does not handle
    pulls = client.pages(f"/repos/{repo}/pulls?state=open")
    run = event.get("workflow_run") if isinstance(event, Mapping) else None
    wanted = run.get("head_sha") if event_name == "workflow_run" and isinstance(run, Mapping) else None
    found = []
    for p in pulls:
        sha = p.get("head", {}).get("sha") if isinstance(p.get("head"), Mapping) else None
        if isinstance(p.get("number"), int) and (wanted is None or sha == wanted):
            found.append(Target(p["number"], sha))
    return found


@dataclass
class Result:
    target: Target
    outcome: Outcome | None = None
    error: str | None = None


def gate(client: Client, repo: str, target: Target, ownership: Ownership, members_client: Client | None = None,
         target_url: str | None = None, write: bool = True) -> Result:
    """Evaluate one pull request and set its status, failing closed: ``pending``
    first, then the verdict; ``failure`` if anything goes wrong on the way."""
    if write and target.head_sha:
        post_status(client, repo, target.head_sha, "pending", "审核检查进行中 / checking approvals", target_url)
    result = Result(target)
    try:
        result.outcome = check(client, repo, target.number, ownership, members_client)
        if write:
            set_status(client, repo, result.outcome.pull.head_sha, result.outcome.decision, target_url)
    except Exception as exc:  # noqa: BLE001 (any failure must leave a failure status behind)
        result.error = str(exc) if isinstance(exc, GitHubError) else f"{type(exc).__name__}: {exc}"
        shas = {target.head_sha, result.outcome.pull.head_sha if result.outcome else None} - {None}
        for sha in sorted(shas) if write else ():
            try:
                post_status(client, repo, sha, "failure", "审核检查出错，按未通过处理 / check failed: " + result.error, target_url)
            except GitHubError:
                pass  # the pending status stays: still not a success
    return result


class Replay:
    """A transport that answers from recorded API responses (``"GET /path": payload``),
    for ``zwfw approvals --payload``: unknown paths answer 404, lists are paginated,
    a payload ``{"status": 502, "message": ...}`` with no other key answers that
    HTTP status (a recorded server error), and nothing is written (any other
    method answers 405)."""

    def __init__(self, responses: Mapping[str, object]):
        self.responses = dict(responses)

    def __call__(self, method: str, url: str, headers: dict, body: bytes | None) -> tuple[int, bytes]:
        if method != "GET":
            return 405, b'{"message": "recorded responses are read-only"}'
        parts = urllib.parse.urlsplit(url)
        key = f"GET {urllib.parse.unquote(parts.path)}"
        if key not in self.responses:
            return 404, b'{"message": "Not Found"}'
        payload = self.responses[key]
        if isinstance(payload, dict) and set(payload) == {"status", "message"}:
            return int(payload["status"]), json.dumps({"message": payload["message"]}).encode("utf-8")
        if isinstance(payload, list):
            query = urllib.parse.parse_qs(parts.query)
            size, page = int(query.get("per_page", [PER_PAGE])[0]), int(query.get("page", [1])[0])
            payload = payload[(page - 1) * size : page * size]
        return 200, json.dumps(payload).encode("utf-8")

"""The approval gate: the policy on recorded GitHub API payloads, the adapter, the ruleset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO, TESTS, Recorded, run_cli
from zwfw.review import github, owners, policy, ruleset, verdict
from zwfw.review.config import PLATFORM_TEAM, STATUS_CONTEXT
from zwfw.review.policy import ChangedFile, Commit, PullRequest, Review

FIXTURES = TESTS / "fixtures" / "github"
CATALOG = FIXTURES / "catalog"
SCENARIOS = sorted((FIXTURES / "scenarios").glob("*.json"))
GOLDEN = TESTS / "golden" / "review"
#: The rules of the issue, each needing at least one scenario.
RULES = {
    "item-department-and-legal", "item-legal-of-its-level", "entry-department-and-service-office", "platform",
    "latest-review", "stale", "author", "distinct-people", "changes-requested", "libraries",
    "unknown-department", "fail-closed",
}


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


@pytest.fixture(scope="module")
def catalog_owners() -> owners.Owners:
    found = owners.load(CATALOG)
    assert not found.problems
    return found


def test_enough_scenarios_and_every_rule_covered() -> None:
    assert len(SCENARIOS) >= 20
    covered = {load(p)["rule"] for p in SCENARIOS}
    assert covered == RULES, f"rules without a scenario: {RULES - covered}; unknown: {covered - RULES}"
    outcomes = {load(p)["expect"]["satisfied"] for p in SCENARIOS}
    assert outcomes == {True, False}


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path: Path, catalog_owners: owners.Owners) -> None:
    doc = load(path)
    transport = Recorded(doc["responses"])
    client = github.Client("token", transport=transport)
    outcome = github.check(client, doc["repository"], doc["number"], catalog_owners.required)
    d, expect = outcome.decision, doc["expect"]
    assert d.satisfied is expect["satisfied"], verdict.lines(d)
    assert sorted(m.reviewer.team for m in d.missing) == sorted(expect["missing"]), verdict.lines(d)
    assert d.blocking == sorted(expect["blocking"])
    assert d.incomplete is expect.get("incomplete", False)
    assert all(method == "GET" for method, _, _ in transport.sent), "checking alone never writes"


def test_side_lines_are_chinese_and_english(catalog_owners: owners.Owners) -> None:
    doc = load(FIXTURES / "scenarios" / "02-province-item-department-only.json")
    client = github.Client("token", transport=Recorded(doc["responses"]))
    lines = verdict.lines(github.check(client, doc["repository"], doc["number"], catalog_owners.required).decision)
    assert lines == [
        "缺少 河北省司法厅（@hebei-zwfw/hb-legal，合法性审核）的批准：items/130000-hebei/hb-scjgj/catalog/010001000000.yaml",
        "Missing an approval from @hebei-zwfw/hb-legal (legal review, 河北省司法厅) for 1 file(s).",
    ]


# --- the pure policy, without payloads -------------------------------------------------------

ITEM = "items/130000-hebei/hb-scjgj/catalog/010001000000.yaml"
TEAMS = {"@hebei-zwfw/hb-scjgj": {"dept1", "both"}, "@hebei-zwfw/hb-legal": {"legal1", "both"}, PLATFORM_TEAM: {"plat"}}


def pr(*reviews: Review, files=(ITEM,), author="author", commits=()) -> PullRequest:
    return PullRequest(author, "HEAD", tuple(ChangedFile(f) for f in files), tuple(commits), tuple(reviews))


def decide(p: PullRequest, catalog_owners) -> policy.Decision:
    return policy.evaluate(p, catalog_owners.required, TEAMS)


def test_latest_review_by_time_not_by_list_order(catalog_owners) -> None:
    later = Review("legal1", "APPROVED", "HEAD", "2025-03-04T10:00:00Z", 2)
    earlier = Review("legal1", "CHANGES_REQUESTED", "HEAD", "2025-03-04T09:00:00Z", 1)
    d = decide(pr(later, earlier, Review("dept1", "APPROVED", "HEAD", "2025-03-04T08:00:00Z", 3)), catalog_owners)
    assert d.satisfied and not d.blocking


def test_ignored_approvals_say_why(catalog_owners) -> None:
    d = decide(pr(Review("author", "APPROVED", "HEAD"), Review("legal1", "APPROVED", "OLD"),
                  Review("dept1", "APPROVED", "HEAD"), commits=(Commit("HEAD", "author", "dept1"),)), catalog_owners)
    assert {(i.login, i.reason) for i in d.ignored} == {("author", "author"), ("legal1", "stale"), ("dept1", "contributor")}
    assert not d.satisfied


def test_matching_moves_a_dual_member_to_the_side_nobody_else_fills(catalog_owners) -> None:
    # "both" sorts before "dept1": a greedy choice would put both on the department side first.
    d = decide(pr(Review("both", "APPROVED", "HEAD"), Review("dept1", "APPROVED", "HEAD")), catalog_owners)
    assert d.satisfied
    assert {(r.role, login) for r, login in d.approved} == {("department", "dept1"), ("legal", "both")}


def test_no_files_needs_nobody(catalog_owners) -> None:
    assert decide(pr(files=()), catalog_owners).satisfied


def test_base_records_decide_not_the_pull_request(catalog_owners) -> None:
    """A department folder the base does not know is the platform's, whatever its new department.yaml says."""
    sides = catalog_owners.required("items/130000-hebei/hb-new/catalog/010001000000.yaml")
    assert [s.team for s in sides] == [PLATFORM_TEAM, "@hebei-zwfw/hb-legal"]


def test_requirements_on_the_real_sample() -> None:
    sample = owners.load(REPO)
    sides = sample.required("items/130000-hebei/130600-baoding/130681-zhuozhou/zz-scjgj/entries/010003000000.yaml")
    assert [(s.role, s.team) for s in sides] == [("department", "@hebei-zwfw/zz-scjgj"), ("service_office", "@hebei-zwfw/zz-zwb")]
    assert [s.team for s in sample.required("libraries/licences/business-licence.yaml")] == ["@hebei-zwfw/hb-zwb"]
    assert [s.team for s in sample.required("README.md")] == [PLATFORM_TEAM]


# --- the CLI and the adapter -----------------------------------------------------------------

def test_cli_payload_exit_codes_and_json() -> None:
    ok = run_cli("approvals", "--root", str(CATALOG), "--payload", str(SCENARIOS[0]), "--format", "json")
    assert ok.code == 0 and json.loads(ok.out)["satisfied"] is True
    missing = run_cli("approvals", "--root", str(CATALOG), "--payload", str(FIXTURES / "scenarios" / "02-province-item-department-only.json"))
    assert missing.code == 1 and "Missing an approval" in missing.out
    assert run_cli("approvals", "--root", str(CATALOG)).code == 2  # no mode
    assert run_cli("approvals", "--root", str(CATALOG), "--payload", "does-not-exist.json").code == 2


def github_env(tmp_path: Path, scenario: str, monkeypatch) -> tuple[dict, Recorded]:
    doc = load(FIXTURES / "scenarios" / scenario)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "submitted", "pull_request": {"number": doc["number"]}}), "utf-8")
    env = {
        "GITHUB_TOKEN": "ghs_secret_token_value", "GITHUB_REPOSITORY": doc["repository"], "GITHUB_EVENT_PATH": str(event),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "GITHUB_SERVER_URL": "https://github.com", "GITHUB_RUN_ID": "42",
    }
    for key in ("GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_EVENT_PATH", "GITHUB_STEP_SUMMARY", "GITHUB_SERVER_URL",
                "GITHUB_RUN_ID", "GITHUB_API_URL", "ZWFW_MEMBERS_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    transport = Recorded(doc["responses"])
    monkeypatch.setattr(github, "urllib_transport", transport)
    return doc, transport


def test_adapter_sets_status_and_writes_summary(tmp_path: Path, monkeypatch) -> None:
    doc, transport = github_env(tmp_path, "11-schema-and-item-need-all-sides.json", monkeypatch)
    result = run_cli("approvals", "--root", str(CATALOG), "--github")
    assert result.code == 0, result.err  # the verdict is the commit status, not the job
    head = doc["responses"][f"GET /repos/{doc['repository']}/pulls/{doc['number']}"]["head"]["sha"]
    posts = [(path, body) for method, path, body in transport.sent if method == "POST"]
    assert posts == [(f"/repos/hebei-zwfw/catalog/statuses/{head}", {
        "state": "failure", "context": STATUS_CONTEXT, "description": "缺少 1 方批准 / 1 approval(s) missing",
        "target_url": "https://github.com/hebei-zwfw/catalog/actions/runs/42"})]
    summary = (tmp_path / "summary.md").read_text("utf-8")
    assert summary == (GOLDEN / "approvals-summary.md").read_text("utf-8")
    assert "ghs_secret_token_value" not in result.out + result.err + summary


def test_adapter_success_status(tmp_path: Path, monkeypatch) -> None:
    _, transport = github_env(tmp_path, "01-province-item-department-and-legal.json", monkeypatch)
    assert run_cli("approvals", "--root", str(CATALOG), "--github").code == 0
    [(_, _, body)] = [s for s in transport.sent if s[0] == "POST"]
    assert body["state"] == "success"


def test_adapter_dry_run_sets_nothing_and_exits_with_the_verdict(tmp_path: Path, monkeypatch) -> None:
    _, transport = github_env(tmp_path, "02-province-item-department-only.json", monkeypatch)
    assert run_cli("approvals", "--root", str(CATALOG), "--github", "--dry-run").code == 1
    assert not [s for s in transport.sent if s[0] == "POST"]


def test_adapter_needs_its_environment(monkeypatch) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    result = run_cli("approvals", "--root", str(CATALOG), "--github")
    assert result.code == 2 and "GITHUB_TOKEN" in result.err


def test_adapter_reports_api_errors_without_the_token(tmp_path: Path, monkeypatch) -> None:
    github_env(tmp_path, "01-province-item-department-and-legal.json", monkeypatch)
    monkeypatch.setattr(github, "urllib_transport", lambda *a: (401, b'{"message": "Bad credentials"}'))
    result = run_cli("approvals", "--root", str(CATALOG), "--github")
    assert result.code == 1 and "401" in result.err and "Bad credentials" in result.err
    assert "ghs_secret_token_value" not in result.err


def test_event_without_pull_request_is_refused() -> None:
    with pytest.raises(github.GitHubError):
        github.event_pull_number({"action": "push"})


def test_pagination_reads_every_page(catalog_owners) -> None:
    files = [{"filename": f"scripts/f{i}.py", "status": "modified"} for i in range(250)]
    responses = {"GET /repos/o/r/pulls/1": {"user": {"login": "a"}, "head": {"sha": "H"}, "changed_files": 250},
                 "GET /repos/o/r/pulls/1/files": files, "GET /repos/o/r/pulls/1/commits": [],
                 "GET /repos/o/r/pulls/1/reviews": []}
    transport = Recorded(responses)
    pull = github.fetch_pull(github.Client("t", transport=transport), "o/r", 1)
    assert len(pull.files) == 250 and pull.complete
    assert sum("/files" in path for _, path, _ in transport.sent) == 3


# --- the equivalent ruleset ------------------------------------------------------------------

def test_ruleset_json(tmp_path: Path) -> None:
    ids = tmp_path / "ids.json"
    ids.write_text(json.dumps({"@hebei-zwfw/hb-legal": 11, "@hebei-zwfw/hb-scjgj": 12}), "utf-8")
    result = run_cli("approvals", "--root", str(CATALOG), "--ruleset", "--team-ids", str(ids))
    assert result.code == 0
    sets = json.loads(result.out)
    reviewers = [r for s in sets for rule in s["rules"] for r in rule["parameters"]["required_reviewers"]]
    assert all(len(rule["parameters"]["required_reviewers"]) <= ruleset.MAX_TEAMS for s in sets for rule in s["rules"])
    by_id = {r["reviewer"]["id"]: r["file_patterns"] for r in reviewers}
    assert by_id["@hebei-zwfw/sjz-legal"] == ["items/130000-hebei/130100-shijiazhuang/sjz-gaj/catalog/**",
                                              "items/130000-hebei/130100-shijiazhuang/sjz-scjgj/catalog/**"]
    assert by_id[11] == ["items/130000-hebei/hb-scjgj/catalog/**", "items/130000-hebei/hb-slt/catalog/**"]
    assert by_id[12] == ["items/130000-hebei/hb-scjgj/**"]
    assert "还没有编号" in result.err  # the other teams still need ids


def test_ruleset_of_the_sample_splits_into_rulesets() -> None:
    sample = owners.load(REPO)
    sets = ruleset.rulesets(sample)
    teams = [r for s in sets for r in s["rules"][0]["parameters"]["required_reviewers"]]
    assert len(teams) == len(ruleset.patterns(sample)) > ruleset.MAX_TEAMS
    assert len(sets) == -(-len(teams) // ruleset.MAX_TEAMS)

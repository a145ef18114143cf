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
    "unknown-department", "fail-closed", "item-service-office-of-its-level", "new-region-distinct-sides",
    "contributors-unknown", "region-record-legal",
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
        "缺少 河北省司法厅（@hebei-zwfw/hb-legal，合法性审核）的批准：items/130000-hebei/hb-scjgj/catalog/000131001000.yaml",
        "Missing an approval from @hebei-zwfw/hb-legal (legal review, 河北省司法厅) for 1 file(s).",
    ]


# --- the pure policy, without payloads -------------------------------------------------------

ITEM = "items/130000-hebei/hb-scjgj/catalog/000131001000.yaml"
TEAMS = {"@hebei-zwfw/hb-scjgj": {"dept1", "both"}, "@hebei-zwfw/hb-legal": {"legal1", "both"},
         "@hebei-zwfw/hb-zwb": {"office1"}, PLATFORM_TEAM: {"plat", "plat2"}}
OFFICE = Review("office1", "APPROVED", "HEAD", "2025-03-04T07:00:00Z", 9)


def pr(*reviews: Review, files=(ITEM,), author="author", commits=()) -> PullRequest:
    return PullRequest(author, "HEAD", tuple(ChangedFile(f) for f in files), tuple(commits), tuple(reviews))


def decide(p: PullRequest, catalog_owners) -> policy.Decision:
    return policy.evaluate(p, catalog_owners.required, TEAMS)


def test_latest_review_by_time_not_by_list_order(catalog_owners) -> None:
    later = Review("legal1", "APPROVED", "HEAD", "2025-03-04T10:00:00Z", 2)
    earlier = Review("legal1", "CHANGES_REQUESTED", "HEAD", "2025-03-04T09:00:00Z", 1)
    d = decide(pr(later, earlier, Review("dept1", "APPROVED", "HEAD", "2025-03-04T08:00:00Z", 3), OFFICE), catalog_owners)
    assert d.satisfied and not d.blocking


def test_ignored_approvals_say_why(catalog_owners) -> None:
    d = decide(pr(Review("author", "APPROVED", "HEAD"), Review("legal1", "APPROVED", "OLD"),
                  Review("dept1", "APPROVED", "HEAD"), commits=(Commit("HEAD", "author", "dept1"),)), catalog_owners)
    assert {(i.login, i.reason) for i in d.ignored} == {("author", "author"), ("legal1", "stale"), ("dept1", "contributor")}
    assert not d.satisfied


def test_matching_moves_a_dual_member_to_the_side_nobody_else_fills(catalog_owners) -> None:
    # "both" sorts before "dept1": a greedy choice would put both on the department side first.
    d = decide(pr(Review("both", "APPROVED", "HEAD"), Review("dept1", "APPROVED", "HEAD"), OFFICE), catalog_owners)
    assert d.satisfied
    assert {(r.role, login) for r, login in d.approved} == {("department", "dept1"), ("legal", "both"),
                                                            ("service_office", "office1")}


def test_no_files_needs_nobody(catalog_owners) -> None:
    assert decide(pr(files=()), catalog_owners).satisfied


def test_base_records_decide_not_the_pull_request(catalog_owners) -> None:
    """A department folder the base does not know is the platform's, whatever its new department.yaml says."""
    sides = catalog_owners.required("items/130000-hebei/hb-new/catalog/000131001000.yaml")
    assert [(s.role, s.team) for s in sides] == [("department", PLATFORM_TEAM), ("service_office", "@hebei-zwfw/hb-zwb"),
                                                 ("legal", "@hebei-zwfw/hb-legal")]


def test_a_new_region_never_merges_sides(catalog_owners) -> None:
    """A new city: its legal and service-office sides are the province's, its department the
    platform in the department's role; one platform person can fill only one of them."""
    item = "items/130000-hebei/130200-tangshan/ts-new/catalog/010088000000.yaml"
    sides = catalog_owners.required(item)
    assert [(s.role, s.team) for s in sides] == [("department", PLATFORM_TEAM), ("service_office", "@hebei-zwfw/hb-zwb"),
                                                 ("legal", "@hebei-zwfw/hb-legal")]
    region = catalog_owners.required("items/130000-hebei/130200-tangshan/region.yaml")
    assert [(s.role, s.team) for s in region] == [("platform", PLATFORM_TEAM), ("service_office", "@hebei-zwfw/hb-zwb"),
                                                  ("legal", "@hebei-zwfw/hb-legal")]
    both = pr(Review("plat", "APPROVED", "HEAD"), files=(item, "items/130000-hebei/130200-tangshan/region.yaml"))
    d = decide(both, catalog_owners)
    assert {"service_office", "legal"} <= {m.reviewer.role for m in d.missing}
    assert len({login for _, login in d.approved}) == 1 and not d.satisfied  # "plat" fills one side only
    empty = owners.from_texts({})  # no region at all: the platform stands in, once per role
    roles = [(s.role, s.team) for s in empty.required(item)]
    assert roles == [("department", PLATFORM_TEAM), ("service_office", PLATFORM_TEAM), ("legal", PLATFORM_TEAM)]
    three = pr(Review("plat", "APPROVED", "HEAD"), Review("plat2", "APPROVED", "HEAD"), files=(item,))
    assert not policy.evaluate(three, empty.required, TEAMS).satisfied  # three sides, two people


def test_unknown_contributors_fail_closed(catalog_owners) -> None:
    approvals = (Review("dept1", "APPROVED", "HEAD"), Review("legal1", "APPROVED", "HEAD"), OFFICE)
    assert decide(pr(*approvals, commits=(Commit("HEAD", "author", "author"),)), catalog_owners).satisfied
    unlinked = decide(pr(*approvals, commits=(Commit("HEAD", None, "author"),)), catalog_owners)
    assert not unlinked.satisfied and unlinked.unknown_contributors == ["HEAD"]
    assert "没有对应的 GitHub 账号" in verdict.lines(unlinked)[0]
    unlisted = PullRequest("author", "HEAD", (ChangedFile(ITEM),), (Commit("HEAD", "author", "author"),), approvals,
                           commits_complete=False)
    d = decide(unlisted, catalog_owners)
    assert not d.satisfied and d.unknown_contributors == ["*"] and "250" in verdict.lines(d)[0]


def test_requirements_on_the_real_sample() -> None:
    sample = owners.load(REPO)
    sides = sample.required("items/130000-hebei/130600-baoding/130681-zhuozhou/zz-scjgj/entries/000131003000.yaml")
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
    head = doc["responses"][f"GET /repos/{doc['repository']}/pulls/{doc['number']}"]["head"]["sha"]
    event.write_text(json.dumps({"action": "opened", "pull_request": {"number": doc["number"], "head": {"sha": head}}}), "utf-8")
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


def test_adapter_sets_status_and_writes_summary(tmp_path: Path, monkeypatch, golden) -> None:
    doc, transport = github_env(tmp_path, "11-schema-and-item-need-all-sides.json", monkeypatch)
    result = run_cli("approvals", "--root", str(CATALOG), "--github")
    assert result.code == 0, result.err  # the verdict is the commit status, not the job
    head = doc["responses"][f"GET /repos/{doc['repository']}/pulls/{doc['number']}"]["head"]["sha"]
    posts = [(path, body) for method, path, body in transport.sent if method == "POST"]
    run = "https://github.com/hebei-zwfw/catalog/actions/runs/42"
    assert posts == [
        (f"/repos/hebei-zwfw/catalog/statuses/{head}", {
            "state": "pending", "context": STATUS_CONTEXT, "description": "审核检查进行中 / checking approvals", "target_url": run}),
        (f"/repos/hebei-zwfw/catalog/statuses/{head}", {
            "state": "failure", "context": STATUS_CONTEXT, "description": "缺少 1 方批准 / 1 approval(s) missing", "target_url": run}),
    ]
    summary = (tmp_path / "summary.md").read_text("utf-8")
    golden.check(GOLDEN / "approvals-summary.md", summary)
    assert "ghs_secret_token_value" not in result.out + result.err + summary


def test_adapter_success_status(tmp_path: Path, monkeypatch) -> None:
    _, transport = github_env(tmp_path, "01-province-item-department-and-legal.json", monkeypatch)
    assert run_cli("approvals", "--root", str(CATALOG), "--github").code == 0
    assert [body["state"] for method, _, body in transport.sent if method == "POST"] == ["pending", "success"]


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


# --- fail closed, pagination, events ----------------------------------------------------------

def test_api_error_leaves_a_failure_not_an_earlier_success(tmp_path: Path, monkeypatch) -> None:
    doc, transport = github_env(tmp_path, "01-province-item-department-and-legal.json", monkeypatch)
    transport.responses[f"GET /repos/{doc['repository']}/pulls/{doc['number']}/reviews"] = {"status": 502, "message": "Bad Gateway"}
    result = run_cli("approvals", "--root", str(CATALOG), "--github")
    assert result.code == 1 and "502" in result.err
    states = [body["state"] for method, _, body in transport.sent if method == "POST"]
    assert states == ["pending", "failure"]
    assert "检查出错" in (tmp_path / "summary.md").read_text("utf-8")


def test_malformed_answer_fails_closed(tmp_path: Path, monkeypatch) -> None:
    doc, transport = github_env(tmp_path, "01-province-item-department-and-legal.json", monkeypatch)
    del transport.responses[f"GET /repos/{doc['repository']}/pulls/{doc['number']}"]["head"]
    result = run_cli("approvals", "--root", str(CATALOG), "--github")
    assert result.code == 1
    assert [body["state"] for method, _, body in transport.sent if method == "POST"] == ["pending", "failure"]


def pull_payload(files: int, reviews: list, commits: int = 1) -> dict:
    return {"GET /repos/o/r/pulls/1": {"user": {"login": "a"}, "head": {"sha": "H"}, "changed_files": files, "commits": commits},
            "GET /repos/o/r/pulls/1/files": [{"filename": f"scripts/f{i}.py", "status": "modified"} for i in range(min(files, 3000))],
            "GET /repos/o/r/pulls/1/commits": [{"sha": f"c{i}", "author": {"login": "a"}, "committer": {"login": "a"}}
                                               for i in range(min(commits, 250))],
            "GET /repos/o/r/pulls/1/reviews": reviews}


def test_exactly_3000_files_is_complete_and_3001_is_not() -> None:
    at_limit = github.fetch_pull(github.Client("t", transport=Recorded(pull_payload(3000, []))), "o/r", 1)
    assert len(at_limit.files) == 3000 and at_limit.complete
    over = github.fetch_pull(github.Client("t", transport=Recorded(pull_payload(3001, []))), "o/r", 1)
    assert not over.complete


def test_251_commits_are_not_complete() -> None:
    pull = github.fetch_pull(github.Client("t", transport=Recorded(pull_payload(1, [], commits=251))), "o/r", 1)
    assert len(pull.commits) == 250 and not pull.commits_complete


def test_changes_requested_after_3000_comment_reviews_is_read(catalog_owners) -> None:
    comments = [{"id": i, "user": {"login": "plat"}, "state": "COMMENTED", "commit_id": "H",
                 "submitted_at": f"2025-03-04T08:{i // 60 % 60:02d}:{i % 60:02d}Z"} for i in range(3000)]
    blocked = {"id": 5000, "user": {"login": "plat"}, "state": "CHANGES_REQUESTED", "commit_id": "H", "submitted_at": "2025-03-05T00:00:00Z"}
    approved = {"id": 4999, "user": {"login": "plat2"}, "state": "APPROVED", "commit_id": "H", "submitted_at": "2025-03-04T23:00:00Z"}
    transport = Recorded(pull_payload(1, [approved, *comments, blocked]))
    outcome = github.check(github.Client("t", transport=transport), "o/r", 1, catalog_owners.required)
    assert len(outcome.pull.reviews) == 3002
    assert sum("/reviews" in path for _, path, _ in transport.sent) == 31
    members = {PLATFORM_TEAM: {"plat", "plat2"}}
    assert policy.evaluate(outcome.pull, catalog_owners.required, members).blocking == ["plat"]


def test_a_list_longer_than_the_page_limit_fails_closed(monkeypatch) -> None:
    monkeypatch.setattr(github, "MAX_PAGES", 2)
    reviews = [{"id": i, "user": {"login": "x"}, "state": "COMMENTED", "commit_id": "H"} for i in range(250)]
    with pytest.raises(github.GitHubError, match="超过 2 页"):
        github.fetch_pull(github.Client("t", transport=Recorded(pull_payload(1, reviews))), "o/r", 1)


def open_pulls() -> dict:
    return {"GET /repos/hebei-zwfw/catalog/pulls": [{"number": 101, "head": {"sha": "AAA"}}, {"number": 102, "head": {"sha": "BBB"}}]}


def test_workflow_run_evaluates_the_pull_request_of_the_reviewed_head() -> None:
    client = github.Client("t", transport=Recorded(open_pulls()))
    found = github.targets(client, "hebei-zwfw/catalog", "workflow_run", {"workflow_run": {"head_sha": "BBB"}})
    assert found == [github.Target(102, "BBB")]


def test_reviewer_records_changed_on_main_re_evaluate_every_open_pull_request() -> None:
    client = github.Client("t", transport=Recorded(open_pulls()))
    for event_name in ("push", "schedule"):
        found = github.targets(client, "hebei-zwfw/catalog", event_name, {"ref": "refs/heads/main"})
        assert found == [github.Target(101, "AAA"), github.Target(102, "BBB")]
    with pytest.raises(github.GitHubError):
        github.targets(client, "hebei-zwfw/catalog", "issues", {"issue": {}})


def test_re_evaluation_sets_pending_then_the_verdict_per_pull_request(catalog_owners) -> None:
    doc = load(FIXTURES / "scenarios" / "01-province-item-department-and-legal.json")
    head = doc["responses"]["GET /repos/hebei-zwfw/catalog/pulls/101"]["head"]["sha"]
    transport = Recorded(doc["responses"])
    result = github.gate(github.Client("t", transport=transport), "hebei-zwfw/catalog", github.Target(101, head), catalog_owners.required)
    assert result.error is None and result.outcome.decision.satisfied
    assert [(b["state"], p) for m, p, b in transport.sent if m == "POST"] == [
        ("pending", f"/repos/hebei-zwfw/catalog/statuses/{head}"), ("success", f"/repos/hebei-zwfw/catalog/statuses/{head}")]


# --- the rulesets ---------------------------------------------------------------------------

def test_ruleset_json(tmp_path: Path) -> None:
    ids = tmp_path / "ids.json"
    ids.write_text(json.dumps({"@hebei-zwfw/hb-legal": 11, "@hebei-zwfw/hb-scjgj": 12, "app:zwfw-gate": 777,
                               "repo:hebei-zwfw/zwfw-platform": 888, PLATFORM_TEAM: 99}), "utf-8")
    result = run_cli("approvals", "--root", str(CATALOG), "--ruleset", "--team-ids", str(ids))
    assert result.code == 0
    doc = json.loads(result.out)
    sets = doc["POST /repos/hebei-zwfw/catalog/rulesets"]
    reviewers = [r for s in sets for rule in s["rules"] for r in rule["parameters"]["required_reviewers"]]
    assert all(len(rule["parameters"]["required_reviewers"]) <= ruleset.MAX_TEAMS for s in sets for rule in s["rules"])
    by_id = {r["reviewer"]["id"]: r["file_patterns"] for r in reviewers}
    assert by_id["@hebei-zwfw/sjz-legal"] == ["items/130000-hebei/130100-shijiazhuang/sjz-gaj/catalog/**",
                                              "items/130000-hebei/130100-shijiazhuang/sjz-scjgj/catalog/**",
                                              "items/130000-hebei/130100-shijiazhuang/region.yaml"]
    assert by_id[11][:2] == ["items/130000-hebei/hb-scjgj/catalog/**", "items/130000-hebei/hb-slt/catalog/**"]
    assert by_id[12] == ["items/130000-hebei/hb-scjgj/**"]
    assert "还没有" in result.err  # the other teams still need ids
    gate, pushes, tags = doc["POST /orgs/hebei-zwfw/rulesets"]
    assert tags["target"] == "tag" and tags["conditions"]["ref_name"]["include"] == ["refs/tags/shending/*"]
    assert tags["bypass_actors"][0]["actor_id"] == "@hebei-zwfw/hb-zwb"  # the provincial office records approvals
    rules = {r["type"]: r.get("parameters") for r in gate["rules"]}
    assert gate["conditions"]["repository_name"]["include"] == ["catalog"] and gate["bypass_actors"] == []
    assert {"context": STATUS_CONTEXT, "integration_id": 777} in rules["required_status_checks"]["required_status_checks"]
    assert rules["workflows"]["workflows"][0]["repository_id"] == 888
    assert {"deletion", "non_fast_forward", "pull_request"} <= set(rules)
    assert pushes["target"] == "push"
    assert pushes["bypass_actors"] == [{"actor_id": 99, "actor_type": "Team", "bypass_mode": "always"}]
    assert ".github/workflows/**" in pushes["rules"][0]["parameters"]["restricted_file_paths"]


def test_unfinished_ids_stay_names_that_github_refuses() -> None:
    gate, pushes, _ = ruleset.organisation_rulesets("hebei-zwfw/catalog")
    checks = [r for r in gate["rules"] if r["type"] == "required_status_checks"][0]["parameters"]["required_status_checks"]
    assert checks[0]["integration_id"] == ruleset.GATE_APP
    assert pushes["bypass_actors"][0]["actor_id"] == PLATFORM_TEAM


def test_ruleset_of_the_sample_splits_into_rulesets() -> None:
    sample = owners.load(REPO)
    sets = ruleset.reviewer_rulesets(sample)
    teams = [r for s in sets for r in s["rules"][0]["parameters"]["required_reviewers"]]
    assert len(teams) == len({side.team for side in ruleset.patterns(sample)}) > ruleset.MAX_TEAMS
    assert len(sets) == -(-len(teams) // ruleset.MAX_TEAMS)


def test_ruleset_patterns_are_unambiguous_under_gitignore_matching() -> None:
    """Every record of the sample catalog is matched by exactly the teams the gate asks
    for it (plus the region's platform side), never by a bare platform pattern."""
    pathspec = pytest.importorskip("pathspec")
    sample = owners.load(REPO)
    specs = {side.team: pathspec.GitIgnoreSpec.from_lines(pats) for side, pats in ruleset.patterns(sample).items()}
    records = [p.relative_to(REPO).as_posix() for top in ("items", "libraries") for p in (REPO / top).rglob("*.yaml")]
    assert len(records) > 100
    for path in records:
        matched = {team for team, spec in specs.items() if spec.match_file(path)}
        wanted = {side.team for side in sample.required(path)}
        assert matched == wanted, (path, matched ^ wanted)
    platform = pathspec.GitIgnoreSpec.from_lines(ruleset.PLATFORM_PATTERNS)
    assert [p for p in records if platform.match_file(p) and not p.endswith("/region.yaml")] == []
    assert platform.match_file("pyproject.toml") and platform.match_file(".github/workflows/x.yml")

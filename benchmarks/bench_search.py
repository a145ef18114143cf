"""Search quality on the sample catalog: hit@1 and hit@10 per kind of query.

Builds the repository's site (or takes ``--site DIR``), serves it locally,
runs every query of ``benchmarks/search_quality.yaml`` through the search
page's own search in Debian's chromium (Playwright), and prints, per kind
(official full names, two-character prefixes, colloquial wording), the share
of queries whose item is the first result and among the first ten, with the
targets (full-name hit@1 >= 95 %, colloquial hit@10 >= 90 %) and every miss.

    python benchmarks/bench_search.py [--site DIR] [--misses]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from zwfw.site import search_quality

REPO = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def run(site: Path, queries: list[search_quality.Query]) -> search_quality.Score:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/search.html")
            page.wait_for_function("() => window.zwfwSearch", timeout=60000)
            score = search_quality.score(queries, lambda q: page.evaluate(search_quality.RUN_JS, q))
            browser.close()
    finally:
        server.shutdown()
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an already built site (default: build the sample catalog)")
    parser.add_argument("--misses", action="store_true", help="list every query not found at rank 1")
    args = parser.parse_args(argv)
    if shutil.which("chromium") is None:
        print("needs Debian's chromium", file=sys.stderr)
        return 2
    queries = search_quality.load(REPO / "benchmarks" / "search_quality.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            subprocess.run([sys.executable, "-m", "zwfw", "site", "build", "--root", str(REPO), "--out", str(site)],
                           check=True, capture_output=True)
        score = run(site, queries)
    print(f"{len(queries)} queries")
    print("\n".join(score.lines()))
    for (kind, k), target in search_quality.TARGETS.items():
        print(f"target {kind} hit@{k} >= {target:.0%}: {score.rate(kind, k):.1%}")
    if args.misses:
        for q, r, top in score.misses:
            print(f"  {q.kind:<10} {q.query:<24} rank {r or '-':>2}  top: {' '.join(top)}")
    return 1 if score.failed_targets() else 0


if __name__ == "__main__":
    raise SystemExit(main())

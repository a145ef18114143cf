"""Site build at the full province's scale, side by side in one run.

For each size (default 10,000, 30,000 and 100,000 implementation entries; 3
directory items per 100 entries, i.e. 3,000 items at 100,000; the whole
division tree: 1 province, 14 city-level regions, the counties) this script
generates a synthetic catalog, commits it to a throw-away git repository (the
pages show per-record history), runs ``zwfw site build`` as a command and
prints build time, seconds per 1,000 entries (linear growth keeps this flat),
peak memory, site size, and the bytes a browser transfers for the first search
(Playwright + Debian's chromium, when installed).

Targets: full build under 10 minutes, site under 1 GB, first search under 1 MB.

    python benchmarks/bench_site.py [--sizes 10000,30000,100000] [--work DIR]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from zwfw import synth

CHROMIUM = shutil.which("chromium")


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _git_commit(root: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    for argv in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "synthetic catalog"]):
        subprocess.run(argv, cwd=root, env=env, check=True)


def first_search_bytes(site: Path, query: str = "示例事项") -> int | None:
    """Bytes transferred from opening the search page to the first results."""
    if CHROMIUM is None:
        return None
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    total = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            sizes: list[int] = []
            page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/search.html")
            page.wait_for_selector(".pagefind-ui__search-input")
            page.fill(".pagefind-ui__search-input", query)
            page.wait_for_selector(".pagefind-ui__result-link", timeout=60000)
            page.wait_for_load_state("networkidle")
            total = sum(sizes)
            browser.close()
    finally:
        server.shutdown()
    return total


def measure(size: int, work: Path) -> dict:
    root, out = work / f"catalog-{size}", work / f"site-{size}"
    if not (root / "items").is_dir():
        print(f"generating {size} entries …", file=sys.stderr)
        synth.generate(root, size)
        _git_commit(root)
    shutil.rmtree(out, ignore_errors=True)
    print(f"building the site for {size} entries …", file=sys.stderr)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "zwfw", "site", "build", "--root", str(root), "--out", str(out)],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"site build failed for {size}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # MiB, largest process so far
    return {"entries": size, "seconds": seconds, "peak_mib": peak, "site_mib": _du(out) / 2**20,
            "search_kib": (first_search_bytes(out) or 0) / 1024, "line": done.stdout.strip()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--work", type=Path, help="keep catalogs and sites here (default: a temporary folder)")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rows = [measure(size, work) for size in sizes]
    print(f"{'entries':>8} {'build s':>8} {'s/1k entries':>12} {'peak MiB':>9} {'site MiB':>9} {'first search KiB':>17}")
    for r in rows:
        print(f"{r['entries']:>8} {r['seconds']:>8.1f} {r['seconds'] / r['entries'] * 1000:>12.2f} {r['peak_mib']:>9.0f} "
              f"{r['site_mib']:>9.0f} {r['search_kib']:>17.0f}")
    biggest = rows[-1]
    print(f"targets at {biggest['entries']}: build {biggest['seconds'] / 60:.1f} min (< 10), site {biggest['site_mib'] / 1024:.2f} GiB (< 1), "
          f"first search {biggest['search_kib'] / 1024:.2f} MiB (< 1)")
    print("peak memory is the largest single process so far (the build or one of its tools), cumulative over the run")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Site build at the full province's scale, side by side in one run.

For each size (default 10,000 and 30,000 implementation entries; 3 directory
items per 100 entries, i.e. 6,000 items at 200,000; the whole division tree:
1 province, 14 city-level regions, the counties; common items in every
region, rarer ones in a few, most entries equal to their item's standard)
this script generates a synthetic catalog, commits it to a throw-away git
repository (the pages show per-record history), runs ``zwfw site build
--incremental`` as a command (a cold, full build: there is no previous one)
and prints:

- build time and seconds per 1,000 entries (linear growth keeps this flat);
- peak memory of the whole process tree (the build and every tool it starts),
  sampled every 0.2 s as the sum of each process's proportional set size
  (PSS: pages shared after a fork are counted once);
- site size, the largest item page and the largest guide page;
- the bytes a browser transfers from opening the search page to the first
  results (Playwright + Debian's chromium, when installed);
- with ``--republish``: the time to publish a one-entry change (edit one
  entry, commit, ``zwfw site build --incremental`` reusing the cold build).

Targets at 200,000 entries: build < 10 min, peak < 2 GB, site < 1 GB,
largest item page < 200 KB, first search < 1 MB, republish < 60 s.

    python benchmarks/bench_site.py [--sizes 10000,30000] [--republish] [--work DIR]
    nice -n 10 python benchmarks/bench_site.py --sizes 200000 --republish --work /tmp/bench
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from zwfw import synth

CHROMIUM = shutil.which("chromium")
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _largest(folder: Path, pattern: str) -> int:
    return max((f.stat().st_size for f in folder.glob(pattern)), default=0)


def _git(root: Path, *argv: str) -> None:
    subprocess.run(["git", *argv], cwd=root, env={**os.environ, **GIT_ENV}, check=True)


def _git_commit(root: Path, message: str = "synthetic catalog") -> None:
    if not (root / ".git").is_dir():
        _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", message)


def _tree_pss(pid: int) -> int:
    """Bytes of memory the process ``pid`` and all its descendants use (PSS)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
    return total


def timed(argv: list[str]) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run a command; (seconds, peak PSS of its process tree in bytes, result)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.append(proc.communicate()))
    reader.start()
    while proc.poll() is None:
        peak = max(peak, _tree_pss(proc.pid))
        time.sleep(0.2)
    reader.join()
    seconds = time.perf_counter() - start
    stdout, stderr = out[0] if out and isinstance(out[0], tuple) else ("", "")
    return seconds, peak, subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr)


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
            finished: list = []

            def done(request) -> None:  # a function of ours: Playwright tags its handlers
                finished.append(request)

            page.on("requestfinished", done)  # sizes are read below, while the page is still open
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/search.html")
            page.wait_for_selector("#zwfw-q")
            page.fill("#zwfw-q", query)
            page.wait_for_selector(".zwfw-result-link", timeout=60000)
            page.wait_for_load_state("networkidle")
            page.remove_listener("requestfinished", done)
            total = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in list(finished))
            browser.close()
    finally:
        server.shutdown()
    return total


def _build(root: Path, out: Path) -> tuple[float, int]:
    seconds, peak, done = timed([sys.executable, "-m", "zwfw", "site", "build", "--root", str(root), "--out", str(out), "--incremental"])
    if done.returncode != 0:
        raise SystemExit(f"site build failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    return seconds, peak


def _change_one_entry(root: Path) -> None:
    entry = next(root.glob("items/*/*/*/entries/*.yaml"))
    text = entry.read_text("utf-8")
    entry.write_text(text.replace("hours: ", "hours: 周一至周五，", 1) if "hours: " in text else text + "\n", "utf-8")
    _git_commit(root, "one entry changed")


def measure(size: int, work: Path, republish: bool) -> dict:
    root, out = work / f"catalog-{size}", work / f"site-{size}"
    if not (root / "items").is_dir():
        print(f"generating {size} entries …", file=sys.stderr)
        synth.generate(root, size)
        _git_commit(root)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(out.with_name(out.name + ".cache"), ignore_errors=True)
    shutil.rmtree(root / ".zwfw-cache", ignore_errors=True)  # the validator's cache too: a cold build from nothing
    print(f"building the site for {size} entries …", file=sys.stderr)
    seconds, peak = _build(root, out)
    print(f"built in {seconds:.1f} s, peak {peak / 2**20:.0f} MiB", file=sys.stderr)  # kept if a later step fails
    row = {"entries": size, "seconds": seconds, "peak_mib": peak / 2**20, "site_mib": _du(out) / 2**20,
           "item_kib": _largest(out, "items/*.html") / 1024, "guide_kib": _largest(out, "guides/*/*.html") / 1024,
           "search_kib": (first_search_bytes(out) or 0) / 1024, "republish_s": None, "republish_peak_mib": None}
    if republish:
        print(f"republishing a one-entry change at {size} entries …", file=sys.stderr)
        _change_one_entry(root)
        again, again_peak = _build(root, out)
        print(f"republished in {again:.1f} s, peak {again_peak / 2**20:.0f} MiB", file=sys.stderr)
        row["republish_s"], row["republish_peak_mib"] = again, again_peak / 2**20
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,30000")
    parser.add_argument("--republish", action="store_true", help="also time a one-entry change published incrementally")
    parser.add_argument("--work", type=Path, help="keep catalogs and sites here (default: a temporary folder)")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rows = [measure(size, work, args.republish) for size in sizes]
    print(f"{'entries':>8} {'build s':>8} {'s/1k':>6} {'peak MiB':>9} {'site MiB':>9} {'item KiB':>9} {'guide KiB':>10} "
          f"{'search KiB':>11} {'republish s':>12}")
    for r in rows:
        again = f"{r['republish_s']:.1f}" if r["republish_s"] is not None else "—"
        print(f"{r['entries']:>8} {r['seconds']:>8.1f} {r['seconds'] / r['entries'] * 1000:>6.2f} {r['peak_mib']:>9.0f} "
              f"{r['site_mib']:>9.0f} {r['item_kib']:>9.1f} {r['guide_kib']:>10.1f} {r['search_kib']:>11.0f} {again:>12}")
    big = rows[-1]
    print(f"targets at {big['entries']}: build {big['seconds'] / 60:.1f} min (< 10), peak {big['peak_mib'] / 1024:.2f} GiB (< 2), "
          f"site {big['site_mib'] / 1024:.2f} GiB (< 1), largest item page {big['item_kib']:.0f} KiB (< 200), "
          f"first search {big['search_kib'] / 1024:.2f} MiB (< 1)"
          + (f", republish {big['republish_s']:.0f} s (< 60)" if big["republish_s"] is not None else ""))
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (the machine may be shared)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

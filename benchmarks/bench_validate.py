"""Validation speed and memory at province scale, side by side in one run.

Generates a synthetic catalog (default 200,000 implementation entries, the
province's shape; ``--keep DIR`` generates into DIR or reuses it), then
measures on the same files:

1. bare parsing: read + ``yaml.load`` with libyaml's C loader, one process,
   nothing else (the yardstick);
2. ``zwfw validate`` cold, as a command (no cache: every file read, parsed,
   schema-checked and cross-checked in worker processes, the cache written);
3. ``zwfw validate FILE…`` warm after changing 10 entry files: what the
   pre-commit hook runs (the cache from 2);
4. check-jsonschema (PyPI) with the same bundled schemas, on a sample of
   ``--cj-files`` files (it is slow: the whole catalog would take hours),
   extrapolated as files per second.

Wall time, and peak memory of the whole process tree (sum of each process's
proportional set size, sampled every 0.2 s), for each command. Targets (issue:
validation at province scale): warm < 3 s and < 500 MB; cold ≤ 0.6× bare
parsing and < 1.5 GB; zwfw ≥ 10× check-jsonschema in files/s.

    python benchmarks/bench_validate.py [--entries 200000] [--keep DIR] [--cj-files 4000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_site import timed  # noqa: E402  (one process-tree memory probe for every benchmark)

import zwfw  # noqa: E402
from zwfw import cache, layout, schemas, synth  # noqa: E402
from zwfw.incremental import scan  # noqa: E402

ZWFW = [sys.executable, "-m", "zwfw"]


def bare_parse(root: Path, files: list[str]) -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for rel in files:
        yaml.load((root / rel).read_text("utf-8"), Loader=loader)


def bare_parse_command(root: Path, listing: Path) -> list[str]:
    code = ("import sys, yaml; from pathlib import Path; root = Path(sys.argv[1]); L = yaml.CSafeLoader\n"
            "for rel in Path(sys.argv[2]).read_text().split(chr(10)):\n"
            "    rel and yaml.load((root / rel).read_text('utf-8'), Loader=L)")
    return [sys.executable, "-c", code, str(root), str(listing)]


def run_check_jsonschema(root: Path, files: list[str], workdir: Path) -> None:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for rel in files:
        by_kind[layout.classify(rel).kind].append(rel)
    for kind, rels in by_kind.items():
        schema_path = workdir / f"{kind}.bundled.json"
        schema_path.write_text(json.dumps(schemas.bundled(kind), ensure_ascii=False), "utf-8")
        for start in range(0, len(rels), 2000):  # keep command lines short
            chunk = rels[start : start + 2000]
            done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema_path), *chunk],
                                  cwd=root, capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"check-jsonschema failed on {kind}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def sample(files: list[str], n: int) -> list[str]:
    """Every k-th file: the kinds in the catalog's proportions."""
    step = max(1, len(files) // n)
    return files[::step][:n]


def change_ten(root: Path, files: list[str]) -> list[tuple[Path, str]]:
    """Change 10 entries (their hours text); returns the originals to restore."""
    entries = [f for f in files if "/entries/" in f]
    chosen = entries[:: max(1, len(entries) // 10)][:10]
    saved = []
    for rel in chosen:
        path = root / rel
        text = path.read_text("utf-8")
        saved.append((path, text))
        path.write_text(text.replace("hours: ", "hours: （已调整）", 1), "utf-8")
    return saved


def _mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--keep", type=Path, help="generate into (or reuse) this folder instead of a temporary one")
    parser.add_argument("--cj-files", type=int, default=4000, help="files for check-jsonschema (default 4000)")
    args = parser.parse_args(argv)
    # As installed: byte-code compiled once (an environment that forbids writing
    # it would make every command compile the tool's sources again).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(zwfw.__file__).parent)], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = (args.keep or Path(tmp) / "catalog").resolve()
        if not (root / "items").is_dir():
            print(f"generating {args.entries} entries …", file=sys.stderr)
            synth.generate(root, args.entries)
        shutil.rmtree(root / cache.DIR, ignore_errors=True)
        files = sorted(scan(root))
        n = len(files)
        listing = Path(tmp) / "files.txt"
        listing.write_text("\n".join(files), "utf-8")
        print(f"catalog: {n} files ({args.entries} implementation entries); {os.cpu_count()} cores")
        bare_parse(root, files[:2000])  # warm the page cache for everyone
        print("bare parsing …", file=sys.stderr)
        t_bare, m_bare, _ = timed(bare_parse_command(root, listing))
        print("zwfw validate, cold …", file=sys.stderr)
        t_cold, m_cold, done = timed([*ZWFW, "validate", "--quiet", "--root", str(root)])
        if done.returncode != 0:
            raise SystemExit(f"zwfw validate exited {done.returncode}: {done.stdout[-1000:]}{done.stderr[-1000:]}")
        t_nochange, m_nochange, _ = timed([*ZWFW, "validate", "--quiet", "--root", str(root)])
        saved = change_ten(root, files)
        try:
            changed = [str(path) for path, _ in saved]
            t_warm, m_warm, warm = timed([*ZWFW, "validate", "--quiet", "--root", str(root), *changed])
        finally:
            for path, text in saved:
                path.write_text(text, "utf-8")
        if warm.returncode != 0 or warm.stderr:
            raise SystemExit(f"warm run: exit {warm.returncode}: {warm.stdout[-1000:]}{warm.stderr[-1000:]}")
        part = sample(files, args.cj_files)
        print(f"check-jsonschema on {len(part)} files (slow) …", file=sys.stderr)
        start = time.perf_counter()
        run_check_jsonschema(root, part, Path(tmp))
        t_cj = time.perf_counter() - start
    rows = [
        ("bare parsing (libyaml C loader, 1 process)", t_bare, m_bare, n),
        ("zwfw validate, cold (all cores, cache written)", t_cold, m_cold, n),
        ("zwfw validate, nothing changed (cache)", t_nochange, m_nochange, n),
        ("zwfw validate 10 changed files (pre-commit)", t_warm, m_warm, n),
        (f"check-jsonschema ({len(part)}-file sample)", t_cj, 0, len(part)),
    ]
    print(f"{'':48} {'seconds':>9} {'files/s':>10} {'peak memory':>12}")
    for label, secs, mem, count in rows:
        print(f"{label:48} {secs:9.2f} {count / secs:10.0f} {_mb(mem) if mem else '':>12}")
    cj_rate, cold_rate = len(part) / t_cj, n / t_cold
    print(f"cold vs bare parsing: {t_cold / t_bare:.2f}x the time (target <= 0.6x), peak {_mb(m_cold)} (target < 1.5 GB)")
    print(f"warm after 10 changed files: {t_warm:.2f} s (target < 3 s), peak {_mb(m_warm)} (target < 500 MB)")
    print(f"zwfw cold vs check-jsonschema: {cold_rate / cj_rate:.1f}x the files/s "
          f"(check-jsonschema measured on {len(part)} files and extrapolated; target >= 10x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

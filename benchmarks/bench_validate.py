"""Validation speed, side by side in one run.

Generates a synthetic catalog (default 20,000 implementation entries, with
the province's shape), then measures on the same files:

1. bare parsing: read + ``yaml.load`` with libyaml's C loader, nothing else;
2. ``zwfw validate`` in-process (parse + schema + every cross-record rule);
3. ``zwfw validate`` as a command (includes interpreter start-up);
4. check-jsonschema (PyPI) with the same bundled schemas, one run per record kind.

Prints files/s for each and the ratios. Targets: zwfw ≥ 10× check-jsonschema,
zwfw ≤ 1.5× the time of bare parsing.

    python benchmarks/bench_validate.py [--entries 20000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

from zwfw import catalog, layout, schemas, synth
from zwfw.validate import validate


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def bare_parse(root: Path, files: list[str]) -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for rel in files:
        yaml.load((root / rel).read_text("utf-8"), Loader=loader)


def run_check_jsonschema(root: Path, files: list[str], workdir: Path) -> None:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for rel in files:
        by_kind[layout.classify(rel).kind].append(rel)
    for kind, rels in by_kind.items():
        schema_path = workdir / f"{kind}.bundled.json"
        schema_path.write_text(json.dumps(schemas.bundled(kind), ensure_ascii=False), "utf-8")
        for start in range(0, len(rels), 2000):  # keep command lines short
            chunk = rels[start : start + 2000]
            done = subprocess.run(
                [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema_path), *chunk],
                cwd=root, capture_output=True, text=True,
            )
            if done.returncode != 0:
                raise SystemExit(f"check-jsonschema failed on {kind}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--keep", type=Path, help="generate into (or reuse) this folder instead of a temporary one")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "catalog"
        if not (root / "items").is_dir():
            print(f"generating {args.entries} entries …", file=sys.stderr)
            synth.generate(root, args.entries)
        files = list(catalog.data_files(root))
        n = len(files)
        print(f"catalog: {n} files ({args.entries} implementation entries)")
        bare_parse(root, files[:200])  # warm the page cache for everyone
        t_bare, _ = _timed(lambda: bare_parse(root, files))
        t_zwfw, result = _timed(lambda: validate(root))
        if result.errors:
            raise SystemExit(f"synthetic catalog has {len(result.errors)} errors, e.g. {result.errors[0]}")
        t_cli, done = _timed(lambda: subprocess.run([sys.executable, "-m", "zwfw", "validate", "--quiet", "--root", str(root)],
                                                    capture_output=True, text=True))
        if done.returncode != 0:
            raise SystemExit(f"zwfw validate exited {done.returncode}: {done.stdout[-1000:]}{done.stderr[-1000:]}")
        print("measuring check-jsonschema (slow) …", file=sys.stderr)
        t_cj, _ = _timed(lambda: run_check_jsonschema(root, files, Path(tmp)))
    rows = [
        ("bare parsing (libyaml C loader)", t_bare),
        ("zwfw validate (in-process)", t_zwfw),
        ("zwfw validate (command)", t_cli),
        ("check-jsonschema (same schemas)", t_cj),
    ]
    print(f"{'':36} {'seconds':>9} {'files/s':>10}")
    for label, secs in rows:
        print(f"{label:36} {secs:9.2f} {n / secs:10.0f}")
    print(f"zwfw vs check-jsonschema: {t_cj / t_zwfw:.1f}x faster in-process, {t_cj / t_cli:.1f}x as a command (target >= 10x)")
    print(f"zwfw vs bare parsing: {t_zwfw / t_bare:.2f}x the time in-process, {t_cli / t_bare:.2f}x as a command (target <= 1.5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

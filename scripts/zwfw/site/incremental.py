"""Incremental publish: reuse the previous build, re-render only what a change touches.

A manifest kept next to the site (``<out>.cache/manifest.json``, restored in
CI with ``actions/cache``) records the key of the tools that built it, a hash
of the catalog-wide inputs (regions, departments, libraries), a hash of each
item's inputs (its record, its entries, their history) and, for every page
the builder built, the hashes of its title and body.

A build with ``incremental=True`` compares: a different tool key, catalog-wide
change or missing manifest means a full build. Otherwise only changed items
are rendered (item page, guide pages, 差异 page, API file); every other page
is rendered and compared by hash; a page whose body changed gets the new body
spliced into its built HTML in place, a new page or a changed title goes
through a small builder run. The bulk JSON is reassembled from per-item gzip
members (a file of concatenated gzip members is one gzip stream). The search
index and the CSV/Excel tables are rebuilt whole (they are the bounded part).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

from . import history
from .model import SiteData

VERSION = 1
_TOOLS = ("mkdocs", "mkdocs-material", "pagefind", "pagefind-bin-extended")


def cache_dir(out: Path) -> Path:
    return out.with_name(out.name + ".cache")


def _h(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def tool_key(root: Path) -> str:
    """Everything but the catalog that shapes the site: this package's code and
    theme, the builder's and indexer's versions, the repository's mkdocs.yml and docs."""
    digest = hashlib.blake2b(digest_size=16)
    package = resources.files("zwfw")
    for f in sorted(Path(str(package)).rglob("*")):
        if f.is_file() and f.suffix in (".py", ".css", ".js", ".html", ".json", ".yaml", ".csv"):
            digest.update(str(f.relative_to(Path(str(package)))).encode() + b"\0" + f.read_bytes())
    for name in _TOOLS:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            pass
    for f in [root / "mkdocs.yml", *sorted((root / "docs").rglob("*"))] if (root / "docs").is_dir() else [root / "mkdocs.yml"]:
        if f.is_file():
            digest.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()


def input_hashes(site: SiteData, digests: dict[str, str], changes: list[history.Change]) -> tuple[str, dict[str, str]]:
    """(catalog-wide hash, item code → hash of the item's own inputs); ``digests``
    are the data files' content digests."""
    digest = digests.get
    per_file = history.by_file(changes)
    items = {i.file for i in site.items.values()}
    entries = {e.file for e in site.entries}
    wide = sorted(f for f in digests if f not in items and f not in entries)
    wide_hash = _h(*(f"{f}\n{digest(f)}" for f in wide), str(site.sample))
    out = {}
    for code, item in site.items.items():
        files = [item.file, *sorted(e.file for e in item.entries)]
        out[code] = _h(*(f"{f}\n{digest(f, '')}\n{[(c.date, c.what) for c in per_file.get(f, [])]}" for f in files))
    return wide_hash, out


def page_hash(title: str, body: str) -> list[str]:
    return [_h(title), _h(body)]


@dataclass
class State:
    key: str
    wide: str
    items: dict[str, str]
    pages: dict[str, list[str]] = field(default_factory=dict)  # builder page path → [title hash, body hash]
    tally: dict = field(default_factory=dict)  # differences.Tally.to_json()

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        doc = {"version": VERSION, "key": self.key, "wide": self.wide, "items": self.items, "pages": self.pages, "tally": self.tally}
        tmp = folder / "manifest.json.tmp"
        tmp.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), "utf-8")
        tmp.replace(folder / "manifest.json")


def load(folder: Path) -> State | None:
    path = folder / "manifest.json"
    try:
        doc = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("version") != VERSION:
        return None
    return State(doc["key"], doc["wide"], doc["items"], doc.get("pages", {}), doc.get("tally", {}))


def reusable(previous: State | None, current: State, out: Path) -> bool:
    """Whether the previous build can be updated rather than rebuilt."""
    return (previous is not None and previous.key == current.key and previous.wide == current.wide
            and (out / "index.html").is_file() and (out / "pagefind").is_dir())

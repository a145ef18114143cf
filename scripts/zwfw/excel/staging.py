"""Where an import is checked before anything is written: a temporary copy of
the catalog's data folders holding the imported files, validated by the
incremental validator (:func:`zwfw.validate.check`).

The first check gives the problems the catalog already has (from the
catalog's own validation cache when there is one, else a cold run in worker
processes); the imported files are then written into the copy and checked
again, which re-checks only them and the records that read something they
change. A partial import takes records out again and checks once more. The
rendered files live in the copy, not in memory: writing the import copies
them from there.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .. import cache, layout
from ..incremental import Outcome
from ..validate import check

Say = Callable[[str], None]


class Stage:
    def __init__(self, root: Path):
        self.root = root
        self.dir = Path(tempfile.mkdtemp(prefix="zwfw-import-"))
        for top in layout.DATA_DIRS:
            if (root / top).is_dir():
                shutil.copytree(root / top, self.dir / top, symlinks=True)
        known = cache.path_of(root)
        if known.is_file():  # the catalog's own cache: the first check re-reads no unchanged file
            cache.path_of(self.dir).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(known, cache.path_of(self.dir))

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def put(self, rel: str, text: str) -> None:
        target = self.dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def text(self, rel: str) -> str:
        return (self.dir / rel).read_text(encoding="utf-8")

    def restore(self, rel: str) -> None:
        """Put back the catalog's own version of ``rel`` (or none)."""
        target, original = self.dir / rel, self.root / rel
        if original.is_file():
            shutil.copyfile(original, target)
        else:
            target.unlink(missing_ok=True)

    def check(self, say: Say, what: str) -> Outcome:
        return check(self.dir, progress=_counter(say, what))


def _counter(say: Say, what: str) -> Callable[[int, int], None]:
    """Progress of a long check, about every tenth of the files."""
    shown = [0]

    def show(done: int, total: int) -> None:
        if done == total or done - shown[0] >= max(1, total // 10):
            shown[0] = done
            say(f"{what}：{done}/{total} 个文件")
    return show

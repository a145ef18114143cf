"""The validation pipeline: load → check → collect problems (never stop at the first)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import catalog as catalog_mod
from . import incremental
from . import rules
from .catalog import Catalog, Progress
from .problems import Problem


@dataclass
class Result:
    catalog: Catalog
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def validate(root: Path, only: list[str] | None = None, progress: Progress | None = None) -> Result:
    """Validate the whole catalog under ``root``. The whole catalog is always
    loaded (references need it); ``only`` (repository-relative POSIX paths of
    files or folders) limits which files' problems are reported."""
    catalog, problems = catalog_mod.load(root, progress)
    if only is not None:
        _check_paths(root, only)
    problems.extend(rules.check(catalog))
    if only is not None:
        problems = [p for p in problems if _within(p, only)]
    return Result(catalog, sorted(set(problems)))


class NoCatalogFiles(ValueError):
    """Paths given to check hold no data file (a typo, README.md, schemas/…)."""

    def __init__(self, paths: list[str]):
        super().__init__(", ".join(paths))
        self.paths = paths


def check(root: Path, only: list[str] | None = None, use_cache: bool = True, processes: int | None = None,
          progress: Progress | None = None) -> incremental.Outcome:
    """What ``zwfw validate`` runs: every check, in worker processes, re-using the
    cache (``.zwfw-cache/``) for files that did not change; the verdict is the
    same as :func:`validate`'s. ``only`` limits the problems reported (see :func:`validate`)."""
    if only is not None:
        _check_paths(root, only)
    outcome = incremental.run(root, use_cache, processes, progress, only=only)
    if only is not None:
        outcome.problems = [p for p in outcome.problems if _within(p, only)]
    outcome.problems = sorted(set(outcome.problems))
    return outcome


def _check_paths(root: Path, only: list[str]) -> None:
    empty = [o for o in only if not incremental.holds_data(root, o)]
    if empty:
        raise NoCatalogFiles(empty)


def _within(p: Problem, only: list[str]) -> bool:
    """Whether ``p`` is about a file in ``only``, or about a conflict one of them takes part in."""
    return any(within(f, only) for f in (p.file, *p.related))


def within(file: str, only: list[str]) -> bool:
    return any(o in (".", "") or file == o or file.startswith(o.rstrip("/") + "/") for o in only)

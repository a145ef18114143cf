"""The rules. Each module checks one concern, registers its rule ids
(:func:`zwfw.problems.register`) and yields problems; :data:`RULES` is the
registry of every rule id any check can report (the docs page and a test keep
them in step).

Two kinds of check:

- a *record* check (``check_record``, listed in :data:`RECORD_CHECKS`) reads one
  record and nothing else (it may read every field); it runs with the reading
  and schema stage, once per changed file;
- a *catalog* check (``check``, listed in :data:`CATALOG_CHECKS`) relates a
  record to others; it reads only the key fields of :data:`keys.KEY_FIELDS`
  (add a field there when a new catalog check needs it) and says what it
  depends on in :func:`keys.uses`, so that a change re-checks the records
  that take part.
"""
from __future__ import annotations

from collections.abc import Iterator

from pathlib import Path

from .. import problems
from ..catalog import Catalog, Record
from ..problems import Problem
from . import coding, elements, legal, materials, national, references, same_four, structure, text
from .context import Context

#: Every rule id with its Chinese title: each module registers its own ids
#: (:func:`zwfw.problems.register`); importing this package imports them all.
RULES = problems.RULES

RECORD_CHECKS = (
    text.check, structure.check_record, references.check_record, legal.check_record, elements.check_record,
    coding.check_record, national.check_record,
)
CATALOG_CHECKS = (structure.check, references.check, same_four.check, materials.check, coding.check, national.check)


def check(catalog: Catalog) -> Iterator[Problem]:
    """Every check over a whole catalog held in memory."""
    ctx = Context.build(catalog)
    for run in RECORD_CHECKS + CATALOG_CHECKS:
        yield from run(ctx)


def check_record(record: Record) -> list[Problem]:
    """The record checks of one record."""
    ctx = Context.build(Catalog(root=Path("."), records=[record]))
    return [p for run in RECORD_CHECKS for p in run(ctx)]


def check_catalog(ctx: Context) -> list[Problem]:
    """The catalog checks of ``ctx``'s subjects."""
    return [p for run in CATALOG_CHECKS for p in run(ctx)]

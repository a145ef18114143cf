"""Cross-record rules. Each module checks one concern, registers its rule ids
and yields problems; :data:`RULES` is the registry of every rule id any check
can report (the docs page and a test keep them in step). A new rules module
registers its ids with :func:`zwfw.problems.register` and adds its ``check``
to :data:`CHECKS`."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog import Catalog
from .. import problems
from ..problems import Problem
from . import elements, legal, materials, references, same_four, structure, text
from .context import Context

#: Every rule id with its Chinese title: each module registers its own ids
#: (:func:`zwfw.problems.register`); importing this package imports them all.
RULES = problems.RULES

CHECKS = (text.check, structure.check, references.check, same_four.check, legal.check, elements.check, materials.check)


def check(catalog: Catalog) -> Iterator[Problem]:
    ctx = Context.build(catalog)
    for run in CHECKS:
        yield from run(ctx)

"""The one shape every check reports in: a :class:`Problem` at a place in a file,
and the one registry of rule ids (:data:`RULES`).

Every module that reports a rule registers its id once, with its Chinese title,
by calling :func:`register` at import time; a :class:`Problem` with an id that
nobody registered is a bug and raises at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

ERROR = "error"
WARNING = "warning"

#: Every rule id any check can report → its Chinese title (filled by :func:`register`).
RULES: dict[str, str] = {}


class UnknownRule(ValueError):
    """A problem was reported under a rule id that no module registered."""


def register(rules: dict[str, str]) -> tuple[str, ...]:
    """Register rule ids with their Chinese titles; each id exactly once."""
    for rule, title in rules.items():
        if rule in RULES:
            raise ValueError(f"rule id {rule!r} is registered twice")
        if not title:
            raise ValueError(f"rule id {rule!r} needs a Chinese title")
        RULES[rule] = title
    return tuple(rules)


def check_rule(rule: str) -> str:
    if rule not in RULES:
        from . import rules as _every_rule_module  # noqa: F401  (registers the rest)

        if rule not in RULES:
            raise UnknownRule(f"rule id {rule!r} is not registered")
    return rule


@dataclass(frozen=True)
class Problem:
    """One finding. ``path`` is the location inside the YAML document (keys and
    indices; for a missing field it ends with that field's key); ``line``/``col``
    (1-based) are filled in by the reporter, and only for files that have
    problems (the precise path is slow). ``related`` names the other files that
    take part in a cross-record conflict (a duplicate code, say): the problem is
    shown when any of them is checked."""

    file: str
    line: int = 0
    col: int = 0
    rule: str = ""
    message: str = ""
    severity: str = ERROR
    path: tuple = ()
    related: tuple = ()

    def __post_init__(self) -> None:
        check_rule(self.rule)

    def at(self, line: int, col: int) -> Problem:
        return replace(self, line=line, col=col)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def field(self) -> str | None:
        """The key of the field the problem is about (the last key of ``path``)."""
        return next((str(p) for p in reversed(self.path) if isinstance(p, str)), None)

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.col, self.rule, self.message, tuple(str(p) for p in self.path), self.severity)

    def __lt__(self, other: Problem) -> bool:
        return self.sort_key() < other.sort_key()

    def as_row(self) -> tuple:
        """A plain tuple (for the cache and worker processes); :func:`from_row` reverses it."""
        return (self.file, self.line, self.col, self.rule, self.message, self.severity, list(self.path), list(self.related))


def from_row(row) -> Problem:
    file, line, col, rule, message, severity, path, related = row
    return Problem(file, line, col, rule, message, severity, tuple(path), tuple(related))


def error(file: str, rule: str, message: str, path: tuple = (), line: int = 0, col: int = 0, related: tuple = ()) -> Problem:
    return Problem(file=file, rule=rule, message=message, path=tuple(path), line=line, col=col, related=tuple(related))


def warning(file: str, rule: str, message: str, path: tuple = (), line: int = 0, col: int = 0, related: tuple = ()) -> Problem:
    return Problem(file=file, rule=rule, message=message, path=tuple(path), line=line, col=col, severity=WARNING,
                   related=tuple(related))

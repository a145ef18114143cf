"""The one shape every check reports in: a :class:`Problem` at a place in a file."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding. ``path`` is the location inside the YAML document (keys and
    indices); ``line``/``col`` (1-based) are filled in by the reporter, and only
    for files that have problems (the precise path is slow)."""

    file: str
    line: int = 0
    col: int = 0
    rule: str = field(default="", compare=True)
    message: str = field(default="", compare=True)
    severity: str = field(default=ERROR, compare=False)
    path: tuple = field(default=(), compare=False)

    def at(self, line: int, col: int) -> "Problem":
        return replace(self, line=line, col=col)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def error(file: str, rule: str, message: str, path: tuple = (), line: int = 0, col: int = 0) -> Problem:
    return Problem(file=file, rule=rule, message=message, path=tuple(path), line=line, col=col)


def warning(file: str, rule: str, message: str, path: tuple = (), line: int = 0, col: int = 0) -> Problem:
    return Problem(file=file, rule=rule, message=message, path=tuple(path), line=line, col=col, severity=WARNING)

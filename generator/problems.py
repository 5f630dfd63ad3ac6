"""Problems found in content, each tied to a place a contributor can open."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at `path:line:col` (both 1-based)."""

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}"

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command, shown on the changed line of a PR."""
        level = "error" if self.severity == "error" else "warning"
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        # Property values are escaped further than the message: a ',' or ':' would end the value early.
        path = self.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = path.replace(":", "%3A").replace(",", "%2C")
        return f"::{level} file={path},line={self.line},col={self.col}::{message}"


def dotted(loc: tuple[Any, ...]) -> str:
    """('outcomes', 2, 'title') -> 'outcomes[2].title', as schema errors name fields."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def display_path(path: Path) -> str:
    """A path as a contributor would type it: relative to the working directory when it lies below it."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(absolute)


@dataclass
class Problems:
    """Collects every problem across every file, so one run reports them all."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, col: int, message: str, severity: str = "error") -> None:
        self.items.append(Problem(path, line, col, message, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity != "error"]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def __bool__(self) -> bool:
        return bool(self.errors)


class ContentError(Exception):
    """Raised once, after loading, when the content has errors; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [str(p) for p in problems]
        super().__init__(f"{len(lines)} problem(s) in content:\n" + "\n".join(lines))

"""A loaded content file: its data and the place of every value, shared by the loader that makes it
(load/strict_yaml.py) and the structure that holds it (`Item.doc`, structure/content.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# A value's place in a document: the keys and list indexes that lead to it, e.g. ("answers", 2, "label").
Loc = tuple[Any, ...]


@dataclass
class Document:
    """Loaded YAML plus the position of every value (`marks`) and mapping key (`key_marks`), 1-based."""

    path: str
    data: Any
    marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Loc, str] = field(default_factory=dict)  # the source text of every value that is not a string
    unreadable: set[Loc] = field(default_factory=set)  # values already reported (2026-13-40): not reported again
    # Every string value with its place, made once for the several checks that scan them (checks/text.py).
    strings: list[Any] | None = field(default=None, repr=False, compare=False)
    too_deep: bool = field(default=False, repr=False, compare=False)  # nesting beyond MAX_NESTING, reported once

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The line and column of `loc`, or of its nearest enclosing value that exists."""
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        while loc not in self.marks and loc:
            loc = loc[:-1]
        return self.marks.get(loc, (1, 1))

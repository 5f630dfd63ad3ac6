"""Long listings split under headings, so no search section (the text between two headings) grows without bound.

Search engines index a page section by section; Zensical's refuses a section over 32 KB, and a listing of
hundreds of items is far past that. A listing that fits stays as it is (no headings are added); one that does
not is split by the first letter of its entries' titles into runs such as "A–C", and a letter too long on its
own into numbered parts ("S, part 2").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

# Bytes of Markdown per section. An entry's Markdown (with its link's address) is longer than the text a search
# engine indexes from it, so this keeps each section well under 32 KB of text.
SECTION_BUDGET = 24_000


@dataclass(frozen=True)
class Section(Generic[T]):
    name: str | None  # None: the whole listing fits in one section, shown without a heading
    entries: list[T]


def _letter(title: str) -> str:
    first = title.strip()[:1].upper()
    return first if first.isalpha() else "#"


def _parts(letter: str, sized: list[tuple[T, int]], budget: int) -> list[Section[T]]:
    """One letter's entries, too many for one section, in consecutive parts that each fit."""
    parts: list[list[T]] = [[]]
    used = 0
    for entry, size in sized:
        if parts[-1] and used + size > budget:
            parts.append([])
            used = 0
        parts[-1].append(entry)
        used += size
    return [Section(f"{letter}, part {n}", part) for n, part in enumerate(parts, 1)]


def _name(first: str, last: str) -> str:
    return first if first == last else f"{first}–{last}"


def sections(entries: Sequence[T], title: Callable[[T], str], size: Callable[[T], int],
             budget: int = SECTION_BUDGET) -> list[Section[T]]:
    """`entries` as one unnamed section when they fit in `budget`, else in named sections by first letter.

    Entries keep their order within a section; sections run A–Z (then "#" for titles not starting with a letter).
    """
    if sum(size(e) for e in entries) <= budget:
        return [Section(None, list(entries))]
    by_letter: dict[str, list[tuple[T, int]]] = {}
    for entry in entries:
        by_letter.setdefault(_letter(title(entry)), []).append((entry, size(entry)))
    letters = sorted(by_letter, key=lambda k: (k == "#", k))
    result: list[Section[T]] = []
    run: list[str] = []
    run_entries: list[T] = []
    used = 0
    for letter in letters:
        letter_size = sum(s for _, s in by_letter[letter])
        if run and used + letter_size > budget:
            result.append(Section(_name(run[0], run[-1]), run_entries))
            run, run_entries, used = [], [], 0
        if letter_size > budget:
            result.extend(_parts(letter, by_letter[letter], budget))
            continue
        run.append(letter)
        run_entries.extend(e for e, _ in by_letter[letter])
        used += letter_size
    if run:
        result.append(Section(_name(run[0], run[-1]), run_entries))
    return result

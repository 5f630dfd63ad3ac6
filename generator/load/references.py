"""Cross-references between items: every id an item names must be the id of a loaded file."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from ..problems import Problems
from ..structure.content import CASE_STORY, FLOW, QUALIFICATION, REVIEWED, SOURCE, SPECIALISM, ContentType, Site

# Cross-references: (type holding the reference, path to the list of ids, type referred to).
REFERENCES: tuple[tuple[ContentType[Any], tuple[str, ...], ContentType[Any]], ...] = (
    (SPECIALISM, ("qualifications",), QUALIFICATION),
    (CASE_STORY, ("specialisms",), SPECIALISM),
    (FLOW, ("outcomes", "*", "recommend"), SPECIALISM),
    (FLOW, ("outcomes", "*", "also_consider"), SPECIALISM),
    (FLOW, ("outcomes", "*", "checks"), QUALIFICATION),
    (FLOW, ("outcomes", "*", "case_stories"), CASE_STORY),
) + tuple((t, ("sources",), SOURCE) for t in REVIEWED)


def check_references(site: Site, problems: Problems) -> None:
    for holder, path, target in REFERENCES:
        known = site.items[target.name]
        for item in site.of(holder):
            for loc, ref in _walk_ids(item.data, path, ()):
                if ref not in known and (target.name, ref) not in site.broken:
                    hint = difflib.get_close_matches(ref, list(known), n=1)
                    suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
                    line, col = item.doc.position(loc)
                    problems.add(
                        item.display_path, line, col,
                        f"unknown {target.name} '{ref}': no file {target.folder}/{ref}"
                        f"{target.suffixes[0]}{suggestion}",
                    )


def _walk_ids(value: Any, path: tuple[str, ...], loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if not path:
        for i, ref in enumerate(value):
            yield loc + (i,), ref
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for i, child in enumerate(value):
            yield from _walk_ids(child, rest, loc + (i,))
    else:
        yield from _walk_ids(getattr(value, head), rest, loc + (head,))

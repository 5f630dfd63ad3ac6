"""Nations: a scheme, law or service that applies in only some of the UK's nations must say so where it is used.

`content/vocabulary/nation-specific.yml` lists such terms (the Disabled Facilities Grant, the EHCP, the Mental
Capacity Act 2005, NHS 111...), each with the nations where it applies. An item that names one must carry a
`nations` note about it, giving where it applies and what applies elsewhere; the page shows the note as "Where
this applies". A note must agree with the vocabulary about where its term applies.
"""

from __future__ import annotations

import re
from typing import Any

from ..problems import Problems
from ..structure import model as m
from ..structure.content import REVIEWED, Item, Site
from .text import item_texts

VOCABULARY = "nation-specific"
# Fields that name terms without making a statement about them.
NOT_STATEMENTS = frozenset({"nations", "sources", "review"})


def check_nations(site: Site, problems: Problems) -> None:
    terms = {name: term for name, term in site.terms(VOCABULARY).items() if term.applies_in}
    if not terms:
        return
    pattern = _pattern(terms)
    canonical = {word: t.name for t in terms.values() for word in (t.name, *t.synonyms)}
    # The same sentence often appears in many items: each distinct string is searched once.
    found: dict[str, list[tuple[int, int, str]]] = {}
    for ctype in REVIEWED:
        for item in site.of(ctype):
            _check_item(item, terms, pattern, canonical, found, problems)


def _pattern(terms: dict[str, m.Term]) -> re.Pattern[str]:
    words = sorted({w for t in terms.values() for w in (t.name, *t.synonyms)}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])")


def _check_item(item: Item[Any], terms: dict[str, m.Term], pattern: re.Pattern[str], canonical: dict[str, str],
                found: dict[str, list[tuple[int, int, str]]], problems: Problems) -> None:
    notes: dict[str, int] = {}
    for i, note in enumerate(item.data.nations):
        name = canonical.get(note.about) or next((n for n in terms if n.lower() == note.about.lower()), None)
        if name is None:
            problems.add(item.display_path, *item.doc.position(("nations", i, "about")),
                         f"nations note about '{note.about}', which is not a term in vocabulary/{VOCABULARY}.yml")
            continue
        notes[name] = i
        want = list(terms[name].applies_in or [])
        if set(note.applies_in) != set(want):
            problems.add(item.display_path, *item.doc.position(("nations", i, "applies_in")),
                         f"'{name}' applies in {_names(want)} (vocabulary/{VOCABULARY}.yml), not in "
                         f"{_names(note.applies_in)}")
    reported: set[str] = set()
    for text in item_texts(item, skip_keys=NOT_STATEMENTS):
        uses = found.get(text.text)
        if uses is None:
            uses = found[text.text] = [(m.start(), m.end(), m.group(1)) for m in pattern.finditer(text.text)]
        for start, end, word in uses:
            name = canonical[word]
            if name in notes or name in reported:
                continue
            reported.add(name)
            line, col = text.place(start, end)
            problems.add(item.display_path, line, col,
                         f"nations: '{word}' applies only in {_names(terms[name].applies_in or [])}; add "
                         f"a 'nations' note about '{name}' saying where it applies and what applies elsewhere")


def _names(nations: list[m.Nation]) -> str:
    ordered = [str(n) for n in m.Nation if n in nations]
    return ordered[0] if len(ordered) == 1 else ", ".join(ordered[:-1]) + " and " + ordered[-1]

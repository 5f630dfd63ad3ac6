"""Terms content may use: every condition an item lists must be a canonical term of `vocabulary/conditions.yml`,
and every need a specialism meets or a referral answer reveals a term of `vocabulary/needs.yml`.

One vocabulary means a term means one thing everywhere: Browse lists each condition once, search knows its
everyday synonyms, and a misspelling or a near-duplicate ("COPD" beside "chronic obstructive pulmonary disease")
is an error at its line, with the canonical name suggested.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Any

from ..problems import Problems
from ..structure import model as m
from ..structure.content import CASE_STORY, FLOW, SPECIALISM, VOCABULARY, ContentType, Item, Site

Loc = tuple[Any, ...]


def _listed(field: str) -> Callable[[Any], Iterator[tuple[Loc, str]]]:
    """The values of a top-level list field, each with its place."""
    def values(data: Any) -> Iterator[tuple[Loc, str]]:
        for i, value in enumerate(getattr(data, field)):
            yield (field, i), value
    return values


def _answer_needs(flow: m.Flow) -> Iterator[tuple[Loc, str]]:
    askers: list[tuple[Loc, m.FlowQuestion]] = [(("questions", qi), q) for qi, q in enumerate(flow.questions)]
    if flow.screen is not None:
        askers.insert(0, (("screen",), flow.screen))
    for where, question in askers:
        for oi, option in enumerate(question.options):
            for ni, need in enumerate(option.needs):
                yield (*where, "options", oi, "needs", ni), need


# (vocabulary id, type holding terms, the terms an item uses with their places)
TERM_FIELDS: tuple[tuple[str, ContentType[Any], Callable[[Any], Iterator[tuple[Loc, str]]]], ...] = (
    ("conditions", SPECIALISM, _listed("conditions")),
    ("conditions", CASE_STORY, _listed("conditions")),
    ("needs", SPECIALISM, _listed("needs")),
    ("needs", FLOW, _answer_needs),
)


# Vocabularies whose term names must be exactly the values of a choice in the model.
ENUM_VOCABULARIES: dict[str, type[StrEnum]] = {"settings": m.Setting, "age-groups": m.AgeGroup}
# Vocabularies in which every term must give a field (and only they may give it).
REQUIRED_FIELDS: dict[str, tuple[str, str]] = {
    "conditions": ("synonyms", "the everyday words people search with"),
    "glossary": ("definition", "a plain-English definition"),
    "nation-specific": ("applies_in", "the nations where it applies"),
    "needs": ("urgency", "how soon the need on its own calls for action, with an urgency_reason"),
}
# Fields only one vocabulary may give, and which.
FIELD_OWNERS = {"definition": "glossary", "applies_in": "nation-specific",
                "urgency": "needs", "urgency_reason": "needs"}


def check_vocabularies(site: Site, problems: Problems) -> None:
    for vocabulary in site.of(VOCABULARY):
        _check_terms_are_distinct(vocabulary, problems)
        _check_vocabulary_rules(vocabulary, problems)
    for name, holder, used in TERM_FIELDS:
        if (VOCABULARY.name, name) in site.broken:
            continue  # the vocabulary failed to load; its own problems are reported
        terms = site.terms(name)
        lookup = _lookup(terms)
        for item in site.of(holder):
            for loc, value in used(item.data):
                if value not in terms:
                    line, col = item.doc.position(loc)
                    problems.add(item.display_path, line, col, _unknown(value, name, lookup, bool(terms)))


def _lookup(terms: dict[str, m.Term]) -> dict[str, str]:
    """Every way of writing a term, lower-cased, to its canonical name."""
    out: dict[str, str] = {}
    for term in terms.values():
        for word in (term.name, *term.synonyms):
            out.setdefault(word.lower(), term.name)
    return out


def _unknown(value: str, vocabulary: str, lookup: dict[str, str], exists: bool) -> str:
    where = f"vocabulary/{vocabulary}.yml"
    if not exists:
        return f"'{value}' cannot be checked: there is no {where}; add it with the terms content may use"
    canonical = lookup.get(value.lower())
    if canonical is None:
        close = difflib.get_close_matches(value.lower(), list(lookup), n=1, cutoff=0.75)
        canonical = lookup[close[0]] if close else None
    if canonical is not None:
        return f"'{value}' is not a term in {where}; did you mean '{canonical}'?"
    return (f"'{value}' is not a term in {where}; use a term listed there, or add it there (with its everyday "
            "synonyms) if it is new")


def _check_terms_are_distinct(vocabulary: Item[m.Vocabulary], problems: Problems) -> None:
    """No word may stand for two terms, and a `broader` term must exist."""
    names = {t.name for t in vocabulary.data.terms}
    seen: dict[str, str] = {}
    for loc, word, canonical in _words(vocabulary.data):
        key = word.lower()
        if key in seen and seen[key] != canonical:
            line, col = vocabulary.doc.position(loc)
            problems.add(vocabulary.display_path, line, col,
                         f"'{word}' already stands for '{seen[key]}'; a word may name only one term")
        seen.setdefault(key, canonical)
    for i, term in enumerate(vocabulary.data.terms):
        if term.broader is not None and term.broader not in names:
            line, col = vocabulary.doc.position(("terms", i, "broader"))
            problems.add(vocabulary.display_path, line, col,
                         f"broader term '{term.broader}' is not a term in this vocabulary")


def _check_vocabulary_rules(vocabulary: Item[m.Vocabulary], problems: Problems) -> None:
    where = f"vocabulary/{vocabulary.id}.yml"
    for i, term in enumerate(vocabulary.data.terms):
        for field, owner in FIELD_OWNERS.items():
            if getattr(term, field) is not None and vocabulary.id != owner:
                problems.add(vocabulary.display_path, *vocabulary.doc.position(("terms", i, field), key=True),
                             f"'{field}' belongs in vocabulary/{owner}.yml, not in {where}")
        rule = REQUIRED_FIELDS.get(vocabulary.id)
        if rule and not getattr(term, rule[0]):
            problems.add(vocabulary.display_path, *vocabulary.doc.position(("terms", i)),
                         f"term '{term.name}' has no '{rule[0]}': every term in {where} needs {rule[1]}")
        if vocabulary.id == "needs" and term.urgency is not None and not term.urgency_reason:
            problems.add(vocabulary.display_path, *vocabulary.doc.position(("terms", i, "urgency")),
                         f"term '{term.name}' has an urgency but no 'urgency_reason': say in one line why")
    choice = ENUM_VOCABULARIES.get(vocabulary.id)
    if choice is None:
        return
    values = [str(v) for v in choice]
    for i, term in enumerate(vocabulary.data.terms):
        if term.name not in values:
            problems.add(vocabulary.display_path, *vocabulary.doc.position(("terms", i, "name")),
                         f"'{term.name}' is not one of the {vocabulary.id} content may choose: {', '.join(values)}")
    names = {t.name for t in vocabulary.data.terms}
    for value in values:
        if value not in names:
            problems.add(vocabulary.display_path, *vocabulary.doc.position(("terms",)),
                         f"no term for '{value}': every one of the {vocabulary.id} content may choose needs a term "
                         "with its everyday synonyms")


def _words(vocabulary: m.Vocabulary) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    for i, term in enumerate(vocabulary.terms):
        yield ("terms", i, "name"), term.name, term.name
        for j, synonym in enumerate(term.synonyms):
            yield ("terms", i, "synonyms", j), synonym, term.name

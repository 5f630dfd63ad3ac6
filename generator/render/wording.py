"""Values from the content model as a reader would say them, for the "At a glance" tables.

The model keeps short, stable values ("one-off or ongoing", "26-35", "home") that validation, Browse and
search share; pages show them as words:

    >>> from generator.structure.model import Setting, AgeBand
    >>> listed([reading(Setting.home), reading(Setting.community)])
    "The client's home and the community"
    >>> reading(AgeBand.a26_35)
    'Aged 26 to 35'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import Any

from ..structure.model import AgeBand, AgeGroup, Involvement, Requirement, Setting

PHRASES: dict[Enum, str] = {
    Involvement.one_off: "Usually a one-off piece of work",
    Involvement.ongoing: "Usually ongoing",
    Involvement.either: "One-off or ongoing, depending on the client",
    Setting.home: "the client's home",
    Setting.work: "the workplace",
    Setting.school: "school or college",
    Setting.community: "the community",
    Setting.hospital: "hospital",
    Setting.care_home: "care homes",
    Setting.residential: "residential or supported living",
    Requirement.essential: "Essential",
    Requirement.best_practice: "Best practice",
    Requirement.where_relevant: "Only where relevant to the work",
    AgeBand.under_5: "Under 5",
    AgeBand.over_75: "Over 75",
}


def reading(value: Any) -> str:
    """A model value as words: a phrase where the bare value would read oddly, else the value itself."""
    if value in PHRASES:
        return PHRASES[value]
    if isinstance(value, AgeBand):
        low, high = str(value).split("-")
        return f"Aged {low} to {high}"
    return str(value)


def listed(values: Iterable[Any]) -> str:
    """"a, b and c", starting with a capital: a list as a sentence says it."""
    words = [str(v) for v in values]
    if len(words) > 1 and set(words) == {g.value for g in AgeGroup}:
        return "All ages, from children to older adults"
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return text[:1].upper() + text[1:]


def long_date(value: dt.date) -> str:
    """1 November 2026: the UK way, with no leading zero."""
    return f"{value.day} {value.strftime('%B %Y')}"


# The title of the note at the top of a case story, by where the story comes from (templates/_macros.md.j2;
# the editor's preview shows the same).
ORIGIN_TITLES = {"own-client": "About this story", "publication": "Where this story comes from",
                 "service-example": "A published service example", "composite": "A composite story"}

FILTERS = {"reading": reading, "listed": listed, "long_date": long_date}

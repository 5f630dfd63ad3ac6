"""Rules that span fields of one item, each reported at its line: where a source can be read and when it was
published, where a qualification is verified, which source a case story comes from, and whether it names a
person (a service example names none)."""

from __future__ import annotations

import difflib
from typing import Any

from ..problems import Problems
from ..structure import model as m
from ..structure.content import CASE_STORY, QUALIFICATION, SOURCE, Item, Site

# (field, its alternative, what the pair says): exactly one of the two must be given.
SOURCE_PAIRS = (
    ("url", "url_unavailable", "where to read it"),
    ("date_published", "date_unknown", "when it was published"),
)


def check_provenance(site: Site, problems: Problems) -> None:
    for source in site.of(SOURCE):
        for field, other, what in SOURCE_PAIRS:
            _one_of(source, (), field, other, what, problems)
        for flag in ("secondary", "machine_written"):
            if getattr(source.data, flag) and source.data.note is None:
                problems.add(source.display_path, *source.doc.position((flag,)),
                             f"{flag} is true, so 'note' must say how: readers weigh a source by it")
    for qualification in site.of(QUALIFICATION):
        _check_verify_at(qualification, problems)
    for story in site.of(CASE_STORY):
        _check_origin(site, story, problems)


def _one_of(item: Item[Any], loc: tuple[Any, ...], field: str, other: str, what: str, problems: Problems) -> None:
    data = item.data
    for part in loc:
        data = data[part] if isinstance(part, int) else getattr(data, part)
    given = [name for name in (field, other) if getattr(data, name) is not None]
    if len(given) == 2:
        problems.add(item.display_path, *item.doc.position(loc + (other,), key=True),
                     f"give '{field}' or '{other}', not both")
    elif not given:
        problems.add(item.display_path, *item.doc.position(loc),
                     f"missing '{field}' ({what}); if there is none, give '{other}' saying why")


def _check_verify_at(item: Item[m.Qualification], problems: Problems) -> None:
    for i, _ in enumerate(item.data.verify_at):
        _one_of(item, ("verify_at", i), "url", "url_unavailable", "the address the page links to", problems)
    if not any(place.url for place in item.data.verify_at):
        problems.add(item.display_path, *item.doc.position(("verify_at",)),
                     "verify_at has no 'url': give at least one public register or page where a case manager "
                     "can verify this")


def _check_origin(site: Site, story: Item[m.CaseStory], problems: Problems) -> None:
    origin = story.data.origin
    if origin.kind == "service-example" and story.data.pseudonym is not None:
        problems.add(story.display_path, *story.doc.position(("pseudonym",), key=True),
                     "a service example describes a service, not a person: remove 'pseudonym'")
    elif (origin.kind != "service-example" and story.data.pseudonym is None
          and ("pseudonym",) not in story.doc.unreadable):  # one with a YAML tag is reported at the tag
        problems.add(story.display_path, *story.doc.position(()),
                     "missing field 'pseudonym': a story about a person names them by a declared pseudonym")
    if origin.kind == "own-client":
        return
    known = site.items[SOURCE.name]
    line, col = story.doc.position(("origin", "source"))
    if origin.source not in known:
        if (SOURCE.name, origin.source) not in site.broken:
            hint = difflib.get_close_matches(origin.source, list(known), n=1)
            suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
            problems.add(story.display_path, line, col,
                         f"unknown source '{origin.source}': no file sources/{origin.source}.yml{suggestion}")
    elif origin.source not in story.data.sources:
        problems.add(story.display_path, line, col,
                     f"origin source '{origin.source}' must also be listed under 'sources'")

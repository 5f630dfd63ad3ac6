"""Browse listings: by condition, age group, setting, and audience, all from the content."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..structure.addresses import item_path
from ..structure.content import CASE_STORY, CHECKLIST, FLOW, SPECIALISM, ContentType, Item
from ..structure.model import AgeGroup, Setting, Term
from .pages import PageSet
from .sections import sections

# What each kind of item is called in a listing entry.
KIND_LABEL: dict[ContentType[Any], str] = {
    SPECIALISM: "specialism", CASE_STORY: "case story", CHECKLIST: "checklist", FLOW: "referral tool",
}


def _entry(item: Item[Any]) -> dict[str, str]:
    path = f"{FLOW.folder}/{item.id}/index.md" if item.type is FLOW else item_path(item.type, item.id)
    return {"title": item.data.title, "path": path, "kind": KIND_LABEL[item.type]}


def grouped(pairs: Iterable[tuple[str, Item[Any]]], order: list[str] | None = None) -> list[dict[str, Any]]:
    """Entries grouped under each name, in `order` when given, else A-Z; entries by kind, then title."""
    groups: dict[str, list[Item[Any]]] = {}
    for name, item in pairs:
        groups.setdefault(name, []).append(item)
    names = [n for n in order if n in groups] if order else sorted(groups, key=str.lower)
    # Each item once under a name, even when it reaches the name by two routes (two narrower terms).
    groups = {n: list({(i.type.name, i.id): i for i in items}.values()) for n, items in groups.items()}
    return [{"name": n[:1].upper() + n[1:], "sections": sections(
                [_entry(i) for i in sorted(groups[n], key=lambda i: (KIND_LABEL[i.type], i.data.title))],
                lambda e: e["title"], _entry_size)}
            for n in names]


def _entry_size(entry: dict[str, str]) -> int:
    """About the bytes of a listing line for `entry`: its title, link and kind."""
    return len("".join(entry.values()).encode()) + 8


def with_broader(name: str, terms: dict[str, Term]) -> list[str]:
    """A term and every wider term above it: 'stroke' -> stroke, acquired brain injury, brain injury."""
    out = [name]
    while (term := terms.get(out[-1])) is not None and term.broader and term.broader not in out:
        out.append(term.broader)
    return out


def a_to_z(groups: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Jump links: the first group under each initial letter gets the anchor `letter-x`."""
    letters: list[dict[str, str]] = []
    for group in groups:
        letter = group["name"][:1].upper()
        if letter.isalpha() and all(entry["letter"] != letter for entry in letters):
            group["anchor"] = f"letter-{letter.lower()}"
            letters.append({"letter": letter, "link": f"[{letter}](#{group['anchor']})"})
    return letters


def render_browse(pages: PageSet) -> None:
    site = pages.site
    specs, stories = site.of(SPECIALISM), site.of(CASE_STORY)
    tagged: list[Item[Any]] = [*specs, *stories]
    terms = site.terms("conditions")
    listings = [
        ("by-condition", "By condition",
         "Specialisms and case stories for each condition, listed under the wider condition too (stroke under "
         "brain injury).",
         grouped([(b, s) for s in tagged for c in s.data.conditions for b in with_broader(c, terms)])),
        ("by-age-group", "By age group", "Specialisms for each age group.",
         grouped(((g.value, s) for s in specs for g in s.data.age_groups), [g.value for g in AgeGroup])),
        ("by-setting", "By setting", "Specialisms and case stories by where the work happens.",
         grouped([(g.value, s) for s in specs for g in s.data.settings]
                 + [(s.data.setting.value, s) for s in stories], [g.value for g in Setting])),
        ("by-audience", "By audience", "Checklists and referral tools for case managers and for therapists.",
         grouped([(a.plural, c) for c in site.of(CHECKLIST) for a in c.data.audience]
                 + [(f.data.audience.plural, f) for f in site.of(FLOW)])),
    ]
    for slug, title, intro, groups in listings:
        # Listings mention every condition once; they should not outrank the pages they list.
        meta = {"title": title, "description": intro, "search": {"boost": 0.5}}
        letters = a_to_z(groups) if slug == "by-condition" else []
        pages.add(f"browse/{slug}.md", "browse.md.j2", meta,
                  owner="the browse pages", title=title, intro=intro, groups=groups, letters=letters)
    pages.add("browse/index.md", "browse-index.md.j2",
              {"title": "Browse", "description": "Find content by condition, age group, setting or audience."},
              owner="the browse pages",
              pages=[{"title": t, "intro": i, "path": f"browse/{s}.md"} for s, t, i, _ in listings])

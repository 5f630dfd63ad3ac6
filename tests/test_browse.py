"""Browse listings list exactly the items whose content says so."""

from __future__ import annotations

import re

from conftest import ROOT

from generator import generate
from generator.structure.content import CASE_STORY, CHECKLIST, FLOW, SPECIALISM

RESULT = generate(ROOT / "content")
SITE = RESULT.site


def listing(name: str) -> dict[str, set[str]]:
    """Group heading (lower case) -> the page paths listed under it."""
    text = RESULT.pages[f"browse/{name}.md"].text
    groups: dict[str, set[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = groups.setdefault(line[3:].lower(), set())
        elif current is not None and (m := re.match(r"- \[[^\]]+\]\(\.\./([^)]+)\)", line)):
            current.add(m.group(1))
    return groups


def page(item: object) -> str:
    kind, ident = item.type, item.id  # type: ignore[attr-defined]
    return f"referral/{ident}/index.md" if kind is FLOW else f"{kind.folder}/{ident}.md"


def expected(pairs: list[tuple[str, object]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, item in pairs:
        out.setdefault(name.lower(), set()).add(page(item))
    return out


def test_by_condition() -> None:
    items = SITE.of(SPECIALISM) + SITE.of(CASE_STORY)
    assert listing("by-condition") == expected([(c, i) for i in items for c in i.data.conditions])


def test_by_age_group() -> None:
    assert listing("by-age-group") == expected([(g.value, s) for s in SITE.of(SPECIALISM) for g in s.data.age_groups])


def test_by_setting() -> None:
    pairs = [(g.value, s) for s in SITE.of(SPECIALISM) for g in s.data.settings]
    pairs += [(s.data.setting.value, s) for s in SITE.of(CASE_STORY)]
    assert listing("by-setting") == expected(pairs)


def test_by_audience() -> None:
    pairs = [(a.value + "s", c) for c in SITE.of(CHECKLIST) for a in c.data.audience]
    pairs += [(f.data.audience.value + "s", f) for f in SITE.of(FLOW)]
    assert listing("by-audience") == expected(pairs)


def test_by_rcot_section() -> None:
    assert listing("by-rcot-section") == expected([(s.data.rcot_section.value, s) for s in SITE.of(SPECIALISM)])

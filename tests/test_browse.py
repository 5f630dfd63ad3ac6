"""Browse listings list exactly the items whose content says so."""

from __future__ import annotations

import re

import yaml
from conftest import ROOT

from generator import generate
from generator.structure.content import CASE_STORY, CHECKLIST, FLOW, SPECIALISM, VOCABULARY

RESULT = generate(ROOT / "content")
SITE = RESULT.site


def listing(name: str) -> dict[str, set[str]]:
    """Group heading (lower case) -> the page paths listed under it."""
    text = RESULT.pages[f"browse/{name}.md"].text
    groups: dict[str, set[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = groups.setdefault(re.sub(r" \{ #[a-z-]+ \}$", "", line[3:]).lower(), set())
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


def wider(name: str) -> list[str]:
    """A condition and every broader term above it, read from the vocabulary file itself."""
    terms = {t.name: t for t in SITE.get(VOCABULARY, "conditions").data.terms}
    out = [name]
    while terms[out[-1]].broader:
        out.append(terms[out[-1]].broader)  # type: ignore[arg-type]
    return out


def test_by_condition() -> None:
    items = SITE.of(SPECIALISM) + SITE.of(CASE_STORY)
    assert listing("by-condition") == expected([(b, i) for i in items for c in i.data.conditions for b in wider(c)])


def test_each_specialism_is_listed_under_each_condition_it_names_and_the_wider_ones() -> None:
    groups = listing("by-condition")
    for spec in SITE.of(SPECIALISM):
        for condition in spec.data.conditions:
            for name in wider(condition):
                assert f"specialisms/{spec.id}.md" in groups[name.lower()], (spec.id, condition, name)
    # The two the issue named: brain injury and spinal cord injury list their rehabilitation specialisms.
    assert "specialisms/brain-injury-rehabilitation.md" in groups["brain injury"]
    assert "specialisms/spinal-cord-injury-rehabilitation.md" in groups["spinal cord injury"]


def _key(heading: str) -> str:
    """A heading with case, a bracketed part and everything but letters removed: 'Multiple injuries (polytrauma)'
    and 'multiple injuries' share a key."""
    return re.sub(r"[^a-z]", "", re.sub(r"\([^)]*\)", "", heading.lower()))


def test_no_two_condition_headings_are_near_duplicates() -> None:
    headings = sorted(listing("by-condition"))
    keys = [_key(h) for h in headings]
    assert len(set(keys)) == len(keys), [h for h, k in zip(headings, keys, strict=True) if keys.count(k) > 1]
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            # Spelling variants: one or two letters apart ('fracture'/'fractures', 'tumor'/'tumour'), which a
            # negation ('non-traumatic'/'traumatic') is not.
            negation = "non" + a == b or "non" + b == a
            assert negation or _edits(a, b) > 2, (a, b)


def _edits(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def test_condition_page_has_working_a_to_z_links() -> None:
    text = RESULT.pages["browse/by-condition.md"].text
    jump = next(line for line in text.splitlines() if line.startswith("**Jump to:**"))
    anchors = re.findall(r"\]\(#(letter-[a-z])\)", jump)
    assert anchors and anchors == sorted(anchors)
    for anchor in anchors:
        heading = next(line for line in text.splitlines() if line.endswith(f"{{ #{anchor} }}"))
        assert heading[3].lower() == anchor[-1], heading  # the first heading under that letter


def test_condition_synonyms_reach_search_tags() -> None:
    tags = yaml.safe_load(RESULT.pages["specialisms/housing-adaptations.md"].text.split("---\n")[1])["tags"]
    assert "can't get upstairs" in tags and "stairlift" in tags


def test_by_age_group() -> None:
    assert listing("by-age-group") == expected([(g.value, s) for s in SITE.of(SPECIALISM) for g in s.data.age_groups])


def test_by_setting() -> None:
    pairs: list[tuple[str, object]] = [(g.value, s) for s in SITE.of(SPECIALISM) for g in s.data.settings]
    pairs += [(s.data.setting.value, s) for s in SITE.of(CASE_STORY)]
    assert listing("by-setting") == expected(pairs)


def test_by_audience() -> None:
    pairs: list[tuple[str, object]] = [(a.value + "s", c) for c in SITE.of(CHECKLIST) for a in c.data.audience]
    pairs += [(f.data.audience.value + "s", f) for f in SITE.of(FLOW)]
    assert listing("by-audience") == expected(pairs)

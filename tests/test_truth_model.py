"""The truthfulness rules of the content model, each on a small bad content folder, at file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, run_check
from test_check import edit, shown

from generator import generate
from generator.structure.content import CASE_STORY, QUALIFICATION, SOURCE

NATIONS = """# yaml-language-server: $schema=../../../../schemas/vocabulary.schema.json
title: Nation-specific
summary: Schemes that apply in only some nations.
terms:
  - name: Disabled Facilities Grant
    synonyms:
      - DFG
    applies_in: [England, Wales, Northern Ireland]
"""


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        pytest.param(
            "sources/guide.yml", "url: https://example.org/guide\n", "",
            "sources/guide.yml:2:1: missing 'url' (where to read it); if there is none, give 'url_unavailable' "
            "saying why", id="source-without-url",
        ),
        pytest.param(
            "sources/guide.yml", "url: https://example.org/guide\n",
            "url: https://example.org/guide\nurl_unavailable: Not online.\n",
            "sources/guide.yml:7:1: give 'url' or 'url_unavailable', not both", id="source-url-and-reason",
        ),
        pytest.param(
            "sources/guide.yml", "url: https://example.org/guide", "url: www.example.org/guide",
            "sources/guide.yml:6:6: field 'url': string should match pattern", id="source-url-not-https",
        ),
        pytest.param(
            "sources/guide.yml", 'date_published: "2025-03"\n', "",
            "sources/guide.yml:2:1: missing 'date_published' (when it was published); if there is none, give "
            "'date_unknown' saying why", id="source-without-date",
        ),
        pytest.param(
            "sources/guide.yml", "kind: guidance", "kind: blog article",
            "sources/guide.yml:4:7: field 'kind': input should be 'report', 'web page', 'blog post'",
            id="source-kind-not-in-enum",
        ),
        pytest.param(
            "sources/guide.yml", "kind: guidance\n", "kind: conference summary\nmachine_written: true\n",
            "sources/guide.yml:5:18: machine_written is true, so 'note' must say how", id="machine-written-no-note",
        ),
        pytest.param(
            "qualifications/hcpc.yml", "    url: https://www.hcpc-uk.org/check-the-register/\n",
            "    url_unavailable: Ask the therapist.\n",
            "qualifications/hcpc.yml:10:3: verify_at has no 'url': give at least one public register or page",
            id="qualification-without-verify-link",
        ),
        pytest.param(
            "qualifications/hcpc.yml",
            "verify_at:\n  - label: HCPC register\n    url: https://www.hcpc-uk.org/check-the-register/\n", "",
            "qualifications/hcpc.yml:2:1: missing field 'verify_at'", id="qualification-missing-verify-at",
        ),
        pytest.param(
            "case-studies/sam.md", "origin: {kind: own-client, written_consent_on_file: true,\n"
            "         anonymisation_reviewer: Clinical lead}",
            "origin: {kind: publication, source: guide, year: 2024,\n         changed: Nothing}",
            "case-studies/sam.md:20:9: missing field 'origin.section'", id="publication-without-section",
        ),
        pytest.param(
            "case-studies/sam.md", "origin: {kind: own-client, written_consent_on_file: true,\n"
            "         anonymisation_reviewer: Clinical lead}",
            "origin: {kind: publication, source: guide, section: One, year: 2024,\n         changed: Nothing, "
            "written_consent_on_file: true}",
            "case-studies/sam.md:21:28: unknown field 'origin.written_consent_on_file'",
            id="publication-claims-consent",
        ),
        pytest.param(
            "case-studies/sam.md", "origin: {kind: own-client, written_consent_on_file: true,\n"
            "         anonymisation_reviewer: Clinical lead}",
            "origin: {kind: composite, source: gide, section: One, year: 2024,\n         changed: Nothing}",
            "case-studies/sam.md:20:35: unknown source 'gide': no file sources/gide.yml; did you mean 'guide'?",
            id="composite-unknown-source",
        ),
        pytest.param(
            "case-studies/sam.md", "origin: {kind: own-client,", "origin: {kind: told by a friend,",
            "case-studies/sam.md:20:9: field 'origin': input tag 'told by a friend' found using 'kind' does not "
            "match any of the expected tags", id="origin-kind-unknown",
        ),
        pytest.param(
            "case-studies/sam.md", "  - spinal cord injury | pain\n", "  - Spinal Cord Injury\n",
            "case-studies/sam.md:9:5: 'Spinal Cord Injury' is not a term in vocabulary/conditions.yml; did you mean "
            "'spinal cord injury'?", id="condition-not-canonical",
        ),
    ],
)
def test_each_rule_is_reported_at_its_place(content: Path, file: str, old: str, new: str, expected: str) -> None:
    edit(content / file, old, new)
    found = shown(content)
    assert any(line.startswith(expected) for line in found), found


def test_a_nation_specific_term_needs_a_where_this_applies_note(content: Path) -> None:
    (content / "vocabulary" / "nation-specific.yml").write_text(NATIONS)
    edit(content / "specialisms/housing.yml", "summary: ", "summary: Helps with a DFG application. ")
    found = shown(content)
    assert found == ["specialisms/housing.yml:3:23: nations: 'DFG' applies only in England, Wales and Northern "
                     "Ireland; add a 'nations' note about 'Disabled Facilities Grant' saying where it applies and "
                     "what applies elsewhere"], found
    edit(content / "specialisms/housing.yml", "sources:", "nations:\n  - about: Disabled Facilities Grant\n"
         "    applies_in: [England]\n    elsewhere: Scotland has its own scheme.\nsources:")
    found = shown(content)
    assert len(found) == 1 and found[0].startswith(
        "specialisms/housing.yml:") and "'Disabled Facilities Grant' applies in England, Wales and Northern " \
        "Ireland (vocabulary/nation-specific.yml), not in England" in found[0], found
    edit(content / "specialisms/housing.yml", "[England]", "[England, Wales, Northern Ireland]")
    assert run_check(content).returncode == 0


@pytest.mark.parametrize(
    ("vocabulary", "text", "expected"),
    [
        ("settings", "  - name: home\n    synonyms: [house]\n",
         "vocabulary/settings.yml:5:3: no term for 'work': every one of the settings content may choose needs a term"),
        ("age-groups", "  - name: kids\n    synonyms: [child]\n",
         "vocabulary/age-groups.yml:5:11: 'kids' is not one of the age-groups content may choose"),
        ("glossary", "  - name: AMHP\n", "vocabulary/glossary.yml:5:5: term 'AMHP' has no 'definition'"),
        ("nation-specific", "  - name: NHS 111\n",
         "vocabulary/nation-specific.yml:5:5: term 'NHS 111' has no 'applies_in'"),
    ],
)
def test_vocabulary_rules(content: Path, vocabulary: str, text: str, expected: str) -> None:
    (content / "vocabulary" / f"{vocabulary}.yml").write_text(
        "# yaml-language-server: $schema=../../../../schemas/vocabulary.schema.json\ntitle: T\nsummary: S.\n"
        "terms:\n" + text)
    found = shown(content)
    assert any(line.startswith(expected) for line in found), found


def test_a_condition_term_without_synonyms_is_reported(content: Path) -> None:
    edit(content / "vocabulary/conditions.yml", "    synonyms:\n      - limb loss\n", "")
    assert shown(content) == ["vocabulary/conditions.yml:5:5: term 'amputation' has no 'synonyms': every term in "
                              "vocabulary/conditions.yml needs the everyday words people search with"]


# The shipped site.
RESULT = generate(ROOT / "content")


def test_every_source_links_out_or_says_why_not() -> None:
    page = RESULT.pages["sources/index.md"].text
    for source in RESULT.site.of(SOURCE):
        if source.data.url:
            assert f"]({source.data.url})" in page
        else:
            assert f"**No confirmed web address:** {source.data.url_unavailable}" in page
    assert "generated by AI" in page  # the conference summary says what it is


def test_every_qualification_page_links_to_where_to_verify_it() -> None:
    for qualification in RESULT.site.of(QUALIFICATION):
        page = RESULT.pages[f"qualifications/{qualification.id}.md"].text
        assert "## Where to verify it" in page
        assert any(f"]({place.url})" in page for place in qualification.data.verify_at if place.url)


def test_every_case_story_shows_its_origin_once_and_truthfully() -> None:
    for story in RESULT.site.of(CASE_STORY):
        page = RESULT.pages[f"case-studies/{story.id}.md"].text
        origin = story.data.origin
        # None of the shipped stories is the practice's own.
        assert origin.kind in ("publication", "composite", "service-example")
        heading = {"publication": "Where this story comes from", "composite": "A composite story",
                   "service-example": "A published service example"}[origin.kind]
        assert page.count(f'!!! note "{heading}"') == 1
        assert origin.changed in page and str(origin.year) in page
        assert "consent" not in story.body and "names and details" not in story.body.lower()
        assert "gave written consent" not in page


def test_own_client_story_note_claims_consent_only_when_on_file(content: Path) -> None:
    page = generate(content).pages["case-studies/sam.md"].text
    assert "Sam is one of the practice's own clients, who gave written consent to publish this story." in page
    assert "checked by the practice's clinical lead" in page


def test_fees_page_links_the_cost_guide_only_when_set() -> None:
    from generator import Options
    assert "cost guide" not in RESULT.pages["guides/fees-and-funding.md"].text
    page = generate(ROOT / "content", Options(cost_guide_url="https://example.org/costs")).pages[
        "guides/fees-and-funding.md"].text
    assert "[cost guide](https://example.org/costs)" in page


def test_glossary_terms_get_a_tooltip_where_they_appear() -> None:
    page = RESULT.pages["specialisms/spinal-cord-injury-rehabilitation.md"].text
    assert "\n*[tenodesis grip]: A way of gripping" in page
    assert "*[AMHP]" not in page  # only the terms the page uses
    assert "- **tenodesis grip**: " in RESULT.pages["glossary/index.md"].text

"""The shipped knowledge base: counts, sources and review dates, and links in both directions on the built site."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

from generator.load.site import load_site
from generator.structure.content import CASE_STORY, CHECKLIST, FLOW, QUALIFICATION, REVIEWED, SPECIALISM

SITE, PROBLEMS = load_site(ROOT / "content")


def test_shipped_content_is_clean() -> None:
    assert [str(p) for p in PROBLEMS.errors] == []


def test_counts() -> None:
    assert len(SITE.of(SPECIALISM)) >= 12
    assert len(SITE.of(QUALIFICATION)) >= 8
    assert len(SITE.of(CHECKLIST)) >= 6
    assert len(SITE.of(CASE_STORY)) >= 8
    assert len(SITE.of(FLOW)) == 3


def test_every_item_has_sources_and_no_clinician_has_signed_any() -> None:
    for ctype in REVIEWED:
        for item in SITE.of(ctype):
            assert item.data.sources, item.path
            assert item.data.review is None, item.path  # only a clinician signs; none has yet


def links_of(html: str) -> set[str]:
    return set(re.findall(r'href="([^"#]+)"', html))


def resolve(page: Path, href: str, site: Path) -> str:
    target = (page.parent / href).resolve()
    return target.relative_to(site.resolve()).as_posix().rstrip("/")


def test_specialisms_link_to_their_qualifications_and_case_stories_and_back(built_site: Path) -> None:
    for spec in SITE.of(SPECIALISM):
        page = built_site / "specialisms" / spec.id / "index.html"
        targets = {resolve(page, h, built_site) for h in links_of(page.read_text())}
        for qid in spec.data.qualifications:
            assert f"qualifications/{qid}" in targets, (spec.id, qid)
        for story in SITE.of(CASE_STORY):
            if spec.id in story.data.specialisms:
                assert f"case-studies/{story.id}" in targets, (spec.id, story.id)
    for story in SITE.of(CASE_STORY):
        page = built_site / "case-studies" / story.id / "index.html"
        targets = {resolve(page, h, built_site) for h in links_of(page.read_text())}
        for sid in story.data.specialisms:
            assert f"specialisms/{sid}" in targets, (story.id, sid)


def test_case_story_pages_say_where_the_story_comes_from(built_site: Path) -> None:
    headings = {"publication": "Where this story comes from", "composite": "A composite story",
                "service-example": "A published service example", "own-client": "About this story"}
    for story in SITE.of(CASE_STORY):
        html = (built_site / "case-studies" / story.id / "index.html").read_text()
        assert headings[story.data.origin.kind] in html, story.id
        assert "names and identifying details are changed" not in html or story.data.origin.kind == "own-client"


def test_glossary_terms_are_abbreviations_in_the_built_site(built_site: Path) -> None:
    html = (built_site / "specialisms" / "spinal-cord-injury-rehabilitation" / "index.html").read_text()
    assert '<abbr title="A way of gripping used by some people with tetraplegia' in html
    assert (built_site / "glossary" / "index.html").is_file()
    assert (built_site / "guides" / "fees-and-funding" / "index.html").is_file()


def test_no_wording_copied_from_the_source_documents() -> None:
    """Runs only where the source documents are: OT_OVERLAP_TOOL names the tool that compares content/ and docs/
    with them (.ci/run sets it when they are there). Tests read nothing outside the repository otherwise."""
    import os
    import subprocess
    import sys

    import pytest

    tool = os.environ.get("OT_OVERLAP_TOOL", "")
    if not tool:
        pytest.skip("copied-wording check not run: OT_OVERLAP_TOOL is unset, as it is wherever the source documents "
                    "this content was written from are absent")
    if not Path(tool).is_file():
        pytest.fail(f"OT_OVERLAP_TOOL names {tool}, which is not a file")
    proc = subprocess.run([sys.executable, tool, "content", "docs"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout

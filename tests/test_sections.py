"""Long listings are split under headings so that no search section outgrows what search engines accept."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from conftest import ROOT

from generator import generate
from generator.render.sections import SECTION_BUDGET, sections

sys.path.insert(0, str(ROOT / "benchmarks"))
import common  # noqa: E402
import synth  # noqa: E402

# Zensical refuses a search section (the text between two headings) over 32 KB.
SEARCH_SECTION_LIMIT = 32 * 1024


def test_a_listing_that_fits_is_one_section_without_a_heading() -> None:
    entries = ["Alpha", "Beta", "Gamma"]
    assert [(s.name, s.entries) for s in sections(entries, str, len)] == [(None, entries)]


def test_a_long_listing_runs_by_letter_and_splits_a_long_letter_into_parts() -> None:
    entries = ["Apple", "Avocado", "Banana", "Cherry"] + [f"Sloe {i}" for i in range(5)] + ["7 up"]
    result = sections(entries, str, lambda e: 10, budget=30)
    assert [s.name for s in result] == ["A–B", "C", "S, part 1", "S, part 2", "#"]
    assert [e for s in result for e in s.entries] == ["Apple", "Avocado", "Banana", "Cherry",
                                                      *(f"Sloe {i}" for i in range(5)), "7 up"]
    assert all(sum(10 for _ in s.entries) <= 30 for s in result)


def largest_section(markdown: str) -> int:
    """Bytes of the longest run of text between two headings, with link addresses left out as search does."""
    body = markdown.split("\n---\n", 1)[1]
    return max(len(re.sub(r"\]\([^)]*\)", "]", part).encode()) for part in re.split(r"(?m)^#{1,6} ", body))


def test_no_section_of_any_page_outgrows_search_at_2000_items(tmp_path: Path) -> None:
    content = tmp_path / "content"
    synth.synthesise(content, 2000, common.DEFAULT_PATHS)
    result = generate(content)
    assert not result.problems.errors
    sizes = {path: largest_section(page.text) for path, page in result.pages.items() if path.endswith(".md")}
    worst = max(sizes, key=sizes.__getitem__)
    assert sizes[worst] < SEARCH_SECTION_LIMIT, f"{worst}: a section of {sizes[worst]} bytes"
    assert SECTION_BUDGET < SEARCH_SECTION_LIMIT
    # The listings did need splitting at this size, so the check above is a real one.
    assert "\n## " in result.pages["case-studies/index.md"].text

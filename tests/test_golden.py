"""Golden tests: the fixture content renders to the committed Markdown under tests/golden/.

After an intended change to templates or rendering, regenerate with `make golden` and review the diff.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from conftest import GOOD

from generator import generate

GOLDEN = Path(__file__).resolve().parent / "golden"


def test_fixture_renders_to_the_committed_markdown() -> None:
    result = generate(GOOD)
    assert not result.problems.errors, [str(p) for p in result.problems.errors]
    rendered = {path: page.text for path, page in result.pages.items()}
    if os.environ.get("REGENERATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, text in rendered.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    committed = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
                 for p in sorted(GOLDEN.rglob("*")) if p.is_file()}
    assert sorted(rendered) == sorted(committed), "pages added or removed: run `make golden` and review"
    for path, text in rendered.items():
        assert text == committed[path], f"{path} differs from tests/golden/{path}: run `make golden` and review"


def test_edit_sources_point_at_content_files() -> None:
    pages = generate(GOOD).pages
    assert pages["specialisms/seating.md"].source == GOOD / "specialisms" / "seating.yml"
    assert pages["case-studies/sam.md"].source == GOOD / "case-studies" / "sam.md"
    assert pages["specialisms/index.md"].source is None


def _html(page: str) -> str:
    import markdown

    text = generate(GOOD).pages[page].text
    body = text.split("---\n", 2)[2]
    return str(markdown.markdown(body, extensions=["attr_list", "tables", "toc", "md_in_html"]))


def test_awkward_characters_in_content_reach_the_page_as_written() -> None:
    """The fixture holds | [ ] * _ < # and backticks in titles, answers and table cells: each is shown as written,
    a '|' does not split a table row, and every link keeps its text and target."""
    how = _html("referral/test-flow/how-it-decides.md")
    rows = re.findall(r"<tr>(.*?)</tr>", how, re.DOTALL)[1:]
    assert [len(re.findall(r"<td>", row)) for row in rows] == [4, 4, 4]
    assert ("<td>The home → no | not #1 `safely` &lt;5 _steps_</td>" in how)
    assert '<a href="step/the-home/yes/index.md">Instruct a housing OT | [*adaptations*]</a>' in how
    housing = _html("specialisms/housing.md")
    assert '<h1 id="housing-adaptations-stairs-lifts-1-5-_steps_">Housing | adaptations [*stairs*, `lifts`] #1 &lt;5 ' \
           "_steps_</h1>" in housing
    assert ("<td>One-off or ongoing, depending on the client. From one visit | to the whole of a <em>building</em> "
            "project.</td>") in housing
    story = _html("case-studies/sam.md")
    assert "<td>Spinal cord injury | pain</td>" in story

"""Golden tests: the fixture content renders to the committed Markdown under tests/golden/.

After an intended change to templates or rendering, regenerate with `make golden` and review the diff.
"""

from __future__ import annotations

import os
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

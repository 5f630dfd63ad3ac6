"""`python -m generator check` on small bad content folders: each problem at its file, line and column."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import run_check

# Editing a signed fixture lapses its clinical review, which test_review.py asserts; the other tests look only at
# the problem their edit made.
LAPSED = re.compile(r"^\S+:\d+:\d+: warning: changed since review: ")


def problems_of(content: Path) -> list[str]:
    proc = run_check(content)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    return [line for line in proc.stderr.splitlines() if re.match(r"^\S+:\d+:\d+: ", line) and not LAPSED.match(line)]


def shown(content: Path) -> list[str]:
    """The check's problem lines, with paths relative to the content folder."""
    return [line.replace(str(content) + "/", "") for line in problems_of(content)]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_the_good_fixture_is_clean(content: Path) -> None:
    proc = run_check(content)
    assert proc.returncode == 0, proc.stderr
    assert "content OK" in proc.stdout


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        pytest.param(
            "specialisms/seating.yml", "summary: Assessment for", "summary: Assessment: for",
            "specialisms/seating.yml:3:20: a ': ' inside a value reads as a new field: put the whole value in quotes, "
            "or use a dash instead of the colon",
            id="yaml-syntax",
        ),
        pytest.param(
            "specialisms/seating.yml", "involvement: one-off\n", "involvement: one-off\ntitle: Again\n",
            "specialisms/seating.yml:14:1: duplicate key 'title' (first defined on line 2)", id="duplicate-key",
        ),
        pytest.param(
            "specialisms/seating.yml", "keywords:", "keywrds:",
            "specialisms/seating.yml:26:1: unknown field 'keywrds'; did you mean 'keywords'?",
            id="unknown-field",
        ),
        pytest.param(
            "qualifications/hcpc.yml", "issued_by: Health and Care Professions Council\n", "",
            "qualifications/hcpc.yml:2:1: missing field 'issued_by'", id="missing-field",
        ),
        pytest.param(
            "checklists/before.yml", "  - text: Check the therapist's registration",
            "  - text: [not, a, sentence]",
            "checklists/before.yml:9:11: field 'items[1].text': input should be a valid string; found list",
            id="wrong-type",
        ),
        pytest.param(
            "specialisms/housing.yml", "age_groups:\n  - adults", "age_groups:\n  - grown-ups",
            "specialisms/housing.yml:17:5: field 'age_groups[0]': input should be 'children', 'young people', "
            "'adults' or 'older adults'; found 'grown-ups'",
            id="wrong-enum-value",
        ),
        pytest.param(
            "case-studies/sam.md", "  - housing\n", "  - housng\n",
            "case-studies/sam.md:12:5: unknown specialism 'housng': no file specialisms/housng.yml; "
            "did you mean 'housing'?",
            id="unknown-cross-reference",
        ),
    ],
)
def test_each_problem_is_reported_at_its_place(
    content: Path, file: str, old: str, new: str, expected: str
) -> None:
    edit(content / file, old, new)
    found = shown(content)
    assert any(line.startswith(expected) for line in found), found
    # The problem is reported in the broken file only: nothing cascades into the files that refer to it.
    assert all(line.startswith(file + ":") for line in found), found


@pytest.mark.parametrize(("original", "added"), [("seating.yml", "seating.yaml"), ("seating.yaml", "seating.yml")])
def test_duplicate_id_is_reported_at_the_file_added_later(content: Path, original: str, added: str) -> None:
    folder = content / "specialisms"
    text = (folder / "seating.yml").read_text()
    (folder / "seating.yml").unlink()
    (folder / original).write_text(text)
    (folder / added).write_text(text)
    os.utime(folder / original, ns=(1_700_000_000_000_000_000,) * 2)  # the original is older, whatever its name
    found = shown(content)
    assert found == [f"specialisms/{added}:1:1: duplicate id 'seating': specialisms/{original} already has this id "
                     "(an item's id is its file name without the extension); rename one of the two files"]


def test_two_items_producing_the_same_page_path(content: Path) -> None:
    (content / "specialisms" / "index.yml").write_text((content / "specialisms" / "seating.yml").read_text())
    found = shown(content)
    assert len(found) == 1
    assert found[0].startswith("specialisms/index.yml:1:1: page path 'specialisms/index.md' is produced twice")


def test_every_problem_in_every_file_is_reported_in_one_run(content: Path) -> None:
    edit(content / "specialisms/seating.yml", "keywords:", "keywrds:")
    edit(content / "qualifications/hcpc.yml", "title: HCPC registration\n", "")
    edit(content / "case-studies/sam.md", "  - housing\n", "  - housng\n")
    (content / "checklists" / "broken.yml").write_text("# yaml-language-server: $schema=x/checklist.schema.json\n"
                                                       "title: [unclosed\n")
    found = shown(content)
    files = {line.split(":")[0] for line in found}
    assert files == {"specialisms/seating.yml", "qualifications/hcpc.yml", "case-studies/sam.md",
                     "checklists/broken.yml"}, found


def test_missing_schema_line_is_reported(content: Path) -> None:
    path = content / "qualifications/hcpc.yml"
    path.write_text("\n".join(path.read_text().splitlines()[1:]) + "\n")
    found = shown(content)
    assert found == ["qualifications/hcpc.yml:1:1: line 1 must be '# yaml-language-server: "
                     "$schema=../../schemas/qualification.schema.json' so editors can check this file"]


def test_file_outside_a_content_folder_is_not_skipped(content: Path) -> None:
    (content / "notes.txt").write_text("hello")
    found = shown(content)
    assert len(found) == 1 and found[0].startswith("notes.txt:1:1: file is not in a content folder")


def test_yes_stays_a_string_through_validation(content: Path) -> None:
    from generator.load.site import load_site
    from generator.structure.content import SPECIALISM

    site, problems = load_site(content)
    assert not problems.errors
    assert site.get(SPECIALISM, "housing").data.keywords == ["stairs", "yes"]

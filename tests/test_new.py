"""`python -m generator new <type> <id>`: a skeleton for each content type that passes the check as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, Run, run_check, run_cli

from generator.load.strict_yaml import load_markdown, load_yaml
from generator.problems import Problems
from generator.structure.content import TYPES

TYPE_NAMES = [t.name for t in TYPES]


def consent(name: str) -> list[str]:
    """A case story passes the check only once the client's consent is on file; these tests say it is."""
    return ["--consent-recorded"] if name == "case-study" else []


def run_new(content: Path, *args: str, cwd: Path = ROOT) -> Run:
    return run_cli("new", *args, "--content", str(content), cwd=cwd)


def register(content: Path) -> None:
    """A new reviewer fails the check until their real HCPC number is in (test_contributing.py asserts that);
    these tests fill one in as the maintainer would."""
    for path in (content / "reviewers").glob("*.yml"):
        path.write_text(path.read_text().replace("registration: the number from the HCPC register",
                                                 "registration: OT54321"))


def counts(check_stdout: str) -> dict[str, int]:
    """'content OK: 1 source, 2 specialism; ...' -> {'source': 1, 'specialism': 2}"""
    return {name: int(n) for n, name in re.findall(r"(\d+) ([a-z-]+)[,;]", check_stdout)}


def test_every_skeleton_passes_the_check_together(content: Path) -> None:
    before = counts(run_check(content).stdout)
    for name in TYPE_NAMES:
        proc = run_new(content, name, f"new-{name}", *consent(name))
        assert proc.returncode == 0, proc.stderr
    register(content)
    proc = run_check(content)
    assert proc.returncode == 0, proc.stderr
    assert "error" not in proc.stderr and "warning" not in proc.stderr, proc.stderr
    assert counts(proc.stdout) == {name: before[name] + 1 for name in TYPE_NAMES}


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_skeleton_is_written_where_it_belongs_with_its_schema_line(content: Path, name: str) -> None:
    ctype = next(t for t in TYPES if t.name == name)
    proc = run_new(content, name, "brand-new", *consent(name))
    assert proc.returncode == 0, proc.stderr
    path = content / ctype.folder / f"brand-new{ctype.suffixes[0]}"
    assert proc.stdout.splitlines()[0] == f"wrote {path}"
    lines = path.read_text().splitlines()
    schema_line = lines[1] if ctype.markdown else lines[0]
    # Relative to the file, so the editor finds the schema: here, the repository's schemas/ folder.
    target = (path.parent / schema_line.split("$schema=", 1)[1]).resolve()
    assert target == ROOT / "schemas" / f"{name}.schema.json"
    register(content)
    assert run_check(content).returncode == 0


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_skeleton_shows_every_field_of_its_type(content: Path, name: str) -> None:
    """A contributor sees every field they may fill in, optional ones included."""
    ctype = next(t for t in TYPES if t.name == name)
    assert run_new(content, name, "brand-new").returncode == 0
    path = content / ctype.folder / f"brand-new{ctype.suffixes[0]}"
    problems = Problems()
    text = path.read_text()
    if ctype.markdown:
        doc = load_markdown(text, str(path), problems).front_matter
    else:
        doc = load_yaml(text, str(path), problems)
    assert doc is not None and not problems.items
    # All but the clinical review, which only `review sign` writes.
    assert set(doc.data) == set(ctype.model.model_fields) - {"review"}


def test_yaml_skeletons_pass_yamllint(content: Path) -> None:
    written = []
    for ctype in TYPES:
        assert run_new(content, ctype.name, "brand-new").returncode == 0
        if not ctype.markdown:
            written.append(str(content / ctype.folder / "brand-new.yml"))
    proc = subprocess.run([str(Path(sys.executable).parent / "yamllint"), "--strict", "-c", str(ROOT / ".yamllint.yml"),
                           *written], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_references_name_existing_items(content: Path) -> None:
    assert run_new(content, "case-study", "story").returncode == 0
    front = (content / "case-studies" / "story.md").read_text().split("---\n")[1]
    data = yaml.safe_load(front)
    # The first source and specialism in the folder, by id.
    assert data["sources"] == ["guide"]
    assert data["specialisms"] == ["housing"]
    assert data["origin"] == {"kind": "own-client", "written_consent_on_file": False,  # consent is never assumed
                              "anonymisation_reviewer": "Clinical lead"}


def test_consent_is_never_assumed(content: Path) -> None:
    proc = run_new(content, "case-study", "story")
    assert proc.returncode == 0, proc.stderr
    assert "written_consent_on_file is false, so the check fails on it until the client's written consent to " \
           "publish is on file; then set it to true" in proc.stdout
    path = content / "case-studies" / "story.md"
    lines = path.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.strip().startswith("written_consent_on_file:"))
    assert path.read_text().splitlines()[line - 1] == "  written_consent_on_file: false"
    check = run_check(content)
    assert check.returncode == 1
    problems = [text for text in check.stderr.splitlines() if text.startswith(str(content))]
    # The one thing wrong with the new story is the consent it does not yet have.
    assert len(problems) == 1 and problems[0].startswith(f"{path}:{line}:"), check.stderr


def test_consent_applies_to_case_stories_only(content: Path) -> None:
    proc = run_new(content, "specialism", "x", "--consent-recorded")
    assert proc.returncode == 1
    assert proc.stderr.strip() == "--consent-recorded applies to case-study only"


def test_chosen_source_and_specialism(content: Path) -> None:
    proc = run_new(content, "flow", "seating-tool", "--source", "guide", "--specialism", "seating")
    assert proc.returncode == 0, proc.stderr
    data = yaml.safe_load((content / "referral" / "seating-tool.yml").read_text())
    assert data["outcomes"][0]["recommend"] == ["seating"]
    assert run_check(content).returncode == 0


def test_unknown_chosen_reference_is_refused(content: Path) -> None:
    proc = run_new(content, "case-study", "story", "--specialism", "seatng")
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"--specialism 'seatng': no file {content}/specialisms/seatng.yml"
    assert not (content / "case-studies" / "story.md").exists()


def test_refuses_to_overwrite(content: Path) -> None:
    path = content / "specialisms" / "seating.yml"
    before = path.read_text()
    proc = run_new(content, "specialism", "seating")
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"{path}:1:1: already exists; edit that file, or choose another id"
    assert path.read_text() == before


def test_refuses_an_id_another_spelling_of_the_file_already_has(content: Path) -> None:
    (content / "specialisms" / "seating.yml").rename(content / "specialisms" / "seating.yaml")
    proc = run_new(content, "specialism", "seating")
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"{content}/specialisms/seating.yaml:1:1: already exists")
    assert not (content / "specialisms" / "seating.yml").exists()


@pytest.mark.parametrize(
    ("bad_id", "message"),
    [
        ("Hand Therapy", "'Hand Therapy' is not a valid id: use lower-case letters, digits and single hyphens, "
                         "such as 'hand-therapy'"),
        ("hand--therapy", "'hand--therapy' is not a valid id: use lower-case letters, digits and single hyphens, "
                          "such as 'hand-therapy'"),
        ("../escape", "'../escape' is not a valid id: use lower-case letters, digits and single hyphens, "
                      "such as 'escape'"),
        ("index", "'index' is not a valid id: it is the name of each folder's index page"),
    ],
)
def test_refuses_an_invalid_id(content: Path, bad_id: str, message: str) -> None:
    before = sorted(content.rglob("*"))
    proc = run_new(content, "specialism", bad_id)
    assert proc.returncode == 1
    assert proc.stderr.strip() == message
    assert "Traceback" not in proc.stderr
    assert sorted(content.rglob("*")) == before


def test_unknown_type_is_refused_by_name(content: Path) -> None:
    proc = run_new(content, "case-story", "x")
    assert proc.returncode == 2
    assert "invalid choice: 'case-story' (choose from 'source', 'specialism', 'qualification', 'checklist', " \
           "'case-study', 'flow', 'vocabulary', 'guide', 'reviewer')" in proc.stderr


def test_needs_a_source_to_cite(tmp_path: Path) -> None:
    proc = run_new(tmp_path, "checklist", "before-you-start")
    assert proc.returncode == 1
    assert proc.stderr.strip() == (f"{tmp_path}/sources: there is no source yet, and this file must name one; "
                                   "add one first with: python -m generator new source <id>")


def test_a_site_can_be_started_from_nothing(tmp_path: Path) -> None:
    """A source and the conditions vocabulary first, then everything else: the skeletons alone make a valid site."""
    for name, item_id in [("source", "first-source"), ("vocabulary", "conditions"), *(
            (n, f"first-{n}") for n in ["specialism", "qualification", "checklist", "case-study", "flow"])]:
        proc = run_new(tmp_path, name, item_id, *consent(name))
        assert proc.returncode == 0, proc.stderr
    proc = run_check(tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_missing_content_folder(tmp_path: Path) -> None:
    proc = run_new(tmp_path / "nowhere", "source", "x")
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"{tmp_path}/nowhere: content folder not found"


def test_a_title_that_yaml_would_misread_is_quoted(content: Path) -> None:
    for item_id in ("true", "2024", "null"):
        assert run_new(content, "source", item_id).returncode == 0
    assert "title: \"True\"\n" in (content / "sources" / "true.yml").read_text()
    assert "title: \"2024\"\n" in (content / "sources" / "2024.yml").read_text()
    assert run_check(content).returncode == 0

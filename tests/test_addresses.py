"""Stable public addresses: a step's address comes from stored slugs, so rewording never moves it, and a published
address that no step has now fails the check until a `moved` entry sends it on to a page that exists."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from conftest import GOOD, ROOT, run_check, run_cli
from test_check import edit, shown

from generator import Options, generate
from generator.structure.addresses import RECORD_FOLDER, read_record
from generator.structure.content import FLOW
from generator.tools.format import format_data

FLOW_FILE = "referral/test-flow.yml"
RECORD = f"{RECORD_FOLDER}/test-flow.txt"


def recorded(content: Path) -> Path:
    """The test flow's addresses recorded as published, as `addresses --write` does before a release."""
    run = run_cli("addresses", "--write", "--content", str(content))
    assert run.returncode == 0, run.stderr
    assert "recorded 5 new address(es)" in run.stdout
    return content / RECORD


def test_rewording_every_answer_leaves_every_address_unchanged(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    before = set(generate(content).pages)
    flow = content / "referral" / "case-manager-referral.yml"
    data = yaml.safe_load(flow.read_text())
    for question in [data["screen"], *data["questions"]]:
        for option in question["options"]:
            option["label"] = "Reworded: " + option["label"]
    flow.write_text(format_data(FLOW, data))
    result = generate(content)
    assert not result.problems.errors, result.problems.errors[:3]
    assert result.pages["referral/case-manager-referral/screen/index.md"].text.count("Reworded: ") >= 5
    assert set(result.pages) == before


def test_an_answer_without_a_slug_fails_at_its_answer(content: Path) -> None:
    edit(content / FLOW_FILE, "        slug: the-home\n", "")
    assert shown(content) == ["referral/test-flow.yml:19:9: missing field 'questions[0].options[1].slug'"]


def test_the_record_lists_every_address_and_never_loses_one(content: Path) -> None:
    record = recorded(content)
    assert read_record(record) == ["step", "step/sitting", "step/the-home", "step/the-home/no", "step/the-home/yes"]
    record.write_text(record.read_text() + "step/an-old-answer\n")
    edit(content / FLOW_FILE, "        slug: the-home\n", "        slug: home\n")
    assert run_cli("addresses", "--write", "--content", str(content)).returncode == 0
    kept = read_record(record)
    assert "step/an-old-answer" in kept and "step/the-home" in kept and "step/home/yes" in kept


def test_a_changed_slug_fails_naming_the_published_address(content: Path) -> None:
    recorded(content)
    edit(content / FLOW_FILE, "        slug: the-home\n", "        slug: home\n")
    assert shown(content) == [
        "referral/test-flow.yml:10:5: the published address 'step/the-home' and 2 more under it would stop "
        "working: no answer here has the slug 'the-home' now, and links saved in case files would break. Give the "
        "answer its old slug back, or add under `moved`: old: step/the-home and new: the address it has now"]


def test_a_moved_entry_keeps_the_old_address_working(content: Path) -> None:
    recorded(content)
    edit(content / FLOW_FILE, "        slug: the-home\n", "        slug: home\n")
    edit(content / FLOW_FILE, "sources:\n", "moved:\n  - old: step/the-home\n    new: step/home\nsources:\n")
    assert run_check(content).returncode == 0
    pages = generate(content).pages
    base = "referral/test-flow/step/"
    for old, new in (("the-home", "home"), ("the-home/yes", "home/yes"), ("the-home/no", "home/no")):
        assert base + new + "/index.md" in pages
        moved = pages[base + old + "/index.md"].text
        assert "redirect: ../" in moved and "robots: noindex" in moved
        depth = old.count("/") + 1
        assert f"[go to the step at its new address]({'../' * depth}{new}/index.md)" in moved


def test_a_moved_entry_must_lead_to_a_step_and_come_from_a_gone_one(content: Path) -> None:
    recorded(content)
    edit(content / FLOW_FILE, "        slug: the-home\n", "        slug: home\n")
    edit(content / FLOW_FILE, "sources:\n", "moved:\n  - old: step/the-home\n    new: step/house\n"
                                            "  - old: step/sitting\n    new: step/home\nsources:\n")
    found = shown(content)
    assert "referral/test-flow.yml:55:10: the published address 'step/the-home' is sent to 'step/house', which is " \
           "not the address of a step now; give `new` the address the step has now" in found
    assert "referral/test-flow.yml:56:10: 'step/sitting' is the address of a step now; `moved` is only for an " \
           "address no step has: remove this entry" in found


def test_a_release_refuses_addresses_not_yet_recorded(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(GOOD, content)
    refused = [str(p) for p in generate(content, Options(release=True)).problems.errors if "recorded" in str(p)]
    assert refused == [f"{content}/referral/test-flow.yml:2:8: 5 web address(es) of this tool are not yet recorded "
                       "as published (e.g. 'step'): a release records them first, so they keep working; run python "
                       "-m generator addresses --write and commit .published/test-flow.txt under the content folder"]
    recorded(content)
    assert not [p for p in generate(content, Options(release=True)).problems.errors if "recorded" in str(p)]


def test_every_shipped_address_is_recorded() -> None:
    run = run_cli("addresses", "--content", str(ROOT / "content"))
    assert run.returncode == 0
    lines = run.stdout.splitlines()
    assert len(lines) == 3 and all(line.endswith("all recorded") for line in lines), lines

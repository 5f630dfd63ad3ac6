"""`python -m generator diff`: the pull-request job summary, from two small page folders."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import GOOD, Run, run_cli

from generator.tools.prdiff import FOLD_AFTER, compare, summary


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def page(title: str, body: str = "Text.") -> str:
    return f"---\ntitle: {title}\n---\n\n# {title}\n\n{body}\n"


@pytest.fixture
def builds(tmp_path: Path) -> tuple[Path, Path]:
    base = write(tmp_path / "base", {
        "specialisms/index.md": page("Specialisms"),
        "specialisms/seating.md": page("Seating"),
        "specialisms/old.md": page("An old page"),
        "referral/tool/index.md": page("Tool"),
        "referral/tool/step/a/index.md": page("Question A"),
        "referral/tool/how-it-decides.svg": "<svg/>",
    })
    head = write(tmp_path / "head", {
        "specialisms/index.md": page("Specialisms"),
        "specialisms/seating.md": page("Seating", "Changed text."),
        "specialisms/hand-therapy.md": page("Hand *therapy* <b>"),
        "referral/tool/index.md": page("Tool"),
        "referral/tool/step/a/index.md": page("Question A", "Changed."),
        "referral/tool/step/b/index.md": page("Question B"),
        "referral/tool/step/b/c/index.md": page("Outcome C"),
        "referral/tool/how-it-decides.svg": "<svg>changed</svg>",
    })
    return base, head


def test_compare(builds: tuple[Path, Path]) -> None:
    result = compare(*builds)
    assert result.added == ["referral/tool/step/b/c/index.md", "referral/tool/step/b/index.md",
                            "specialisms/hand-therapy.md"]
    assert result.removed == ["specialisms/old.md"]
    assert result.changed == ["referral/tool/how-it-decides.svg", "referral/tool/step/a/index.md",
                              "specialisms/seating.md"]


def test_summary_lists_pages_with_their_titles(builds: tuple[Path, Path]) -> None:
    assert summary(*builds) == "\n".join([
        "## What this pull request changes on the site",
        "",
        "Compared with the base branch: 3 added, 1 removed, 3 changed.",
        "",
        "### Added (3)",
        "",
        "- `specialisms/hand-therapy.md`: Hand \\*therapy\\* \\<b\\>",
        "- `referral/tool/step/...`: 2 step pages",
        "",
        "### Removed (1)",
        "",
        "- `specialisms/old.md`: An old page",
        "",
        "### Changed (3)",
        "",
        "- `referral/tool/how-it-decides.svg`",
        "- `specialisms/seating.md`: Seating",
        "- `referral/tool/step/...`: 1 step page",
        "",
    ])


def test_routing_snapshot_diff(builds: tuple[Path, Path], tmp_path: Path) -> None:
    old = write(tmp_path / "old-snapshots", {
        "tool.txt": "A -> outcome-a\nB > C -> outcome-c\n",
        "unchanged.txt": "yes -> done\n",
        "gone.txt": "x -> y\n",
    })
    new = write(tmp_path / "new-snapshots", {
        "tool.txt": "A -> outcome-a\nB > C -> outcome-d\n",
        "unchanged.txt": "yes -> done\n",
        "fresh.txt": "p -> q\n",
    })
    text = summary(*builds, old, new)
    routing = text.split("### Referral routing\n\n", 1)[1]
    assert routing == "\n".join([
        "Each line is one path through a referral tool: the answers given, then `->` the outcome. Lines starting "
        "`-` are the paths before this change, `+` after it.", "",
        "#### `fresh`", "", "```diff", "--- base/fresh.txt", "+++ head/fresh.txt", "@@ -0,0 +1 @@", "+p -> q",
        "```", "",
        "#### `gone`", "", "```diff", "--- base/gone.txt", "+++ head/gone.txt", "@@ -1 +0,0 @@", "-x -> y",
        "```", "",
        "#### `tool`", "", "```diff", "--- base/tool.txt", "+++ head/tool.txt", "@@ -1,2 +1,2 @@",
        " A -> outcome-a", "-B > C -> outcome-c", "+B > C -> outcome-d", "```", "",
    ])


def test_no_routing_change(builds: tuple[Path, Path], tmp_path: Path) -> None:
    same = write(tmp_path / "snapshots", {"tool.txt": "A -> b\n"})
    text = summary(*builds, same, same)
    assert text.endswith("### Referral routing\n\nNo routing snapshot (`tests/snapshots/`) changes.\n")
    # A base branch from before snapshots existed: every snapshot is new.
    assert "+A -> b" in summary(*builds, tmp_path / "missing", same)


def test_no_change(tmp_path: Path) -> None:
    one = write(tmp_path / "one", {"a.md": page("A")})
    two = write(tmp_path / "two", {"a.md": page("A")})
    assert summary(one, two).splitlines() == [
        "## What this pull request changes on the site", "", "No pages are added, removed or changed.",
    ]


def test_long_lists_are_folded(tmp_path: Path) -> None:
    base = write(tmp_path / "base", {})
    head = write(tmp_path / "head", {f"checklists/c{i:02}.md": page(f"C{i}") for i in range(FOLD_AFTER + 1)})
    text = summary(base, head)
    assert f"<details>\n<summary>{FOLD_AFTER + 1} entries</summary>\n\n- `checklists/c00.md`: C0\n" in text
    assert text.count("- `checklists/") == FOLD_AFTER + 1


def test_a_fence_longer_than_any_backticks_in_the_diff(builds: tuple[Path, Path], tmp_path: Path) -> None:
    old = write(tmp_path / "old", {"tool.txt": "a\n"})
    new = write(tmp_path / "new", {"tool.txt": "a ```` b\n"})
    assert "`````diff\n" in summary(*builds, old, new)


def diff_cli(*args: str) -> Run:
    return run_cli("diff", *args)


def test_the_command_compares_two_real_builds(tmp_path: Path) -> None:
    """What the workflow does: build base and head with `build --out`, then `diff`."""
    head_content = tmp_path / "content"
    subprocess.run(["cp", "-r", str(GOOD), str(head_content)], check=True)
    seating = head_content / "specialisms" / "seating.yml"
    seating.write_text(seating.read_text().replace("The client slides down", "The client slumps", 1))
    (head_content / "checklists" / "before.yml").unlink()
    for name, content in (("base", GOOD), ("head", head_content)):
        proc = run_cli("build", "--content", str(content), "--out", str(tmp_path / name))
        assert proc.returncode == 0, proc.stderr
    proc = diff_cli("--base", str(tmp_path / "base"), "--head", str(tmp_path / "head"))
    assert proc.returncode == 0, proc.stderr
    assert "- `checklists/before.md`: Before you instruct" in proc.stdout.split("### Removed")[1]
    changed = proc.stdout.split("### Changed")[1]
    assert "- `specialisms/seating.md`: Seating and postural management" in changed
    assert "- `checklists/index.md`: Checklists" in changed
    assert "### Added" not in proc.stdout
    # The seating page was signed by a clinician; this change lapses its review, and only its review.
    rereview = proc.stdout.split("### Needs clinical re-review (1)")[1].split("###")[0]
    assert f"- `{head_content}/specialisms/seating.yml`: Seating and postural management" in rereview
    assert "python -m generator review sign PATH --by REVIEWER-ID" in rereview


def test_a_change_that_lapses_no_review_lists_none(builds: tuple[Path, Path]) -> None:
    assert "Needs clinical re-review" not in summary(*builds)


def test_the_command_refuses_a_missing_folder(tmp_path: Path) -> None:
    proc = diff_cli("--base", str(tmp_path / "nope"), "--head", str(tmp_path))
    assert proc.returncode == 1
    assert proc.stderr.strip() == (f"{tmp_path}/nope: folder not found; expected pages written by "
                                   "'python -m generator build --out'")

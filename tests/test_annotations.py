"""With GITHUB_ACTIONS=true the check also prints each problem as a workflow command, shown on the changed line."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import GOOD, Run, run_cli

from generator.problems import Problem


def check_in(workdir: Path, env: dict[str, str]) -> Run:
    """Run the check from `workdir`, as the workflow runs it from the repository root."""
    return run_cli("check", "--content", "content", cwd=workdir, env=env)


def bad_repository(tmp_path: Path) -> Path:
    shutil.copytree(GOOD, tmp_path / "content")
    seating = tmp_path / "content" / "specialisms" / "seating.yml"
    seating.write_text(seating.read_text().replace("keywords:", "keywrds:", 1))
    hcpc = tmp_path / "content" / "qualifications" / "hcpc.yml"
    hcpc.write_text(hcpc.read_text().replace("issued_by: Health and Care Professions Council\n", "", 1))
    return tmp_path


def test_annotations_in_github_actions(tmp_path: Path) -> None:
    proc = check_in(bad_repository(tmp_path), {"GITHUB_ACTIONS": "true"})
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "::error file=content/qualifications/hcpc.yml,line=2,col=1::missing field 'issued_by'",
        "::error file=content/specialisms/seating.yml,line=2,col=1::missing field 'keywords'",
        "::error file=content/specialisms/seating.yml,line=26,col=1::unknown field 'keywrds'; "
        "did you mean 'keywords'?",
    ]
    # The human-readable lines are still there, on stderr.
    assert proc.stderr.splitlines() == [
        "content/qualifications/hcpc.yml:2:1: missing field 'issued_by'",
        "content/specialisms/seating.yml:2:1: missing field 'keywords'",
        "content/specialisms/seating.yml:26:1: unknown field 'keywrds'; did you mean 'keywords'?",
        "3 error(s), 0 warning(s)",
    ]


def test_no_annotations_elsewhere(tmp_path: Path) -> None:
    proc = check_in(bad_repository(tmp_path), {"GITHUB_ACTIONS": ""})
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "::error" not in proc.stderr


def test_annotation_escapes_what_would_end_a_value_early() -> None:
    problem = Problem("content/odd,name:x.yml", 3, 5, "50% done\nnext line\r", "warning")
    assert problem.github_annotation() == (
        "::warning file=content/odd%2Cname%3Ax.yml,line=3,col=5::50%25 done%0Anext line%0D"
    )

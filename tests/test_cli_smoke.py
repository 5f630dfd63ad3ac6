"""The real `python -m generator` in a child process. Every other test calls the command line in-process
(conftest.run_cli), which is faster but cannot catch a broken `__main__`, an import that only fails on a fresh
start, or an exit status lost between `main()` and the shell."""

from __future__ import annotations

from pathlib import Path

from conftest import run_check_in_child


def test_a_clean_check_exits_0_and_says_so(content: Path) -> None:
    proc = run_check_in_child(content)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("content OK: ")


def test_a_problem_exits_1_with_its_place(content: Path) -> None:
    seating = content / "specialisms" / "seating.yml"
    seating.write_text(seating.read_text().replace("summary: Assessment for", "summary: Assessment: for", 1))
    proc = run_check_in_child(content)
    assert proc.returncode == 1
    assert f"{seating}:" in proc.stderr and "Traceback" not in proc.stderr


def test_a_usage_error_exits_2(content: Path) -> None:
    proc = run_check_in_child(content, "--no-such-option")
    assert proc.returncode == 2
    assert "unrecognized arguments: --no-such-option" in proc.stderr

"""Output folders are safe: `make build` and `make clean` replace or delete only a folder a build made."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from generator.output.writer import MARKER

VENV = Path(sys.executable).parent.parent


def make(*args: str) -> subprocess.CompletedProcess[str]:
    """`make` in the repository, told its setup is done (the running interpreter's environment)."""
    return subprocess.run(
        ["make", "--no-print-directory", "-o", f"{VENV}/.installed-build", "-o", "node_modules/.package-lock.json",
         f"VENV={VENV}", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("command", "folder"), [("build", "docs"), ("clean", "content"), ("build", "overrides"),
                                                  ("clean", "docs/assets"), ("clean", ".")])
def test_make_refuses_a_folder_the_build_reads_and_touches_nothing(command: str, folder: str) -> None:
    watched = ROOT / ("docs" if folder.startswith("docs") else folder if folder != "." else "content")
    before = snapshot(watched)
    run = make(command, f"SITE_DIR={folder}")
    assert run.returncode != 0
    assert "refusing to" in run.stderr and "Traceback" not in run.stderr
    assert snapshot(watched) == before


def test_make_clean_deletes_only_a_folder_a_build_made(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "site", tmp_path / "photos"
    ours.mkdir()
    (ours / "index.html").write_text("<p>built</p>")
    (ours / MARKER).write_text("")
    theirs.mkdir()
    (theirs / "holiday.jpg").write_text("not ours")
    assert make("clean", f"SITE_DIR={ours}").returncode == 0
    assert not ours.exists()
    run = make("clean", f"SITE_DIR={theirs}")
    assert run.returncode != 0 and f"{theirs}: refusing to replace a folder this command did not create" in run.stderr
    assert (theirs / "holiday.jpg").read_text() == "not ours"


@pytest.mark.parametrize("inside", [False, True])
def test_a_new_folder_inside_or_outside_the_repository_is_fine(tmp_path: Path, inside: bool) -> None:
    folder = (ROOT / "build-test-site-folder") if inside else tmp_path / "new-site"
    assert not folder.exists()
    run = run_cli("site-folder", "check", str(folder), str(folder) + ".tmp")
    assert run.returncode == 0, run.stderr


def test_a_folder_holding_the_repository_or_a_read_folder_is_refused(tmp_path: Path) -> None:
    for folder in (ROOT.parent, ROOT / "content" / "specialisms"):
        run = run_cli("site-folder", "delete", str(folder))
        assert run.returncode == 1 and "refusing to" in run.stderr, folder
        assert folder.is_dir()


def test_mark_then_delete(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    assert run_cli("site-folder", "mark", str(folder)).returncode == 0
    (folder / "page.html").write_text("x")
    run = run_cli("site-folder", "delete", str(folder))
    assert run.returncode == 0 and run.stdout.startswith("deleted ")
    assert not folder.exists()

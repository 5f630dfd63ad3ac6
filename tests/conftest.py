from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD = FIXTURES / "good"
CHROMIUM = Path("/usr/lib/chromium/chromium")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the small valid content folder, for a test to break."""
    target = tmp_path / "content"
    shutil.copytree(GOOD, target)
    return target


def run_check(content_dir: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", "--content", str(content_dir), *extra],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped site, built once per test session with a strict MkDocs build."""
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def chromium_or_skip() -> Path:
    """Debian's Chromium. Tests that need it fail in CI when it is missing, rather than skip quietly."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)")

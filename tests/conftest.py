from __future__ import annotations

import contextlib
import fcntl
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from generator.cli import main
from generator.postbuild.csp import add_csp_to_site
from generator.postbuild.sitecheck import check_site
from generator.tools.browser import LAUNCH_ARGS, NoBrowser, find_chromium
from generator.tools.devserver import serve_folder

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD = FIXTURES / "good"
# The engine that builds and serves the site: ProperDocs, the maintained MkDocs 1.x. It is told which
# configuration to read, as it asks when the file is still named mkdocs.yml.
ENGINE = [str(Path(sys.executable).parent / "properdocs")]
CONFIG = ["--config-file", "mkdocs.yml"]
# The practice's details and the site's own addresses as a release gives them, so the shipped site is tested as
# readers see it. A made-up practice: the number is in Ofcom's range kept for drama, .test is never registered.
PRACTICE = {"PRACTICE_NAME": "Northway Occupational Therapy", "PRACTICE_PHONE": "0161 496 0123",
            "PRACTICE_EMAIL": "referrals@northway-ot.test"}
RELEASE_ENV = {**PRACTICE, "SITE_URL": "https://kb.northway-ot.test/knowledge-base/",
               "EDIT_URI": "https://github.com/northway-ot/knowledge-base/edit/main/docs/"}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the small valid content folder, for a test to break."""
    target = tmp_path / "content"
    shutil.copytree(GOOD, target)
    return target


# Review ages are counted to a fixed day, so no test changes with the calendar: the fixtures were reviewed on
# 2026-11-01 and would fall due on 2028-11-01. Set before any Options is made; subprocesses inherit it.
TODAY = "2026-11-29"
os.environ["OT_TODAY"] = TODAY


@dataclass
class Run:
    """What `python -m generator ...` did: exit code and output, as subprocess.CompletedProcess has them."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> Run:
    """`python -m generator ARGS` run in this process from `cwd`: as the command line sees it, without the
    second-long start of a new interpreter. An uncaught exception fails the test with its traceback."""
    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.update(env or {})
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return Run(code, out.getvalue(), err.getvalue())


def run_check(content_dir: Path, *extra: str, env: dict[str, str] | None = None) -> Run:
    return run_cli("check", "--content", str(content_dir), *extra, env=env)


def run_check_in_child(content_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """The real command in a child process: a smoke test of `python -m generator` itself."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", "--content", str(content_dir), *extra],
        cwd=ROOT, capture_output=True, text=True,
    )


# The date builds in tests are made as of (the sitemap's lastmod), as `make build` takes it from the last commit.
EPOCH, LASTMOD = "1700000000", "2023-11-14"


def build_site(out: Path) -> None:
    proc = subprocess.run(
        [*ENGINE, "build", "--strict", *CONFIG, "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, **RELEASE_ENV, "SOURCE_DATE_EPOCH": EPOCH},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped site, built once per test session with a strict ProperDocs build and the practice's details.

    A preview, not a release: no clinician has signed the shipped content, so a release build refuses it
    (tests/test_review.py); the pages show readers that they are drafts.

    Not --quiet: MkDocs 1.6 then drops warnings before strict mode counts them, and the build passes anyway.

    With tests run in parallel (pytest -n), the first worker to need it builds it in the run's shared folder
    while the others wait, and they all read that one; no test writes in it.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        out = tmp_path_factory.mktemp("site")
        build_site(out)
        return out
    shared = tmp_path_factory.getbasetemp().parent
    out, done = shared / "site", shared / "site.built"
    with open(shared / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)
            build_site(out)
            done.touch()
    return out


def chromium_or_skip() -> Path:
    """The Chromium to drive (generator/tools/browser.py: CHROMIUM_PATH, Debian's, then Playwright's own). Tests
    that need it fail in CI when there is none, rather than skip quietly."""
    try:
        return find_chromium()
    except NoBrowser as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{exc}; .ci/run installs Debian's chromium package")
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1, as a reader's browser would see it."""
    with serve_folder(built_site) as url:
        yield url


def published_copy(built_site: Path, folder: Path) -> Path:
    """A copy of the built site as `make build` publishes it: scanned, each page with its Content-Security-Policy."""
    site = folder / "site"
    shutil.copytree(built_site, site)
    assert not check_site(site).errors
    assert add_csp_to_site(site) == []
    return site


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_or_skip()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), args=LAUNCH_ARGS)
        yield launched
        launched.close()


class _H1(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside, self.text = False, ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = self.inside or tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text += data


def page_heading(html_file: Path) -> str:
    """The text of a built page's h1, without its permalink sign."""
    parser = _H1()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser.text.replace("¶", "").strip()

"""`make build`: a failed build leaves the previous site as it was; two builds of one commit are byte-identical."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EPOCH, GOOD, LASTMOD, RELEASE_ENV, ROOT, published_copy
from test_check import edit

from generator.output.writer import mark


def make_build(site: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    # SOURCE_DATE_EPOCH is always given, so the Makefile does not need to ask git for the last commit's date.
    assignments = [f"{k}={v}" for k, v in {"SITE_DIR": str(site), "SOURCE_DATE_EPOCH": EPOCH, **variables}.items()]
    return subprocess.run(["make", "--no-print-directory", "build", *assignments], cwd=ROOT, capture_output=True,
                          text=True)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder`: its bytes and modification time."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def previous_site(tmp_path: Path) -> Path:
    """A site folder from an earlier build, which a failed build must leave exactly as it is."""
    site = tmp_path / "site"
    (site / "specialisms").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>Earlier build</title>\n")
    (site / "specialisms" / "index.html").write_text("<!doctype html><title>Specialisms</title>\n")
    mark(site)  # made by a build, so a build may replace it
    return site


def assert_untouched(site: Path, before: dict[str, tuple[bytes, int]]) -> None:
    assert snapshot(site) == before
    leftovers = sorted(p.name for p in site.parent.iterdir() if p.name.startswith(site.name + "."))
    assert leftovers == [], "a failed build left its working folders behind"


def test_a_content_error_leaves_the_previous_site_untouched(previous_site: Path, tmp_path: Path) -> None:
    bad = tmp_path / "content"
    shutil.copytree(GOOD, bad)
    edit(bad / "case-studies/sam.md", "Sam was injured", "Sam (NHS number 999 000 0018) was injured")
    before = snapshot(previous_site)
    proc = make_build(previous_site, OT_CONTENT_DIR=str(bad))
    assert proc.returncode != 0
    # Checked once, inside the build, which stops with the problem at its place.
    output = proc.stdout + proc.stderr
    found = re.search(r"case-studies/sam\.md:\d+:\d+: anonymisation \(nhs-number\): '999 \*\*\* \*\*\*8'", output)
    assert found, output[-2000:]
    assert_untouched(previous_site, before)


def test_a_failing_site_scan_leaves_the_previous_site_untouched(previous_site: Path, tmp_path: Path) -> None:
    # The content and pages are fine; the configuration adds a third-party script, which only the scan of the
    # built HTML can see. The build gets as far as a complete site in site.tmp, then must throw it away.
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {ROOT / 'docs'}\n"
        f"theme:\n  custom_dir: {ROOT / 'overrides'}\n"
        "extra_javascript:\n  - assets/javascripts/referral.js\n  - https://cdn.example.org/analytics.js\n"
    )
    before = snapshot(previous_site)
    proc = make_build(previous_site, MKDOCS_CONFIG=str(config), OT_CONTENT_DIR=str(ROOT / "content"))
    assert proc.returncode != 0
    assert "/index.html:" in proc.stderr
    assert "script 'https://cdn.example.org/analytics.js' is not on the allow-list" in proc.stderr
    assert_untouched(previous_site, before)


def test_two_builds_of_the_same_sources_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    """`make build` against the session's build of the same sources (tests/conftest.py), made as `make build`
    makes it: scanned, each page given its Content-Security-Policy, marked."""
    first, second = published_copy(built_site, tmp_path / "first"), tmp_path / "second"
    mark(first)
    # Another hash seed than the session build's (random), so any output that depends on set or dict-of-hash
    # ordering shows up as a difference.
    proc = make_build(second, PYTHONHASHSEED="2", **RELEASE_ENV)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    one, two = snapshot(first), snapshot(second)
    assert sorted(one) == sorted(two)
    differing = [name for name in one if one[name][0] != two[name][0]]
    assert differing == []
    # The date written into the sitemap is the commit's (SOURCE_DATE_EPOCH), not the day of the build.
    assert f"<lastmod>{LASTMOD}</lastmod>" in (second / "sitemap.xml").read_text()
    # The scan ran and every page carries its policy.
    pages = [name for name in two if name.endswith(".html")]
    assert pages and all(b'http-equiv="Content-Security-Policy"' in two[name][0] for name in pages)

"""The engine-neutral output builds on Zensical, Material for MkDocs' successor, with nothing lost.

Zensical runs no MkDocs plugins, so it builds the merged folder `python -m generator build --out DIR
--merge-docs` writes (hand-written docs plus generated pages) with the project's own mkdocs.yml and overrides/.
The build runs without a network where the machine allows it (a fresh network namespace), so a fetch at build
time fails the test rather than passing unnoticed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from generator.load.site import load_site
from generator.structure.content import REVIEWED, SOURCE

ZENSICAL = Path(sys.executable).parent / "zensical"
EDIT_PREFIX = "https://github.com/ot-practice/knowledge-base/edit/main/"
EMAIL = "referrals@example.org"
LOADS = r'rel="(?:stylesheet|preload|preconnect|dns-prefetch|icon|modulepreload)"'
EXTERNAL = re.compile(r'<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc="(?:https?:)?//'
                      rf'|<link\b[^>]*\bhref="(?:https?:)?//[^"]*"[^>]*\b{LOADS}'
                      rf'|<link\b[^>]*\b{LOADS}[^>]*\bhref="(?:https?:)?//')


def offline_prefix() -> list[str]:
    """A command prefix that runs a program with no network, where this machine allows it."""
    for prefix in (["unshare", "--net", "--map-root-user"], ["unshare", "--net"]):
        try:
            if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
                return prefix
        except FileNotFoundError:
            return []
    return []


@pytest.fixture(scope="module")
def zensical_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not ZENSICAL.exists():
        pytest.fail(f"{ZENSICAL} is missing: `make test` installs it from requirements/test.txt")
    project = tmp_path_factory.mktemp("zensical")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REPO_URL", "REFERRAL_EMAIL")}
    written = subprocess.run([sys.executable, "-m", "generator", "build", "--out", str(project / "docs"),
                              "--merge-docs"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert written.returncode == 0, written.stderr
    # Proxies that lead nowhere, too: where no namespace can be made, a fetch still fails.
    dead = "http://127.0.0.1:9"
    offline_env = {**env, "HTTP_PROXY": dead, "HTTPS_PROXY": dead, "ALL_PROXY": dead,
                   "http_proxy": dead, "https_proxy": dead, "all_proxy": dead}
    built = subprocess.run([*offline_prefix(), str(ZENSICAL), "build", "--strict", "--config-file", "mkdocs.yml"],
                           cwd=project, capture_output=True, text=True, env=offline_env, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    return project


def html_of(site: Path, page: Path) -> Path:
    """The HTML a Markdown page becomes: a/b.md -> a/b/index.html, a/index.md -> a/index.html."""
    if page.name == "index.md":
        return site / page.parent / "index.html"
    return site / page.with_suffix("") / "index.html"


def test_every_content_page_is_built(zensical_project: Path) -> None:
    site_dir = zensical_project / "site"
    site, problems = load_site(ROOT / "content")
    assert not problems.errors
    # Every reviewed item has a page, every type with pages an index; vocabularies are word lists without pages.
    missing = [f"{t.folder}/{i.id}" for t in REVIEWED for i in site.of(t)
               if not (site_dir / t.folder / i.id / "index.html").is_file()]
    missing += [t.folder for t in (*REVIEWED, SOURCE) if not (site_dir / t.folder / "index.html").is_file()]
    assert not missing
    for page in (zensical_project / "docs").rglob("*.md"):
        assert html_of(site_dir, page.relative_to(zensical_project / "docs")).is_file(), page


def test_edit_links_lead_to_files_that_exist(zensical_project: Path) -> None:
    site_dir = zensical_project / "site"
    links = {page: re.search(r'For editors: <a href="([^"]+)">suggest a change', page.read_text(encoding="utf-8"))
             for page in site_dir.rglob("index.html")}
    targets = {page: m.group(1) for page, m in links.items() if m}
    assert targets[site_dir / "specialisms" / "hand-therapy" / "index.html"] == (
        EDIT_PREFIX + "content/specialisms/hand-therapy.yml")
    assert targets[site_dir / "index.html"] == EDIT_PREFIX + "docs/index.md"
    for page, url in targets.items():
        assert url.startswith(EDIT_PREFIX), (page, url)
        assert (ROOT / url.removeprefix(EDIT_PREFIX)).is_file(), f"{page}: edit link to a missing file: {url}"
    # Index pages are made from many files: they have no edit link rather than one to a file that is not there.
    assert site_dir / "specialisms" / "index.html" not in targets


def test_outcome_pages_carry_the_referral_email(zensical_project: Path) -> None:
    docs = zensical_project / "docs"
    outcomes = [p for p in (docs / "referral").rglob("*.md") if "mailto:" in p.read_text(encoding="utf-8")]
    assert outcomes
    for page in outcomes:
        html = html_of(zensical_project / "site", page.relative_to(docs)).read_text(encoding="utf-8")
        assert f'href="mailto:{EMAIL}?' in html, page


def test_the_site_passes_the_post_build_scan_and_gets_its_csp(zensical_project: Path) -> None:
    site_dir = zensical_project / "site"
    proc = subprocess.run([sys.executable, "-m", "generator", "sitecheck", "--csp", str(site_dir)], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in home
    # Nothing loaded from another origin: no external script, image, frame, stylesheet, font or preconnect.
    for page in site_dir.rglob("*.html"):
        found = EXTERNAL.search(page.read_text(encoding="utf-8"))
        assert found is None, f"{page}: {found.group(0) if found else ''}"

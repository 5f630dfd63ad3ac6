"""The MkDocs side: strict build of the shipped site, edit links, serve reloads, and the generator's isolation."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

from generator.load.site import load_site
from generator.structure.content import REVIEWED, SOURCE, TYPES
from generator.tools.devserver import fetch, free_port
from generator.tools.schemas import check_schemas


def test_generator_never_imports_mkdocs() -> None:
    for path in (ROOT / "generator").rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n == "mkdocs" or n.startswith("mkdocs.") for n in names), f"{path} imports mkdocs"


def test_committed_json_schemas_are_current() -> None:
    assert check_schemas(ROOT / "schemas") == [], "run `make schemas` and commit the result"


def test_every_content_file_names_its_schema_on_its_first_lines() -> None:
    for ctype in TYPES:
        for path in (ROOT / "content" / ctype.folder).iterdir():
            head = path.read_text().splitlines()[:2]
            assert f"# yaml-language-server: $schema=../../schemas/{ctype.name}.schema.json" in head, path


def test_built_site_has_home_every_item_and_every_index(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    site, problems = load_site(ROOT / "content")
    assert not problems.errors
    for ctype in REVIEWED + (SOURCE,):
        assert (built_site / ctype.folder / "index.html").is_file(), ctype.folder
        if ctype.folder in ("sources",):
            continue
        for item in site.of(ctype):
            page = built_site / ctype.folder / item.id / "index.html"
            assert page.is_file(), page


def test_edit_link_of_a_specialism_points_at_its_yaml(built_site: Path) -> None:
    html = (built_site / "specialisms" / "hand-therapy" / "index.html").read_text()
    edit = re.search(r'<a href="([^"]+)" title="Edit this page"', html)
    assert edit is not None
    assert edit.group(1).endswith("/edit/main/content/specialisms/hand-therapy.yml")
    hand_written = (built_site / "case-managers" / "when-to-instruct-an-ot" / "index.html").read_text()
    assert "/edit/main/docs/case-managers/when-to-instruct-an-ot.md" in hand_written


def test_generated_links_are_relative(built_site: Path) -> None:
    """GitHub project pages live under /REPO/: a root-relative link would break there."""
    for page in built_site.rglob("*.html"):
        if page.name == "404.html":  # MkDocs makes the 404 page's links absolute: it is served at any path
            continue
        assert not re.search(r'(?:href|src)="/(?!/)', page.read_text()), page


def test_no_page_lists_every_item_in_the_navigation(built_site: Path) -> None:
    html = (built_site / "index.html").read_text()
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("</nav>")]
    assert "hand-therapy/" not in nav


def test_serve_picks_up_a_content_edit_without_restart(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    port = free_port()
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, env={**os.environ, "OT_CONTENT_DIR": str(content), "NO_MKDOCS_2_WARNING": "1",
                       "SITE_URL": f"http://127.0.0.1:{port}/"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/specialisms/hand-therapy/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                assert "<h1" in fetch(url)
                break
            except OSError:
                assert time.monotonic() < deadline, "mkdocs serve did not start"
                time.sleep(0.5)
        spec = content / "specialisms" / "hand-therapy.yml"
        text = spec.read_text()
        spec.write_text(re.sub(r"^title: .*$", "title: Hand therapy edited while serving", text, count=1, flags=re.M))
        deadline = time.monotonic() + 60
        while True:
            try:  # the server holds requests during a rebuild, which may outlast one request's timeout
                if "Hand therapy edited while serving" in fetch(url):
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the edit was not picked up"
            time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_a_hand_written_page_at_a_generated_path_fails_the_build(tmp_path: Path) -> None:
    for name in ("mkdocs.yml", "docs", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    (tmp_path / "docs" / "specialisms").mkdir()
    (tmp_path / "docs" / "specialisms" / "hand-therapy.md").write_text("# Hand therapy, written by hand\n")
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, "OT_CONTENT_DIR": str(ROOT / "content"), "NO_MKDOCS_2_WARNING": "1"},
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1
    assert ("docs/specialisms/hand-therapy.md:1:1: a hand-written page has the same path as a generated one "
            f"({ROOT / 'content' / 'specialisms' / 'hand-therapy.yml'}); rename or remove it") in output
    assert "Traceback" not in output


def test_the_library_docstring_example_runs(monkeypatch: object) -> None:
    import doctest

    import generator

    monkeypatch.chdir(ROOT)  # type: ignore[attr-defined]
    assert doctest.testmod(generator).failed == 0

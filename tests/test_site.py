"""The MkDocs side: strict build of the shipped site, edit links, serve reloads, and the generator's isolation."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from conftest import CONFIG, ENGINE, ROOT
from selectolax.lexbor import LexborHTMLParser as HTMLParser

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
        # content/reviewers/ exists once the practice's first clinician is added.
        for path in sorted((ROOT / "content" / ctype.folder).glob("*")):
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
    """Editors' "suggest a change" link sits below the page's text, not as a pencil beside its title."""
    html = (built_site / "specialisms" / "hand-therapy" / "index.html").read_text()
    edit = re.search(r'<a href="([^"]+)">suggest a change to this page</a>', html)
    assert edit is not None
    assert edit.group(1) == "https://github.com/northway-ot/knowledge-base/edit/main/content/specialisms/hand-therapy.yml"
    assert 'title="Edit this page"' not in html
    hand_written = (built_site / "case-managers" / "when-to-instruct-an-ot" / "index.html").read_text()
    assert "/edit/main/docs/case-managers/when-to-instruct-an-ot.md" in hand_written


def test_generated_links_are_relative(built_site: Path) -> None:
    """GitHub project pages live under /REPO/: a root-relative link would break there."""
    for page in built_site.rglob("*.html"):
        if page.name == "404.html":  # MkDocs makes the 404 page's links absolute: it is served at any path
            continue
        assert not re.search(r'(?:href|src)="/(?!/)', page.read_text()), page


# What a reader must never see as text: an attribute list Markdown did not apply ("{ .class }", "{: #id }"), or a
# template tag left unrendered.
MARKUP_AS_TEXT = re.compile(r"\{:?\s*[.#][\w-]+[^}]*\}|\{\{|\{%")


def test_no_page_shows_markup_as_text(built_site: Path) -> None:
    shown = []
    for html in sorted(built_site.rglob("*.html")):
        tree = HTMLParser(html.read_text(encoding="utf-8"))
        content = tree.css_first("article") or tree.body
        text = content.text(separator=" ") if content is not None else ""
        shown += [f"{html.relative_to(built_site)}: {m.group(0)!r}" for m in MARKUP_AS_TEXT.finditer(text)]
    assert not shown, "\n".join(shown[:20])


def test_no_page_lists_every_item_in_the_navigation(built_site: Path) -> None:
    html = (built_site / "index.html").read_text()
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("</nav>")]
    assert "hand-therapy/" not in nav


def _wait_until(url: str, found: Callable[[str], bool], what: str, timeout: float = 60) -> str:
    """The page at `url` once `found(body)`; fails naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            body = fetch(url)
            if found(body):
                return body
        except OSError:  # not started yet, or answering slowly while it rebuilds on a busy machine
            pass
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def _without_reload(body: str) -> str:
    """A served page without the live-reload script's build numbers, which change with every rebuild."""
    return re.sub(r"reload\(\d+, \d+\)", "reload()", body)


def _wait_until_status(url: str, status: int, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while _page_status(url) != status:
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def _not_found_body(url: str) -> str:
    try:
        urllib.request.urlopen(url, timeout=5).close()  # noqa: S310 - the local preview server
    except urllib.error.HTTPError as exc:
        return str(exc.read().decode("utf-8"))
    raise AssertionError(f"{url} was served")


def _page_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - the local preview server
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_serve_rebuilds_what_each_edit_changes_and_nothing_goes_stale(tmp_path: Path) -> None:
    """`make serve` (`serve --dirty`) renders again only the pages an edit changed; every page stays current.

    One edit for each way the preview rebuilds: a page's own text, and the list of files with a content error
    and its fix. The other cases (a title in the navigation, a page added or removed, a failed build) are
    IncrementalBuilds' own tests (tests/test_incremental.py), built in this process."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [*ENGINE, "serve", "--dirty", *CONFIG, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=ROOT, env={**os.environ, "OT_CONTENT_DIR": str(content), "SITE_URL": base},
            stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        hand = base + "specialisms/hand-therapy/"
        _wait_until(hand, lambda body: "<h1" in body, "properdocs serve did not start", timeout=120)
        time.sleep(0.5)  # the watcher starts once the first build is served
        untouched = _without_reload(fetch(base + "specialisms/paediatrics/"))

        # A title edited: its page, and the list that names it, are rendered again; another page is left as it was.
        spec = content / "specialisms" / "hand-therapy.yml"
        spec.write_text(re.sub(r"^title: .*$", "title: Hand therapy edited while serving", spec.read_text(),
                               count=1, flags=re.M))
        _wait_until(hand, lambda body: "Hand therapy edited while serving" in body, "the edit was not picked up")
        _wait_until(base + "specialisms/", lambda body: "Hand therapy edited while serving" in body,
                    "the specialisms list still names the old title")
        assert _without_reload(fetch(base + "specialisms/paediatrics/")) == untouched

        # A folder moved out of content/, as an editor's "delete" often does: its pages stop being served within
        # seconds, and while the rest of the content names the missing stories, every address shows the problems.
        story = base + "case-studies/veteran-mobility-housing/"
        assert _page_status(story) == 200
        moved = tmp_path / "case-studies-moved"
        (content / "case-studies").rename(moved)
        _wait_until_status(story, 404, "a story is still served after its folder was moved away", timeout=20)
        problems = _wait_until(base, lambda body: "Content problems" in body, "the preview does not show the problems")
        assert re.search(r"content/referral/case-manager-referral\.yml:\d+:\d+: unknown case-study", problems)
        missing = _not_found_body(hand)
        assert "Content problems" in missing and "unknown case-study" in missing
        # Put back: every page is built again, the edited title kept, the problems gone.
        moved.rename(content / "case-studies")
        _wait_until(story, lambda body: "<h1" in body, "the story did not come back with its folder")
        assert "Content problems" not in fetch(base)
        assert "Hand therapy edited while serving" in fetch(hand)
        assert _page_status(base + "specialisms/paediatrics/") == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    output = log.read_text()
    assert "Traceback" not in output, output[-3000:]
    assert "A 'dirty' build is being performed" not in output  # the preview's rebuilds are not stale


def test_a_hand_written_page_at_a_generated_path_fails_the_build(tmp_path: Path) -> None:
    for name in ("mkdocs.yml", "docs", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    (tmp_path / "docs" / "specialisms").mkdir()
    (tmp_path / "docs" / "specialisms" / "hand-therapy.md").write_text("# Hand therapy, written by hand\n")
    proc = subprocess.run(
        [*ENGINE, "build", "--strict", *CONFIG, "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, "OT_CONTENT_DIR": str(ROOT / "content")},
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


def test_the_preview_watches_the_content_and_the_overrides() -> None:
    """Besides docs/ and mkdocs.yml (MkDocs' own): content/ and overrides/ (MkDocs watches a theme only with
    --watch-theme). The editing page is a hand-written page under docs/."""
    from mkdocs.config import load_config

    from plugins.ot_knowledge_base import KnowledgeBasePlugin

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []
            self.observer = None

        def watch(self, path: str) -> None:
            self.watched.append(path)

    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["ot-knowledge-base"]
    assert isinstance(plugin, KnowledgeBasePlugin)
    plugin.content_dir = ROOT / "content"
    server = Server()
    plugin.on_serve(server, config, None)  # type: ignore[arg-type]
    watched = {Path(p).resolve() for p in server.watched}
    assert {ROOT / "content", ROOT / "overrides"} <= watched

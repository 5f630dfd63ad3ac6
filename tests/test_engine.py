"""plugins/engine.py on real engine objects: each function does what the plugin relies on.

These run on the engine `mkdocs` names in this process (MkDocs 1.x), and once more, in a child process, on
ProperDocs, the engine the site is built with. An engine release that renames or reworks one of the internals
engine.py touches fails here.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import mkdocs
import pytest
from conftest import ROOT
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.pages import Page
from watchdog.observers.polling import PollingObserver

from plugins import engine

PAGES = {
    "index.md": "# Home\n\nSee [part one](a.md#part-one) and [nothing](a.md#not-there).\n",
    "a.md": "# Page *A*\n\n## Part one\n\nSome text.\n",
}


def _config(root: Path) -> MkDocsConfig:
    for name, text in PAGES.items():
        (root / "docs").mkdir(exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: Tiny\ntheme:\n  name: material\n", encoding="utf-8")
    return load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))


def _read(config: MkDocsConfig) -> Files:
    """The pages of one build, read and rendered, as the engine's build does."""
    files = get_files(config)
    for file in files.documentation_pages():
        page = Page(None, file, config)
        page.read_source(config)
        page.render(config, files)
    return files


def _page(files: Files, src_uri: str) -> Page:
    file = files.get_file_from_path(src_uri)
    assert file is not None and file.page is not None
    return file.page


def test_a_restored_page_has_its_title_html_and_headings_without_being_read(tmp_path: Path,
                                                                            caplog: pytest.LogCaptureFixture) -> None:
    config = _config(tmp_path)
    first = _read(config)
    state = engine.page_state(_page(first, "a.md"))
    # The next build: a new page for the same file, not read.
    files = get_files(config)
    page = Page(None, files.get_file_from_path("a.md"), config)  # type: ignore[arg-type]
    engine.restore_page(page, state)
    assert page.title == "Page A"  # the first heading's text, which the engine keeps privately
    assert page.content == _page(first, "a.md").content
    assert [(item.title, [c.title for c in item.children]) for item in page.toc] == [("Page A", ["Part one"])]
    assert page.present_anchor_ids is not None and "part-one" in page.present_anchor_ids
    # Another page's link to a heading is checked against the restored page's headings.
    index = Page(None, files.get_file_from_path("index.md"), config)  # type: ignore[arg-type]
    index.read_source(config)
    index.render(config, files)
    with caplog.at_level(logging.INFO):
        index.validate_anchor_links(files=files, log_level=logging.WARNING)
    messages = [r.getMessage() for r in caplog.records]
    assert any("a.md#not-there" in m for m in messages), messages
    assert not any("part-one" in m for m in messages), messages


def test_a_restored_page_does_not_check_its_links_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = _config(tmp_path)
    first = _read(config)
    files = _read(config)  # the next build, in which index.md is restored rather than read
    index = _page(files, "index.md")
    with caplog.at_level(logging.INFO):
        index.validate_anchor_links(files=files, log_level=logging.WARNING)
    assert any("not-there" in r.getMessage() for r in caplog.records)  # read: its links are checked
    caplog.clear()
    engine.restore_page(index, engine.page_state(_page(first, "index.md")))
    with caplog.at_level(logging.INFO):
        index.validate_anchor_links(files=files, log_level=logging.WARNING)
    assert caplog.records == []


class _OnFilesConfig(Config):
    pass


class _OnFiles(BasePlugin[_OnFilesConfig]):
    """Runs `decide` on the build's files, and records the pages read and written."""

    def __init__(self, decide: Callable[[Files], None]) -> None:
        super().__init__()
        self.decide = decide
        self.read: list[str] = []
        self.written: list[str] = []

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.decide(files)
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.read.append(page.file.src_uri)
        return markdown

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.written.append(page.file.src_uri)
        return output


def _dirty_build(root: Path, decide: Callable[[Files], None]) -> _OnFiles:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    plugin = _OnFiles(decide)
    config.plugins["on-files"] = plugin
    build(config, dirty=True)
    return plugin


def test_rebuild_when_decides_which_pages_a_dirty_build_reads_and_writes(tmp_path: Path) -> None:
    build(_config(tmp_path))
    untouched = _dirty_build(tmp_path, lambda files: None)
    assert untouched.read == untouched.written == []  # every output is newer than its source
    for name in PAGES:  # generated pages have no source file: the engine's own test always says modified
        os.utime(tmp_path / "docs" / name, (time.time() + 60, time.time() + 60))

    def only_a(files: Files) -> None:
        for file in files.documentation_pages():
            engine.rebuild_when(file, lambda file=file: file.src_uri == "a.md")  # type: ignore[misc]

    decided = _dirty_build(tmp_path, only_a)
    assert decided.read == decided.written == ["a.md"]


@pytest.fixture
def dirty_notice_shown() -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in engine.BUILD_LOGGERS]
    for logger in loggers:
        logger.removeFilter(engine.DIRTY_NOTICE)
    yield
    engine.quiet_dirty_notice()


def test_quiet_dirty_notice_drops_the_engines_warning_about_dirty_builds(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, dirty_notice_shown: None) -> None:
    build(_config(tmp_path))
    with caplog.at_level(logging.INFO):
        _dirty_build(tmp_path, lambda files: None)
    notices = [r for r in caplog.records if "'dirty' build" in r.getMessage()]
    assert len(notices) == 1 and notices[0].name in engine.BUILD_LOGGERS
    assert engine.DIRTY_NOTICE.filter(notices[0]) is False
    caplog.clear()
    engine.quiet_dirty_notice()
    with caplog.at_level(logging.INFO):
        _dirty_build(tmp_path, lambda files: None)
    assert not [r for r in caplog.records if "'dirty' build" in r.getMessage()]


def test_empty_site_folder_keeps_the_folder_and_removes_what_is_in_it(tmp_path: Path) -> None:
    config = _config(tmp_path)
    site = Path(config.site_dir)
    (site / "old" / "page").mkdir(parents=True)
    (site / "old" / "page" / "index.html").write_text("stale")
    (site / "stray.html").write_text("stale")
    engine.empty_site_folder(config)
    assert site.is_dir() and list(site.iterdir()) == []


def _server(root: Path) -> LiveReloadServer:
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(root))


def test_watched_paths_lists_each_watched_path_once(tmp_path: Path) -> None:
    server = _server(tmp_path)
    for name in ("docs", "content", "docs"):
        (tmp_path / name).mkdir(exist_ok=True)
        server.watch(str(tmp_path / name))
    assert engine.watched_paths(server) == [str(tmp_path / "docs"), str(tmp_path / "content")]


def _wait_for_rebuild(server: LiveReloadServer, timeout: float = 5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with server._rebuild_cond:
            if server._want_rebuild:
                server._want_rebuild = False
                return True
        time.sleep(0.02)
    return False


def test_change_notifications_replace_polling_and_a_folder_removed_asks_for_a_rebuild(tmp_path: Path) -> None:
    (tmp_path / "content" / "specialisms").mkdir(parents=True)
    (tmp_path / "content" / "specialisms" / "a.yml").write_text("title: A\n")
    server = _server(tmp_path)
    server.watch(str(tmp_path / "content"))
    assert isinstance(server.observer, PollingObserver)
    assert server.build_delay > engine.SETTLE_SECONDS  # the engine's wait before a rebuild, which is shortened
    engine.use_change_notifications(server)
    assert not isinstance(server.observer, PollingObserver)
    assert server.build_delay == engine.SETTLE_SECONDS
    assert engine.watched_paths(server) == [str(tmp_path / "content")]
    server.observer.start()
    try:
        (tmp_path / "content" / "specialisms" / "a.yml").write_text("title: B\n")
        assert _wait_for_rebuild(server), "an edited file asks for no rebuild"
        while _wait_for_rebuild(server, timeout=0.5):  # the edit's later events, until half a second passes without
            pass
        # A folder moved out reports the folder alone, which MkDocs' own handler ignores.
        (tmp_path / "content" / "specialisms").rename(tmp_path / "moved")
        assert _wait_for_rebuild(server), "a folder moved away asks for no rebuild"
    finally:
        server.observer.stop()
        server.observer.join()
    engine.use_change_notifications(server)  # a running or replaced observer is left as it is


# Pages that exercise every extension the site uses: tables and abbreviations, admonitions and details,
# attribute lists, Markdown inside HTML, fenced code, headings with the same text, links to other pages' headings.
MIXED = {
    "index.md": "# Home\n\nAn OT and a DBS check.\n\n*[OT]: occupational therapist\n"
                "*[DBS]: Disclosure and Barring Service\n",
    "b.md": "# B { .title-b }\n\n!!! note \"Note\"\n    Text.\n\n??? info \"More\"\n    Hidden.\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n<div markdown>*inside*</div>\n\n"
            "```text\ncode\n```\n\n## Same\n\n## Same\n\nSee [home](index.md#home).\n",
    "c.md": "No heading, an OT here too, with no abbreviation defined.\n\n## Same\n",
}


def test_one_markdown_converter_gives_the_same_pages_as_a_converter_each(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in MIXED.items():
        (docs / name).write_text(text, encoding="utf-8")
    extensions = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
                  "pymdownx.superfences"]
    (tmp_path / "mkdocs.yml").write_text("site_name: Mixed\ntheme:\n  name: material\nmarkdown_extensions:\n"
                                         + "".join(f"  - {e}\n" for e in extensions), encoding="utf-8")

    def rendered() -> list[tuple[object, ...]]:
        config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        files = _read(config)
        return [(f.src_uri, f.page.content, str(f.page.toc), f.page.title, sorted(f.page.present_anchor_ids or ()),
                 sorted((k.src_uri, v) for k, v in (f.page.links_to_anchors or {}).items()))
                for f in files.documentation_pages() if f.page is not None]

    pages_module = sys.modules[Page.__module__]
    monkeypatch.setattr(pages_module, "markdown", pages_module.markdown)  # put back as it was after the test
    fresh = rendered()
    engine.one_markdown_converter()
    assert type(pages_module.markdown).__name__ == "_OneConverter"
    made: list[object] = []
    real = pages_module.markdown.Markdown

    def recorded(**options: Any) -> Any:
        made.append(real(**options))
        return made[-1]

    monkeypatch.setattr(pages_module.markdown, "Markdown", recorded)
    once = rendered()
    assert len({id(m) for m in made}) == 1 and len(made) == len(MIXED), "not one converter for the build's pages"
    assert once == fresh
    # The abbreviation defined on the first page is not carried to the next (the converter is reset).
    assert "<abbr" not in str(dict((p[0], p[1]) for p in once)["c.md"])


def _theme_files(files: Files) -> list[tuple[str, str, str]]:
    return [(f.src_uri, f.abs_src_path or "", f.dest_uri) for f in files]


def test_theme_files_once_lists_the_engines_theme_files_and_sees_a_custom_file_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _config(tmp_path)  # the pages
    (tmp_path / "overrides").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Tiny\ntheme:\n  name: material\n  custom_dir: overrides\n",
                                         encoding="utf-8")
    monkeypatch.setattr(Files, "add_files_from_theme", Files.add_files_from_theme)  # put back afterwards
    monkeypatch.setattr(engine, "_THEME_FILES", [])

    def listed(config: MkDocsConfig, *, once: bool) -> list[tuple[str, str, str]]:
        files = get_files(config)
        add = engine._theme_files_once if once else engine._ADD_FILES_FROM_THEME
        add(files, config.theme.get_env(), config)
        return _theme_files(files)

    def both() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
        config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        return listed(config, once=False), listed(config, once=True)

    engine.theme_files_once()
    assert Files.add_files_from_theme is engine._theme_files_once
    expected, once = both()
    assert once == expected and len(once) > 20  # Material's assets, and the docs' own pages
    # A theme file the docs also have is the docs' (the engine's rule), on the first listing and after it.
    shadowed = next(path for path, source, _ in once if source.endswith(path) and "material" in source
                    and path.endswith(".js"))
    (tmp_path / "docs" / shadowed).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "docs" / shadowed).write_text("// the site's own\n", encoding="utf-8")
    expected, once = both()
    assert once == expected
    assert (shadowed, str(tmp_path / "docs" / shadowed), shadowed) in once
    # A file added to the custom folder is listed at the next build; removed, it is gone.
    (tmp_path / "overrides" / "extra.js").write_text("// added\n", encoding="utf-8")
    expected, once = both()
    assert once == expected and ("extra.js", str(tmp_path / "overrides" / "extra.js"), "extra.js") in once
    (tmp_path / "overrides" / "extra.js").unlink()
    expected, once = both()
    assert once == expected and all(path != "extra.js" for path, _, _ in once)


@pytest.mark.skipif(mkdocs.__name__ == "properdocs", reason="this process already runs on ProperDocs")
def test_the_same_hold_on_properdocs() -> None:
    """ProperDocs builds the site: `-p properdocs.replacement` makes `mkdocs.*` name it, as its command does.

    This file alone: every use of the engine's internals is in plugins/engine.py, which these tests hold, and the
    rest of the plugin reaches them only through it. IncrementalBuilds (tests/test_incremental.py) runs on
    ProperDocs end to end in the serve test (tests/test_site.py)."""
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "properdocs.replacement",
                          "-p", "no:cacheprovider", "tests/test_engine.py"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "skipped" in run.stdout

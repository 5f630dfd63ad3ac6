"""`IncrementalBuilds` (plugins/incremental.py): the preview's dirty rebuilds read and render exactly what changed.

Each test builds a tiny site in this process, dirty, as `serve --dirty` does, with a plugin that calls
`IncrementalBuilds` from the same events as plugins/ot_knowledge_base.py, and records which pages were read (their
Markdown converted) and which were written (their template rendered).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from plugins.incremental import IncrementalBuilds

PAGES = {
    "index.md": "# Home\n\nSee [the first part](a.md#part-one).\n",
    "a.md": "# Page *A*\n\n## Part one\n\nSome text.\n",
    "b.md": "---\ntitle: Page B\nsearch:\n  boost: 2\n---\n\n# B heading\n\nMore text.\n",
}


class RecorderConfig(Config):
    pass


class Recorder(BasePlugin[RecorderConfig]):
    """Calls `IncrementalBuilds` as KnowledgeBasePlugin does, and records each page read and written."""

    def __init__(self, incremental: IncrementalBuilds) -> None:
        super().__init__()
        self.incremental = incremental
        self.site_inputs = ""
        self.fail_writing: str | None = None
        self.read: list[str] = []
        self.written: list[str] = []

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.incremental.start(files, config, self.site_inputs)
        self.files = files
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        self.incremental.restore(files)
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.read.append(page.file.src_uri)
        return markdown

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self.incremental.pages_read(self.nav)
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri == self.fail_writing:
            raise RuntimeError("writing failed")
        self.written.append(page.file.src_uri)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.incremental.finish(self.files)

    def on_build_error(self, *, error: Exception) -> None:
        self.incremental.forget()


class Preview:
    """A tiny site under `root` and one preview session's `IncrementalBuilds`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.incremental = IncrementalBuilds()
        self.nav = ["index.md", "a.md", "b.md"]  # no titles here: each page's title is its own
        self.extra = "plain"
        for name, text in PAGES.items():
            self.write(name, text)
        self.recorder = Recorder(self.incremental)

    def write(self, name: str, text: str) -> None:
        path = self.root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def build(self, *, site_inputs: str = "", fail_writing: str | None = None) -> Recorder:
        (self.root / "mkdocs.yml").write_text(
            "site_name: Tiny\ntheme:\n  name: material\nnav:\n"
            + "".join(f"  - {page}\n" for page in self.nav)
            + f"extra:\n  flavour: {self.extra}\n", encoding="utf-8")
        config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.root / "site"))
        self.recorder.read, self.recorder.written = [], []
        self.recorder.site_inputs, self.recorder.fail_writing = site_inputs, fail_writing
        config.plugins["recorder"] = self.recorder
        build(config, dirty=True)
        self.config = config
        return self.recorder

    def page(self, src_uri: str) -> Page:
        file = self.recorder.files.get_file_from_path(src_uri)
        assert file is not None and file.page is not None
        return file.page

    def html(self, name: str) -> str:
        return (self.root / "site" / name).read_text(encoding="utf-8")


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    site = Preview(tmp_path)
    first = site.build()
    assert sorted(first.read) == sorted(first.written) == ["a.md", "b.md", "index.md"]
    return site


def _state(page: Page) -> dict[str, Any]:
    return {"title": page.title, "meta": page.meta, "content": page.content, "markdown": page.markdown,
            "toc": [(item.title, item.url, [(c.title, c.url) for c in item.children]) for item in page.toc]}


def test_a_page_whose_markdown_did_not_change_is_not_read_again_but_keeps_what_it_held(preview: Preview) -> None:
    before = {uri: _state(preview.page(uri)) for uri in PAGES}
    html = {name: preview.html(name) for name in ("a/index.html", "b/index.html")}
    preview.write("index.md", PAGES["index.md"] + "\nA new line.\n")
    second = preview.build()
    assert second.read == second.written == ["index.md"]
    for uri in ("a.md", "b.md"):
        assert _state(preview.page(uri)) == before[uri], uri
    assert preview.page("a.md").title == "Page A"  # from the first heading, not the file name
    assert preview.page("b.md").meta == {"title": "Page B", "search": {"boost": 2}}
    assert {name: preview.html(name) for name in html} == html
    # The changed page links to a heading on a page that was not read again: its anchor is still known.
    assert "A new line." in preview.html("index.html")


def test_a_changed_page_is_read_and_rendered_again(preview: Preview) -> None:
    preview.write("b.md", PAGES["b.md"].replace("More text.", "Changed text."))
    second = preview.build()
    assert second.read == second.written == ["b.md"]
    assert "Changed text." in preview.html("b/index.html")


def test_a_changed_title_in_the_navigation_renders_every_page_without_reading_them(preview: Preview) -> None:
    # The title comes from the page's first heading, which every page's navigation shows.
    preview.write("a.md", "# Page A, renamed\n\n## Part one\n\nSome text.\n")
    second = preview.build()
    assert second.read == ["a.md"]
    assert sorted(second.written) == ["a.md", "b.md", "index.md"]
    assert "Page A, renamed" in preview.html("b/index.html")


def test_a_change_of_configuration_rebuilds_everything_in_an_emptied_folder(preview: Preview) -> None:
    stray = preview.root / "site" / "stray.html"
    stray.write_text("left over")
    preview.extra = "spicy"
    second = preview.build()
    assert sorted(second.read) == sorted(second.written) == ["a.md", "b.md", "index.md"]
    assert not stray.exists()


def test_a_change_of_the_site_inputs_rebuilds_everything(preview: Preview) -> None:
    second = preview.build(site_inputs="the practice's phone number changed")
    assert sorted(second.read) == ["a.md", "b.md", "index.md"]


def test_an_added_page_is_read_and_every_page_lists_it(preview: Preview) -> None:
    preview.write("c.md", "# Page C\n\nNew text.\n")
    preview.nav = [*preview.nav, "c.md"]
    second = preview.build()
    assert sorted(second.read) == sorted(second.written) == ["a.md", "b.md", "c.md", "index.md"]
    assert "New text." in preview.html("c/index.html")
    assert "Page C" in preview.html("a/index.html")  # in the navigation of a page that did not change


def test_a_removed_page_goes_from_the_site(preview: Preview) -> None:
    (preview.root / "docs" / "b.md").unlink()
    preview.nav = preview.nav[:2]
    second = preview.build()
    assert sorted(second.read) == ["a.md", "index.md"]
    assert not (preview.root / "site" / "b").exists()


def test_after_a_failed_build_the_next_one_is_whole(preview: Preview) -> None:
    preview.write("index.md", PAGES["index.md"] + "\nA new line.\n")
    with pytest.raises(RuntimeError, match="writing failed"):
        preview.build(fail_writing="index.md")
    third = preview.build()
    assert sorted(third.read) == sorted(third.written) == ["a.md", "b.md", "index.md"]
    fourth = preview.build()
    assert fourth.read == fourth.written == []

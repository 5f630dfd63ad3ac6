"""The preview rebuilds only what an edit changed (`properdocs serve --dirty`, which `make serve` runs).

MkDocs' own `--dirty` skips a page whose output file is newer than its source, which is wrong for this site twice
over: generated pages have no source file, so they are always rebuilt, and a page's HTML depends on more than its
own source (the titles in the navigation, the other pages' addresses, the templates), so a skipped page can be
stale. Here a page is read and rendered again when

- its Markdown changed (a generated page: the text the generator made this time; a hand-written page: its file),
  or
- something every page depends on changed: mkdocs.yml, the theme overrides, the list of files and their
  addresses, the glossary or the practice's details (`site_inputs`), or the navigation's titles and order.

Any change of the first kind of site-wide input empties the site folder and builds everything, so a removed
page never lingers. A page that is not read again gets back its title, metadata, HTML and table of contents from
the previous build, so the navigation and the pages that are rebuilt see it as it was; its output file is the
previous build's. A failed build forgets everything, and the next one is whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from .engine import empty_site_folder, folder_state, page_state, quiet_dirty_notice, rebuild_when, restore_page


def _digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def _nav_state(items: list[Any]) -> str:
    """The navigation's titles and addresses in order: what every page that shows the navigation prints."""
    rows = []
    for item in items:
        if isinstance(item, Section):
            rows.append(f"[{item.title}\n{_nav_state(item.children)}]")
        elif isinstance(item, (Page, Link)):
            rows.append(f"{item.title}\t{item.url}")
    return "\n".join(rows)


@dataclass
class _Kept:
    source: str  # the digest of the page's Markdown source when it was last read
    state: dict[str, Any]


class IncrementalBuilds:
    """The state one `serve --dirty` session keeps from build to build."""

    def __init__(self) -> None:
        self.kept: dict[str, _Kept] = {}
        self.site_state: str | None = None
        self.nav_state: str | None = None
        self.changed: set[str] = set()
        self.sources: dict[str, str] = {}
        self.rebuild_all = False
        quiet_dirty_notice()  # this rebuild is exact

    def start(self, files: Files, config: MkDocsConfig, site_inputs: str) -> None:
        """Decide, once the build's files are known (`on_files`), which pages are read again."""
        config_file = Path(config.config_file_path) if config.config_file_path else None
        custom_dir = config.theme.custom_dir
        site_state = _digest(
            config_file.read_bytes() if config_file and config_file.is_file() else b"",
            folder_state(custom_dir),
            site_inputs,
            "\n".join(sorted(f"{f.src_uri}\t{f.dest_uri}" for f in files)),
        )
        if site_state != self.site_state:
            self.forget()
            empty_site_folder(config)
            self.site_state = site_state
        self.sources = {f.src_uri: _digest(f.content_bytes) for f in files.documentation_pages()}
        self.changed = {uri for uri, source in self.sources.items()
                        if uri not in self.kept or self.kept[uri].source != source}
        self.rebuild_all = False
        for file in files.documentation_pages():
            rebuild_when(file, self._is_modified(file))

    def _is_modified(self, file: File) -> Callable[[], bool]:
        return lambda: self.rebuild_all or file.src_uri in self.changed

    def restore(self, files: Files) -> None:
        """Give each page that is not read again what it held in the previous build (`on_nav`)."""
        for file in files.documentation_pages():
            if file.page is not None and file.src_uri not in self.changed:
                restore_page(file.page, self.kept[file.src_uri].state)

    def pages_read(self, nav: Navigation) -> None:
        """Once every page is read (`on_env`): a change in the navigation's titles or order renders every page."""
        nav_state = _nav_state(nav.items)
        self.rebuild_all = nav_state != self.nav_state
        self.nav_state = nav_state

    def finish(self, files: Files) -> None:
        """Keep what each page holds for the next build (`on_post_build`)."""
        self.kept = {file.src_uri: _Kept(self.sources[file.src_uri], page_state(file.page))
                     for file in files.documentation_pages() if file.page is not None}

    def forget(self) -> None:
        """After a failed build: the next one reads and renders everything."""
        self.kept, self.site_state, self.nav_state = {}, None, None

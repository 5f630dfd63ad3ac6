"""Every use the plugin makes of the engine's internals, in one place: what MkDocs 1.x (and ProperDocs, its
maintained continuation) does not offer plugins, but the preview needs.

Each function names what we rely on, and tests/test_engine.py holds each to it on real engine objects, so an engine
release that changes one of these internals fails there, not in a preview that silently serves stale pages.
plugins/ot_knowledge_base.py and plugins/incremental.py reach the engine's internals only through these functions.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

import jinja2
import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure import pages as engine_pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch
from watchdog.observers.polling import PollingObserver

# What a page holds once read and rendered: its title from the first heading (`_title_from_render`, which
# `Page.title` prefers) and the ids of its headings (`present_anchor_ids`, which other pages' links are checked
# against) are internals.
PAGE_STATE = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids")

# The loggers of the engine's build command, under MkDocs and under ProperDocs.
BUILD_LOGGERS = ("mkdocs.commands.build", "properdocs.commands.build")


def page_state(page: Page) -> dict[str, Any]:
    """What `page` holds once read and rendered, for `restore_page` in a later build."""
    return {name: getattr(page, name) for name in PAGE_STATE}


def restore_page(page: Page, state: dict[str, Any]) -> None:
    """Give `page`, which this build does not read again, what it held in a previous build: its title, metadata,
    HTML, table of contents and heading ids. Its links to other pages' headings are not checked again (they were
    when it was read, and `generator check` checks every one); the pages they name are the previous build's."""
    for name, value in state.items():
        setattr(page, name, value)
    page.links_to_anchors = {}


def rebuild_when(file: File, modified: Callable[[], bool]) -> None:
    """Make a dirty build read and render `file`'s page exactly when `modified()` says so, asked as the page is
    read and again as it is written (the engine's own test compares file times, wrong for generated pages)."""
    file.is_modified = modified  # type: ignore[method-assign]


def empty_site_folder(config: MkDocsConfig) -> None:
    """Remove everything in the site folder (the folder itself stays), as a clean build does."""
    clean_directory(config.site_dir)


class _DirtyNoticeFilter(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation and links stale; the preview's rebuild does not."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "A 'dirty' build is being performed" not in record.getMessage()


DIRTY_NOTICE = _DirtyNoticeFilter()


def quiet_dirty_notice() -> None:
    """Drop the engine's warning that a dirty build is inexact (its words are what is matched)."""
    for name in BUILD_LOGGERS:
        logging.getLogger(name).addFilter(DIRTY_NOTICE)


def watched_paths(server: LiveReloadServer) -> list[str]:
    """The paths `server` watches, each once: MkDocs keeps no public list of them."""
    return list(server._watched_paths)


# How long a preview waits after a change for the next one, before it rebuilds (see use_change_notifications).
SETTLE_SECONDS = 0.03


class _ChangesObserver(Observer):  # type: ignore[valid-type,misc]  # chosen per platform at import
    """The platform's native observer, passing on changes to files and nothing else (not opening or reading)."""

    # Folders too: an editor's "delete" often moves a whole folder away, which reports the folder, not its files.
    CHANGES: list[type[FileSystemEvent]] = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent,
                                            FileClosedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent]

    def schedule(self, event_handler: FileSystemEventHandler, path: str, *, recursive: bool = False,
                 **kwargs: Any) -> ObservedWatch:
        kwargs["event_filter"] = self.CHANGES
        watch: ObservedWatch = super().schedule(_FoldersToo(event_handler), path, recursive=recursive, **kwargs)
        return watch


class _FoldersToo(FileSystemEventHandler):
    """Passes a folder created, deleted or moved on as a change of a file: MkDocs' handler ignores folder events,
    and a folder moved out of content/ reports only the folder, so the preview would keep serving its pages."""

    def __init__(self, inner: FileSystemEventHandler) -> None:
        self.inner = inner

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.is_directory and isinstance(event, (DirCreatedEvent, DirDeletedEvent, DirMovedEvent)):
            event = FileModifiedEvent(event.src_path)
        self.inner.dispatch(event)


def use_change_notifications(server: LiveReloadServer) -> None:
    """Watch for edits with the operating system's change notifications rather than MkDocs' polling.

    MkDocs scans the watched folders every 0.5 s, so an edit waits 0.25 s on average (and up to 0.5 s) before its
    rebuild even starts: a quarter of the one second a preview should take. watchdog's native observer (inotify,
    FSEvents, ReadDirectoryChangesW) hears of the edit at once, and falls back to polling where there is none.
    The folders MkDocs already watches (docs/, mkdocs.yml, the theme) move to the new observer, which replaces the
    server's. Only changes count: inotify also reports files being opened and read, and the build reads every
    watched file, which would start the next rebuild for ever.
    """
    if not isinstance(server.observer, PollingObserver) or server.observer.is_alive():
        return
    # The server waits for changes to stop before it rebuilds (0.1 s): events from one save arrive within a few
    # milliseconds of each other, so a shorter wait sees the same save whole and starts its rebuild sooner.
    if not isinstance(getattr(server, "build_delay", None), float):
        raise TypeError("the engine's live-reload server has no build_delay: update plugins/engine.py")
    server.build_delay = SETTLE_SECONDS
    paths = watched_paths(server)
    for path in paths:
        server.unwatch(path)
    server.observer = _ChangesObserver()
    for path in paths:
        server.watch(path)


class _OneConverter:
    """The `markdown` module as the engine's page renderer sees it, except that `Markdown(...)` hands back one
    converter per configuration, reset between pages, instead of building a new one (and every extension in it)
    for each page. The renderer still registers its own per-page processors on it each time, under the same
    names, so each page's replace the last page's. Another set of extensions or extension settings gets a new
    converter."""

    def __init__(self) -> None:
        self._made_with: tuple[object, object] | None = None
        self._converter: markdown.Markdown | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(markdown, name)

    def Markdown(self, **options: Any) -> markdown.Markdown:  # noqa: N802 - the name the renderer calls
        made_with = (options.get("extensions"), options.get("extension_configs"))
        if self._converter is None or made_with != self._made_with:
            self._converter = markdown.Markdown(**options)
            self._made_with = made_with
        else:
            self._converter.reset()
        return self._converter


def one_markdown_converter() -> None:
    """Have the engine's `Page.render` convert every page of a build with one Markdown converter, reset between
    pages (Python-Markdown's own way to convert many documents), rather than a new converter per page. Relies on
    the renderer calling `markdown.Markdown(extensions=..., extension_configs=...)` through the module name
    `markdown` of its pages module; tests/test_engine.py holds it to giving the same pages as fresh converters."""
    if not isinstance(engine_pages.markdown, _OneConverter):  # type: ignore[attr-defined]
        engine_pages.markdown = _OneConverter()  # type: ignore[attr-defined,assignment]


# The theme files of the last build: (what they were found from, [(path, theme folder), ...]).
_THEME_FILES: list[tuple[object, list[tuple[str, str]]]] = []
_ADD_FILES_FROM_THEME = Files.add_files_from_theme


def folder_state(folder: str | None) -> str:
    """Every file under `folder` by path, size and modification time: an added, removed or edited file changes it."""
    if not folder or not os.path.isdir(folder):
        return ""
    rows = []
    for root, _dirs, names in os.walk(folder):
        for name in names:
            stat = os.stat(os.path.join(root, name))
            rows.append(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(sorted(rows))


def _theme_files_once(self: Files, env: jinja2.Environment, config: MkDocsConfig) -> None:
    """`Files.add_files_from_theme`, with the theme's files listed once while neither the theme's folders nor the
    files of its custom folder change. The engine lists and filters every file of every theme folder on every
    build (Material's icons are 14,000 of them): a tenth of a second of each preview rebuild."""
    theme = config.theme
    found_from = (tuple(theme.dirs), tuple(theme.static_templates), folder_state(theme.custom_dir))
    if not _THEME_FILES or _THEME_FILES[0][0] != found_from:
        listed = Files([])
        _ADD_FILES_FROM_THEME(listed, env, config)
        _THEME_FILES[:] = [(found_from, [(f.src_uri, f.src_dir or "") for f in listed])]
    for path, folder in _THEME_FILES[0][1]:
        if self.get_file_from_path(path) is None:  # as the engine does: the docs' own files come first
            self.append(File(path, folder, config.site_dir, config.use_directory_urls))


def theme_files_once() -> None:
    """Have the engine's builds list the theme's files once rather than on every build (see `_theme_files_once`).
    Relies on the build calling `Files.add_files_from_theme(env, config)` and on that adding, for each theme file
    that is no docs file, `File(path, theme folder, site_dir, use_directory_urls)`; tests/test_engine.py holds it
    to the engine's own list."""
    Files.add_files_from_theme = _theme_files_once  # type: ignore[method-assign]

"""A thin MkDocs adapter over `generator`: it translates MkDocs events into generator calls.

No content logic lives here. `on_config` loads and checks the content (aborting the build with every
problem listed), `on_files` adds the generated pages in memory with their "edit this page" links pointing at
the content files, `on_post_build` writes the search index (so `mkdocs serve` previews a complete search), and
`on_serve` makes `mkdocs serve` rebuild when a content file changes.
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from watchdog.events import (
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

from generator import Options, Result, generate
from generator.postbuild.search import SearchIndexError, index_site
from generator.problems import display_path
from generator.render.referral import flow_navigation
from generator.structure.content import FLOW

log = logging.getLogger("mkdocs.plugins.ot_knowledge_base")


class KnowledgeBaseConfig(Config):
    # Folder holding specialisms/, case-studies/ and the rest, relative to mkdocs.yml.
    # Set it from the environment in mkdocs.yml with `!ENV [OT_CONTENT_DIR, content]`.
    content_dir = c.Type(str, default="content")

    # Referral flows: where "email this referral" links send the summary (no link when unset), and bounds
    # that fail the build when a flow grows too long or too branched to finish or review.
    referral_email = c.Optional(c.Type(str))
    max_questions = c.Type(int, default=8)
    max_paths = c.Type(int, default=150)


def options_from_config(config: MkDocsConfig) -> Options:
    """The generator's options from a loaded mkdocs.yml: one reading, for the plugin and the benchmark alike."""
    plugin = config.plugins["ot-knowledge-base"].config
    return Options(
        max_questions=plugin.max_questions,
        max_paths=plugin.max_paths,
        referral_email=plugin.referral_email,
        site_url=config.site_url,
        docs_dir=Path(config.docs_dir),  # hand-written pages get the same unsafe-HTML check as content
    )


def _add_flows_to_nav(config: MkDocsConfig, entries: list[dict[str, str]]) -> None:
    """List each referral tool under the navigation section whose index is the referral tools page, so the
    navigation follows the content: a new flow file appears there without editing mkdocs.yml."""
    index = f"{FLOW.folder}/index.md"

    def visit(nav: list[Any]) -> bool:
        for entry in nav:
            children = next(iter(entry.values())) if isinstance(entry, dict) else None
            if isinstance(children, list):
                if index in children:
                    children[children.index(index) + 1:] = entries
                    return True
                if visit(children):
                    return True
        return False

    if config.nav is not None and not visit(config.nav):
        raise Abort(f"mkdocs.yml: the nav has no section holding '{index}', where the referral tools are listed")


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory and keyed by their source (an edited template compiles afresh)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class _NavOnce:
    """`{% call nav_once(page) %}...{% endcall %}`: the navigation's HTML, rendered once per folder of pages
    outside the navigation (overrides/partials/site-nav.html).

    For a page that is not in the navigation, nothing in the navigation is active, and its links are relative
    to the page's folder: "specialisms/hand-therapy/" and "specialisms/splints/" get the same HTML. Pages in the
    navigation (whose own entry is marked active) and pages with a navigation entry below them render afresh.
    """

    def __init__(self, nav: Navigation) -> None:
        self.in_nav = {page.url for page in nav.pages}
        self.html: dict[str, str] = {}

    def __call__(self, page: Page | None, *, caller: Callable[[], str]) -> str:
        url = page.url if page is not None else ""
        if not url.endswith("/") or url in self.in_nav or any(u.startswith(url) for u in self.in_nav):
            return caller()
        folder = posixpath.dirname(url.rstrip("/"))
        if folder not in self.html:
            self.html[folder] = caller()
        return self.html[folder]


class KnowledgeBasePlugin(BasePlugin[KnowledgeBaseConfig]):
    supports_multiple_instances = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup makes MkDocs keep this instance across `mkdocs serve` rebuilds, so the template
        # cache below lasts the session. Per-build state is still created afresh in on_config.
        self.template_cache = _MemoryBytecodeCache()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Per-build state: recreated on every build, so `mkdocs serve` rebuilds never accumulate pages.
        self.content_dir = Path(config.config_file_path or ".").parent / self.config.content_dir
        self.result: Result = generate(self.content_dir, options_from_config(config))
        problems = self.result.problems
        # Content warnings (a review falling due) are for `make check`; logged as warnings here they would
        # fail every `mkdocs build --strict`, and so every deploy, on the day an item turns two years old.
        for warning in problems.warnings:
            log.info(str(warning))
        if problems.errors:
            lines = "\n".join(str(p) for p in problems.sorted() if p.severity == "error")
            raise Abort(f"{len(problems.errors)} problem(s) in content:\n{lines}")
        _add_flows_to_nav(config, flow_navigation(self.result.site))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        docs_dir = Path(config.docs_dir)
        clashes = [
            f"{display_path(docs_dir / page.path)}:1:1: a hand-written page has the same path as a generated "
            f"one ({page.source or 'made by the generator'}); rename or remove it"
            for page in self.result.pages.values() if files.get_file_from_path(page.path) is not None
        ]
        if clashes:
            raise Abort(f"{len(clashes)} page path collision(s):\n" + "\n".join(clashes))
        generated = {page.path for page in self.result.pages.values()}
        missing = [f"mkdocs.yml: extra.sections.{name} is '{address}', which is not a page of this site"
                   for name, address in (config.extra.get("sections") or {}).items()
                   if f"{address}index.md" not in generated and files.get_file_from_path(f"{address}index.md") is None]
        if missing:
            raise Abort("\n".join(missing))
        for page in self.result.pages.values():
            file = File.generated(config, page.path, content=page.text)
            if page.source is not None:
                # A path relative to docs/ ("../content/specialisms/x.yml"); MkDocs joins it onto repo_url +
                # edit_uri, and URL joining removes the "..", giving .../edit/main/content/specialisms/x.yml.
                file.edit_uri = Path(os.path.relpath(page.source, docs_dir)).as_posix()
            files.append(file)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav_once = _NavOnce(nav)  # per build: the navigation's HTML depends on this build's pages
        return nav

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # MkDocs builds a new theme environment for every build and would compile every theme template again on
        # each `mkdocs serve` rebuild.
        env.bytecode_cache = self.template_cache
        env.globals["nav_once"] = self.nav_once
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # One request to Pagefind for the whole site. (Handing it each page from on_post_page, to index beside the
        # build, was measured slower: the Python API reads one answer per 0.1 s, 0.1 s a page.)
        try:
            pages = index_site(Path(config.site_dir))
        except SearchIndexError as exc:
            raise Abort(str(exc)) from None
        log.debug(f"search index: {pages} pages")

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        _notified_watcher(server)
        server.watch(str(self.content_dir))
        return server


class _ChangesObserver(Observer):  # type: ignore[valid-type,misc]  # chosen per platform at import
    """The platform's native observer, passing on changes to files and nothing else (not opening or reading)."""

    CHANGES: list[type[FileSystemEvent]] = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent,
                                            FileClosedEvent]

    def schedule(self, event_handler: FileSystemEventHandler, path: str, *, recursive: bool = False,
                 **kwargs: Any) -> ObservedWatch:
        kwargs["event_filter"] = self.CHANGES
        watch: ObservedWatch = super().schedule(event_handler, path, recursive=recursive, **kwargs)
        return watch


def _notified_watcher(server: LiveReloadServer) -> None:
    """Watch for edits with the operating system's change notifications rather than MkDocs' polling.

    MkDocs scans the watched folders every 0.5 s, so an edit waits 0.25 s on average (and up to 0.5 s) before its
    rebuild even starts: a quarter of the one second a preview should take. watchdog's native observer (inotify,
    FSEvents, ReadDirectoryChangesW) hears of the edit at once, and falls back to polling where there is none.
    The folders MkDocs already watches (docs/, mkdocs.yml, the theme) move to the new observer. Only changes count:
    inotify also reports files being opened and read, and the build reads every watched file, which would start
    the next rebuild for ever.
    """
    if not isinstance(server.observer, PollingObserver) or server.observer.is_alive():
        return
    paths = list(server._watched_paths)  # MkDocs keeps no public list of what it watches
    for path in paths:
        server.unwatch(path)
    server.observer = _ChangesObserver()
    for path in paths:
        server.watch(path)

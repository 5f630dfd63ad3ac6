"""A thin MkDocs adapter over `generator`: it translates MkDocs events into generator calls.

No content logic lives here. `on_config` loads and checks the content (aborting the build with every
problem listed), `on_files` adds the generated pages in memory with their "edit this page" links pointing at
the content files, `on_post_build` writes the search index (so a preview's search is complete), and `on_serve`
makes `mkdocs serve` rebuild when a content file changes.

It imports `mkdocs.*`: under the `properdocs` command those names resolve to ProperDocs, which reads this
plugin from either entry-point group (pyproject.toml registers both). It uses only the engine's plugin API; what
it needs beyond that (the server's watched paths and its observer) is in engine.py.
"""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
import jinja2.bccache
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator import LoadCache, Options, Result, generate
from generator.config.practice import Practice, UnknownSetting, fill_page, placeholder_problems
from generator.config.settings import SiteSettings
from generator.editor.bundle import BUNDLE, EditorBundleMissing
from generator.editor.site import EditorSettings, editor_files
from generator.output.build import options as build_options
from generator.output.writer import docs_collisions
from generator.postbuild.onthispage import on_this_page
from generator.postbuild.printlinks import print_addresses
from generator.postbuild.search import IndexAsWritten, SearchIndexError, index_site
from generator.problems import display_path
from generator.render.glossary import Glossary
from generator.render.pages import STEP_PAGE
from generator.render.referral import fill_red_flags, flow_navigation, red_flag_list
from generator.structure.content import FLOW

from .engine import empty_site_folder, one_markdown_converter, theme_files_once, use_change_notifications
from .incremental import IncrementalBuilds

# What every page hides of the theme's documentation layout: the navigation tree and the contents column.
GUIDE_LAYOUT = ("navigation", "toc")
# The theme's own stylesheets (names carry a content hash), which the editor's page preview loads too.
THEME_STYLE = re.compile(r"assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css")

log = logging.getLogger("mkdocs.plugins.ot_knowledge_base")


class PracticeConfig(Config):
    # Who the practice is and how readers reach it: named in every page's footer, on the contact page, on every
    # case manager's referral result and on printed pages. An environment variable set but empty reads as
    # unset, hence Optional. `make build RELEASE=1` refuses name, phone or email left at their placeholders.
    name = c.Optional(c.Type(str))
    phone = c.Optional(c.Type(str))
    email = c.Optional(c.Type(str))
    hours = c.Optional(c.Type(str))  # opening hours, e.g. "Monday to Friday, 9am to 5pm"
    area = c.Optional(c.Type(str))  # the area the practice serves
    cost_guide_url = c.Optional(c.Type(str))  # an online cost guide; the fees and funding page links to it
    logo = c.Optional(c.Type(str))  # relative to docs/; replaces theme.logo


class KnowledgeBaseConfig(Config):
    # Folder holding specialisms/, case-studies/ and the rest, relative to mkdocs.yml.
    # Set it from the environment in mkdocs.yml with `!ENV [OT_CONTENT_DIR, content]`.
    content_dir = c.Type(str, default="content")

    # Referral flows: where "email this referral" links send the summary (no link when unset), and bounds
    # that fail the build when a flow grows too long or too branched to finish or review.
    referral_email = c.Optional(c.Type(str))  # the practice's email when unset
    max_questions = c.Type(int, default=8)
    max_paths = c.Type(int, default=150)
    # A clinical review falls due this many months after a clinician signed it (`generator review sign`).
    review_interval_months = c.Type(int, default=12)

    # The browser editor at admin/ (Sveltia CMS, from node_modules/ after `npm ci`) and the "Editing this site"
    # page made from CONTRIBUTING.md. Saves open pull requests against editor_branch of the repository edit_uri
    # names (there is no repo_url: it would put a repository widget in the header).
    editor = c.Type(bool, default=True)
    editor_branch = c.Type(str, default="main")

    practice = c.SubConfig(PracticeConfig)
    # Set (`make build RELEASE=1`) for a build that will be published: any practice setting, site_url or
    # edit_uri still at a placeholder then fails the build, naming each one. Previews show a banner instead.
    release = c.Optional(c.Type(int))


def practice_from_config(config: MkDocsConfig) -> Practice:
    return Practice.from_settings(dict(config.plugins["ot-knowledge-base"].config.practice))


def unset_settings(config: MkDocsConfig) -> list[str]:
    """Each setting a published site cannot go out with: practice details, addresses still at placeholders."""
    return placeholder_problems(practice_from_config(config),
                                {"site_url (SITE_URL)": config.site_url, "edit_uri (EDIT_URI)": config.edit_uri})


def options_from_config(config: MkDocsConfig) -> Options:
    """The generator's options from a loaded mkdocs.yml: one reading, for the plugin and the benchmark alike."""
    plugin = config.plugins["ot-knowledge-base"].config
    # The same settings `python -m generator build` reads from mkdocs.yml, here from MkDocs' loaded config.
    return build_options(SiteSettings(
        docs_dir=Path(config.docs_dir),  # hand-written pages get the same unsafe-HTML check as content
        content_dir=Path(config.config_file_path or ".").parent / plugin.content_dir,
        site_url=config.site_url, repo_url=config.repo_url, edit_uri=config.edit_uri,
        referral_email=plugin.referral_email, max_questions=plugin.max_questions, max_paths=plugin.max_paths,
        review_interval_months=plugin.review_interval_months, practice=practice_from_config(config),
    ), release=bool(plugin.release))


def repository_of(edit_uri: str | None) -> str | None:
    """The repository an absolute edit address names: https://github.com/ORG/REPO/edit/main/docs/ -> .../ORG/REPO."""
    match = re.match(r"^(https://github\.com/[^/]+/[^/]+)/edit/", edit_uri or "")
    return match.group(1) if match else None


# The most referral tools the navigation lists by name; with more, it links to the referral tools page alone, which
# lists them all. Every page carries the navigation (the phone menu is all of it), so a list that grew with the
# content would make every page heavier and the menu longer than a phone screen.
NAV_TOOLS_MAX = 8


def _add_flows_to_nav(config: MkDocsConfig, entries: list[dict[str, str]]) -> None:
    """List each referral tool under the navigation section whose index is the referral tools page, so the
    navigation follows the content: a new flow file appears there without editing mkdocs.yml (up to
    NAV_TOOLS_MAX tools; beyond that the section holds the referral tools page alone)."""
    index = f"{FLOW.folder}/index.md"
    if len(entries) > NAV_TOOLS_MAX:
        entries = []

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


def _beside(config: MkDocsConfig, path: Path) -> Path:
    """A file of the repository: next to mkdocs.yml, or in the folder MkDocs runs in (a config kept elsewhere)."""
    here = Path(config.config_file_path or ".").parent / path
    return here if here.exists() else Path.cwd() / path


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
        self.editor_made: tuple[object, dict[str, bytes]] | None = None  # the editor's files, and what made them
        self.load_cache = LoadCache()  # each content file as loaded, by its text: an edit reloads only that file
        # `serve --dirty` (what `make serve` runs) rebuilds only the pages an edit changed; see incremental.py.
        self.incremental = IncrementalBuilds() if command == "serve" and dirty else None
        self.serving = command == "serve"
        self.dirty = dirty
        one_markdown_converter()  # one converter per build, not one per page: the same pages, sooner
        theme_files_once()  # the theme's files listed once, not on every preview rebuild

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Per-build state: recreated on every build, so `mkdocs serve` rebuilds never accumulate pages.
        self.practice = practice_from_config(config)
        self.unset = unset_settings(config)
        if self.config.release and self.unset:
            raise Abort("a release build needs the practice's real details; still at a placeholder:\n"
                        + "\n".join(f"  {line}" for line in self.unset)
                        + "\nSet them in mkdocs.yml (plugins > ot-knowledge-base > practice) or the environment.")
        if self.practice.logo:
            config.theme["logo"] = self.practice.logo
        self.content_dir = Path(config.config_file_path or ".").parent / self.config.content_dir
        self.result: Result = generate(self.content_dir, options_from_config(config), getattr(self, "load_cache", None))
        problems = self.result.problems
        # Content warnings (a review falling due) are for `make check`; logged as warnings here they would
        # fail every `mkdocs build --strict`, and so every deploy, on the day an item turns two years old.
        for warning in problems.warnings:
            log.info(str(warning))
        self.content_problems = [str(p) for p in problems.sorted() if p.severity == "error"]
        if self.content_problems:
            lines = "\n".join(self.content_problems)
            if not getattr(self, "serving", False):
                raise Abort(f"{len(problems.errors)} problem(s) in content:\n{lines}")
            # A preview shows the problems in place of every page, rather than serving pages that are stale.
            log.error(f"{len(problems.errors)} problem(s) in content; the preview shows them until they are fixed:\n"
                      f"{lines}")
        _add_flows_to_nav(config, flow_navigation(self.result.site))
        self.glossary = Glossary(self.result.site)
        return config

    def _editor(self, config: MkDocsConfig, files: Files) -> dict[str, bytes]:
        """The editor's files, by path in the site; its page preview uses the reader pages' stylesheets."""
        styles = tuple(sorted(f.url for f in files if THEME_STYLE.fullmatch(f.src_uri))) + tuple(
            str(css) for css in config.extra_css)
        settings = EditorSettings(config.repo_url or repository_of(config.edit_uri), self.config.editor_branch,
                                  _beside(config, BUNDLE), config.site_url, self.practice.name, styles)
        # A preview's rebuild makes the same files while the settings and the installed bundle (`npm ci` rewrites
        # it) are unchanged: made once, they save each rebuild a tenth of a second.
        made_from = (settings, settings.bundle.stat().st_mtime_ns if settings.bundle.is_file() else None)
        made = getattr(self, "editor_made", None)
        if made is not None and made[0] == made_from:
            return dict(made[1])
        try:
            out = editor_files(settings)
        except (EditorBundleMissing, ValueError, TypeError, OSError) as exc:
            raise Abort(f"editor: {exc}") from None
        self.editor_made = (made_from, out)
        return dict(out)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.content_problems:
            return self._problems_only(files, config)
        docs_dir = Path(config.docs_dir)
        clashes = docs_collisions(self.result.pages.values(), docs_dir).sorted()
        if clashes:
            raise Abort(f"{len(clashes)} page path collision(s):\n" + "\n".join(str(p) for p in clashes))
        generated = {page.path for page in self.result.pages.values()}
        missing = [f"mkdocs.yml: extra.sections.{name} is '{address}', which is not a page of this site"
                   for name, address in (config.extra.get("sections") or {}).items()
                   if f"{address}index.md" not in generated and files.get_file_from_path(f"{address}index.md") is None]
        if missing:
            raise Abort("\n".join(missing))
        # The referral tools' steps last: they are not indexed, so the search index is made while they are written.
        for page in sorted(self.result.pages.values(), key=lambda page: STEP_PAGE.match(page.path) is not None):
            # Each page's edit address is in its front matter (`edit_url`, from the generator), which the page
            # footer and actions partials read under either engine.
            files.append(File.generated(config, page.path, content=page.text))
        for path, content in (self._editor(config, files) if self.config.editor else {}).items():
            if files.get_file_from_path(path) is not None:
                raise Abort(f"{display_path(docs_dir / path)}:1:1: a hand-written file has the path of the editor's "
                            f"'{path}'; rename or remove it")
            files.append(File.generated(config, path, content=content))
        if self.incremental is not None:
            # The red-flag list is filled into hand-written pages from the flows: a change to it rebuilds them.
            self.incremental.start(files, config, repr((self.practice.as_dict(), self.unset,
                                                        sorted(self.glossary.definitions.items()),
                                                        red_flag_list(self.result.site, "index.md"))))
        self.files = files
        return files

    def _problems_only(self, files: Files, config: MkDocsConfig) -> Files:
        """The preview's site while content has errors: one page listing them, the theme's assets, and nothing
        from the last good build (the site folder is emptied), so no address serves a stale page."""
        if self.incremental is not None:
            self.incremental.forget()
        empty_site_folder(config)
        kept = Files([f for f in files if not f.is_documentation_page()])
        listed = "\n".join(self.content_problems)
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", listed)), default=0))
        text = (f"---\ntitle: Content problems\nsearch:\n  exclude: true\n---\n\n# Content problems\n\n"
                f"The preview cannot show the site while content has these problems. Fix each one (the file, line "
                f"and column come first); the preview rebuilds as you save.\n\n{fence}text\n{listed}\n{fence}\n")
        kept.append(File.generated(config, "index.md", content=text))
        self.files = kept
        return kept

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav_once = _NavOnce(nav)  # per build: the navigation's HTML depends on this build's pages
        self.nav = nav
        if self.incremental is not None:
            self.incremental.restore(files)
        return nav

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # MkDocs builds a new theme environment for every build and would compile every theme template again on
        # each `mkdocs serve` rebuild.
        env.bytecode_cache = self.template_cache
        # The practice's details for the theme's footer, print footer and 404 page; the banner lists what a
        # preview still lacks.
        env.globals["practice"] = self.practice.as_dict()
        env.globals["practice_unset"] = self.unset
        env.globals["nav_once"] = self.nav_once
        # The 404 page of a preview whose content has errors lists them too, whatever address was asked for.
        env.globals["content_problems"] = self.content_problems
        if self.incremental is not None and not self.content_problems:
            self.incremental.pages_read(self.nav)
        self.search_index = self._index_as_written(config, files)
        return env

    def _index_as_written(self, config: MkDocsConfig, files: Files) -> IndexAsWritten | None:
        """The search index, to start once the last page it holds is written (see IndexAsWritten). Each page is
        written unless this is a dirty build that does not rebuild it; it is indexed unless its front matter
        says `search: {exclude: true}` (overrides/partials/indexed-content.html)."""
        if self.content_problems or (self.dirty and self.incremental is None):
            return None  # nothing to index, or the engine's own dirty build, which writes what it decides
        writing, expected = set(), set()
        for file in files.documentation_pages():
            if file.page is None or (self.incremental is not None and not file.is_modified()):
                continue
            writing.add(file.dest_uri)
            if not (file.page.meta.get("search") or {}).get("exclude"):
                expected.add(file.dest_uri)
        return IndexAsWritten(Path(config.site_dir), writing, expected)

    @event_priority(-100)  # after any other plugin's changes: the page as it is written
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        search_index: IndexAsWritten | None = getattr(self, "search_index", None)
        if search_index is not None and output.strip():
            search_index.written(page.file.dest_uri, output.encode("utf-8", errors="xmlcharrefreplace"))
        return output

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Every page reads as a guide: one column, with no navigation tree or contents column beside it (the
        # phone menu keeps the whole navigation; long pages list their sections at the top, on_page_content).
        page.meta["hide"] = sorted({*page.meta.get("hide", []), *GUIDE_LAYOUT})
        # Generated pages have the practice's details (from Options) and their glossary tooltips already.
        # Hand-written pages name the practice as {{ practice.phone }}, and get the tooltips here.
        if page.file.generated_by is not None or page.file.src_uri in self.result.pages:
            return markdown
        try:
            markdown = fill_page(markdown, self.practice, f"{config.docs_dir}/{page.file.src_uri}")
        except UnknownSetting as exc:
            raise Abort(str(exc)) from None
        markdown = fill_red_flags(markdown, self.result.site, page.file.src_uri)
        abbreviations = self.glossary.abbreviations(markdown)
        return f"{markdown}\n\n{abbreviations}" if abbreviations else markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if not page.is_homepage:
            html = on_this_page(html, [(item.title, item.url) for top in page.toc for item in top.children])
        # Printed links need full addresses, which only the published address of the page can give.
        return print_addresses(html, urljoin(config.site_url or "http://127.0.0.1:8000/", page.url))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # One request to Pagefind for the whole site. (Handing it each page from on_post_page, to index beside the
        # build, was measured slower: the Python API reads one answer per 0.1 s, 0.1 s a page.)
        if self.content_problems:
            return  # the problems page is all there is: nothing to index
        if self.incremental is not None:
            self.incremental.finish(self.files)
        try:
            search_index: IndexAsWritten | None = getattr(self, "search_index", None)
            pages = search_index.finish() if search_index is not None else index_site(Path(config.site_dir))
        except SearchIndexError as exc:
            raise Abort(str(exc)) from None
        finally:
            self.search_index = None
        log.debug(f"search index: {pages} pages")

    def on_build_error(self, *, error: Exception) -> None:
        search_index: IndexAsWritten | None = getattr(self, "search_index", None)
        if search_index is not None:
            search_index.stop()
            self.search_index = None
        incremental: IncrementalBuilds | None = getattr(self, "incremental", None)  # unset before on_startup
        if incremental is not None:
            incremental.forget()

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        use_change_notifications(server)
        # Everything a build reads that MkDocs does not watch itself: the content, and the theme overrides (MkDocs
        # watches them only with --watch-theme). The editor's bundle is read from node_modules/, which changes
        # only with `npm ci`.
        server.watch(str(self.content_dir))
        if config.theme.custom_dir:
            server.watch(str(config.theme.custom_dir))
        return server

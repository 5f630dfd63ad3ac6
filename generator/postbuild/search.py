"""The search index: Pagefind's chunked static index, written into the built site under `pagefind/`.

Material's search downloads the whole index on every page load (about 3 MB gzipped at 2,000 items). Pagefind
splits its index into chunks by word, so a query fetches only its JavaScript, its WebAssembly and the few chunks
and page fragments it needs, whatever the size of the site; nothing is fetched until the reader searches.

Which pages are indexed is decided in the theme, not here: a page is indexed only when it has an element with
`data-pagefind-body` (see overrides/partials/indexed-content.html), which step and outcome pages of the referral
tools, and the search page itself, do not have. Pagefind reads `data-pagefind-weight` from the same element, so
the search boosts pages set in their front matter carry over.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pagefind.service import get_executable

# Site-relative folder of the index and of Pagefind's own script, which assets/javascripts/search.js imports.
OUTPUT = "pagefind"
# Inside an indexed page's content but not its words: the heading permalinks' pilcrow (which would end every
# result's title), the "edit this page" button and the page's source-file dates.
EXCLUDED = [".headerlink", ".md-content__button", ".md-source-file"]


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


# What marks a page to be indexed (overrides/partials/indexed-content.html).
MARKER = b"data-pagefind-body"


def _indexed_pages(site: Path, written: dict[str, bytes] | None = None) -> Path:
    """A folder holding only the pages of `site` that ask to be indexed, each at its path in the site; the pages
    in `written` (site path: HTML) as given there rather than as the site folder holds them.

    Pagefind reads every HTML file it is given, and the referral tools' step pages, which it would read and then
    leave out, outnumber the rest; handing it only the indexed pages saves it that reading. Hard links where the
    file system allows them (no copying), copies where it does not. The folder is new, made beside the site (on
    the same file system, for the links); the caller removes it.
    """
    written = written or {}
    folder = Path(tempfile.mkdtemp(prefix=f".{site.name}-indexed-", dir=site.parent))
    for html in site.rglob("*.html"):
        path = html.relative_to(site).as_posix()
        if path not in written and MARKER in html.read_bytes():
            _link(html, folder / path)
    for path, text in written.items():
        if MARKER in text:
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_bytes(text)
    return folder


def _command(site: Path, pages: Path) -> list[str]:
    """Pagefind's command line over `pages`, writing the index into the site.

    The command line rather than Pagefind's Python API: the API polls its service for each answer every 0.1 s,
    which cost a preview's rebuild about 0.13 s more for the same index.
    """
    executable = get_executable()  # the binary of the locked pagefind-bin package
    if executable is None:
        raise SearchIndexError("Pagefind's program is missing: `make setup` installs it (pagefind[bin])")
    command = [str(executable), "--site", str(pages), "--output-path", str(site / OUTPUT),
               "--force-language", "en", "--quiet"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    return command


def _indexed(site: Path, returncode: int, output: str) -> int:
    """How many pages Pagefind indexed into the site, once it has exited with `returncode`."""
    if returncode != 0:
        raise SearchIndexError(f"{site}: Pagefind could not index the site: {output.strip()}")
    # The pages indexed each have one fragment.
    return sum(1 for _ in (site / OUTPUT / "fragment").glob("*.pf_fragment"))


def _index(site: Path, pages: Path) -> int:
    """Index `pages` into the site; how many pages were indexed."""
    proc = subprocess.run(_command(site, pages), capture_output=True, text=True, check=False)
    return _indexed(site, proc.returncode, proc.stderr or proc.stdout)


def _indexed_count(site: Path, count: int) -> int:
    """`count`, once the index is known to hold pages and Pagefind's unused files are removed."""
    if count == 0:
        raise SearchIndexError(f"{site}: no page has data-pagefind-body, so the search index would be empty")
    _remove_unused_ui(site / OUTPUT)
    return count


class IndexAsWritten:
    """The search index of a build, started as soon as the last page it will hold is written.

    Pagefind runs in its own process, so it can index while the build goes on writing pages it will not index
    (the referral tools' steps, written last): on two CPUs the index is then ready with the last page rather than
    after it. The caller says which pages this build will write (`writing`, site paths like
    "specialisms/hand-therapy/index.html") and which of them it expects to be indexed (`expected`), and hands over
    each page as it is written (`written`); every other page is taken from the site folder as it stands. A page
    that turns out otherwise than expected, or a build that never finishes writing, falls back to indexing the
    whole site at `finish`, as `index_site` does: the index is the same either way.
    """

    def __init__(self, site: Path, writing: set[str], expected: set[str]) -> None:
        self.site = site
        self.writing = writing
        self.pending = set(expected)
        # The pages this build writes, as written so far; those it has yet to write are left out of the index.
        self.written_pages: dict[str, bytes] = dict.fromkeys(writing, b"")
        self.wrong = False
        self.proc: subprocess.Popen[str] | None = None
        self.folder: Path | None = None
        if not self.pending:
            self._start()

    def written(self, path: str, html: bytes) -> None:
        """`html` is written to the site at `path`."""
        if self.wrong:
            return
        indexed = MARKER in html
        if path not in self.writing or indexed != (path in self.pending):
            self.wrong = True  # the build's pages are not what was expected: `finish` indexes the whole site
            self.stop()
            return
        if indexed:
            self.written_pages[path] = html
            self.pending.discard(path)
            if not self.pending:
                self._start()

    def _start(self) -> None:
        try:
            shutil.rmtree(self.site / OUTPUT, ignore_errors=True)
            self.folder = _indexed_pages(self.site, self.written_pages)
            self.proc = subprocess.Popen(_command(self.site, self.folder), stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, text=True)
        except (OSError, SearchIndexError):
            self.wrong = True  # `finish` indexes the whole site, and reports what fails then
            self.stop()

    def finish(self) -> int:
        """Wait for the index (or make it, when the build was not as expected); how many pages it holds."""
        if self.proc is None or self.wrong or self.pending:
            self.stop()
            return index_site(self.site)
        try:
            output, _ = self.proc.communicate()
            count = _indexed(self.site, self.proc.returncode, output)
        finally:
            self.stop()
        return _indexed_count(self.site, count)

    def stop(self) -> None:
        """Stop Pagefind if it is running and remove the pages handed to it (a failed build calls this too)."""
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.communicate()
            self.proc = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def _link(source: Path, target: Path) -> None:
    """`target` as a hard link to `source` where the file system allows it, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def index_site(site: Path) -> int:
    """Index every page of the built site at `site` that asks to be indexed; returns how many pages were.

    Raises SearchIndexError when Pagefind fails or indexes nothing (a theme change that lost
    `data-pagefind-body` would otherwise ship a search that finds nothing).
    """
    # A preview rebuilds into the same folder: an index of the pages as they were would otherwise stay beside it.
    shutil.rmtree(site / OUTPUT, ignore_errors=True)
    try:
        pages = _indexed_pages(site)
        try:
            count = _index(site, pages) if any(pages.iterdir()) else 0
        finally:
            shutil.rmtree(pages, ignore_errors=True)
    except OSError as exc:
        raise SearchIndexError(f"{site}: Pagefind could not index the site: {exc}") from exc
    return _indexed_count(site, count)


# Pagefind writes its ready-made interfaces beside the index. The site's own search page (search.js) uses the
# index API alone, so they are never fetched; one of them differs from build to build, which would break
# byte-identical builds of one commit.
UNUSED_UI = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
             "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js",
             # The WebAssembly for pages of no known language: every page here is English (force_language), and
             # pagefind-entry.json names only wasm.en.pagefind.
             "wasm.unknown.pagefind")


def _remove_unused_ui(folder: Path) -> None:
    for name in UNUSED_UI:
        (folder / name).unlink(missing_ok=True)


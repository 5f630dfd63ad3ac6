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

import asyncio
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig, PagefindIndex

# Site-relative folder of the index and of Pagefind's own script, which assets/javascripts/search.js imports.
OUTPUT = "pagefind"
# Inside an indexed page's content but not its words: the heading permalinks' pilcrow (which would end every
# result's title), the "edit this page" button and the page's source-file dates.
EXCLUDED = [".headerlink", ".md-content__button", ".md-source-file"]


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


# What marks a page for the index (overrides/partials/indexed-content.html).
MARK = "data-pagefind-body"


def _config(site: Path) -> IndexConfig:
    return IndexConfig(force_language="en", output_path=str(site / OUTPUT), exclude_selectors=EXCLUDED)


async def _index(site: Path) -> int:
    async with PagefindIndex(config=_config(site)) as index:
        await index.add_directory(str(site))
    # Pagefind's page_count counts every HTML file it read; the pages indexed each have one fragment.
    return sum(1 for _ in (site / OUTPUT / "fragment").glob("*.pf_fragment"))


def index_site(site: Path) -> int:
    """Index every page of the built site at `site` that asks to be indexed; returns how many pages were.

    Raises SearchIndexError when Pagefind fails or indexes nothing (a theme change that lost
    `data-pagefind-body` would otherwise ship a search that finds nothing).
    """
    try:
        count = asyncio.run(_index(site))
    except (OSError, AssertionError) as exc:
        raise SearchIndexError(f"{site}: Pagefind could not index the site: {exc}") from exc
    if count == 0:
        raise SearchIndexError(f"{site}: no page has data-pagefind-body, so the search index would be empty")
    return count


class IncrementalIndex:
    """Pages handed to Pagefind one by one as the engine writes them, indexed in Pagefind's own process.

    Pagefind runs beside the build on another core, so by the time the last page is written most of the index is
    built; `finish()` waits for the rest and writes it under `site/pagefind/`. The MkDocs plugin feeds it from
    `on_post_page`, so `mkdocs build` and every `mkdocs serve` rebuild end with a complete search.

    >>> index = IncrementalIndex(Path("site"))            # doctest: +SKIP
    >>> index.add("specialisms/hand-therapy/", html)      # doctest: +SKIP
    >>> index.finish()                                    # doctest: +SKIP
    """

    def __init__(self, site: Path) -> None:
        self.site = site
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="pagefind", daemon=True)
        self.thread.start()
        self.index = PagefindIndex(config=_config(site))
        self.sent: list[Future[Any]] = []
        self._wait(self.index.__aenter__())

    def _wait(self, coroutine: Any) -> Any:
        try:
            return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()
        except (OSError, AssertionError) as exc:
            raise SearchIndexError(f"{self.site}: Pagefind could not index the site: {exc}") from exc

    def add(self, url: str, html: str) -> None:
        """Queue a built page for indexing (without waiting); `url` is its site path, "" for the home page."""
        if MARK in html:
            coroutine = self.index.add_html_file(content=html, url="/" + url)
            self.sent.append(asyncio.run_coroutine_threadsafe(coroutine, self.loop))

    def finish(self) -> int:
        """Wait for every page, write the index into the site and stop Pagefind; returns how many pages it holds."""
        try:
            for future in self.sent:
                try:
                    future.result()
                except (OSError, AssertionError) as exc:
                    raise SearchIndexError(f"{self.site}: Pagefind could not index a page: {exc}") from exc
            if not self.sent:
                raise SearchIndexError(f"{self.site}: no page has {MARK}, so the search index would be empty")
            self._wait(self.index.__aexit__(None, None, None))
            return len(self.sent)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)

    def abandon(self) -> None:
        """Stop Pagefind without writing anything (the build failed)."""
        try:
            self._wait(self.index.__aexit__(RuntimeError, None, None))
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)

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
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

# Site-relative folder of the index and of Pagefind's own script, which assets/javascripts/search.js imports.
OUTPUT = "pagefind"
# Inside an indexed page's content but not its words: the heading permalinks' pilcrow (which would end every
# result's title), the "edit this page" button and the page's source-file dates.
EXCLUDED = [".headerlink", ".md-content__button", ".md-source-file"]


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


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
    # A preview rebuilds into the same folder: an index of the pages as they were would otherwise stay beside it.
    shutil.rmtree(site / OUTPUT, ignore_errors=True)
    try:
        # In a thread of its own: asyncio.run refuses to start where an event loop is already running (a caller's
        # own, or Playwright's in the tests).
        with ThreadPoolExecutor(max_workers=1) as pool:
            count = pool.submit(asyncio.run, _index(site)).result()
    except (OSError, AssertionError) as exc:
        raise SearchIndexError(f"{site}: Pagefind could not index the site: {exc}") from exc
    if count == 0:
        raise SearchIndexError(f"{site}: no page has data-pagefind-body, so the search index would be empty")
    _remove_unused_ui(site / OUTPUT)
    return count


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


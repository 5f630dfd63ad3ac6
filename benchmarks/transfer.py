"""What a reader downloads: the first load of a page, and the first search query, in Chromium, gzipped.

The built site is served from 127.0.0.1; Chromium loads a page and waits until the network is idle (everything
fetched before the reader types), then types a query on the search page and waits for the results. Every
response's body is read from the built file and gzipped (level 6, as a web server would), so the sum is what
the reader's connection carries; Pagefind's index files are gzipped already and barely shrink again.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import common  # noqa: F401 - puts the repository on sys.path, for generator

from generator.tools.browser import LAUNCH_ARGS, NoBrowser, find_chromium
from generator.tools.devserver import PAGES_CACHE_SECONDS, serve_folder

if TYPE_CHECKING:
    from playwright.sync_api import Request

SEARCH_PAGE = "search/"
QUERY = "wheelchair"  # an everyday query that both the shipped and the synthetic content answer


def _recorder(into: list[str]) -> Callable[[Request], None]:
    """A handler that notes each finished request's address in `into` (bound now, not when it is called)."""
    return lambda request: into.append(request.url)


def _gzipped(site: Path, url: str) -> int:
    path = unquote(urlsplit(url).path).lstrip("/")
    target = site / path
    if target.is_dir() or not path:
        target = target / "index.html"
    return len(gzip.compress(target.read_bytes(), 6, mtime=0)) if target.is_file() else 0


def sample_pages(site: Path) -> dict[str, str]:
    """One page of each kind that the site has: its site path by kind."""
    pages = {"home": "", "search": SEARCH_PAGE, "browse": "browse/"}
    for kind, pattern in (("specialism", "specialisms/*/index.html"), ("case story", "case-studies/*/index.html"),
                          ("flow step", "referral/*/step/index.html")):
        found = sorted(site.glob(pattern))
        if found:
            pages[kind] = found[0].parent.relative_to(site).as_posix() + "/"
    return {kind: path for kind, path in pages.items() if (site / path / "index.html").is_file()}


def first_search_from_a_page(site: Path, browser_path: Path) -> dict[str, Any]:
    """What a reader on a content page downloads to see the answer to their first search: the search page (from
    the header's search form), search's scripts, the index and the results' fragments. The site is served as
    GitHub Pages serves it (every file kept for ten minutes), so the theme's files, already fetched for the
    content page, come from the browser's cache as they would for a reader."""
    from playwright.sync_api import sync_playwright

    pages = sample_pages(site)
    start = pages.get("specialism") or pages["home"]
    with serve_folder(site, cache_seconds=PAGES_CACHE_SECONDS) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(browser_path), args=LAUNCH_ARGS)
        try:
            context = browser.new_context()
            fetched: list[str] = []
            # Only what crossed the network: a file the browser kept is not fetched again.
            context.on("requestfinished", lambda request: fetched.append(request.url)
                       if (response := request.response()) is not None and not response.from_service_worker
                       and request.sizes()["responseBodySize"] > 0 else None)
            page = context.new_page()
            page.goto(base + start)
            page.wait_for_load_state("networkidle")
            before = len(fetched)
            page.get_by_role("search").get_by_role("searchbox").fill(QUERY)
            page.get_by_role("search").get_by_role("searchbox").press("Enter")
            page.wait_for_function("q => (document.getElementById('kb-search-status') || {}).textContent"
                                   "?.includes('\u201c' + q + '\u201d')", arg=QUERY, timeout=120_000)
            page.wait_for_load_state("networkidle")
            search = fetched[before:]
            results = page.locator(".kb-search__result").count()
            context.close()
        finally:
            browser.close()
    return {"first_search_kb": sum(_gzipped(site, u) for u in search if u.startswith(base)) / 1024,
            "first_search_requests": len(search), "first_search_results": results, "first_search_from": start}


def measure_transfer(site: Path) -> dict[str, Any] | None:
    """Gzipped bytes of each sample page's first load, and of the first search query; None without Chromium."""
    try:
        chromium = find_chromium()
    except NoBrowser:
        return None
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {"first_load_kb": {}, "first_load_requests": {}}
    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS)
        try:
            for kind, path in sample_pages(site).items():
                # A fresh context per page: an empty cache, as on a reader's first visit.
                context = browser.new_context()
                fetched: list[str] = []
                context.on("requestfinished", _recorder(fetched))
                page = context.new_page()
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                out["first_load_kb"][kind] = sum(_gzipped(site, u) for u in fetched if u.startswith(base)) / 1024
                out["first_load_requests"][kind] = len(fetched)
                if kind == "search":
                    before = len(fetched)
                    page.get_by_label("Search the knowledge base").press_sequentially(QUERY)
                    # The status line names the query once its results are shown (or none were found).
                    page.wait_for_function("q => document.getElementById('kb-search-status').textContent"
                                           ".includes('\u201c' + q + '\u201d')", arg=QUERY, timeout=120_000)
                    page.wait_for_load_state("networkidle")
                    query = fetched[before:]
                    out["first_query_kb"] = sum(_gzipped(site, u) for u in query if u.startswith(base)) / 1024
                    out["first_query_requests"] = len(query)
                    out["first_query_results"] = page.locator(".kb-search__result").count()
                context.close()
        finally:
            browser.close()
    out.update(first_search_from_a_page(site, browser_path=chromium))
    out["first_load_max_kb"] = max(out["first_load_kb"].values())
    out["first_load_max_page"] = max(out["first_load_kb"], key=out["first_load_kb"].get)
    return out

"""Privacy: the site sends nothing about its readers anywhere. Every request a page makes goes to the site's own
origin: no web fonts or scripts from a CDN, no analytics, no repository-stats call to the GitHub API.

Three checks: Chromium loads every page from a server on 127.0.0.1 and records every request (in the accessibility
sweep, tests/test_accessibility.py, which loads them all anyway); it types a search here and records the search's
requests; and a scan of the built files finds any cross-origin address a browser would fetch by itself (scripts,
styles, icons, images, frames, media, and url(...) in CSS, @font-face included). Links a reader chooses to follow
are fine.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Request, expect

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bad-pages"

# Elements whose address the browser fetches on its own, and the attributes that hold it.
FETCHED = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",), "source": ("src", "srcset"),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "embed": ("src",), "object": ("data",),
    "input": ("src",),
}
# <link rel=...> values that make the browser fetch (or connect to) the href.
FETCHING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "icon",
                 "shortcut", "apple-touch-icon", "mask-icon", "manifest"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I | re.S)


def cross_origin(address: str) -> bool:
    """True for an address on another origin: any scheme except data: and blob:, or a protocol-relative //host."""
    address = address.strip()
    if address.startswith("//"):
        return True
    scheme = urlsplit(address).scheme.lower()
    return scheme not in ("", "data", "blob", "about")


def css_addresses(css: str) -> list[str]:
    return [m.group(2) if m.group(2) is not None else m.group(4) for m in CSS_URL.finditer(css)]


class Fetches(HTMLParser):
    """Every address in an HTML page that the browser would request without the reader clicking anything."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (where, address)
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in FETCHED.get(tag, ()):
            if name in values:
                addresses = [part.split()[0] for part in values[name].split(",") if part.strip()] \
                    if name == "srcset" else [values[name]]
                self.found += [(f"<{tag} {name}>", a) for a in addresses]
        if tag == "link" and FETCHING_RELS & set(values.get("rel", "").lower().split()):
            self.found.append((f"<link rel={values.get('rel')}>", values.get("href", "")))
        if "style" in values:
            self.found += [(f"<{tag} style>", a) for a in css_addresses(values["style"])]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += [("<style>", a) for a in css_addresses(data)]


def cross_origin_fetches(site: Path) -> list[str]:
    """Every cross-origin address a browser would fetch from the site's HTML and CSS, as "file: where address"."""
    problems = []
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".htm"):
            parser = Fetches()
            parser.feed(path.read_text(encoding="utf-8"))
            found = parser.found
        elif path.suffix == ".css":
            found = [("url(...)", a) for a in css_addresses(path.read_text(encoding="utf-8"))]
        else:
            continue
        rel = path.relative_to(site).as_posix()
        problems += [f"{rel}: {where} {address}" for where, address in found if cross_origin(address)]
    return problems


def test_the_built_site_fetches_nothing_from_another_origin(built_site: Path) -> None:
    problems = cross_origin_fetches(built_site)
    assert not problems, "cross-origin addresses a browser would fetch:\n" + "\n".join(problems)


def test_the_scan_finds_web_fonts_from_another_origin(tmp_path: Path) -> None:
    for name in ("web-fonts.html", "web-fonts.css"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    problems = cross_origin_fetches(tmp_path)
    assert any("<link rel=stylesheet> https://fonts.googleapis.com/" in p for p in problems), problems
    assert any(p.startswith("web-fonts.html: <style> https://fonts.gstatic.com/") for p in problems), problems
    assert any(p.startswith("web-fonts.css: url(...) //fonts.example.net/") for p in problems), problems
    assert len(problems) == 4, problems  # not the relative and data: addresses beside them


def test_the_origin_test_itself() -> None:
    for address in ("https://fonts.googleapis.com/css", "//cdn.example.net/x.js", "HTTP://example.org/a.png",
                    " https://example.org/ "):
        assert cross_origin(address), address
    for address in ("assets/site.css", "../index.html", "/knowledge-base/assets/x.svg", "#top",
                    "data:image/svg+xml;charset=utf-8,<svg/>", ""):
        assert not cross_origin(address), address


def test_no_request_of_a_search_leaves_the_site_in_chromium(browser: Browser, site_url: str) -> None:
    origin = site_url.rstrip("/")
    context = browser.new_context()
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    # The context sees the requests of every page and of their workers (search runs in a web worker).
    context.on("request", record)
    page = context.new_page()
    # Search results after typing a query, on the search page.
    page.goto(site_url + "search/")
    page.get_by_label("Search the knowledge base").press_sequentially("wheelchair")
    expect(page.locator(".kb-search__result").first).to_be_visible(timeout=15000)
    page.wait_for_load_state("networkidle")
    context.close()

    assert any(url.endswith("/pagefind/pagefind.js") for url in requests), requests
    assert any(".pf_fragment" in url for url in requests), requests
    elsewhere = sorted({url for url in requests
                        if not url.startswith(origin + "/") and urlsplit(url).scheme not in ("data", "blob")})
    assert not elsewhere, "requests that left the site:\n" + "\n".join(elsewhere)

"""Crawl the built site from its home page by links alone: every content item is at most three clicks away."""

from __future__ import annotations

import posixpath
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig

from generator.load.site import load_site
from generator.structure.content import FLOW, REVIEWED, SOURCE
from plugins.ot_knowledge_base import NAV_TOOLS_MAX, _add_flows_to_nav

ROOT = Path(__file__).resolve().parent.parent
MOST_CLICKS = 3
SKIPPED = ("assets/", "pagefind/", "sitemap.xml")


class Links(HTMLParser):
    """The href of every <a> on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def internal_target(page: str, href: str, site: Path) -> str | None:
    """The site path ("dir/" or "file.html") a relative link on `page` leads to, or None if it is not followed."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("#", "/")) or not parts.path:
        return None  # another site, mailto:, tel:, an absolute path, or a place on the same page
    base = page if page.endswith("/") or not page else posixpath.dirname(page) + "/"
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    if target == ".":
        target = ""
    elif target.startswith(".."):
        return None
    if target.startswith(SKIPPED) or target in {s.rstrip("/") for s in SKIPPED}:
        return None
    if (site / target / "index.html").is_file():
        return f"{target}/" if target else ""
    if target.endswith(".html") and (site / target).is_file():
        return "" if target == "index.html" else target.removesuffix("index.html")
    return None  # an image, a download or a missing page: not a page to read


def html_file(site: Path, path: str) -> Path:
    return site / path / "index.html" if path == "" or path.endswith("/") else site / path


def clicks_from_home(site: Path) -> dict[str, int]:
    """Every page reachable from the home page by following links, with the fewest clicks it takes."""
    depth = {"": 0}
    queue = deque([""])
    while queue:
        page = queue.popleft()
        parser = Links()
        parser.feed(html_file(site, page).read_text(encoding="utf-8"))
        for href in parser.hrefs:
            target = internal_target(page, href, site)
            if target is not None and target not in depth:
                depth[target] = depth[page] + 1
                queue.append(target)
    return depth


def content_pages() -> dict[str, str]:
    """The site path of every content item's page, from content/: specialisms, qualifications, checklists, case
    stories and the referral tools' start pages (sources share one page, which is checked separately; vocabularies
    are word lists with no page of their own, and the glossary page is checked with the other pages)."""
    site, problems = load_site(ROOT / "content")
    assert not problems, problems
    return {f"{item.type.folder}/{item.id}/": item.display_path for item in site.all()
            if item.type in REVIEWED}


def test_internal_link_resolution(tmp_path: Path) -> None:
    for folder in ("specialisms/hand-therapy", "referral/tool/step/a"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "index.html").write_text("")
    (tmp_path / "index.html").write_text("")
    assert internal_target("", "specialisms/hand-therapy/", tmp_path) == "specialisms/hand-therapy/"
    assert internal_target("referral/tool/step/a/", "../../../../specialisms/hand-therapy/#why", tmp_path) == (
        "specialisms/hand-therapy/"
    )
    assert internal_target("specialisms/hand-therapy/", "../..", tmp_path) == ""
    assert internal_target("specialisms/hand-therapy/", "../../index.html", tmp_path) == ""
    for skipped in ("#top", "mailto:a@example.org", "https://example.org/", "/specialisms/hand-therapy/",
                    "../../assets/images/logo.svg", "../../sitemap.xml", "../../pagefind/pagefind.js",
                    "../missing/"):
        assert internal_target("specialisms/hand-therapy/", skipped, tmp_path) is None, skipped


def test_every_content_item_is_within_three_clicks_of_home(built_site: Path) -> None:
    depth = clicks_from_home(built_site)
    expected = content_pages()
    assert len(expected) > 30, "too few content items: is content/ loading?"
    for path in expected:
        assert (built_site / path / "index.html").is_file(), f"{path} was not built"
    far = {path: depth.get(path) for path in expected if depth.get(path, MOST_CLICKS + 1) > MOST_CLICKS}
    assert not far, "content items more than three clicks from home (None: not reached at all):\n" + "\n".join(
        f"  {path} ({expected[path]}): {clicks}" for path, clicks in sorted(far.items())
    )


def test_sources_page_is_within_three_clicks_of_home(built_site: Path) -> None:
    depth = clicks_from_home(built_site)
    assert depth.get(f"{SOURCE.folder}/", MOST_CLICKS + 1) <= MOST_CLICKS


def test_the_navigation_names_each_referral_tool_up_to_a_limit_then_their_page_alone(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    flows = sorted(load_site(ROOT / "content")[0].items[FLOW.name])
    assert 0 < len(flows) <= NAV_TOOLS_MAX
    for flow in flows:  # the shipped tools, each in the navigation by name
        assert f'<a href="{FLOW.folder}/{flow}/" class="md-nav__link">' in home

    def section(count: int) -> list[str]:
        entries = [{f"Tool {n}": f"{FLOW.folder}/tool-{n}/index.md"} for n in range(count)]
        nav: list[Any] = [{"Home": "index.md"}, {"Referral tools": [f"{FLOW.folder}/index.md"]}]
        _add_flows_to_nav(cast(MkDocsConfig, SimpleNamespace(nav=nav)), entries)
        return [entry if isinstance(entry, str) else next(iter(entry.values())) for entry in nav[1]["Referral tools"]]

    assert section(NAV_TOOLS_MAX) == [f"{FLOW.folder}/index.md"] + [
        f"{FLOW.folder}/tool-{n}/index.md" for n in range(NAV_TOOLS_MAX)]
    assert section(NAV_TOOLS_MAX + 1) == [f"{FLOW.folder}/index.md"]  # the page that lists every tool

"""The left navigation is rendered once per folder of pages outside it (overrides/partials/site-nav.html with
`nav_once` from the plugin), and the pages get exactly what Material would have rendered for each of them."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from plugins.ot_knowledge_base import _NavOnce

PRIMARY = re.compile(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>\s*</div>', re.S)


def primary_nav(html_file: Path) -> str:
    found = PRIMARY.search(html_file.read_text(encoding="utf-8"))
    assert found, f"{html_file}: no primary navigation"
    return re.sub(r"\s+", " ", found.group(0))


def fake_nav(*urls: str) -> Any:
    return SimpleNamespace(pages=[SimpleNamespace(url=url) for url in urls])


def test_one_rendering_per_folder_of_pages_outside_the_navigation() -> None:
    once = _NavOnce(fake_nav("", "specialisms/", "referral/tool/"))
    calls: list[str] = []

    def render(url: str) -> str:
        calls.append(url)
        return f"nav for {url}"

    def page(url: str) -> Any:
        return SimpleNamespace(url=url)

    assert once(page("specialisms/a/"), caller=lambda: render("specialisms/a/")) == "nav for specialisms/a/"
    assert once(page("specialisms/b/"), caller=lambda: render("specialisms/b/")) == "nav for specialisms/a/"
    assert once(page("case-studies/c/"), caller=lambda: render("case-studies/c/")) == "nav for case-studies/c/"
    # Pages in the navigation (their entry is active), and pages with an entry below them, render afresh.
    once(page("specialisms/"), caller=lambda: render("specialisms/"))
    once(page("specialisms/"), caller=lambda: render("specialisms/"))
    once(page("referral/"), caller=lambda: render("referral/"))
    once(None, caller=lambda: render("no page"))
    assert calls == ["specialisms/a/", "case-studies/c/", "specialisms/", "specialisms/", "referral/", "no page"]


def test_item_pages_in_one_folder_share_a_navigation_with_nothing_active(built_site: Path) -> None:
    items = sorted(built_site.glob("specialisms/*/index.html"))
    assert len(items) > 2
    navs = {primary_nav(html) for html in items}
    assert len(navs) == 1
    (nav,) = navs
    assert "md-nav__link--active" not in nav and "md-nav__item--active" not in nav
    assert 'href="../../checklists/"' in nav  # relative to the item's folder


def test_a_page_in_the_navigation_still_marks_itself_active(built_site: Path) -> None:
    nav = primary_nav(built_site / "specialisms" / "index.html")
    assert re.search(r'<a href="\./" class="md-nav__link md-nav__link--active">', nav), nav[:2000]

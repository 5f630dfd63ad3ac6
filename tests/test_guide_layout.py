"""Reference pages read like a health service's guide: one column, the practice's name and a search form in the
header, an "On this page" list on long pages, no navigation tree, contents column, heading links or
Previous/Next beside the text."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from generator.postbuild.onthispage import on_this_page

SPECIALISM = "specialisms/hand-therapy/"


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_a_specialism_page_is_one_column_with_the_practice_and_search_in_the_header(
        browser: Browser, site_url: str, width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(site_url + SPECIALISM)
    home = page.locator("header a.kb-header__home")
    expect(home).to_have_text("Northway Occupational Therapy")
    assert urlsplit(home.evaluate("a => a.href")).path == urlsplit(site_url).path
    box = page.get_by_role("search").get_by_role("searchbox", name="Search the knowledge base").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] < 200
    # No navigation tree or contents column beside the text, no Previous/Next, no heading links to tab through.
    assert not page.locator(".md-sidebar--primary .md-nav__link").first.is_visible() or width < 960
    assert not page.locator(".md-sidebar--secondary").first.is_visible()
    assert page.locator(".md-footer__link").count() == 0
    assert page.locator("a.headerlink").count() == 0
    article = page.locator("article").bounding_box()
    assert article is not None
    text = page.locator("article h1 ~ p").first.bounding_box()
    assert text is not None and text["width"] <= 40 * 16  # a reading column, about 70 characters
    contents = page.get_by_role("navigation", name="On this page")
    expect(contents.get_by_role("link", name="When to instruct")).to_be_visible()
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(crumbs.get_by_role("link", name="Specialisms")).to_be_visible()
    crumb_box, title_box = crumbs.bounding_box(), page.locator("article h1").bounding_box()
    assert crumb_box is not None and title_box is not None and crumb_box["y"] < title_box["y"]
    # A keyboard user sees where they are: the focused link turns yellow, as on GOV.UK.
    link = contents.get_by_role("link", name="When to instruct")
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert link.evaluate("a => getComputedStyle(a).backgroundColor") == "rgb(255, 221, 0)"
    context.close()


def test_body_tables_are_at_reading_size(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "referral/case-manager-referral/how-it-decides/")
    sizes = page.evaluate("""() => [...document.querySelectorAll('.md-typeset table:not([class]) td')]
        .map(td => parseFloat(getComputedStyle(td).fontSize))""")
    body = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    assert sizes and min(sizes) >= body, (min(sizes), body)
    page.close()


def test_the_phone_menu_keeps_the_whole_navigation(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + SPECIALISM)
    page.get_by_label("Menu").click()
    expect(page.locator(".md-sidebar--primary").get_by_role("link", name="Specialisms").first).to_be_visible()
    context.close()


def test_the_header_search_opens_the_search_page_with_results(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site_url + SPECIALISM)
    assert page.evaluate("() => [...document.scripts].some(s => s.src.includes('search.js'))") is False
    page.get_by_role("searchbox", name="Search the knowledge base").fill("wheelchair")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=wheelchair")
    expect(page.locator("#kb-search-results > li").first).to_be_visible(timeout=15_000)
    context.close()


def test_the_header_search_without_javascript_reaches_a_page_that_says_what_to_do(browser: Browser,
                                                                                  site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + SPECIALISM)
    page.get_by_role("searchbox", name="Search the knowledge base").fill("wheelchair")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=wheelchair")
    expect(page.get_by_role("link", name="browse")).to_be_visible()
    context.close()


def test_on_this_page_lists_the_sections_of_long_pages_only(built_site: Path) -> None:
    long = (built_site / SPECIALISM / "index.html").read_text(encoding="utf-8")
    assert long.count('aria-labelledby="on-this-page"') == 1
    assert long.index("on-this-page") > long.index("<h1")
    html = "<h1>T</h1><p>x</p>"
    assert on_this_page(html, [("A", "#a"), ("B", "#b")]) == html
    listed = on_this_page(html, [("A & B", "#a"), ("C", "#c"), ("D", "#d")])
    assert '<li><a href="#a">A &amp; B</a></li>' in listed and listed.endswith("</nav><p>x</p>")
    step = '<a class="referral-back" href="../">Back</a><h1>Q</h1>'
    assert on_this_page(step, [("A", "#a"), ("B", "#b"), ("C", "#c")]) == step

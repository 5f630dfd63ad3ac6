"""The site as a reader meets it: a home page with a clear start, headings that stand out, lines short enough to
read, and pages that show content rather than internals (keyword lists, raw values, repeated notes).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import pytest
from conftest import ROOT
from playwright.sync_api import Browser

from generator.load.site import load_site
from generator.structure.content import CASE_STORY

# A colour scheme a browser context can ask for.
Scheme = Literal["light", "dark"]

START = "Should I instruct an OT?"
# Pages whose text runs long enough to measure, one of each kind.
TEXT_PAGES = ["", "specialisms/hand-therapy/", "case-studies/autism-running-community/",
              "case-managers/when-to-instruct-an-ot/", "contact/"]

# WCAG relative luminance and contrast of two "rgb(r, g, b)" colours, in the browser.
CONTRAST = """([fg, bg]) => {
  const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_home_start_action_is_large_and_above_the_fold(browser: Browser, site_url: str, width: int,
                                                       height: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(site_url)
    start = page.locator("article").get_by_role("link", name=START, exact=True)
    box = start.bounding_box()
    assert box is not None
    assert box["height"] >= 44, f"the start action is {box['height']}px tall"
    assert box["y"] + box["height"] <= height, f"the start action ends at {box['y'] + box['height']}px"
    start.click()
    assert page.url == site_url + "referral/case-manager-referral/"
    page.goto(site_url)
    for audience in ("For case managers", "For occupational therapists"):
        assert page.get_by_role("heading", name=audience).is_visible()
    page.close()


def test_home_without_javascript_offers_browse_not_search(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url)
    article = page.locator("article")
    assert article.get_by_role("link", name="Browse", exact=True).is_visible()
    assert "search" not in article.inner_text().lower()
    context.close()
    page = browser.new_page()
    page.goto(site_url)
    assert "Or search: everyday words" in page.locator("article").inner_text()
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_headings_are_solid_and_high_contrast(browser: Browser, site_url: str, scheme: Scheme) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    for path in ("", "specialisms/hand-therapy/"):
        page.goto(site_url + path)
        background = page.evaluate("getComputedStyle(document.querySelector('.md-main')).backgroundColor")
        if "0)" in background.replace(" ", "") or background == "rgba(0, 0, 0, 0)":
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        for heading in page.locator("article :is(h1, h2)").all()[:4]:
            weight, colour = heading.evaluate("h => [getComputedStyle(h).fontWeight, getComputedStyle(h).color]")
            assert int(weight) >= 400, f"{path}: heading weight {weight}"
            ratio = page.evaluate(CONTRAST, [colour, background])
            assert ratio >= 7, f"{path} ({scheme}): heading contrast {ratio:.1f}:1"
    context.close()


def test_text_lines_are_no_longer_than_about_75_characters(browser: Browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for path in TEXT_PAGES:
        page.goto(site_url + path)
        # The longest line of any paragraph or list item: its characters over its number of rendered lines.
        longest = page.evaluate("""() => Math.max(...[...document.querySelectorAll('article p, article li')]
            .filter(e => e.getClientRects().length && e.textContent.length > 200
                         && !e.closest('table, pre, footer, .md-footer'))
            .map(e => { const r = document.createRange(); r.selectNodeContents(e);
                        const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
                        return e.textContent.trim().length / tops.size; }))""")
        assert longest <= 80, f"{path or '/'}: lines average {longest:.0f} characters"
    page.close()


def test_pages_show_no_keyword_lists_and_readable_at_a_glance(built_site: Path) -> None:
    for html in built_site.rglob("*.html"):
        assert "Also searched for as" not in html.read_text(encoding="utf-8"), html
    text = (built_site / "specialisms" / "hand-therapy" / "index.html").read_text(encoding="utf-8")
    glance = text[text.index("At a glance"):text.index("</table>")]
    assert "one-off or ongoing:" not in glance and ">ongoing:" not in glance
    assert re.search(r"<td>(Usually ongoing|Usually a one-off piece of work|One-off or ongoing, depending on the "
                     r"client)\. ", glance)
    assert "All ages, from children to older adults" in glance or " and " in glance


def test_case_stories_have_one_outcome_heading_and_one_origin_note(built_site: Path) -> None:
    content, problems = load_site(ROOT / "content")
    assert not problems.errors
    for story in content.of(CASE_STORY):
        html = (built_site / "case-studies" / story.id / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        headings = re.findall(r"<h2[^>]*>(.*?)<", article)
        assert [h for h in headings if h.startswith("Outcome")] == ["Outcome"], (story.id, headings)
        notes = [h for h in ("Where this story comes from", "A composite story", "A published service example",
                                 "About this story") if h in article]
        assert len(notes) == 1 and article.count(notes[0]) == 1, (story.id, notes)

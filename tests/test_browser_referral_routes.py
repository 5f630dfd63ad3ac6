"""The referral tools in Chromium, along every route: with JavaScript off each route's links reach the result the
routing snapshot records; with it on, an earlier answer is marked when the reader comes back; question pages
have large answer targets, a strong heading and short lines; results print on one A4 page."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from generator.tools.snapshots import Route, parse_snapshot

# A colour scheme a browser context can ask for.
Scheme = Literal["light", "dark"]

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
FLOWS = sorted(p.stem for p in SNAPSHOTS.glob("*.txt"))
FIRST = "referral/case-manager-referral/step/"


def h1(page: Page) -> str:
    return page.locator("article h1").inner_text().replace("¶", "").strip()


@pytest.fixture(scope="module")
def no_js(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(java_script_enabled=False)
    yield context
    context.close()


@pytest.mark.parametrize("flow", FLOWS)
def test_every_route_reaches_its_snapshot_result_with_javascript_off(no_js: BrowserContext, site_url: str,
                                                                     flow: str) -> None:
    """Each route's answers, clicked one after another from "Start now", reach the result its snapshot records.

    The routes are walked as the tree they form: routes that share their first answers share those clicks, and
    the walk goes back a page to take the next answer, so every link on every route is clicked once.
    """
    routes = parse_snapshot((SNAPSHOTS / f"{flow}.txt").read_text(encoding="utf-8"))
    assert routes
    page = no_js.new_page()
    page.goto(f"{site_url}referral/{flow}/")
    page.get_by_role("link", name="Start now").click()
    reached: list[tuple[str, ...]] = []

    def walk(done: tuple[str, ...], below: list[Route]) -> None:
        here = page.url
        for route in below:
            if route.answers == done:  # the result of this route is the page the walk is on
                assert h1(page) == route.title, f"{' > '.join(done)}: reached {h1(page)!r}"
                # The result says how soon to act, as the snapshot records.
                expect(page.locator(".referral-urgency")).to_contain_text(f"How soon: {route.urgency.capitalize()}.")
                reached.append(done)
        nexts = list(dict.fromkeys(r.answers[len(done)] for r in below if len(r.answers) > len(done)))
        for answer in nexts:
            page.locator("a.referral-option").filter(has_text=re.compile(f"^{re.escape(answer)}$")).click()
            walk((*done, answer), [r for r in below if r.answers[:len(done) + 1] == (*done, answer)])
            page.go_back()
            assert page.url == here, f"{' > '.join(done)}: back at {page.url}, not {here}"

    none = page.locator("a.referral-none")
    if none.count():  # a red-flag screen: its own routes first, then "None of these" to the first question
        on_screen = {" ".join(t.split()) for t in page.locator("a.referral-option").all_text_contents()}
        walk((), [r for r in routes if r.answers[0] in on_screen])
        none.click()
        walk((), [r for r in routes if r.answers[0] not in on_screen])
    else:
        walk((), routes)
    assert sorted(reached) == sorted(r.answers for r in routes)
    page.close()


def test_the_earlier_answer_is_marked_when_the_reader_comes_back(browser: Browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + FIRST)
    expect(page.locator(".referral-option--chosen")).to_have_count(0)  # a first visit marks nothing
    page.get_by_role("link", name="Using the hands or arms").click()
    page.locator("a.referral-option").first.click()
    # Back by the page's link: the answer given on this question is marked.
    page.get_by_role("link", name="Back").click()
    chosen = page.locator("a.referral-option--chosen")
    expect(chosen).to_have_count(1)
    expect(chosen).to_contain_text("An injury, operation or burn")
    expect(chosen).to_contain_text("Your answer last time")
    # The browser's back button, through the history to the first question: its answer is marked too.
    for _ in range(3):  # the hand-injury question, the hands question, the first question
        page.go_back()
    expect(page.locator("a.referral-option--chosen")).to_contain_text("Using the hands or arms")
    # A "Change" link from a later page lands on the question with the answer marked.
    page.goto(site_url + FIRST + "using-the-hands-or-arms/")
    page.get_by_role("row", name=re.compile("main need")).get_by_role("link", name="Change").click()
    expect(page.locator("a.referral-option--chosen")).to_contain_text("Using the hands or arms")
    context.close()


def test_change_links_work_with_javascript_off(no_js: BrowserContext, site_url: str) -> None:
    page = no_js.new_page()
    page.goto(site_url + FIRST + "using-the-hands-or-arms/")
    page.get_by_role("row", name=re.compile("main need")).get_by_role("link", name="Change").click()
    assert page.url.endswith(FIRST) and h1(page) == "What is the client's main need right now?"
    page.close()


# Contrast of the heading's text over the page: colours blended onto the body's background, WCAG formula.
HEADING = """() => {
  const parse = c => c.match(/[\\d.]+/g).map(Number);
  const h = document.querySelector("article h1");
  const [r, g, b, a = 1] = parse(getComputedStyle(h).color);
  const [br, bg, bb] = parse(getComputedStyle(document.body).backgroundColor);
  const mix = [r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a)];
  const lum = ([x, y, z]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(x) + 0.7152 * f(y) + 0.0722 * f(z);
  };
  const [l1, l2] = [lum(mix), lum([br, bg, bb])].sort((p, q) => q - p);
  return {weight: Number(getComputedStyle(h).fontWeight), contrast: (l1 + 0.05) / (l2 + 0.05)};
}"""

# The characters on each rendered line of the main text: one range per character, grouped by line position.
LINES = """() => {
  const out = [];
  for (const el of document.querySelectorAll("article :is(p, h1, li)")) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const rows = new Map();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (let i = 0; i < n.length; i++) {
        const rect = (() => { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
                              return r.getBoundingClientRect(); })();
        if (rect.width === 0 && rect.height === 0) continue;
        const top = Math.round(rect.top);
        rows.set(top, (rows.get(top) || 0) + 1);
      }
    }
    out.push(...rows.values());
  }
  return Math.max(...out);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_question_pages_are_easy_to_read_and_tap(browser: Browser, site_url: str, scheme: Scheme, width: int) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    page = context.new_page()
    for path in (FIRST, FIRST + "the-home-getting-in-and/", FIRST + "a-child-or-young-person/"):
        page.goto(site_url + path)
        heading = page.evaluate(HEADING)
        assert heading["weight"] >= 400 and heading["contrast"] >= 7, (path, heading)
        boxes = [a.bounding_box() for a in page.locator("a.referral-option").all()]
        assert boxes and all(b is not None and b["height"] >= 44 for b in boxes), (path, boxes)
        # The whole row is the target: each answer is as wide as the list it sits in.
        row = page.locator(".referral-options li").first.bounding_box()
        assert row is not None and boxes[0] is not None and boxes[0]["width"] >= row["width"] - 1
        assert page.evaluate(LINES) <= 80, path  # about 75 characters a line at most
    context.close()


def test_how_it_decides_has_no_text_below_12px(browser: Browser, site_url: str) -> None:
    small = """() => [...document.querySelectorAll("body *")]
      .filter(e => e.getClientRects().length && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
      .filter(e => parseFloat(getComputedStyle(e).fontSize) < 12)
      .map(e => e.tagName + ": " + e.textContent.trim().slice(0, 40))"""
    for width in (390, 1280):
        for scheme in ("light", "dark"):
            context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
            page = context.new_page()
            for flow in FLOWS:
                page.goto(f"{site_url}referral/{flow}/how-it-decides/")
                assert page.locator("details.referral-outline").count() >= 1
                assert page.locator("img, svg.referral-diagram, object").filter(
                    has=page.locator("[src$='.svg']")).count() == 0
                assert page.evaluate(small) == [], (flow, width)
                # Nothing is wider than the screen but the route table, which scrolls on its own.
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, (flow, width, overflow)
            context.close()


def outcome_paths(built_site: Path) -> list[str]:
    """One built page for each distinct result of every flow."""
    seen: dict[str, str] = {}
    for html in sorted(built_site.glob("referral/*/step/**/index.html")):
        text = html.read_text(encoding="utf-8")
        if 'id="referral-summary"' in text:
            title = re.search(r"<h1[^>]*>(.*?)<", text)
            assert title is not None
            seen.setdefault(html.parent.parent.as_posix().split("/step")[0] + title.group(1),
                            html.parent.relative_to(built_site).as_posix() + "/")
    return sorted(seen.values())


def test_every_result_prints_on_two_a4_pages_at_most_with_full_addresses(browser: Browser, site_url: str,
                                                                built_site: Path) -> None:
    paths = outcome_paths(built_site)
    assert len(paths) >= 40
    page = browser.new_page()
    problems = []
    for path in paths:
        page.goto(site_url + path)
        page.emulate_media(media="print")
        printed = page.evaluate("""() => [...document.querySelectorAll('.md-content .md-typeset a[href]')]
            .filter(a => a.getClientRects().length)
            .map(a => getComputedStyle(a, '::after').content)
            .filter(c => c !== 'none' && c !== 'normal')""")
        relative = [c for c in printed if not re.match(r'^" \((https?|mailto|tel):', c)]
        reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
        text = "\n".join(p.extract_text() for p in reader.pages)
        if len(reader.pages) > 2:  # one column at 10pt: one page, or two with no paragraph split (test_print.py)
            problems.append(f"{path}: {len(reader.pages)} pages")
        if relative or "../" in text:
            problems.append(f"{path}: relative addresses printed: {relative[:3]}")
        if "/referral/" in path and "case-manager" in path and "Example OT Practice" not in text:
            problems.append(f"{path}: the practice name is not printed")
        page.emulate_media(media="screen")
    page.close()
    assert not problems, "\n".join(problems)

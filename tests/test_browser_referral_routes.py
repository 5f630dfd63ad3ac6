"""The referral tools along every route: each route's links in the built HTML (all a browser with JavaScript off
follows) reach the result the routing snapshot records, and one route of each tool does so in Chromium with
JavaScript off; with it on, an earlier answer is marked when the reader comes back; question pages have large
answer targets, a strong heading and short lines; results print on two A4 pages at most."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin

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


def snapshot_routes(flow: str) -> list[Route]:
    routes = parse_snapshot((SNAPSHOTS / f"{flow}.txt").read_text(encoding="utf-8"))
    assert routes
    return routes


class StepPage(HTMLParser):
    """What a built page of a referral tool offers without JavaScript: its heading, its links with their text, the
    answers (a.referral-option, "None of these" marked) and the text of its "How soon" box."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.heading = ""
        self.links: list[tuple[str, str]] = []  # (text, href) of every link in the article
        self.options: list[tuple[str, str, bool]] = []  # (text, href, is "None of these")
        self.urgency = ""
        self._stack: list[str] = []  # what the open elements are: "article", "h1", "a", "urgency" or ""
        self._link: tuple[str, bool, bool] | None = None  # (href, is an answer, is "None of these")
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        classes = values.get("class", "").split()
        inside = "article" in self._stack
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr", "source"):
            return
        role = ("article" if tag == "article" else "h1" if tag == "h1" and inside else
                "a" if tag == "a" and inside else
                "urgency" if inside and "referral-urgency" in classes else "")
        if role == "a":
            self._link = (values.get("href", ""), "referral-option" in classes, "referral-none" in classes)
            self._text = ""
        self._stack.append(role)

    def handle_endtag(self, tag: str) -> None:
        if not self._stack:
            return
        role = self._stack.pop()
        if role == "a" and self._link is not None:
            text = " ".join(self._text.split())
            href, option, none = self._link
            self.links.append((text, href))
            if option:
                self.options.append((text, href, none))
            self._link = None

    def handle_data(self, data: str) -> None:
        if "h1" in self._stack and "a" not in self._stack:  # not the heading's permalink sign
            self.heading += data
        if "a" in self._stack:
            self._text += data
        if "urgency" in self._stack:
            self.urgency += data


def read_step(site: Path, path: str) -> StepPage:
    """The built page at site path `path` ("dir/" for dir/index.html)."""
    file = site / (path + "index.html" if path.endswith("/") or not path else path)
    html = file.read_text(encoding="utf-8")
    start, end = html.find("<article"), html.find("</article>")
    parser = StepPage()
    parser.feed(html[start:end + len("</article>")] if 0 <= start < end else html)
    parser.close()
    return parser


def follow(site: Path, path: str, href: str) -> str | None:
    """The site path a relative link on the page at `path` leads to, or None when no built page is there."""
    target = urljoin("/" + path, href).split("#")[0].lstrip("/")
    file = site / (target + "index.html" if target.endswith("/") or not target else target)
    return target if file.is_file() else None


@dataclass
class Walk:
    problems: list[str] = field(default_factory=list)  # what went wrong on the way
    reached: list[tuple[str, ...]] = field(default_factory=list)  # the routes that reached their result
    pages: dict[tuple[str, ...], str] = field(default_factory=dict)  # the site path each run of answers led to


def walk_routes(site: Path, flow: str, routes: list[Route]) -> Walk:
    """Each route walked through the built HTML from the tool's "Start now" link, taking the answer link whose
    whole text is the route's answer.

    The routes are walked as the tree they form, so every link on every route is followed once. A red-flag screen
    first offers its own routes, then "None of these" leads to the first question.
    """
    result = Walk()
    problems, reached = result.problems, result.reached

    def walk(path: str, done: tuple[str, ...], below: list[Route]) -> None:
        result.pages[done] = path
        page = read_step(site, path)
        heading = " ".join(page.heading.replace("¶", "").split())
        for route in below:
            if route.answers == done:  # the result of this route is the page the walk is on
                how_soon = f"How soon: {route.urgency.capitalize()}."
                if heading != route.title:
                    problems.append(f"{' > '.join(done)}: reached {heading!r} at {path}, not {route.title!r}")
                elif how_soon not in " ".join(page.urgency.split()):
                    problems.append(f"{' > '.join(done)}: {path} does not say {how_soon!r}")
                else:
                    reached.append(done)
        nexts = list(dict.fromkeys(r.answers[len(done)] for r in below if len(r.answers) > len(done)))
        for answer in nexts:
            links = [href for text, href, _ in page.options if text == answer]
            target = follow(site, path, links[0]) if len(links) == 1 else None
            if target is None:
                problems.append(f"{' > '.join((*done, answer))}: on {path}, {len(links)} answer links with that text"
                                f"{' lead to no page: ' + links[0] if len(links) == 1 else ''}")
                continue
            walk(target, (*done, answer), [r for r in below if r.answers[:len(done) + 1] == (*done, answer)])

    start = f"referral/{flow}/"
    starts = [href for text, href in read_step(site, start).links if text == "Start now"]
    first = follow(site, start, starts[0]) if len(starts) == 1 else None
    if first is None:
        problems.append(f"{start}: {len(starts)} 'Start now' links, {starts}")
        return result
    nones = [href for _, href, none in read_step(site, first).options if none]
    if nones:  # a red-flag screen: its own routes first, then "None of these" to the first question
        on_screen = {text for text, _, none in read_step(site, first).options if not none}
        walk(first, (), [r for r in routes if r.answers[0] in on_screen])
        after = follow(site, first, nones[0])
        if after is None:
            problems.append(f"{first}: 'None of these' ({nones[0]}) leads to no page")
            return result
        walk(after, (), [r for r in routes if r.answers[0] not in on_screen])
    else:
        walk(first, (), routes)
    return result


@pytest.mark.parametrize("flow", FLOWS)
def test_every_route_reaches_its_snapshot_result_through_the_built_links(built_site: Path, flow: str) -> None:
    """Each route's answers, followed one after another as links from "Start now" in the built HTML (what a
    browser with JavaScript off follows), reach the result its snapshot records, which says how soon to act."""
    routes = snapshot_routes(flow)
    walk = walk_routes(built_site, flow, routes)
    assert not walk.problems, "\n".join(walk.problems)
    assert sorted(walk.reached) == sorted(r.answers for r in routes)


# The tool with the fewest routes and the longest: a copy of its built pages is broken below.
SMALL = min(FLOWS, key=lambda flow: len(snapshot_routes(flow)))


@pytest.fixture
def one_flow(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the built pages of one referral tool, for a test to break."""
    site = tmp_path / "site"
    shutil.copytree(built_site / "referral" / SMALL, site / "referral" / SMALL)
    return site


def test_the_route_walk_finds_a_wrong_link_and_a_missing_page_deep_in_a_route(one_flow: Path) -> None:
    routes = snapshot_routes(SMALL)
    deepest = max(routes, key=lambda r: len(r.answers))
    assert len(deepest.answers) >= 4
    assert walk_routes(one_flow, SMALL, routes).problems == []
    # The page of the last question on the deepest route, and the link of its last answer.
    path = walk_routes(one_flow, SMALL, routes).pages[deepest.answers[:-1]]
    file = one_flow / path / "index.html"
    html = file.read_text(encoding="utf-8")
    options = read_step(one_flow, path).options
    last = next(href for text, href, _ in options if text == deepest.answers[-1])
    other = next(href for _, href, _ in options if href != last)
    route = " > ".join(deepest.answers)
    # The last answer leads to another answer's page, which is not the route's result.
    file.write_text(html.replace(f'href="{last}"', f'href="{other}"'), encoding="utf-8")
    walk = walk_routes(one_flow, SMALL, routes)
    assert deepest.answers not in walk.reached
    assert any(p.startswith(f"{route}: reached ") for p in walk.problems), walk.problems
    # The last answer leads to no page.
    file.write_text(html.replace(f'href="{last}"', 'href="no-such-page/"'), encoding="utf-8")
    walk = walk_routes(one_flow, SMALL, routes)
    assert deepest.answers not in walk.reached
    assert walk.problems == [f"{route}: on {path}, 1 answer links with that text lead to no page: no-such-page/"]
    # The result no longer says how soon to act.
    file.write_text(html, encoding="utf-8")
    result = one_flow / walk_routes(one_flow, SMALL, routes).pages[deepest.answers] / "index.html"
    result.write_text(result.read_text(encoding="utf-8").replace("How soon:", "When:"), encoding="utf-8")
    walk = walk_routes(one_flow, SMALL, routes)
    assert deepest.answers not in walk.reached and any(p.startswith(f"{route}: ") for p in walk.problems)


@pytest.fixture(scope="module")
def no_js(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(java_script_enabled=False)
    yield context
    context.close()


def browser_route(flow: str) -> Route:
    """The route a browser walks for a tool: its longest, past the red-flag screen where there is one."""
    routes = snapshot_routes(flow)
    return max(routes, key=lambda r: (len(r.answers), r.answers))


@pytest.mark.parametrize("flow", FLOWS)
def test_a_route_reaches_its_snapshot_result_in_chromium_with_javascript_off(no_js: BrowserContext,
                                                                              site_url: str, flow: str) -> None:
    """The longest route of each tool clicked in Chromium with JavaScript off, as a reader would: every answer is a
    link the browser shows and follows, and the result is the one the snapshot records (the rest of the routes
    are followed through the same links in the built HTML, above)."""
    route = browser_route(flow)
    page = no_js.new_page()
    page.goto(f"{site_url}referral/{flow}/")
    page.get_by_role("link", name="Start now").click()
    none = page.locator("a.referral-none")
    if none.count():
        on_screen = {" ".join(t.split()) for t in page.locator("a.referral-option").all_text_contents()}
        if route.answers[0] not in on_screen:
            none.click()
    for answer in route.answers:
        page.locator("a.referral-option").filter(has_text=re.compile(f"^{re.escape(answer)}$")).click()
    assert h1(page) == route.title, f"{' > '.join(route.answers)}: reached {h1(page)!r}"
    expect(page.locator(".referral-urgency")).to_contain_text(f"How soon: {route.urgency.capitalize()}.")
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


# A4 less the margins of site.css's @page (10mm top and bottom, 12mm each side), in CSS pixels.
A4_TEXT_WIDTH, A4_TEXT_HEIGHT = round((210 - 24) * 96 / 25.4), round((297 - 20) * 96 / 25.4)
# Printed to PDF as well as measured: the tallest result of each flow, and any result this close to two pages
# (kept apart, a paragraph that would straddle a page break moves to the next page, which costs some height).
NEAR_THE_LIMIT = 0.95 * 2 * A4_TEXT_HEIGHT

PRINTED_LINKS = """() => [...document.querySelectorAll('.md-content .md-typeset a[href]')]
    .filter(a => a.getClientRects().length)
    .map(a => getComputedStyle(a, '::after').content)
    .filter(c => c !== 'none' && c !== 'normal')"""


def print_problems(page: Page, base: str, paths: list[str], built_site: Path | None = None) -> list[str]:
    """Each result at `base` + path laid out for print at the width of A4's text: its height must fit two pages,
    every link must print a full address and no relative address may show. The tallest result of each flow,
    and any near the limit, is printed to PDF: two A4 pages at most, no relative address in its text."""
    problems, heights = [], {}
    page.set_viewport_size({"width": A4_TEXT_WIDTH, "height": 200})  # low, so the page is as high as its content
    for path in paths:
        page.goto(base + path)
        page.emulate_media(media="print")
        relative = [c for c in page.evaluate(PRINTED_LINKS) if not re.match(r'^" \((https?|mailto|tel):', c)]
        if relative or "../" in page.locator("body").inner_text():
            problems.append(f"{path}: relative addresses printed: {relative[:3]}")
        heights[path] = page.evaluate("document.documentElement.scrollHeight")
        if heights[path] > 2 * A4_TEXT_HEIGHT:
            problems.append(f"{path}: {heights[path]}px high in print, more than two A4 pages")
        page.emulate_media(media="screen")
    tallest: dict[str, str] = {}
    for path in paths:
        flow = path.split("/step")[0]
        if heights[path] > heights.get(tallest.get(flow, ""), -1):
            tallest[flow] = path
    for path in paths:
        if path not in tallest.values() and heights[path] <= NEAR_THE_LIMIT:
            continue
        page.goto(base + path)
        page.emulate_media(media="print")
        reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
        text = "\n".join(p.extract_text() for p in reader.pages)
        if len(reader.pages) > 2:  # one column at 10pt: one page, or two with no paragraph split (test_print.py)
            problems.append(f"{path}: {len(reader.pages)} pages")
        if "../" in text:
            problems.append(f"{path}: relative addresses printed")
        if "/referral/" in path and "case-manager" in path and "Example OT Practice" not in text:
            problems.append(f"{path}: the practice name is not printed")
        page.emulate_media(media="screen")
    return problems


def test_every_result_prints_on_two_a4_pages_at_most_with_full_addresses(browser: Browser, site_url: str,
                                                                built_site: Path) -> None:
    paths = outcome_paths(built_site)
    assert len(paths) >= 40
    page = browser.new_page()
    problems = print_problems(page, site_url, paths)
    page.close()
    assert not problems, "\n".join(problems)


def test_the_print_check_finds_a_result_that_prints_on_three_pages(browser: Browser, site_url: str,
                                                                   built_site: Path) -> None:
    """A result that is neither the longest nor the tallest of its flow, made to print on three pages or more
    (the style below), fails the check by its height, and printed to PDF it takes three pages or more."""
    paths = outcome_paths(built_site)
    shortest = min(paths, key=lambda p: (built_site / p / "index.html").stat().st_size)
    page = browser.new_page()
    page.route(site_url + shortest, lambda route: route.fulfill(
        body=(built_site / shortest / "index.html").read_text(encoding="utf-8").replace(
            "</head>", "<style>@media print { article h1 { margin-bottom: 2400px !important; } }</style></head>"),
        content_type="text/html"))
    problems = print_problems(page, site_url, [shortest, *[p for p in paths if p != shortest][:2]])
    page.close()
    assert any(re.fullmatch(f"{re.escape(shortest)}: [3-9] pages", p) for p in problems), problems
    assert any(p.startswith(f"{shortest}: ") and "more than two A4 pages" in p for p in problems), problems

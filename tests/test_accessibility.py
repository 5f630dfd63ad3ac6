"""Accessibility in Chromium: axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules on every built page, every rule in
both colour schemes at both widths on one page of each template and kind, and a referral flow by keyboard alone.

The sweep of every page leaves out colour contrast, axe's slowest rule: contrast comes from the templates and the
stylesheets, which the template matrix checks in every scheme and width. The sweep also records every request
the pages make, none of which may leave the site (the privacy check, tests/test_privacy.py).

When axe reports a violation, fix the site (colours in docs/assets/stylesheets/site.css, the palette in
mkdocs.yml, the templates or overrides/), not this test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Request, ViewportSize, expect

from generator.tools.devserver import serve_folder

# A colour scheme a browser context can ask for.
Scheme = Literal["light", "dark"]

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bad-pages"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_SOURCE = Axe().axe_script
# Each violation as a rule, its help text, how many elements fail and the first few of them. `off` names rules
# left out. axe runs first without working out a CSS selector for each element it checks (`selectors: false`, a
# tenth of its time), and only when something fails runs again with them, to name the failing elements.
RUN_AXE = """([tags, off]) => {
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
                   rules: Object.fromEntries(off.map(id => [id, {enabled: false}]))};
  const described = violations => violations.map(v => ({
    id: v.id, help: v.help, count: v.nodes.length,
    nodes: v.nodes.slice(0, 3).map(n => (n.target ? n.target.join(" ") : n.html) + ": "
                                        + (n.failureSummary || "").split("\\n")[1]),
  }));
  return axe.run(document, {...options, selectors: false}).then(quick => quick.violations.length === 0 ? []
    : axe.run(document, options).then(full => described(full.violations.length ? full.violations
                                                                               : quick.violations)));
}"""

FLOW = "referral/case-manager-referral/"
FIRST_QUESTION = FLOW + "step/"
OUTCOME = FLOW + "step/getting-around-sitting-comfortably-or/uses-or-needs-a-wheelchair/"
URGENT_OUTCOME = FLOW + "step/using-the-hands-or-arms/an-injury-operation-or-burn/surgery-such-as-a-tendon/"
# One page of each template and kind, checked in both colour schemes at both widths: the referral tool's first
# question and one below it, a "soon" result and an urgent one.
TEMPLATE_PAGES = ["", "contact/", "specialisms/", "specialisms/hand-therapy/", "case-studies/autism-running-community/",
                  FLOW, FIRST_QUESTION, FIRST_QUESTION + "using-the-hands-or-arms/", OUTCOME, URGENT_OUTCOME,
                  FLOW + "how-it-decides/", "about/accessibility/", "browse/", "search/", "404.html"]
# Left out of the sweep of every page: the template matrix checks contrast.
SWEEP_OFF = ["color-contrast"]
# Pages of each kind the sweep waits on until the network is quiet, so requests made after loading are seen too.
SETTLE = ["", "specialisms/hand-therapy/", "qualifications/hcpc-registration/", "checklists/before-you-instruct/",
          "case-studies/autism-running-community/", FLOW, FIRST_QUESTION, OUTCOME, FLOW + "how-it-decides/",
          "browse/by-condition/"]
WIDTHS: dict[str, ViewportSize] = {"wide": {"width": 1280, "height": 800}, "narrow": {"width": 375, "height": 740}}


def page_paths(site: Path) -> list[str]:
    """Every built HTML page as the address a reader would use ("dir/" for dir/index.html)."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        paths.append(rel.removesuffix("index.html"))
    return paths


def published_base(site: Path) -> str:
    """The path the site is published under ("/knowledge-base/"): 404.html addresses its assets from there."""
    html = (site / "404.html").read_text(encoding="utf-8")
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert config is not None, "404.html has no theme configuration"
    return str(json.loads(config.group(1))["base"])


@pytest.fixture(scope="module")
def published_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 at the path it is published under ("/knowledge-base/"), as
    GitHub Pages serves it: 404.html addresses its assets from there. Nothing is routed in the browser, which
    would turn off its cache: each page's stylesheets and scripts are fetched again, though still recorded."""
    base = published_base(built_site).strip("./")
    if not base:
        with serve_folder(built_site) as url:
            yield url
        return
    root = tmp_path_factory.mktemp("published")
    (root / base).parent.mkdir(parents=True, exist_ok=True)
    (root / base).symlink_to(built_site, target_is_directory=True)
    with serve_folder(root) as url:
        yield f"{url}{base}/"


def axe(page: Page, off: list[str] | None = None) -> list[dict[str, Any]]:
    return list(page.evaluate(RUN_AXE, [WCAG_TAGS, off or []]))


def describe(path: str, violations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for v in violations:
        lines.append(f"{path or '/'}: {v['id']} ({v['count']} elements): {v['help']}")
        lines.extend(f"    {node}" for node in v["nodes"])
    return lines


@pytest.fixture(scope="module")
def axe_context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(color_scheme="light")
    context.add_init_script(script=AXE_SOURCE)
    yield context
    context.close()


@dataclass
class Swept:
    """What the sweep of every page found: axe's violations described, and every address the pages requested."""

    paths: list[str]
    problems: list[str]
    requests: list[str]


def sweep_every_page(context: BrowserContext, base: str, paths: list[str], settle: Iterable[str] = (),
                     off: list[str] = SWEEP_OFF) -> Swept:
    """axe on each page at `base` + path in turn, in one tab, without the rules in `off`, recording every request
    of the pages and their workers; on the pages in `settle`, once the network has been quiet a while."""
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    context.on("request", record)
    tab = context.new_page()
    problems: list[str] = []
    for path in paths:
        response = tab.goto(base + path)
        if response is not None and response.status >= 400 and path != "404.html":
            problems.append(f"{path or '/'}: HTTP {response.status}")
        if path in settle:
            tab.wait_for_load_state("networkidle")
        problems += describe(path, axe(tab, off))
    tab.close()
    context.remove_listener("request", record)
    return Swept(paths, problems, requests)


def elsewhere(requests: list[str], origin: str) -> list[str]:
    """The requests that left `origin` (data: and blob: addresses stay in the page)."""
    return sorted({url for url in requests
                   if not url.startswith(origin.rstrip("/") + "/") and urlsplit(url).scheme not in ("data", "blob")})


# The sweep in parts, so that parallel test workers share it.
PARTS = 4


@pytest.mark.parametrize("part", range(PARTS))
def test_every_page_has_no_wcag_violation_and_requests_nothing_elsewhere(axe_context: BrowserContext,
                                                                         built_site: Path, published_url: str,
                                                                         part: int) -> None:
    """Every page (a quarter of them in each part) loaded in Chromium from a server on 127.0.0.1: axe finds no
    violation, and each request goes to the site's own origin (the privacy check)."""
    paths = page_paths(built_site)
    assert "404.html" in paths and "" in paths and set(SETTLE) <= set(paths)
    swept = sweep_every_page(axe_context, published_url, paths[part::PARTS], SETTLE)
    assert any(url.startswith(published_url + "assets/") for url in swept.requests), swept.requests[:20]  # recorded
    left = elsewhere(swept.requests, published_url)
    assert not swept.problems and not left, (
        f"axe found WCAG A/AA violations on {len(swept.paths)} pages:\n" + "\n".join(swept.problems)
        + "\nrequests that left the site:\n" + "\n".join(left))


def test_the_sweep_reports_a_violation_and_a_request_to_another_origin(axe_context: BrowserContext) -> None:
    """The sweep can fail: a deep page with an image without a text alternative, a button without a name and a
    script from a CDN, after a page that passes."""
    swept = sweep_every_page(axe_context, FIXTURES.as_uri() + "/", ["passes.html", "deep/unlabelled.html"],
                             ["deep/unlabelled.html"])
    assert [line.split(" (")[0] for line in swept.problems if not line.startswith(" ")] == [
        "deep/unlabelled.html: button-name", "deep/unlabelled.html: image-alt"], swept.problems
    assert elsewhere(swept.requests, FIXTURES.as_uri()) == ["https://cdn.example.org/analytics.js"]
    # Grey text on white fails contrast, which the sweep leaves to the template matrix.
    assert "color-contrast" in SWEEP_OFF and "color-contrast" not in "\n".join(swept.problems)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_template_passes_in_both_schemes_at_both_widths(browser: Browser, built_site: Path, published_url: str,
                                                             scheme: Scheme, width: str) -> None:
    assert set(TEMPLATE_PAGES) <= set(page_paths(built_site))
    # Material picks the palette whose media query matches: the slate (dark) one for a dark preference.
    context = browser.new_context(color_scheme=scheme, viewport=WIDTHS[width])
    context.add_init_script(script=AXE_SOURCE)
    probe = context.new_page()
    probe.goto(published_url + OUTCOME)
    expected = "slate" if scheme == "dark" else "default"
    assert probe.locator("body").get_attribute("data-md-color-scheme") == expected
    probe.close()
    swept = sweep_every_page(context, published_url, TEMPLATE_PAGES, off=[])
    context.close()
    assert not swept.problems, f"axe found WCAG A/AA violations ({scheme}, {width}):\n" + "\n".join(swept.problems)


def test_the_header_toggle_switches_to_the_dark_scheme_and_it_passes(axe_context: BrowserContext,
                                                                     site_url: str) -> None:
    page = axe_context.new_page()
    page.goto(site_url + OUTCOME)
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    page.get_by_title("Switch to dark mode").click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    problems = describe(OUTCOME, axe(page))
    page.evaluate("localStorage.clear()")
    page.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_results_have_no_wcag_violation(browser: Browser, site_url: str, scheme: Scheme) -> None:
    context = browser.new_context(color_scheme=scheme)
    context.add_init_script(script=AXE_SOURCE)
    page = context.new_page()
    page.goto(site_url + "search/")
    page.get_by_label("Search the knowledge base").press_sequentially("wheelchair")
    expect(page.locator(".kb-search__result").first).to_be_visible(timeout=15000)
    problems = describe(f"search results ({scheme})", axe(page))
    context.close()
    assert not problems, "\n".join(problems)


def test_axe_reports_a_contrast_failure(axe_context: BrowserContext) -> None:
    """The check can fail: grey #aaa text on white is 2.3:1, below the 4.5:1 AA needs."""
    page = axe_context.new_page()
    page.goto((FIXTURES / "low-contrast.html").as_uri())
    violations = axe(page)
    page.close()
    assert [v["id"] for v in violations] == ["color-contrast"], violations
    assert violations[0]["count"] == 1 and "#aaaaaa" in violations[0]["nodes"][0]
    # The template matrix's sweep, with every rule, names the failing element too.
    swept = sweep_every_page(axe_context, FIXTURES.as_uri() + "/", ["low-contrast.html"], off=[])
    assert swept.problems[0].startswith("low-contrast.html: color-contrast (1 elements)"), swept.problems
    assert "#aaaaaa" in swept.problems[1] and not swept.problems[1].strip().startswith("<"), swept.problems


# The focused element: where it is, what it is, and whether it shows a focus indicator. A radio or checkbox the
# theme hides (the palette toggle) shows its focus on the label that follows it.
FOCUSED = """() => {
  const e = document.activeElement;
  const all = [...document.querySelectorAll("*")];
  const drawn = (el) => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
    return outline || s.boxShadow !== "none";
  };
  const hidden = e.classList.contains("md-option") && e.nextElementSibling;
  return {
    index: all.indexOf(e),
    tag: e.tagName.toLowerCase(),
    text: (e.textContent || "").trim().slice(0, 200),
    region: e.closest(".md-skip") ? "skip" : e.closest("header") ? "header" : e.closest("main article") ? "main"
      : e.closest("nav") ? "nav" : e.closest("footer") ? "footer" : "other",
    focusVisible: e.matches(":focus-visible"),
    indicator: drawn(hidden ? e.nextElementSibling : e),
  };
}"""


INDEX_OF_HEADING = "() => [...document.querySelectorAll('*')].indexOf(document.querySelector('article h1'))"


def tab_stops(page: Page, until: str, limit: int = 80) -> list[dict[str, Any]]:
    """Press Tab from the top of the page until the focused element's text is `until`."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if stops[-1]["text"] == until:
            return stops
    raise AssertionError(f"never reached {until!r} by keyboard: {[s['text'] for s in stops]}")


def test_keyboard_order_and_visible_focus_on_a_question(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + FIRST_QUESTION)
    stops = tab_stops(page, "Start again")
    regions = [s["region"] for s in stops]
    # The skip link first, then the header's controls, then the main content; nothing else in between.
    assert stops[0]["text"] == "Skip to content" and regions[0] == "skip", stops[0]
    first_main = regions.index("main")
    assert first_main > 1 and set(regions[1:first_main]) == {"header"}, regions
    assert set(regions[first_main:]) == {"main"}, regions
    # Tab order is document order: no positive tabindex or layout trick sends focus elsewhere.
    indexes = [s["index"] for s in stops]
    assert indexes == sorted(indexes), [s["text"] for s in stops]
    # In the main content: the Back link first, then every answer in the order the page lists them.
    main = [s["text"] for s in stops[first_main:] if s["text"] != "¶"]
    options = [o.strip() for o in page.locator("article a.referral-option").all_inner_texts()]
    assert options and main == ["Back", *options, "Start again"], main
    # Every stop shows where the focus is.
    unseen = [s["text"] or s["tag"] for s in stops if not (s["focusVisible"] and s["indicator"])]
    assert not unseen, f"no visible focus indicator on {unseen}"
    page.close()


def test_visible_focus_on_every_control_of_an_outcome(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + OUTCOME)
    stops = tab_stops(page, "Start again", limit=120)
    kinds = {s["tag"] for s in stops if s["region"] == "main"}
    assert {"a", "input", "button"} <= kinds, kinds  # links, tick boxes and the copy button were all reached
    unseen = [s["text"] or s["tag"] for s in stops if not (s["focusVisible"] and s["indicator"])]
    assert not unseen, f"no visible focus indicator on {unseen}"
    page.close()


def test_the_skip_link_moves_focus_to_the_main_content(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + FIRST_QUESTION)
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert skip["text"] == "Skip to content" and skip["indicator"], skip
    heading_id = page.locator("article h1").get_attribute("id")
    page.keyboard.press("Enter")
    assert urlsplit(page.url).fragment == heading_id
    # The next Tab continues from the page's heading, past the header's controls.
    page.keyboard.press("Tab")
    after = page.evaluate(FOCUSED)
    assert after["region"] == "main", after
    heading_index = page.evaluate(INDEX_OF_HEADING)
    assert after["index"] > heading_index, after
    page.close()

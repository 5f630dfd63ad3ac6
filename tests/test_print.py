"""Print pages to PDF in Chromium and read the PDF's text: a clean page for a case file.

A printed specialism, checklist, case story or referral result carries its heading, its text, the full address
of every link, the practice and the page's own address, and none of the site's navigation, header, search box
or screen-only buttons.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import PRACTICE, RELEASE_ENV, page_heading
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from generator.load.site import load_site
from generator.structure.content import CASE_STORY, CHECKLIST, FLOW, SPECIALISM, Site

ROOT = Path(__file__).resolve().parent.parent
SITE_NAME = "OT Knowledge Base and Referral Guide"
PUBLISHED = RELEASE_ENV["SITE_URL"]  # the address the shipped site is built for in tests


@functools.cache
def content() -> Site:
    site, problems = load_site(ROOT / "content")
    assert not problems, problems
    return site


def flat(text: str) -> str:
    """Text as compared here: compatibility characters folded (the PDF may keep ligatures), spaces collapsed."""
    # A word broken at its own hyphen at the end of a printed line ("One-" / "to-one") reads back joined.
    text = re.sub(r"(?<=\w)-\s+(?=\w)", "-", unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", " ", text).strip()


def squeezed(text: str) -> str:
    """Text with no whitespace at all, for addresses that a printed line may break anywhere."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Printed:
    path: str  # site path of the page
    heading: str  # its h1, from the content
    body: tuple[str, ...]  # passages of its text, from the content


def specialism() -> Printed:
    item = next(i for i in content().of(SPECIALISM) if i.data.qualifications)
    return Printed(f"specialisms/{item.id}/", item.data.title, (item.data.summary, item.data.when_to_instruct[0]))


def checklist() -> Printed:
    item = content().of(CHECKLIST)[0]
    return Printed(f"checklists/{item.id}/", item.data.title, (item.data.summary, item.data.items[0].text))


def case_story() -> Printed:
    item = content().of(CASE_STORY)[0]
    return Printed(f"case-studies/{item.id}/", item.data.title, (item.data.summary, item.data.goals[0]))


def referral_outcome(built_site: Path) -> Printed:
    """The first result of the first referral tool that recommends a specialism, at its built address."""
    flow = next(f for f in content().of(FLOW) if any(o.recommend for o in f.data.outcomes))
    outcome = next(o for o in flow.data.outcomes if o.recommend)
    for html in sorted(built_site.glob(f"referral/{flow.id}/step/**/index.html")):
        if page_heading(html) == outcome.title:
            path = html.parent.relative_to(built_site).as_posix() + "/"
            return Printed(path, outcome.title, (outcome.summary,))
    raise AssertionError(f"no built page for the outcome {outcome.title!r} of {flow.id}")


PAGES = {"specialism": specialism, "checklist": checklist, "case story": case_story}


def printed(built_site: Path, kind: str) -> Printed:
    return referral_outcome(built_site) if kind == "referral outcome" else PAGES[kind]()


def pdf_text(page: Page) -> str:
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=False)))
    return "\n".join(p.extract_text() for p in reader.pages)


@pytest.mark.parametrize("kind", [*PAGES, "referral outcome"])
def test_prints_cleanly(browser: Browser, site_url: str, built_site: Path, kind: str) -> None:
    expected = printed(built_site, kind)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + expected.path)

    # What the screen shows around the page: the navigation's titles.
    article = flat(page.locator("article").inner_text())
    nav = {flat(t) for t in page.locator(".md-nav--primary .md-nav__link").all_text_contents()} - {""}
    assert "Knowledge base" in nav and "Case managers" in nav

    page.emulate_media(media="print")
    links = page.evaluate(
        """() => [...document.querySelectorAll('.md-content .md-typeset a[href]')]
                 .filter(a => a.getClientRects().length && !a.getAttribute('href').startsWith('#'))
                 .map(a => [a.innerText.trim(), a.getAttribute('href'), a.getAttribute('data-print-href')])"""
    )
    text = pdf_text(page)
    page.close()
    words = flat(text)

    assert flat(expected.heading) in words
    for passage in expected.body:
        assert flat(passage) in words, f"{kind}: {passage[:60]!r}... is missing from the printed page"

    # No navigation: no title that is only in the navigation (titles the page's own text also uses are skipped).
    for title in sorted(nav):
        if title not in article:
            assert not re.search(rf"(?<!\w){re.escape(title)}(?!\w)", words), f"{kind}: navigation {title!r} printed"
    assert SITE_NAME not in words, f"{kind}: the header printed"

    # Every link is followed by its full address: a relative one is made absolute from the site's address.
    assert links, f"{kind}: no links to check"
    for label, href, address in links:
        if href.startswith(("mailto:", "tel:")):
            assert address is None or address not in label, f"{kind}: {label!r} would print its address twice"
            continue
        expected_address = urljoin(PUBLISHED + expected.path, href)
        assert address == expected_address, f"{kind}: {label!r} ({href}) would print as {address!r}"
        assert squeezed(f"{label} ({address})") in squeezed(text), f"{kind}: {label!r} printed without ({address})"
    assert "../" not in text, f"{kind}: a relative address printed"

    # The practice and the page's own address close the printed page.
    assert PRACTICE["PRACTICE_NAME"] in words and PRACTICE["PRACTICE_PHONE"] in words
    assert squeezed(PUBLISHED + expected.path) in squeezed(text), f"{kind}: the page's address is not printed"


def test_referral_outcome_prints_without_its_buttons(browser: Browser, site_url: str, built_site: Path) -> None:
    expected = referral_outcome(built_site)
    page = browser.new_page()
    page.goto(site_url + expected.path)
    assert page.get_by_role("link", name="Change").count(), "the outcome page has no answers to change"
    page.emulate_media(media="print")
    words = flat(pdf_text(page))
    page.close()
    assert "Summary for your case file" in words
    for control in ("Back", "Change", "Start again", "Email this referral", "Copy summary"):
        assert not re.search(rf"(?<!\w){re.escape(control)}(?!\w)", words), f"{control!r} printed"


def longest_result_of_each_flow(built_site: Path) -> list[str]:
    """The result page with the most text in each referral tool, by its site path."""
    longest: dict[str, tuple[int, str]] = {}
    for html in built_site.glob("referral/*/*/**/index.html"):
        text = html.read_text(encoding="utf-8")
        if "referral-summary" not in text:
            continue
        flow = html.relative_to(built_site).parts[1]
        size = len(text[text.index("<article"):text.index("</article>")])
        if size > longest.get(flow, (0, ""))[0]:
            longest[flow] = (size, html.parent.relative_to(built_site).as_posix() + "/")
    assert len(longest) >= 3
    return [path for _, path in longest.values()]


def test_the_longest_result_of_each_tool_prints_in_one_column_at_10pt_on_two_pages_at_most(
        browser: Browser, site_url: str, built_site: Path) -> None:
    page = browser.new_page()
    for path in longest_result_of_each_flow(built_site):
        page.goto(site_url + path)
        page.emulate_media(media="print")
        style = page.evaluate("""() => {
            const body = document.querySelector('.md-content__inner');
            const sizes = [...body.querySelectorAll('p, li')].filter(e => e.getClientRects().length)
                .map(e => parseFloat(getComputedStyle(e).fontSize));
            return {columns: getComputedStyle(body).columnCount, smallest: Math.min(...sizes),
                    split: getComputedStyle(body.querySelector('p')).breakInside};
        }""")
        assert style["columns"] == "auto", path
        assert style["smallest"] >= 10 * 96 / 72 - 0.01, (path, style)  # 10pt in CSS pixels
        assert style["split"] == "avoid", path  # no paragraph split between the two pages
        pages = len(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
        assert pages <= 2, (path, pages)
    page.close()

"""Type everyday words into the site's search page in Chromium and check the right page comes up near the top.

A case manager types what they see in the client ("wheelchair", "hoist", "back to work"), not our section
names. Each query here must put its page in the top three results of the site's search (Pagefind's index, queried
by assets/javascripts/search.js), exactly as a reader would see them. When one does not, fix the site (sharpen
the item's `keywords`), not the test.
"""

from __future__ import annotations

import functools
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import page_heading, run_cli
from playwright.sync_api import Browser, Page, Request, Route
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from generator.load.site import load_site
from generator.structure.content import FLOW

ROOT = Path(__file__).resolve().parent.parent
TOP = 3

# Query -> the pages (site paths) any one of which should be in the top three results.
QUERIES: list[tuple[str, tuple[str, ...]]] = [
    ("wheelchair", ("specialisms/seating-postural-management/",)),
    ("splint", ("specialisms/hand-therapy/",)),
    ("hoist", ("specialisms/moving-and-handling/",)),
    ("stairs", ("specialisms/housing-adaptations/",)),
    ("brain injury", ("specialisms/brain-injury-rehabilitation/",)),
    ("sensory", ("specialisms/paediatrics/",)),
    ("expert witness", ("referral/independent-work-fit/", "therapists/starting-in-independent-practice/")),
    ("DBS", ("qualifications/dbs-check/",)),
    ("HCPC", ("qualifications/hcpc-registration/",)),
    ("insurance", ("qualifications/professional-indemnity-insurance/",)),
    ("fatigue", ("specialisms/fatigue-management/",)),
    ("falls", ("specialisms/older-people-falls/",)),
    ("chronic pain", ("specialisms/pain-management/",)),
    ("spinal", ("specialisms/spinal-cord-injury-rehabilitation/",)),
    ("Loughlin", ("checklists/monthly-reporting-loughlin/",)),
    ("environmental controls", ("specialisms/assistive-technology/",)),
    ("pressure sores", ("specialisms/seating-postural-management/",)),
    ("autism", ("specialisms/learning-disabilities/",)),
    ("broken wrist", ("specialisms/hand-therapy/",)),
    ("COPD", ("specialisms/respiratory-self-management/",)),
    ("fracture", ("specialisms/orthopaedic-trauma-rehabilitation/",)),
    ("AMHP", ("qualifications/amhp-approval/",)),
    ("grab rails", ("specialisms/housing-adaptations/",)),
    ("stairlift", ("specialisms/housing-adaptations/",)),
    ("memory problems", ("specialisms/brain-injury-rehabilitation/",)),
    ("long COVID", ("specialisms/fatigue-management/",)),
    ("dementia", ("specialisms/older-people-falls/",)),
    ("whiplash", ("specialisms/pain-management/",)),
    ("tetraplegia", ("specialisms/spinal-cord-injury-rehabilitation/",)),
    ("handwriting", ("specialisms/paediatrics/",)),
    ("sling", ("specialisms/moving-and-handling/",)),
    ("breathless", ("specialisms/respiratory-self-management/",)),
    ("PTSD", ("specialisms/mental-health/",)),
    ("stroke", ("specialisms/brain-injury-rehabilitation/",)),
    ("head injury", ("specialisms/brain-injury-rehabilitation/",)),
    ("return to work", ("specialisms/vocational-rehabilitation/",)),
    ("wet room", ("specialisms/housing-adaptations/",)),
    ("criminal record", ("qualifications/dbs-check/",)),
    ("code of ethics", ("qualifications/code-of-ethics/",)),
    ("degree", ("qualifications/qualifying-degree/",)),
    ("assessment report", ("checklists/assessment-report-contents/",)),
    ("monthly report", ("checklists/monthly-reporting-loughlin/",)),
    ("collaboration", ("checklists/case-manager-ot-collaboration/",)),
    ("private practice", ("checklists/starting-independent-practice/", "referral/independent-practice-readiness/",
                          "therapists/starting-in-independent-practice/", "referral/independent-work-fit/")),
    ("back to work", ("specialisms/vocational-rehabilitation/",)),
    ("anxiety", ("specialisms/mental-health/",)),
    ("amputation", ("specialisms/orthopaedic-trauma-rehabilitation/",)),
    ("smart home", ("specialisms/assistive-technology/",)),
]


SEARCH_PAGE = "search/"
# True once the status line answers the query typed (the script writes it with the results).
ANSWERED = """query => {
  const status = document.getElementById('kb-search-status').textContent;
  return status.includes('\u201c' + query + '\u201d');
}"""


@pytest.fixture(scope="module")
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    """One reader's tab on the search page, with every request that would leave this machine refused and noted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    host = urlsplit(site_url).netloc

    def only_local(route: Route, request: Request) -> None:
        if urlsplit(request.url).netloc == host or request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    context.route("**/*", only_local)
    tab = context.new_page()
    tab.goto(site_url + SEARCH_PAGE)
    yield tab
    context.close()
    assert not outside, f"the site asked for resources from elsewhere: {outside}"


def results(page: Page, site_url: str) -> list[str]:
    """Each result's page in order, as its site path."""
    base = urlsplit(site_url).path
    links: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('#kb-search-results > li > a.kb-search__link')]
                 .map(a => { const u = new URL(a.href); return u.pathname + u.hash; })"""
    )
    return [href[len(base):] if href.startswith(base) else href for href in links]


def search(page: Page, site_url: str, query: str) -> list[str]:
    """Type `query` into the search box as a reader would and return the results once they answer it."""
    box = page.get_by_label("Search the knowledge base")
    box.click()
    box.press("Control+a")
    box.press("Backspace")
    page.keyboard.type(query)
    assert box.input_value() == query
    try:
        page.wait_for_function(ANSWERED, arg=query, polling=50, timeout=15_000)
    except PlaywrightTimeout:
        status = page.locator("#kb-search-status").inner_text()
        raise AssertionError(f"no results for {query!r}: {status}") from None
    return results(page, site_url)


def top_pages(items: list[str]) -> list[str]:
    return [item.split("#")[0] for item in items[:TOP]]


def check_top(page: Page, site_url: str, query: str, expected: tuple[str, ...]) -> None:
    found = top_pages(search(page, site_url, query))
    assert set(found) & set(expected), f"{query!r}: expected one of {list(expected)} in the top {TOP}, got {found}"


# Questions as case managers type them: the page that answers each comes first. Little words ("how", "an", "my")
# are left out of what is searched, and a phrasing few pages hold whole falls back to pages holding any of its words.
PHRASINGS: list[tuple[str, tuple[str, ...]]] = [
    ("how much does an OT cost", ("guides/fees-and-funding/", "contact/")),  # the practice's own costs, then the guide
    ("who pays for an occupational therapist", ("guides/fees-and-funding/",)),
    ("my client cannot get up the stairs", ("specialisms/housing-adaptations/",)),
    ("OT for a child with autism", ("specialisms/paediatrics/",)),
    ("is my OT registered", ("qualifications/hcpc-registration/",)),
    ("help going back to work after an injury", ("specialisms/vocational-rehabilitation/",)),
    ("someone to assess a wheelchair", ("specialisms/seating-postural-management/",)),
    ("OT for memory problems after a stroke", ("specialisms/brain-injury-rehabilitation/",)),
    ("my client keeps falling", ("specialisms/older-people-falls/",)),
    ("carers need training to use a hoist", ("specialisms/moving-and-handling/",)),
]


@pytest.mark.parametrize(("query", "expected"), PHRASINGS, ids=[q for q, _ in PHRASINGS])
def test_a_question_puts_the_page_that_answers_it_first(page: Page, site_url: str, query: str,
                                                        expected: tuple[str, ...]) -> None:
    found = top_pages(search(page, site_url, query))
    assert found and found[0] in expected, f"{query!r}: expected {list(expected)} first, got {found}"
    snippets = page.locator("#kb-search-results .kb-search__excerpt").all_inner_texts()
    assert snippets and all(", " * 4 not in s for s in snippets[:3]), snippets[:3]  # no keyword lists
    marked = {m.lower() for m in page.locator("#kb-search-results mark").all_inner_texts()}
    assert not marked & {"and", "an", "a", "the", "how", "my", "for"}, marked


# The ten phrasings case managers were seen to type, word for word: each puts its page first.
SEEN_TYPED: list[tuple[str, tuple[str, ...]]] = [
    ("wheelchair", ("specialisms/seating-postural-management/",)),
    ("my client can't get upstairs", ("specialisms/housing-adaptations/",)),
    ("splint", ("specialisms/hand-therapy/",)),
    ("how much does an OT cost", ("guides/fees-and-funding/",)),
    ("monthly report", ("checklists/monthly-reporting-loughlin/",)),
    ("HCPC check", ("qualifications/hcpc-registration/",)),
    ("expert witness", ("referral/independent-work-fit/", "therapists/starting-in-independent-practice/")),
    ("child with autism", ("specialisms/paediatrics/",)),
    ("return to work after stroke", ("specialisms/vocational-rehabilitation/",)),
    ("hoist", ("specialisms/moving-and-handling/",)),
]


@pytest.mark.parametrize(("query", "expected"), SEEN_TYPED, ids=[q for q, _ in SEEN_TYPED])
def test_what_case_managers_type_puts_the_right_page_first(page: Page, site_url: str, query: str,
                                                           expected: tuple[str, ...]) -> None:
    found = [item.split("#")[0] for item in search(page, site_url, query)]
    assert found and found[0] in expected, f"{query!r}: expected {list(expected)} first, got {found[:3]}"


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_everyday_query_finds_its_page(page: Page, site_url: str, query: str, expected: tuple[str, ...]) -> None:
    check_top(page, site_url, query, expected)


def test_enough_everyday_queries_and_every_page_they_expect_exists(built_site: Path) -> None:
    assert len(QUERIES) >= 15
    for query, expected in QUERIES:
        for path in expected:
            assert (built_site / path / "index.html").is_file(), f"{query!r} expects {path}, which is not built"


@functools.cache
def step_titles(built_site: Path) -> dict[str, str]:
    """The heading of every built step and outcome page of the referral tools, by its site path."""
    titles = {}
    for html in built_site.glob("referral/*/step/**/index.html"):
        titles[html.parent.relative_to(built_site).as_posix() + "/"] = page_heading(html)
    return titles


def step_phrases() -> list[str]:
    """Headings a reader only meets by walking a flow: each flow's first question and its first and last result."""
    site, problems = load_site(ROOT / "content")
    assert not problems, problems
    phrases = []
    for flow in site.of(FLOW):
        start = next(q for q in flow.data.questions if q.id == flow.data.start)
        phrases += [start.text, flow.data.outcomes[0].title, flow.data.outcomes[-1].title]
    return phrases


def indexed(html: Path) -> bool:
    """True when Pagefind indexes the built page: it has an element marked data-pagefind-body."""
    return "data-pagefind-body" in html.read_text(encoding="utf-8")


def test_step_and_outcome_pages_are_not_in_the_search_index(built_site: Path) -> None:
    assert step_titles(built_site), "no step pages were built"
    steps = list(built_site.glob("referral/*/step/**/index.html"))
    assert not [html for html in steps if indexed(html)]
    assert not indexed(built_site / SEARCH_PAGE / "index.html")
    # The flow start pages, by contrast, are found by search, and so is every specialism, each with the boost
    # the search page orders results by; case stories follow the pages about the need.
    site, _ = load_site(ROOT / "content")
    for flow in site.of(FLOW):
        start = built_site / "referral" / flow.id / "index.html"
        assert indexed(start), flow.id
        assert 'data-pagefind-meta="boost:2"' in start.read_text(encoding="utf-8"), flow.id
    for html in built_site.glob("specialisms/*/index.html"):
        assert 'data-pagefind-meta="boost:2"' in html.read_text(encoding="utf-8"), html
    for html in built_site.glob("case-studies/*/index.html"):
        assert 'data-pagefind-meta="boost:0.5"' in html.read_text(encoding="utf-8"), html
    assert (built_site / "pagefind" / "pagefind-entry.json").is_file()


def test_the_index_holds_only_what_the_search_page_can_fetch(built_site: Path) -> None:
    folder = built_site / "pagefind"
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    named = {f"wasm.{language['wasm']}.pagefind" for language in entry["languages"].values()}
    assert named == {"wasm.en.pagefind"}
    assert {p.name for p in folder.glob("wasm.*")} == named
    assert not [p.name for p in folder.iterdir() if p.name.startswith("pagefind-") and "ui" in p.name]


def test_the_command_line_indexes_a_site_built_without_the_plugin(built_site: Path, tmp_path: Path) -> None:
    """`python -m generator search SITE`, for an engine that runs no MkDocs plugins: the same pages indexed."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("pagefind"))
    proc = run_cli("search", str(site))
    assert proc.returncode == 0, proc.stderr
    pages = sum(1 for html in built_site.rglob("*.html") if indexed(html))
    assert proc.stdout == f"search index: {pages} pages indexed into {site}/pagefind/\n"
    fragments = sorted(p.name for p in (site / "pagefind" / "fragment").iterdir())
    assert fragments == sorted(p.name for p in (built_site / "pagefind" / "fragment").iterdir())


def test_the_search_page_fetches_nothing_of_search_until_the_reader_types(browser: Browser, site_url: str) -> None:
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    tab = context.new_page()
    tab.goto(site_url + SEARCH_PAGE)
    tab.wait_for_load_state("networkidle")
    assert not [url for url in requests if "/pagefind/" in url], requests
    assert search(tab, site_url, "wheelchair")
    assert [url for url in requests if url.endswith("/pagefind/pagefind.js")], requests
    context.close()


def test_without_javascript_the_search_page_points_to_browse(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + SEARCH_PAGE)
    assert not tab.get_by_label("Search the knowledge base").is_visible()  # a form that cannot work stays hidden
    browse = tab.locator("article").get_by_role("link", name="browse")
    assert browse.is_visible()
    browse.click()
    assert urlsplit(tab.url).path.endswith("/browse/")
    context.close()


def test_a_query_in_the_address_is_searched(page: Page, site_url: str) -> None:
    page.goto(site_url + SEARCH_PAGE + "?q=hoist")
    page.wait_for_function(ANSWERED, arg="hoist", polling=50, timeout=15_000)
    assert "specialisms/moving-and-handling/" in top_pages(results(page, site_url))


@pytest.mark.parametrize("phrase", step_phrases())
def test_searching_a_step_heading_never_offers_a_step_page(
    page: Page, site_url: str, built_site: Path, phrase: str
) -> None:
    assert phrase in step_titles(built_site).values(), f"{phrase!r} is not the heading of any step page"
    offered = search(page, site_url, phrase)
    assert offered, f"{phrase!r} found nothing at all"
    assert not [href for href in offered if "/step/" in href], offered


def test_results_come_five_at_a_time_and_show_more_adds_the_next_five(page: Page, site_url: str) -> None:
    """Each result fetches its page's fragment, so the first answer shows five; the button adds five more and
    moves the keyboard to the first of them."""
    first = search(page, site_url, "occupational therapist")
    assert len(first) == 5
    status = page.locator("#kb-search-status").inner_text()
    assert status.endswith("; the best 5 are shown."), status
    more = page.get_by_role("button", name="Show 5 more results")
    more.click()
    page.wait_for_function("() => document.querySelectorAll('#kb-search-results > li').length === 10")
    after = results(page, site_url)
    assert after[:5] == first and len(set(after)) == 10
    focused = page.evaluate("() => document.activeElement.closest('li') === "
                            "document.querySelectorAll('#kb-search-results > li')[5]")
    assert focused, "the keyboard is not on the first of the new results"
    assert "; the best 10 are shown." in page.locator("#kb-search-status").inner_text()

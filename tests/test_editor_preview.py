"""The editor's preview shows each entry as the page readers will see, not a list of field names.

The editor (test backend, as in tests/test_editor_browser.py) holds the shipped content; for one entry of each
kind of page, the preview beside the form is compared with the built page of the same entry: the same title,
the same section headings in the same order, the same summary and review label, in the site's stylesheets.
An edit in the form shows in the preview at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import ROOT
from playwright.sync_api import Browser, FrameLocator, Page, expect
from test_editor_browser import REPO, SEED, WATCH, editor_url, field

__all__ = ["editor_url"]  # the served site with the editor on its test backend, shared with the editor's tests

CONTENT = ROOT / "content"
# How long an entry's preview may take to be drawn: its frame, React and Immutable load on first use, and on a
# busy machine (the suite runs on every CPU) that takes seconds.
DRAWN = 30_000
# One entry of each kind with a page of its own: (collection, entry, the page it becomes).
PAGES = [
    ("specialisms", "hand-therapy", "specialisms/hand-therapy/"),
    ("qualifications", "hcpc-registration", "qualifications/hcpc-registration/"),
    ("checklists", "before-you-instruct", "checklists/before-you-instruct/"),
    ("case-studies", "back-pain-return-to-work", "case-studies/back-pain-return-to-work/"),
    ("guides", "fees-and-funding", "guides/fees-and-funding/"),
]
# The editor's own names for fields, which a list of fields would show and a page never does.
FIELD_LABELS = {"specialisms": "Case manager receives", "qualifications": "Issued by",
                "checklists": "Audience", "case-studies": "Pseudonym", "guides": "Cost guide link"}


@pytest.fixture(scope="module")
def shipped_editor(browser: Browser, editor_url: str) -> Iterator[Page]:
    """The editor signed in to the test backend, whose repository holds the shipped content: one for the module,
    since seeding it is what takes the time; the test that edits the form comes last."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(WATCH)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(editor_url + "admin/fonts/")
    files = {f"content/{p.relative_to(CONTENT).as_posix()}": p.read_text(encoding="utf-8")
             for p in sorted(CONTENT.rglob("*")) if p.is_file() and not p.name.startswith(".")}
    page.evaluate(SEED, [REPO, files])
    page.goto(editor_url + "admin/")
    page.get_by_role("button", name="Work with Test Repository").click()
    expect(page.get_by_role("radio", name="Contents")).to_be_checked()
    yield page
    blocked = {v for v in page.evaluate("window.__violations") if "unpkg.com" not in v and v != "connect-src data"}
    assert not blocked, f"the editor's policy blocked: {sorted(blocked)}"
    elsewhere = sorted(url for url in requests if not url.startswith(editor_url) and urlsplit(url).scheme
                       not in ("data", "blob"))
    assert not elsewhere, "requests that left the site:\n" + "\n".join(elsewhere)
    context.close()


def preview(page: Page) -> FrameLocator:
    return page.get_by_role("group", name=re.compile("^Preview")).frame_locator("iframe")


def words(text: str) -> str:
    return " ".join(text.split())


# What the built page says, read in the browser: its title, section headings (without the "On this page" list
# that long pages get after the build), review label and first paragraphs.
# How the page is drawn: its type and the review label's colours, from the site's stylesheets.
STYLE = """(article) => {
  const css = (e, name) => e ? getComputedStyle(e).getPropertyValue(name) : null;
  const label = article.querySelector(".admonition.warning");
  return [css(article, "font-family"), css(article, "font-size"), css(article.querySelector("h1"), "font-size"),
          css(article.querySelector("h1"), "font-weight"), css(label, "border-left-color"),
          css(label, "background-color")];
}"""
READ_PAGE = """() => {
  const STYLE = """ + STYLE + """;
  const article = document.querySelector("article.md-typeset");
  const text = (e) => e ? e.textContent.split(/\\s+/).filter(Boolean).join(" ") : "";
  return {
    title: text(article.querySelector("h1")),
    headings: Array.from(article.querySelectorAll("h2")).filter((h) => !h.closest("nav.on-this-page")).map(text),
    label: text(article.querySelector(".admonition.warning .admonition-title")),
    style: STYLE(article),
    paragraphs: Array.from(article.querySelectorAll(":scope > div > p")).filter((p) => p.getClientRects().length)
      .map(text),
  };
}"""


def built_page(page: Page, url: str, width: int = 1280) -> dict[str, Any]:
    """What the built page at `url` says and how it looks, in a window `width` pixels wide."""
    reader = page.context.new_page()
    reader.set_viewport_size({"width": width, "height": 900})
    reader.goto(url)
    seen: dict[str, Any] = reader.evaluate(READ_PAGE)
    reader.close()
    return seen


@pytest.mark.parametrize(("collection", "entry", "address"), PAGES, ids=[p[0] for p in PAGES])
def test_the_preview_is_the_page_readers_will_see(shipped_editor: Page, editor_url: str, collection: str,
                                                  entry: str, address: str) -> None:
    page = shipped_editor
    built = built_page(page, editor_url + address)
    assert built["title"] and built["headings"] and built["label"] and built["paragraphs"]
    page.goto(page.url.split("#")[0] + f"#/collections/{collection}/entries/{entry}")
    shown = preview(page)
    expect(shown.locator("h1")).to_have_text(built["title"], timeout=DRAWN)
    expect(shown.locator("h2")).to_have_text(built["headings"])
    # The review label, the summary: the same words as on the page.
    expect(shown.locator(".admonition.warning .admonition-title")).to_have_text(built["label"])
    text = words(shown.locator("article").inner_text())
    for paragraph in built["paragraphs"]:
        assert paragraph in text
    assert FIELD_LABELS[collection] not in text
    # Drawn in the site's stylesheets: the same type and the same review label as the page in a window as wide
    # as the preview.
    width = shown.locator("body").evaluate("b => b.ownerDocument.defaultView.innerWidth")
    assert shown.locator("article").evaluate(STYLE) == built_page(page, editor_url + address, width)["style"]


def test_a_referral_tool_previews_as_its_questions_and_results(shipped_editor: Page) -> None:
    page = shipped_editor
    page.goto(page.url.split("#")[0] + "#/collections/referral/entries/case-manager-referral")
    shown = preview(page)
    expect(shown.locator("h1")).to_have_text("Should I instruct an OT, and which specialism?", timeout=DRAWN)
    text = shown.locator("article")
    expect(text).to_contain_text("Before anything else, does any of these apply to the client now?")
    expect(text).to_contain_text("How soon: Urgent.")
    assert not re.search(r"\bnone_label\b|\burgency_reason\b", text.inner_text())


def test_an_edit_shows_in_the_preview_at_once(shipped_editor: Page) -> None:
    page = shipped_editor
    page.goto(page.url.split("#")[0] + "#/collections/specialisms/entries/hand-therapy")
    # Once the entry is drawn (the form is drawn again when another entry was open before).
    expect(preview(page).locator("h1")).to_have_text("Hand therapy", timeout=DRAWN)
    title = field(page, "Title").get_by_role("textbox")
    expect(title).to_have_value("Hand therapy")
    title.fill("Hand and wrist therapy")
    expect(preview(page).locator("h1")).to_have_text("Hand and wrist therapy", timeout=DRAWN)

"""Walk the referral tools in Chromium: with JavaScript off by links alone, and with it on by keyboard alone."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

FLOW = "referral/case-manager-referral/"


def h1(page: Page) -> str:
    return page.locator("article h1").inner_text().replace("¶", "").strip()


def test_walk_back_change_and_start_again_with_javascript_off(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + FLOW)
    page.get_by_role("link", name="Start now").click()
    assert h1(page) == "Before anything else, does any of these apply to the client now?"
    page.get_by_role("link", name="None of these").click()
    assert h1(page) == "What is the client's main need right now?"
    expect(page.locator(".referral-progress")).to_have_text("Question 1 of at most 3")

    page.get_by_role("link", name="Getting around, sitting comfortably or posture").click()
    first_question_url = page.url
    assert h1(page) == "What best describes the difficulty with getting around or sitting?"
    expect(page.locator(".referral-progress")).to_have_text(re.compile(r"Question 2 of at most \d"))
    page.get_by_role("link", name=re.compile(r"^Uses or needs a wheelchair")).click()
    assert h1(page) == "Instruct an OT in seating and 24-hour postural management"
    expect(page.get_by_role("link", name="Seating and 24-hour postural management").first).to_be_visible()
    outcome_url = page.url

    # A fresh visit to the outcome's address shows the same result: every step has its own URL.
    fresh = context.new_page()
    fresh.goto(outcome_url)
    assert h1(fresh) == h1(page)
    fresh.close()

    # The checks are tick boxes that work without JavaScript.
    box = page.get_by_role("checkbox", name="HCPC registration")
    assert not box.is_checked()
    page.get_by_text("HCPC registration", exact=True).click()  # the label toggles it, as a reader would
    assert box.is_checked()

    page.get_by_role("link", name="Back").click()
    assert page.url == first_question_url

    page.go_back()
    # Change the first answer: back at the first question, then down another branch.
    first_row = page.get_by_role("row", name=re.compile("What is the client's main need"))
    first_row.get_by_role("link", name="Change").click()
    assert h1(page) == "What is the client's main need right now?"
    page.get_by_role("link", name="Mental health").click()
    assert h1(page) != "What best describes the difficulty with getting around or sitting?"

    page.get_by_role("link", name="Start again").click()
    assert h1(page) == "Before anything else, does any of these apply to the client now?"
    assert page.url.endswith(FLOW + "screen/")
    # Without JavaScript the copy button stays hidden rather than doing nothing.
    page.goto(outcome_url)
    expect(page.locator("button.referral-copy")).to_be_hidden()
    context.close()


def tab_to(page: Page, name: str, limit: int = 200) -> None:
    """Press Tab until the focused element's text is `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.textContent.trim()")
        if focused == name:
            return
    raise AssertionError(f"never reached {name!r} by keyboard")


def test_keyboard_only_walk_and_copy_summary(browser: Browser, site_url: str) -> None:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    page.goto(site_url + FLOW)
    tab_to(page, "Start now")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "None of these")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert h1(page) == "What is the client's main need right now?"
    tab_to(page, "Work - staying in work, going back or finding something new")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "work" in h1(page).lower()
    # Take the first answer of this question by keyboard.
    first_answer = page.locator("a.referral-option").first.inner_text().strip()
    tab_to(page, first_answer)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    while page.locator("a.referral-option").count():
        answer = page.locator("a.referral-option").first.inner_text().strip()
        tab_to(page, answer)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    summary = page.locator("#referral-summary").inner_text()
    assert "Q: What is the client's main need right now?" in summary
    tab_to(page, "Copy summary")
    page.keyboard.press("Enter")
    expect(page.locator("button.referral-copy")).to_have_text("Summary copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#referral-summary").text_content()
    context.close()


def test_email_link_carries_the_summary_and_no_client_details(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + FLOW + "step/mental-health/")
    page.locator("a.referral-option").filter(has_text=re.compile("^No - the client is stable")).click()
    page.locator("a.referral-option").first.click()
    href = page.get_by_role("link", name="Email this referral").get_attribute("href")
    assert href is not None and href.startswith("mailto:referrals@northway-ot.test?subject=Referral")
    assert "body=" in href and "Q%3A%20What%20is%20the%20client" in href
    page.close()


def test_a_fall_with_a_head_injury_is_told_what_to_do_now_and_offered_no_referral(browser: Browser,
                                                                                  site_url: str) -> None:
    """A new reader starts the tool, picks the fall on the first page and lands on what to do now: 999 or an
    urgent medical review by nation, no referral email, no "talk it through", no practice contact."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + FLOW)
    page.get_by_role("link", name="Start now").click()
    page.get_by_role("link", name=re.compile(r"^A fall with an injury, a head injury")).click()
    assert h1(page) == "Get the client medical help now after the fall"
    expect(page.locator(".referral-act-now")).to_contain_text("Act now.")
    article = page.locator("article")
    expect(article).to_contain_text("Call 999")
    expect(article).to_contain_text("In Northern Ireland:")
    expect(page.get_by_role("link", name="Email this referral")).to_have_count(0)
    expect(article).not_to_contain_text("Talk it through")
    expect(article).not_to_contain_text("act today")
    # Every page ends with a line for reporting a mistake on it; nothing else on this one reaches the practice.
    contact = "article a:is([href^='mailto:'], [href^='tel:']):not(aside.page-footer a)"
    assert page.locator(contact).count() == 0
    context.close()

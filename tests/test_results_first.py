"""Results lead with action: how soon, what to do, the practice's contact and the buttons that file the decision
come first; glossary help never sits inside an answer button or a link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT
from playwright.sync_api import Browser

from generator.load.site import load_site
from generator.structure.content import FLOW
from generator.structure.graph import FlowGraph, need_urgencies, route_urgency
from generator.structure.model import FlowOutcome

TOOL = "case-manager-referral"


def first_result_of_each_urgency() -> dict[str, str]:
    """The address of the first route to a result that recommends a specialism, for each urgency."""
    site, problems = load_site(ROOT / "content")
    assert not problems.errors
    flow = site.get(FLOW, TOOL).data
    table = need_urgencies(site.terms("needs"))
    found: dict[str, str] = {}
    for step in FlowGraph(flow).paths():
        assert isinstance(step.node, FlowOutcome)
        urgency, _ = route_urgency(step, table)
        if step.node.recommend and not step.node.red_flag:
            found.setdefault(urgency.value, f"referral/{TOOL}/{'/'.join(step.segments)}/")
    assert set(found) == {"routine", "soon", "urgent"}, found
    return found


RESULTS = first_result_of_each_urgency()


@pytest.mark.parametrize(("width", "height", "screens"), [(1280, 800, 1.0), (390, 844, 1.5)])
@pytest.mark.parametrize("urgency", sorted(RESULTS))
def test_a_result_shows_how_soon_the_contact_and_copy_first(browser: Browser, site_url: str, urgency: str,
                                                            width: int, height: int, screens: float) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(site_url + RESULTS[urgency])
    limit = height * screens

    def bottom(selector: str) -> float:
        box = page.locator(selector).first.bounding_box()
        assert box is not None, selector
        return box["y"] + box["height"]

    assert page.locator(".referral-urgency").first.inner_text().startswith(f"How soon: {urgency.capitalize()}.")
    act = page.locator(".referral-act")
    assert act.inner_text().startswith("What to do now:")
    phone, email = act.locator("a.referral-contact").all()
    assert (phone.get_attribute("href") or "").startswith("tel:")  # phone first
    assert (email.get_attribute("href") or "").startswith("mailto:")
    for selector in (".referral-urgency", ".referral-act a.referral-contact", "button.referral-copy",
                     "a.referral-email", "button.referral-print"):
        assert bottom(selector) <= limit, (selector, bottom(selector), limit)
    # The details follow.
    details = page.locator("h2", has_text="What to ask the OT for").first.bounding_box()
    assert details is not None and details["y"] > bottom(".referral-act")
    context.close()


def test_no_answer_button_or_link_holds_a_tooltip_and_the_words_are_listed(built_site: Path) -> None:
    pages = sorted((built_site / "referral").glob("*/step/**/index.html")) + sorted(
        (built_site / "referral").glob("*/screen/**/index.html"))
    assert len(pages) > 100
    listed = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for link in re.findall(r"<a [^>]*>.*?</a>", html, flags=re.S):
            assert "<abbr" not in link, (page, link)
        assert "<abbr" not in html[html.index("<article"):html.index("</article>")], page
        listed += "Words used on this page" in html
    assert listed > 10  # pages with glossary words list them after the page instead


@pytest.mark.parametrize("hours", ["", "Monday to Friday, 9am to 5pm"])
def test_the_practices_phone_and_email_are_separate_lines_with_or_without_hours(hours: str) -> None:
    from generator import Options, generate
    from generator.config.practice import Practice

    practice = Practice(name="Northway", phone="0161 496 0123", email="referrals@northway-ot.test", hours=hours)
    pages = generate(ROOT / "content", Options(practice=practice)).pages
    text = pages[RESULTS["soon"] + "index.md"].text
    phone = next(line for line in text.splitlines() if line.startswith("- Phone: "))
    assert "Email" not in phone and (hours in phone if hours else phone.endswith("{ .referral-contact }"))

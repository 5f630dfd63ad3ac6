"""The practice's own site: its name on every page, its phone and email where a case manager needs them, no
placeholder left in a release, and a banner in a preview that lacks the practice's details.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PRACTICE, RELEASE_ENV, ROOT
from playwright.sync_api import Browser, expect

from generator.config.practice import Practice, UnknownSetting, fill_page, placeholder_problems
from generator.load.site import load_site
from generator.postbuild.printlinks import print_addresses
from generator.structure.content import FLOW
from generator.structure.model import Audience

NAME, PHONE, EMAIL = PRACTICE["PRACTICE_NAME"], PRACTICE["PRACTICE_PHONE"], PRACTICE["PRACTICE_EMAIL"]
# Everything that sets the practice or the site's addresses; removed to build as a fresh clone would.
SETTINGS = [*RELEASE_ENV, "PRACTICE_HOURS", "PRACTICE_AREA", "PRACTICE_COST_GUIDE_URL", "REFERRAL_EMAIL",
            "PRACTICE_RELEASE", "RELEASE"]


def unset_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in SETTINGS} | {"NO_MKDOCS_2_WARNING": "1"}


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def case_manager_outcomes(site: Path) -> list[Path]:
    """The built result pages of every referral tool for case managers: step pages with a summary."""
    content, problems = load_site(ROOT / "content")
    assert not problems.errors
    flows = [f.id for f in content.of(FLOW) if f.data.audience is Audience.case_manager]
    assert flows
    pages = [p for flow in flows for p in sorted((site / FLOW.folder / flow / "step").rglob("index.html"))
             if 'id="referral-summary"' in p.read_text(encoding="utf-8")]
    assert len(pages) >= 10, "too few outcome pages found"
    return pages


# Settings and their checks, without a build.

def test_placeholders_are_named_each_with_its_setting() -> None:
    problems = placeholder_problems(Practice(name="Example OT Practice", phone="", email="referrals@example.org"),
                                    {"site_url (SITE_URL)": "https://ot-practice.github.io/knowledge-base/"})
    assert problems == [
        "practice.name (PRACTICE_NAME) is 'Example OT Practice'",
        "practice.phone (PRACTICE_PHONE) is empty",
        "practice.email (PRACTICE_EMAIL) is 'referrals@example.org'",
        "site_url (SITE_URL) is 'https://ot-practice.github.io/knowledge-base/'",
    ]
    assert placeholder_problems(Practice(name=NAME, phone=PHONE, email=EMAIL)) == []


def test_a_hand_written_page_gets_the_settings_and_loses_lines_naming_empty_ones() -> None:
    practice = Practice(name=NAME, phone=PHONE, email=EMAIL)
    text = "Call {{ practice.phone }}.\n- Hours: {{practice.hours}}\n[Email]({{ practice.email_href }})"
    assert fill_page(text, practice, "x.md") == f"Call {PHONE}.\n[Email](mailto:{EMAIL})"
    with pytest.raises(UnknownSetting, match=r"^docs/x.md:2: no practice setting 'fax' \(there are: name, "):
        fill_page("One\nFax {{ practice.fax }}", practice, "docs/x.md")


def test_printed_links_get_full_addresses_from_the_page_address() -> None:
    html = ('<a href="../seating/">Seating</a> <a href="#why">Why</a> <a href="https://www.hcpc-uk.org/">HCPC</a>'
            ' <a class="x" href="../../sources/#guide">A <em>guide</em></a>')
    out = print_addresses(html, "https://kb.test/kb/specialisms/hand-therapy/")
    assert 'data-print-href="https://kb.test/kb/specialisms/seating/" href="../seating/">Seating</a>' in out
    assert '<a href="#why">Why</a>' in out
    assert 'data-print-href="https://www.hcpc-uk.org/"' in out
    assert 'data-print-href="https://kb.test/kb/sources/#guide" class="x"' in out


# The shipped site, built with the practice's details (conftest.RELEASE_ENV, as a release build).

def test_every_page_names_the_practice_and_no_placeholder_is_left(built_site: Path) -> None:
    pages = html_pages(built_site)
    assert len(pages) > 100
    for page in pages:
        if page.relative_to(built_site).parts[0] == "admin":
            continue  # the editors' page: the CMS's own screen, not a page readers see
        html = page.read_text(encoding="utf-8")
        assert NAME in html, f"{page.relative_to(built_site)} does not name the practice"
        for placeholder in ("example.org", "ot-practice", "Practice details not set"):
            assert placeholder not in html, f"{page.relative_to(built_site)} contains {placeholder!r}"
        assert "Made with" not in html and 'class="md-source"' not in html


def test_every_case_manager_outcome_gives_the_practice_phone_and_email(built_site: Path) -> None:
    """Every result that refers; a red-flag result (act now, no referral) offers neither."""
    for page in case_manager_outcomes(built_site):
        html = page.read_text(encoding="utf-8")
        if "referral-act-now" in html:
            assert f"mailto:{EMAIL}?subject=Referral" not in html and "referral-contact" not in html, page
            continue
        assert f'<a href="tel:+441614960123">{PHONE}</a>' in html, page
        assert f'<a href="mailto:{EMAIL}">{EMAIL}</a>' in html, page
        assert f"mailto:{EMAIL}?subject=Referral" in html, f"{page}: Email this referral goes elsewhere"


def test_footer_contact_page_and_outcome_show_the_practice(browser: Browser, site_url: str, built_site: Path) -> None:
    outcome = case_manager_outcomes(built_site)[0].parent.relative_to(built_site).as_posix() + "/"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for path in ("", "contact/", "specialisms/hand-therapy/", outcome, "404.html"):
        page.goto(site_url + path)
        footer = page.locator("footer .practice-footer")
        expect(footer.locator(".practice-footer__name")).to_have_text(NAME)
        expect(footer.get_by_role("link", name=PHONE)).to_be_visible()
        expect(footer.get_by_role("link", name=EMAIL)).to_be_visible()
    page.goto(site_url + "contact/")
    card = page.locator("article .contact-card")
    expect(card.get_by_role("link", name=PHONE)).to_have_attribute("href", "tel:+441614960123")
    expect(card.get_by_role("link", name=EMAIL)).to_have_attribute("href", f"mailto:{EMAIL}")
    expect(page.get_by_role("heading", name="Talk a case through before you refer")).to_be_visible()
    page.goto(site_url + outcome)
    section = page.get_by_role("heading", name="Talk it through before you refer")
    expect(section).to_be_visible()
    expect(page.locator("article").get_by_role("link", name=PHONE).first).to_be_visible()
    page.close()


def test_errors_are_reported_to_the_practice_not_a_repository(built_site: Path) -> None:
    for path in ("about/accessibility/index.html", "about/index.html"):
        html = (built_site / path).read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        # Readers are sent to the practice; only the editors' "suggest a change" line leads to the repository.
        article = re.sub(r'<p class="page-footer__edit">.*?</p>', "", article, flags=re.S)
        assert "github" not in article.lower() and "New issue" not in article, path
        assert f'href="mailto:{EMAIL}"' in article and 'href="tel:+441614960123"' in article, path


# Release guard and preview banner: builds without the practice's details.

def test_a_release_build_with_placeholders_fails_naming_each(tmp_path: Path) -> None:
    venv = Path(sys.executable).parent.parent
    proc = subprocess.run(
        ["make", "--no-print-directory", "-o", f"{venv}/.installed", "build", "RELEASE=1", f"VENV={venv}",
         f"SITE_DIR={tmp_path / 'site'}", "SOURCE_DATE_EPOCH=1700000000"],
        cwd=ROOT, capture_output=True, text=True, env=unset_environment(),
    )
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    assert "a release build needs the practice's real details; still at a placeholder:" in output
    for line in ("practice.name (PRACTICE_NAME) is 'Example OT Practice'", "practice.phone (PRACTICE_PHONE) is empty",
                 "practice.email (PRACTICE_EMAIL) is 'referrals@example.org'", "site_url (SITE_URL) is 'https://ot-practice",
                 "edit_uri (EDIT_URI) is 'https://github.com/ot-practice/"):
        assert line in output
    assert not (tmp_path / "site").exists()


def test_a_preview_without_the_details_shows_a_banner(browser: Browser, tmp_path: Path) -> None:
    site = tmp_path / "site"
    proc = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--site-dir", str(site)],
                          cwd=ROOT, capture_output=True, text=True, env=unset_environment())
    assert proc.returncode == 0, proc.stderr
    for path in ("index.html", "specialisms/hand-therapy/index.html", "404.html"):
        assert "Practice details not set." in (site / path).read_text(encoding="utf-8"), path
    page = browser.new_page()
    page.goto((site / "index.html").as_uri())
    banner = page.locator(".md-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Practice details not set. This preview still shows placeholders for: "
                                   "practice.name, practice.phone, practice.email, site_url, edit_uri.")
    page.close()

"""The content corrections of issue 21 (the second clinical read), one test per numbered correction.

Each test reads the shipped content through the generator's own loader (or the hand-written pages under docs/)
and fails on the content as it was before the correction.
"""

from __future__ import annotations

import re

from conftest import ROOT
from pydantic import BaseModel

from generator import generate
from generator.render.browse import with_broader
from generator.structure import model as m
from generator.structure.content import CASE_STORY, FLOW, QUALIFICATION, SOURCE, SPECIALISM

RESULT = generate(ROOT / "content")
SITE = RESULT.site
DOCS = {path.relative_to(ROOT).as_posix(): path.read_text() for path in (ROOT / "docs").rglob("*.md")}
# Everything a reader can see: every generated page and every hand-written page.
EVERYTHING = {**{path: page.text for path, page in RESULT.pages.items()}, **DOCS}
CONFERENCE = "inspiring-futures"  # RCOT's AI-written summary of a 2024 conference session


def strings(value: object) -> list[str]:
    """Every string in a loaded item, depth first: what a reader of its pages can see."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, BaseModel):
        return [s for name in type(value).model_fields for s in strings(getattr(value, name))]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings(v)]
    return []


def test_1_rcot_specialist_sections_are_described_as_closed() -> None:
    assert "rcot_section" not in m.Specialism.model_fields
    assert not hasattr(m, "RcotSection")
    assert "browse/by-rcot-section.md" not in RESULT.pages
    old_claims = [
        "By RCOT specialist section", "RCOT specialist section** |", "Join the RCOT Independent Practice specialist",
        "Membership of a relevant specialist section", "Ask which specialist sections",
        "specialist sections and insurance for members", "access to professional advice and the specialist sections",
        "audience or RCOT specialist section",
    ]
    for path, text in EVERYTHING.items():
        for claim in old_claims:
            assert claim not in text, (path, claim)
    item = SITE.get(QUALIFICATION, "specialist-section-membership").data
    assert "closed" in item.title and "RCOT Communities" in item.title
    assert "rcot-members-questions" in item.sources
    assert SITE.get(SOURCE, "rcot-members-questions").data.url == (
        "https://www.rcot.co.uk/learn-about-occupational-therapy/about-rcot/how-we-are-run/baot-agm-rcot/"
        "members-questions")
    # No specialism asks a case manager to check a section that no longer exists.
    for specialism in SITE.of(SPECIALISM):
        assert "specialist-section-membership" not in specialism.data.qualifications, specialism.id


def test_2_skills_over_years_is_attributed_to_the_one_provider_that_said_it() -> None:
    texts = {
        "qualifications/statutory-experience": " ".join(strings(SITE.get(QUALIFICATION, "statutory-experience").data)),
        "checklists": "".join((ROOT / "content" / "checklists" / f"{c}.yml").read_text() for c in (
            "independent-ot-skills", "before-you-instruct", "starting-independent-practice")),
        "when-to-instruct": DOCS["docs/case-managers/when-to-instruct-an-ot.md"],
    }
    for name, text in texts.items():
        flat = " ".join(text.split()).lower()
        for unattributed in ("other independent companies say", "other companies say", "others weigh"):
            assert unattributed not in flat, (name, unattributed)
        assert "same company" in flat, name


def test_3_cerebral_palsy_is_not_filed_under_acquired_brain_injury() -> None:
    for story in SITE.of(CASE_STORY):
        if "cerebral palsy" in story.data.conditions:
            assert "brain-injury-rehabilitation" not in story.data.specialisms, story.id


def test_4_pain_stories_say_what_the_source_says() -> None:
    assert "keeping or finding work" not in RESULT.pages["specialisms/pain-management.md"].text
    assert "keeping or finding work" not in RESULT.pages["case-studies/pain-management-service.md"].text
    back_pain = SITE.get(CASE_STORY, "back-pain-return-to-work").data
    assert not any("walk again" in goal.lower() for goal in back_pain.goals)


def test_5_lifting_equipment_examination_is_the_same_six_months_across_the_uk() -> None:
    page = " ".join(RESULT.pages["specialisms/moving-and-handling.md"].text.split())
    assert "differ between Great Britain and Northern Ireland" not in page
    assert "at least every six months" in page
    assert "https://www.hse.gov.uk/work-equipment-machinery/loler.htm" in page
    assert {"hse-loler", "ni-loler-regulations"} <= set(SITE.get(SPECIALISM, "moving-and-handling").data.sources)


def test_6_a_tia_is_not_a_stroke() -> None:
    conditions = SITE.terms("conditions")
    assert "mini-stroke" not in conditions["stroke"].synonyms
    tia = conditions["transient ischaemic attack"]
    assert "mini-stroke" in tia.synonyms and tia.broader is None
    assert "stroke" not in with_broader("transient ischaemic attack", conditions)
    glossary = SITE.terms("glossary")["TIA"].definition or ""
    assert "not a" in glossary and "urgent" in glossary


def test_8_cpd_and_professional_standards_are_essential_everywhere() -> None:
    for item_id in ("cpd-record", "code-of-ethics"):
        assert SITE.get(QUALIFICATION, item_id).data.requirement is m.Requirement.essential
    page = DOCS["docs/case-managers/when-to-instruct-an-ot.md"]
    essential = page.split('!!! warning "Essential"', 1)[1].split("!!! note", 1)[0]
    best_practice = page.split('!!! note "Best practice"', 1)[1].split("\n\n", 1)[0]
    for link in ("qualifications/cpd-record.md", "qualifications/code-of-ethics.md"):
        assert link in essential and link not in best_practice, link


def test_9_cpd_is_declared_at_renewal_and_never_audited_at_a_first_renewal() -> None:
    readiness = " ".join((ROOT / "content" / "referral" / "independent-practice-readiness.yml").read_text().split())
    assert "can ask any registrant for their CPD record" not in readiness
    assert "first time" in readiness
    cpd = " ".join(SITE.get(QUALIFICATION, "cpd-record").data.summary.split())
    assert "first renewal" in cpd
    hcpc = " ".join(SITE.get(QUALIFICATION, "hcpc-registration").data.summary.split())
    assert "at registration and each renewal they declare that they meet its CPD standards" not in hcpc
    assert "at each two-yearly renewal they declare again" in hcpc


def test_10_hcpc_links_are_english_pages_at_current_addresses_and_sources_say_where_and_when() -> None:
    links = [url for text in EVERYTHING.values() for url in re.findall(r"https://[^\s)<>\"]+", text)]
    links += [place.url for q in SITE.of(QUALIFICATION) for place in q.data.verify_at if place.url]
    hcpc = [url for url in links if "hcpc-uk" in url]
    assert hcpc
    for url in hcpc:
        assert url.startswith("https://www.hcpc-uk.org/"), url
        assert "/cy-gb/" not in url and "aboutregistration" not in url, url
    for source in SITE.of(SOURCE):
        assert (source.data.url is None) != (source.data.url_unavailable is None), source.id
        assert (source.data.date_published is None) != (source.data.date_unknown is None), source.id


def test_11_unsupported_specifics_are_softened() -> None:
    readiness = " ".join((ROOT / "content" / "referral" / "independent-practice-readiness.yml").read_text().split())
    work_fit = " ".join((ROOT / "content" / "referral" / "independent-work-fit.yml").read_text().split())
    assert "pro rata" not in readiness
    assert "most expect you to hold your own indemnity" not in readiness
    assert "Once you have about two years behind you" not in readiness
    assert "the two-year line is this tool's own" in readiness
    assert "30 days after two to five years away" not in readiness
    assert "usual route towards expert witness work" not in work_fit


def test_12_case_stories_invent_no_person_age_or_region() -> None:
    stories = SITE.of(CASE_STORY)
    assert not [s.id for s in stories if s.data.origin.kind == "composite"]
    services = [s for s in stories if s.data.origin.kind == "service-example"]
    assert len(services) == 3
    for story in services:
        assert story.data.pseudonym is None and story.data.age_band is None, story.id
    # Retold stories keep an age band only where the source gives one (Mary is "in her late 20s"), and no
    # region: none of the publications says where its client lives.
    stated_ages = {"me-accessible-bungalow": m.AgeBand.a26_35}
    for story in stories:
        page = RESULT.pages[f"case-studies/{story.id}.md"].text
        if story.data.origin.kind == "publication":
            assert story.data.age_band == stated_ages.get(story.id), story.id
            assert story.data.region is None, story.id
        if story.data.age_band is None:
            assert "| **Age band** | Not stated |" in page, story.id
        if story.data.region is None:
            assert "| **Region** | Not stated |" in page, story.id
        if CONFERENCE in story.data.sources:
            assert "written by AI" in page, story.id
    home = DOCS["docs/index.md"]
    assert "published examples of OT work, retold with changed names" not in home
    assert "service examples that describe a service, not a person" in home


def test_12_pages_relying_on_the_machine_written_summary_say_so_where_they_use_it() -> None:
    assert SITE.get(SOURCE, CONFERENCE).data.machine_written
    for flow_id in ("independent-practice-readiness", "independent-work-fit"):
        flow = SITE.get(FLOW, flow_id).data
        assert CONFERENCE in flow.sources
        for text in strings(flow):
            for claim in re.findall(r"[^.]*\b(?:conference|speakers?)\b[^.]*", " ".join(text.split())):
                assert "AI" in claim, (flow_id, claim)
    guide = DOCS["docs/therapists/starting-in-independent-practice.md"]
    assert "generated by AI" in guide.split("## You do not have to leave your job", 1)[0]

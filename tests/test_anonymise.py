"""The anonymisation check: identifiers in content fail `python -m generator check`, masked, at their place."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_check, run_cli
from test_check import edit, shown

from generator.checks.anonymise import mask, nhs_check_digit_ok, scan

STORY = "case-studies/sam.md"
BODY_LINE = "Sam was injured a year before the referral."  # line 28 of the story


def test_a_valid_nhs_number_in_a_case_story_fails_the_check(content: Path) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + "\nHis NHS number is 999 000 0018.")
    assert shown(content) == [
        "case-studies/sam.md:29:19: anonymisation (nhs-number): '999 *** ***8' looks like a valid NHS number; "
        "remove it: content never carries NHS, CHI or hospital numbers"
    ]


def test_a_number_failing_the_nhs_check_digit_is_not_an_nhs_number(content: Path) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + "\nThe order reference was 999 000 0019.")
    assert run_check(content).returncode == 0


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        pytest.param(
            STORY, "summary: Seating and a move to a ground-floor flat.",
            "summary: Seating and a move to a ground-floor flat near CF10 1EP.",
            "case-studies/sam.md:4:57: anonymisation (postcode): 'C*** ***' in field 'summary' looks like a full UK "
            "postcode; give the region only",
            id="postcode-in-front-matter",
        ),
        pytest.param(
            STORY, "  - Sit comfortably all day", "  - Sit comfortably all day, as Mrs Evans asked",
            "case-studies/sam.md:15:33: anonymisation (title-and-name): 'Mrs E****' in field 'goals[0]' looks like a "
            "title and a name; call the client by the declared pseudonym ('Sam'), without a title, and anyone else "
            "by their role",
            id="title-and-name",
        ),
        pytest.param(
            STORY, BODY_LINE, "Sam was injured on 14/02/2023, a year before the referral.",
            "case-studies/sam.md:28:20: anonymisation (date): '1*/**/***3' looks like an exact date; use relative "
            "time ('three months later') or a season or year at most",
            id="dd-mm-yyyy-date-in-body",
        ),
        pytest.param(
            STORY, "  - Sits for eight hours without pain",
            '  - "Sits for eight hours without pain since 3 March 2023"',
            "case-studies/sam.md:19:46: anonymisation (date): '3 ***** ***3' in field 'outcomes[0]' looks like an "
            "exact date; use relative time ('three months later') or a season or year at most",
            id="long-date-in-quoted-scalar",
        ),
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + "\n\nHis mother (call 020 7946 0018 or\nmum@example.org) agreed.",
            "case-studies/sam.md:30:18: anonymisation (phone): '0** **** ***8' looks like a UK phone number; remove "
            "it: the practice's own contact details live in mkdocs.yml",
            id="phone",
        ),
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + " NI number: AB 12 34 56 C.",
            "case-studies/sam.md:28:56: anonymisation (ni-number): 'AB ** ** ** C' looks like a National Insurance "
            "number; remove it",
            id="ni-number",
        ),
        pytest.param(
            "specialisms/seating.yml", "involvement_note: Usually one assessment with a review after delivery.",
            "involvement_note: Usually one assessment; ring Dr Patel on 0161 496 0000 to book.",
            "specialisms/seating.yml:14:48: anonymisation (title-and-name): 'Dr P****' in field 'involvement_note' "
            "looks like a title and a name; refer to people by their role",
            id="not-only-case-stories",
        ),
        pytest.param(
            STORY, "consent_recorded: true", "consent_recorded: false",
            "case-studies/sam.md:20:19: anonymisation (consent): consent_recorded is false; publish a case story only "
            "when the client's consent to publish is on file",
            id="consent-not-recorded",
        ),
        pytest.param(
            STORY, "anonymisation_reviewer: Clinical lead", "anonymisation_reviewer: TBC",
            "case-studies/sam.md:21:25: anonymisation (reviewer): anonymisation_reviewer is 'TBC'; give the role of "
            "the person who checked the anonymisation, e.g. 'Clinical lead'",
            id="no-reviewer",
        ),
    ],
)
def test_identifiers_are_reported_masked_at_their_place(
    content: Path, file: str, old: str, new: str, expected: str
) -> None:
    edit(content / file, old, new)
    assert shown(content)[0] == expected


def test_every_finding_in_a_story_is_reported_and_none_repeats_what_it_found(content: Path) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + "\n\nHis mother (call 020 7946 0018 or\nmum@example.org) agreed.")
    found = shown(content)
    assert [line.split(": ")[1].split(")")[0] for line in found] == ["anonymisation (phone", "anonymisation (email"]
    assert found[1].startswith("case-studies/sam.md:31:1: anonymisation (email): 'm**@*******.**g'")
    assert not any(secret in line for line in found for secret in ("7946", "mum@", "example.org"))


def test_an_empty_reviewer_fails(content: Path) -> None:
    edit(content / STORY, "anonymisation_reviewer: Clinical lead", "anonymisation_reviewer: ''")
    assert any(line.startswith("case-studies/sam.md:21:25: ") for line in shown(content))


def test_the_review_date_is_not_client_data(content: Path) -> None:
    edit(content / STORY, "last_reviewed: 2026-11-01", "last_reviewed: '2026-11-01'")
    assert run_check(content).returncode == 0, run_check(content).stderr


def test_the_bare_pseudonym_is_fine(content: Path) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + " Sam's OT met Sam at home in Spring 2023, aged 26-35.")
    assert run_check(content).returncode == 0


@pytest.mark.parametrize(
    ("number", "valid"),
    [("9990000018", True), ("9990000019", False), ("9434765919", True), ("9434765918", False),
     ("4010232137", True), ("0000000000", True), ("1234567890", False), ("999000001", False)],
)
def test_nhs_check_digit(number: str, valid: bool) -> None:
    assert nhs_check_digit_ok(number) is valid


@pytest.mark.parametrize(
    ("text", "rule", "masked"),
    [
        ("999 000 0018", "nhs-number", "999 *** ***8"),
        ("999-000-0018", "nhs-number", "999-***-***8"),
        ("9990000018", "nhs-number", "999******8"),
        ("AB123456C", "ni-number", "AB******C"),
        ("SW1A 1AA", "postcode", "S*** ***"),
        ("M1 1AE", "postcode", "M* ***"),
        ("cr26XH", "postcode", "c*****"),
        ("+44 20 7946 0018", "phone", "+4* ** **** ***8"),
        ("07700 900 987", "phone", None),  # Ofcom's drama range: never a real number
        ("01632 960 001", "phone", None),
        ("jo.bloggs@nhs.net", "email", "j*.******@***.**t"),
        ("2023-03-03", "date", "2***-**-*3"),
        ("03/03/2023", "date", "0*/**/***3"),
        ("3.3.23", "date", "3.*.*3"),
        ("3rd of March, 2023", "date", "3** ** *****, ***3"),
        ("March 3, 2023", "date", "M**** *, ***3"),
        ("Sept. 21st 2022", "date", "S***. **** ***2"),
        ("Mr Smith", "title-and-name", "Mr S****"),
        ("Dr. O'Neill", "title-and-name", "Dr. O'*****"),
        ("Miss Jones", "title-and-name", "Miss J****"),
    ],
)
def test_each_rule(text: str, rule: str, masked: str | None) -> None:
    found = [(f.rule, f.masked) for f in scan(f"noted: {text}.")]
    assert found == ([(rule, masked)] if masked else [])


@pytest.mark.parametrize(
    "text",
    [
        "Aged 26-35, reviewed in March 2023 and again 2 years later, 24/7 support, version 1.2.3.",
        "An ME diagnosis; M62 corridor; 3 of 5 goals; score 12/20; 1500 people; 10-15 minutes.",
        "The drama number 07700 900123 and the reference 999 000 0019.",
        "Sam, the declared pseudonym; the Dr said; Mr. and Mrs. are titles alone.",
        "HCPC registration number OT12345; RCOT membership; DBS check.",
    ],
)
def test_no_false_alarm(text: str) -> None:
    assert scan(text, "Sam") == []


def test_mask_keeps_only_what_it_is_told() -> None:
    assert mask("999 000 0018", 3, 1) == "999 *** ***8"
    assert mask("Mrs Evans", 4, 0) == "Mrs E****"
    assert mask("a@b.co", 1, 0) == "a@*.**"


def test_the_shipped_content_names_no_one() -> None:
    proc = run_cli("check")
    assert "anonymisation (" not in proc.stderr


def test_phone_rule_skips_only_strings_too_short_to_hold_a_number() -> None:
    """The phone matcher is skipped below PHONE_MIN_DIGITS digits; hold that to the installed metadata."""
    import phonenumbers
    from phonenumbers import SUPPORTED_REGIONS, PhoneMetadata

    from generator.checks.anonymise import PHONE_MIN_DIGITS

    international = min(
        len(str(phonenumbers.country_code_for_region(region)))
        + min(PhoneMetadata.metadata_for_region(region).general_desc.possible_length or (99,))
        for region in SUPPORTED_REGIONS
    )
    national_gb = min(PhoneMetadata.metadata_for_region("GB").general_desc.possible_length)
    assert PHONE_MIN_DIGITS <= min(international, national_gb)

"""The anonymisation check: identifiers in content fail `python -m generator check`, masked, at their place."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

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


def test_a_number_in_the_nhs_layout_failing_the_check_digit_still_fails(content: Path) -> None:
    """A mistyped NHS number still identifies its holder (issue #24)."""
    edit(content / STORY, BODY_LINE, BODY_LINE + "\nThe order reference was 999 000 0019.")
    assert shown(content) == [
        "case-studies/sam.md:29:25: anonymisation (nhs-number): '999 *** ***9' looks like an NHS number with a wrong "
        "check digit (a mistyped number still identifies someone); remove it: content never carries NHS, CHI or "
        "hospital numbers"
    ]


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
            STORY, "written_consent_on_file: true", "written_consent_on_file: false",
            "case-studies/sam.md:20:53: anonymisation (consent): written_consent_on_file is false; publish a story "
            "about the practice's own client only when the client's written consent to publish is on file",
            id="consent-not-recorded",
        ),
        pytest.param(
            STORY, "anonymisation_reviewer: Clinical lead", "anonymisation_reviewer: TBC",
            "case-studies/sam.md:21:34: anonymisation (reviewer): anonymisation_reviewer is 'TBC'; give the role of "
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
    assert any(line.startswith("case-studies/sam.md:21:34: ") for line in shown(content))


def test_the_review_block_is_not_client_data(content: Path) -> None:
    # A fingerprint that starts with eleven digits would read as a phone number in client text.
    text = (content / STORY).read_text()
    (content / STORY).write_text(re.sub(r"fingerprint: \"[0-9a-f]+\"", "fingerprint: 07700900123" + "a" * 21, text))
    result = run_check(content)
    assert result.returncode == 0, result.stderr
    assert "anonymisation" not in result.stderr


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
        ("jo (at) nhs (dot) net", "email", "j* (**) *** (***) **t"),
        ("jo[at]nhs[dot]net", "email", "j*[**]***[***]**t"),
        ("jo AT nhs.net", "email", None),  # a word, not brackets: ordinary prose ('met Jo at Leeds')
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
        "The drama numbers 07700 900123 and 01632 960 001, in 2019-2023 and 1999 - 2001.",
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
    assert proc.returncode == 0, proc.stderr  # it ran and passed, rather than failing before the scan


def test_phone_rule_skips_only_strings_too_short_to_hold_a_number() -> None:
    """The phone matcher is skipped below PHONE_MIN_DIGITS digits; hold that to the installed metadata."""
    import phonenumbers
    from phonenumbers import SUPPORTED_REGIONS, PhoneMetadata

    from generator.checks.anonymise import PHONE_MIN_DIGITS

    def lengths(region: str) -> Any:
        metadata = PhoneMetadata.metadata_for_region(region)
        assert metadata is not None and metadata.general_desc is not None
        return metadata.general_desc.possible_length

    international = min(
        len(str(phonenumbers.country_code_for_region(region))) + min(lengths(region) or (99,))
        for region in SUPPORTED_REGIONS
    )
    national_gb = min(lengths("GB"))
    assert PHONE_MIN_DIGITS <= min(international, national_gb)


NUMBER = "remove it: content never carries NHS, CHI or hospital numbers"
NAMED = ("looks like a named hospital, school or employer; describe it instead: 'a regional hospital', 'her secondary "
         "school', 'a large employer'")


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        pytest.param(" Her daughter Emily Watson helped.", "28:58: anonymisation (full-name): 'E**** ******' looks "
                     "like a person's full name; call the client 'Sam' and anyone else by their role ('her daughter')",
                     id="full-name-without-title"),
        pytest.param(" Sam lives at 14 Acacia Avenue.", "28:58: anonymisation (address): '1* ****** ******' looks like "
                     "a street address; give the region only", id="street-address"),
        pytest.param(" Sam was treated at St Mary's Hospital.",
                     f"28:64: anonymisation (institution): 'S* ****'* ********' {NAMED}", id="hospital"),
        pytest.param(" Sam went to Greenfield Primary School.",
                     f"28:57: anonymisation (institution): 'G********* ******* ******' {NAMED}", id="school"),
        pytest.param(" Sam works for Acme Widgets Ltd.",
                     f"28:59: anonymisation (institution): 'A*** ******* ***' {NAMED}", id="employer"),
        pytest.param(" Sam was born in 1989.", "28:53: anonymisation (birth-year): '**** ** ****' looks like a year of "
                     "birth; remove it: the age band in the front matter says enough", id="birth-year"),
        pytest.param(" Sam was aged 34 then.", "28:53: anonymisation (exact-age): '**** **' looks like an exact age; "
                     "use the age band ('in her thirties', or the age_band field) instead", id="exact-age"),
        pytest.param(" It happened on 3rd March.", "28:60: anonymisation (date): '3** ****h.' looks like a day and "
                     "month; use relative time ('three months later') or a season", id="day-and-month"),
        pytest.param(" Sam's MRN 1234567 is on file.", "28:51: anonymisation (hospital-number): 'MRN *******' looks "
                     f"like a hospital or record number; {NUMBER}", id="hospital-number"),
        pytest.param(" CHI 010190 1234.", "28:49: anonymisation (chi-number): '****** ****' looks like a CHI number "
                     f"(Scotland); {NUMBER}", id="chi-number-6-4"),
        pytest.param(" CHI 01 01 90 12 34.", "28:49: anonymisation (chi-number): '** ** ** ** **' looks like a CHI "
                     f"number (Scotland); {NUMBER}", id="chi-number-in-pairs"),
        pytest.param(" Sam drives AB12 CDE.", "28:56: anonymisation (vehicle-registration): 'A*** ***' looks like a "
                     "vehicle registration; remove it: say 'his adapted car' instead", id="vehicle-current-format"),
        pytest.param(" Sam drove A123 BCD.", "28:55: anonymisation (vehicle-registration): 'A*** ***' looks like a "
                     "vehicle registration; remove it: say 'his adapted car' instead", id="vehicle-prefix-format"),
        pytest.param(" NHS 943\u00a0476\u00a05919.", "28:49: anonymisation (nhs-number): "
                     f"'943\u00a0***\u00a0***9' looks like a valid NHS number; {NUMBER}",
                     id="nhs-number-non-breaking-spaces"),
        pytest.param(" NHS 943-476-5919.", f"28:49: anonymisation (nhs-number): '943-***-***9' looks like a valid NHS "
                     f"number; {NUMBER}", id="nhs-number-hyphens"),
        pytest.param(" NHS 9434765919.", f"28:49: anonymisation (nhs-number): '943******9' looks like a valid NHS "
                     f"number; {NUMBER}", id="nhs-number-unspaced"),
    ],
)
def test_identifying_details_in_a_story_fail_the_check(content: Path, added: str, expected: str) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert shown(content) == [f"{STORY}:{expected}"]  # shown() asserts exit code 1 and no traceback


def test_an_anonymisation_reviewer_named_rather_than_a_role_fails(content: Path) -> None:
    edit(content / STORY, "anonymisation_reviewer: Clinical lead", "anonymisation_reviewer: Jane Smith")
    assert shown(content) == [
        f"{STORY}:21:34: anonymisation (reviewer): anonymisation_reviewer 'J*** *****' looks like a person's name; "
        "give their role instead, e.g. 'Clinical lead', so the published page names no member of staff"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The Royal College of Occupational Therapists and the HCPC set the standards.",
        "Sam, aged 26-35, was seen at home in North West England by a Senior OT from an NHS trust.",
        "Three months later Sam walked to the shops down the road, 2 years on.",
        "Case manager and Clinical lead met the Hand Therapy team in March.",
    ],
)
def test_story_rules_raise_no_false_alarm(text: str) -> None:
    assert [f.rule for f in scan(text, "Sam")] == []


def test_full_names_and_places_are_story_rules_only() -> None:
    """Specialism pages name real bodies on purpose; only case stories describe clients."""
    text = "Emily Watson of Greenfield Primary School, 14 Acacia Avenue"
    assert [f.rule for f in scan(text, None)] == []
    assert [f.rule for f in scan(text, "Sam")] == ["full-name", "institution", "address"]


@pytest.mark.parametrize(("number", "flagged"), [
    ("0808 808 8000", False),  # Lifeline, Northern Ireland's crisis line
    ("0800 1111", False),  # Childline
    ("0808 808 8001", True),  # one digit away: not a public helpline, so it could be anyone's
    ("0800 123 4567", True),
])
def test_public_crisis_lines_may_be_written_and_no_other_number(number: str, flagged: bool) -> None:
    found = [f.rule for f in scan(f"Call {number} now.", None)]
    assert (found == ["phone"]) is flagged, found


PHONE = "looks like a UK phone number; remove it: the practice's own contact details live in mkdocs.yml"


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        pytest.param("\nThe letter was 943 476\n5919, and we shredded it.", "29:16: anonymisation (nhs-number): "
                     f"'943 *** ***9' looks like a valid NHS number; {NUMBER}", id="nhs-number"),
        pytest.param("\nThe letter was 943 476\n\n    5919, and we shredded it.", "29:16: anonymisation "
                     f"(nhs-number): '943 *** ***9' looks like a valid NHS number; {NUMBER}",
                     id="nhs-number-across-paragraphs"),
        pytest.param("\nHer mobile was 07911\n123456 then.", f"29:16: anonymisation (phone): '0**** *****6' {PHONE}",
                     id="phone"),
        pytest.param("\nHer mobile was 07911\u00a0\u00a0123456 then.",
                     f"29:16: anonymisation (phone): '0**** *****6' {PHONE}", id="phone-no-break-spaces"),
        pytest.param("\nShe moved to LS1\n4AP last year.", "29:14: anonymisation (postcode): 'L** ***' looks like a "
                     "full UK postcode; give the region only", id="postcode"),
        pytest.param("\nShe moved to LS1\u00a04AP last year.", "29:14: anonymisation (postcode): 'L**\u00a0***' looks "
                     "like a full UK postcode; give the region only", id="postcode-no-break-space"),
        pytest.param("\nHer mobile was 07911\u2009123456 then.",
                     f"29:16: anonymisation (phone): '0****\u2009*****6' {PHONE}", id="phone-thin-space"),
    ],
)
def test_a_line_break_or_a_run_of_whitespace_does_not_hide_an_identifier(
    content: Path, added: str, expected: str
) -> None:
    """Wrapping a line between the parts of a number hid it from the check; it is reported where it starts."""
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert shown(content) == [f"{STORY}:{expected}"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("  - Sit comfortably all day", "  - |\n    Go back to work, said 943 476\n    5919",
                     "16:27: anonymisation (nhs-number): '943 *** ***9' in field 'goals[0]' looks like a valid NHS "
                     f"number; {NUMBER}", id="literal-block"),
        pytest.param("summary: Seating and a move to a ground-floor flat.",
                     "summary: >-\n  Seating and a move; the letter said 943 476\n  5919.",
                     "5:39: anonymisation (nhs-number): '943 *** ***9' in field 'summary' looks like a valid NHS "
                     f"number; {NUMBER}", id="folded-block"),
        pytest.param("summary: Seating and a move to a ground-floor flat.",
                     "summary: Seating and a move; call 07911\n  123456.",
                     f"4:35: anonymisation (phone): '0**** *****6' in field 'summary' {PHONE}", id="plain-scalar"),
    ],
)
def test_a_number_wrapped_in_front_matter_is_reported_where_it_starts(
    content: Path, old: str, new: str, expected: str
) -> None:
    """A YAML string that runs onto the next line shows as one line on the page: '943 476 5919'."""
    edit(content / STORY, old, new)
    assert shown(content) == [f"{STORY}:{expected}"]


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        pytest.param("943\u2013476\u20135919", "943-***-***9", id="en-dash"),
        pytest.param("943\u2012476\u20125919", "943-***-***9", id="figure-dash"),
        pytest.param("943\u2014476\u20145919", "943-***-***9", id="em-dash"),
        pytest.param("943\u2212476\u22125919", "943-***-***9", id="minus-sign"),
        pytest.param("943\u2011476\u20115919", "943-***-***9", id="non-breaking-hyphen"),
        pytest.param("943/476/5919", "943/***/***9", id="slashes"),
        pytest.param("943.476.5919", "943.***.***9", id="dots"),
        pytest.param("943\u200b476\u200b5919", "943******9", id="zero-width-spaces"),
        pytest.param("943\u00ad476\u00ad5919", "943******9", id="soft-hyphens"),
    ],
)
def test_a_dash_slash_or_invisible_character_does_not_hide_an_nhs_number(
    content: Path, number: str, masked: str
) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + f" NHS {number}.")
    assert shown(content) == [f"{STORY}:28:49: anonymisation (nhs-number): '{masked}' looks like a valid NHS number; "
                              f"{NUMBER}"]


@pytest.mark.parametrize(
    ("text", "rule", "masked"),
    [
        ("999\u2013000\u20130019", "nhs-number", "999-***-***9"),  # the 3-3-4 layout, check digit wrong
        ("999/000/0019", "nhs-number", "999/***/***9"),
        ("14\u201302\u20132023", "date", "1*-**-***3"),
        ("020\u20137946\u20130018", "phone", "0**-****-***8"),
    ],
)
def test_dashes_are_read_as_hyphens_by_every_rule(text: str, rule: str, masked: str) -> None:
    assert [(f.rule, f.masked) for f in scan(f"noted: {text}.")] == [(rule, masked)]


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        pytest.param(" Her hospital number is RX1234567.", "28:49: anonymisation (hospital-number): 'hos***** ****** "
                     f"** *********' looks like a hospital or record number; {NUMBER}", id="is"),
        pytest.param(" Her MRN was 1234567.", "28:49: anonymisation (hospital-number): 'MRN *** *******' looks like a "
                     f"hospital or record number; {NUMBER}", id="was"),
        pytest.param(" Her patient number of RX 123456.", "28:49: anonymisation (hospital-number): 'pat**** ****** "
                     f"** ** ******' looks like a hospital or record number; {NUMBER}", id="of"),
        pytest.param(" Her MRN = 1234567.", "28:49: anonymisation (hospital-number): 'MRN = *******' looks like a "
                     f"hospital or record number; {NUMBER}", id="equals"),
    ],
)
def test_a_linking_word_before_a_hospital_number_does_not_hide_it(content: Path, added: str, expected: str) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert shown(content) == [f"{STORY}:{expected}"]


AGE = "looks like an exact age; use the age band ('in her thirties', or the age_band field) instead"
BIRTH = "looks like a date of birth; remove it: the age band in the front matter says enough"


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        pytest.param(" She was thirty-four years old.",
                     f"28:53: anonymisation (exact-age): '******-**** ***** ***' {AGE}", id="years-old"),
        pytest.param(" A thirty four-year-old.", f"28:47: anonymisation (exact-age): '****** ****-****-***' {AGE}",
                     id="year-old"),
        pytest.param(" Sam, aged forty-two, came.", f"28:50: anonymisation (exact-age): '**** *****-***' {AGE}",
                     id="aged"),
        pytest.param(" She was born on the third of March 1985.", "28:53: anonymisation (date-of-birth): '**** ** *** "
                     f"***** ** ***** ****' {BIRTH}", id="born-on-the-third-of-march-1985"),
        pytest.param(" Born March the twenty-first.", "28:45: anonymisation (date-of-birth): '**** ***** *** "
                     f"******-*****' {BIRTH}", id="born-march-the-twenty-first"),
    ],
)
def test_an_age_or_a_date_of_birth_in_words_fails(content: Path, added: str, expected: str) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert shown(content) == [f"{STORY}:{expected}"]


@pytest.mark.parametrize(
    "text",
    [
        "On the third of March, Sam walked to the shops; the second of May was harder.",  # no 'born': not flagged
        "Sam, aged twenty-six to thirty-five, felt she had aged ten years; two years older than her brother.",
        "Two sessions a week, four years on; fourteen-year-olds at the club; someone aged between.",
        "Sam was born and raised in Wales; born again as a runner on the third attempt.",
    ],
)
def test_numbers_and_dates_in_words_are_not_ages_without_what_says_so(text: str) -> None:
    assert scan(text, "Sam") == []


TITLE = ("looks like a title and a name; call the client by the declared pseudonym ('Sam'), without a title, and "
         "anyone else by their role")


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        pytest.param(" MRS SMITH signed the form.", f"28:45: anonymisation (title-and-name): 'MRS S****' {TITLE}",
                     id="title-and-name-in-capitals"),
        pytest.param(" DR. O'NEILL signed the form.", f"28:45: anonymisation (title-and-name): 'DR. O'*****' {TITLE}",
                     id="dr-in-capitals"),
        pytest.param(" Mrs SMITH signed the form.", f"28:45: anonymisation (title-and-name): 'Mrs S****' {TITLE}",
                     id="name-in-capitals"),
    ],
)
def test_a_title_and_name_in_capitals_fails(content: Path, added: str, expected: str) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert shown(content) == [f"{STORY}:{expected}"]


def test_an_abbreviation_in_capitals_is_not_a_title() -> None:
    text = "The MS Society and an MR Scan; DR Screening; not to miss Christmas; MS and MRS alone."
    assert scan(text, "Sam") == []


def test_a_sources_full_publication_date_is_not_client_data(content: Path) -> None:
    """The schema allows a date as precise as the document gives it: a document's date identifies no one."""
    edit(content / "sources/guide.yml", 'date_published: "2025-03"', 'date_published: "2024-03-15"')
    result = run_check(content)
    assert result.returncode == 0, result.stderr
    assert "anonymisation" not in result.stderr


def test_only_a_sources_publication_date_is_exempt(content: Path) -> None:
    edit(content / "sources/guide.yml", "summary: A small document used by the tests.",
         'summary: A small document used by the tests, "2024-03-15".')
    assert shown(content) == [
        "sources/guide.yml:5:47: anonymisation (date): '2***-**-*5' in field 'summary' looks like an exact date; use "
        "relative time ('three months later') or a season or year at most"
    ]


EMAIL = "looks like an email address; remove it: the practice's own contact details live in mkdocs.yml"
POSTCODE = "looks like a full UK postcode; give the region only"
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        pytest.param(" NHS 943&nbsp;476&nbsp;5919.", f"28:49: anonymisation (nhs-number): '943{NBSP}***{NBSP}***9' "
                     f"looks like a valid NHS number; {NUMBER}", id="nbsp"),
        pytest.param(" NHS 943&#8203;476&#8203;5919.", "28:49: anonymisation (nhs-number): '943******9' looks like a "
                     f"valid NHS number; {NUMBER}", id="zero-width-space-by-number"),
        pytest.param(" NHS 943&#32;476&#32;5919.", "28:49: anonymisation (nhs-number): '943 *** ***9' looks like a "
                     f"valid NHS number; {NUMBER}", id="space-by-number"),
        pytest.param(" NHS 943&shy;476&shy;5919.", "28:49: anonymisation (nhs-number): '943******9' looks like a "
                     f"valid NHS number; {NUMBER}", id="soft-hyphen"),
        pytest.param(" NHS 943&thinsp;476&thinsp;5919.", "28:49: anonymisation (nhs-number): "
                     f"'943\u2009***\u2009***9' looks like a valid NHS number; {NUMBER}", id="thin-space"),
        pytest.param(" NHS 943&#x20;476&#X20;5919.", "28:49: anonymisation (nhs-number): '943 *** ***9' looks like a "
                     f"valid NHS number; {NUMBER}", id="hexadecimal-reference"),
        pytest.param(" Call 07911&nbsp;123456.", f"28:50: anonymisation (phone): '0****{NBSP}*****6' {PHONE}",
                     id="phone"),
        pytest.param(" Mail josh.harwood&#64;example.org.", "28:50: anonymisation (email): "
                     f"'j***.*******@*******.**g' {EMAIL}", id="email"),
        pytest.param(" Near SW1A&nbsp;1AA.", f"28:50: anonymisation (postcode): 'S***{NBSP}***' {POSTCODE}",
                     id="postcode"),
        pytest.param(" Mrs&nbsp;Smith came.", f"28:45: anonymisation (title-and-name): 'Mrs{NBSP}S****' {TITLE}",
                     id="title-and-name"),
        pytest.param(" Emily&nbsp;Watson came.", f"28:45: anonymisation (full-name): 'E****{NBSP}******' looks like "
                     "a person's full name; call the client 'Sam' and anyone else by their role ('her daughter')",
                     id="full-name"),
        pytest.param(" Sam was aged&nbsp;34.", f"28:53: anonymisation (exact-age): '****{NBSP}**' {AGE}",
                     id="age"),
        pytest.param(" Sam was born&nbsp;1985.", f"28:53: anonymisation (birth-year): '****{NBSP}****' looks like a "
                     "year of birth; remove it: the age band in the front matter says enough", id="birth-year"),
        pytest.param(" On 3&nbsp;March 2023.", f"28:48: anonymisation (date): '3{NBSP}***** ***3' looks like an "
                     "exact date; use relative time ('three months later') or a season or year at most", id="date"),
        pytest.param(" NHS 943 **476** 5919.", "28:49: anonymisation (nhs-number): '943 *** ***9' looks like a valid "
                     f"NHS number; {NUMBER}", id="strong-emphasis"),
        pytest.param(" NHS 943 _476_ ~~5919~~.", "28:49: anonymisation (nhs-number): '943 *** ***9' looks like a "
                     f"valid NHS number; {NUMBER}", id="emphasis-and-strikethrough"),
        pytest.param(" Mrs **Smith** came.", f"28:45: anonymisation (title-and-name): 'Mrs S****' {TITLE}",
                     id="emphasised-name"),
        pytest.param(" NHS 943<span>476</span>5919.", "28:49: anonymisation (nhs-number): '943******9' looks like a "
                     f"valid NHS number; {NUMBER}", id="inline-tags"),
        pytest.param(" NHS 943<!-- -->476<!-- -->5919.", "28:49: anonymisation (nhs-number): '943******9' looks like "
                     f"a valid NHS number; {NUMBER}", id="comments"),
        pytest.param("\n\nMrs<br>Smith came.", f"30:1: anonymisation (title-and-name): 'Mrs S****' {TITLE}",
                     id="line-break-tag-is-a-space"),
        pytest.param(' Her <a href="mailto:josh@example.org">email</a>.', "28:65: anonymisation (email): "
                     f"'j***@*******.**g' {EMAIL}", id="inside-a-tag"),
        pytest.param(" <!-- NHS 943 476 5919 -->", "28:54: anonymisation (nhs-number): '943 *** ***9' looks like a "
                     f"valid NHS number; {NUMBER}", id="inside-a-comment"),
    ],
)
def test_character_references_and_markup_do_not_hide_an_identifier(content: Path, added: str, expected: str) -> None:
    """The rules read the text as the page shows it: '943&nbsp;476&nbsp;5919' shows as an NHS number."""
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert shown(content) == [f"{STORY}:{expected}"]


def test_a_character_reference_in_front_matter_is_reported_where_it_starts(content: Path) -> None:
    edit(content / STORY, "summary: Seating and a move to a ground-floor flat.",
         "summary: Seating and a move; call 07911&nbsp;123456.")
    assert shown(content) == [f"{STORY}:4:35: anonymisation (phone): '0****{NBSP}*****6' in field 'summary' {PHONE}"]


@pytest.mark.parametrize(
    "text",
    [
        "AT&T and M&S; 3 < 4 and 5 > 2; <https://example.org/a_b> and a snake_case_word.",
        "**Goal:** walk 2 km; *three* sessions; __bold__ and ~~struck~~; 2 * 3 = 6.",
        "&lt;span&gt; shows a tag; caf&eacute; &amp; tea; &copy; 2024; &#169; 2024.",
        '<abbr title="Occupational therapist">OT</abbr> at <span class="x_y">home</span>.',
        "<!-- a note for editors -->Sam walked.",
        "Steps 1 - 2 - 3; 2019 - 2023 / 24; pages 100 - 120; 1999 - 2001.",
    ],
)
def test_markup_raises_no_false_alarm(text: str) -> None:
    assert scan(text, "Sam") == []


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        pytest.param(" NHS 943 - 476 - 5919.", "28:49: anonymisation (nhs-number): '943 - *** - ***9' looks like a "
                     f"valid NHS number; {NUMBER}", id="spaced-hyphens"),
        pytest.param(" NHS 943 / 476 / 5919.", "28:49: anonymisation (nhs-number): '943 / *** / ***9' looks like a "
                     f"valid NHS number; {NUMBER}", id="spaced-slashes"),
        pytest.param(" NHS 999 \u2013 000 \u2013 0019.", "28:49: anonymisation (nhs-number): '999 - *** - ***9' "
                     "looks like an NHS number with a wrong check digit (a mistyped number still identifies someone); "
                     f"{NUMBER}", id="spaced-en-dashes-wrong-check-digit"),
        pytest.param(" Mail josh\uff20example.org.", f"28:50: anonymisation (email): 'j***@*******.**g' {EMAIL}",
                     id="full-width-at-sign"),
        pytest.param(" Near \uff33\uff37\uff11\uff21\u3000\uff11\uff21\uff21.", "28:50: anonymisation (postcode): "
                     f"'S*** ***' {POSTCODE}", id="full-width-postcode"),
        pytest.param(" Near SW1A-1AA.", f"28:50: anonymisation (postcode): 'S***-***' {POSTCODE}",
                     id="hyphenated-postcode"),
        pytest.param(" NI AB-12-34-56-C.", "28:48: anonymisation (ni-number): 'AB-**-**-**-C' looks like a National "
                     "Insurance number; remove it", id="ni-number-hyphens"),
        pytest.param(" NI AB.12.34.56.C.", "28:48: anonymisation (ni-number): 'AB.**.**.**.C' looks like a National "
                     "Insurance number; remove it", id="ni-number-dots"),
    ],
)
def test_spaced_separators_and_full_width_forms_do_not_hide_an_identifier(
    content: Path, added: str, expected: str
) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert shown(content) == [f"{STORY}:{expected}"]


FULL_NAME = "looks like a person's full name; call the client 'Sam' and anyone else by their role ('her daughter')"


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        pytest.param(" Mister Harwood came.", f"28:45: anonymisation (title-and-name): 'Mister H******' {TITLE}",
                     id="mister"),
        pytest.param(" Prof Harwood came.", f"28:45: anonymisation (title-and-name): 'Prof H******' {TITLE}",
                     id="prof"),
        pytest.param(" Professor Smith came.", f"28:45: anonymisation (title-and-name): 'Professor S****' {TITLE}",
                     id="professor"),
        pytest.param(" Sir Smith came.", f"28:45: anonymisation (title-and-name): 'Sir S****' {TITLE}", id="sir"),
        pytest.param(" Dame Smith came.", f"28:45: anonymisation (title-and-name): 'Dame S****' {TITLE}", id="dame"),
        pytest.param(" Lord Smith came.", f"28:45: anonymisation (title-and-name): 'Lord S****' {TITLE}", id="lord"),
        pytest.param(" Rev Smith came.", f"28:45: anonymisation (title-and-name): 'Rev S****' {TITLE}", id="rev"),
        pytest.param(" Nurse Smith came.", f"28:45: anonymisation (title-and-name): 'Nurse S****' {TITLE}",
                     id="nurse"),
        pytest.param(" Mr J Harwood came.", f"28:45: anonymisation (title-and-name): 'Mr J *******' {TITLE}",
                     id="initial"),
        pytest.param(" Mrs Ó Briain came.", f"28:45: anonymisation (title-and-name): 'Mrs Ó ******' {TITLE}",
                     id="non-ascii-initial"),
        pytest.param(" Dr O\u2019Neill came.", f"28:45: anonymisation (title-and-name): 'Dr O'*****' {TITLE}",
                     id="curly-apostrophe-in-a-name"),
        pytest.param(" Her friend Chloé Watson came.", f"28:56: anonymisation (full-name): 'C**** ******' {FULL_NAME}",
                     id="non-ascii-first-name"),
        pytest.param(" Then Sarah-Jane Watson came.", f"28:50: anonymisation (full-name): 'S****-**** ******' "
                     f"{FULL_NAME}", id="hyphenated-first-name-after-a-capitalised-word"),
        pytest.param(" Sam Harwood came.", f"28:45: anonymisation (full-name): 'S** *******' {FULL_NAME}",
                     id="pseudonym-and-surname"),
        pytest.param(" SAM HARWOOD came.", f"28:45: anonymisation (full-name): 'S** *******' {FULL_NAME}",
                     id="pseudonym-and-surname-in-capitals"),
        pytest.param(" Client: Harwood, Sam.", f"28:53: anonymisation (full-name): 'H******, ***' {FULL_NAME}",
                     id="surname-comma-pseudonym"),
        pytest.param(" Seen at St Mary\u2019s Hospital.", f"28:53: anonymisation (institution): 'S* ****'* ********' "
                     f"{NAMED}", id="curly-apostrophe-in-an-institution"),
    ],
)
def test_more_titles_and_names_fail(content: Path, added: str, expected: str) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert shown(content) == [f"{STORY}:{expected}"]


@pytest.mark.parametrize(
    "text",
    [
        "The Nurse Practitioner and a district Nurse came; the Lord Mayor opened it; a Professor of OT spoke.",
        "Dear Sir or Madam; the Nurse said so; thank the Lord.",
        "Later, Sam went out. In Leeds, Sam ran. Sam OT and SAM NHS notes.",
        "A month with Sam\n\nAfter that, Sam Then walked; Sam and Sam's mum; Sam's Goals.",
        "Sam\n\nThe next month was better.",
    ],
)
def test_titles_and_the_pseudonym_raise_no_false_alarm(text: str) -> None:
    assert scan(text, "Sam") == []


YEAR_OF_BIRTH = "looks like a year of birth; remove it: the age band in the front matter says enough"


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        pytest.param(" Sam was 34 years of age.", f"28:53: anonymisation (exact-age): '** ***** ** ***' {AGE}",
                     id="years-of-age"),
        pytest.param(" Sam, a 34 y/o man.", f"28:52: anonymisation (exact-age): '** */*' {AGE}", id="y/o"),
        pytest.param(" Sam, 34yo, came.", f"28:50: anonymisation (exact-age): '****' {AGE}", id="yo"),
        pytest.param(" Aged: 34.", f"28:45: anonymisation (exact-age): '****: **' {AGE}", id="aged-colon"),
        pytest.param(" DOB 03031985.", f"28:45: anonymisation (date-of-birth): '*** ********' {BIRTH}",
                     id="dob-in-figures"),
        pytest.param(" Sam was born in '85.", f"28:53: anonymisation (birth-year): '**** ** '**' {YEAR_OF_BIRTH}",
                     id="born-in-two-figures"),
        pytest.param(" Sam was born in nineteen eighty-five.", "28:53: anonymisation (birth-year): '**** ** ******** "
                     f"******-****' {YEAR_OF_BIRTH}", id="born-in-a-year-in-words"),
    ],
)
def test_more_ways_of_writing_an_age_or_a_birth_date_fail(content: Path, added: str, expected: str) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert shown(content) == [f"{STORY}:{expected}"]


@pytest.mark.parametrize(
    "text",
    [
        "After 34 years of agency work; 3 yo-yos; score 34 of 40; 2 yrs in post; page 34; stage: 3.",
        "Sam was born in a small town, born in twenty minutes flat as a runner; age band 26-35; Aged: 26-35.",
        "The DOB field was left blank; a 2023 date of birth check.",
    ],
)
def test_ages_and_birth_dates_raise_no_false_alarm(text: str) -> None:
    assert scan(text, "Sam") == []


DATE = "looks like an exact date; use relative time ('three months later') or a season or year at most"


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        pytest.param(r" NHS 943\-476\-5919.", "28:49: anonymisation (nhs-number): '943-***-***9' looks like a valid "
                     f"NHS number; {NUMBER}", id="nhs-number"),
        pytest.param(r" Mail bernadette.smith@example\.co\.uk.", "28:50: anonymisation (email): "
                     f"'b*********.*****@*******.**.*k' {EMAIL}", id="email"),
        pytest.param(r" On 03\.03\.2023.", f"28:48: anonymisation (date): '0*.**.***3' {DATE}", id="date"),
    ],
)
def test_a_markdown_backslash_escape_does_not_hide_an_identifier(content: Path, added: str, expected: str) -> None:
    """'943\\-476\\-5919' shows as '943-476-5919': the backslash before punctuation is not shown."""
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert shown(content) == [f"{STORY}:{expected}"]


def test_a_backslash_escape_in_front_matter_is_read_as_shown(content: Path) -> None:
    edit(content / STORY, "summary: Seating and a move to a ground-floor flat.",
         r"summary: Seating and a move; the letter said 943\-476\-5919.")
    assert shown(content) == [f"{STORY}:4:46: anonymisation (nhs-number): '943-***-***9' in field 'summary' looks "
                              f"like a valid NHS number; {NUMBER}"]


def test_backslash_escapes_raise_no_false_alarm() -> None:
    assert scan(r"2 \* 3 = 6; a snake\_case word; \[a note\]; C:\Users\sam; a \\ b; 1\. Sam walked.", "Sam") == []


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        pytest.param(" NHS 943 476 [5919](https://www.nhs.uk/).", "28:49: anonymisation (nhs-number): '943 *** ***9' "
                     f"looks like a valid NHS number; {NUMBER}", id="number-split-by-a-link"),
        pytest.param(" Mrs [Harwood](https://www.nhs.uk/) came.", f"28:45: anonymisation (title-and-name): "
                     f"'Mrs H******' {TITLE}", id="title-and-linked-name"),
        pytest.param(" Mrs [Harwood][nhs] came.\n\n[nhs]: https://www.nhs.uk/", "28:45: anonymisation "
                     f"(title-and-name): 'Mrs H******' {TITLE}", id="reference-link"),
        pytest.param(' See [the guide](mailto:josh@example.org "Mail").', "28:68: anonymisation (email): "
                     f"'j***@*******.**g' {EMAIL}", id="address-scanned-on-its-own"),
    ],
)
def test_a_link_shows_its_text_and_its_address_is_scanned_on_its_own(content: Path, added: str, expected: str) -> None:
    """'943 476 [5919](url)' shows as '943 476 5919'; the address is published in the page, so it is scanned too."""
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert shown(content) == [f"{STORY}:{expected}"]


def test_links_raise_no_false_alarm() -> None:
    text = ("[The NHS](https://www.nhs.uk/) and [Sam](#sam) met; see [the guide][g]; josh[at] is not a link; "
            "[a note]; ![a ramp](ramp_1.png)\n\n[g]: https://example.org/a_b")
    assert scan(text, "Sam") == []


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        pytest.param(" Near SW1\u0410 1\u0410\u0410.", f"28:50: anonymisation (postcode): 'S*** ***' {POSTCODE}",
                     id="cyrillic-capital-a-in-a-postcode"),
        pytest.param(" Emily W\u0430tson came.", f"28:45: anonymisation (full-name): 'E**** ******' {FULL_NAME}",
                     id="cyrillic-small-a-in-a-name"),
        pytest.param(" Mr\u0455 Sm\u03b9th came.", f"28:45: anonymisation (title-and-name): 'Mrs S****' {TITLE}",
                     id="cyrillic-and-greek-in-a-title-and-name"),
    ],
)
def test_a_cyrillic_or_greek_look_alike_letter_does_not_hide_an_identifier(
    content: Path, added: str, expected: str
) -> None:
    """'SW1А 1АА' with a Cyrillic 'А' looks like a postcode on the page, and is one to the check."""
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert shown(content) == [f"{STORY}:{expected}"]


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        pytest.param(" Sister Okafor came.", f"28:45: anonymisation (title-and-name): 'Sister O*****' {TITLE}",
                     id="sister"),
        pytest.param(" Cllr Hughes came.", f"28:45: anonymisation (title-and-name): 'Cllr H*****' {TITLE}",
                     id="cllr"),
        pytest.param(" Councillor Hughes came.", f"28:45: anonymisation (title-and-name): 'Councillor H*****' {TITLE}",
                     id="councillor"),
        pytest.param(" Captain Hughes came.", f"28:45: anonymisation (title-and-name): 'Captain H*****' {TITLE}",
                     id="captain"),
        pytest.param(" Capt. Hughes came.", f"28:45: anonymisation (title-and-name): 'Capt. H*****' {TITLE}",
                     id="capt"),
    ],
)
def test_a_nursing_civic_or_military_title_and_a_name_fail(content: Path, added: str, expected: str) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert shown(content) == [f"{STORY}:{expected}"]


def test_father_is_not_a_title() -> None:
    """'Father' comes before a capitalised word in ordinary prose; it is left out of the titles."""
    assert scan("Father Christmas came; a Sister, a Captain and a Councillor helped; Sister Practitioner.", "Sam") == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Her old office chair was 15 years old, and her 10-year-old car needed a new seat cushion.",
                     id="a-things-age"),
        pytest.param("The house is nearly a hundred years old; a 3-year-old electric wheelchair.",
                     id="a-things-age-with-a-linking-word-or-a-modifier"),
        pytest.param("She took her dog to the Lord Mayor's Show, and to the Lord Mayor\u2019s Show again.",
                     id="possessive-after-a-role"),
        pytest.param("She wore Dr Martens boots; Dr. Martens again.", id="dr-martens"),
        pytest.param("Her daughter loves Mr Tumble, the Mr Men books and Dr Who.", id="characters"),
        pytest.param("The service is for adults over age 65; aged 65 and over; aged 65+; children under age 5.",
                     id="age-bands"),
        pytest.param("Week 3 May bring a setback; Step 2 May need help.", id="may-as-a-verb"),
        pytest.param("Milton Keynes, Ben Nevis, a Jack Russell, Victoria Station, Leighton Buzzard, Stanley Park, "
                     "Albert Dock and John Lewis.", id="places-and-brands"),
    ],
)
def test_ordinary_prose_raises_no_false_alarm(text: str) -> None:
    assert scan(text, "Sam") == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Sam, 34 years old, and a 34-year-old man; her wheelchair and Sam, 34 years old.", "exact-age"),
        ("On 3 May she came.", "date"),
        ("Lord Smith's house.", "title-and-name"),
        ("Sir Ludwig Guttmann founded it.", "title-and-name"),  # a historical figure: written around, not listed
        ("Then Emily Keynes came.", "full-name"),
    ],
)
def test_the_exceptions_for_prose_are_narrow(text: str, rule: str) -> None:
    assert {f.rule for f in scan(text, "Sam")} == {rule}


def test_ordinary_prose_in_a_story_passes_the_check(content: Path) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + " Her old office chair was 15 years old, and her 10-year-old car "
         "needed a new seat cushion. Week 3 May bring a trip to Milton Keynes and John Lewis in Dr Martens boots.")
    result = run_check(content)
    assert result.returncode == 0, result.stderr


def test_markup_nested_without_end_is_scanned_without_a_traceback() -> None:
    """What a comment or a tag holds is scanned on its own, a few levels deep: a file of nothing but unclosed
    comments, tags or links (each holding the rest) is not scanned once per level, which overflowed the stack."""
    for text in ("<!--" * 5000, "<a title='" * 5000, "[a](" * 5000):
        assert scan(text) == []
    hidden = '<!-- <a href="mailto:jo@nhs.net">x</a> -->'
    assert [(f.rule, f.masked) for f in scan(hidden)] == [("email", "j*@***.**t")]

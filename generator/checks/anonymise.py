"""Anonymisation: no content may carry what identifies a client.

Case stories describe real situations, so they follow the Caldicott principle of the minimum necessary: a
declared pseudonym, an age band, a region, relative time. This check scans every string in every content file
(case story front matter and bodies most of all) for the identifiers that must never be published:

    nhs-number      10 digits (optionally spaced 3-3-4) whose modulus-11 check digit is right
    ni-number       a National Insurance number (two prefix letters, six digits, suffix A-D)
    postcode        a full UK postcode
    phone           a UK phone number, as Google's libphonenumber recognises one (region GB)
    email           an email address
    date            an exact date: 03/03/2023, 2023-03-03, 3 March 2023, March 3, 2023
    title-and-name  Mr, Mrs, Ms, Mx, Miss or Dr followed by a capitalised word

and fails a story about the practice's own client whose written consent is not on file or whose anonymisation
reviewer is missing. Only the declared pseudonym may name the client, and never after a title. Each finding
masks the matched text, so the report does not republish what it found:
`anonymisation (nhs-number): '999 *** ***8' ...`.

The review date (`last_reviewed`) is about the page, not the client, and is not scanned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import phonenumbers

from ..problems import Problems
from ..structure.content import CASE_STORY, Item, Site
from .text import Text, item_texts

NOT_CLIENT_DATA = frozenset({"last_reviewed"})

NHS_NUMBER = re.compile(r"(?<![\w-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w-])")
# HMRC's format: the first letter is not D, F, I, Q, U or V; the second not D, F, I, O, Q, U or V; some prefixes
# are never issued.
NI_NUMBER = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", re.IGNORECASE
)
# The UK Government Data Standards Catalogue's postcode pattern (outward code, optional space, inward code).
POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|(?:[A-Z][0-9]{1,2}|[A-Z][A-HJ-Y][0-9]{1,2}|[A-Z][0-9][A-Z]|[A-Z][A-HJ-Y][0-9][A-Z]?)"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
ORDINAL = r"(?:st|nd|rd|th)?"
DATES = (
    # 03/03/2023, 3.3.23, 03-03-2023 (day and month either way round: an exact date all the same)
    re.compile(r"(?<![\w/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\w/-]|\.\d)"),
    # 2023-03-03, 2023/03/03
    re.compile(r"(?<![\w/.-])(\d{4})([/-])(\d{1,2})\2(\d{1,2})(?![\w/-]|\.\d)"),
    # 3 March 2023, 3rd of March 2023
    re.compile(rf"\b(\d{{1,2}}){ORDINAL}\s+(?:of\s+)?{MONTH},?\s+\d{{4}}\b", re.IGNORECASE),
    # March 3, 2023; March 3rd 2023
    re.compile(rf"\b{MONTH}\s+(\d{{1,2}}){ORDINAL},?\s+\d{{4}}\b", re.IGNORECASE),
)
TITLE_AND_NAME = re.compile(r"\b(Mrs|Mr|Ms|Mx|Miss|Dr)\.?\s+[A-Z][A-Za-z'\u2019-]+")
PLACEHOLDERS = frozenset({"", "-", "?", "n/a", "na", "none", "tbc", "tbd", "todo", "unknown"})


@dataclass(frozen=True)
class Finding:
    rule: str
    start: int
    end: int
    masked: str
    what: str  # what the text is, for the message: "a valid NHS number"
    instead: str  # what to write instead


def check_anonymisation(site: Site, problems: Problems) -> None:
    """Add a problem for every identifier found in content, and for every case story not cleared to publish."""
    for item in site.all():
        pseudonym = item.data.pseudonym if item.type is CASE_STORY else None
        for text in item_texts(item, skip_keys=NOT_CLIENT_DATA):
            for finding in scan(text.text, pseudonym):
                problems.add(text.path, *text.place(finding.start, finding.end), _message(finding, text))
        if item.type is CASE_STORY:
            _check_clearance(item, problems)


def scan(text: str, pseudonym: str | None = None) -> list[Finding]:
    """Every identifier in `text`, in order; where two rules match overlapping text, the first rule wins."""
    found: list[Finding] = []
    # Most strings hold no digit, and then only the rules that need none can match: skip the others (the phone
    # matcher above all, which is the slowest).
    rules = RULES if DIGIT.search(text) else NO_DIGIT_RULES
    for rule in rules:
        for finding in rule(text, pseudonym):
            if not any(f.start < finding.end and finding.start < f.end for f in found):
                found.append(finding)
    return sorted(found, key=lambda f: (f.start, f.end))


def mask(text: str, keep_start: int = 1, keep_end: int = 1) -> str:
    """Replace every letter and digit but the first `keep_start` and last `keep_end` with '*'.

    >>> mask("999 000 0018", 3, 1)
    '999 *** ***8'
    """
    places = [i for i, c in enumerate(text) if c.isalnum()]
    keep = set(places[:keep_start]) | set(places[len(places) - keep_end:] if keep_end else ())
    return "".join(c if not c.isalnum() or i in keep else "*" for i, c in enumerate(text))


def nhs_check_digit_ok(digits: str) -> bool:
    """The NHS number modulus-11 check: weights 10..2 on the first nine digits; 11 - (sum mod 11) is the tenth
    digit, where 11 means 0 and 10 means no valid number has these nine digits."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = 11 - sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_numbers(text: str, pseudonym: str | None) -> Iterator[Finding]:
    for m in NHS_NUMBER.finditer(text):
        if nhs_check_digit_ok(m.group(1) + m.group(3) + m.group(4)):
            yield Finding("nhs-number", m.start(), m.end(), mask(m.group(0), 3, 1), "a valid NHS number",
                          "remove it: content never carries NHS, CHI or hospital numbers")


def _ni_numbers(text: str, pseudonym: str | None) -> Iterator[Finding]:
    for m in NI_NUMBER.finditer(text):
        yield Finding("ni-number", m.start(), m.end(), mask(m.group(0), 2, 1), "a National Insurance number",
                      "remove it")


def _emails(text: str, pseudonym: str | None) -> Iterator[Finding]:
    for m in EMAIL.finditer(text):
        yield Finding("email", m.start(), m.end(), mask(m.group(0)), "an email address",
                      "remove it: the practice's own contact details live in mkdocs.yml")


def _postcodes(text: str, pseudonym: str | None) -> Iterator[Finding]:
    for m in POSTCODE.finditer(text):
        yield Finding("postcode", m.start(), m.end(), mask(m.group(0), 1, 0), "a full UK postcode",
                      "give the region only")


def _dates(text: str, pseudonym: str | None) -> Iterator[Finding]:
    for number, pattern in enumerate(DATES):
        for m in pattern.finditer(text):
            if number == 0 and not _day_and_month(int(m.group(1)), int(m.group(3))):
                continue
            if number == 1 and not _day_and_month(int(m.group(4)), int(m.group(3)), either_way=False):
                continue
            if number >= 2 and not 1 <= int(m.group(1)) <= 31:
                continue
            yield Finding("date", m.start(), m.end(), mask(m.group(0)), "an exact date",
                          "use relative time ('three months later') or a season or year at most")


def _day_and_month(day: int, month: int, *, either_way: bool = True) -> bool:
    if 1 <= day <= 31 and 1 <= month <= 12:
        return True
    return either_way and 1 <= month <= 31 and 1 <= day <= 12


def _phones(text: str, pseudonym: str | None) -> Iterator[Finding]:
    if len(DIGIT.findall(text)) < PHONE_MIN_DIGITS:
        return  # too few digits for any phone number: skip the matcher, the slowest rule by far
    for m in phonenumbers.PhoneNumberMatcher(text, "GB"):
        yield Finding("phone", m.start, m.end, mask(m.raw_string), "a UK phone number",
                      "remove it: the practice's own contact details live in mkdocs.yml")


def _titles_and_names(text: str, pseudonym: str | None) -> Iterator[Finding]:
    for m in TITLE_AND_NAME.finditer(text):
        instead = (f"call the client by the declared pseudonym ('{pseudonym}'), without a title, and anyone "
                   "else by their role" if pseudonym else "refer to people by their role")
        yield Finding("title-and-name", m.start(), m.end(), mask(m.group(0), len(m.group(1)) + 1, 0),
                      "a title and a name", instead)


RULES: tuple[Callable[[str, str | None], Iterator[Finding]], ...] = (
    _nhs_numbers, _ni_numbers, _emails, _postcodes, _dates, _phones, _titles_and_names,
)
# The rules that can match text without a digit (\d: any script's digits, as the phone matcher reads them).
NO_DIGIT_RULES = (_emails, _titles_and_names)
DIGIT = re.compile(r"\d")
# No number the phone matcher accepts has fewer digits, country code included: the shortest in libphonenumber's
# metadata are 4-digit German numbers (+49). A test holds this to the installed metadata.
PHONE_MIN_DIGITS = 6


def _message(finding: Finding, text: Text) -> str:
    where = "" if text.markdown else f" in field '{text.field}'"
    return f"anonymisation ({finding.rule}): '{finding.masked}'{where} looks like {finding.what}; {finding.instead}"


def _check_clearance(item: Item[Any], problems: Problems) -> None:
    """A story about one of the practice's own clients is published only with written consent on file and an
    anonymisation check by a named role. (A story retold from a publication, or a composite, claims neither.)"""
    origin = item.data.origin
    if origin.kind != "own client":
        return
    if origin.written_consent_on_file is not True:
        problems.add(
            item.display_path, *item.doc.position(("origin", "written_consent_on_file")),
            "anonymisation (consent): written_consent_on_file is false; publish a story about the practice's own "
            "client only when the client's written consent to publish is on file",
        )
    if origin.anonymisation_reviewer.strip().lower() in PLACEHOLDERS:
        problems.add(
            item.display_path, *item.doc.position(("origin", "anonymisation_reviewer")),
            f"anonymisation (reviewer): anonymisation_reviewer is '{origin.anonymisation_reviewer}'; give the role "
            "of the person who checked the anonymisation, e.g. 'Clinical lead'",
        )

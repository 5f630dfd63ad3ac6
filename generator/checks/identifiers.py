"""Identifier rules for the anonymisation check: health and vehicle numbers anywhere, and in case stories the
details that identify a person without a number (names, addresses, named institutions, ages, birthdays).

Each rule is a function `(text, pseudonym) -> findings`. Numbers are matched with their check digits where they
have one, so a reference number is not mistaken for an NHS number. People's first names come from the
gender-guesser package's list of about 40,000 first names by country, read from the package on first use
(no model download, no network): a capitalised known first name followed by a capitalised word is a full name.
Words that are first names somewhere but everyday words here (May, Will, Royal, Grace) are not counted.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from gender_guesser.detector import Detector


@dataclass(frozen=True)
class Finding:
    rule: str
    start: int
    end: int
    masked: str
    what: str  # what the text is, for the message: "a valid NHS number"
    instead: str  # what to write instead


def mask(text: str, keep_start: int = 1, keep_end: int = 1) -> str:
    """Replace every letter and digit but the first `keep_start` and last `keep_end` with '*'.

    >>> mask("999 000 0018", 3, 1)
    '999 *** ***8'
    """
    places = [i for i, c in enumerate(text) if c.isalnum()]
    keep = set(places[:keep_start]) | set(places[len(places) - keep_end:] if keep_end else ())
    return "".join(c if not c.isalnum() or i in keep else "*" for i, c in enumerate(text))


# A capital and a small letter, in any Latin script ('Ó', 'é'): the re module has no Unicode letter case classes.
UPPER = "[" + "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper()) + "]"
LOWER = "[" + "".join(c for c in map(chr, range(0x61, 0x250)) if c.islower()) + "]"

REMOVE_NUMBER = "remove it: content never carries NHS, CHI or hospital numbers"
# Ten digits, in any grouping: spaces (ordinary, non-breaking, thin), hyphens, dots, slashes or none between any two;
# a hyphen or a slash may have a space either side ('943 - 476 - 5919', '943 / 476 / 5919').
_SPACE = r"[ \u00a0\u2007\u2009\u202f]"
SEPARATOR = rf"(?:{_SPACE}?[/\-]{_SPACE}?|[ \u00a0\u2007\u2009\u202f./\-])"
# Not a part of a longer number: no digit before it across a separator (each width in its own look-behind, which
# must be of fixed width).
_NOT_AFTER_A_DIGIT = (rf"(?<![\w.\-])(?<!\d[ \u00a0\u2007\u2009\u202f./\-])(?<!\d{_SPACE}[/\-])"
                      rf"(?<!\d[/\-]{_SPACE})(?<!\d{_SPACE}[/\-]{_SPACE})")
TEN_DIGITS = re.compile(rf"{_NOT_AFTER_A_DIGIT}\d(?:{SEPARATOR}?\d){{9}}(?!{SEPARATOR}?\d)(?![\w])")


def nhs_check_digit_ok(digits: str) -> bool:
    """The NHS number modulus-11 check: weights 10..2 on the first nine digits; 11 - (sum mod 11) is the tenth
    digit, where 11 means 0 and 10 means no valid number has these nine digits. Numbers starting 999 are the
    NHS's test numbers: valid in form, and flagged all the same, since a check cannot tell them from real ones."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = 11 - sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _ddmmyy(digits: str) -> bool:
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    try:
        dt.date(2000 + year, month, day)
    except ValueError:
        return False
    return True


# The NHS number's own layout, 3-3-4 (any SEPARATOR between the groups, or none), not starting with 0: a UK phone
# number starts with its 0 and is grouped otherwise (0161 496 0123, 07700 900123).
NHS_LAYOUT = re.compile(rf"[1-9]\d\d{SEPARATOR}?\d{{3}}{SEPARATOR}?\d{{4}}")


def nhs_and_chi_numbers(text: str, pseudonym: str | None) -> Iterator[Finding]:
    """NHS numbers (England, Wales, Isle of Man) by their check digit; CHI numbers (Scotland) by their first six
    digits, a date of birth DDMMYY; and a number in the NHS number's layout whose check digit fails, since a
    mistyped real number still identifies its holder."""
    for m in TEN_DIGITS.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if nhs_check_digit_ok(digits):
            yield Finding("nhs-number", m.start(), m.end(), mask(m.group(0), 3, 1), "a valid NHS number",
                          REMOVE_NUMBER)
        elif _ddmmyy(digits):
            yield Finding("chi-number", m.start(), m.end(), mask(m.group(0), 0, 0), "a CHI number (Scotland)",
                          REMOVE_NUMBER)
        elif NHS_LAYOUT.fullmatch(m.group(0)):
            yield Finding("nhs-number", m.start(), m.end(), mask(m.group(0), 3, 1),
                          "an NHS number with a wrong check digit (a mistyped number still identifies someone)",
                          REMOVE_NUMBER)


HOSPITAL_NUMBER = re.compile(
    r"\b(?:MRN|RXN|URN|hosp(?:ital)?\.?\s+(?:number|no\.?|num)|(?:patient|unit|case\s+note|medical\s+record)\s+"
    r"(?:number|no\.?|id)|K\s*number)"
    # a linking word or sign before the number: 'hospital number is RX1234567', 'MRN was ...', 'MRN = ...'
    r"(?:\s+(?:is|was|of)\b|\s*=)?"
    r"\s*[:#.]?\s*[A-Z]{0,3}\s?\d[\d ]{4,}\d",
    re.IGNORECASE,
)


def hospital_numbers(text: str, pseudonym: str | None) -> Iterator[Finding]:
    for m in HOSPITAL_NUMBER.finditer(text):
        yield Finding("hospital-number", m.start(), m.end(), mask(m.group(0), 3, 0), "a hospital or record number",
                      REMOVE_NUMBER)


# UK registrations: current (AB12 CDE), prefix (A123 BCD) and suffix (ABC 123D) formats; I, Q and Z are never
# used in the letters that carry meaning.
VEHICLE = re.compile(
    r"\b(?:[A-HJ-PR-Y][A-HJ-PR-Y]\d{2} ?[A-HJ-PR-Z]{3}"
    r"|[A-HJ-NP-Y]\d{1,3} ?[A-HJ-PR-Y]{3}"
    r"|[A-HJ-PR-Y]{3} ?\d{1,3}[A-HJ-NP-Y])\b"
)


def vehicle_registrations(text: str, pseudonym: str | None) -> Iterator[Finding]:
    for m in VEHICLE.finditer(text):
        yield Finding("vehicle-registration", m.start(), m.end(), mask(m.group(0), 1, 0),
                      "a vehicle registration", "remove it: say 'his adapted car' instead")


STREET_WORDS = (r"Street|St|Road|Rd|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Court|Place|Gardens|Grove|Terrace"
                r"|Walk|Square|Mews|Row|Rise|Parade|Hill|View|Green|Park")
STREET = re.compile(
    rf"\b(?:\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][\w'-]+\s+){{1,3}}(?:{STREET_WORDS})"
    r"|(?:[A-Z][\w'-]+\s+){1,3}(?:Street|Road|Avenue|Lane|Crescent|Terrace|Mews))\b"
)


def street_addresses(text: str, pseudonym: str | None) -> Iterator[Finding]:
    for m in STREET.finditer(text):
        yield Finding("address", m.start(), m.end(), mask(m.group(0), 1, 0), "a street address",
                      "give the region only")


INSTITUTION = re.compile(
    r"\b(?:(?:St\.?|Saint|[A-Z][\w'&-]+)\s+)+(?:Hospital|Infirmary|Hospice|Medical\s+Centre|Health\s+Centre"
    r"|Surgery|Clinic|Primary|School|Academy|College|University|Nursery|Ltd|Limited|PLC|plc|LLP|Council"
    r"|Care\s+Home|Nursing\s+Home|NHS\s+(?:Foundation\s+)?Trust)\b"
)
# Named bodies a story may mention: they identify no one.
NOT_IDENTIFYING = re.compile(r"^(?:Royal College|The Royal College|Open University|NHS)\b")


def institutions(text: str, pseudonym: str | None) -> Iterator[Finding]:
    for m in INSTITUTION.finditer(text):
        if NOT_IDENTIFYING.match(m.group(0)):
            continue
        yield Finding("institution", m.start(), m.end(), mask(m.group(0), 1, 0),
                      "a named hospital, school or employer",
                      "describe it instead: 'a regional hospital', 'her secondary school', 'a large employer'")


# "worked at", "works for", "employed by", "her employer," and the like, then a capitalised name (of several
# words, with "of", "and" or "&" between them): 'worked at Harwood Logistics', 'employed by Bank of Wales'.
EMPLOYER = re.compile(
    r"\b(?i:work(?:s|ed|ing)?\s+(?:at|for)|employed\s+(?:by|at)|(?:job|post|role)\s+(?:at|with)"
    r"|employer(?:\s+(?:was|is))?,?)\s+"
    r"([A-Z][\w'&-]*(?:\s+(?:(?:of|and|&)\s+)?[A-Z][\w'&-]*)*)"
)
# Words that follow "worked at" without naming an employer: times, the home, bodies that identify no one.
NOT_EMPLOYERS = frozenset({
    "Home", "Christmas", "Easter", "Weekends", "Night", "Nights", "Monday", "Mondays", "Tuesday", "Tuesdays",
    "Wednesday", "Wednesdays", "Thursday", "Thursdays", "Friday", "Fridays", "Saturday", "Saturdays", "Sunday",
    "Sundays", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "NHS", "I",
})


def employers(text: str, pseudonym: str | None) -> Iterator[Finding]:
    """An employer named after 'worked at', 'employed by' and the like, whatever its name ends with."""
    for m in EMPLOYER.finditer(text):
        name = m.group(1)
        if name.split()[0] in NOT_EMPLOYERS or name == pseudonym or NOT_IDENTIFYING.match(name):
            continue
        yield Finding("employer", m.start(1), m.end(1), mask(name, 1, 0), "a named employer",
                      "describe it instead: 'a large retailer', 'a local engineering firm', 'her employer'")


MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
         r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
# 'born in 1985', 'DOB 1985', and a year in two figures after 'born': "born in '85".
BIRTH_YEAR = re.compile(r"\b(?:born(?:\s+in)?|b\.|DOB|date\s+of\s+birth)\s*:?\s*(?:[A-Za-z]+\s+)?(?:19|20)\d{2}\b"
                        r"|\bborn\s+(?:in\s+)?'\d{2}\b", re.IGNORECASE)
# A date of birth written as one run of figures after what says so: 'DOB 03031985', 'date of birth: 030385'.
BIRTH_DATE_IN_FIGURES = re.compile(r"\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth)\s*[:=]?\s*\d{6}(?:\d{2})?\b",
                                   re.IGNORECASE)
# 'aged 34', 'Aged: 34', '34 years old', '34-year-old', '34 years of age', '34 y/o', '34yo'; 'aged 26-35', 'aged 65+'
# and 'aged 65 and over' are age bands, not ages, as is 'age 65' after 'over' or 'under' (AGE_BAND_BEFORE).
AGE = re.compile(r"\b(?:aged?\s*[:=]?\s*\d{1,3}(?!\d|\s*(?:[-–]|to)\s*\d|\s*\+|\s+and\s+(?:over|under|older|above))"
                 r"|\d{1,3}[\s-]*(?:years?|yrs?)[\s-]*old"
                 r"|\d{1,3}-year-old|\d{1,3}\s*(?:years?|yrs?)\s+of\s+age|\d{1,3}\s*(?:y/o|y\.o\.?|yo)(?![\w/-])"
                 r")(?!\w)", re.IGNORECASE)


# 'adults over age 65', 'children under age 5': a band.
AGE_BAND_BEFORE = re.compile(r"\b(?:over|under|above|below)\s+$", re.IGNORECASE)
# Things whose age a story may give: 'her chair was 15 years old', 'a 10-year-old car'. An age right after one of
# these (and a linking word or two: 'was', 'is nearly'), or a '-year-old' right before one (one word between:
# 'a 10-year-old electric wheelchair'), is the thing's, not a person's.
THINGS = (r"(?:chair|wheelchair|car|van|bike|scooter|vehicle|house|home|flat|bungalow|building|kitchen|bathroom"
          r"|stairlift|hoist|bed|mattress|sofa|cushion|boiler|computer|laptop|phone|dog|cat|horse)s?")
THING_BEFORE = re.compile(rf"\b{THINGS}\s+(?:(?:was|were|is|are|now|nearly|almost|over|about|around|already|only"
                          r"|just)\s+){0,3}$", re.IGNORECASE)
THING_AFTER = re.compile(rf"^\s+(?:[a-z]+\s+)?{THINGS}\b", re.IGNORECASE)


def _a_things_age(text: str, m: re.Match[str]) -> bool:
    """Whether the age `m` matched is a thing's: 'her chair was 15 years old', 'a 10-year-old car'."""
    return THING_BEFORE.search(text, max(0, m.start() - 60), m.start()) is not None or (
        m.group(0).lower().endswith("old") and THING_AFTER.match(text[m.end():m.end() + 40]) is not None)


def birth_years_and_ages(text: str, pseudonym: str | None) -> Iterator[Finding]:
    for m in BIRTH_DATE_IN_FIGURES.finditer(text):
        yield Finding("date-of-birth", m.start(), m.end(), mask(m.group(0), 0, 0), "a date of birth",
                      "remove it: the age band in the front matter says enough")
    for m in BIRTH_YEAR.finditer(text):
        yield Finding("birth-year", m.start(), m.end(), mask(m.group(0), 0, 0), "a year of birth",
                      "remove it: the age band in the front matter says enough")
    for m in AGE.finditer(text):
        if _a_things_age(text, m) or AGE_BAND_BEFORE.search(text, max(0, m.start() - 10), m.start()):
            continue
        yield Finding("exact-age", m.start(), m.end(), mask(m.group(0), 0, 0), "an exact age",
                      "use the age band ('in her thirties', or the age_band field) instead")


# Ages and dates of birth in words. A number or a date in words is everyday prose ('two sessions', 'the third of
# March'), so these need what says it is an age or a birthday: 'years old' or 'year-old' after the number, 'aged'
# before it, 'born' before the date.
# One to ninety-nine, and a hundred and more: 'four', 'fourteen', 'thirty-four', 'thirty four', 'a hundred and two'.
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_BELOW_A_HUNDRED = (rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+{_UNITS})?"
                    rf"|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|{_UNITS})")
NUMBER_IN_WORDS = rf"(?:(?:a|one)[\s-]+hundred(?:[\s-]+and[\s-]+{_BELOW_A_HUNDRED})?|{_BELOW_A_HUNDRED})"
# 'thirty-four years old', 'a thirty-four-year-old', 'aged thirty-four' ('aged twenty-six to thirty-five' is an
# age band, as 'aged 26-35' is; in 'she had aged ten years' aged is a verb).
AGE_IN_WORDS = re.compile(
    rf"\b(?:{NUMBER_IN_WORDS}[\s-]*(?:years?|yrs?)[\s-]*old"
    rf"|aged\s+{NUMBER_IN_WORDS}(?![\w-]|\s*(?:-|to|and)\s*{NUMBER_IN_WORDS}|\s+years?\b))\b",
    re.IGNORECASE,
)
# The day of the month in words: 'first' to 'thirty-first'.
DAY_IN_WORDS = (r"(?:(?:(?:twenty|thirty)[\s-]+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
                r"|tenth|eleventh|twelfth|(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|thirtieth)")
# 'born on the third of March 1985', 'born the third of March', 'born on March the third, 1985': a birthday in
# words, with or without the year. (A date in figures after 'born' is an exact date or a day and month already.)
BIRTH_DATE_IN_WORDS = re.compile(
    rf"\bborn\s+(?:on\s+)?(?:(?:the\s+)?{DAY_IN_WORDS}\s+(?:of\s+)?{MONTH}|{MONTH}\s+(?:the\s+)?{DAY_IN_WORDS})"
    r"(?:,?\s+(?:in\s+)?(?:19|20)\d{2}\b)?",
    re.IGNORECASE,
)


# 'born in nineteen eighty-five', 'born in two thousand and three', 'born in twenty twelve'.
BIRTH_YEAR_IN_WORDS = re.compile(
    rf"\bborn\s+(?:in\s+)?(?:(?:nineteen|twenty)[\s-]+(?:hundred\b|oh[\s-]+{_UNITS}|{_BELOW_A_HUNDRED})"
    rf"|two\s+thousand(?:\s+and)?(?:[\s-]+{_BELOW_A_HUNDRED})?)\b",
    re.IGNORECASE,
)


def ages_and_birth_dates_in_words(text: str, pseudonym: str | None) -> Iterator[Finding]:
    for m in BIRTH_YEAR_IN_WORDS.finditer(text):
        yield Finding("birth-year", m.start(), m.end(), mask(m.group(0), 0, 0), "a year of birth",
                      "remove it: the age band in the front matter says enough")
    for m in BIRTH_DATE_IN_WORDS.finditer(text):
        yield Finding("date-of-birth", m.start(), m.end(), mask(m.group(0), 0, 0), "a date of birth",
                      "remove it: the age band in the front matter says enough")
    for m in AGE_IN_WORDS.finditer(text):
        if _a_things_age(text, m):
            continue
        yield Finding("exact-age", m.start(), m.end(), mask(m.group(0), 0, 0), "an exact age",
                      "use the age band ('in her thirties', or the age_band field) instead")


DAY_AND_MONTH = re.compile(rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}"
                           rf"|{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?)(?![\w/:])")


# A number that numbers something ('Week 3', 'Step 2', 'Goal 1') is not a day: 'Week 3 May bring ...' is 'may'
# at the start of a clause, not the 3rd of May.
NUMBERED = re.compile(r"\b(?:week|day|step|stage|session|goal|level|phase|part|page|chapter|module|question|item"
                      r"|section|year|number|no\.?)\s+$", re.IGNORECASE)


def days_and_months(text: str, pseudonym: str | None) -> Iterator[Finding]:
    for m in DAY_AND_MONTH.finditer(text):
        if m.group(1) and NUMBERED.search(text, max(0, m.start() - 12), m.start()):
            continue
        if 1 <= int(m.group(1) or m.group(2)) <= 31:
            yield Finding("date", m.start(), m.end(), mask(m.group(0)), "a day and month",
                          "use relative time ('three months later') or a season")


# A capitalised word, hyphenated or not, in any Latin script: 'Emily', 'Chloé', 'Sarah-Jane'; a surname may start
# Mc, Mac or O' ('O'Neill').
CAPITALISED = rf"{UPPER}{LOWER}+(?:-{UPPER}{LOWER}+)*"
SURNAME = rf"(?:Mc|Mac|O')?{CAPITALISED}"
# The second word is looked ahead at, so it can be the first of the next pair ('Then Emily Watson').
CAPITALISED_PAIR = re.compile(rf"\b({CAPITALISED})(?=\s+({SURNAME})\b)")
NAME_KINDS = frozenset({"male", "female", "mostly_male", "mostly_female"})
# First names in the list that are everyday words, or start the names of places and bodies a story may name.
NOT_FIRST_NAMES = frozenset({
    "The", "A", "An", "And", "But", "For", "Her", "His", "She", "He", "They", "We", "You", "It", "In", "On", "At",
    "By", "To", "Of", "As", "If", "So", "No", "Yes", "May", "June", "April", "August", "Will", "Mark", "Grace",
    "Hope", "Faith", "Joy", "Rose", "Royal", "Major", "Bill", "Art", "Guy", "Frank", "Earl", "Dean", "Chance",
    "Christian", "Page", "Sky", "Summer", "Autumn", "Winter", "Dawn", "Eve", "Sunny", "Lane", "Miles", "Sterling",
    "Brook", "Ray", "Rich", "Bob", "Wales", "Kent", "Devon", "Chelsea", "Lincoln", "Mercy", "Patience",
    "Clinical", "Professional", "Occupational", "Allied", "Health", "Care", "Case", "Team", "North", "South",
    "East", "West", "Central", "Great", "Greater", "Saint", "St",
})


@functools.cache
def _first_names() -> Detector:
    return Detector(case_sensitive=True)


def is_first_name(word: str) -> bool:
    """Whether `word` is a first name in Britain or Ireland (gender-guesser's lists), and not an everyday word; a
    name with a letter beyond ASCII ('Chloé', 'Zoë') if it is a first name anywhere, since no everyday English
    word has one; a hyphenated name ('Sarah-Jane') if a part of it is a first name."""
    if word in NOT_FIRST_NAMES:
        return False
    if "-" in word:
        return any(is_first_name(part) for part in word.split("-") if part)
    detector = _first_names()
    if any(detector.get_gender(word, country) in NAME_KINDS for country in ("great_britain", "ireland")):
        return True
    return not word.isascii() and detector.get_gender(word) in NAME_KINDS


# Well-known UK places and brands whose names begin with a first name: not people. A short list of the likeliest in a
# story (a trip, a shop, a dog's breed), not an exhaustive one; a historical person ('Florence Nightingale') is still
# a full name, to be written around.
NOT_PEOPLE = frozenset({
    "Milton Keynes", "Ben Nevis", "Jack Russell", "Victoria Station", "Victoria Line", "Leighton Buzzard",
    "Stanley Park", "Albert Dock", "Albert Hall", "John Lewis", "Harvey Nichols",
})
# Capitalised words that follow or come before a first name without being a surname: a sentence's first word
# after a line or paragraph break ('... with Josh' then 'After a month ...'), a heading's words, a place or a time.
NOT_SURNAMES = NOT_FIRST_NAMES | frozenset({
    "After", "Before", "Then", "Now", "Later", "Soon", "Today", "Tomorrow", "Yesterday", "Afterwards", "Also",
    "Again", "Still", "Yet", "Once", "When", "While", "Whilst", "Where", "What", "Which", "Who", "Why", "How",
    "This", "That", "These", "Those", "There", "Their", "Our", "My", "Your", "With", "Without", "Within", "During",
    "Over", "Under", "Since", "Until", "Although", "Though", "Because", "Each", "Every", "All", "Some", "Most",
    "Many", "Both", "Further", "However", "Meanwhile", "Together", "Overall", "Next", "First", "Last", "Finally",
    "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Here", "Is", "Was", "Has",
    "Had", "Did", "Does", "Can", "Could", "Would", "Should", "Said", "Says", "Thanks", "Thank", "Yes", "OK", "Okay",
    "Goals", "Goal", "Outcome", "Outcomes", "Background", "Assessment", "Intervention", "Plan", "Review",
    "Result", "Results", "Summary", "Support", "Steps", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "July", "September", "October",
    "November", "December", "England", "Scotland", "Ireland", "Britain", "UK", "NHS", "OT", "GP", "I",
})
# Letters in capitals, for 'JOSH HARWOOD'; shorter words in capitals are mostly abbreviations ('Josh OT').
IN_CAPITALS = rf"{UPPER}{{3,}}(?:-{UPPER}+)*"


def full_names(text: str, pseudonym: str | None) -> Iterator[Finding]:
    """A known first name followed by a capitalised word: 'Emily Watson'. The declared pseudonym alone is allowed,
    never with a surname: 'Josh Harwood', 'JOSH HARWOOD', 'Harwood, Josh'."""
    instead = (f"call the client '{pseudonym}' and anyone else by their role ('her daughter')" if pseudonym
               else "refer to people by their role")
    for m in CAPITALISED_PAIR.finditer(text):
        first, second = m.group(1), m.group(2)
        if second in NOT_SURNAMES if first == pseudonym else second in NOT_FIRST_NAMES or not is_first_name(first):
            continue
        if f"{first} {second}" in NOT_PEOPLE:
            continue
        name = text[m.start():m.end(2)]
        yield Finding("full-name", m.start(), m.end(2), mask(name, 1, 0), "a person's full name", instead)
    if pseudonym:
        for m in _pseudonym_and_surname(pseudonym).finditer(text):
            surname = m.group(1) or m.group(2)
            if surname.title() not in NOT_SURNAMES and (m.group(2) or surname.upper() not in ABBREVIATIONS):
                yield Finding("full-name", m.start(), m.end(), mask(m.group(0), 1, 0), "a person's full name",
                              instead)


# Words in capitals that are not surnames after a name in capitals.
ABBREVIATIONS = frozenset({"NHS", "OTS", "PIP", "DWP", "CBT", "ADHD", "MND", "COPD", "ESA", "GCSE", "SENCO"})


@functools.lru_cache(maxsize=64)
def _pseudonym_and_surname(pseudonym: str) -> re.Pattern[str]:
    """The pseudonym in capitals with a surname in capitals ('JOSH HARWOOD'), or a surname, a comma and the
    pseudonym, as a list of names is written ('Harwood, Josh'), not followed by a word in lower case ('In Leeds,
    Josh went')."""
    name = re.escape(pseudonym)
    return re.compile(rf"\b{re.escape(pseudonym.upper())}\s+({IN_CAPITALS})\b"
                      rf"|\b({SURNAME}),\s*{name}\b(?!\s+{LOWER})")


def looks_like_a_name(text: str) -> bool:
    """Whether a field meant for a role ('Clinical lead') holds a person's name instead ('Jane Smith')."""
    words = text.split()
    if not words or not all(w[:1].isupper() for w in words[:2]):
        return False
    title = words[0].rstrip(".") in {"Mr", "Mrs", "Ms", "Mx", "Miss", "Dr", "Prof"}
    return title or (len(words) <= 3 and is_first_name(words[0]))

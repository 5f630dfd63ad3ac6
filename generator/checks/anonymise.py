"""Anonymisation: no content may carry what identifies a client.

Case stories describe real situations, so they follow the Caldicott principle of the minimum necessary: a
declared pseudonym, an age band, a region, relative time. This check scans every string in every content file
(case story front matter and bodies most of all) for the identifiers that must never be published:

    nhs-number      10 digits, grouped any way, whose modulus-11 check digit is right; or 10 digits in the NHS
                    number's 3-3-4 layout, not starting with 0, whatever the check digit (a mistyped number
                    still identifies)
    chi-number      10 digits, grouped any way, whose first six are a date (DDMMYY): Scotland's CHI number
    hospital-number MRN, hospital, patient, unit or case-note number followed by the number, or by 'is', 'was',
                    'of', ':' or '=' and the number: 'hospital number is RX1234567'
    vehicle-registration  a UK registration in the current, prefix or suffix format
    ni-number       a National Insurance number (two prefix letters, six digits, suffix A-D)
    postcode        a full UK postcode
    phone           a UK phone number, as Google's libphonenumber recognises one (region GB)
    email           an email address
    date            an exact date: 03/03/2023, 2023-03-03, 3 March 2023, March 3, 2023
    title-and-name  Mr, Mrs, Ms, Mx, Miss, Mister, Dr, Prof, Professor, Sir, Dame, Lord, Rev, Revd, Reverend,
                    Nurse, Sister, Cllr, Councillor, Captain or Capt, up to three initials ('Mr J Harwood'), then a
                    capitalised word; MR, MRS ... followed by a word in capitals ('MRS SMITH'); not a title before a
                    role ('Nurse Practitioner', "the Lord Mayor's Show"), nor a brand or a character ('Dr Martens',
                    'Mr Tumble')

and, in case stories (front matter and body), what identifies a person without a number:

    address         a street address: '14 Acacia Avenue', 'Acacia Avenue'
    institution     a named hospital, school, college, surgery or employer ('Ltd', 'plc')
    employer        a name after 'worked at', 'works for', 'employed by' and the like: 'Harwood Logistics'
    birth-year      'born in 1985', 'DOB 1985', "born in '85", 'born in nineteen eighty-five'
    date-of-birth   'born on the third of March 1985', 'born on March the third' (in words; in figures it is a
                    date), 'DOB 03031985'
    exact-age       'aged 34', 'Aged: 34', '34 years old', '34-year-old', '34 years of age', '34 y/o', '34yo',
                    'thirty-four years old', 'aged thirty-four' (the age band says enough); not a thing's age ('her
                    chair was 15 years old', 'a 10-year-old car') nor a band ('over age 65', 'aged 65 and over')
    date            a day and month without a year: '3rd March', 'March 3'; not a numbered thing ('Week 3 May bring')
    full-name       a known first name followed by a capitalised word: 'Emily Watson', 'Chloé Watson',
                    'Sarah-Jane Watson', but not a well-known place or brand ('Milton Keynes', 'John Lewis'); a
                    historical person ('Sir Ludwig Guttmann') is still flagged; the pseudonym with a surname: 'Josh
                    Harwood', 'JOSH HARWOOD', 'Harwood, Josh'

The rules read the text as the page shows it: an HTML character reference as its character ('943&nbsp;476',
'josh&#64;example.org'); Markdown emphasis markers, inline HTML tags and comments as nothing ('943 **476** 5919',
'943<span>476</span>5919'), and what a tag or comment holds on its own as well; a backslash escape as the
character it escapes ('943\\-476\\-5919'); a link as its text ('943 476 [5919](url)', 'Mrs [Harwood][ref]'), its
address scanned on its own too; every run of whitespace as one space, so wrapping a line between the
parts of a number ('943 476' at the end of one line, '5919' at the start of the next) does not hide it; every
dash as a hyphen (en dashes in '943–476–5919'); a Cyrillic or Greek letter drawn like a Latin one as that letter
('SW1А 1АА' with a Cyrillic 'А'); and characters a page does not show (a soft hyphen, a zero-width
space) as nothing.

It also fails a story about the practice's own client whose written consent is not on file, or whose anonymisation
reviewer is missing or is a person's name rather than a role. Only the declared pseudonym may name the client,
and never after a title. Each finding masks the matched text, so the report does not republish what it found:
`anonymisation (nhs-number): '999 *** ***8' ...`.

The review block (who signed the page, when) is about the page, not the client, and is not scanned; nor is a
source's publication date.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import html
import re
from collections.abc import Callable, Iterator
from typing import Any

import phonenumbers

from ..problems import Problems
from ..structure.content import CASE_STORY, SOURCE, Item, Site
from .identifiers import (
    UPPER,
    Finding,
    ages_and_birth_dates_in_words,
    birth_years_and_ages,
    days_and_months,
    employers,
    full_names,
    hospital_numbers,
    institutions,
    looks_like_a_name,
    mask,
    nhs_and_chi_numbers,
    nhs_check_digit_ok,
    street_addresses,
    vehicle_registrations,
)
from .text import Text, item_texts

__all__ = ["Finding", "check_anonymisation", "mask", "nhs_check_digit_ok", "scan"]

# The review block is about the page; the reviewer field is checked on its own (a role, not a name).
NOT_CLIENT_DATA = frozenset({"review", "anonymisation_reviewer"})
# And, by content type, fields that hold no one's data: a source's publication date is the document's, as precise
# as the document says ('2024-03-15'), not a client's.
NOT_CLIENT_DATA_BY_TYPE = {SOURCE: NOT_CLIENT_DATA | {"date_published"}}

# HMRC's format: the first letter is not D, F, I, Q, U or V; the second not D, F, I, O, Q, U or V; some prefixes
# are never issued. The parts may be run together or split by spaces, hyphens or dots ('AB-12-34-56-C').
_NI_SEP = r"[ \u00a0\u2007\u2009\u202f.\-]?"
NI_NUMBER = re.compile(
    rf"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]{_NI_SEP}\d{{2}}{_NI_SEP}\d{{2}}{_NI_SEP}\d{{2}}"
    rf"{_NI_SEP}[A-D]\b",
    re.IGNORECASE,
)
# The UK Government Data Standards Catalogue's postcode pattern (outward code, optional space, inward code); the
# space may be a no-break, figure or thin one, or a hyphen ('SW1A-1AA').
POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|(?:[A-Z][0-9]{1,2}|[A-Z][A-HJ-Y][0-9]{1,2}|[A-Z][0-9][A-Z]|[A-Z][A-HJ-Y][0-9][A-Z]?)"
    r"[ \u00a0\u2007\u2009\u202f-]?[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
# An address written to dodge spam filters: 'josh (at) example (dot) org', 'josh[at]example[dot]org'.
SPELT_EMAIL = re.compile(
    r"\b[A-Za-z0-9._%+-]+\s*[(\[{]\s*at\s*[)\]}]\s*[A-Za-z0-9-]+(?:\s*(?:[(\[{]\s*dot\s*[)\]}]|\.)\s*[A-Za-z0-9-]+)+\b",
    re.IGNORECASE,
)
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
# A title as written (Mrs) or in capitals (MRS), up to three initials ('Mr J Harwood', 'Mrs Ó Briain'), then a
# capitalised name or one in capitals: 'Mrs Smith', 'MRS SMITH', 'Professor Smith', 'Nurse Smith'. Not in lower
# case: 'miss' is a verb ('not to miss Christmas'). A title in capitals before a name that is not is an
# abbreviation: 'MS Society', 'MR scan', 'DR Screening'; and a title before a role is a role: 'Nurse Practitioner',
# 'Lord Mayor' (see _titles_and_names).
# 'Sister' (a senior nurse), 'Cllr' and 'Councillor', 'Captain' and 'Capt' are titles too. Not 'Father', which
# comes before a capitalised word in ordinary prose ('Father Christmas'), nor 'Mother' or 'Brother'.
TITLES = ("Mr", "Mrs", "Ms", "Mx", "Miss", "Mister", "Dr", "Prof", "Professor", "Sir", "Dame", "Lord", "Rev", "Revd",
          "Reverend", "Nurse", "Sister", "Cllr", "Councillor", "Captain", "Capt")
_TITLE = "|".join(sorted({*TITLES, *(t.upper() for t in TITLES)}, key=len, reverse=True))
TITLE_AND_NAME = re.compile(
    rf"\b({_TITLE})\.?\s+((?:{UPPER}\.?\s+){{0,3}})({UPPER}(?:[^\W\d_]|['\u2019-])+)"
)
ROLES_AFTER_A_TITLE = frozenset({
    "practitioner", "specialist", "specialists", "consultant", "associate", "lead", "led", "manager", "prescriber",
    "advocate", "educator", "adviser", "advisor", "navigator", "team", "service", "services", "clinic", "station",
    "unit", "training", "education", "mayor", "chancellor", "justice", "lieutenant", "emeritus",
})
# A title before a word that is not a person: a brand, a children's character, a programme.
NOT_PEOPLE_WITH_A_TITLE = frozenset({"Dr Martens", "Dr Who", "Mr Tumble", "Mr Men", "Mr Bean", "Mr Blobby"})
PLACEHOLDERS = frozenset({"", "-", "?", "n/a", "na", "none", "tbc", "tbd", "todo", "unknown"})


def check_anonymisation(site: Site, problems: Problems) -> None:
    """Add a problem for every identifier found in content, and for every case story not cleared to publish."""
    for item in site.all():
        # A case story always gets the story rules; a service example has no pseudonym to allow.
        pseudonym = (item.data.pseudonym or "") if item.type is CASE_STORY else None
        for text in item_texts(item, skip_keys=NOT_CLIENT_DATA_BY_TYPE.get(item.type, NOT_CLIENT_DATA)):
            for finding in _scan_once(text.text, pseudonym):
                problems.add(text.path, *text.place(finding.start, finding.end), _message(finding, text))
        if item.type is CASE_STORY:
            _check_clearance(item, problems)


@functools.lru_cache(maxsize=1 << 16)
def _scan_once(text: str, pseudonym: str | None) -> tuple[Finding, ...]:
    """`scan`, remembered: the same sentence often appears in many items (an answer label, a standard paragraph),
    and a preview session builds again after every edit, so each distinct string is scanned once per pseudonym
    in a process."""
    return tuple(scan(text, pseudonym))


# The rules read the text as the page shows it, and each finding is placed back at the characters it came from.
#
# First the markup (MARKUP): an HTML character reference is read as the character it stands for, as html.unescape
# reads it ('943&nbsp;476' as '943\u00a0476', 'josh&#64;example.org' as 'josh@example.org'); Markdown's emphasis
# markers ('*', '_', '**', '__', '~~'), inline HTML tags and comments as nothing ('943 **476** 5919',
# '943<span>476</span>5919', 'Mrs **Smith**'); a tag that breaks a line or a block ('<br>', '</p>') as a space; a
# backslash before an ASCII punctuation character (ASCII_PUNCTUATION) as that character alone, as Markdown shows it
# ('943\-476\-5919' as '943-476-5919', 'example\.co\.uk' as 'example.co.uk'). Every string here is Markdown: the
# templates write front matter fields into the page's Markdown as they are. A link or an image shows its text
# alone: '[text](url)', '[text](url "title")' and '[text][ref]' read as 'text' ('943 476 [5919](url)', 'Mrs
# [Harwood](url)'). A tag or a comment is not shown but is published in the page's source, so what is inside one is
# scanned on its own too ('<a href="mailto:...">'), as is a link's address (and title). An '<' that starts no tag
# ('<https://...>', '<someone@example.org>', '3 < 4') is text.
#
# Then the spacing: wrapping a line must not hide an identifier ('943 476' at the end of one line, '5919' at the
# start of the next), nor may a double space or a tab: every run of whitespace, line breaks included, is read as one
# ordinary space. A lone no-break, figure or thin space is left as written, so a mask shows it as it is; the rules
# accept it wherever they accept a space. Characters a page does not show (a soft hyphen, a zero-width space or
# joiner, a word joiner, a byte order mark) are read as nothing, so '943\u200b476\u200b5919', which shows as
# '9434765919', is read so too.
ASCII_PUNCTUATION = r"[!-/:-@\[-`{-~]"
# The end of a link or an image, after its text: '](url)' or '](url "title")', or '][ref]'.
_LINK_END = (r"(?:\]\((\s*(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
             r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*)\)|\]\[[^\[\]]*\])")
MARKUP = re.compile(
    r"(<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>)"
    r"|&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{0,31};?)"
    rf"|\\({ASCII_PUNCTUATION})"
    rf"|{_LINK_END}|!?\[(?=(?:[^\[\]\\]|\\.)*{_LINK_END})"
    r"|\*+|_+|~~",
    re.DOTALL,
)
MARKUP_SIGNS = re.compile(r"[&<*_~\\\[]")
# Tags that start a new line or block on the page: read as a space, so 'Mrs</p><p>Smith' is not one word.
BLOCK_TAGS = frozenset({
    "br", "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "td", "th", "tr", "table", "thead", "tbody", "hr",
    "blockquote", "section", "article", "aside", "details", "summary", "figure", "figcaption", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6",
})
SPACES = "\u00a0\u2007\u2009\u202f"
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
WHITESPACE_RUN = re.compile(rf"[\s{INVISIBLE}]{{2,}}|[^\S {SPACES}]|[{INVISIBLE}]")
# For the phone matcher, which takes a no-break space but not a thin one: every one of SPACES as a space.
SPACES_AS_SPACE = str.maketrans(dict.fromkeys(SPACES, " "))
# Cyrillic, then Greek, letters drawn like a Latin letter, each beside the Latin letter it looks like.
LOOK_ALIKES = {
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X",
    "У": "Y", "Ѕ": "S", "І": "I", "Ј": "J", "Ԛ": "Q", "Ԝ": "W", "а": "a", "е": "e", "о": "o", "р": "p", "с": "c",
    "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P",
    "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v", "α": "a", "ι": "i", "κ": "k", "ρ": "p", "υ": "u",
}
# One character for one, so offsets do not change: every dash is read as a hyphen, so a pattern that accepts
# '943-476-5919' accepts en dashes ('943–476–5919') too (hyphen, non-breaking hyphen, figure dash, en dash, em dash,
# horizontal bar, minus sign, and their small forms); and every full-width form of an ASCII character (U+FF01 to
# U+FF5E) as that character, so 'josh＠example.org' and 'ＳＷ１Ａ １ＡＡ' read as what they show (NFKC would do more,
# but can change a string's length); a curly apostrophe as a straight one ('St Mary’s Hospital', 'O’Neill'); and a
# Cyrillic or Greek letter that looks like a Latin one as that letter (LOOK_ALIKES), so 'SW1А 1АА' and 'Emily Wаtson'
# with a Cyrillic 'А' and 'а' read as they look.
PLAIN_FORMS = str.maketrans({
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)},
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys("\u2019\u02bc", "'"),
    **LOOK_ALIKES,
})


class _Offsets:
    """Maps an offset in a text with some spans replaced back to the text before: `starts` holds the offsets just
    after each replacement, `removed` how many characters were taken out up to there, `widths` each replacement's
    length."""

    __slots__ = ("removed", "starts", "widths")

    def __init__(self) -> None:
        self.starts, self.removed, self.widths = [0], [0], [0]

    def __bool__(self) -> bool:
        return len(self.starts) > 1

    def start(self, offset: int) -> int:
        """Where the character at `offset` came from (a replacement's first character: where the span began)."""
        return offset + self.removed[bisect.bisect_right(self.starts, offset) - 1]

    def end(self, offset: int) -> int:
        """Where a match ending at `offset` ends: after the whole span, if its last character replaced one."""
        index = bisect.bisect_right(self.starts, offset) - 1
        if index and self.starts[index] == offset and self.widths[index]:
            return offset + self.removed[index]
        return self.start(offset - 1) + 1


def _replace(text: str, pattern: re.Pattern[str], by: Callable[[re.Match[str]], str]) -> tuple[str, _Offsets]:
    """`text` with every match of `pattern` replaced `by` what the function gives, and the offsets to map back."""
    offsets = _Offsets()
    pieces: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        new = by(m)
        if new == m.group(0):
            continue
        pieces += (text[last:m.start()], new)
        last = m.end()
        offsets.starts.append(m.start() - offsets.removed[-1] + len(new))
        offsets.removed.append(offsets.removed[-1] + len(m.group(0)) - len(new))
        offsets.widths.append(len(new))
    if last == 0:
        return text, offsets
    pieces.append(text[last:])
    return "".join(pieces), offsets


def _unmarked(m: re.Match[str]) -> str:
    if m.group(1) is not None:  # a tag or a comment
        return " " if (m.group(3) or "").lower() in BLOCK_TAGS else ""
    if m.group(4) is not None:  # a backslash escape: the character it escapes
        return m.group(4)
    if m.group(0)[0] == "&":
        return html.unescape(m.group(0))
    return ""  # an emphasis marker


def _spaced(m: re.Match[str]) -> str:
    return " " if any(c.isspace() for c in m.group(0)) else ""


def as_shown(text: str) -> tuple[str, list[_Offsets]]:
    """`text` as a page shows it (MARKUP, then WHITESPACE_RUN and PLAIN_FORMS), and the maps from an offset in it
    back to `text`, last first."""
    maps: list[_Offsets] = []
    if MARKUP_SIGNS.search(text):
        text, offsets = _replace(text, MARKUP, _unmarked)
        if offsets:
            maps.append(offsets)
    text, offsets = _replace(text.translate(PLAIN_FORMS), WHITESPACE_RUN, _spaced)
    if offsets:
        maps.insert(0, offsets)
    return text, maps


# How deep what a tag or comment holds is scanned on its own: a tag in a comment in a tag, and no deeper (a file of
# nothing but '<!--' would otherwise be scanned once per '<!--', each inside the last).
NESTED_SCANS = 3


def scan(text: str, pseudonym: str | None = None, depth: int = 0) -> list[Finding]:
    """Every identifier in `text`, in order; where two rules match overlapping text, the first rule wins.

    The rules see `text` as the page shows it (`as_shown`); the findings' offsets are in `text`. What a tag or a
    comment holds, and a link's address, are scanned on their own too (to NESTED_SCANS levels), and reported where
    they are unless they overlap a finding in what shows."""
    shown, maps = as_shown(text)
    found = _scan_plain(shown, pseudonym)
    for offsets in maps:
        found = [dataclasses.replace(f, start=offsets.start(f.start), end=offsets.end(f.end)) for f in found]
    if maps and ("<" in text or "](" in text) and depth < NESTED_SCANS:
        for m in MARKUP.finditer(text):
            if m.group(1) is not None:  # a tag or a comment
                skip = 4 if m.group(1).startswith("<!--") else 1
                inner = m.group(1)[skip:].removesuffix("-->" if skip == 4 else ">")
                at = m.start() + skip
            elif m.group(5) is not None:  # a link's or an image's address (and title)
                inner, at = m.group(5), m.start(5)
            else:
                continue
            if len(inner) < 3:
                continue  # too short to hold anything: '<b>', '<!---->', '(#)'
            for f in scan(inner, pseudonym, depth + 1):
                f = dataclasses.replace(f, start=f.start + at, end=f.end + at)
                if not any(g.start < f.end and f.start < g.end for g in found):
                    found.append(f)
        found.sort(key=lambda f: (f.start, f.end))
    return found


def _scan_plain(text: str, pseudonym: str | None) -> list[Finding]:
    found: list[Finding] = []
    # Most strings hold no digit, and then only the rules that need none can match: skip the others (the phone
    # matcher above all, which is the slowest).
    digits = DIGIT.search(text) is not None
    rules = RULES if digits else NO_DIGIT_RULES
    if pseudonym is not None:  # a case story
        rules = (*rules, *(STORY_RULES if digits else STORY_NO_DIGIT_RULES))
    for rule in rules:
        for finding in rule(text, pseudonym):
            if not any(f.start < finding.end and finding.start < f.end for f in found):
                found.append(finding)
    return sorted(found, key=lambda f: (f.start, f.end))


def _ni_numbers(text: str, pseudonym: str | None) -> Iterator[Finding]:
    for m in NI_NUMBER.finditer(text):
        yield Finding("ni-number", m.start(), m.end(), mask(m.group(0), 2, 1), "a National Insurance number",
                      "remove it")


def _emails(text: str, pseudonym: str | None) -> Iterator[Finding]:
    for m in (*EMAIL.finditer(text), *SPELT_EMAIL.finditer(text)):
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


# Public crisis lines a red-flag result may give, by national number: no client's, and a reader in crisis should not
# have to follow a link to find them. Each is cited in the tool that names it (content/sources/).
PUBLIC_HELPLINES = {
    8088088000: "Lifeline, Northern Ireland's crisis line (https://www.lifelinehelpline.info/)",
    8001111: "Childline (https://www.childline.org.uk/)",
}


def _phones(text: str, pseudonym: str | None) -> Iterator[Finding]:
    if len(DIGIT.findall(text)) < PHONE_MIN_DIGITS:
        return  # too few digits for any phone number: skip the matcher, the slowest rule by far
    for m in phonenumbers.PhoneNumberMatcher(text.translate(SPACES_AS_SPACE), "GB"):
        if m.number.national_number in PUBLIC_HELPLINES:
            continue
        yield Finding("phone", m.start, m.end, mask(text[m.start:m.end]), "a UK phone number",
                      "remove it: the practice's own contact details live in mkdocs.yml")


def _titles_and_names(text: str, pseudonym: str | None) -> Iterator[Finding]:
    for m in TITLE_AND_NAME.finditer(text):
        title, initials, name = m.groups()
        if title.isupper() and not name.isupper():
            continue  # 'MS Society', 'MR Scan': an abbreviation, not a title
        if not initials and name.lower().removesuffix("'s") in ROLES_AFTER_A_TITLE:
            continue  # 'Nurse Practitioner', 'Lord Mayor', "the Lord Mayor's Show": a role
        if not initials and f"{title} {name}" in NOT_PEOPLE_WITH_A_TITLE:
            continue  # 'Dr Martens', 'Mr Tumble'
        instead = (f"call the client by the declared pseudonym ('{pseudonym}'), without a title, and anyone "
                   "else by their role" if pseudonym else "refer to people by their role")
        yield Finding("title-and-name", m.start(), m.end(), mask(m.group(0), len(m.group(1)) + 1, 0),
                      "a title and a name", instead)


Rule = Callable[[str, str | None], Iterator[Finding]]
RULES: tuple[Rule, ...] = (
    nhs_and_chi_numbers, hospital_numbers, _ni_numbers, _emails, _postcodes, _dates, _phones, vehicle_registrations,
    _titles_and_names,
)
# The rules that can match text without a digit (\d: any script's digits, as the phone matcher reads them).
NO_DIGIT_RULES: tuple[Rule, ...] = (_emails, _titles_and_names)
# Case stories only: what identifies a person without a number. Elsewhere content names real bodies and places
# on purpose (the Royal College, the HCPC).
STORY_RULES: tuple[Rule, ...] = (street_addresses, institutions, employers, birth_years_and_ages,
                                 ages_and_birth_dates_in_words, days_and_months, full_names)
STORY_NO_DIGIT_RULES: tuple[Rule, ...] = (street_addresses, institutions, employers, ages_and_birth_dates_in_words,
                                          full_names)
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
    if origin.kind != "own-client":
        return
    if origin.written_consent_on_file is not True:
        problems.add(
            item.display_path, *item.doc.position(("origin", "written_consent_on_file")),
            "anonymisation (consent): written_consent_on_file is false; publish a story about the practice's own "
            "client only when the client's written consent to publish is on file",
        )
    reviewer = origin.anonymisation_reviewer.strip()
    if reviewer.lower() in PLACEHOLDERS:
        problems.add(
            item.display_path, *item.doc.position(("origin", "anonymisation_reviewer")),
            f"anonymisation (reviewer): anonymisation_reviewer is '{reviewer}'; give the role "
            "of the person who checked the anonymisation, e.g. 'Clinical lead'",
        )
    elif looks_like_a_name(reviewer):
        problems.add(
            item.display_path, *item.doc.position(("origin", "anonymisation_reviewer")),
            f"anonymisation (reviewer): anonymisation_reviewer '{mask(reviewer, 1, 0)}' looks like a person's name; "
            "give their role instead, e.g. 'Clinical lead', so the published page names no member of staff",
        )

"""Full addresses for printed links.

A printed page is read away from the screen, so every link in it is followed by where it goes. CSS alone can
only print the `href` as written, and the site's own links are relative (`../hand-therapy/`), which means
nothing on paper. So each link in a page's content gets a `data-print-href` attribute holding the address a
reader could type, which the print style sheet shows after the link.

    >>> print_addresses('<a href="../seating/">Seating</a>', "https://ot.test/kb/specialisms/hand-therapy/")
    '<a data-print-href="https://ot.test/kb/specialisms/seating/" href="../seating/">Seating</a>'
    >>> print_addresses('<a href="mailto:hello@ot.test">email us</a>', "https://ot.test/kb/")
    '<a data-print-href="hello@ot.test" href="mailto:hello@ot.test">email us</a>'
    >>> print_addresses('<a href="tel:+441614960123">0161 496 0123</a>', "https://ot.test/kb/")  # says it already
    '<a href="tel:+441614960123">0161 496 0123</a>'
"""

from __future__ import annotations

import re
from html import escape, unescape
from urllib.parse import unquote, urljoin, urlsplit

# A link with a double-quoted href, as Python-Markdown writes them, and its text.
_LINK = re.compile(r'<a\b(?P<attrs>[^>]*?\shref="(?P<href>[^"]*)"[^>]*)>(?P<text>.*?)</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def printed_address(href: str, page_url: str, text: str = "") -> str | None:
    """What a printed page shows after a link to `href`, with link text `text`, on the page at `page_url`; None
    where the printed words already say it all: links within the page, and an email address or phone number
    that is itself the link's text."""
    if not href or href.startswith("#"):
        return None
    scheme = urlsplit(href).scheme.lower()
    if scheme in ("mailto", "tel"):
        # The address or number alone, without a referral email's prefilled subject and body.
        address = unquote(href.split(":", 1)[1].split("?", 1)[0])
        if text.strip() == address or scheme == "tel" and re.search(r"\d{3}", text):
            return None  # the link's words are the address or number already
        return address
    return urljoin(page_url, href)


def print_addresses(html: str, page_url: str) -> str:
    """`html` with a `data-print-href` on each link that leaves the page; `page_url` is the page's published
    address, ending in "/" for a directory-style page."""

    def annotate(match: re.Match[str]) -> str:
        if "data-print-href=" in match.group("attrs"):
            return match.group(0)
        text = unescape(_TAG.sub("", match.group("text")))
        address = printed_address(unescape(match.group("href")), page_url, text)
        if address is None:
            return match.group(0)
        return f'<a data-print-href="{escape(address)}"{match.group("attrs")}>{match.group("text")}</a>'

    return _LINK.sub(annotate, html)

"""Full addresses for printed links.

A printed page is read away from the screen, so every link in it is followed by where it goes. CSS alone can
only print the `href` as written, and the site's own links are relative (`../hand-therapy/`), which means
nothing on paper. So each link in a page's content gets a `data-print-href` attribute holding the address a
reader could type, which the print style sheet shows after the link.

    >>> print_addresses('<a href="../seating/">Seating</a>', "https://ot.test/kb/specialisms/hand-therapy/")
    '<a data-print-href="https://ot.test/kb/specialisms/seating/" href="../seating/">Seating</a>'
    >>> print_addresses('<a href="mailto:hello@ot.test">email</a>', "https://ot.test/kb/")
    '<a data-print-href="hello@ot.test" href="mailto:hello@ot.test">email</a>'
"""

from __future__ import annotations

import re
from html import escape, unescape
from urllib.parse import unquote, urljoin, urlsplit

# An opening <a> tag with a double-quoted href, as Python-Markdown writes them.
_LINK = re.compile(r'<a\b(?P<attrs>[^>]*?\shref="(?P<href>[^"]*)"[^>]*)>')


def printed_address(href: str, page_url: str) -> str | None:
    """What a printed page shows after a link to `href` on the page at `page_url`; None for links within the
    page, which need no address."""
    if not href or href.startswith("#"):
        return None
    scheme = urlsplit(href).scheme.lower()
    if scheme in ("mailto", "tel"):
        # The address or number alone, without a referral email's prefilled subject and body.
        return unquote(href.split(":", 1)[1].split("?", 1)[0])
    return urljoin(page_url, href)


def print_addresses(html: str, page_url: str) -> str:
    """`html` with a `data-print-href` on each link that leaves the page; `page_url` is the page's published
    address, ending in "/" for a directory-style page."""

    def annotate(match: re.Match[str]) -> str:
        if "data-print-href=" in match.group("attrs"):
            return match.group(0)
        address = printed_address(unescape(match.group("href")), page_url)
        if address is None:
            return match.group(0)
        return f'<a data-print-href="{escape(address)}"{match.group("attrs")}>'

    return _LINK.sub(annotate, html)

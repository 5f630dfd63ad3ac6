"""An "On this page" list at the top of long pages, in place of a contents column beside the text. A page with
fewer than three sections, or a referral step or result, is left as it is."""

from __future__ import annotations

from html import escape

# A page with at least this many sections gets the list.
MINIMUM = 3
# Steps and results of a referral tool are short and lead with what to do: they never get the list.
SKIP_MARK = 'class="referral-back"'


def on_this_page(html: str, sections: list[tuple[str, str]]) -> str:
    """`html` with the list of its `sections` (title, #anchor) after its first heading, when it has enough."""
    end = html.find("</h1>")
    if len(sections) < MINIMUM or end < 0 or SKIP_MARK in html:
        return html
    items = "".join(f'<li><a href="{escape(url)}">{escape(title)}</a></li>' for title, url in sections)
    # Out of the search index: the section titles are already indexed as the headings they are.
    block = ('<nav class="on-this-page" aria-labelledby="on-this-page" data-pagefind-ignore>'
             f'<h2 id="on-this-page">On this page</h2><ul>{items}</ul></nav>')
    end += len("</h1>")
    return html[:end] + block + html[end:]

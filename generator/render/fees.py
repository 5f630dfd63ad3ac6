"""The fees and funding page: who pays for independent OT and how the work is usually charged, with its sources.

The words are in `templates/fees.md.j2`; the page links to the practice's own cost guide only when the site sets
`cost_guide_url`, and it cites sources from `content/sources/` like any other page, so its footer links out.
"""

from __future__ import annotations

from ..options import Options
from ..structure.content import SOURCE
from .pages import PageSet

PAGE = "case-managers/fees-and-funding.md"
SOURCES = ("inspiring-futures", "rehabilitation-code", "rehabilitation-funding-blog", "professional-deputy-blog",
           "independent-ot-terms")


def render_fees(pages: PageSet, options: Options) -> None:
    known = pages.site.items[SOURCE.name]
    sources = [pages.site.get(SOURCE, s) for s in SOURCES if s in known]
    if len(sources) < len(SOURCES):
        return  # a content folder without these sources (a test fixture) gets no fees page
    pages.add(PAGE, "fees.md.j2",
              {"title": "Fees and funding", "description": "Who pays for independent occupational therapy, and how "
               "the work is usually charged."},
              owner="the fees and funding page", sources=sources, cost_guide_url=options.cost_guide_url)

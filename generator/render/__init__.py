"""Render the validated site into Markdown pages: the only package that touches Jinja.

The result is a mapping of page path (relative to the docs folder, e.g. `specialisms/hand-therapy.md`) to a
`Page`. Any engine can consume it: the MkDocs plugin adds the pages in memory, and `python -m generator build`
writes them to a folder (`generator.output.writer`).
"""

from __future__ import annotations

from ..config.options import Options
from ..problems import Problems
from ..structure.addresses import Page
from ..structure.content import Site
from .browse import render_browse
from .glossary import render_glossary
from .items import render_clinical_review, render_items, render_sources
from .pages import PageSet
from .referral import render_flows

__all__ = ["Page", "render_site"]


def render_site(site: Site, problems: Problems, options: Options) -> dict[str, Page]:
    """Every generated page of `site`. Page-path collisions are added to `problems`."""
    pages = PageSet(site, options.edit_links)
    render_items(pages, options, problems)
    render_flows(pages, options, problems)
    render_browse(pages)
    render_sources(pages)
    render_clinical_review(pages, options)
    render_glossary(pages)
    return pages.all()

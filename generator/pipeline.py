"""The pipeline: load every content file, check the whole site, render its pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .checks import run_checks
from .checks.links import check_links
from .config.options import Options
from .load.site import LoadCache, load_site
from .problems import Problems
from .render import render_site
from .structure.addresses import Page
from .structure.content import Site


@dataclass
class Result:
    site: Site
    pages: dict[str, Page]
    problems: Problems


def generate(content_dir: Path, options: Options | None = None, cache: LoadCache | None = None) -> Result:
    """Load, validate, check and render everything under `content_dir`.

    Every check runs on every file that loaded, even when others failed, so one run reports every problem.
    Pages are rendered only when loading and checking found no errors, so a caller never sees a half-made
    site: either `problems.errors` is empty and `pages` is complete, or `pages` is empty. `cache` (see
    `LoadCache`) is for a caller that generates again and again, as a preview does.
    """
    options = options or Options()
    site, problems = load_site(content_dir, cache)
    run_checks(site, problems, options)
    pages: dict[str, Page] = {}
    if not problems:
        pages = render_site(site, problems, options)
    # Links are checked against the rendered pages when there are some (anchors included), else against the
    # pages the content implies.
    check_links(site, pages, problems, options)
    if problems:
        pages = {}
    return Result(site, pages, problems)

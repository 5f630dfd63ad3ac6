"""The pipeline: load every content file, check the whole site, render its pages."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a while, then back as it was.

    Generating makes hundreds of thousands of objects that live to the end (the loaded site, its checks' texts,
    the pages) and few reference cycles. The collector scans every object each time their number grows by a
    quarter: five full scans at 2,000 items, about a tenth of the generator's time, that free almost nothing.
    With it paused, the cycles made meanwhile (a few megabytes) are freed by its next full scan.

    Afterwards the objects made meanwhile are moved to the oldest generation unscanned (freezing them, then
    unfreezing them, does that), as if they had survived young scans: else the first young scan after would go
    through every one of them. Not when the caller has frozen objects of its own, which unfreezing would release.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def generate(content_dir: Path, options: Options | None = None, cache: LoadCache | None = None) -> Result:
    """Load, validate, check and render everything under `content_dir`.

    Every check runs on every file that loaded, even when others failed, so one run reports every problem.
    Pages are rendered only when loading and checking found no errors, so a caller never sees a half-made
    site: either `problems.errors` is empty and `pages` is complete, or `pages` is empty. `cache` (see
    `LoadCache`) is for a caller that generates again and again, as a preview does.
    """
    options = options or Options()
    with _cycle_collector_paused():
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

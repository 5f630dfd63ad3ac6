"""Settings a site passes to the generator (from mkdocs.yml through the plugin, or CLI flags)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .practice import Practice
from .settings import EditLinks


@dataclass(frozen=True)
class Options:
    # Bounds on a referral flow, so nobody publishes a tool that cannot be finished or reviewed.
    max_questions: int = 8  # questions on any one path
    max_paths: int = 150  # distinct paths from the start to an outcome
    # Who the practice is and how readers reach it: named on outcome pages and the contact page.
    practice: Practice = field(default_factory=Practice)
    # Where "email this referral" links send the summary; no link when unset.
    referral_email: str | None = None
    # The practice's own cost guide; the fees and funding page links to it only when set.
    cost_guide_url: str | None = None
    # The published address of the site, printed on referral summaries.
    site_url: str | None = None
    # Where each generated page's "edit this page" link leads (its `edit_url` in front matter); None: no link.
    edit_links: EditLinks | None = None
    # Hand-written Markdown pages (docs/) to scan for unsafe HTML too; None skips them.
    docs_dir: Path | None = None
    # A clinical review falls due this many months after it was signed (mkdocs.yml: review_interval_months).
    review_interval_months: int = 12
    # A build to publish (`make build RELEASE=1`): every reviewable item must be `reviewed`, or the build fails.
    release: bool = False
    # The day review ages are counted to; None means the day the check runs. OT_TODAY=YYYY-MM-DD (or
    # `--today`) pins it, so tests and re-runs of an old build do not change with the calendar.
    today: date | None = field(default_factory=lambda: env_today())


    @property
    def day(self) -> date:
        """The day reviews are counted to: `today` when pinned, else the day the build runs."""
        return self.today or date.today()


def env_today() -> date | None:
    """The day OT_TODAY names, or None when it is unset or not a YYYY-MM-DD date (the CLI reports that)."""
    try:
        return date.fromisoformat(os.environ.get("OT_TODAY", ""))
    except ValueError:
        return None

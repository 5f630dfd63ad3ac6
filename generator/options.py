"""Settings a site passes to the generator (from mkdocs.yml through the plugin, or CLI flags)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Options:
    # Bounds on a referral flow, so nobody publishes a tool that cannot be finished or reviewed.
    max_questions: int = 8  # questions on any one path
    max_paths: int = 150  # distinct paths from the start to an outcome
    # Where "email this referral" links send the summary; no link when unset.
    referral_email: str | None = None
    # The published address of the site, printed on referral summaries.
    site_url: str | None = None
    # The practice's name, phone and email, from its settings: referral results for case managers offer its
    # pre-referral advice with them, and print its name. Nothing is shown for a detail that is unset.
    practice_name: str | None = None
    practice_phone: str | None = None
    practice_email: str | None = None
    # Hand-written Markdown pages (docs/) to scan for unsafe HTML too; None skips them.
    docs_dir: Path | None = None
    # Clinical content older than this many days since its last review is reported as due for review.
    review_age_days: int = 730
    # The day review ages are counted to; None means the day the check runs. Tests pin it.
    today: date | None = None

"""Review dates: clinical content says when a clinician last checked it, and the check says when that is too long ago.

Every published item carries `last_reviewed` (sources do not: they are other people's documents). An item
reviewed longer ago than `Options.review_age_days` (two years by default) is reported as a warning at its
`last_reviewed` line, so the pull-request check shows it on that line and `check --strict` can fail on it.
A date in the future is a typing slip, reported the same way.
"""

from __future__ import annotations

import datetime as dt

from ..options import Options
from ..problems import Problems
from ..structure.content import Site


def check_review_dates(site: Site, problems: Problems, options: Options) -> None:
    """Warn on every item whose `last_reviewed` is older than `options.review_age_days`, or in the future."""
    today = options.today or dt.date.today()
    age = dt.timedelta(days=options.review_age_days)
    for item in site.all():
        reviewed: dt.date | None = getattr(item.data, "last_reviewed", None)
        if reviewed is None:
            continue
        line, col = item.doc.position(("last_reviewed",))
        if reviewed > today:
            problems.add(
                item.display_path, line, col,
                f"last_reviewed {reviewed.isoformat()} is in the future; use the date the review took place",
                severity="warning",
            )
        elif today - reviewed > age:
            problems.add(
                item.display_path, line, col,
                f"due for review: last reviewed {reviewed.isoformat()}, more than {describe_age(age.days)} ago "
                f"(due {(reviewed + age).isoformat()}); once a clinician has checked it, set last_reviewed to "
                "that day's date",
                severity="warning",
            )


def describe_age(days: int) -> str:
    """730 -> '2 years', 365 -> '1 year', 90 -> '90 days'."""
    if days and days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"

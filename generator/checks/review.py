"""Clinical reviews: each item's review state, derived once per build, and what the check says about it.

A review block must name a known reviewer and a date that has come. An item changed since its review, or whose
review is overdue, is a warning at its `review` line, so the pull-request check shows it there. A release build
(`Options.release`) refuses every item that is not `reviewed`, naming its file, line and state.
"""

from __future__ import annotations

from typing import Any

from ..config.options import Options
from ..problems import Problems
from ..structure import model as m
from ..structure.content import REVIEWER, Item, Site
from ..structure.review import ReviewState, ReviewStatus, review_statuses

SIGN_HINT = "once a clinician has reviewed it, they run: python -m generator review sign {path} --by REVIEWER-ID"


def check_reviews(site: Site, problems: Problems, options: Options) -> None:
    """Derive every item's review state into `site.reviews` and report what needs a clinician."""
    site.reviews = review_statuses(site, options.day, options.review_interval_months)
    by_path = {item.display_path: item for item in site.all()}
    for path, status in site.reviews.items():
        item = by_path[path]
        review: m.Review | None = getattr(item.data, "review", None)
        if review is not None and not _review_is_valid(site, item, review, problems, options):
            continue
        line, col = item.doc.position(("review",), key=True) if review is not None else (1, 1)
        message = describe_problem(status, path)
        if options.release and not status.is_reviewed:
            problems.add(path, line, col, f"{status.state}: a release publishes only clinically reviewed pages; "
                         f"{message}")
        elif status.state in (ReviewState.changed, ReviewState.overdue):
            problems.add(path, line, col, f"{status.state}: {message}", severity="warning")


def _review_is_valid(site: Site, item: Item[Any], review: m.Review, problems: Problems, options: Options) -> bool:
    ok = True
    if review.by not in site.items[REVIEWER.name]:
        known = ", ".join(sorted(site.items[REVIEWER.name])) or "none yet"
        problems.add(item.display_path, *item.doc.position(("review", "by")),
                     f"unknown reviewer '{review.by}': no file {REVIEWER.folder}/{review.by}.yml (reviewers: {known})")
        ok = False
    if review.date > options.day:
        problems.add(item.display_path, *item.doc.position(("review", "date")),
                     f"review date {review.date.isoformat()} is in the future; a review is signed on the day it "
                     "takes place")
        ok = False
    return ok


def describe_problem(status: ReviewStatus, path: str) -> str:
    """What is wrong with a review that is not current, and how to put it right."""
    hint = SIGN_HINT.format(path=path)
    if status.state is ReviewState.draft or status.review is None:
        return f"not yet reviewed by a clinician; {hint}"
    if status.state is ReviewState.changed:
        return f"content changed after its review on {status.review.date.isoformat()}; {hint}"
    if status.state is ReviewState.overdue:
        return f"review was due by {status.due.isoformat() if status.due else '?'}; {hint}"
    return "reviewed"

"""Clinical sign-off: what a page may say about its review, derived from the data and nothing else.

A clinician signs an item with `python -m generator review sign`, which writes a `review` block holding who
signed, when, and a fingerprint of the item's content as it was then. Every build derives one of four states
from that block:

- `draft`: no clinician has signed it;
- `reviewed`: signed, unchanged since, and not yet due again;
- `changed`: a value has changed since it was signed, so the review no longer covers what the page says;
- `overdue`: unchanged, but signed longer ago than the review interval.

The fingerprint is taken over the parsed content (values, not bytes), so re-wrapping a folded line, re-indenting
or reordering keys keeps a review, while changing any value lapses it:

    >>> fingerprint({"title": "Hand therapy", "review": {"by": "x"}}) == fingerprint({"title": "Hand therapy"})
    True
    >>> fingerprint({"title": "Hand therapy"}) == fingerprint({"title": "Hand  therapy!"})
    False
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from . import model as m
from .content import REVIEWED, REVIEWER, Item, Site

# The review block is about the content, so it is not part of what it fingerprints; nor is a note for editors,
# which no reader sees.
REVIEW_KEY = "review"
EDITOR_NOTE_KEY = "editor_note"
FINGERPRINT_LENGTH = 32
# Where anyone can check a registration by number (the HCPC register's search page).
HCPC_REGISTER = "https://www.hcpc-uk.org/check-the-register/"


class ReviewState(StrEnum):
    draft = "draft"
    reviewed = "reviewed"
    changed = "changed since review"
    overdue = "review overdue"


def fingerprint(data: Any, body: str | None = None) -> str:
    """A short hash of an item's parsed content, the review block left out. `body` is a Markdown body, whose line
    breaks inside a paragraph do not count (re-wrapping is not a change)."""
    content = {k: v for k, v in data.items() if k != REVIEW_KEY} if isinstance(data, dict) else data
    canonical = json.dumps({"data": _values(content), "body": _normal_body(body or "")}, sort_keys=True,
                           ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def _values(value: Any) -> Any:
    """What the content says, whatever way the file writes it: an empty value or a `false` left out means the
    same as written out, and `year: 2024` the same as `year: "2024"` (the canonical form may write either)."""
    if isinstance(value, dict):
        return {k: _values(v) for k, v in value.items() if not _unsaid(v) and k != EDITOR_NOTE_KEY}
    if isinstance(value, list):
        return [_values(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, int, float)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value


def _unsaid(value: Any) -> bool:
    return value is None or value is False or value == "" or (isinstance(value, (list, dict)) and not value)


# A line that starts a new Markdown block (a list item, heading, quote, table row, fence) keeps its line break.
_BLOCK_START = re.compile(r"^(?:[-*+]\s|\d+[.)]\s|#|>|\||```|~~~)")


def _normal_body(body: str) -> str:
    """The body with each paragraph's lines joined and runs of spaces made one: its meaning, not its wrapping."""
    blocks = []
    for block in re.split(r"\n\s*\n", body.replace("\r\n", "\n").strip()):
        lines: list[str] = []
        for raw in block.split("\n"):
            line = " ".join(raw.split())
            if lines and not _BLOCK_START.match(line):
                lines[-1] += " " + line
            else:
                lines.append(line)
        blocks.append("\n".join(lines))
    return "\n\n".join(b for b in blocks if b)


def item_fingerprint(item: Item[Any]) -> str:
    return fingerprint(item.doc.data, item.body if item.type.markdown else None)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months, on the last day of a shorter month: 31 January + 1 month is 28 or 29 February.
    Past the last day Python can hold (31 December 9999), that day: a review dated in 9999 is reported as in the
    future, not a crash."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ReviewStatus:
    """One item's clinical review, as a page states it."""

    state: ReviewState
    review: m.Review | None = None
    reviewer: m.Reviewer | None = None
    due: dt.date | None = None  # the day the next review is due, for a signed item

    @property
    def is_reviewed(self) -> bool:
        return self.state is ReviewState.reviewed


def review_status(item: Item[Any], site: Site, today: dt.date, interval_months: int) -> ReviewStatus:
    """The state of `item`'s review on `today`. A review naming no known reviewer counts as none (the check
    reports it as an error, so such a site never builds)."""
    review: m.Review | None = getattr(item.data, "review", None)
    if review is None:
        return ReviewStatus(ReviewState.draft)
    reviewer_item = site.items[REVIEWER.name].get(review.by)
    if reviewer_item is None:
        return ReviewStatus(ReviewState.draft)
    reviewer: m.Reviewer = reviewer_item.data
    due = add_months(review.date, interval_months)
    if review.fingerprint != item_fingerprint(item):
        state = ReviewState.changed
    elif today > due:
        state = ReviewState.overdue
    else:
        state = ReviewState.reviewed
    return ReviewStatus(state, review, reviewer, due)


def review_statuses(site: Site, today: dt.date, interval_months: int) -> dict[str, ReviewStatus]:
    """Every reviewable item's status, by its display path."""
    return {item.display_path: review_status(item, site, today, interval_months)
            for ctype in REVIEWED for item in site.of(ctype)}

"""A page's clinical review in words a reader understands: a label near the top when the page is not reviewed,
and one line at its foot saying who reviewed it and when, or that nobody has yet.

Nothing here claims more than the review data holds (structure/review.py derives the state).
"""

from __future__ import annotations

from ..structure.review import HCPC_REGISTER, ReviewState, ReviewStatus
from .wording import long_date as _day


def _reviewer(status: ReviewStatus) -> str:
    """'Jane Smith, occupational therapist (HCPC OT12345)'."""
    r = status.reviewer
    if r is None:
        return "a clinician"
    return f"{r.name}, {r.profession[:1].lower()}{r.profession[1:]} (HCPC {r.registration})"


# The sentence for a page whose text no clinician has reviewed (the editor's preview shows them too).
LINES = {
    ReviewState.draft: "Draft: not yet reviewed by a clinician.",
    ReviewState.changed: "Changed since its clinical review on {date}; this version is not yet reviewed.",
}


def review_text(status: ReviewStatus) -> str:
    """One plain sentence, for printed and copied summaries."""
    review, due = status.review, status.due
    if status.state is ReviewState.draft or review is None or due is None:
        return LINES[ReviewState.draft]
    if status.state is ReviewState.changed:
        return LINES[ReviewState.changed].format(date=_day(review.date))
    if status.state is ReviewState.overdue:
        return (f"Reviewed by {_reviewer(status)} on {_day(review.date)}; review overdue since "
                f"{_day(due)}.")
    return (f"Reviewed by {_reviewer(status)} on {_day(review.date)}. Next review due by "
            f"{due.strftime('%B %Y')}.")


def review_line(status: ReviewStatus) -> str:
    """The Markdown line at the foot of a page: the sentence, and a link to check the reviewer's registration."""
    check = f" [Check this registration on the HCPC register]({HCPC_REGISTER})." if status.reviewer else ""
    return f"*Clinical review: {review_text(status)}*{check}"


LABELS = {
    ReviewState.draft: ("Draft: not yet reviewed by a clinician",
                        "No registered clinician has checked this page yet. Use it as background, and check "
                        "anything you rely on with an occupational therapist."),
    ReviewState.changed: ("Changed since its clinical review on {date}",
                          "{reviewer} reviewed an earlier version of this page. What it says now has not been "
                          "reviewed yet."),
    ReviewState.overdue: ("Review overdue since {due}",
                          "{reviewer} reviewed this page on {date}, and it was due to be checked again by "
                          "{due}. Some of it may be out of date."),
}


def review_label(status: ReviewStatus) -> str:
    """A warning box near the top of a page that is not currently reviewed; empty for a reviewed page."""
    if status.state is ReviewState.reviewed:
        return ""
    title, text = LABELS[status.state]
    values = {"date": _day(status.review.date) if status.review else "",
              "due": _day(status.due) if status.due else "", "reviewer": _reviewer(status)}
    return f'!!! warning "{title.format(**values)}"\n    {text.format(**values)}\n'

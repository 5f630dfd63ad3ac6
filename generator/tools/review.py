"""`python -m generator review status|sign`: what needs a clinician, and a clinician's sign-off.

    python -m generator review status                 every item: state, reviewer, due date
    python -m generator review status --strict        the same; exit 1 when any item is not reviewed
    python -m generator review status --due-within 30 --markdown
                                                      items overdue, changed, or due within 30 days, as Markdown
    python -m generator review sign content/specialisms/hand-therapy.yml --by jane-smith

`sign` writes (or replaces) the item's `review` block with today's date and the fingerprint of its content as it
is now, and changes no other line of the file. It refuses a file with problems, an unknown reviewer and a date
to come. Only a clinician, having read the page, signs it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..checks.review import SIGN_HINT
from ..config.options import Options
from ..load.site import load_site
from ..problems import display_path
from ..structure.content import REVIEWED, REVIEWER, Item, Site
from ..structure.review import REVIEW_KEY, ReviewState, ReviewStatus, item_fingerprint, review_statuses
from .format import scalar


@dataclass(frozen=True)
class Row:
    path: str
    line: int
    status: ReviewStatus
    reviewer_id: str | None

    def due_within(self, today: dt.date, days: int) -> bool:
        """Needs a clinician now, or will within `days`: anything not reviewed, or due by then."""
        if not self.status.is_reviewed:
            return True
        return self.status.due is not None and (self.status.due - today).days <= days


def rows(site: Site, options: Options) -> list[Row]:
    statuses = review_statuses(site, options.day, options.review_interval_months)
    out = []
    for ctype in REVIEWED:
        for item in site.of(ctype):
            review = getattr(item.data, REVIEW_KEY, None)
            line = item.doc.position((REVIEW_KEY,), key=True)[0] if review is not None else 1
            out.append(Row(item.display_path, line, statuses[item.display_path], review.by if review else None))
    return out


def _describe(row: Row) -> str:
    s = row.status
    if s.review is None or s.reviewer is None:
        return str(s.state)
    who = f"{s.reviewer.name} ({row.reviewer_id})"
    due = f"due by {s.due.isoformat()}" if s.due else ""
    return f"{s.state}; signed by {who} on {s.review.date.isoformat()}; {due}"


def _markdown(selected: list[Row], today: dt.date, days: int | None) -> str:
    if not selected:
        scope = f" or due within {days} days" if days is not None else ""
        return f"No page needs a clinician's review{scope} on {today.isoformat()}.\n"
    lines = [
        "## Pages that need a clinician's review", "",
        f"{len(selected)} page(s) on {today.isoformat()}. A page is published only when a registered clinician "
        "of the practice has reviewed it and it has not changed since.", "",
        "| File | State | Signed | Due by |", "|---|---|---|---|",
    ]
    for row in selected:
        s = row.status
        signed = f"{s.review.date.isoformat()} by {row.reviewer_id}" if s.review else "never"
        due = s.due.isoformat() if s.due else "now"
        lines.append(f"| `{row.path}:{row.line}` | {s.state} | {signed} | {due} |")
    lines += [
        "", "### How to sign a page", "",
        "The clinician reads the page (the preview of the pull request, or `make serve`), corrects what needs "
        "correcting, and then signs it from a clone of the repository:", "",
        "```sh", "python -m generator review sign PATH --by REVIEWER-ID", "```", "",
        "`REVIEWER-ID` is the clinician's file under `content/reviewers/`. Commit the change and open a pull request.",
    ]
    return "\n".join(lines) + "\n"


def cmd_status(args: argparse.Namespace, options: Options) -> int:
    site, problems = load_site(args.content)
    if problems.errors:
        for problem in problems.sorted():
            print(str(problem), file=sys.stderr)
        print("review status: fix the problems above first", file=sys.stderr)
        return 1
    today = options.day
    table = rows(site, options)
    selected = [r for r in table if args.due_within is None or r.due_within(today, args.due_within)]
    if args.markdown:
        sys.stdout.write(_markdown([r for r in selected if r.due_within(today, args.due_within or 0)]
                                   if args.due_within is not None else
                                   [r for r in selected if not r.status.is_reviewed], today, args.due_within))
    else:
        for row in selected:
            print(f"{row.path}:{row.line}: {_describe(row)}")
        counts = {state: sum(r.status.state is state for r in table) for state in ReviewState}
        print(f"{len(table)} item(s): " + ", ".join(f"{n} {state}" for state, n in counts.items()))
    if args.strict and any(not r.status.is_reviewed for r in table):
        print("--strict: not every item is reviewed", file=sys.stderr)
        return 1
    return 0


class SignError(Exception):
    """A file cannot be signed; the message says why and what to do."""


def cmd_sign(args: argparse.Namespace, options: Options) -> int:
    site, problems = load_site(args.content)
    day: dt.date = args.date or options.day
    try:
        if args.by not in site.items[REVIEWER.name]:
            known = ", ".join(sorted(site.items[REVIEWER.name])) or "none: add one under content/reviewers/ first"
            raise SignError(f"unknown reviewer '{args.by}' (reviewers: {known})")
        if day > options.day:
            raise SignError(f"--date {day.isoformat()} is in the future; sign on the day of the review")
        named = {display_path(Path(p)) for p in args.paths}
        broken = [p for p in problems.sorted() if p.severity == "error" and p.path in named]
        if broken:
            raise SignError("\n".join(str(p) for p in broken) + "\nfix these problems before signing")
        items = [_item_at(site, Path(p)) for p in args.paths]
    except SignError as exc:
        print(f"review sign: {exc}", file=sys.stderr)
        return 1
    for item in items:
        write_review(item, args.by, day)
        print(f"signed {item.display_path} by {args.by} on {day.isoformat()}")
    return 0


def _item_at(site: Site, path: Path) -> Item[Any]:
    wanted = path.resolve()
    for ctype in REVIEWED:
        for item in site.of(ctype):
            if item.path.resolve() == wanted:
                return item
    if not path.is_file():
        raise SignError(f"{display_path(path)}: no such file")
    raise SignError(f"{display_path(path)}: not a page that takes a clinical review (a specialism, qualification, "
                    "checklist, case story, guide or referral tool under the content folder)")


def review_block(reviewer: str, day: dt.date, fingerprint: str, newline: str) -> str:
    """The block in the canonical form (tools/format.py): a fingerprint starting with a digit is quoted."""
    return newline.join([f"{REVIEW_KEY}:", f"  by: {scalar(reviewer)}", f"  date: {day.isoformat()}",
                         f"  fingerprint: {scalar(fingerprint)}", ""])


def write_review(item: Item[Any], reviewer: str, day: dt.date) -> None:
    """Write `item`'s review block in place of the old one, or after its last field, touching no other line."""
    with item.path.open(encoding="utf-8", newline="") as f:
        text = f.read()
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    block = review_block(reviewer, day, item_fingerprint(item), newline)
    if REVIEW_KEY in item.doc.data:
        start = item.doc.position((REVIEW_KEY,), key=True)[0] - 1
        end = start + 1
        while end < len(lines) and _inside_block(lines, end):
            end += 1
    else:
        start = end = _end_of_fields(item, lines)
        if start > 0 and not lines[start - 1].endswith(("\n", "\r")):
            lines[start - 1] += newline
    lines[start:end] = [block]
    with item.path.open("w", encoding="utf-8", newline="") as f:
        f.write("".join(lines))


def _inside_block(lines: list[str], index: int) -> bool:
    """Whether line `index` still belongs to the mapping whose key is on an earlier line: indented, or blank with
    an indented line after it."""
    line = lines[index]
    if line[:1] in (" ", "\t"):
        return True
    if line.strip() == "":
        rest = next((candidate for candidate in lines[index + 1:] if candidate.strip()), "")
        return rest[:1] in (" ", "\t") and not rest.startswith("---")
    return False


def _end_of_fields(item: Item[Any], lines: list[str]) -> int:
    """The index at which to add a top-level field: before the closing '---' of front matter, else at the end of
    the file (after trailing blank lines are left where they are)."""
    if item.type.markdown:
        for index in range(1, len(lines)):
            if re.match(r"^---\s*$", lines[index]):
                return index
        raise SignError(f"{item.display_path}: front matter is not closed")
    end = len(lines)
    while end > 0 and lines[end - 1].strip() == "":
        end -= 1
    return end


def add_parser(sub: Any, default_content: Path, today_option: Any, day: Any) -> None:
    review = sub.add_parser("review", help="clinical reviews: which pages need one, and a clinician's sign-off")
    actions = review.add_subparsers(dest="action", required=True)
    status = actions.add_parser("status", help="every reviewable item with its state, reviewer and due date")
    status.add_argument("--content", type=Path, default=default_content, help="content folder (default: content)")
    status.add_argument("--strict", action="store_true", help="exit 1 when any item is not reviewed")
    status.add_argument("--due-within", type=int, metavar="DAYS",
                        help="only items not reviewed, or due within DAYS days (for reminders)")
    status.add_argument("--markdown", action="store_true",
                        help="the items needing a clinician as a Markdown table with how to sign them")
    today_option(status)
    status.set_defaults(review_func=cmd_status)
    sign = actions.add_parser("sign", help="record a clinician's review of one or more files")
    sign.add_argument("paths", nargs="+", metavar="PATH", help="content files the clinician has reviewed")
    sign.add_argument("--by", required=True, metavar="REVIEWER-ID", help="the reviewer's id under content/reviewers/")
    sign.add_argument("--date", type=day, metavar="YYYY-MM-DD",
                      help="the day of the review (default: today)")
    sign.add_argument("--content", type=Path, default=default_content, help="content folder (default: content)")
    today_option(sign)
    sign.set_defaults(review_func=cmd_sign)


__all__ = ["SIGN_HINT", "add_parser", "cmd_sign", "cmd_status", "write_review"]

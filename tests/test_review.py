"""Review dates: content past its review age is a warning, which `check --strict` turns into a failure."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, GOOD, TODAY, run_check

from generator import Options, generate
from generator.checks.review import describe_age

STALE = FIXTURES / "stale"
STALE_FILE = STALE / "qualifications" / "dbs-check.yml"
STALE_WARNING = (
    "tests/fixtures/stale/qualifications/dbs-check.yml:10:16: warning: due for review: last reviewed 2023-06-01, "
    "more than 2 years ago (due 2025-05-31); once a clinician has checked it, set last_reviewed to that day's date"
)


def test_stale_content_is_a_warning_and_the_check_still_passes() -> None:
    proc = run_check(STALE)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [STALE_WARNING, "0 error(s), 1 warning(s)"]
    assert proc.stdout.startswith("content OK")


def test_strict_fails_on_stale_content() -> None:
    proc = run_check(STALE, "--strict")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [STALE_WARNING, "0 error(s), 1 warning(s)", "--strict: warnings fail the check"]
    assert "content OK" not in proc.stdout


def test_strict_passes_on_content_reviewed_today(content: Path) -> None:
    today = TODAY
    for path in content.rglob("*"):
        if path.is_file():
            path.write_text(re.sub(r"(?m)^last_reviewed: .*$", f"last_reviewed: {today}", path.read_text()))
    proc = run_check(content, "--strict")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""


def test_review_age_is_configurable() -> None:
    # 2023-06-01 is well within a hundred years, so nothing is due.
    proc = run_check(STALE, "--strict", "--review-age-days", "36500")
    assert proc.returncode == 0, proc.stderr
    assert "warning" not in proc.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [("0", "expected at least 1 day; found 0"), ("two", "expected a whole number of days; found 'two'")],
)
def test_review_age_must_be_a_positive_number_of_days(value: str, message: str) -> None:
    proc = run_check(STALE, "--review-age-days", value)
    assert proc.returncode == 2
    assert f"error: argument --review-age-days: {message}" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_warning_is_a_github_annotation_on_the_review_date_line() -> None:
    proc = run_check(STALE, env={"GITHUB_ACTIONS": "true"})
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[0] == (
        "::warning file=tests/fixtures/stale/qualifications/dbs-check.yml,line=10,col=16::due for review: last "
        "reviewed 2023-06-01, more than 2 years ago (due 2025-05-31); once a clinician has checked it, set "
        "last_reviewed to that day's date"
    )
    assert STALE_FILE.read_text().splitlines()[9] == "last_reviewed: 2023-06-01"


def review_warnings(today: dt.date, age: int = 730) -> list[str]:
    problems = generate(GOOD, Options(today=today, review_age_days=age)).problems
    return [str(p) for p in problems.sorted() if p.severity == "warning"]


def test_the_day_an_item_falls_due_and_the_day_after() -> None:
    # The fixture's items were all reviewed on 2026-11-01; 730 days later is 2028-10-31 (2028 is a leap year).
    assert review_warnings(dt.date(2028, 10, 31)) == []
    after = review_warnings(dt.date(2028, 11, 1))
    reviewed_items = [p for p in sorted(GOOD.rglob("*")) if p.is_file() and "last_reviewed:" in p.read_text()]
    assert len(after) == len(reviewed_items) > 0
    assert all("due for review: last reviewed 2026-11-01, more than 2 years ago (due 2028-10-31)" in w for w in after)


def test_each_warning_points_at_the_last_reviewed_line() -> None:
    for warning in review_warnings(dt.date(2030, 1, 1)):
        path, line, col, _ = warning.split(":", 3)
        text = Path(path).read_text().splitlines()[int(line) - 1]
        assert text == "last_reviewed: 2026-11-01" and col == "16", warning


def test_sources_have_no_review_date_and_are_never_due() -> None:
    assert not any("/sources/" in w for w in review_warnings(dt.date(2100, 1, 1)))


def test_a_review_date_in_the_future_is_a_warning() -> None:
    warnings = review_warnings(dt.date(2026, 10, 31))
    assert warnings and all(
        w.endswith("warning: last_reviewed 2026-11-01 is in the future; use the date the review took place")
        for w in warnings
    )


def test_warnings_do_not_stop_pages_being_rendered() -> None:
    result = generate(GOOD, Options(today=dt.date(2030, 1, 1)))
    assert result.problems.warnings and not result.problems.errors
    assert result.pages


@pytest.mark.parametrize(("days", "words"), [(730, "2 years"), (365, "1 year"), (90, "90 days"), (1, "1 day")])
def test_review_age_in_words(days: int, words: str) -> None:
    assert describe_age(days) == words


def test_every_page_made_from_a_content_item_shows_its_review_date() -> None:
    pages = [p for p in generate(GOOD).pages.values() if p.source is not None and p.path.endswith(".md")]
    assert pages
    for page in pages:
        assert "Last reviewed: 1 November 2026." in page.text, page.path


def test_the_day_ages_are_counted_to_is_pinned_by_option_or_environment() -> None:
    """The fixtures fall due on 2028-11-01: --today and OT_TODAY move the check there, and tests pin the day."""
    assert run_check(GOOD, "--strict").returncode == 0  # conftest pins OT_TODAY, so this never expires
    by_option = run_check(GOOD, "--strict", "--today", "2028-11-01")
    by_environment = run_check(GOOD, "--strict", env={"OT_TODAY": "2028-11-01"})
    for run in (by_option, by_environment):
        assert run.returncode == 1
        assert "due for review: last reviewed 2026-11-01, more than 2 years ago (due 2028-10-31)" in run.stderr


def test_a_malformed_day_is_refused() -> None:
    run = run_check(GOOD, "--today", "01/11/2028")
    assert run.returncode == 2
    assert "argument --today: expected a date written YYYY-MM-DD; found '01/11/2028'" in run.stderr

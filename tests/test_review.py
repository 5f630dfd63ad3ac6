"""Clinical sign-off: the four review states, what pages say about them, `review status|sign`, and the release guard.

The good fixtures were all signed by a made-up reviewer (tests/fixtures/good/reviewers/) on 2026-11-29, the day
conftest pins as today; the stale fixture was signed on 2023-06-01, so it is overdue.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, GOOD, TODAY, run_check, run_cli

from generator import Options, generate
from generator.structure.review import ReviewState, add_months, fingerprint

STALE = FIXTURES / "stale"
SEATING = Path("specialisms/seating.yml")
STORY = Path("case-studies/sam.md")
SIGNED_ON = dt.date.fromisoformat(TODAY)


def states(content: Path, **options: object) -> dict[str, ReviewState]:
    result = generate(content, Options(**options))  # type: ignore[arg-type]
    return {Path(path).relative_to(content).as_posix() if Path(path).is_absolute() else path: s.state
            for path, s in result.site.reviews.items()}


def state_of(content: Path, rel: Path, **options: object) -> ReviewState:
    result = generate(content, Options(**options))  # type: ignore[arg-type]
    return next(s.state for path, s in result.site.reviews.items() if path.endswith(rel.as_posix()))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def remove_review(path: Path) -> None:
    """Take out the review block, in either form (the fixtures write it on one line, `review sign` as a block)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^review:(?: \{.*\}\n|\n(?:  .*\n)+)", "", text), encoding="utf-8")


def review_line(path: Path) -> int:
    """The line of the `review` key, where the check reports the review's state."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith("review:"))


# The four states, each from fixtures.

def test_every_signed_fixture_is_reviewed() -> None:
    found = states(GOOD)
    assert len(found) == 7 and set(found.values()) == {ReviewState.reviewed}


def test_an_item_without_a_review_block_is_a_draft(content: Path) -> None:
    remove_review(content / SEATING)
    assert state_of(content, SEATING) is ReviewState.draft
    assert state_of(content, Path("specialisms/housing.yml")) is ReviewState.reviewed


def test_a_summary_edited_after_signing_is_changed_since_review(content: Path) -> None:
    edit(content / SEATING, "summary: Assessment", "summary: Updated. Assessment")
    assert state_of(content, SEATING) is ReviewState.changed
    result = generate(content, Options())
    warning = next(str(p) for p in result.problems.warnings if "seating" in p.path)
    line = review_line(content / SEATING)
    assert f"seating.yml:{line}:1: warning: changed since review: content changed after its review on 2026-11-29;" \
        in warning
    assert "python -m generator review sign" in warning


def test_a_story_body_edited_after_signing_is_changed(content: Path) -> None:
    edit(content / STORY, "## Background\n", "## Background\n\nA sentence added after the review.\n")
    assert state_of(content, STORY) is ReviewState.changed


def test_a_review_falls_overdue_when_the_interval_has_passed() -> None:
    # Signed 2026-11-29, due twelve months later; one day past that, overdue.
    due = add_months(SIGNED_ON, 12)
    assert set(states(GOOD, today=due).values()) == {ReviewState.reviewed}
    assert set(states(GOOD, today=due + dt.timedelta(days=1)).values()) == {ReviewState.overdue}
    assert set(states(GOOD, today=due + dt.timedelta(days=1), review_interval_months=24).values()) == {
        ReviewState.reviewed}


def test_the_stale_fixture_is_overdue_and_the_check_warns_at_its_review_line() -> None:
    proc = run_check(STALE)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[0] == (
        "tests/fixtures/stale/qualifications/dbs-check.yml:10:1: warning: review overdue: review was due by "
        "2024-06-01; once a clinician has reviewed it, they run: python -m generator review sign "
        "tests/fixtures/stale/qualifications/dbs-check.yml --by REVIEWER-ID")
    assert run_check(STALE, "--strict").returncode == 1


@pytest.mark.parametrize("change", [
    # the same summary as folded text, wrapped
    lambda t: t.replace("summary: Assessment for wheelchairs and seating that",
                        "summary: >-\n  Assessment for wheelchairs and seating\n  that", 1),
    # a list indented further
    lambda t: t.replace("  - The client slides down in their chair.\n  - Pressure areas",
                        "    - The client slides down in their chair.\n    - Pressure areas", 1),
    lambda t: t.replace("\n", "\r\n"),  # saved with Windows line endings
    lambda t: t.replace("title: ", "# a comment an editor added\ntitle: ", 1),
])
def test_formatting_only_changes_keep_the_review(content: Path, change: object) -> None:
    path = content / SEATING
    before = path.read_text(encoding="utf-8")
    path.write_bytes(change(before).encode("utf-8"))  # type: ignore[operator]
    assert path.read_bytes() != before.encode("utf-8")
    assert state_of(content, SEATING) is ReviewState.reviewed


def test_rewrapping_a_story_paragraph_keeps_the_review(content: Path) -> None:
    path = content / STORY
    text = path.read_text(encoding="utf-8")
    body_start = text.index("---\n", 4) + 4
    body = text[body_start:]
    paragraph = next(p for p in body.split("\n\n") if len(p.split()) > 4 and not p.startswith(("#", "-")))
    words = paragraph.split()
    rewrapped = " ".join(words[:3]) + "\n  " + " ".join(words[3:])
    path.write_text(text[:body_start] + body.replace(paragraph, rewrapped, 1), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != text
    assert state_of(content, STORY) is ReviewState.reviewed


def test_the_fingerprint_is_over_values_not_the_review_block() -> None:
    data = {"title": "Seating", "items": [1, 2]}
    assert fingerprint(data) == fingerprint({**data, "review": {"by": "someone"}})
    assert fingerprint(data) != fingerprint({**data, "items": [2, 1]})
    assert fingerprint(data, "A  paragraph\nwrapped.") == fingerprint(data, "A paragraph wrapped.")
    assert fingerprint(data, "- one\n- two") != fingerprint(data, "- one - two")


def test_an_unknown_reviewer_and_a_future_date_are_errors_at_their_lines(content: Path) -> None:
    edit(content / SEATING, "by: alex-morgan", "by: alex-morgen")
    edit(content / "specialisms/housing.yml", "date: 2026-11-29", "date: 2027-01-05")
    proc = run_check(content)
    assert proc.returncode == 1
    # The fixtures write `review: {by: ..., date: ..., fingerprint: ...}` on one line: the values' columns.
    seating, housing = review_line(content / SEATING), review_line(content / "specialisms/housing.yml")
    assert f"specialisms/seating.yml:{seating}:14: unknown reviewer 'alex-morgen': no file reviewers/alex-morgen.yml " \
        "(reviewers: alex-morgan)" in proc.stderr
    assert f"specialisms/housing.yml:{housing}:33: review date 2027-01-05 is in the future" in proc.stderr


def test_a_review_dated_in_the_last_year_a_date_can_have_is_in_the_future_not_a_crash(content: Path) -> None:
    """Its next review would fall after 9999, past the last date Python holds."""
    edit(content / "specialisms/housing.yml", "date: 2026-11-29", "date: 9999-12-31")
    proc = run_check(content)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    housing = review_line(content / "specialisms/housing.yml")
    assert f"specialisms/housing.yml:{housing}:33: review date 9999-12-31 is in the future" in proc.stderr


# What pages say.

def page(content: Path, path: str, **options: object) -> str:
    return generate(content, Options(**options)).pages[path].text  # type: ignore[arg-type]


def test_a_reviewed_page_names_its_reviewer_with_the_register_link() -> None:
    text = page(GOOD, "specialisms/seating.md")
    assert ("*Clinical review: Reviewed by Alex Morgan, occupational therapist (HCPC OT12345) on 29 November 2026. "
            "Next review due by November 2027.* [Check this registration on the HCPC register]"
            "(https://www.hcpc-uk.org/check-the-register/).") in text
    assert "!!! warning" not in text
    assert "review_state: reviewed" in text


@pytest.mark.parametrize(("setup", "label"), [
    (remove_review, '!!! warning "Draft: not yet reviewed by a clinician"'),
    (lambda p: edit(p, "title: ", "title: Changed "),
     '!!! warning "Changed since its clinical review on 29 November 2026"'),
])
def test_a_page_not_reviewed_says_so_near_the_top(content: Path, setup: object, label: str) -> None:
    setup(content / SEATING)  # type: ignore[operator]
    text = page(content, "specialisms/seating.md")
    body = text.split("---\n", 2)[2]
    assert body.index(label) < body.index("## When to instruct")
    assert "Clinical review: Reviewed by" not in text


def test_an_overdue_page_says_since_when() -> None:
    text = page(GOOD, "specialisms/seating.md", today=dt.date(2028, 1, 1))
    assert '!!! warning "Review overdue since 29 November 2027"' in text


def test_referral_results_of_a_draft_tool_say_so_and_the_summary_does_too(content: Path) -> None:
    remove_review(content / "referral/test-flow.yml")
    pages = generate(content, Options()).pages
    results = [p for path, p in pages.items() if "/step/" in path and "referral-summary" in p.text]
    assert results
    for result in results:
        assert "*Draft: not yet reviewed by a clinician.*" in result.text.split("## ")[0]
        assert "Clinical review of this tool: Draft: not yet reviewed by a clinician." in result.text
    assert '!!! warning "Draft: not yet reviewed by a clinician"' in pages["referral/test-flow/index.md"].text


def test_shipped_content_claims_no_review() -> None:
    """No clinician has signed the shipped content: every item is a draft, and no page or footer says otherwise."""
    root = Path(__file__).resolve().parent.parent
    result = generate(root / "content", Options())
    assert set(s.state for s in result.site.reviews.values()) == {ReviewState.draft}
    assert not (root / "content" / "reviewers").exists() or not any((root / "content" / "reviewers").iterdir())
    claims = re.compile(r"reviewed by the practice's clinical team|Last reviewed:|reviewed by a clinician, and",
                        re.IGNORECASE)
    for page_path, built in result.pages.items():
        assert not claims.search(built.text), page_path
    for path in [root / "mkdocs.yml", *sorted((root / "docs").rglob("*.md"))]:
        assert not claims.search(path.read_text(encoding="utf-8")), path


# review sign and review status.

def test_sign_changes_only_the_review_block(content: Path) -> None:
    path = content / SEATING
    edit(path, "summary: Assessment", "summary: Updated. Assessment")
    before = path.read_bytes()
    run = run_cli("review", "sign", str(path), "--by", "alex-morgan", "--date", "2026-11-30", "--content",
                  str(content), "--today", "2026-12-01")
    assert run.returncode == 0, run.stderr
    after = path.read_bytes()
    old, new = before.decode().splitlines(), after.decode().splitlines()
    start = review_line(path) - 1
    # The one-line review the fixture has becomes sign's four-line block; every other line is kept.
    assert old[start].startswith("review: {") and old[:start] == new[:start] and old[start + 1:] == new[start + 4:]
    assert new[start:start + 3] == ["review:", "  by: alex-morgan", "  date: 2026-11-30"]
    assert new[start + 3].startswith("  fingerprint: ") and new[start + 3][15:] not in old[start]
    assert state_of(content, SEATING, today=dt.date(2026, 12, 1)) is ReviewState.reviewed


def test_signing_a_draft_adds_the_block_and_nothing_else(content: Path) -> None:
    for rel in (SEATING, STORY):
        path = content / rel
        remove_review(path)
        before = path.read_text(encoding="utf-8").splitlines()
        run = run_cli("review", "sign", str(path), "--by", "alex-morgan", "--content", str(content))
        assert run.returncode == 0, run.stderr
        after = path.read_text(encoding="utf-8").splitlines()
        start = after.index("review:")
        assert after[:start] + after[start + 4:] == before
        assert state_of(content, rel) is ReviewState.reviewed


def test_sign_keeps_windows_line_endings(content: Path) -> None:
    path = content / SEATING
    remove_review(path)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    assert run_cli("review", "sign", str(path), "--by", "alex-morgan", "--content", str(content)).returncode == 0
    after = path.read_bytes()
    assert after.startswith(before) and b"\nreview:\r\n  by: alex-morgan\r\n" in after and b"\n" not in after.replace(
        b"\r\n", b"")


@pytest.mark.parametrize(("args", "message"), [
    (["--by", "nobody"], "review sign: unknown reviewer 'nobody' (reviewers: alex-morgan)"),
    (["--by", "alex-morgan", "--date", "2027-01-01"], "review sign: --date 2027-01-01 is in the future"),
])
def test_sign_refuses_and_writes_nothing(content: Path, args: list[str], message: str) -> None:
    before = (content / SEATING).read_bytes()
    run = run_cli("review", "sign", str(content / SEATING), *args, "--content", str(content))
    assert run.returncode == 1 and message in run.stderr and "Traceback" not in run.stderr
    assert (content / SEATING).read_bytes() == before


def test_sign_refuses_a_file_with_problems(content: Path) -> None:
    edit(content / SEATING, "involvement: ", "involvment: ")
    before = (content / SEATING).read_bytes()
    run = run_cli("review", "sign", str(content / SEATING), "--by", "alex-morgan", "--content", str(content))
    assert run.returncode == 1 and "fix these problems before signing" in run.stderr
    assert (content / SEATING).read_bytes() == before


def test_status_lists_every_item_and_strict_fails_unless_all_reviewed(content: Path) -> None:
    remove_review(content / SEATING)
    run = run_cli("review", "status", "--content", str(content))
    assert run.returncode == 0
    lines = run.stdout.splitlines()
    assert len(lines) == 8
    assert any(line.endswith("specialisms/seating.yml:1: draft") for line in lines)
    assert any("housing.yml:21: reviewed; signed by Alex Morgan (alex-morgan) on 2026-11-29; due by 2027-11-29"
               in line for line in lines)
    assert lines[-1] == "7 item(s): 1 draft, 6 reviewed, 0 changed since review, 0 review overdue"
    strict = run_cli("review", "status", "--strict", "--content", str(content))
    assert strict.returncode == 1 and "--strict: not every item is reviewed" in strict.stderr
    assert run_cli("review", "status", "--strict", "--content", str(GOOD)).returncode == 0


def test_status_due_within_lists_what_a_reminder_needs(content: Path) -> None:
    remove_review(content / SEATING)
    soon = run_cli("review", "status", "--due-within", "30", "--markdown", "--content", str(content),
                   "--today", "2027-11-10")
    assert soon.returncode == 0
    rows = [line for line in soon.stdout.splitlines() if line.startswith("| `")]
    assert len(rows) == 7  # one draft, and six due by 2027-11-29
    assert "python -m generator review sign PATH --by REVIEWER-ID" in soon.stdout
    quiet = run_cli("review", "status", "--due-within", "30", "--markdown", "--content", str(GOOD))
    assert quiet.stdout.startswith("No page needs a clinician's review or due within 30 days")


# The release guard.

def test_a_release_refuses_each_state_but_reviewed_naming_file_and_line(content: Path) -> None:
    assert run_cli("addresses", "--write", "--content", str(content)).returncode == 0  # a release records them
    remove_review(content / SEATING)
    edit(content / "specialisms/housing.yml", "title: ", "title: Changed ")
    result = generate(content, Options(release=True, today=dt.date(2026, 11, 29)))
    errors = sorted(str(p) for p in result.problems.errors)
    assert len(errors) == 2 and not result.pages
    housing_line = review_line(content / "specialisms/housing.yml")
    assert errors[0].startswith(f"{content}/specialisms/housing.yml:{housing_line}:1: changed since review: a release")
    assert errors[1].startswith(f"{content}/specialisms/seating.yml:1:1: draft: a release publishes only")
    overdue = [p for p in generate(GOOD, Options(release=True, today=dt.date(2028, 1, 1))).problems.errors
               if "web address" not in str(p)]  # test_addresses.py: the unrecorded addresses
    assert len(overdue) == 7 and all(": review overdue: a release" in str(p) for p in overdue)
    assert not [p for p in generate(GOOD, Options(release=True)).problems.errors if "web address" not in str(p)]


def test_a_preview_builds_with_drafts(content: Path) -> None:
    remove_review(content / SEATING)
    result = generate(content, Options())
    assert not result.problems.errors and result.pages


def test_reviewers_live_in_test_fixtures_not_in_shipped_content() -> None:
    assert (GOOD / "reviewers" / "alex-morgan.yml").is_file()
    root = Path(__file__).resolve().parent.parent
    assert not list((root / "content").glob("reviewers/*.yml"))



def test_the_shipped_content_once_signed_releases_and_an_edit_after_signing_stops_the_release(tmp_path: Path) -> None:
    """As a new practice would: add a reviewer, sign every page, release; then edit one summary."""
    root = Path(__file__).resolve().parent.parent
    content = tmp_path / "content"
    shutil.copytree(root / "content", content)
    (content / "reviewers").mkdir()
    shutil.copy(GOOD / "reviewers" / "alex-morgan.yml", content / "reviewers")
    paths = [str(p) for folder in ("specialisms", "qualifications", "checklists", "case-studies", "guides", "referral")
             for p in sorted((content / folder).iterdir())]
    run = run_cli("review", "sign", *paths, "--by", "alex-morgan", "--content", str(content))
    assert run.returncode == 0, run.stderr
    release = generate(content, Options(release=True))
    assert not release.problems.errors
    hand = release.pages["specialisms/hand-therapy.md"].text
    assert "Reviewed by Alex Morgan, occupational therapist (HCPC OT12345) on 29 November 2026." in hand
    assert "(https://www.hcpc-uk.org/check-the-register/)" in hand
    review_page = release.pages["about/clinical-review.md"].text
    assert "- Reviewed: 44 of 44 pages" in review_page and "- Draft: 0 of 44 pages" in review_page
    assert "**Alex Morgan**, occupational therapist, clinical lead. HCPC registration OT12345" in review_page

    edit(content / "specialisms/hand-therapy.yml", "summary: >-\n  ", "summary: >-\n  Now also wrists. ")
    refused = generate(content, Options(release=True))
    assert [str(p).split(": a release")[0] for p in refused.problems.errors] == [
        f"{content}/specialisms/hand-therapy.yml:{_review_line(content / 'specialisms/hand-therapy.yml')}:1: "
        "changed since review"]
    assert not refused.pages


def _review_line(path: Path) -> int:
    return review_line(path)

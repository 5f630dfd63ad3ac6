"""What a pull request does to the site: compare two page builds and write the difference as Markdown.

The pull-request workflow builds the pages of the base branch and of the pull request with
`python -m generator build --out`, then appends the output of

    python -m generator diff --base BASE_PAGES --head HEAD_PAGES \\
        --base-snapshots BASE/tests/snapshots --head-snapshots tests/snapshots

to the job summary, so a reviewer sees which pages a content change adds, removes and changes, and how it
changes the routing of any referral flow, without building anything themselves.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..load.strict_yaml import split_front_matter

# Lists longer than this are folded away, so a large change does not bury the rest of the summary.
FOLD_AFTER = 25
# A routing diff longer than this is cut short; the full snapshot is in the pull request's files.
MAX_DIFF_LINES = 400

# Every step of a referral flow is its own page; one line per step would drown the other pages.
STEP_PAGE = re.compile(r"^(referral/[^/]+/step)/")


@dataclass(frozen=True)
class Comparison:
    """Files present only in head (added), only in base (removed), or in both with different bytes (changed)."""

    added: list[str]
    removed: list[str]
    changed: list[str]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def files_under(folder: Path) -> dict[str, Path]:
    """Every file below `folder`, by its POSIX path relative to it."""
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def compare(base: Path, head: Path) -> Comparison:
    before, after = files_under(base), files_under(head)
    return Comparison(
        added=sorted(after.keys() - before.keys()),
        removed=sorted(before.keys() - after.keys()),
        changed=sorted(p for p in before.keys() & after.keys() if before[p].read_bytes() != after[p].read_bytes()),
    )


def page_meta(path: Path) -> dict[str, object]:
    """A generated page's front matter, or {} (an asset, no front matter, or none that reads)."""
    if path.suffix != ".md" or not path.is_file():
        return {}
    front = split_front_matter(path.read_text(encoding="utf-8"))
    if front is None:
        return {}
    try:
        meta = yaml.safe_load(front.yaml)
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def page_title(path: Path) -> str | None:
    """The `title` in a generated page's front matter, or None (an asset, or no front matter)."""
    title = page_meta(path).get("title")
    return str(title) if title is not None else None


# The review states a change can lapse: the page was covered by a clinician's review before it.
SIGNED = ("reviewed", "review overdue")


def invalidated_reviews(base: Path, head: Path, changed: list[str]) -> list[str]:
    """One line for each changed page whose clinical review this change lapses: reviewed before, changed now."""
    lines = []
    for path in changed:
        before, after = page_meta(base / path), page_meta(head / path)
        if before.get("review_state") in SIGNED and after.get("review_state") == "changed since review":
            source = after.get("review_source") or path
            lines.append(f"- `{source}`: {_escape(str(after.get('title', path)))}")
    return lines


def snapshot_diffs(base: Path | None, head: Path | None) -> list[tuple[str, str]]:
    """(flow name, unified diff) for every routing snapshot added, removed or changed. A missing folder is empty."""
    before = _snapshots(base)
    after = _snapshots(head)
    diffs = []
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name, []), after.get(name, [])
        if old == new:
            continue
        lines = list(difflib.unified_diff(old, new, f"base/{name}.txt", f"head/{name}.txt", lineterm=""))
        if len(lines) > MAX_DIFF_LINES:
            cut = len(lines) - MAX_DIFF_LINES
            lines = lines[:MAX_DIFF_LINES] + [f"... {cut} more line(s); see the file in the pull request"]
        diffs.append((name, "\n".join(lines)))
    return diffs


def _snapshots(folder: Path | None) -> dict[str, list[str]]:
    if folder is None or not folder.is_dir():
        return {}
    return {p.stem: p.read_text(encoding="utf-8").splitlines() for p in sorted(folder.glob("*.txt"))}


def summary(base: Path, head: Path, base_snapshots: Path | None = None, head_snapshots: Path | None = None) -> str:
    """The job summary, as Markdown."""
    pages = compare(base, head)
    out = ["## What this pull request changes on the site", ""]
    if not pages:
        out += ["No pages are added, removed or changed.", ""]
    else:
        counts = f"{len(pages.added)} added, {len(pages.removed)} removed, {len(pages.changed)} changed"
        out += [f"Compared with the base branch: {counts}.", ""]
        for heading, paths, folder in (
            ("Added", pages.added, head),
            ("Removed", pages.removed, base),
            ("Changed", pages.changed, head),
        ):
            if paths:
                out += [f"### {heading} ({len(paths)})", "", *_fold(_entries(paths, folder)), ""]
    lapsed = invalidated_reviews(base, head, pages.changed)
    if lapsed:
        out += [f"### Needs clinical re-review ({len(lapsed)})", "",
                "A clinician had reviewed these pages, and this change alters what they say, so each now reads "
                "\"Changed since its clinical review\" and a release refuses it until a clinician reviews it again "
                "and runs `python -m generator review sign PATH --by REVIEWER-ID`.", "", *_fold(lapsed), ""]
    if base_snapshots is not None or head_snapshots is not None:
        out += ["### Referral routing", ""]
        diffs = snapshot_diffs(base_snapshots, head_snapshots)
        if not diffs:
            out += ["No routing snapshot (`tests/snapshots/`) changes.", ""]
        else:
            out += ["Each line is one path through a referral tool: the answers given, then `->` the outcome. "
                    "Lines starting `-` are the paths before this change, `+` after it.", ""]
        for name, diff in diffs:
            fence = "`" * max(3, _longest_backtick_run(diff) + 1)
            out += [f"#### `{name}`", "", f"{fence}diff", diff, fence, ""]
    return "\n".join(out)


def _entries(paths: list[str], folder: Path) -> list[str]:
    lines: list[str] = []
    steps: dict[str, int] = {}
    for path in paths:
        step = STEP_PAGE.match(path)
        if step:
            steps[step.group(1)] = steps.get(step.group(1), 0) + 1
            continue
        title = page_title(folder / path)
        lines.append(f"- `{path}`" + (f": {_escape(title)}" if title else ""))
    for prefix, count in sorted(steps.items()):
        lines.append(f"- `{prefix}/...`: {count} step page{'s' if count != 1 else ''}")
    return lines


def _fold(lines: list[str]) -> list[str]:
    if len(lines) <= FOLD_AFTER:
        return lines
    return ["<details>", f"<summary>{len(lines)} entries</summary>", "", *lines, "", "</details>"]


def _escape(text: str) -> str:
    """Plain text for a Markdown list item: no accidental emphasis, links or HTML."""
    return re.sub(r"([\\`*_\[\]<>&|#])", r"\\\1", " ".join(text.split()))


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)

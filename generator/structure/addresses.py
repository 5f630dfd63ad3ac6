"""Where each page of the site is: an item's page, a content type's index, and the public web addresses of a
referral tool's steps, with where a published one that no step has now leads.

A `Page` is Markdown with YAML front matter at a POSIX path relative to the docs folder
(`specialisms/hand-therapy.md`): an item's page is at `item_path`, a type's listing at `index_path`. The renderer
writes pages at these paths and the link check reads them there.

Each step of a flow is a page at `referral/<flow>/<address>/`, where the address is `step` or `screen` and then
each answer's stored `slug` (graph.py). Case managers paste these addresses into case files, so once published an
address must keep working. The addresses published so far are recorded, one per line, in
`content/.published/<flow>.txt` (`python -m generator addresses --write` records them). When an answer's slug
changes or an answer goes, its old addresses are kept working by a `moved` entry in the flow:

    moved:
      - old: step/work/not-sure
        new: step/work/unsure

An entry moves the address it names and every address under it (`step/work/not-sure/...` to
`step/work/unsure/...`), so one entry covers a renamed answer and the whole route behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .content import ContentType
from .graph import FlowGraph
from .model import Flow, Moved

# Where the record of published addresses lives, inside the content folder: hidden, so it is never a page.
RECORD_FOLDER = ".published"


@dataclass(frozen=True)
class Page:
    path: str  # POSIX path relative to the docs folder
    text: str  # Markdown with YAML front matter
    source: Path | None = None  # the content file behind the page, for "edit this page"


def item_path(ctype: ContentType[Any], item_id: str) -> str:
    return f"{ctype.folder}/{item_id}.md"


def index_path(ctype: ContentType[Any]) -> str:
    return f"{ctype.folder}/index.md"


def addresses(flow: Flow) -> list[str]:
    """Every step's address under `referral/<flow>/`, in walk order."""
    return ["/".join(step.segments) for step in FlowGraph(flow).steps()]


def record_path(content_dir: Path, flow_id: str) -> Path:
    return content_dir / RECORD_FOLDER / f"{flow_id}.txt"


def read_record(path: Path) -> list[str]:
    """The addresses a record lists: one per line; blank lines and `#` comments are skipped."""
    if not path.is_file():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def record_text(flow: Flow, recorded: list[str]) -> str:
    """A record holding every address it held before and every address the flow has now, sorted."""
    kept = sorted(set(recorded) | set(addresses(flow)))
    head = [f"# Web addresses of the referral tool '{flow.title}' that have been published, each under",
            "# referral/<this file's name>/. Written by: python -m generator addresses --write",
            "# Never delete a line: a case manager may have saved the address. When a step's address changes, the",
            "# check asks for a `moved` entry in the flow, and the old address leads to the new one."]
    return "\n".join([*head, *kept]) + "\n"


def moved_target(address: str, moved: list[Moved]) -> tuple[int, str] | None:
    """Where a `moved` entry sends `address`: (the entry's index, the new address), the most specific entry
    winning; None when no entry covers it."""
    best: tuple[int, str, int] | None = None
    parts = address.split("/")
    for index, entry in enumerate(moved):
        old = entry.old.strip("/").split("/")
        if parts[:len(old)] == old and (best is None or len(old) > best[2]):
            new = entry.new.strip("/")
            rest = parts[len(old):]
            best = (index, "/".join([new, *rest]) if rest else new, len(old))
    return None if best is None else best[:2]

"""`python -m generator addresses [--write]`: the published web addresses of each referral tool's steps.

Without --write it lists, per tool, how many addresses it has, how many are recorded in content/.published/, and
any not yet recorded; --write adds those to the record (it never removes one: a saved link must keep working).
The deploy workflow's release build refuses addresses that are not recorded, so they are recorded before they are
published.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ..load.site import load_site
from ..problems import display_path
from ..structure.addresses import addresses, read_record, record_path, record_text
from ..structure.content import FLOW


def cmd_addresses(args: Any) -> int:
    site, problems = load_site(args.content)
    if problems.errors:
        for problem in problems.errors:
            print(problem, file=sys.stderr)
        print("fix these problems first: python -m generator check", file=sys.stderr)
        return 1
    for item in site.of(FLOW):
        path = record_path(args.content, item.id)
        recorded, current = read_record(path), addresses(item.data)
        known = set(recorded)
        new = [a for a in current if a not in known]
        if args.write and new:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(record_text(item.data, recorded), encoding="utf-8")
            print(f"{display_path(path)}: recorded {len(new)} new address(es)")
        else:
            state = f"{len(new)} not recorded, e.g. {new[0]}" if new else "all recorded"
            print(f"{item.id}: {len(current)} address(es), {state}")
    return 0


def add_parser(sub: Any, default_content: Path) -> None:
    cmd = sub.add_parser("addresses", help="list each referral tool's step addresses, or record them as published")
    cmd.add_argument("--content", type=Path, default=default_content, help="content folder (default: content)")
    cmd.add_argument("--write", action="store_true",
                     help="add the addresses not yet recorded to content/.published/<tool>.txt (never removes one)")
    cmd.set_defaults(func=cmd_addresses)

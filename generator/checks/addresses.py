"""Published step addresses keep working: each one recorded in content/.published/ is a step now, or is sent on by a
`moved` entry to an address that is. A release also needs every address it publishes to be recorded."""

from __future__ import annotations

from ..config.options import Options
from ..problems import Problems
from ..structure.addresses import RECORD_FOLDER, moved_target, read_record, record_path
from ..structure.content import Item, Site
from ..structure.graph import FlowGraph, Step
from ..structure.model import Flow, FlowScreen

WRITE = "python -m generator addresses --write"


def check_addresses(site: Site, item: Item[Flow], problems: Problems, options: Options) -> None:
    """Check one flow whose graph is valid against its record of published addresses."""
    recorded = read_record(record_path(site.content_dir, item.id))
    flow, doc = item.data, item.doc

    def add(loc: tuple[object, ...], message: str, key: bool = False) -> None:
        problems.add(item.display_path, *doc.position(loc, key=key), message)

    steps = {"/".join(step.segments): step for step in FlowGraph(flow).steps()}
    for index, entry in enumerate(flow.moved):
        if entry.old.strip("/") in steps:
            add(("moved", index, "old"), f"'{entry.old}' is the address of a step now; `moved` is only for an "
                "address no step has: remove this entry")
    lost: dict[tuple[tuple[object, ...], str], list[str]] = {}
    for address in recorded:
        if address in steps:
            continue
        target = moved_target(address, flow.moved)
        if target is None:
            where, slug = _lost_at(address, steps, flow)
            lost.setdefault((where, slug), []).append(address)
        elif target[1] not in steps:
            add(("moved", target[0], "new"), f"the published address '{address}' is sent to '{target[1]}', which is "
                "not the address of a step now; give `new` the address the step has now")
    for (where, slug), gone in lost.items():
        more = f" and {len(gone) - 1} more under it" if len(gone) > 1 else ""
        add(where, f"the published address '{gone[0]}'{more} would stop working: no answer here has the slug "
            f"'{slug}' now, and links saved in case files would break. Give the answer its old slug back, or add "
            f"under `moved`: old: {gone[0]} and new: the address it has now", key=True)
    if options.release:
        known = set(recorded)
        unrecorded = [a for a in steps if a not in known]
        if unrecorded:
            add(("title",), f"{len(unrecorded)} web address(es) of this tool are not yet recorded as published "
                f"(e.g. '{unrecorded[0]}'): a release records them first, so they keep working; run {WRITE} "
                f"and commit {RECORD_FOLDER}/{item.id}.txt under the content folder")


def _lost_at(address: str, steps: dict[str, Step], flow: Flow) -> tuple[tuple[object, ...], str]:
    """Where to report a published address that no step has: the question whose answer it went through (the last
    step on its way that still exists), and the slug no answer there has now."""
    parts = address.split("/")
    for cut in range(len(parts) - 1, 0, -1):
        step = steps.get("/".join(parts[:cut]))
        if step is not None and not step.is_outcome:
            node = step.node
            if isinstance(node, FlowScreen):
                return ("screen", "options"), parts[cut]
            index = next(i for i, q in enumerate(flow.questions) if q.id == node.id)
            return ("questions", index, "options"), parts[cut]
    return ("start",), parts[0]

"""Referral flow graphs, validated at build time: every problem at its line, all at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..options import Options
from ..problems import Problems
from ..structure.content import Item
from ..structure.graph import FlowGraph, option_slug
from ..structure.model import Flow, FlowOutcome, FlowQuestion

Loc = tuple[object, ...]
Add = Callable[[Loc, str], None]


def validate_flow(item: Item[Flow], problems: Problems, limits: Options) -> bool:
    """Check one flow's graph. Adds every problem found; returns True when the flow can be rendered.

    References to specialisms, qualifications and case stories are checked with every other
    cross-reference, in `generator.load.references`.
    """
    flow, doc, path = item.data, item.doc, item.display_path
    before = len(problems.errors)

    def add(loc: Loc, message: str) -> None:
        problems.add(path, *doc.position(loc), message)

    def line_of(loc: Loc) -> int:
        return doc.position(loc)[0]

    _check_ids(flow, add, line_of)
    _check_targets(flow, add)
    if len(problems.errors) > before:
        return False  # the walk below needs every target to exist
    _check_cycles(flow, add)
    if len(problems.errors) > before:
        return False
    graph = FlowGraph(flow)
    _check_reachable(flow, graph, add)
    _check_limits(flow, graph, add, limits)
    return len(problems.errors) == before


def _nodes(flow: Flow) -> list[tuple[str, Sequence[FlowQuestion | FlowOutcome]]]:
    return [("questions", flow.questions), ("outcomes", flow.outcomes)]


def _check_ids(flow: Flow, add: Add, line_of: Callable[[Loc], int]) -> None:
    seen: dict[str, Loc] = {}
    for kind, nodes in _nodes(flow):
        for i, node in enumerate(nodes):
            loc: Loc = (kind, i, "id")
            if node.id in seen:
                add(loc, f"duplicate id '{node.id}' in this flow (first used on line {line_of(seen[node.id])})")
            else:
                seen[node.id] = loc


def _check_targets(flow: Flow, add: Add) -> None:
    known = {q.id for q in flow.questions} | {o.id for o in flow.outcomes}
    if flow.start not in {q.id for q in flow.questions}:
        add(("start",), f"start '{flow.start}' is not the id of a question in this flow")
    for qi, question in enumerate(flow.questions):
        if not question.options:
            add(("questions", qi, "id"), f"question '{question.id}' has no options: add at least one")
        slugs: dict[str, int] = {}
        for oi, option in enumerate(question.options):
            if option.next not in known:
                add(("questions", qi, "options", oi, "next"),
                    f"unknown next target '{option.next}': no question or outcome with that id")
            slug = option_slug(option)
            if slug in slugs:
                add(("questions", qi, "options", oi, "label"),
                    f"answers {slugs[slug] + 1} and {oi + 1} of '{question.id}' share the web address '{slug}'; "
                    "reword one label or give it a `slug`")
            slugs.setdefault(slug, oi)


def _check_reachable(flow: Flow, graph: FlowGraph, add: Add) -> None:
    reached: set[str] = set()
    stack = [flow.start]
    while stack:
        node_id = stack.pop()
        if node_id not in reached:
            reached.add(node_id)
            question = graph.questions.get(node_id)
            if question is not None:
                stack.extend(o.next for o in question.options)
    for kind, nodes in _nodes(flow):
        for i, node in enumerate(nodes):
            if node.id not in reached:
                noun = "question" if kind == "questions" else "outcome"
                add((kind, i, "id"), f"{noun} '{node.id}' cannot be reached from the start question")


def _check_limits(flow: Flow, graph: FlowGraph, add: Add, limits: Options) -> None:
    longest = graph.remaining[flow.start]
    if longest > limits.max_questions:
        add(("start",), f"a path through this flow asks {longest} questions; the maximum is {limits.max_questions}")
    count = _count_paths(graph)
    if count > limits.max_paths:
        add(("start",), f"this flow has {count} paths; the maximum is {limits.max_paths}")


def _check_cycles(flow: Flow, add: Add) -> None:
    """Report each loop once, at the option that closes it."""
    questions = {q.id: (i, q) for i, q in enumerate(flow.questions)}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    trail: list[str] = []

    def visit(node_id: str) -> None:
        state[node_id] = 1
        trail.append(node_id)
        qi, question = questions[node_id]
        for oi, option in enumerate(question.options):
            if option.next not in questions:
                continue
            if state.get(option.next) == 1:
                loop = trail[trail.index(option.next):] + [option.next]
                add(("questions", qi, "options", oi, "next"),
                    f"cycle: {' -> '.join(loop)}; flows must not loop back")
            elif option.next not in state:
                visit(option.next)
        trail.pop()
        state[node_id] = 2

    for node_id in questions:
        if node_id not in state:
            visit(node_id)


def _count_paths(graph: FlowGraph) -> int:
    memo: dict[str, int] = {}

    def count(node_id: str) -> int:
        if node_id not in memo:
            question = graph.questions.get(node_id)
            memo[node_id] = 1 if question is None else sum(count(o.next) for o in question.options)
        return memo[node_id]

    return count(graph.flow.start)

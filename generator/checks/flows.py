"""Referral flow graphs, validated at build time: every problem at its line, all at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..config.options import Options
from ..problems import Problems
from ..structure.content import Item
from ..structure.graph import FlowGraph, option_slug
from ..structure.model import Flow, FlowOutcome, FlowQuestion, Nation, Urgency

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

    def warn(loc: Loc, message: str) -> None:
        problems.add(path, *doc.position(loc), message, severity="warning")

    _check_choices(flow, warn)
    _check_dead_ends(flow, warn)
    _check_ids(flow, add, line_of)
    _check_targets(flow, add)
    _check_red_flags(flow, add)
    if len(problems.errors) > before:
        return False  # the walk below needs every target to exist
    _check_cycles(flow, add)
    if len(problems.errors) > before:
        return False
    graph = FlowGraph(flow)
    _check_reachable(flow, graph, add)
    _check_limits(flow, graph, add, limits)
    return len(problems.errors) == before


def _nodes(flow: Flow) -> list[tuple[Loc, str, FlowQuestion | FlowOutcome]]:
    """Every node of the flow with the place it is written and what to call it: the screen, then the questions,
    then the outcomes."""
    screen: list[tuple[Loc, str, FlowQuestion | FlowOutcome]] = (
        [(("screen",), "screen", flow.screen)] if flow.screen is not None else [])
    return [*screen, *((("questions", i), "question", q) for i, q in enumerate(flow.questions)),
            *((("outcomes", i), "outcome", o) for i, o in enumerate(flow.outcomes))]


def _askers(flow: Flow) -> Sequence[tuple[Loc, FlowQuestion]]:
    """The screen and the questions: every node with options, with its place."""
    return [(loc, node) for loc, _, node in _nodes(flow) if isinstance(node, FlowQuestion)]


def _check_ids(flow: Flow, add: Add, line_of: Callable[[Loc], int]) -> None:
    seen: dict[str, Loc] = {}
    for where, _, node in _nodes(flow):
        loc: Loc = (*where, "id")
        if node.id in seen:
            add(loc, f"duplicate id '{node.id}' in this flow (first used on line {line_of(seen[node.id])})")
        else:
            seen[node.id] = loc


def _check_targets(flow: Flow, add: Add) -> None:
    known = {q.id for q in flow.questions} | {o.id for o in flow.outcomes}
    if flow.start not in {q.id for q in flow.questions}:
        add(("start",), f"start '{flow.start}' is not the id of a question in this flow")
    for where, question in _askers(flow):
        noun = "the screen" if where == ("screen",) else f"'{question.id}'"
        if not question.options:
            add((*where, "id"), f"{'the screen' if where == ('screen',) else 'question'} '{question.id}' has no "
                "options: add at least one")
        slugs: dict[str, int] = {}
        for oi, option in enumerate(question.options):
            if flow.screen is not None and option.next == flow.screen.id:
                add((*where, "options", oi, "next"),
                    f"'{option.next}' is the red-flag screen, which is only ever the first page; no answer leads to it")
            elif option.next not in known:
                add((*where, "options", oi, "next"),
                    f"unknown next target '{option.next}': no question or outcome with that id")
            slug = option_slug(option)
            if slug in slugs:
                add((*where, "options", oi, "slug"),
                    f"answers {slugs[slug] + 1} and {oi + 1} of {noun} share the web address '{slug}'; "
                    "give this one a `slug` of its own")
            slugs.setdefault(slug, oi)


def _check_choices(flow: Flow, warn: Add) -> None:
    """A question with one answer asks nothing: the reader can only go on."""
    for i, question in enumerate(flow.questions):
        if len(question.options) == 1:
            warn(("questions", i), f"question '{question.id}' has a single answer, so it is not a choice: add the "
                 "other answers, or drop the question and point to its answer's next step directly")


def _check_dead_ends(flow: Flow, warn: Add) -> None:
    """A result that recommends no specialism, suggests none to consider, says nothing to do instead and lists
    nothing to ask for leaves the reader with nowhere to go. A red-flag result says what to do now under act_now;
    a result with ask_for gives steps of its own (a holistic assessment decides the specialisms; a therapist's
    result lists what to do next)."""
    for i, outcome in enumerate(flow.outcomes):
        if not (outcome.red_flag or outcome.recommend or outcome.also_consider or outcome.instead
                or outcome.ask_for):
            warn(("outcomes", i), f"outcome '{outcome.id}' is a dead end: it recommends nothing and has no "
                 "also_consider, no instead and no ask_for; recommend a specialism, list some under also_consider, "
                 "or say what to do under instead or ask_for")


NATIONS = frozenset(Nation)


def _check_red_flags(flow: Flow, add: Add) -> None:
    """The screen's answers end at red-flag results or raise urgency and go on; red-flag results say what to do
    now, in every nation, and refer to no one."""
    outcomes = {o.id: o for o in flow.outcomes}
    questions = {q.id for q in flow.questions}
    for oi, option in enumerate(flow.screen.options if flow.screen is not None else []):
        loc: Loc = ("screen", "options", oi, "next")
        target = outcomes.get(option.next)
        if target is not None and not target.red_flag:
            add(loc, f"the screen's answer '{option.label}' ends at '{option.next}', which is not a red-flag result: "
                "end it at an outcome with `red_flag: true`, or go on to a question with `raises`")
        elif option.next in questions and option.raises is None:
            add(("screen", "options", oi, "label"),
                f"the screen's answer '{option.label}' goes on to '{option.next}' without raising urgency; "
                "give it `raises` with the reason, or end it at a red-flag result")
    for i, outcome in enumerate(flow.outcomes):
        if not outcome.red_flag:
            if outcome.act_now:
                add(("outcomes", i, "act_now"),
                    f"'{outcome.id}' has act_now but is not a red-flag result: add `red_flag: true` or use `instead`")
            continue
        if outcome.urgency is not Urgency.urgent:
            add(("outcomes", i, "urgency"), f"red-flag result '{outcome.id}' must be urgent: it is acted on now")
        if not outcome.act_now:
            add(("outcomes", i, "id"), f"red-flag result '{outcome.id}' has no act_now: say what to do now")
        for field in ("recommend", "checks", "ask_for", "you_receive"):
            if getattr(outcome, field):
                add(("outcomes", i, field), f"red-flag result '{outcome.id}' must not have {field}: an OT referral "
                    "is not the first step there; say what to do now under act_now")
        named = {n for act in outcome.act_now for n in act.nations}
        if named and named != NATIONS:
            missing = ", ".join(n.value for n in Nation if n not in named)
            add(("outcomes", i, "act_now"),
                f"red-flag result '{outcome.id}' says what to do in some nations but not in {missing}: add a step "
                "for each, or one that applies everywhere without `nations`")


def _check_reachable(flow: Flow, graph: FlowGraph, add: Add) -> None:
    reached: set[str] = set()
    stack = [flow.start, *([flow.screen.id] if flow.screen is not None else [])]
    while stack:
        node_id = stack.pop()
        if node_id not in reached:
            reached.add(node_id)
            question = graph.questions.get(node_id)
            if question is not None:
                stack.extend(o.next for o in question.options)
    for where, noun, node in _nodes(flow):
        if node.id not in reached:
            add((*where, "id"), f"{noun} '{node.id}' cannot be reached from the start question")


def _check_limits(flow: Flow, graph: FlowGraph, add: Add, limits: Options) -> None:
    longest = max(graph.remaining[q] for q in (flow.start, *([flow.screen.id] if flow.screen else [])))
    if longest > limits.max_questions:
        add(("start",), f"a path through this flow asks {longest} questions; the maximum is {limits.max_questions}")
    count = _count_paths(graph)
    if count > limits.max_paths:
        add(("start",), f"this flow has {count} paths; the maximum is {limits.max_paths}")


def _check_cycles(flow: Flow, add: Add) -> None:
    """Report each loop once, at the option that closes it."""
    questions = {q.id: (where, q) for where, q in _askers(flow)}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    trail: list[str] = []

    def visit(node_id: str) -> None:
        state[node_id] = 1
        trail.append(node_id)
        where, question = questions[node_id]
        for oi, option in enumerate(question.options):
            if option.next not in questions:
                continue
            if state.get(option.next) == 1:
                loop = trail[trail.index(option.next):] + [option.next]
                add((*where, "options", oi, "next"),
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

    screen = graph.flow.screen
    return count(graph.flow.start) + (count(screen.id) if screen is not None else 0)

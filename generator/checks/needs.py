"""Referral routes are consistent with the specialisms they recommend: every need an answer reveals is met.

An answer may carry `needs` (terms of `vocabulary/needs.yml`); a specialism lists the needs it meets. Every
result a route with that answer reaches must recommend, or list under "also consider", a specialism that meets
each need, so a case manager who says the home needs adapting never lands on a result that forgets the home.
"""

from __future__ import annotations

from ..problems import Problems
from ..structure.content import SPECIALISM, Item, Site
from ..structure.graph import FlowGraph, Step, need_urgencies, route_needs, route_urgency
from ..structure.model import Flow, FlowOutcome, FlowScreen, Urgency


def check_flow_needs(site: Site, item: Item[Flow], problems: Problems) -> None:
    """Report, at the answer's line, each need a route collects that its result's specialisms do not meet."""
    flow = item.data
    positions: dict[tuple[str, str], tuple[object, ...]] = {
        (q.id, o.label): ("questions", qi, "options", oi)
        for qi, q in enumerate(flow.questions) for oi, o in enumerate(q.options)}
    if flow.screen is not None:
        positions |= {(flow.screen.id, o.label): ("screen", "options", oi) for oi, o in enumerate(flow.screen.options)}
    reported: set[tuple[tuple[object, ...], str, str]] = set()
    for step in FlowGraph(flow).paths():
        outcome = step.node
        assert isinstance(outcome, FlowOutcome)
        met = _needs_met(site, outcome)
        if met is None:
            continue  # a specialism it names did not load or does not exist: reported where it is named
        for question, option in step.answers:
            where = positions[(question.id, option.label)]
            for need in option.needs:
                key = (where, need, outcome.id)
                if need in met or key in reported:
                    continue
                reported.add(key)
                line, col = item.doc.position((*where, "label"))
                problems.add(item.display_path, line, col, _message(site, question.id, need, outcome))


def check_flow_urgency(site: Site, item: Item[Flow], problems: Problems) -> None:
    """One rule for urgency: routes that collect the same needs, with no answer raising urgency, end at the same
    urgency. A result's own urgency above what its needs give (vocabulary/needs.yml) breaks that, and is reported
    at the result's `urgency` line, naming a route that ends lower."""
    flow = item.data
    table = need_urgencies(site.terms("needs"))
    groups: dict[frozenset[str], list[tuple[Urgency, Step]]] = {}
    for step in FlowGraph(flow).paths():
        outcome = step.node
        assert isinstance(outcome, FlowOutcome)
        if outcome.red_flag or any(o.raises for _, o in step.answers):
            continue
        groups.setdefault(frozenset(route_needs(step)), []).append((route_urgency(step, table)[0], step))
    index = {o.id: i for i, o in enumerate(flow.outcomes)}
    reported: set[str] = set()
    for needs, routes in groups.items():
        lowest, low_step = min(routes, key=lambda r: r[0].rank)
        for urgency, step in routes:
            outcome = step.node
            assert isinstance(outcome, FlowOutcome)
            if urgency is lowest or outcome.id in reported:
                continue
            reported.add(outcome.id)
            low = low_step.node
            assert isinstance(low, FlowOutcome)
            listed = ", ".join(sorted(needs)) or "no needs"
            line, col = item.doc.position(("outcomes", index[outcome.id], "urgency"))
            problems.add(item.display_path, line, col,
                         f"two routes to the same needs ({listed}) end at different urgencies with no answer raising "
                         f"it: '{_route(step)}' ends {urgency.value} at '{outcome.id}', '{_route(low_step)}' ends "
                         f"{lowest.value} at '{low.id}'; make '{outcome.id}' {lowest.value}, or raise it on the "
                         "answer that makes it more urgent (`raises`, with the reason)")


def _route(step: Step) -> str:
    return " > ".join(o.label for q, o in step.answers if not isinstance(q, FlowScreen)) or "(start)"


def _needs_met(site: Site, outcome: FlowOutcome) -> set[str] | None:
    """The needs the specialisms an outcome names meet; None when one of them is not there to ask."""
    named = (*outcome.recommend, *outcome.also_consider)
    loaded = site.items[SPECIALISM.name]
    if any(sid not in loaded for sid in named):
        return None
    return {need for sid in named for need in site.get(SPECIALISM, sid).data.needs}


def _message(site: Site, question: str, need: str, outcome: FlowOutcome) -> str:
    named = [*outcome.recommend, *outcome.also_consider]
    listed = ", ".join(named) if named else "none"
    return (f"the need '{need}' on this answer of '{question}' is not met on its route to the result "
            f"'{outcome.id}': no specialism it recommends or lists under also_consider ({listed}) meets "
            f"'{need}'; name one that does on '{outcome.id}', add '{need}' to the needs of one it names, "
            "or take the need off this answer")

"""Referral routes are consistent with the specialisms they recommend: every need an answer reveals is met.

An answer may carry `needs` (terms of `vocabulary/needs.yml`); a specialism lists the needs it meets. Every
result a route with that answer reaches must recommend, or list under "also consider", a specialism that meets
each need, so a case manager who says the home needs adapting never lands on a result that forgets the home.
"""

from __future__ import annotations

from ..problems import Problems
from ..structure.content import SPECIALISM, Item, Site
from ..structure.graph import FlowGraph
from ..structure.model import Flow, FlowOutcome


def check_flow_needs(site: Site, item: Item[Flow], problems: Problems) -> None:
    """Report, at the answer's line, each need a route collects that its result's specialisms do not meet."""
    flow = item.data
    positions = {(q.id, o.label): (qi, oi) for qi, q in enumerate(flow.questions) for oi, o in enumerate(q.options)}
    reported: set[tuple[int, int, str, str]] = set()
    for step in FlowGraph(flow).paths():
        outcome = step.node
        assert isinstance(outcome, FlowOutcome)
        met = _needs_met(site, outcome)
        if met is None:
            continue  # a specialism it names did not load or does not exist: reported where it is named
        for question, option in step.answers:
            qi, oi = positions[(question.id, option.label)]
            for need in option.needs:
                key = (qi, oi, need, outcome.id)
                if need in met or key in reported:
                    continue
                reported.add(key)
                line, col = item.doc.position(("questions", qi, "options", oi, "label"))
                problems.add(item.display_path, line, col, _message(site, question.id, need, outcome))


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

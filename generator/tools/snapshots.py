"""Routing snapshots: every path of a flow, committed under tests/snapshots/ and diffed in PRs.

Each route is a short block: the answers, the result it ends at (id and title), how urgent it is and the needs
collected on the way. Browser tests walk the built site along every route and compare what they reach with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..structure.graph import FlowGraph, NeedUrgencies, route_needs, route_urgency
from ..structure.model import Flow, FlowOutcome

ANSWER_SEPARATOR = " > "


@dataclass(frozen=True)
class Route:
    answers: tuple[str, ...]
    outcome: str  # the outcome's id
    title: str
    urgency: str
    needs: tuple[str, ...]


def routes(flow: Flow, table: NeedUrgencies | None = None) -> list[Route]:
    """Every route; a red-flag result's urgency reads "act now"."""
    out = []
    for step in FlowGraph(flow).paths():
        outcome = step.node
        assert isinstance(outcome, FlowOutcome)
        urgency, _ = route_urgency(step, table)
        out.append(Route(tuple(o.label for _, o in step.answers), outcome.id, outcome.title,
                         "act now" if outcome.red_flag else str(urgency), tuple(route_needs(step))))
    return out


def routing_snapshot(flow: Flow, table: NeedUrgencies | None = None) -> str:
    """Every route as a block: `answer > answer`, then `-> outcome-id: title`, its urgency and its needs. Pass
    the needs table (`need_urgencies`) for the urgency the site shows."""
    lines = [f"# {flow.title}"]
    for route in routes(flow, table):
        lines += ["", ANSWER_SEPARATOR.join(route.answers), f"  -> {route.outcome}: {route.title}",
                  f"  urgency: {route.urgency}", f"  needs: {', '.join(route.needs) or '-'}"]
    return "\n".join(lines) + "\n"


def parse_snapshot(text: str) -> list[Route]:
    """The routes of a committed snapshot, for tests that walk the built site along each of them."""
    out = []
    for block in text.split("\n\n")[1:]:
        answers, target, urgency, needs = block.strip("\n").split("\n")
        outcome, title = target.removeprefix("  -> ").split(": ", 1)
        listed = needs.removeprefix("  needs: ")
        out.append(Route(tuple(answers.split(ANSWER_SEPARATOR)), outcome, title,
                         urgency.removeprefix("  urgency: "), tuple(listed.split(", ")) if listed != "-" else ()))
    return out

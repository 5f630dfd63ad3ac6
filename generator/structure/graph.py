"""Referral decision flows as graphs: the walk that gives every step its own page.

A flow is plain data (`content/referral/<id>.yml`): questions whose options name the next question or an
outcome. Every step is pre-rendered as a static page addressed by the answers given so far
(`referral/<flow>/step/<answer>/<answer>/`), so any step can be bookmarked, shared and opened fresh, and the
whole tool works with JavaScript off.

A flow may open with a red-flag screen (`screen`): its page is `referral/<flow>/screen/`, and routes through one of
its answers live under `screen/<answer>/...`. "None of these" goes to the first question at `step/`, so the
addresses of the questions themselves do not change when a screen is added.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from .model import Flow, FlowOption, FlowOutcome, FlowQuestion, FlowScreen, Term, Urgency


def option_slug(option: FlowOption) -> str:
    """The URL segment for an answer: its stored `slug`, so rewording the answer never moves a page."""
    return option.slug


Answer = tuple[FlowQuestion, FlowOption]


@dataclass(frozen=True)
class Step:
    """A point in a walk through the flow: the answers so far and the node they lead to."""

    answers: tuple[Answer, ...]
    node: FlowQuestion | FlowOutcome

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(option_slug(option) for _, option in self.answers)

    @property
    def is_outcome(self) -> bool:
        return isinstance(self.node, FlowOutcome)

    @property
    def screened(self) -> bool:
        """True for the screen's own page and every step after one of its answers."""
        return isinstance(self.node, FlowScreen) or bool(self.answers and isinstance(self.answers[0][0], FlowScreen))

    @property
    def segments(self) -> tuple[str, ...]:
        """The step's address under its flow: `screen/...` on the screen's routes, `step/...` otherwise."""
        return ("screen" if self.screened else "step", *self.slugs)


class FlowGraph:
    """Lookup and traversal over one validated flow."""

    def __init__(self, flow: Flow):
        self.flow = flow
        self.screen = flow.screen
        self.questions: dict[str, FlowQuestion] = {q.id: q for q in flow.questions}
        if flow.screen is not None:
            self.questions[flow.screen.id] = flow.screen
        self.outcomes = {o.id: o for o in flow.outcomes}

    def node(self, node_id: str) -> FlowQuestion | FlowOutcome:
        return self.questions.get(node_id) or self.outcomes[node_id]

    def steps(self) -> Iterator[Step]:
        """Every step of every path, depth first: the screen's routes first, then from the first question."""
        stack = [Step((), self.questions[self.flow.start])]
        if self.screen is not None:
            stack.append(Step((), self.screen))
        while stack:
            step = stack.pop()
            yield step
            if isinstance(step.node, FlowQuestion):
                for option in reversed(step.node.options):
                    stack.append(Step(step.answers + ((step.node, option),), self.node(option.next)))

    def paths(self) -> list[Step]:
        """The outcome step at the end of every path."""
        return [step for step in self.steps() if step.is_outcome]

    @cached_property
    def remaining(self) -> dict[str, int]:
        """Most questions still to answer from each node, counting the node itself."""
        memo: dict[str, int] = {}

        def depth(node_id: str) -> int:
            if node_id not in memo:
                question = self.questions.get(node_id)
                memo[node_id] = 0 if question is None else 1 + max(depth(o.next) for o in question.options)
            return memo[node_id]

        for node_id in self.questions:
            depth(node_id)
        return memo


@dataclass(frozen=True)
class UrgencyReason:
    urgency: Urgency
    reason: str
    answer: str | None  # the answer that raised it; None for the outcome's own urgency or a need's
    need: str | None = None  # the need whose urgency this is (vocabulary/needs.yml)


# The needs table: each need's urgency and reason, from vocabulary/needs.yml (`urgency`, `urgency_reason`).
NeedUrgencies = dict[str, tuple[Urgency, str]]


def need_urgencies(terms: dict[str, Term]) -> NeedUrgencies:
    """The needs table from the terms of vocabulary/needs.yml; a term without an urgency is left out."""
    return {name: (t.urgency, t.urgency_reason or "") for name, t in terms.items() if t.urgency is not None}


def route_urgency(step: Step, table: NeedUrgencies | None = None) -> tuple[Urgency, list[UrgencyReason]]:
    """How soon to act on the outcome a route ends at: the highest of the outcome's own urgency, the urgency of
    each need the route collects (the needs table) and any its answers raise, with every reason, most urgent
    first (the outcome's own reason first among equals, then the needs')."""
    outcome = step.node
    assert isinstance(outcome, FlowOutcome)
    reasons = [UrgencyReason(outcome.urgency, outcome.urgency_reason, None)]
    for need in route_needs(step):
        if table and need in table and table[need][0] is not Urgency.routine:
            urgency, reason = table[need]
            if all((r.urgency, r.reason) != (urgency, reason) for r in reasons):  # each reason said once
                reasons.append(UrgencyReason(urgency, reason, None, need))
    reasons += [UrgencyReason(o.raises.urgency, o.raises.reason, o.label) for _, o in step.answers if o.raises]
    reasons.sort(key=lambda r: -r.urgency.rank)  # stable: the outcome's reason stays first among equals
    return reasons[0].urgency, reasons


def route_needs(step: Step) -> list[str]:
    """The needs the answers on a route reveal, in the order first given, each once."""
    return list(dict.fromkeys(need for _, option in step.answers for need in option.needs))

"""Referral decision flows as graphs: the walk that gives every step its own page.

A flow is plain data (`content/referral/<id>.yml`): questions whose options name the next question or an
outcome. Every step is pre-rendered as a static page addressed by the answers given so far
(`referral/<flow>/step/<answer>/<answer>/`), so any step can be bookmarked, shared and opened fresh, and the
whole tool works with JavaScript off.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from .model import Flow, FlowOption, FlowOutcome, FlowQuestion, Urgency


def option_slug(option: FlowOption) -> str:
    """The URL segment for an answer: its `slug`, or the first words of its label."""
    if option.slug:
        return option.slug
    words = re.findall(r"[a-z0-9]+", option.label.lower())
    return "-".join(words[:5]) or "answer"


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


class FlowGraph:
    """Lookup and traversal over one validated flow."""

    def __init__(self, flow: Flow):
        self.flow = flow
        self.questions = {q.id: q for q in flow.questions}
        self.outcomes = {o.id: o for o in flow.outcomes}

    def node(self, node_id: str) -> FlowQuestion | FlowOutcome:
        return self.questions.get(node_id) or self.outcomes[node_id]

    def steps(self) -> Iterator[Step]:
        """Every step of every path, depth first, starting with the first question."""
        stack = [Step((), self.questions[self.flow.start])]
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
    answer: str | None  # the answer that raised it; None for the outcome's own urgency


def route_urgency(step: Step) -> tuple[Urgency, list[UrgencyReason]]:
    """How soon to act on the outcome a route ends at: the highest of the outcome's own urgency and any its
    answers raise, with every reason, most urgent first (the outcome's own reason first among equals)."""
    outcome = step.node
    assert isinstance(outcome, FlowOutcome)
    reasons = [UrgencyReason(outcome.urgency, outcome.urgency_reason, None)]
    reasons += [UrgencyReason(o.raises.urgency, o.raises.reason, o.label) for _, o in step.answers if o.raises]
    reasons.sort(key=lambda r: -r.urgency.rank)  # stable: the outcome's reason stays first among equals
    return reasons[0].urgency, reasons


def route_needs(step: Step) -> list[str]:
    """The needs the answers on a route reveal, in the order first given, each once."""
    return list(dict.fromkeys(need for _, option in step.answers for need in option.needs))

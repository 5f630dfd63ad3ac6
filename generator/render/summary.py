"""The plain-text summary an outcome page offers for a case file or an email."""

from __future__ import annotations

from ..structure.content import QUALIFICATION, SPECIALISM, Site
from ..structure.graph import Step
from ..structure.model import Flow, FlowOutcome


def referral_summary(flow: Flow, step: Step, site: Site, reviewed: str, url: str) -> str:
    """Plain text for a case file or an email: the answers and the result, never anything about a client."""
    outcome = step.node
    assert isinstance(outcome, FlowOutcome)
    lines = [flow.title, ""]
    for question, option in step.answers:
        lines += [f"Q: {question.text}", f"A: {option.label}"]
    lines += ["", f"Result: {outcome.title}", outcome.summary]
    if outcome.instead:
        lines += [f"Instead: {outcome.instead}"]
    if outcome.recommend:
        lines += ["Recommended: " + "; ".join(site.get(SPECIALISM, i).data.title for i in outcome.recommend)]
    if outcome.checks:
        lines += ["Checks: " + "; ".join(site.get(QUALIFICATION, i).data.title for i in outcome.checks)]
    lines += ["", f"Tool last reviewed: {reviewed}", f"Page: {url}"]
    return "\n".join(lines)

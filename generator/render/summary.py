"""The plain-text summary an outcome page offers for a case file, an email or a therapist's notes."""

from __future__ import annotations

from ..structure.content import QUALIFICATION, SPECIALISM, Site
from ..structure.graph import NeedUrgencies, Step, route_urgency
from ..structure.model import Flow, FlowOutcome


def referral_summary(flow: Flow, step: Step, site: Site, reviewed: str, url: str,
                     table: NeedUrgencies | None = None) -> str:
    """Plain text: the answers, the result and how urgent it is, never anything about a client."""
    outcome = step.node
    assert isinstance(outcome, FlowOutcome)
    lines = [flow.title, ""]
    for question, option in step.answers:
        lines += [f"Q: {question.text}", f"A: {option.label}"]
    lines += ["", f"Result: {outcome.title}", outcome.summary]
    urgency, reasons = route_urgency(step, table)
    if outcome.red_flag:
        lines += ["Urgency: act now"]
        lines += [f"- {', '.join(n.value for n in a.nations) or 'Everywhere in the UK'}: {a.do}"
                  for a in outcome.act_now]
    else:
        lines += [f"Urgency: {urgency}"]
        lines += [f"- {r.urgency}: {r.reason}" + (f" (answer: {r.answer})" if r.answer else "")
                  + (f" (need: {r.need})" if r.need else "") for r in reasons]
    if outcome.instead:
        lines += [f"Instead: {outcome.instead}"]
    if outcome.recommend:
        lines += ["Recommended: " + "; ".join(site.get(SPECIALISM, i).data.title for i in outcome.recommend)]
    if outcome.checks:
        lines += ["Checks: " + "; ".join(site.get(QUALIFICATION, i).data.title for i in outcome.checks)]
    lines += ["", f"Clinical review of this tool: {reviewed}", f"Page: {url}"]
    return "\n".join(lines)

"""Routing snapshots: every path of a flow as one line, committed under tests/snapshots/ and diffed in PRs."""

from __future__ import annotations

from ..structure.graph import FlowGraph
from ..structure.model import Flow


def routing_snapshot(flow: Flow) -> str:
    """Every path as one line, `answer > answer > ... -> outcome-id`: a reviewable record of the routing."""
    lines = [f"# {flow.title}"]
    for step in FlowGraph(flow).paths():
        answers = " > ".join(option.label for _, option in step.answers)
        lines.append(f"{answers} -> {step.node.id}")
    return "\n".join(lines) + "\n"

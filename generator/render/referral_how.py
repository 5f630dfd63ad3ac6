"""The "how this tool decides" outline: every question once, each answer with where it leads.

A flow is a graph whose questions can be reached along several routes, so a drawn tree would repeat whole
branches and a drawn graph needs a very wide picture with small text. Listing each question once, numbered in
the order a reader meets them, with every answer pointing to a later question on the same page or to a
result, is readable at any width and in either colour scheme.
"""

from __future__ import annotations

from typing import Any

from ..structure.graph import FlowGraph
from ..structure.model import FlowOption, FlowOutcome, FlowQuestion, FlowScreen


def question_order(graph: FlowGraph) -> list[FlowQuestion]:
    """The questions breadth first from the start: the order a reader meets them."""
    order: list[str] = []
    queue = [*([graph.screen.id] if graph.screen is not None else []), graph.flow.start]
    while queue:
        node_id = queue.pop(0)
        if node_id in order or node_id not in graph.questions:
            continue
        order.append(node_id)
        queue.extend(option.next for option in graph.questions[node_id].options)
    return [graph.questions[q] for q in order]


def how_outline(graph: FlowGraph) -> list[dict[str, Any]]:
    """Each question with its number, anchor and answers; each answer leads to a question or a result."""
    questions = question_order(graph)
    number = {q.id: i + 1 for i, q in enumerate(questions)}
    outline = []
    for question in questions:
        answers = []
        options = list(question.options)
        if isinstance(question, FlowScreen):  # "None of these" goes on to the first question
            options.append(FlowOption(label=question.none_label, slug="none", next=graph.flow.start))
        for option in options:
            target = graph.node(option.next)
            if isinstance(target, FlowOutcome):
                answers.append({"label": option.label, "result": target, "raises": option.raises})
            else:
                answers.append({"label": option.label, "result": None, "question": target, "number": number[target.id],
                                "anchor": f"q-{target.id}", "raises": option.raises})
        outline.append({"number": number[question.id], "anchor": f"q-{question.id}", "question": question,
                        "answers": answers})
    return outline

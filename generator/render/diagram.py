"""Draw a referral flow as an SVG at build time: no diagram library, no third-party request, no JavaScript.

Layout is layered left to right: each node sits in the column of its longest distance from the start, so every
arrow points rightwards. Each answer is a box of its own in the column after its question, so answer texts
never overlap, and nodes are ordered by the average position of the answers that lead to them.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

from ..structure.graph import FlowGraph
from ..structure.model import FlowQuestion

NODE_W = 210
GAP_X = 36
LABEL_W = 190
GAP_Y = 22
LINE_H = 16
PAD = 10
MARGIN = 20
NODE_CHARS = 28
LABEL_CHARS = 25


@dataclass
class Box:
    node_id: str
    lines: list[str]
    question: bool
    layer: int = 0
    x: float = 0
    y: float = 0

    @property
    def height(self) -> float:
        return len(self.lines) * LINE_H + 2 * PAD


def _wrap(text: str, width: int, max_lines: int = 5) -> list[str]:
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def _curve(x1: float, y1: float, x2: float, y2: float, *, arrow: bool) -> str:
    mid = (x1 + x2) / 2
    end = x2 - 2 if arrow else x2
    marker = ' marker-end="url(#arrow)"' if arrow else ""
    return (f'<path d="M {x1:.0f} {y1:.0f} C {mid:.0f} {y1:.0f}, {mid:.0f} {y2:.0f}, {end:.0f} {y2:.0f}" '
            f'fill="none" stroke="#37474f" stroke-width="1.3"{marker}/>')


@dataclass
class Layout:
    boxes: dict[str, Box]  # question and outcome boxes, by node id
    order: list[str]  # node ids in discovery order
    answers: list[tuple[Box, Box, Box]]  # (question, answer, target)
    width: float
    height: float


def flow_svg(graph: FlowGraph) -> str:
    return _draw(graph.flow.title, _layout(graph))


def _discover(graph: FlowGraph) -> tuple[dict[str, Box], list[str], list[tuple[str, str, str]]]:
    """Every node reachable from the start, in discovery order (a stable first ordering), and every edge."""
    boxes: dict[str, Box] = {}
    order: list[str] = []
    edges: list[tuple[str, str, str]] = []

    def visit(node_id: str) -> None:
        if node_id in boxes:
            return
        node = graph.node(node_id)
        text = node.text if isinstance(node, FlowQuestion) else node.title
        boxes[node_id] = Box(node_id, _wrap(text, NODE_CHARS), isinstance(node, FlowQuestion))
        order.append(node_id)
        if isinstance(node, FlowQuestion):
            for option in node.options:
                edges.append((node_id, option.next, option.label))
                visit(option.next)

    visit(graph.flow.start)
    # Longest-path layering; the flow is acyclic (checked before rendering), so this settles.
    for _ in range(len(boxes)):
        changed = False
        for src, dst, _label in edges:
            if boxes[dst].layer < boxes[src].layer + 1:
                boxes[dst].layer = boxes[src].layer + 1
                changed = True
        if not changed:
            break
    return boxes, order, edges


def _layout(graph: FlowGraph) -> Layout:
    boxes, order, edges = _discover(graph)
    # Each answer gets its own box in the column after its question, so labels never overlap: columns
    # alternate between nodes (even) and answers (odd).
    columns: dict[int, list[Box]] = {}
    for node_id in order:
        columns.setdefault(2 * boxes[node_id].layer, []).append(boxes[node_id])
    answer_boxes: list[tuple[Box, Box, Box]] = []  # (question, answer, target)
    for src, dst, label in edges:
        answer = Box(f"{src}->{dst}", _wrap(label, LABEL_CHARS, 4), question=False)
        answer_boxes.append((boxes[src], answer, boxes[dst]))
        columns.setdefault(2 * boxes[src].layer + 1, []).append(answer)
    incoming: dict[str, list[Box]] = {}
    for _, answer, target in answer_boxes:
        incoming.setdefault(target.node_id, []).append(answer)
    source_of = {id(answer): question for question, answer, _ in answer_boxes}

    x = float(MARGIN)
    height = 0.0
    for col in sorted(columns):
        stack = columns[col]
        if col % 2:  # answers follow the order of their questions
            stack.sort(key=lambda a: source_of[id(a)].y)
        elif col:  # nodes sit near the answers that lead to them
            stack.sort(key=lambda n: sum(a.y for a in incoming[n.node_id]) / len(incoming[n.node_id]))
        y = float(MARGIN)
        for box in stack:
            box.x, box.y = x, y
            y += box.height + (GAP_Y if col % 2 == 0 else 8)
        height = max(height, y)
        x += (NODE_W if col % 2 == 0 else LABEL_W) + GAP_X
    return Layout(boxes, order, answer_boxes, x - GAP_X + MARGIN, height)


def _draw(title: str, layout: Layout) -> str:
    width, height = layout.width, layout.height
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height + MARGIN:.0f}" '
        f'width="{width:.0f}" height="{height + MARGIN:.0f}" role="img" aria-labelledby="t">',
        f'<title id="t">{escape(title)}: every question, answer and result</title>',
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
        "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#37474f\"/>"
        "</marker></defs>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        '<g font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" font-size="13">',
    ]
    labels: list[str] = []
    for question, answer, target in layout.answers:
        out.append(_curve(question.x + NODE_W, question.y + question.height / 2, answer.x, answer.y + answer.height / 2,
                          arrow=False))
        out.append(_curve(answer.x + LABEL_W, answer.y + answer.height / 2, target.x, target.y + target.height / 2,
                          arrow=True))
        labels.append(f'<rect x="{answer.x:.0f}" y="{answer.y:.0f}" width="{LABEL_W}" height="{answer.height:.0f}" '
                      'rx="3" fill="#fffde7" stroke="#9e9e9e" stroke-width="0.8"/>')
        for i, line in enumerate(answer.lines):
            labels.append(f'<text x="{answer.x + PAD:.0f}" y="{answer.y + PAD + LINE_H * (i + 1) - 4:.0f}" '
                          f'font-size="12" fill="#212121">{escape(line)}</text>')
    for node_id in layout.order:
        box = layout.boxes[node_id]
        fill, stroke, colour = ("#00695c", "#004d40", "#ffffff") if box.question else ("#ffffff", "#00695c", "#212121")
        out.append(f'<rect x="{box.x:.0f}" y="{box.y:.0f}" width="{NODE_W}" height="{box.height:.0f}" rx="6" '
                   f'fill="{fill}" stroke="{stroke}" stroke-width="1.6"/>')
        for i, line in enumerate(box.lines):
            out.append(f'<text x="{box.x + PAD:.0f}" y="{box.y + PAD + LINE_H * (i + 1) - 4:.0f}" '
                       f'fill="{colour}">{escape(line)}</text>')
    out += labels
    out += ["</g>", "</svg>", ""]
    return "\n".join(out)

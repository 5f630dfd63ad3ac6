"""Draw a referral flow as an SVG at build time: no diagram library, no third-party request, no JavaScript.

Layout is layered left to right: each node sits in the column of its longest distance from the start, so every
arrow points rightwards; within a column nodes are ordered by the average position of their parents, which
keeps most arrows short. Every arrow carries the text of the answer it stands for.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .model import FlowQuestion
from .referral import FlowGraph

NODE_W = 210
GAP_X = 190
GAP_Y = 22
LINE_H = 16
PAD = 10
MARGIN = 20
NODE_CHARS = 28
LABEL_CHARS = 26


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


def flow_svg(graph: FlowGraph) -> str:
    flow = graph.flow
    boxes: dict[str, Box] = {}
    order: list[str] = []
    edges: list[tuple[str, str, str]] = []

    def visit(node_id: str) -> None:  # discovery order gives a stable first ordering
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

    visit(flow.start)
    # Longest-path layering; the flow is acyclic (checked before rendering), so this settles.
    for _ in range(len(boxes)):
        changed = False
        for src, dst, _label in edges:
            if boxes[dst].layer < boxes[src].layer + 1:
                boxes[dst].layer = boxes[src].layer + 1
                changed = True
        if not changed:
            break

    layers: dict[int, list[str]] = {}
    for node_id in order:
        layers.setdefault(boxes[node_id].layer, []).append(node_id)
    parents: dict[str, list[str]] = {}
    for src, dst, _label in edges:
        parents.setdefault(dst, []).append(src)

    height = 0.0
    for layer in sorted(layers):
        ids = layers[layer]
        if layer:
            ids.sort(key=lambda i: sum(boxes[p].y for p in parents[i]) / len(parents[i]))
        y = float(MARGIN)
        for node_id in ids:
            box = boxes[node_id]
            box.x = MARGIN + layer * (NODE_W + GAP_X)
            box.y = y
            y += box.height + GAP_Y
        height = max(height, y)
    width = MARGIN * 2 + (max(layers) + 1) * NODE_W + max(layers) * GAP_X

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height + MARGIN:.0f}" '
        f'width="{width:.0f}" height="{height + MARGIN:.0f}" role="img" aria-labelledby="t">',
        f'<title id="t">{escape(flow.title)}: every question, answer and result</title>',
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
        "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#37474f\"/>"
        "</marker></defs>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        '<g font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" font-size="13">',
    ]
    labels = []
    for src, dst, label in edges:
        a, b = boxes[src], boxes[dst]
        x1, y1 = a.x + NODE_W, a.y + a.height / 2
        x2, y2 = b.x, b.y + b.height / 2
        mid = (x1 + x2) / 2
        out.append(f'<path d="M {x1:.0f} {y1:.0f} C {mid:.0f} {y1:.0f}, {mid:.0f} {y2:.0f}, {x2 - 2:.0f} {y2:.0f}" '
                   'fill="none" stroke="#37474f" stroke-width="1.4" marker-end="url(#arrow)"/>')
        # The label sits on the arrow near its source, where arrows from one question fan out.
        lx, ly = x1 + 12, y1 + (y2 - y1) * 0.35
        lines = _wrap(label, LABEL_CHARS, 3)
        h = len(lines) * 14 + 4
        w = max(len(line) for line in lines) * 6.4 + 8
        labels.append(f'<rect x="{lx:.0f}" y="{ly - h / 2:.0f}" width="{w:.0f}" height="{h:.0f}" rx="3" '
                      'fill="#fffde7" stroke="#bdbdbd" stroke-width="0.6"/>')
        for i, line in enumerate(lines):
            labels.append(f'<text x="{lx + 4:.0f}" y="{ly - h / 2 + 14 * (i + 1) - 1:.0f}" font-size="11.5" '
                          f'fill="#212121">{escape(line)}</text>')
    for node_id in order:
        box = boxes[node_id]
        fill, stroke, colour = ("#00695c", "#004d40", "#ffffff") if box.question else ("#ffffff", "#00695c", "#212121")
        out.append(f'<rect x="{box.x:.0f}" y="{box.y:.0f}" width="{NODE_W}" height="{box.height:.0f}" rx="6" '
                   f'fill="{fill}" stroke="{stroke}" stroke-width="1.6"/>')
        for i, line in enumerate(box.lines):
            out.append(f'<text x="{box.x + PAD:.0f}" y="{box.y + PAD + LINE_H * (i + 1) - 4:.0f}" '
                       f'fill="{colour}">{escape(line)}</text>')
    out += labels
    out += ["</g>", "</svg>", ""]
    return "\n".join(out)

"""Compose YAML nodes from parser events, refusing anchors, aliases and merge keys before anything is expanded.

PyYAML's composer shares one node between an anchor and every alias of it, and construction then walks that
graph: eleven lines of nested aliases ("billion laughs") expand into gigabytes, and `title: &x [*x]` recurses
until Python gives up. No content needs either, so they are refused here, at the event that introduces them,
before a node graph exists. Nesting is capped for the same reason: a deep enough `[[[[...]]]]` would otherwise
exhaust the stack in the code that walks the nodes.

The same composer runs on libyaml's event stream (CSafeLoader) and on the pure-Python parser's: both loaders
expose `get_event`, `check_event` and the resolver.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    Event,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

NULL_TAG = "tag:yaml.org,2002:null"
MERGE_TAG = "tag:yaml.org,2002:merge"
# Deeper than any content file needs (flows nest four levels), far below Python's recursion limit.
MAX_DEPTH = 40

Report = Callable[[Any, str], None]  # (mark, message)


class Composer:
    """Builds the single document of a stream. Problems go to `report`; the caller discards the document if any
    were reported."""

    def __init__(self, loader: Any, report: Report):
        self.loader = loader
        self.report = report
        self.too_deep = False
        self.aliases_seen: set[str] = set()  # one report per alias name: a billion laughs is one mistake, not 90

    def single_node(self) -> Node | None:
        loader = self.loader
        loader.get_event()  # stream start
        node: Node | None = None
        if not loader.check_event(StreamEndEvent):
            loader.get_event()  # document start
            node = self._node(0)
            loader.get_event()  # document end
        if not loader.check_event(StreamEndEvent):
            event = loader.get_event()
            self.report(event.start_mark, "a second YAML document starts here ('---'); a content file holds one: "
                                          "delete this line, or the lines from here on")
        return node

    def _node(self, depth: int) -> Node:
        event = self.loader.get_event()
        if isinstance(event, AliasEvent):
            if str(event.anchor) in self.aliases_seen:
                return _null(event)
            self.aliases_seen.add(str(event.anchor))
            self.report(event.start_mark, f"YAML aliases ('*{event.anchor}') are not allowed in content; write "
                                          "the value out in full")
            return _null(event)
        if event.anchor is not None:
            self.report(event.start_mark, f"YAML anchors ('&{event.anchor}') are not allowed in content; delete "
                                          "the anchor and write each value out in full")
        if depth > MAX_DEPTH:
            if not self.too_deep:
                self.too_deep = True
                self.report(event.start_mark, f"values are nested more than {MAX_DEPTH} levels deep here; content "
                                              "files need only a few levels")
            self._skip(event)
            return _null(event)
        if isinstance(event, ScalarEvent):
            return self._scalar(event)
        if isinstance(event, SequenceStartEvent):
            return self._sequence(event, depth)
        return self._mapping(event, depth)

    def _scalar(self, event: Any) -> ScalarNode:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(ScalarNode, event.value, event.implicit)
        return ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)

    def _sequence(self, event: Any, depth: int) -> SequenceNode:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(SequenceNode, None, event.implicit)
        node = SequenceNode(tag, [], event.start_mark, None, flow_style=event.flow_style)
        while not self.loader.check_event(SequenceEndEvent):
            node.value.append(self._node(depth + 1))
        node.end_mark = self.loader.get_event().end_mark
        return node

    def _mapping(self, event: Any, depth: int) -> MappingNode:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(MappingNode, None, event.implicit)
        node = MappingNode(tag, [], event.start_mark, None, flow_style=event.flow_style)
        while not self.loader.check_event(MappingEndEvent):
            key = self._node(depth + 1)
            value = self._node(depth + 1)
            if key.tag == MERGE_TAG:
                self.report(key.start_mark, "YAML merge keys ('<<') are not allowed in content; write each field "
                                            "out in full")
                continue
            node.value.append((key, value))
        node.end_mark = self.loader.get_event().end_mark
        return node

    def _skip(self, event: Event) -> None:
        """Consume the rest of the collection `event` starts, without building it."""
        level = 1 if isinstance(event, CollectionStartEvent) else 0
        while level:
            following = self.loader.get_event()
            if isinstance(following, CollectionStartEvent):
                level += 1
            elif isinstance(following, (SequenceEndEvent, MappingEndEvent)):
                level -= 1


def _null(event: Any) -> ScalarNode:
    return ScalarNode(NULL_TAG, "", event.start_mark, event.end_mark)

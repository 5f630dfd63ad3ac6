"""YAML syntax errors in words an editor can act on, at the line where the slip most likely is.

PyYAML reports where its parser gave up, which is often lines after the slip: an unclosed quote swallows every
line up to the next quote, a missing ':' is noticed on the next key. These rules look back from that place for
the usual causes and name the line to fix and what to do.
"""

from __future__ import annotations

import re
from typing import Any

# `key: "value` with no closing quote on the line (an even number of quotes after the opening one is fine).
OPEN_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s:#'"][^:#]*:\s+|-\s+)(["'])(.*)$""")
# A line that looks like a field name with its ':' missing: `summary Some text` at the start of a line.
NO_COLON = re.compile(r"^(\s*)([a-z_]+)(?:\s+\S.*)?$")
FIELD = re.compile(r"^\s*[A-Za-z_][\w-]*:(?:\s|$)")


def syntax_problem(text: str, exc: Any, offset: int) -> tuple[int, int, str]:
    """(line, col, message) for a PyYAML MarkedYAMLError on `text`; lines count from `offset` + 1."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem, context = exc.problem or "invalid YAML", exc.context or ""
    lines = text.splitlines()
    if "found character '\\t'" in problem:
        return line + offset, col, "a tab character: YAML does not allow tabs for indenting; indent with spaces"
    if context.startswith("while scanning a quoted scalar") and exc.context_mark is not None:
        quote = exc.context_mark
        return (quote.line + 1 + offset, quote.column + 1,
                "this quoted value is never closed: add the closing quote at the end of the value")
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        key = exc.context_mark
        return key.line + 1 + offset, key.column + 1, "missing ':' after the field name on this line"
    quote_at = _unclosed_quote(lines, line)
    if quote_at is not None:
        return quote_at[0] + offset, quote_at[1], ("this quoted value is never closed: add the closing quote at the "
                                                   "end of the value")
    field_line = _missing_colon(lines, line)
    if field_line is not None:
        return field_line + offset, 1, "missing ':' after the field name on this line"
    if problem == "mapping values are not allowed here" and mark and FIELD.match(lines[mark.line][: mark.column]):
        return line + offset, col, ("a ': ' inside a value reads as a new field: put the whole value in quotes, "
                                    "or use a dash instead of the colon")
    if problem.startswith("expected <block end>") or problem == "mapping values are not allowed here":
        return line + offset, col, ("this line is indented differently from the lines above it: line it up with "
                                    "the other fields or list items at its level, indenting with spaces")
    where = f" ({context})" if context else ""
    return line + offset, col, f"YAML syntax error: {problem}{where}"


def _unclosed_quote(lines: list[str], upto: int) -> tuple[int, int] | None:
    """The last line up to `upto` (1-based) whose value opens a quote it does not close."""
    for number in range(min(upto, len(lines)), 0, -1):
        match = OPEN_QUOTE.match(lines[number - 1])
        if match is None:
            continue
        quote, rest = match.group(1), match.group(2)
        closes = rest.replace(quote * 2, "") if quote == "'" else re.sub(r"\\.", "", rest)
        if quote not in closes:
            return number, match.start(1) + 1
    return None


def _missing_colon(lines: list[str], upto: int) -> int | None:
    """The line before `upto` that looks like a field whose ':' is missing, among lines that are fields."""
    for number in range(min(upto, len(lines)), 0, -1):
        line = lines[number - 1]
        if not line.strip() or line.lstrip().startswith(("#", "-")) or FIELD.match(line):
            continue
        match = NO_COLON.match(line)
        if match is None or ":" in line:
            return None
        # A field's neighbours are fields at the same indent; a continuation line of a long value is indented more.
        neighbours = [lines[i] for i in (number - 2, number) if 0 <= i < len(lines)]
        indent = match.group(1)
        if any(FIELD.match(n) and n[: len(n) - len(n.lstrip())] == indent for n in neighbours):
            return number
        return None
    return None

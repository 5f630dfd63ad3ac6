"""One canonical form for content files, like a code formatter: `python -m generator format [--check] [PATH...]`.

The browser editor writes exactly this form (generator/editor/static/editor.js implements the same rules from
the `order` this module gives it), so a save shows a diff of what the person changed and nothing else, and a
hand edit converges on it with `make format`. The rules:

- the schema line first (for a Markdown file, after its opening `---`);
- fields in the model's order: a model's own fields, then those every page shares (`sources`, `nations`), the
  clinical `review` last; the same order inside nested mappings;
- nothing empty: no empty list, mapping or text, and no `false` where false is the default;
- text written plain when YAML reads it back as the same words, else as a double-quoted (JSON) string; text too
  long for one line folded (`>-`) at WIDTH characters, on spaces;
- lists as `- ` items indented two spaces under their key;
- a Markdown body after the front matter, trimmed, ending with one newline;
- comments are not kept (the editor cannot keep them): notes for editors belong in a flow's `editor_note`
  fields, a hint or CONTRIBUTING.md.

Formatting never changes a value: the parsed content before and after is the same, and so is each page's review
fingerprint.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from ..structure.content import ContentType

if TYPE_CHECKING:
    from ..problems import Problems

WIDTH = 110
INDENT = "  "
# The one quoting rule, shared with editor.js: plain only when YAML reads the text back as the same string.
PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.'()/&+-]*$")
WORDS = re.compile(r"^(true|false|null|yes|no|on|off|y|n|~)$", re.IGNORECASE)
# Words may be folded onto the next line only where single spaces part them: a fold at a double space, or text
# with tabs or line breaks, would not read back the same.
FOLDABLE = re.compile(r"^\S+(?: \S+)*$")
# The field every reviewable item ends with, whatever its model.
LAST = ("sources", "nations", "review")


@dataclass
class Order:
    """The canonical order of a mapping's keys, the order inside each nested mapping, and which keys hold a
    `false` that is the default and so is left out."""

    keys: list[str] = field(default_factory=list)
    nested: dict[str, Order] = field(default_factory=dict)
    false_default: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)

    def as_json(self) -> dict[str, Any]:
        """What editor.js reads: the same order for the editor's save."""
        return {"keys": self.keys, "nested": {k: v.as_json() for k, v in self.nested.items()},
                "falseDefault": sorted(self.false_default), "numbers": sorted(self.numbers)}


def strip_annotation(annotation: Any) -> tuple[Any, bool]:
    """The annotation without Annotated[] and `| None`, and whether None was allowed (the editor's config uses
    it too)."""
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType) and type(None) in get_args(annotation):
            rest = [a for a in get_args(annotation) if a is not type(None)]
            optional = True
            annotation = rest[0] if len(rest) == 1 else Union[tuple(rest)]  # noqa: UP007 - rebuilt at run time
        else:
            return annotation, optional


def _strip(annotation: Any) -> Any:
    return strip_annotation(annotation)[0]


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's value may be: itself, each kind of a union, or the items of a list."""
    annotation = _strip(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if get_origin(annotation) in (list, Union, types.UnionType):
        return [m for arg in get_args(annotation) for m in _models(arg)]
    return []


def _holds_int(annotation: Any) -> bool:
    annotation = _strip(annotation)
    return annotation is int or (get_origin(annotation) in (Union, types.UnionType)
                                 and any(_strip(a) is int for a in get_args(annotation)))


def model_order(models: list[type[BaseModel]]) -> Order:
    """The order for values of these models (several: the kinds of a union, merged in order of first mention)."""
    order = Order()
    for model in models:
        own = model.__annotations__
        names = list(model.model_fields)
        # A union's telling field (kind) first, then the model's own fields, then the shared ones, review last.
        literal = [n for n in names if get_origin(_strip(model.model_fields[n].annotation)) is Literal]
        ranked = sorted(names, key=lambda n: (n not in literal, n in LAST and n not in own,
                                              LAST.index(n) if n in LAST else -1))
        for name in ranked:
            info = model.model_fields[name]
            if name not in order.keys:
                order.keys.append(name)
            if _strip(info.annotation) is bool and info.default is False:
                order.false_default.add(name)
            if _holds_int(info.annotation):
                order.numbers.add(name)
            inner = _models(info.annotation)
            if inner:
                merged = model_order(inner)
                if name in order.nested:
                    merged = _merge(order.nested[name], merged)
                order.nested[name] = merged
    return order


def _merge(a: Order, b: Order) -> Order:
    keys = a.keys + [k for k in b.keys if k not in a.keys]
    nested = dict(a.nested)
    for k, v in b.nested.items():
        nested[k] = _merge(nested[k], v) if k in nested else v
    return Order(keys, nested, a.false_default | b.false_default, a.numbers | b.numbers)


def order_of(ctype: ContentType[Any]) -> Order:
    return model_order([ctype.model])


def schema_line(ctype: ContentType[Any]) -> str:
    return f"# yaml-language-server: $schema=../../schemas/{ctype.name}.schema.json"


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, (list, dict)) and not value)


def scalar(value: Any, number: bool = False) -> str:
    """A value on one line, by the one quoting rule."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        value = value.value
    text = str(value)
    if number and re.fullmatch(r"[0-9]+", text):
        return text
    if PLAIN.match(text) and not WORDS.match(text) and not re.search(r"\s$", text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _text(prefix: str, value: Any, indent: str, number: bool) -> list[str]:
    """`prefix` (a key and ': ', or '- ') and the value: on one line when it fits, else folded."""
    one = scalar(value, number)
    if len(prefix) + len(one) <= WIDTH or not isinstance(value, str) or not FOLDABLE.match(value):
        return [prefix + one]
    lines, line = [], ""
    for word in value.split(" "):
        if line and len(indent) + len(line) + 1 + len(word) > WIDTH:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(indent + line)
    return [prefix + ">-", *lines]


def _mapping(data: dict[str, Any], order: Order | None, indent: str) -> list[str]:
    keys = order.keys if order else []
    ranked = sorted(data, key=lambda k: (keys.index(k) if k in keys else len(keys)))
    lines: list[str] = []
    for key in ranked:
        value = data[key]
        if _empty(value) or (value is False and order is not None and key in order.false_default):
            continue
        inner = order.nested.get(key) if order else None
        number = bool(order and key in order.numbers)
        if isinstance(value, list):
            lines.append(f"{indent}{key}:")
            for item in value:
                lines += _item(item, inner, indent + INDENT, number)
        elif isinstance(value, dict):
            lines += [f"{indent}{key}:", *_mapping(value, inner, indent + INDENT)]
        else:
            lines += _text(f"{indent}{key}: ", value, indent + INDENT, number)
    return lines


def _item(item: Any, order: Order | None, indent: str, number: bool) -> list[str]:
    if isinstance(item, dict):
        lines = _mapping(item, order, indent + INDENT)
        if not lines:
            return [indent + "- {}"]
        return [indent + "- " + lines[0][len(indent) + 2:], *lines[1:]]
    return _text(indent + "- ", item, indent + INDENT, number)


def format_data(ctype: ContentType[Any], data: dict[str, Any], body: str | None = None) -> str:
    """The canonical text of a content file holding `data` (and, for a Markdown file, `body`)."""
    fields = _mapping(data, order_of(ctype), "")
    if not ctype.markdown:
        return "\n".join([schema_line(ctype), *fields]) + "\n"
    text = (body or "").strip()
    return "\n".join(["---", schema_line(ctype), *fields, "---"]) + "\n" + (text + "\n" if text else "")


def format_text(ctype: ContentType[Any], text: str, path: str, problems: Problems | None = None) -> str | None:
    """The canonical form of one file's text, or None when it does not load (why, in `problems` when given)."""
    from ..load.strict_yaml import load_markdown, load_yaml
    from ..problems import Problems

    problems = Problems() if problems is None else problems
    text = text.replace("\r\n", "\n").removeprefix("\ufeff")
    if ctype.markdown:
        loaded = load_markdown(text, path, problems)
        if loaded.front_matter is None or problems.errors or not isinstance(loaded.front_matter.data, dict):
            return None
        return format_data(ctype, loaded.front_matter.data, loaded.body)
    doc = load_yaml(text, path, problems)
    if doc is None or problems.errors or not isinstance(doc.data, dict):
        return None
    return format_data(ctype, doc.data)


def content_files(content_dir: Path, paths: list[Path]) -> list[tuple[Path, ContentType[Any]]]:
    """The content files to format: those named, or every one under `content_dir`, with their types."""
    from ..load.site import BY_FOLDER

    chosen = paths or sorted(p for p in content_dir.rglob("*") if p.is_file())
    out = []
    for path in chosen:
        try:
            rel = path.resolve().relative_to(content_dir.resolve())
        except ValueError:
            continue
        ctype = BY_FOLDER.get(rel.parts[0]) if len(rel.parts) > 1 else None
        if ctype is not None and path.suffix in ctype.suffixes and not rel.name.startswith("."):
            out.append((path, ctype))
    return out


def cmd_format(args: Any) -> int:
    """Rewrite files in the canonical form, or with --check list those that are not and exit 1."""
    import sys

    from ..problems import Problems, display_path

    files = content_files(args.content, list(args.paths))
    unformatted, unreadable = [], []
    for path, ctype in files:
        text = path.read_text(encoding="utf-8-sig")
        why = Problems()
        canonical = format_text(ctype, text, display_path(path), why)
        if canonical is None:
            unreadable.append((path, why.errors[0] if why.errors else None))
        elif canonical != text.replace("\r\n", "\n") or "\r" in text:
            unformatted.append(path)
            if not args.check:
                path.write_text(canonical, encoding="utf-8")
    for path, first in unreadable:
        # Where it first fails to load, and why; `generator check` lists every problem.
        place = f"{first.line}:{first.col}" if first is not None else "1:1"
        why_text = f": {first.message}" if first is not None else ""
        print(f"{display_path(path)}:{place}: not formatted: it does not load{why_text}; run python -m generator "
              "check", file=sys.stderr)
    if args.check:
        for path in unformatted:
            print(f"{display_path(path)}:1:1: not in the canonical form; run: python -m generator format "
                  f"{display_path(path)}", file=sys.stderr)
        if not unformatted and not unreadable:
            print(f"{len(files)} file(s) in the canonical form")
        return 1 if unformatted or unreadable else 0
    print(f"formatted {len(unformatted)} of {len(files)} file(s)")
    return 1 if unreadable else 0


def add_parser(sub: Any, default_content: Path) -> None:
    fmt = sub.add_parser("format", help="write content files in the one canonical form the editor also writes")
    fmt.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files to format (default: all content)")
    fmt.add_argument("--content", type=Path, default=default_content, help="content folder (default: content)")
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 if any file is not canonical")
    fmt.set_defaults(func=cmd_format)

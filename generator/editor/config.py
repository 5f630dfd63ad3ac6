"""The browser editor's configuration (Sveltia CMS), generated from the content model.

`editor_config()` walks the same pydantic models the check validates against, so a field added to the model
appears in the editor's form at the next build, with its description as the hint, its allowed values as a
choice, and its ids as a choice of the items that exist. Nothing here is maintained by hand beyond how a kind
of value is shown; a kind of value this module cannot show stops the build with the field's name
(`UnsupportedField`), so the form never silently lacks a field.

The output is a plain mapping: `config_yaml()` writes it as the editor's `config.yml`.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..load.references import REFERENCES
from ..structure.content import CASE_STORY, REVIEWER, SOURCE, TYPES, ContentType
from ..tools.format import order_of
from ..tools.format import strip_annotation as _strip

# Longer free text gets a multi-line box; every other string a one-line input.
MULTILINE = frozenset({"summary", "intro", "why", "instead", "hint", "guidance", "involvement_note"})
ID_HINT = "lower-case letters, digits and single hyphens, e.g. hand-therapy"
# Hints in the editor, in the words of the OTs and case managers who use it. The model's own descriptions (shown
# where a field has no entry here) are written for the people who maintain the site and the JSON Schemas.
HINTS = {
    "sources": "The documents this page is based on: choose each by its title. If one is missing, add it under "
               "Sources first.",
    "qualifications": "What a case manager should check before instructing: choose each by its title.",
    "specialisms": "The kinds of OT work in this story: choose each by its title.",
    "recommend": "The specialisms this result recommends: choose each by its title.",
    "also_consider": "Other specialisms worth considering: choose each by its title.",
    "checks": "What to check before instructing: choose each by its title.",
    "case_stories": "Case stories that show this kind of work: choose each by its title.",
    "source": "The source the story comes from: choose it by its title (list it under Sources as well).",
    "keywords": "Everyday words people might search with, such as wheelchair, splint or stairs. One per box.",
    "needs": "What this specialism helps with, chosen from the list of needs. The referral tools use it to check "
             "that each route ends in a specialism that meets the needs it found.",
    "nations": "Only when the page names a scheme, law or service that applies in some UK nations but not others "
               "(the check tells you): say where it applies and what applies elsewhere.",
    "about": "The scheme, law or service, as the check names it.",
    "kind": "What kind of document it is.",
    "secondary": "Tick when the document reports other people's work or accounts second-hand, and say how in the "
                 "note.",
    "machine_written": "Tick when the document says it was written by AI, and say so in the note.",
    "origin": "Where the story comes from: retold from a publication, a published service example, a composite, "
              "or one of the practice's own clients. The note at the top of the story is written from this.",
    "year": "The year it was published, or for example: undated (2018 or later).",
    "changed": "What you changed from the source, or what is composite or illustrative. Write Nothing if nothing.",
    "written_consent_on_file": "Tick only when the client's written consent to publish this story is on file.",
    "short_title": "A shorter title for the site's menu, for example: Should I instruct an OT?",
    "start": "The short name (id) of the first question.",
    "id": "A short name for this step: lower-case words joined by hyphens, such as main-need. Readers do not see "
          "it; answers use it to say where they lead.",
    "next": "Where this answer leads: the short name (id) of the next question or of a result.",
    "slug": "The words this answer adds to the page's web address. Once published, keep it: case managers save "
            "these links.",
    "synonyms": "Other words people use for the same thing, for search, such as head injury or TBI.",
    "broader": "The wider term this one sits under, such as brain injury for stroke.",
    "cost_guide_link": "Tick to end the page with a link to the practice's own cost guide, when the site has one.",
    "label": "What the reader checks there, for example: HCPC register.",
    "age_band": "Leave empty when the source gives no age; the page then says Not stated.",
    "region": "Leave empty when the source gives no region; the page then says Not stated.",
}
# Collections in the order OTs reach for them: stories and specialisms first, sources and word lists last.
COLLECTION_ORDER = ("case-studies", "specialisms", "checklists", "guides", "qualifications", "referral", "sources",
                    "vocabulary")
# A new case story starts with the headings every story has.
STORY_HEADINGS = ("## Background\n\nWhat led to the referral, in two or three sentences.\n\n## What the OT did\n\n"
                  "The assessment, and what the OT recommended or did.\n\n## What changed\n\nWhat the client can do "
                  "now that they could not before.\n")
# Single references to another file, chosen by title like the lists of them (load/references.py holds the lists).
SINGLE_RELATIONS: dict[tuple[str, tuple[str, ...]], ContentType[Any]] = {
    (CASE_STORY.name, ("origin", "source")): SOURCE,
}
# Fields the editor never shows or writes: a clinical review is signed with `generator review sign`, never typed.
NOT_EDITED = frozenset({"review"})
# Types not edited in the browser: reviewers are the practice's registered clinicians, added by a maintainer.
EDITED_TYPES = tuple(t for t in TYPES if t is not REVIEWER)


class UnsupportedField(TypeError):
    """A model field whose kind of value the editor configuration cannot express."""


def _relations() -> dict[tuple[str, tuple[str, ...]], ContentType[Any]]:
    """Reference fields by (holding type, path with '*' for list items) -> the type the ids name."""
    return {(holder.name, path): target for holder, path, target in REFERENCES}


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


class _Builder:
    def __init__(self, ctype: ContentType[Any]) -> None:
        self.ctype = ctype
        self.relations = _relations()

    def fields(self, model: type[BaseModel], path: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        # A model's own fields first, then those it inherits (sources, nations), as the templates order them.
        own = model.__annotations__
        ordered = sorted(((n, i) for n, i in model.model_fields.items() if n not in NOT_EDITED),
                         key=lambda field: field[0] not in own)
        return [self.field(name, info, path + (name,)) for name, info in ordered]

    def field(self, name: str, info: FieldInfo, path: tuple[str, ...]) -> dict[str, Any]:
        annotation, optional = _strip(info.annotation)
        spec: dict[str, Any] = {"name": name, "label": _label(name)}
        if name in HINTS or info.description:
            spec["hint"] = HINTS.get(name, info.description)
        if optional or not info.is_required():
            spec["required"] = False
        spec.update(self.widget(annotation, info, path))
        return spec

    def widget(self, annotation: Any, info: FieldInfo | None, path: tuple[str, ...]) -> dict[str, Any]:
        origin = get_origin(annotation)
        if origin is list:
            return self.list_widget(get_args(annotation)[0], info, path)
        if origin is Literal:
            return {"widget": "select", "options": [str(v) for v in get_args(annotation)]}
        if origin in (Union, types.UnionType):
            if not any(isinstance(a, type) and issubclass(a, BaseModel) for a in get_args(annotation)):
                return self.string(None, path)  # a number or a phrase (a year, or "undated"): typed as text
            return self.variable(annotation, path)
        if isinstance(annotation, type):
            return self.scalar(annotation, info, path)
        raise UnsupportedField(self.where(path, annotation))

    def scalar(self, annotation: type, info: FieldInfo | None, path: tuple[str, ...]) -> dict[str, Any]:
        if issubclass(annotation, BaseModel):
            return {"widget": "object", "fields": self.fields(annotation, path)}
        if issubclass(annotation, enum.Enum):
            return {"widget": "select", "options": [str(m.value) for m in annotation]}
        if annotation is bool:
            return {"widget": "boolean", "default": False}
        if annotation is dt.date:
            return {"widget": "datetime", "time_format": False, "date_format": "YYYY-MM-DD", "format": "YYYY-MM-DD"}
        if annotation is str:
            return self.string(info, path)
        if annotation in (int, float):
            return {"widget": "number", "value_type": "int" if annotation is int else "float"}
        raise UnsupportedField(self.where(path, annotation))

    def string(self, info: FieldInfo | None, path: tuple[str, ...]) -> dict[str, Any]:
        target = SINGLE_RELATIONS.get((self.ctype.name, path))
        if target is not None:
            return {"widget": "relation", "collection": target.folder, "value_field": "{{slug}}",
                    "search_fields": ["title"], "display_fields": ["title"]}
        spec: dict[str, Any] = {"widget": "text" if path[-1] in MULTILINE else "string"}
        for meta in info.metadata if info else ():
            pattern = getattr(meta, "pattern", None)
            if pattern:
                spec["pattern"] = [pattern, ID_HINT]
        return spec

    def list_widget(self, item: Any, info: FieldInfo | None, path: tuple[str, ...]) -> dict[str, Any]:
        item_type, _ = _strip(item)
        bounds = self.bounds(info)
        target = self.relations.get((self.ctype.name, self.relation_path(path)))
        if target is not None:
            return {"widget": "relation", "collection": target.folder, "value_field": "{{slug}}",
                    "search_fields": ["title"], "display_fields": ["title"], "multiple": True, **bounds}
        if isinstance(item_type, type) and issubclass(item_type, enum.Enum):
            return {**self.scalar(item_type, None, path), "multiple": True, **bounds}
        if isinstance(item_type, type) and issubclass(item_type, BaseModel):
            first = next(iter(item_type.model_fields))
            return {"widget": "list", "summary": "{{fields." + first + "}}", "fields": self.fields(item_type, path),
                    "collapsed": "auto", **bounds}
        if get_origin(item_type) in (Union, types.UnionType):
            return {"widget": "list", **self.variable(item_type, path), **bounds}
        field = {"name": path[-1], "label": _label(path[-1]), **self.widget(item_type, _item_info(item), path)}
        return {"widget": "list", "field": field, **bounds}

    def variable(self, annotation: Any, path: tuple[str, ...]) -> dict[str, Any]:
        """A union of models told apart by a Literal field: the editor's variable types."""
        models = [a for a in get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
        if len(models) != len(get_args(annotation)):
            raise UnsupportedField(self.where(path, annotation))
        key = _discriminator(models)
        if key is None:
            raise UnsupportedField(self.where(path, annotation) + " (no Literal field tells the kinds apart)")
        kinds = []
        for model in models:
            value = get_args(_strip(model.model_fields[key].annotation)[0])[0]
            fields = [self.field(n, i, path + (n,)) for n, i in model.model_fields.items() if n != key]
            kinds.append({"name": str(value), "label": _label(str(value)), "widget": "object", "fields": fields})
        return {"widget": "object", "typeKey": key, "types": kinds}

    @staticmethod
    def bounds(info: FieldInfo | None) -> dict[str, Any]:
        minimum = next((getattr(m, "min_length", None) for m in (info.metadata if info else ())
                        if getattr(m, "min_length", None)), None)
        return {"min": minimum} if minimum else {}

    def relation_path(self, path: tuple[str, ...]) -> tuple[str, ...]:
        # Only list fields below the top level sit inside lists (questions, outcomes): mark those steps '*'.
        return tuple(part for step in path[:-1] for part in (step, "*")) + path[-1:]

    def where(self, path: tuple[str, ...], annotation: Any) -> str:
        return (f"{self.ctype.model.__name__}.{'.'.join(path)}: the editor configuration cannot show a value of "
                f"type {annotation!r}; teach generator/editor/config.py how to")


def _item_info(item: Any) -> FieldInfo | None:
    """The constraints (an id pattern) of a list's items, from their Annotated metadata."""
    if get_origin(item) is Annotated:
        return FieldInfo.from_annotation(item)
    return None


def _discriminator(models: list[type[BaseModel]]) -> str | None:
    shared = set.intersection(*(set(m.model_fields) for m in models))
    for name in sorted(shared):
        if all(get_origin(_strip(m.model_fields[name].annotation)[0]) is Literal for m in models):
            return name
    return None


def collection(ctype: ContentType[Any]) -> dict[str, Any]:
    """One content folder as an editor collection: new files named by the id the editor types."""
    fields = _Builder(ctype).fields(ctype.model)
    spec: dict[str, Any] = {
        "name": ctype.folder, "label": ctype.label, "folder": f"content/{ctype.folder}", "create": True,
        "delete": False, "slug": {"editable": True}, "identifier_field": _identifier(ctype),
        "extension": "md" if ctype.markdown else "yml", "format": "yaml-frontmatter" if ctype.markdown else "yml",
        "fields": fields,
    }
    if ctype.markdown:
        body: dict[str, Any] = {"name": "body", "label": "Story" if ctype is CASE_STORY else "Text",
                                "widget": "markdown", "hint": "Headings start with ##, list items with -. No HTML."}
        if ctype is CASE_STORY:
            body["default"] = STORY_HEADINGS
        spec["fields"].append(body)
    return spec


def _identifier(ctype: ContentType[Any]) -> str:
    names = ctype.model.model_fields
    return "title" if "title" in names else next(iter(names))


def file_types() -> list[dict[str, Any]]:
    """What the editor's save hook needs to write a file the check accepts: for each type, its schema line, a
    required top-level field no other type has (to tell which type a saved entry is), and its date fields."""
    fields = {t.name: {n for n, i in t.model.model_fields.items() if i.is_required()} for t in TYPES}
    everything = {t.name: set(t.model.model_fields) for t in TYPES}
    out = []
    for ctype in TYPES:
        others = set().union(*(everything[o.name] for o in TYPES if o is not ctype))
        unique = sorted(fields[ctype.name] - others)
        if not unique:
            raise UnsupportedField(f"{ctype.model.__name__}: no required field of its own tells its files apart "
                                   "from the other types' in the editor")
        out.append({"schema": f"{ctype.name}.schema.json", "key": unique[0], "markdown": ctype.markdown,
                    "dates": _date_fields(ctype.model), "order": order_of(ctype).as_json()})
    return out


def _date_fields(model: type[BaseModel], seen: frozenset[type] = frozenset()) -> list[str]:
    names = set()
    for name, info in model.model_fields.items():
        annotation, _ = _strip(info.annotation)
        if annotation is dt.date:
            names.add(name)
        for inner in _models_in(annotation):
            if inner not in seen:
                names.update(_date_fields(inner, seen | {model}))
    return sorted(names)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's value may hold: itself, or inside a list or union."""
    annotation, _ = _strip(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_in(arg)]


def editor_config(backend: dict[str, Any], logo: str | None = None, practice_name: str = "") -> dict[str, Any]:
    """The whole configuration: `backend` is e.g. {"name": "github", "repo": "org/repo", "branch": "main"}."""
    edited = sorted(EDITED_TYPES, key=lambda t: COLLECTION_ORDER.index(t.folder))
    return {
        "backend": backend,
        # The practice's name on the sign-in screen and in the window title, instead of the editor's own.
        **({"app_title": f"{practice_name} content editor"} if practice_name else {}),
        **({"logo": {"src": logo}} if logo else {}),
        # Every save opens a pull request: the same check, annotations and summary as any other change.
        "publish_mode": "editorial_workflow",
        "media_folder": "docs/assets/images",
        "public_folder": "/assets/images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "output": {"omit_empty_optional_fields": True},
        "collections": [collection(t) for t in edited],
    }


def github_backend(repo_url: str | None, branch: str = "main") -> dict[str, Any]:
    """The GitHub backend for the repository at `repo_url`, signing in with a personal access token only."""
    match = re.match(r"^https://github\.com/([^/]+/[^/]+?)(?:\.git)?/?$", repo_url or "")
    if match is None:
        raise ValueError(f"repo_url '{repo_url}' is not a GitHub repository address (https://github.com/ORG/REPO)")
    return {"name": "github", "repo": match.group(1), "branch": branch, "auth_methods": ["token"]}


def config_yaml(config: dict[str, Any]) -> str:
    return "# Generated from generator/structure/model.py at build time; do not edit.\n" + yaml.safe_dump(
        config, sort_keys=False, allow_unicode=True, width=120)

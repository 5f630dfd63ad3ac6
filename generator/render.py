"""Render the validated site into Markdown pages: the only module that touches Jinja.

The result is a mapping of page path (relative to the docs folder, e.g. `specialisms/hand-therapy.md`) to a
`Page`. Any engine can consume it: the MkDocs plugin adds the pages in memory, and `python -m generator build`
writes them to a folder.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from .content import CASE_STORY, CHECKLIST, FLOW, QUALIFICATION, SOURCE, SPECIALISM, ContentType, Item, Site
from .problems import Problems


@dataclass(frozen=True)
class Page:
    path: str  # POSIX path relative to the docs folder
    text: str  # Markdown with YAML front matter
    source: Path | None = None  # the content file behind the page, for "edit this page"


def item_path(ctype: ContentType, item_id: str) -> str:
    return f"{ctype.folder}/{item_id}.md"


def index_path(ctype: ContentType) -> str:
    return f"{ctype.folder}/index.md"


def long_date(value: dt.date) -> str:
    """1 November 2026: the UK way, with no leading zero."""
    return f"{value.day} {value.strftime('%B %Y')}"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        undefined=StrictUndefined,  # a typo in a template is an error, not an empty string
        autoescape=False,  # the output is Markdown; unsafe HTML is rejected in the content check
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    return env


class Renderer:
    """Renders pages for one site. Create one per build."""

    def __init__(self, site: Site):
        self.site = site
        self.env = _environment()
        self.pages: dict[str, Page] = {}
        self.page_owner: dict[str, str] = {}

    # -- helpers available to templates -------------------------------------------------------------

    def _link(self, here: str) -> Callable[[str], str]:
        """A function giving the relative link from page `here` to another page path."""

        def link(target: str) -> str:
            base = posixpath.dirname(here)
            rel = posixpath.relpath(target, base or ".")
            return rel

        return link

    def add(self, path: str, template: str, meta: dict[str, Any], owner: str,
            source: Path | None = None, **context: Any) -> None:
        """Render `template` to page `path`. `owner` names what produced it, for collision messages."""
        if path in self.pages:
            raise PagePathCollision(path, self.page_owner[path], owner)
        body = self.env.get_template(template).render(
            link=self._link(path), page_path=path, item_path=item_path, index_path=index_path,
            SPECIALISM=SPECIALISM, QUALIFICATION=QUALIFICATION, CHECKLIST=CHECKLIST,
            CASE_STORY=CASE_STORY, SOURCE=SOURCE, FLOW=FLOW, site_item=self.site.get, **context,
        )
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
        self.pages[path] = Page(path, f"---\n{front}---\n\n{body}", source)
        self.page_owner[path] = owner

    # -- the pages -----------------------------------------------------------------------------------

    def render(self, problems: Problems) -> dict[str, Page]:
        site = self.site
        stories_for = _reverse(site.of(CASE_STORY), lambda s: s.data.specialisms)
        together = _co_instructed(site.of(CASE_STORY))
        for ctype, template, extra in (
            (SPECIALISM, "specialism.md.j2", lambda i: {
                "stories": stories_for.get(i.id, []),
                "together": [site.get(SPECIALISM, s) for s in together.get(i.id, [])],
            }),
            (QUALIFICATION, "qualification.md.j2", lambda i: {
                "needed_by": [s for s in site.of(SPECIALISM) if i.id in s.data.qualifications],
            }),
            (CHECKLIST, "checklist.md.j2", lambda i: {}),
            (CASE_STORY, "case-story.md.j2", lambda i: {}),
        ):
            self.add(
                index_path(ctype), f"index-{ctype.name}.md.j2",
                {"title": ctype.label, "description": f"Every item in {ctype.label.lower()}."},
                owner=f"the {ctype.label.lower()} index page", items=site.of(ctype), SELF=ctype,
            )
            for item in site.of(ctype):
                self._guard(problems, item, lambda: self.add(
                    item_path(ctype, item.id), template, _meta(item), owner=item.display_path,
                    source=item.path, item=item, data=item.data, sources=self._sources(item), **extra(item),
                ))
        self.add(
            index_path(SOURCE), "index-source.md.j2",
            {"title": "Sources", "description": "The documents this knowledge base draws on."},
            owner="the sources page", items=site.of(SOURCE),
        )
        return self.pages

    def _sources(self, item: Item) -> list[Item]:
        return [self.site.get(SOURCE, s) for s in item.data.sources]

    def _guard(self, problems: Problems, item: Item, action: Callable[[], None]) -> None:
        # Index pages are added before items, so a collision is always reported at an item's file.
        try:
            action()
        except PagePathCollision as exc:
            problems.add(item.display_path, 1, 1, str(exc))


class PagePathCollision(Exception):
    def __init__(self, path: str, first: str, second: str):
        self.path, self.first, self.second = path, first, second
        super().__init__(f"page path '{path}' is produced twice: by {first} and by {second}")


def _meta(item: Item) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": item.data.title, "description": item.data.summary}
    if item.type is SPECIALISM:
        # Specialism pages answer the commonest searches, so they rank above pages that only mention them.
        meta["search"] = {"boost": 2}
    return meta


def _reverse(items: Iterable[Item], refs: Callable[[Item], list[str]]) -> dict[str, list[Item]]:
    """Index items by the ids they refer to: specialism id -> the case stories naming it."""
    out: dict[str, list[Item]] = {}
    for item in items:
        for ref in refs(item):
            out.setdefault(ref, []).append(item)
    return out


def _co_instructed(stories: Iterable[Item]) -> dict[str, list[str]]:
    """Specialisms that appear together in case stories, most frequent first."""
    counts: dict[str, Counter[str]] = {}
    for story in stories:
        for a in story.data.specialisms:
            for b in story.data.specialisms:
                if a != b:
                    counts.setdefault(a, Counter())[b] += 1
    return {k: [s for s, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))] for k, c in counts.items()}


def render_site(site: Site, problems: Problems) -> dict[str, Page]:
    """Every generated page of `site`. Page-path collisions are added to `problems`."""
    return Renderer(site).render(problems)

"""The page set: every generated page by path, rendered from a template, with collisions refused.

A `Page` (structure/addresses.py) is Markdown with YAML front matter at a POSIX path relative to the docs folder
(`specialisms/hand-therapy.md`). Links between pages are always relative, so the site works under a sub-path.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from ..config.settings import EditLinks
from ..problems import Problems
from ..structure.addresses import Page, index_path, item_path
from ..structure.content import CASE_STORY, CHECKLIST, FLOW, QUALIFICATION, SOURCE, SPECIALISM, Item, Site
from .glossary import PAGE as GLOSSARY_PAGE
from .glossary import Glossary
from .review import review_label, review_line
from .wording import FILTERS, ORIGIN_TITLES, long_date

# The pages of a referral tool's steps and results: their words sit inside answer buttons and links.
STEP_PAGE = re.compile(rf"^{FLOW.folder}/[^/]+/(?:step|screen)(?:/|$)")


STR_TAG = "tag:yaml.org,2002:str"


# libyaml's emitter when PyYAML has it: the same text as yaml.safe_dump (tests/golden holds it to that), faster.
class FrontMatterDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """The safe dumper with two shortcuts for text, most of every page's front matter (a page's tags are a list of
    them): a string is represented without the generic dispatch (strings are never aliased), and a scalar's tag is
    resolved without the generic path when there are no path resolvers. Both give what the general code does."""

    def represent_data(self, data: Any) -> Any:
        if type(data) is str:
            return yaml.ScalarNode(STR_TAG, data, style=self.default_style)
        return super().represent_data(data)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if implicit[0]:
            resolvers = self.yaml_implicit_resolvers
            for tag, regexp in resolvers.get(value[0] if value else "", ()):
                if regexp.match(value):
                    return tag
            for tag, regexp in resolvers.get(None, ()):
                if regexp.match(value):
                    return tag
        return self.DEFAULT_SCALAR_TAG


def relative_link(target: str, base: str) -> str:
    """`posixpath.relpath(target, base)` for the clean relative page paths used here ('a/b.md' from 'c/d'), without
    its two os.getcwd() calls per link: the pages hold tens of thousands of links."""
    if target == base:
        return "."
    to, start = target.split("/"), base.split("/") if base else []
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def link_from(here: str, target: str) -> str:
    """The relative link from page `here` to page `target`: relative, so the site works under a sub-path."""
    return relative_link(target, posixpath.dirname(here))


# Characters that Markdown (with the site's attr_list and tables extensions) would read as markup in plain text:
# emphasis, code, link brackets, attribute lists, headings and table cell ends. Each is escaped with a backslash,
# which Python-Markdown turns back into the character; '<' has no backslash escape, so it becomes an entity.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#|])")


def md_text(value: object) -> str:
    """Plain text (a title, an answer, a question) as Markdown that shows exactly that text, on one line, safe in
    a heading, link text or table cell.

    >>> md_text("Hand | wrist [*splints*] <5")
    'Hand \\\\| wrist \\\\[\\\\*splints\\\\*\\\\] &lt;5'
    """
    one_line = " ".join(str(value).split())  # a line break would end the heading or the table row
    return MARKDOWN_SPECIAL.sub(r"\\\1", one_line).replace("<", "&lt;")


def md_cell(value: object) -> str:
    """Prose in a table cell: its emphasis and links still work, but a '|' no longer ends the cell early and a
    line break no longer ends the row."""
    return " ".join(str(value).split()).replace("|", "\\|")


def partial_date(value: str) -> str:
    """'2021' -> 2021, '2025-03' -> March 2025, '2021-03-03' -> 3 March 2021: as precise as the source is."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return value
    day = dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    return long_date(day) if len(parts) == 3 else day.strftime("%B %Y")


def nation_list(values: list[Any]) -> str:
    """[England, Wales, Northern Ireland] -> 'England, Wales and Northern Ireland'."""
    names = [str(v) for v in values]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@functools.cache
def environment() -> Environment:
    # One per process: Jinja compiles each template once and reloads it only when its file changes, so
    # `mkdocs serve` rebuilds and repeated generate() calls skip the compile.
    env = Environment(
        loader=PackageLoader("generator.render", "templates"),
        undefined=StrictUndefined,  # a typo in a template is an error, not an empty string
        autoescape=False,  # the output is Markdown; unsafe HTML is rejected in the content check
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Every value from content that lands in a heading, link text or table cell goes through one of these.
    env.filters["md_text"] = md_text
    env.filters["md_cell"] = md_cell
    env.filters.update(FILTERS)
    env.filters["partial_date"] = partial_date
    env.filters["nation_list"] = nation_list
    env.filters["review_label"] = review_label
    env.filters["review_line"] = review_line
    # What every page may use and no build changes. The macros see only these (they are imported without the
    # page's context, so Jinja runs the macros file once, not once per page); what varies is passed to them.
    env.globals.update(
        item_path=item_path, index_path=index_path, SPECIALISM=SPECIALISM, QUALIFICATION=QUALIFICATION,
        CHECKLIST=CHECKLIST, CASE_STORY=CASE_STORY, SOURCE=SOURCE, FLOW=FLOW, ORIGIN_TITLES=ORIGIN_TITLES,
    )
    return env


class PagePathCollision(Exception):
    def __init__(self, path: str, first: str, second: str):
        self.path, self.first, self.second = path, first, second
        super().__init__(f"page path '{path}' is produced twice: by {first} and by {second}")


class PageSet:
    """The pages of one build, by path. Two producers of one path are refused (Pelican's writer does the same)."""

    def __init__(self, site: Site, edit_links: EditLinks | None = None):
        self.site = site
        self.edit_links = edit_links
        self.env = environment()
        self.pages: dict[str, Page] = {}
        self.assets: dict[str, Page] = {}  # non-Markdown files, e.g. flow diagrams
        self.owner: dict[str, str] = {}
        self.glossary = Glossary(site)
        self.templates: dict[str, Template] = {}  # looked up once per build, not once per page

    def add(self, path: str, template: str, meta: dict[str, Any], owner: str,
            source: Path | None = None, **context: Any) -> None:
        """Render `template` to page `path`. `owner` names what produced it, for collision messages."""
        if path in self.pages:
            raise PagePathCollision(path, self.owner[path], owner)
        if template not in self.templates:
            self.templates[template] = self.env.get_template(template)
        body = self.templates[template].render(
            link=functools.partial(link_from, path), page_path=path, site_item=self.site.get,
            review_of=self.site.review, **context,
        )
        if self.edit_links is not None:
            # In front matter, so an engine that runs no plugin still links to the source under content/, and
            # to nothing for a page made from many files (overrides/partials/actions.html reads it).
            meta = {**meta, "edit_url": None if source is None else self.edit_links.url(source)}
        if STEP_PAGE.match(path):
            # No tooltip inside an answer button or a link: the words are explained in a list after the page.
            words = self.glossary.words_used(body)
            body += f"\n{words}" if words else ""
        elif path != GLOSSARY_PAGE:
            abbreviations = self.glossary.abbreviations(body)
            body += f"\n{abbreviations}" if abbreviations else ""
        front = yaml.dump(meta, Dumper=FrontMatterDumper, sort_keys=False, allow_unicode=True, width=1000)
        self.pages[path] = Page(path, f"---\n{front}---\n\n{body}", source)
        self.owner[path] = owner

    def add_asset(self, path: str, text: str, source: Path | None) -> None:
        self.assets[path] = Page(path, text, source)

    @contextmanager
    def collisions(self, problems: Problems, item: Item[Any]) -> Iterator[None]:
        """Report a page-path collision at `item`'s file. Index pages are added before items, so a collision is
        always reported at an item's file."""
        try:
            yield
        except PagePathCollision as exc:
            problems.add(item.display_path, 1, 1, str(exc))

    def all(self) -> dict[str, Page]:
        return {**self.pages, **self.assets}

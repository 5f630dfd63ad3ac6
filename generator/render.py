"""Render the validated site into Markdown pages: the only module that touches Jinja.

The result is a mapping of page path (relative to the docs folder, e.g. `specialisms/hand-therapy.md`) to a
`Page`. Any engine can consume it: the MkDocs plugin adds the pages in memory, and `python -m generator build`
writes them to a folder.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from .content import CASE_STORY, CHECKLIST, FLOW, QUALIFICATION, SOURCE, SPECIALISM, ContentType, Item, Site
from .diagram import flow_svg
from .model import AgeGroup, Audience, FlowQuestion, RcotSection, Setting
from .options import Options
from .problems import Problems
from .referral import FlowGraph, option_slug, referral_summary


@dataclass(frozen=True)
class Page:
    path: str  # POSIX path relative to the docs folder
    text: str  # Markdown with YAML front matter
    source: Path | None = None  # the content file behind the page, for "edit this page"


# libyaml's emitter when PyYAML has it: the same text as yaml.safe_dump (tests/golden holds it to that), faster.
FRONT_MATTER_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def item_path(ctype: ContentType, item_id: str) -> str:
    return f"{ctype.folder}/{item_id}.md"


def index_path(ctype: ContentType) -> str:
    return f"{ctype.folder}/index.md"


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


def long_date(value: dt.date) -> str:
    """1 November 2026: the UK way, with no leading zero."""
    return f"{value.day} {value.strftime('%B %Y')}"


@functools.cache
def _environment() -> Environment:
    # One per process: Jinja compiles each template once and reloads it only when its file changes, so
    # `mkdocs serve` rebuilds and repeated generate() calls skip the compile.
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

    def __init__(self, site: Site, options: Options):
        self.site = site
        self.options = options
        self.env = _environment()
        self.pages: dict[str, Page] = {}
        self.assets: dict[str, Page] = {}  # non-Markdown files, e.g. flow diagrams
        self.page_owner: dict[str, str] = {}

    # -- helpers available to templates -------------------------------------------------------------

    def _link(self, here: str) -> Callable[[str], str]:
        """A function giving the relative link from page `here` to another page path."""
        return functools.partial(link_from, here)

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
        front = yaml.dump(meta, Dumper=FRONT_MATTER_DUMPER, sort_keys=False, allow_unicode=True, width=1000)
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
                with self._collisions(problems, item):
                    self.add(
                        item_path(ctype, item.id), template, _meta(item), owner=item.display_path,
                        source=item.path, item=item, data=item.data, sources=self._sources(item), **extra(item),
                    )
        self._flows(problems)
        self._browse()
        self.add(
            index_path(SOURCE), "index-source.md.j2",
            {"title": "Sources", "description": "The documents this knowledge base draws on."},
            owner="the sources page", items=site.of(SOURCE),
        )
        return {**self.pages, **self.assets}

    def _flows(self, problems: Problems) -> None:
        flows = self.site.of(FLOW)
        self.add(
            index_path(FLOW), "referral/index.md.j2",
            {"title": FLOW.label, "description": "Guided questions for instructing an OT or working independently."},
            owner="the referral tools index page",
            flows=[{"title": f.data.title, "intro": f.data.intro, "href": f"{f.id}/index.md",
                    "how": f"{f.id}/how-it-decides.md"} for f in flows],
        )
        for flow in flows:
            with self._collisions(problems, flow):
                self._flow(flow)

    def _flow(self, item: Item) -> None:
        flow, graph = item.data, FlowGraph(item.data)
        base = f"{FLOW.folder}/{item.id}"
        therapist = flow.audience is Audience.therapist
        reviewed = long_date(flow.last_reviewed)

        def step_path(slugs: tuple[str, ...]) -> str:
            return posixpath.join(base, "step", *slugs, "index.md")

        def titled(ctype: ContentType, ids: list[str], here: str) -> list[dict[str, str]]:
            return [{"title": self.site.get(ctype, i).data.title, "href": link_from(here, item_path(ctype, i))}
                    for i in ids]

        start_page, how_page = f"{base}/index.md", f"{base}/how-it-decides.md"
        # Step and outcome pages are reached by walking the flow, never by search, and are not indexed.
        hidden = {"search": {"exclude": True}, "robots": "noindex", "hide": ["navigation", "toc"]}
        rows = []
        for step in graph.steps():
            here = step_path(step.slugs)
            answers = [
                {"question": q.text, "label": o.label, "change": link_from(here, step_path(step.slugs[:i]))}
                for i, (q, o) in enumerate(step.answers)
            ]
            back = link_from(here, step_path(step.slugs[:-1]) if step.answers else start_page)
            common = {"answers": answers, "back": back, "restart": link_from(here, step_path(())),
                      "therapist": therapist}
            node = step.node
            if isinstance(node, FlowQuestion):
                self.add(here, "referral/question.md.j2",
                         {"title": node.text, "description": flow.title, **hidden}, owner=item.display_path,
                         question=node, number=len(step.answers) + 1,
                         most=len(step.answers) + graph.remaining[node.id],
                         options=[{"label": o.label, "href": link_from(here, step_path(step.slugs + (option_slug(o),)))}
                                  for o in node.options], **common)
                continue
            summary = referral_summary(flow, step, self.site, reviewed, self._url(here))
            email = None
            if self.options.referral_email:
                email = "mailto:{}?{}".format(self.options.referral_email, urlencode(
                    {"subject": f"Referral: {node.title}", "body": summary}, quote_via=quote))
            self.add(here, "referral/outcome.md.j2",
                     {"title": node.title, "description": node.summary, **hidden}, owner=item.display_path,
                     outcome=node, recommend=titled(SPECIALISM, node.recommend, here),
                     checks=titled(QUALIFICATION, node.checks, here),
                     stories=titled(CASE_STORY, node.case_stories, here),
                     also=titled(SPECIALISM, node.also_consider, here),
                     summary=summary, email_href=email, reviewed=reviewed, **common)
            rows.append({"answers": [o.label for _, o in step.answers], "title": node.title,
                         "href": link_from(how_page, here)})
        start_meta = {"title": flow.title, "description": flow.intro, "tags": list(flow.keywords)}
        self.add(start_page, "referral/start.md.j2", start_meta,
                 owner=item.display_path, source=item.path, flow=flow, most=graph.remaining[flow.start],
                 start_href=link_from(start_page, step_path(())), how_href="how-it-decides.md",
                 sources=self._sources(item))
        svg = f"{base}/how-it-decides.svg"
        self.add(how_page, "referral/how.md.j2",
                 {"title": f"How this tool decides: {flow.title}", "description": flow.intro, "hide": ["toc"]},
                 owner=item.display_path, source=item.path, flow=flow, rows=rows,
                 start_href="index.md", svg_href="how-it-decides.svg")
        self.assets[svg] = Page(svg, flow_svg(graph), item.path)

    def _browse(self) -> None:
        """Listings by condition, age group, setting, audience and RCOT section, all from the content."""
        site = self.site
        specs, stories = site.of(SPECIALISM), site.of(CASE_STORY)
        label = {SPECIALISM: "specialism", CASE_STORY: "case story", CHECKLIST: "checklist", FLOW: "referral tool"}

        def entry(item: Item) -> dict[str, str]:
            path = f"{FLOW.folder}/{item.id}/index.md" if item.type is FLOW else item_path(item.type, item.id)
            return {"title": item.data.title, "path": path, "kind": label[item.type]}

        def grouped(pairs: Iterable[tuple[str, Item]], order: list[str] | None = None) -> list[dict[str, Any]]:
            groups: dict[str, list[Item]] = {}
            for name, item in pairs:
                groups.setdefault(name, []).append(item)
            names = [n for n in order if n in groups] if order else sorted(groups, key=str.lower)
            return [{"name": n[:1].upper() + n[1:],
                     "entries": [entry(i) for i in sorted(groups[n], key=lambda i: (label[i.type], i.data.title))]}
                    for n in names]

        listings = [
            ("by-condition", "By condition", "Specialisms and case stories for each condition named in the content.",
             grouped([(c.lower(), s) for s in specs + stories for c in s.data.conditions])),
            ("by-age-group", "By age group", "Specialisms for each age group.",
             grouped(((g.value, s) for s in specs for g in s.data.age_groups), [g.value for g in AgeGroup])),
            ("by-setting", "By setting", "Specialisms and case stories by where the work happens.",
             grouped([(g.value, s) for s in specs for g in s.data.settings]
                     + [(s.data.setting.value, s) for s in stories], [g.value for g in Setting])),
            ("by-audience", "By audience", "Checklists and referral tools for case managers and for therapists.",
             grouped([(a.value + "s", c) for c in site.of(CHECKLIST) for a in c.data.audience]
                     + [(f.data.audience.value + "s", f) for f in site.of(FLOW)])),
            ("by-rcot-section", "By RCOT specialist section",
             "Specialisms under the Royal College of Occupational Therapists' specialist sections.",
             grouped(((s.data.rcot_section.value, s) for s in specs), [r.value for r in RcotSection])),
        ]
        for slug, title, intro, groups in listings:
            # Listings mention every condition once; they should not outrank the pages they list.
            meta = {"title": title, "description": intro, "search": {"boost": 0.5}}
            self.add(f"browse/{slug}.md", "browse.md.j2", meta,
                     owner="the browse pages", title=title, intro=intro, groups=groups)
        self.add("browse/index.md", "browse-index.md.j2",
                 {"title": "Browse", "description": "Find content by condition, age group, setting or audience."},
                 owner="the browse pages",
                 pages=[{"title": t, "intro": i, "path": f"browse/{s}.md"} for s, t, i, _ in listings])

    def _url(self, page: str) -> str:
        """The published address of a page, for printed summaries."""
        directory = page[: -len("index.md")] if page.endswith("index.md") else page[:-3] + "/"
        return (self.options.site_url or "").rstrip("/") + "/" + directory

    def _sources(self, item: Item) -> list[Item]:
        return [self.site.get(SOURCE, s) for s in item.data.sources]

    @contextmanager
    def _collisions(self, problems: Problems, item: Item) -> Iterator[None]:
        # Index pages are added before items, so a collision is always reported at an item's file.
        try:
            yield
        except PagePathCollision as exc:
            problems.add(item.display_path, 1, 1, str(exc))


class PagePathCollision(Exception):
    def __init__(self, path: str, first: str, second: str):
        self.path, self.first, self.second = path, first, second
        super().__init__(f"page path '{path}' is produced twice: by {first} and by {second}")


def _meta(item: Item) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": item.data.title, "description": item.data.summary}
    if item.data.keywords:
        # Material's search indexes front-matter tags as their own field, so the everyday words people type
        # ("wheelchair", "back to work") find the page even when the page's own wording differs.
        meta["tags"] = list(item.data.keywords)
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


def render_site(site: Site, problems: Problems, options: Options) -> dict[str, Page]:
    """Every generated page of `site`. Page-path collisions are added to `problems`."""
    return Renderer(site, options).render(problems)

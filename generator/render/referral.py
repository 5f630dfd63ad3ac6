"""Referral tool pages: a start page, one static page per step and outcome, and "how this tool decides"."""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import quote, urlencode

from ..options import Options
from ..practice import Practice
from ..problems import Problems
from ..structure.content import CASE_STORY, FLOW, QUALIFICATION, SPECIALISM, ContentType, Item, Site
from ..structure.graph import FlowGraph, Step, option_slug, route_urgency
from ..structure.model import Audience, Flow, FlowOutcome, FlowQuestion
from .items import review_meta, sources_of
from .pages import PageSet, index_path, item_path, link_from
from .referral_how import how_outline
from .review import review_text
from .summary import referral_summary

# Step and outcome pages are reached by walking the flow, never by search, and are not indexed.
HIDDEN = {"search": {"exclude": True}, "robots": "noindex", "hide": ["navigation", "toc"]}


def render_flows(pages: PageSet, options: Options, problems: Problems) -> None:
    flows = pages.site.of(FLOW)
    pages.add(
        index_path(FLOW), "referral/index.md.j2",
        {"title": FLOW.label, "description": "Guided questions for instructing an OT or working independently."},
        owner="the referral tools index page",
        flows=[{"title": f.data.title, "intro": f.data.intro, "href": f"{f.id}/index.md",
                "how": f"{f.id}/how-it-decides.md"} for f in flows],
    )
    for flow in flows:
        with pages.collisions(problems, flow):
            FlowPages(pages, options, flow).render()


def flow_navigation(site: Site) -> list[dict[str, str]]:
    """Navigation entries for the referral tools, from the content: {title: start page path}, in id order."""
    return [{f.data.short_title or f.data.title: f"{FLOW.folder}/{f.id}/index.md"} for f in site.of(FLOW)]


def published_url(site_url: str | None, page: str) -> str:
    """The published address of a page, for printed summaries."""
    directory = page[: -len("index.md")] if page.endswith("index.md") else page[:-3] + "/"
    return (site_url or "").rstrip("/") + "/" + directory


class FlowPages:
    """The pages of one flow."""

    def __init__(self, pages: PageSet, options: Options, item: Item[Flow]):
        self.pages, self.options, self.item = pages, options, item
        self.flow, self.graph = item.data, FlowGraph(item.data)
        self.base = f"{FLOW.folder}/{item.id}"
        self.start_page, self.how_page = f"{self.base}/index.md", f"{self.base}/how-it-decides.md"
        status = pages.site.review(item)
        self.reviewed = review_text(status)
        # Near the top of every result of a tool no clinician has currently signed off: the reader acts on it.
        self.review_note = None if status.is_reviewed else self.reviewed
        self.therapist = self.flow.audience is Audience.therapist
        self.rows: list[dict[str, Any]] = []

    def step_path(self, slugs: tuple[str, ...]) -> str:
        return posixpath.join(self.base, "step", *slugs, "index.md")

    def render(self) -> None:
        for step in self.graph.steps():
            if isinstance(step.node, FlowQuestion):
                self._question(step, step.node)
            else:
                self._outcome(step, step.node)
        self._start_and_how()

    def _link(self, here: str, target: str) -> dict[str, str | None]:
        """A link from `here`: its relative address, and the full one printed after it when the site's is known."""
        printed = published_url(self.options.site_url, target) if self.options.site_url else None
        return {"href": link_from(here, target), "print": printed}

    def _common(self, step: Step, here: str) -> dict[str, Any]:
        """What every step page shows: the answers so far with change links, back, start again."""
        answers = [
            {"question": q.text, "label": o.label, "change": link_from(here, self.step_path(step.slugs[:i]))}
            for i, (q, o) in enumerate(step.answers)
        ]
        back = link_from(here, self.step_path(step.slugs[:-1]) if step.answers else self.start_page)
        return {"answers": answers, "back": back, "restart": link_from(here, self.step_path(())),
                "therapist": self.therapist}

    def _question(self, step: Step, node: FlowQuestion) -> None:
        here = self.step_path(step.slugs)
        self.pages.add(
            here, "referral/question.md.j2",
            {"title": node.text, "description": self.flow.title, **HIDDEN}, owner=self.item.display_path,
            question=node, number=len(step.answers) + 1,
            most=len(step.answers) + self.graph.remaining[node.id],
            options=[{"label": o.label, "href": link_from(here, self.step_path(step.slugs + (option_slug(o),)))}
                     for o in node.options], **self._common(step, here))

    def _titled(self, ctype: ContentType[Any], ids: list[str], here: str) -> list[dict[str, str | None]]:
        return [{"title": self.pages.site.get(ctype, i).data.title, **self._link(here, item_path(ctype, i))}
                for i in ids]

    def _outcome(self, step: Step, node: FlowOutcome) -> None:
        here = self.step_path(step.slugs)
        url = published_url(self.options.site_url, here)
        summary = referral_summary(self.flow, step, self.pages.site, self.reviewed, url)
        email = None
        if self.options.referral_email and not self.therapist:
            email = "mailto:{}?{}".format(self.options.referral_email, urlencode(
                {"subject": f"Referral: {node.title}", "body": summary}, quote_via=quote))
        urgency, reasons = route_urgency(step)
        self.pages.add(
            here, "referral/outcome.md.j2",
            {"title": node.title, "description": node.summary, **HIDDEN}, owner=self.item.display_path,
            outcome=node, recommend=self._titled(SPECIALISM, node.recommend, here),
            checks=self._titled(QUALIFICATION, node.checks, here),
            stories=self._titled(CASE_STORY, node.case_stories, here),
            also=self._titled(SPECIALISM, node.also_consider, here),
            urgency=urgency, reasons=reasons, practice=self._practice(),
            summary=summary, email_href=email, reviewed=self.reviewed, review_note=self.review_note,
            **self._common(step, here))
        self.rows.append({"answers": [o.label for _, o in step.answers], "title": node.title,
                          "urgency": urgency, "href": link_from(self.how_page, here)})

    def _practice(self) -> dict[str, str]:
        """The practice's details for case managers' results; none for therapists' tools, which offer no referral."""
        return (Practice() if self.therapist else self.options.practice).as_dict()

    def _start_and_how(self) -> None:
        flow, item = self.flow, self.item
        start_meta = {"title": flow.title, "description": flow.intro, "tags": list(flow.keywords),
                      **review_meta(self.pages.site, item)}
        self.pages.add(self.start_page, "referral/start.md.j2", start_meta,
                       owner=item.display_path, source=item.path, flow=flow, item=item,
                       most=self.graph.remaining[flow.start],
                       start_href=link_from(self.start_page, self.step_path(())), how_href="how-it-decides.md",
                       sources=sources_of(self.pages.site, item))
        self.pages.add(self.how_page, "referral/how.md.j2",
                       {"title": f"How this tool decides: {flow.title}", "description": flow.intro, "hide": ["toc"]},
                       owner=item.display_path, source=item.path, flow=flow, item=item, rows=self.rows,
                       outline=how_outline(self.graph), start_href="index.md")

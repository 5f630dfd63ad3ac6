"""Referral tool pages: a start page, one static page per step and outcome, and "how this tool decides"."""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import quote, urlencode

from ..config.options import Options
from ..config.practice import Practice
from ..problems import Problems
from ..structure.addresses import addresses, index_path, item_path, moved_target, read_record, record_path
from ..structure.content import CASE_STORY, FLOW, QUALIFICATION, SPECIALISM, ContentType, Item, Site
from ..structure.graph import Answer, FlowGraph, Step, need_urgencies, option_slug, route_urgency
from ..structure.model import Audience, Flow, FlowOutcome, FlowQuestion, FlowScreen
from .items import REFERENCE_BOOST, review_meta, sources_of
from .pages import PageSet, link_from
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


# The line in a hand-written page (the contact page) where the red-flag list of each referral tool is filled in.
RED_FLAGS_TOKEN = "{{ referral.red_flags }}"


def red_flag_list(site: Site, here: str) -> str:
    """The situations each referral tool's red-flag screen lists, as Markdown for the page at `here`: each with what
    to do now (from its red-flag result, by nation) and a link to the tool's own page for it. Generated from the
    flow data, so the contact page and the tool never say different things."""
    lines: list[str] = []
    for item in site.of(FLOW):
        flow, base = item.data, f"{FLOW.folder}/{item.id}"
        if flow.screen is None:
            continue
        outcomes = {o.id: o for o in flow.outcomes}
        for option in flow.screen.options:
            address = link_from(here, posixpath.join(base, "screen", option_slug(option), "index.md"))
            lines.append(f"- **{option.label}** ([in the tool]({address}))")
            target = outcomes.get(option.next)
            if target is not None and target.red_flag:
                for act in act_now_lines(target):
                    where = f"**In {act['where']}:** " if act["where"] else ""
                    lines.append(f"    - {where}{act['do']}")
            elif option.raises is not None:
                lines.append(f"    - {option.raises.reason}")
        lines.append("")
    return "\n".join(lines).rstrip("\n")


def fill_red_flags(text: str, site: Site, here: str) -> str:
    """`text` with the red-flag token line replaced by the list (see `red_flag_list`); unchanged without it."""
    if RED_FLAGS_TOKEN not in text:
        return text
    return text.replace(RED_FLAGS_TOKEN, red_flag_list(site, here))


def act_now_lines(outcome: FlowOutcome) -> list[dict[str, str]]:
    """A red-flag result's steps, each with where it applies in words ("" for everywhere in the UK)."""
    return [{"where": nations_in_words([n.value for n in act.nations]), "do": act.do} for act in outcome.act_now]


def nations_in_words(nations: list[str]) -> str:
    """'England', 'England and Wales', 'England, Wales and Scotland'; '' for none (everywhere)."""
    if len(nations) < 2:
        return "".join(nations)
    return ", ".join(nations[:-1]) + " and " + nations[-1]


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
        self.table = need_urgencies(pages.site.terms("needs"))
        self.rows: list[dict[str, Any]] = []

    def step_path(self, slugs: tuple[str, ...]) -> str:
        return posixpath.join(self.base, "step", *slugs, "index.md")

    def path_of(self, step: Step) -> str:
        """The page of a step: `screen/...` on the red-flag screen's routes, `step/...` otherwise."""
        return posixpath.join(self.base, *step.segments, "index.md")

    def asked_at(self, answers: tuple[Answer, ...], i: int) -> str:
        """The page on which the i-th answer was given (its question's page), for "Change" links."""
        question = answers[i][0]
        return self.path_of(Step(answers[:i], question))

    @property
    def first_page(self) -> str:
        """Where "Start now" leads: the red-flag screen when the flow has one, else the first question."""
        if self.flow.screen is not None:
            return self.path_of(Step((), self.flow.screen))
        return self.step_path(())

    def render(self) -> None:
        for step in self.graph.steps():
            if isinstance(step.node, FlowQuestion):
                self._question(step, step.node)
            else:
                self._outcome(step, step.node)
        self._start_and_how()
        self._moved()

    def _moved(self) -> None:
        """A page at each published address no step has now, leading on to where its `moved` entry sends it (the
        check has made sure there is one, and that it is a step)."""
        current = set(addresses(self.flow))
        for address in read_record(record_path(self.pages.site.content_dir, self.item.id)):
            target = moved_target(address, self.flow.moved)
            if address in current or target is None or target[1] not in current:
                continue
            here = posixpath.join(self.base, address, "index.md")
            new = posixpath.join(self.base, target[1], "index.md")
            self.pages.add(
                here, "referral/moved.md.j2",
                {"title": "This page has moved", "description": self.flow.title,
                 "redirect": posixpath.dirname(link_from(here, new)) + "/", **HIDDEN},
                owner=self.item.display_path, new=link_from(here, new), tool=self.flow.title,
                start=link_from(here, self.start_page))

    def _link(self, here: str, target: str) -> dict[str, str | None]:
        """A link from `here`: its relative address, and the full one printed after it when the site's is known."""
        printed = published_url(self.options.site_url, target) if self.options.site_url else None
        return {"href": link_from(here, target), "print": printed}

    def _common(self, step: Step, here: str) -> dict[str, Any]:
        """What every step page shows: the answers so far with change links, back, start again."""
        answers = [
            {"question": q.text, "label": o.label, "change": link_from(here, self.asked_at(step.answers, i))}
            for i, (q, o) in enumerate(step.answers)
        ]
        if step.answers:
            back = self.asked_at(step.answers, len(step.answers) - 1)
        elif isinstance(step.node, FlowScreen) or self.flow.screen is None:
            back = self.start_page
        else:
            back = self.first_page  # the first question, reached by "None of these": back to the screen
        return {"answers": answers, "back": link_from(here, back), "restart": link_from(here, self.first_page),
                "therapist": self.therapist}

    def _question(self, step: Step, node: FlowQuestion) -> None:
        here = self.path_of(step)
        screen = isinstance(node, FlowScreen)
        options: list[dict[str, object]] = [
            {"label": o.label, "href": link_from(here, self.path_of(Step(step.answers + ((node, o),), node)))}
            for o in node.options]
        if isinstance(node, FlowScreen):
            options.append({"label": node.none_label, "href": link_from(here, self.step_path(())), "none": True})
        self.pages.add(
            here, "referral/question.md.j2",
            {"title": node.text, "description": self.flow.title, **HIDDEN}, owner=self.item.display_path,
            question=node, number=len(step.answers) + 1, screen=screen,
            most=len(step.answers) + self.graph.remaining[node.id],
            options=options, **self._common(step, here))

    def _titled(self, ctype: ContentType[Any], ids: list[str], here: str) -> list[dict[str, str | None]]:
        return [{"title": self.pages.site.get(ctype, i).data.title, **self._link(here, item_path(ctype, i))}
                for i in ids]

    def _outcome(self, step: Step, node: FlowOutcome) -> None:
        here = self.path_of(step)
        url = published_url(self.options.site_url, here)
        summary = referral_summary(self.flow, step, self.pages.site, self.reviewed, url, self.table)
        email = None
        # A red-flag result is acted on now, not referred: no email to the practice, no "talk it through".
        if self.options.referral_email and not self.therapist and not node.red_flag:
            email = "mailto:{}?{}".format(self.options.referral_email, urlencode(
                {"subject": f"Referral: {node.title}", "body": summary}, quote_via=quote))
        urgency, reasons = route_urgency(step, self.table)
        self.pages.add(
            here, "referral/outcome.md.j2",
            {"title": node.title, "description": node.summary, **HIDDEN}, owner=self.item.display_path,
            outcome=node, recommend=self._titled(SPECIALISM, node.recommend, here),
            checks=self._titled(QUALIFICATION, node.checks, here),
            stories=self._titled(CASE_STORY, node.case_stories, here),
            also=self._titled(SPECIALISM, node.also_consider, here),
            urgency=urgency, reasons=reasons, practice=self._practice(node), review_note=self.review_note,
            act_now=act_now_lines(node), summary=summary, email_href=email, reviewed=self.reviewed,
            **self._common(step, here))
        self.rows.append({"answers": [o.label for _, o in step.answers], "title": node.title,
                          "urgency": urgency, "act_now": node.red_flag, "href": link_from(self.how_page, here)})

    def _practice(self, outcome: FlowOutcome) -> dict[str, str]:
        """The practice's details for case managers' results; none for therapists' tools, which offer no referral,
        nor for red-flag results, where contacting the practice is not the first step."""
        return (Practice() if self.therapist or outcome.red_flag else self.options.practice).as_dict()

    def _start_and_how(self) -> None:
        flow, item = self.flow, self.item
        start_meta = {"title": flow.title, "description": flow.intro, "tags": list(flow.keywords),
                      # A tool's start page answers questions as a reference page does: it ranks with them.
                      "search": {"boost": REFERENCE_BOOST}, **review_meta(self.pages.site, item)}
        self.pages.add(self.start_page, "referral/start.md.j2", start_meta,
                       owner=item.display_path, source=item.path, flow=flow, item=item,
                       most=self.graph.remaining[flow.start],
                       start_href=link_from(self.start_page, self.first_page), how_href="how-it-decides.md",
                       sources=sources_of(self.pages.site, item))
        self.pages.add(self.how_page, "referral/how.md.j2",
                       {"title": f"How this tool decides: {flow.title}", "description": flow.intro, "hide": ["toc"]},
                       owner=item.display_path, source=item.path, flow=flow, item=item, rows=self.rows,
                       outline=how_outline(self.graph), start_href="index.md",
                       sources=sources_of(self.pages.site, item))

"""Item pages (specialisms, qualifications, checklists, case stories, guides), their index pages and the sources
page. A guide with `cost_guide_link` ends with a link to the practice's own cost guide when the site sets one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from ..config.options import Options
from ..problems import Problems
from ..structure import model as m
from ..structure.addresses import index_path, item_path
from ..structure.content import (
    CASE_STORY,
    CHECKLIST,
    GUIDE,
    QUALIFICATION,
    REVIEWER,
    SOURCE,
    SPECIALISM,
    ContentType,
    Item,
    Site,
)
from ..structure.review import HCPC_REGISTER, ReviewState
from .pages import PageSet
from .sections import sections

# The item kinds with a page each, and the template for it; sources share one page (render_sources).
ITEM_TEMPLATES: tuple[tuple[ContentType[Any], str], ...] = (
    (SPECIALISM, "specialism.md.j2"),
    (QUALIFICATION, "qualification.md.j2"),
    (CHECKLIST, "checklist.md.j2"),
    (CASE_STORY, "case-story.md.j2"),
    (GUIDE, "guide.md.j2"),
)


def render_items(pages: PageSet, options: Options, problems: Problems) -> None:
    site = pages.site
    related = _related(site)
    search_words = _search_words(site)
    for ctype, template in ITEM_TEMPLATES:
        pages.add(
            index_path(ctype), "index.md.j2",
            {"title": ctype.label, "description": f"Every item in {ctype.label.lower()}."},
            owner=f"the {ctype.label.lower()} index page", SELF=ctype,
            sections=sections(site.of(ctype), lambda i: str(i.data.title), _index_entry_size),
        )
        for item in site.of(ctype):
            with pages.collisions(problems, item):
                pages.add(
                    item_path(ctype, item.id), template, {**_meta(item, search_words(item)),
                                                          **review_meta(site, item)},
                    owner=item.display_path, source=item.path, item=item, data=item.data,
                    sources=sources_of(site, item),
                    cost_guide_url=options.cost_guide_url, **related(item),
                )


def _index_entry_size(item: Item[Any]) -> int:
    """About the bytes of an index page's line for `item`: its title, summary and link."""
    return len(f"{item.data.title}{item.data.summary}{item.id}".encode()) + 32


CLINICAL_REVIEW_PAGE = "about/clinical-review.md"


def render_clinical_review(pages: PageSet, options: Options) -> None:
    """Who reviews content, with links to check their registrations, and how many pages stand in each state."""
    site = pages.site
    counts = Counter(status.state for status in site.reviews.values())
    pages.add(
        CLINICAL_REVIEW_PAGE, "clinical-review.md.j2",
        {"title": "Clinical review", "description": "Who reviews this knowledge base's pages, and what each "
         "page's review statement means."},
        owner="the clinical review page", reviewers=site.of(REVIEWER), register=HCPC_REGISTER,
        interval=options.review_interval_months, total=len(site.reviews),
        counts=[(str(state), counts.get(state, 0)) for state in ReviewState],
    )


def render_sources(pages: PageSet) -> None:
    pages.add(
        index_path(SOURCE), "index-source.md.j2",
        {"title": "Sources", "description": "The documents this knowledge base draws on."},
        owner="the sources page", items=pages.site.of(SOURCE),
    )


def sources_of(site: Site, item: Item[Any]) -> list[Item[m.Source]]:
    return [site.get(SOURCE, s) for s in item.data.sources]


def _related(site: Site) -> Callable[[Item[Any]], dict[str, Any]]:
    """What each item page shows of the items around it: the stories naming a specialism, the specialisms
    instructed with it, the specialisms needing a qualification."""
    stories = site.of(CASE_STORY)
    stories_for = _reverse(stories, lambda s: s.data.specialisms)
    together = _co_instructed(stories)

    def related(item: Item[Any]) -> dict[str, Any]:
        if item.type is SPECIALISM:
            return {"stories": stories_for.get(item.id, []),
                    "together": [site.get(SPECIALISM, s) for s in together.get(item.id, [])]}
        if item.type is QUALIFICATION:
            return {"needed_by": [s for s in site.of(SPECIALISM) if item.id in s.data.qualifications]}
        return {}

    return related


# Vocabulary terms an item lists, by field: their synonyms become the page's search tags.
TERM_FIELDS = (("conditions", "conditions"), ("settings", "settings"), ("setting", "settings"),
               ("age_groups", "age-groups"))


def _search_words(site: Site) -> Callable[[Item[Any]], list[str]]:
    """The everyday words for the vocabulary terms an item lists ('upstairs' for reduced mobility), so search
    finds the page by them. A narrower term brings its wider terms' names too."""
    vocabularies = {name: site.terms(name) for _, name in TERM_FIELDS}

    def words(item: Item[Any]) -> list[str]:
        out: list[str] = []
        for field, vocabulary in TERM_FIELDS:
            value = getattr(item.data, field, None)
            terms = vocabularies[vocabulary]
            for listed in [value] if isinstance(value, str) else (value or []):
                name = str(listed)
                while (term := terms.get(name)) is not None and name not in out:
                    out += [name, *term.synonyms]
                    name = term.broader or name
        return out

    return words


REFERENCE_BOOST = 2
STORY_BOOST = 0.5


def _meta(item: Item[Any], search_words: list[str]) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": item.data.title, "description": item.data.summary}
    tags = list(dict.fromkeys([*item.data.keywords, *search_words]))
    if tags:
        # Material's search indexes front-matter tags as their own field, so the everyday words people type
        # ("wheelchair", "back to work", "upstairs") find the page even when the page's own wording differs.
        meta["tags"] = tags
    # The search page multiplies a page's score by its boost when it orders the best results (search.js):
    # reference pages answer the commonest searches ("hoist", "how much does an OT cost"), so they rank above a
    # contact or browse page that only mentions the words; a case story is an example, linked from the
    # specialisms it names, so it follows them even when its title holds the word ("ceiling hoist").
    meta["search"] = {"boost": STORY_BOOST if item.type is CASE_STORY else REFERENCE_BOOST}
    return meta


def review_meta(site: Site, item: Item[Any]) -> dict[str, str]:
    """The page's review state in its front matter, where the pull-request summary reads it."""
    return {"review_state": str(site.review(item).state), "review_source": item.display_path}


def _reverse(items: Iterable[Item[m.CaseStory]], refs: Callable[[Item[m.CaseStory]], list[str]],
             ) -> dict[str, list[Item[m.CaseStory]]]:
    """Index items by the ids they refer to: specialism id -> the case stories naming it."""
    out: dict[str, list[Item[m.CaseStory]]] = {}
    for item in items:
        for ref in refs(item):
            out.setdefault(ref, []).append(item)
    return out


def _co_instructed(stories: Iterable[Item[m.CaseStory]]) -> dict[str, list[str]]:
    """Specialisms that appear together in case stories, most frequent first."""
    counts: dict[str, Counter[str]] = {}
    for story in stories:
        for a in story.data.specialisms:
            for b in story.data.specialisms:
                if a != b:
                    counts.setdefault(a, Counter())[b] += 1
    return {k: [s for s, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))] for k, c in counts.items()}

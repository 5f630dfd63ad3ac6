"""The shape of a loaded site: content types, items and the site that holds them.

Each `ContentType` names a folder under `content/`, the pydantic model its files follow and where its pages go.
An `Item` is one loaded file, typed by its model: `site.of(SPECIALISM)` is a list of `Item[Specialism]`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from pydantic import BaseModel

from ..document import Document
from . import model as m

if TYPE_CHECKING:
    from .review import ReviewStatus

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class ContentType(Generic[M]):
    """A kind of content: where its files live, what schema they follow, where its pages go."""

    name: str  # schema name, e.g. "specialism" -> schemas/specialism.schema.json
    folder: str  # folder under content/ and under the site
    model: type[M]
    label: str  # plural heading, e.g. "Specialisms"
    markdown: bool = False  # Markdown body with YAML front matter, rather than a YAML file

    @property
    def suffixes(self) -> tuple[str, ...]:
        return (".md",) if self.markdown else (".yml", ".yaml")


SOURCE = ContentType("source", "sources", m.Source, "Sources")
SPECIALISM = ContentType("specialism", "specialisms", m.Specialism, "Specialisms")
QUALIFICATION = ContentType("qualification", "qualifications", m.Qualification, "Qualifications and registrations")
CHECKLIST = ContentType("checklist", "checklists", m.Checklist, "Checklists")
CASE_STORY = ContentType("case-study", "case-studies", m.CaseStory, "Case stories", markdown=True)
FLOW = ContentType("flow", "referral", m.Flow, "Referral tools")
VOCABULARY = ContentType("vocabulary", "vocabulary", m.Vocabulary, "Vocabulary")
GUIDE = ContentType("guide", "guides", m.Guide, "Guides", markdown=True)
REVIEWER = ContentType("reviewer", "reviewers", m.Reviewer, "Clinical reviewers")

TYPES: tuple[ContentType[Any], ...] = (SOURCE, SPECIALISM, QUALIFICATION, CHECKLIST, CASE_STORY, FLOW, VOCABULARY,
                                       GUIDE, REVIEWER)
# Types whose items cite sources and carry a clinical review; a vocabulary is a list of words, not a claim.
REVIEWED: tuple[ContentType[Any], ...] = (SPECIALISM, QUALIFICATION, CHECKLIST, CASE_STORY, FLOW, GUIDE)


@dataclass(frozen=True)
class Item(Generic[M]):
    """One loaded content item: its validated data and where each field came from."""

    type: ContentType[M]
    id: str
    path: Path  # the source file
    doc: Document
    data: M
    body: str = ""  # Markdown body (case stories)
    body_line: int = 0

    @property
    def display_path(self) -> str:
        return self.doc.path


@dataclass
class Site:
    """Every item, by type and id, in a stable order."""

    content_dir: Path
    items: dict[str, dict[str, Item[Any]]] = field(default_factory=lambda: {t.name: {} for t in TYPES})
    # Ids of files that exist but failed to load: references to them are not reported a second time.
    broken: set[tuple[str, str]] = field(default_factory=set)
    # Each reviewable item's clinical review by display path, derived by the review check (checks/review.py).
    reviews: dict[str, ReviewStatus] = field(default_factory=dict)

    def of(self, ctype: ContentType[M]) -> list[Item[M]]:
        return cast(list[Item[M]], sorted(self.items[ctype.name].values(), key=lambda i: i.id))

    def get(self, ctype: ContentType[M], item_id: str) -> Item[M]:
        return cast(Item[M], self.items[ctype.name][item_id])

    def terms(self, vocabulary: str) -> dict[str, m.Term]:
        """The terms of one vocabulary by canonical name; empty when there is no such vocabulary file."""
        item = self.items[VOCABULARY.name].get(vocabulary)
        return {term.name: term for term in item.data.terms} if item else {}

    def review(self, item: Item[Any]) -> ReviewStatus:
        """`item`'s clinical review; a draft when the check has not derived it."""
        from .review import ReviewState, ReviewStatus

        return self.reviews.get(item.display_path) or ReviewStatus(ReviewState.draft)

    def all(self) -> Iterator[Item[Any]]:
        for ctype in TYPES:
            yield from self.of(ctype)

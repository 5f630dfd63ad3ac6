"""The content model: one pydantic schema per content type.

These classes are the single source of truth for what a content file may hold. The JSON Schema files under
`schemas/` that editors use are generated from them (`python -m generator schemas`), and a test fails when the
committed files are stale.

Every model forbids unknown fields, so a misspelt key is reported at its line instead of being ignored.
Cross-references (a case story naming a specialism id) are plain id strings here; `generator.content`
resolves them once every file is loaded.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

# An id (ID_PATTERN) is the file's name without its extension; it becomes part of the page URL.
from .provenance import ID_PATTERN as ID_PATTERN
from .provenance import Id as Id
from .provenance import Nation as Nation
from .provenance import NationNote, Origin, PartialDate, Strict, VerifyAt, WebAddress, one_of
from .provenance import Phrase as Phrase
from .provenance import SourceKind as SourceKind
from .provenance import Text as Text


class AgeGroup(StrEnum):
    children = "children"
    young_people = "young people"
    adults = "adults"
    older_adults = "older adults"


class Setting(StrEnum):
    home = "home"
    work = "work"
    school = "school or college"
    community = "community"
    hospital = "hospital"
    care_home = "care home"
    residential = "residential or supported living"


class Involvement(StrEnum):
    one_off = "one-off"
    ongoing = "ongoing"
    either = "one-off or ongoing"


class Audience(StrEnum):
    case_manager = "case manager"
    therapist = "therapist"

    @property
    def plural(self) -> str:
        """The audience as a group of readers, as headings and "For: ..." lines name it."""
        return AUDIENCE_PLURALS[self]


AUDIENCE_PLURALS = {Audience.case_manager: "case managers", Audience.therapist: "therapists"}


class Urgency(StrEnum):
    """How soon a case manager should act on a referral result, least urgent first."""

    routine = "routine"
    soon = "soon"
    urgent = "urgent"

    @property
    def rank(self) -> int:
        return list(Urgency).index(self)


class Requirement(StrEnum):
    essential = "essential"
    best_practice = "best practice"
    where_relevant = "where relevant"


class AgeBand(StrEnum):
    under_5 = "under 5"
    a5_11 = "5-11"
    a12_17 = "12-17"
    a18_25 = "18-25"
    a26_35 = "26-35"
    a36_45 = "36-45"
    a46_55 = "46-55"
    a56_65 = "56-65"
    a66_75 = "66-75"
    over_75 = "over 75"


class Region(StrEnum):
    """Regions, never towns: a smaller place can identify a client."""

    north_east = "North East England"
    north_west = "North West England"
    yorkshire = "Yorkshire and the Humber"
    east_midlands = "East Midlands"
    west_midlands = "West Midlands"
    east = "East of England"
    london = "London"
    south_east = "South East England"
    south_west = "South West England"
    wales = "Wales"
    scotland = "Scotland"
    northern_ireland = "Northern Ireland"


class Source(Strict):
    """A document the knowledge base draws on (`content/sources/<id>.yml`). Items cite it by id."""

    model_config = ConfigDict(
        extra="forbid", frozen=True,
        json_schema_extra=one_of(("url", "url_unavailable"), ("date_published", "date_unknown")),
    )

    title: Text = Field(description="The document's title, as readers would search for it.")
    publisher: Text = Field(description="Who published it.")
    author: Text | None = Field(default=None, description="Who wrote it, where the document says.")
    kind: SourceKind = Field(description="What kind of document it is.")
    summary: Text = Field(description="One or two sentences on what the document covers.")
    url: WebAddress | None = Field(default=None, description="Where to read it: the https address pages link to.")
    url_unavailable: Text | None = Field(
        default=None, description="When no public address could be confirmed: why, and how to find the document.")
    date_published: PartialDate | None = Field(
        default=None, description="When it was published: YYYY, YYYY-MM or YYYY-MM-DD, as precise as it says.")
    date_unknown: Text | None = Field(
        default=None, description="When the document gives no date: why, and what is known of its age.")
    secondary: bool = Field(
        default=False, description="true when it reports others' work or accounts second-hand; then `note` says how.")
    machine_written: bool = Field(
        default=False, description="true when the document says it was written by AI; then `note` says so.")
    note: Text | None = Field(
        default=None, description="What a reader should weigh: second-hand, machine-written, promotional, out of date.")


class Term(Strict):
    """One term of a vocabulary: its canonical name and the everyday words people use for it."""

    name: Phrase = Field(description="The canonical name, lower case, as content files write it.")
    synonyms: list[Phrase] = Field(
        default_factory=list, description="Other words for the same thing, for search: 'head injury', 'TBI'."
    )
    broader: Phrase | None = Field(
        default=None, description="The wider term this one sits under, e.g. 'brain injury' for 'stroke'."
    )
    definition: Text | None = Field(
        default=None, description="In the glossary: a plain-English definition, shown where the term appears.")
    applies_in: list[Nation] | None = Field(
        default=None, description="In nation-specific: the nations where this scheme, law or service applies.")
    urgency: Urgency | None = Field(
        default=None,
        description="In needs: how soon this need, on its own, calls for action (routine, soon or urgent). A referral "
        "result is as urgent as the most urgent need on its route, unless an answer raises it.")
    urgency_reason: Phrase | None = Field(
        default=None, description="In needs: one line a case manager can act on: why the need has that urgency.")


class Vocabulary(Strict):
    """A list of terms content may use (`content/vocabulary/<id>.yml`). `conditions`, `settings` and `age-groups`
    name what specialisms and case stories list (settings and age groups are the model's choices, with their
    everyday synonyms); `glossary` defines technical terms; `nation-specific` names schemes, laws and services
    that apply in only some of the UK's nations. One vocabulary feeds validation, Browse, search and tooltips."""

    title: Text
    summary: Text = Field(description="What the terms are for.")
    terms: list[Term] = Field(min_length=1)


# An HCPC registration number: the profession's two letters and the digits, as the register shows it (OT12345).
REGISTRATION_PATTERN = r"^[A-Z]{2}[0-9]{4,6}$"
Registration = Annotated[str, StringConstraints(pattern=REGISTRATION_PATTERN, strip_whitespace=True)]
# A review's fingerprint: the first 32 hex digits of a SHA-256 over the item's parsed content (structure/review.py).
Fingerprint = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]


class Reviewer(Strict):
    """A clinician of the practice who signs clinical reviews (`content/reviewers/<id>.yml`). A member of staff,
    so named publicly, with a registration readers can check."""

    name: Text = Field(description="Their name as the register shows it, e.g. Jane Smith.")
    profession: Phrase = Field(description="Their registered profession, e.g. Occupational therapist.")
    registration: Registration = Field(description="Their HCPC registration number, e.g. OT12345.")
    role: Phrase | None = Field(default=None, description="Their role in the practice, e.g. Clinical lead.")


class Review(Strict):
    """A clinician's sign-off of an item, written only by `python -m generator review sign`, never by hand."""

    by: Id = Field(description="Id of the reviewer under content/reviewers/.")
    date: dt.date = Field(description="The day the clinician reviewed the item (YYYY-MM-DD).")
    fingerprint: Fingerprint = Field(description="The item's content as reviewed; any change of value lapses it.")


class Reviewed(Strict):
    """Fields every published item carries."""

    sources: list[Id] = Field(min_length=1, description="Ids of documents under content/sources/.")
    review: Review | None = Field(
        default=None, description="A clinician's sign-off, written by 'generator review sign'; absent: a draft.")
    nations: list[NationNote] = Field(
        default_factory=list,
        description="For each scheme, law or service in vocabulary/nation-specific.yml the item names: where it "
        "applies and what applies elsewhere, shown as 'Where this applies'.",
    )


class Specialism(Reviewed):
    """An area of OT practice a case manager may instruct (`content/specialisms/<id>.yml`)."""

    title: Text
    summary: Text = Field(description="Two or three sentences in plain English.")
    when_to_instruct: list[Text] = Field(
        min_length=1, description="Concrete signs in the client that point to this specialism."
    )
    assessments: list[Text] = Field(min_length=1, description="What the OT assesses.")
    interventions: list[Text] = Field(min_length=1, description="What the OT does or recommends.")
    case_manager_receives: list[Text] = Field(
        min_length=1, description="What the case manager gets back: reports, costed recommendations, updates."
    )
    involvement: Involvement = Field(description="Whether the work is usually a one-off or ongoing.")
    involvement_note: Text = Field(description="One sentence on how long or how often.")
    conditions: list[Phrase] = Field(min_length=1, description="Typical conditions, lower case.")
    age_groups: list[AgeGroup] = Field(min_length=1)
    settings: list[Setting] = Field(min_length=1)
    qualifications: list[Id] = Field(
        default_factory=list, description="Ids of qualifications to check before instructing."
    )
    keywords: list[Phrase] = Field(
        min_length=1, description="Everyday words people search with: 'wheelchair', 'splint', 'stairs'."
    )
    needs: list[Phrase] = Field(
        default_factory=list,
        description="Needs this specialism meets, as terms of vocabulary/needs.yml; referral flows check that "
        "every need collected on a route is met by a specialism its result names.",
    )


class Qualification(Reviewed):
    """A qualification, registration or professional safeguard (`content/qualifications/<id>.yml`)."""

    title: Text
    summary: Text
    requirement: Requirement = Field(description="Essential, best practice, or only where relevant.")
    issued_by: Text = Field(description="Who issues, holds or checks it.")
    how_to_verify: list[Text] = Field(min_length=1, description="Steps a case manager can take to verify it.")
    verify_at: list[VerifyAt] = Field(
        min_length=1, description="Where to verify it: registers or pages the page links to (at least one link).")
    keywords: list[Phrase] = Field(default_factory=list)


class ChecklistItem(Strict):
    text: Text
    guidance: Text | None = Field(default=None, description="Optional explanation shown under the item.")


class Checklist(Reviewed):
    """A best-practice checklist (`content/checklists/<id>.yml`)."""

    title: Text
    summary: Text
    audience: list[Audience] = Field(min_length=1)
    items: list[ChecklistItem] = Field(min_length=1)
    keywords: list[Phrase] = Field(default_factory=list)


class CaseStory(Reviewed):
    """Front matter of an anonymised case story (`content/case-studies/<id>.md`); the body is Markdown."""

    title: Text
    summary: Text
    pseudonym: Text | None = Field(
        default=None, description="The declared, changed name used for the client. Never a real name. Left out "
        "only for a service example, which describes no person.")
    age_band: AgeBand | None = Field(
        default=None, description="Left out when the source gives no age; the page then shows 'Not stated'.")
    region: Region | None = Field(
        default=None, description="Left out when the source gives no region; the page then shows 'Not stated'.")
    conditions: list[Phrase] = Field(min_length=1)
    specialisms: list[Id] = Field(min_length=1, description="Ids of the specialisms involved.")
    setting: Setting
    goals: list[Text] = Field(min_length=1)
    interventions: list[Text] = Field(min_length=1)
    outcomes: list[Text] = Field(min_length=1)
    origin: Origin = Field(
        description="Where the story comes from: kind 'publication' (retold), 'composite', 'service-example' (a "
        "published service, no person) or 'own-client'. The note on the page is generated from it.")
    keywords: list[Phrase] = Field(default_factory=list)


class Guide(Reviewed):
    """A page of guidance in prose that cites its sources (`content/guides/<id>.md`), such as fees and funding;
    the body is Markdown."""

    title: Text
    summary: Text = Field(description="One or two sentences: what the page answers. Shown under the title.")
    readers: list[Audience] = Field(min_length=1, description="Who the guide is written for.")
    cost_guide_link: bool = Field(
        default=False,
        description="After the text, link to the practice's own cost guide, when the site sets one "
        "(cost_guide_url in mkdocs.yml).")
    keywords: list[Phrase] = Field(default_factory=list)


class Raise(Strict):
    """An answer that makes the result more urgent than the outcome alone says, and why."""

    urgency: Urgency
    reason: Phrase = Field(description="One line a case manager can act on: why this answer raises urgency.")


class FlowOption(Strict):
    label: Text = Field(description="The answer as the reader sees it.")
    slug: Id = Field(
        description="This answer's part of the web address, e.g. not-sure. It stays the same when the wording "
        "changes, so links saved in case files keep working: change it only with a Moved entry for the old "
        "address.")
    next: Id = Field(description="Id of the next question or of an outcome.")
    raises: Raise | None = Field(
        default=None, description="Urgency this answer raises the result to, with the reason."
    )
    needs: list[Phrase] = Field(
        default_factory=list,
        description="Needs this answer reveals, as terms of vocabulary/needs.yml. Every result this answer "
        "leads to must recommend, or list under also_consider, a specialism that meets each of them.",
    )
    editor_note: Text | None = Field(
        default=None, description="For editors only, never shown on the site: why this is as it is, and what to "
        "keep in mind when changing it.")


class FlowQuestion(Strict):
    id: Id
    editor_note: Text | None = Field(
        default=None, description="For editors only, never shown on the site: why this is as it is, and what to "
        "keep in mind when changing it.")
    text: Text = Field(description="The question, shown as the page heading.")
    hint: Text | None = None
    options: list[FlowOption] = Field(default_factory=list)


class FlowScreen(FlowQuestion):
    """The red-flag screen: the first page, before any question. Each option is a situation that needs action
    now; it ends at a red-flag result (`red_flag: true`), or raises urgency and goes on to a question. The
    reader may instead answer `none_label`, which goes on to the flow's first question (`start`)."""

    none_label: Text = Field(
        default="None of these", description="The answer that goes on to the first question.")


class Act(Strict):
    """One thing to do now on a red-flag result: everywhere in the UK, or in the nations named."""

    do: Text = Field(description="What to do, in a sentence or two, with the service's public page linked.")
    nations: list[Nation] = Field(
        default_factory=list, description="Where this applies; leave out when it applies everywhere in the UK.")


class FlowOutcome(Strict):
    id: Id
    editor_note: Text | None = Field(
        default=None, description="For editors only, never shown on the site: why this is as it is, and what to "
        "keep in mind when changing it.")
    title: Text
    summary: Text
    urgency: Urgency = Field(description="How soon to act on this result: routine, soon or urgent.")
    urgency_reason: Phrase = Field(description="One line on why this result has that urgency.")
    recommend: list[Id] = Field(default_factory=list, description="Ids of recommended specialisms.")
    why: Text | None = None
    ask_for: list[Text] = Field(default_factory=list, description="What to ask the OT for.")
    checks: list[Id] = Field(default_factory=list, description="Ids of qualifications to check first.")
    you_receive: list[Text] = Field(default_factory=list, description="What the case manager will receive.")
    case_stories: list[Id] = Field(default_factory=list)
    also_consider: list[Id] = Field(default_factory=list, description="Ids of other specialisms to consider.")
    instead: Text | None = Field(
        default=None, description="When an OT is not the right first call: what to do instead."
    )
    red_flag: bool = Field(
        default=False,
        description="A situation that needs action now, before any OT referral: the result says what to do now "
        "(act_now) and offers no referral email, no 'talk it through' and no practice contact. Must be urgent.")
    act_now: list[Act] = Field(
        default_factory=list,
        description="On a red-flag result: what to do now, step by step; where services differ by nation, one "
        "step per nation (between them the steps naming nations cover all four).")


class Moved(Strict):
    """A published web address of a step that no step has now, and where it leads instead."""

    old: Text = Field(description="The old address after the tool's own, e.g. step/work/not-sure.")
    new: Text = Field(description="Where it leads now, e.g. step/work/unsure. Addresses under the old one move "
                      "with it.")


class Flow(Reviewed):
    """A referral decision flow (`content/referral/<id>.yml`): plain data, no logic."""

    title: Text
    short_title: Phrase | None = Field(
        default=None, description="A shorter title for the site navigation, e.g. 'Should I instruct an OT?'."
    )
    audience: Audience
    intro: Text
    start: Id = Field(description="Id of the first question.")
    screen: FlowScreen | None = Field(
        default=None,
        description="A red-flag screen shown before the first question: situations that need action now, "
        "before any OT referral.")
    questions: list[FlowQuestion] = Field(min_length=1)
    outcomes: list[FlowOutcome] = Field(min_length=1)
    keywords: list[Phrase] = Field(default_factory=list)
    moved: list[Moved] = Field(
        default_factory=list,
        description="Published step addresses that no step has now, each with where it leads instead, so links "
        "saved in case files keep working.")

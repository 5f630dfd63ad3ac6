"""Where facts come from and where they hold: the parts of the content model that make a page truthful.

A source says who published it, when, what kind of document it is and where to read it; a qualification says
where a case manager verifies it; a case story says whether it is retold from a publication, a composite, a
published service example, or one of the practice's own clients (and only the last may claim consent); and a
statement that differs across the UK says where it applies and what applies elsewhere.
`generator.structure.model` uses these classes; the rules that span fields (one of `url` and
`url_unavailable`, say) are checked with their lines in `generator.load.provenance`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.config import JsonDict

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Phrase = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
# An https address with no spaces: pages link to it, so nothing else is accepted.
WebAddress = Annotated[str, StringConstraints(pattern=r'^https://[^\s<>"]+$', strip_whitespace=True)]
# A year of publication as a number: strict, so true/false and 2018.5 are refused, not read as 1, 0 or 2018.
Year = Annotated[int, Field(ge=1900, le=2100, strict=True)]
# A year, a year and month, or a full date: as precise as the document itself says.
PartialDate = Annotated[str, StringConstraints(
    pattern=r"^(19|20)\d\d(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$", strip_whitespace=True)]


class Strict(BaseModel):
    # extra="forbid" turns a misspelt field into an "unknown field" problem at the key's line.
    model_config = ConfigDict(extra="forbid", frozen=True)


def one_of(*pairs: tuple[str, str]) -> JsonDict:
    """JSON Schema saying that exactly one field of each pair is given, for editors; the check says it too."""
    return {"allOf": [{"oneOf": [{"required": [a]}, {"required": [b]}]} for a, b in pairs]}


class Nation(StrEnum):
    england = "England"
    wales = "Wales"
    scotland = "Scotland"
    northern_ireland = "Northern Ireland"


class SourceKind(StrEnum):
    report = "report"
    web_page = "web page"
    blog_post = "blog post"
    conference_summary = "conference summary"
    guidance = "guidance"
    register = "register"
    interview = "interview or Q&A"
    standards = "professional standards"
    legislation = "legislation"
    terms = "terms of business"


class NationNote(Strict):
    """Where one scheme, law or service applies, and what applies in the rest of the UK."""

    about: Phrase = Field(description="The scheme, law or service, named as in vocabulary/nation-specific.yml.")
    applies_in: list[Nation] = Field(min_length=1, description="The nations where it applies.")
    elsewhere: Text = Field(description="What applies in the other nations, or whom to ask there.")


class VerifyAt(Strict):
    """One place a case manager verifies a qualification: a public register or page, or whom to ask."""

    model_config = ConfigDict(json_schema_extra=one_of(("url", "url_unavailable")))

    label: Text = Field(description="What the reader checks there, e.g. 'HCPC register'.")
    url: WebAddress | None = Field(default=None, description="The https address the page links to.")
    url_unavailable: Text | None = Field(
        default=None, description="When there is no public place to check: why, and whom to ask instead.")


class _Retold(Strict):
    """A story drawn from a published source: where in it, when, and what the retelling changed."""

    source: Id = Field(description="Id of the source the story comes from (also listed under `sources`).")
    section: Text = Field(description="Where in the source: the section or story heading.")
    year: Year | Phrase = Field(
        description="A year of publication from 1900 to 2100 as a number, or a phrase, e.g. 'undated (2018 or later)'.")
    changed: Text = Field(
        description="What was changed from the source or is composite or illustrative; 'Nothing' if nothing.")


class PublicationOrigin(_Retold):
    """Retold from a published account: no consent is claimed, because the account is already published."""

    kind: Literal["publication"]


class CompositeOrigin(_Retold):
    """A composite: the client is not a real person but stands for the people a published service describes."""

    kind: Literal["composite"]


class ServiceExampleOrigin(_Retold):
    """A published description of a service: the page describes the service and its own figures, and no person,
    so the story has no pseudonym and invents no one."""

    kind: Literal["service-example"]


class OwnClientOrigin(Strict):
    """One of the practice's own clients: published only with written consent and an anonymisation review."""

    kind: Literal["own-client"]
    written_consent_on_file: bool = Field(
        description="true only when the client's written consent to publish this story is on file.")
    anonymisation_reviewer: Text = Field(
        description="The role (not the name) of the person who checked the anonymisation.")


Origin = Annotated[
    PublicationOrigin | CompositeOrigin | ServiceExampleOrigin | OwnClientOrigin, Field(discriminator="kind")]

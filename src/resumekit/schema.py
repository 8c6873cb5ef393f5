"""The resume schema: a strict superset of JSON Resume, as pydantic v2 models.

This module knows nothing about rendering. Field names follow JSON Resume (camelCase)
so that a JSON Resume document validates as it is; the ``resumekit`` settings block
uses snake_case like the CLI flags it mirrors. Field types are in ``field_types``, the
settings block in ``settings``.

Unknown fields are errors, except where JSON Resume's own schema allows them: see
``schema_base``, where the base models are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from resumekit.dates import ends_before_start
from resumekit.errors import Diagnostic
from resumekit.field_types import (
    SECTION_NAMES,
    Date,
    Email,
    EndDate,
    Markdown,
    Tags,
    Text,
    Url,
)
from resumekit.schema_base import JSON_RESUME, JsonResumeObject, Model
from resumekit.settings import ResumekitSettings

SCHEMA_ID = "https://resumekit.dev/schema/resume.schema.json"


class Entry(Model):
    """An entry that can be selected by tags."""

    tags: Tags = []


class Dated(Entry):
    """An entry with a start and an optional end; no end means present."""

    start_date: Date | None = Field(
        None, description="When it started: 2023, 2023-10 or 2023-10-05."
    )
    end_date: EndDate = Field(
        None, description="When it ended (same forms as startDate); leave out or write present."
    )

    @model_validator(mode="after")
    def _end_after_start(self, info: ValidationInfo) -> Dated:
        """An end before the start is a typo in resumekit YAML; a JSON Resume document (which
        allows it) prints it as written, with a note (jsonresume_read)."""
        backwards = ends_before_start(self.start_date, self.end_date)
        if backwards and not (info.context or {}).get(JSON_RESUME):
            raise PydanticCustomError(
                "date_order",
                "endDate {end} is before startDate {start}",
                {"end": self.end_date, "start": self.start_date, "field": "endDate"},
            )
        return self


class HighlightItem(Model):
    """A highlight with tags, for variants."""

    text: Text = Field(description="The highlight itself; inline Markdown allowed.")
    tags: Tags = []


def _highlight_kind(value: Any) -> str:
    return "text" if isinstance(value, str) else "item"


Highlight = Annotated[
    Annotated[str, Markdown, Tag("text")] | Annotated[HighlightItem, Tag("item")],
    Discriminator(_highlight_kind),
]


def highlight_text(highlight: str | HighlightItem) -> str:
    """The text of a highlight, whether written as a string or as {text, tags}."""
    return highlight if isinstance(highlight, str) else highlight.text


def highlight_tags(highlight: str | HighlightItem) -> list[str]:
    """The tags of a highlight; a plain string has none."""
    return [] if isinstance(highlight, str) else highlight.tags


Highlights = Annotated[
    list[Highlight],
    Field(description="Bullet points: each a string, or {text, tags} to select it by tag."),
]


class Location(JsonResumeObject):
    """Where a person lives."""

    address: str | None = Field(None, description="Street address; lines separated by newlines.")
    postal_code: str | None = Field(None, description="Postal or ZIP code.")
    city: str | None = Field(None, description="City.")
    country_code: str | None = Field(None, description="ISO 3166-1 alpha-2 code, e.g. US.")
    region: str | None = Field(None, description="State, province or region.")


class Profile(JsonResumeObject):
    """An online profile: LinkedIn, GitHub, ..."""

    network: str | None = Field(None, description="The network's name, e.g. LinkedIn.")
    username: str | None = Field(None, description="Your name on that network.")
    url: Url | None = Field(None, description="Link to the profile.")


class Basics(JsonResumeObject):
    """Who the resume is about and how to reach them."""

    name: str = Field(description="Full name, as it heads the resume.")
    label: str | None = Field(None, description="A short professional title, e.g. 'ML Engineer'.")
    image: str | None = Field(None, description="Photo: a path beside the resume or a URL.")
    email: Email | None = Field(None, description="Email address (becomes a mailto: link).")
    phone: str | None = Field(None, description="Phone number (becomes a tel: link).")
    url: Url | None = Field(None, description="Personal website.")
    summary: Text | None = Field(None, description="A few sentences about you; Markdown allowed.")
    location: Location | None = Field(None, description="Where you live.")
    profiles: list[Profile] = Field([], description="Online profiles.")


class Work(Dated, JsonResumeObject):
    """A job."""

    name: str | None = Field(None, description="The employer's name.")
    position: str | None = Field(None, description="Your job title.")
    location: str | None = Field(None, description="Where, e.g. 'San Jose, USA'.")
    description: str | None = Field(None, description="What the employer does, briefly.")
    url: Url | None = Field(None, description="The employer's website.")
    summary: Text | None = Field(None, description="An overview of the role; Markdown allowed.")
    highlights: Highlights = []


class Volunteer(Dated, JsonResumeObject):
    """Unpaid work."""

    organization: str | None = Field(None, description="The organization's name.")
    position: str | None = Field(None, description="Your role.")
    url: Url | None = Field(None, description="The organization's website.")
    summary: Text | None = Field(None, description="An overview of the role; Markdown allowed.")
    highlights: Highlights = []


class Education(Dated, JsonResumeObject):
    """A degree, diploma or course of study."""

    institution: str | None = Field(None, description="School or university.")
    url: Url | None = Field(None, description="The institution's website.")
    area: str | None = Field(None, description="Field of study, e.g. 'Computer Science'.")
    study_type: str | None = Field(None, description="The degree, e.g. 'Master of Science'.")
    location: str | None = Field(None, description="Where (resumekit extension).")
    score: str | None = Field(None, description="Grade, e.g. '4.0' (shown as GPA).")
    courses: list[str] = Field([], description="Notable courses.")


class Award(Entry, JsonResumeObject):
    """An award or honour."""

    title: Text = Field(description="What the award is; Markdown allowed.")
    date: Date | None = Field(None, description="When it was given.")
    awarder: str | None = Field(None, description="Who gave it.")
    summary: Text | None = Field(None, description="What it was for; Markdown allowed.")


class Certificate(Entry, JsonResumeObject):
    """A professional certificate."""

    name: str = Field(description="The certificate's name.")
    date: Date | None = Field(None, description="When it was earned.")
    url: Url | None = Field(None, description="Where it can be verified.")
    issuer: str | None = Field(None, description="Who issued it.")


class Publication(Entry, JsonResumeObject):
    """A paper, article, talk or book."""

    name: Text = Field(description="Title (or a one-line description); Markdown links allowed.")
    publisher: str | None = Field(None, description="Journal, conference or site.")
    release_date: Date | None = Field(None, description="When it was published.")
    url: Url | None = Field(None, description="Link to it.")
    summary: Text | None = Field(None, description="What it is about; Markdown allowed.")


class Patent(Entry):
    """A patent granted or pending (resumekit extension)."""

    title: Text = Field(description="The patent's title.")
    office: str | None = Field(None, description="Where it is filed, e.g. 'US Patent'.")
    number: str | None = Field(None, description="Patent or application number.")
    status: str | None = Field(None, description="e.g. 'pending' or 'granted'.")
    date: Date | None = Field(None, description="Filing or grant date.")
    url: Url | None = Field(None, description="Link to the patent or application.")
    summary: Text | None = Field(None, description="What it covers; Markdown allowed.")


class Skill(Entry, JsonResumeObject):
    """A skill area with keywords."""

    name: str = Field(description="The skill area, e.g. 'Machine learning'.")
    level: str | None = Field(None, description="e.g. 'Expert'.")
    keywords: list[str] = Field([], description="Specific skills, tools, techniques.")


class Language(Entry, JsonResumeObject):
    """A spoken language."""

    language: str = Field(description="The language, e.g. 'Tamil'.")
    fluency: str | None = Field(None, description="e.g. 'Native speaker'.")


class Interest(Entry, JsonResumeObject):
    """Something you care about outside work."""

    name: str = Field(description="The interest.")
    keywords: list[str] = Field([], description="Details.")


class Reference(Entry, JsonResumeObject):
    """A reference from someone you worked with."""

    name: str = Field(description="Who gives the reference.")
    reference: Text | None = Field(None, description="What they said; Markdown allowed.")


class Project(Dated, JsonResumeObject):
    """A project, open source or otherwise."""

    name: str = Field(description="The project's name.")
    description: Text | None = Field(None, description="What it is; Markdown allowed.")
    highlights: Highlights = []
    keywords: list[str] = Field([], description="Technologies and topics.")
    url: Url | None = Field(None, description="Link to it.")
    roles: list[str] = Field([], description="Your roles, e.g. 'Maintainer'.")
    entity: str | None = Field(None, description="The organization behind it.")
    type: str | None = Field(None, description="e.g. 'application', 'library', 'talk'.")


class SectionEntry(Dated):
    """One entry of a free section (resumekit extension)."""

    title: Text | None = Field(None, description="The entry's heading.")
    subtitle: str | None = Field(None, description="A second line, e.g. an organization.")
    location: str | None = Field(None, description="Where.")
    date: Date | None = Field(None, description="A single date, when start/end do not apply.")
    url: Url | None = Field(None, description="Link to it.")
    summary: Text | None = Field(None, description="Text; Markdown allowed.")
    highlights: Highlights = []


class Section(Entry):
    """A free section for anything the standard ones do not cover."""

    title: str = Field(description="The section's heading, e.g. 'Talks'.")
    entries: list[SectionEntry] = Field([], description="What the section lists.")


class Meta(JsonResumeObject):
    """About the document itself (JSON Resume)."""

    canonical: Url | None = Field(None, description="Where the canonical copy lives.")
    version: str | None = Field(None, description="Version of the document, e.g. v1.0.0.")
    last_modified: str | None = Field(None, description="When it last changed (ISO 8601).")


class Resume(JsonResumeObject):
    """A resume: JSON Resume's sections plus patents, free sections, tags and settings."""

    model_config = ConfigDict(
        title="resumekit resume",
        json_schema_extra={"$id": SCHEMA_ID},
    )

    schema_: str | None = Field(
        None, alias="$schema", description="Link to this JSON Schema, for editors."
    )
    basics: Basics = Field(description="Who you are and how to reach you.")
    work: list[Work] = Field([], description="Jobs, most recent first.")
    volunteer: list[Volunteer] = Field([], description="Volunteer work.")
    education: list[Education] = Field([], description="Degrees and courses of study.")
    awards: list[Award] = Field([], description="Awards and honours.")
    certificates: list[Certificate] = Field([], description="Certificates.")
    publications: list[Publication] = Field([], description="Papers, articles and talks.")
    patents: list[Patent] = Field([], description="Patents (resumekit extension).")
    skills: list[Skill] = Field([], description="Skill areas with keywords.")
    languages: list[Language] = Field([], description="Spoken languages.")
    interests: list[Interest] = Field([], description="Interests.")
    references: list[Reference] = Field([], description="References.")
    projects: list[Project] = Field([], description="Projects.")
    sections: list[Section] = Field([], description="Free sections (resumekit extension).")
    meta: Meta | None = Field(None, description="About the document (JSON Resume).")
    resumekit: ResumekitSettings = Field(
        default_factory=ResumekitSettings, description="How to render (resumekit extension)."
    )
    _source: Path | None = PrivateAttr(None)
    _written_order: tuple[str, ...] = PrivateAttr(())
    _notes: tuple[Diagnostic, ...] = PrivateAttr(())
    #: The parsed file's ruamel tree: settings checked later (theme options) are reported
    #: at their line and column through it.
    _tree: Any = PrivateAttr(None)

    @model_validator(mode="wrap")
    @classmethod
    def _remember_order(cls, data: Any, handler: Any) -> Resume:
        """Keep the order the file lists its sections in: it is the order they print in."""
        resume: Resume = handler(data)
        if isinstance(data, dict):
            named = ("summary" if key == "basics" else str(key) for key in data)
            resume._written_order = tuple(k for k in named if k in SECTION_NAMES)
        return resume

    @property
    def source(self) -> Path | None:
        """The file this resume was loaded from, if any."""
        return self._source

    @property
    def written_order(self) -> tuple[str, ...]:
        """The sections in the order the file lists them (the summary where basics is)."""
        return self._written_order

    @property
    def notes(self) -> tuple[Diagnostic, ...]:
        """What the loader noted without refusing it: the JSON Resume fields it kept."""
        return self._notes


#: Written beside a resume by `init` and `import`; the modeline points editors at it.
SCHEMA_FILE = "resume.schema.json"
MODELINE = f"# yaml-language-server: $schema=./{SCHEMA_FILE}\n"


def json_schema_text() -> str:
    """The JSON Schema as the file `resumekit schema` prints and `init` writes."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a resume file, as editors and `resumekit schema` use it."""
    schema = Resume.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}

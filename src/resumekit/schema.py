"""The resume schema: a strict superset of JSON Resume, as pydantic v2 models.

This module knows nothing about rendering. Field names follow JSON Resume (camelCase)
so that a JSON Resume document validates as it is; the ``resumekit`` settings block
uses snake_case like the CLI flags it mirrors.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from resumekit import markup
from resumekit.dates import DATE_PATTERN, PRESENT, PartialDate, normalize

SCHEMA_ID = "https://resumekit.dev/schema/resume.schema.json"
SectionName = Literal[
    "summary",
    "work",
    "volunteer",
    "education",
    "awards",
    "certificates",
    "publications",
    "patents",
    "skills",
    "languages",
    "interests",
    "projects",
    "references",
    "sections",
]
SECTION_NAMES: tuple[str, ...] = typing.get_args(SectionName)


def _date(value: object) -> str:
    text = normalize(value)
    if text is None or not _is_date(text):
        raise PydanticCustomError(
            "partial_date",
            'expected a date like 2023-10 (or 2023, or 2023-10-05), got "{value}"',
            {"value": value},
        )
    return text


def _end_date(value: object) -> str | None:
    if isinstance(value, str) and value.strip().lower() == PRESENT:
        return None
    return _date(value)


def _is_date(text: str) -> bool:
    try:
        PartialDate.parse(text)
    except ValueError:
        return False
    return True


_DATE_JSON = {
    "anyOf": [
        {"type": "string", "pattern": DATE_PATTERN},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ]
}
Date = Annotated[str, BeforeValidator(_date), WithJsonSchema(_DATE_JSON)]
EndDate = Annotated[
    str | None,
    BeforeValidator(_end_date),
    WithJsonSchema({"anyOf": [*_DATE_JSON["anyOf"], {"const": PRESENT}]}),
]


def _markdown(text: str) -> str:
    """Refuse text too long or too deeply marked up to render quickly (see markup.problem)."""
    problem = markup.problem(text)
    if problem:
        raise PydanticCustomError("markdown", "{problem}", {"problem": problem})
    return text


Markdown = AfterValidator(_markdown)
Text = Annotated[
    str, Markdown, Field(description="Text; inline Markdown (bold, italic, links) allowed.")
]
Url = Annotated[str, Field(description="A web address, e.g. https://example.com.")]
Tags = Annotated[
    list[str],
    Field(description="Tags that select this item into variants (see `resumekit.variants`)."),
]


class Model(BaseModel):
    """Base of the JSON Resume models: camelCase keys, unknown keys are errors."""

    model_config = ConfigDict(
        extra="forbid",
        alias_generator=to_camel,
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
    )


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
    def _end_after_start(self) -> Dated:
        if self.start_date and self.end_date:
            start, end = PartialDate.parse(self.start_date), PartialDate.parse(self.end_date)
            if end.is_before(start):
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


class Location(Model):
    """Where a person lives."""

    address: str | None = Field(None, description="Street address; lines separated by newlines.")
    postal_code: str | None = Field(None, description="Postal or ZIP code.")
    city: str | None = Field(None, description="City.")
    country_code: str | None = Field(None, description="ISO 3166-1 alpha-2 code, e.g. US.")
    region: str | None = Field(None, description="State, province or region.")


class Profile(Model):
    """An online profile: LinkedIn, GitHub, ..."""

    network: str | None = Field(None, description="The network's name, e.g. LinkedIn.")
    username: str | None = Field(None, description="Your name on that network.")
    url: Url | None = Field(None, description="Link to the profile.")


class Basics(Model):
    """Who the resume is about and how to reach them."""

    name: str = Field(description="Full name, as it heads the resume.")
    label: str | None = Field(None, description="A short professional title, e.g. 'ML Engineer'.")
    image: str | None = Field(None, description="Photo: a path beside the resume or a URL.")
    email: str | None = Field(None, description="Email address (becomes a mailto: link).")
    phone: str | None = Field(None, description="Phone number (becomes a tel: link).")
    url: Url | None = Field(None, description="Personal website.")
    summary: Text | None = Field(None, description="A few sentences about you; Markdown allowed.")
    location: Location | None = Field(None, description="Where you live.")
    profiles: list[Profile] = Field([], description="Online profiles.")


class Work(Dated):
    """A job."""

    name: str | None = Field(None, description="The employer's name.")
    position: str | None = Field(None, description="Your job title.")
    location: str | None = Field(None, description="Where, e.g. 'San Jose, USA'.")
    description: str | None = Field(None, description="What the employer does, briefly.")
    url: Url | None = Field(None, description="The employer's website.")
    summary: Text | None = Field(None, description="An overview of the role; Markdown allowed.")
    highlights: Highlights = []


class Volunteer(Dated):
    """Unpaid work."""

    organization: str | None = Field(None, description="The organization's name.")
    position: str | None = Field(None, description="Your role.")
    url: Url | None = Field(None, description="The organization's website.")
    summary: Text | None = Field(None, description="An overview of the role; Markdown allowed.")
    highlights: Highlights = []


class Education(Dated):
    """A degree, diploma or course of study."""

    institution: str | None = Field(None, description="School or university.")
    url: Url | None = Field(None, description="The institution's website.")
    area: str | None = Field(None, description="Field of study, e.g. 'Computer Science'.")
    study_type: str | None = Field(None, description="The degree, e.g. 'Master of Science'.")
    location: str | None = Field(None, description="Where (resumekit extension).")
    score: str | None = Field(None, description="Grade, e.g. '4.0' (shown as GPA).")
    courses: list[str] = Field([], description="Notable courses.")


class Award(Entry):
    """An award or honour."""

    title: Text = Field(description="What the award is; Markdown allowed.")
    date: Date | None = Field(None, description="When it was given.")
    awarder: str | None = Field(None, description="Who gave it.")
    summary: Text | None = Field(None, description="What it was for; Markdown allowed.")


class Certificate(Entry):
    """A professional certificate."""

    name: str = Field(description="The certificate's name.")
    date: Date | None = Field(None, description="When it was earned.")
    url: Url | None = Field(None, description="Where it can be verified.")
    issuer: str | None = Field(None, description="Who issued it.")


class Publication(Entry):
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


class Skill(Entry):
    """A skill area with keywords."""

    name: str = Field(description="The skill area, e.g. 'Machine learning'.")
    level: str | None = Field(None, description="e.g. 'Expert'.")
    keywords: list[str] = Field([], description="Specific skills, tools, techniques.")


class Language(Entry):
    """A spoken language."""

    language: str = Field(description="The language, e.g. 'Tamil'.")
    fluency: str | None = Field(None, description="e.g. 'Native speaker'.")


class Interest(Entry):
    """Something you care about outside work."""

    name: str = Field(description="The interest.")
    keywords: list[str] = Field([], description="Details.")


class Reference(Entry):
    """A reference from someone you worked with."""

    name: str = Field(description="Who gives the reference.")
    reference: Text | None = Field(None, description="What they said; Markdown allowed.")


class Project(Dated):
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


class Meta(Model):
    """About the document itself (JSON Resume)."""

    canonical: Url | None = Field(None, description="Where the canonical copy lives.")
    version: str | None = Field(None, description="Version of the document, e.g. v1.0.0.")
    last_modified: str | None = Field(None, description="When it last changed (ISO 8601).")


OptionValue = str | int | float | bool


class Settings(BaseModel):
    """Shared by the settings block and each variant: how to render."""

    model_config = ConfigDict(extra="forbid")

    theme: str | None = Field(None, description="Theme name or path, e.g. compact.")
    theme_options: dict[str, OptionValue] = Field(
        {}, description="Theme options, e.g. {accent: '#1f6feb', page_size: a4}."
    )
    locale: str | None = Field(None, description="Language of dates and titles, e.g. en, de, ta.")
    max_pages: int | None = Field(None, ge=1, description="Shrink the layout until it fits.")


#: Suffixes an output name may end in: the formats resumekit writes (api.FORMATS).
OUTPUT_SUFFIXES = (".pdf", ".html", ".json", ".txt", ".md", ".png")
#: The longest output name in UTF-8 bytes: with "-12.png" and the temporary file's extra
#: characters it stays well inside the 255 bytes file systems allow.
MAX_OUTPUT_BYTES = 120
_VARIANT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_MAX_VARIANT_NAME = 64
_UNPORTABLE = '<>:"|?*'


def _shown(text: str) -> str:
    """``text`` quoted for a message: escaped when it holds control characters, cut when long."""
    short = text if len(text) <= 40 else text[:40] + "…"
    return f"'{short}'" if short.isprintable() else repr(short)


def _variant_name(name: str) -> str:
    """Variant names become file names and command-line words: keep them simple."""
    if len(name) > _MAX_VARIANT_NAME:
        raise PydanticCustomError(
            "variant_name",
            "variant name {name} is too long: at most {limit} characters",
            {"name": _shown(name), "limit": _MAX_VARIANT_NAME},
        )
    if not _VARIANT_NAME.fullmatch(name):
        raise PydanticCustomError(
            "variant_name",
            "variant name {name} must be a simple name such as ml-inference "
            "(letters, digits, - and _)",
            {"name": _shown(name)},
        )
    return name


def _output_name(name: str) -> str:
    """An output name is a plain file name that works everywhere, written inside the
    output folder: a path, a hidden file or an unknown suffix is refused."""
    problem = _output_problem(name)
    if problem:
        context = {"name": _shown(name), "problem": problem}
        raise PydanticCustomError("output_name", "output {name} {problem}", context)
    return name


def _output_problem(name: str) -> str | None:
    if not name:
        return "is empty; give a file name such as ml.pdf"
    if "/" in name or "\\" in name or name in (".", ".."):
        return "must be a file name such as ml.pdf, not a path"
    if not name.isprintable():
        return "must not contain control or invisible characters"
    if name[0] in ". " or name[-1] in ". ":
        return "must not start or end with a dot or a space"
    if any(c in _UNPORTABLE for c in name):
        return "must not contain any of " + " ".join(_UNPORTABLE)
    if len(name.encode("utf-8")) > MAX_OUTPUT_BYTES:
        return f"is too long: at most {MAX_OUTPUT_BYTES} bytes"
    suffix = Path(name).suffix
    if suffix and suffix.lower() not in OUTPUT_SUFFIXES:
        *others, last = OUTPUT_SUFFIXES
        return f"must end in {', '.join(others)} or {last}, or have no suffix"
    return None


VariantName = Annotated[str, AfterValidator(_variant_name)]
OutputName = Annotated[str, AfterValidator(_output_name)]


class Variant(Settings):
    """A named selection of the resume, rendered with `--variant NAME`."""

    tags: list[str] = Field([], description="Keep untagged items and items with any of these.")
    exclude_tags: list[str] = Field([], description="Drop items with any of these tags.")
    output: OutputName | None = Field(
        None,
        description="Output file name inside the output folder, e.g. ml.pdf (no folders); "
        "each format gets its own suffix. Default: the resume's name and the variant's, "
        "e.g. resume-ml-inference.",
    )

    def file_stem(self, name: str, resume_stem: str) -> str:
        """The name of this variant's files without suffix: ``output`` or <resume>-<name>."""
        return Path(self.output).stem if self.output else f"{resume_stem}-{name}"


class ResumekitSettings(Settings):
    """Rendering settings kept with the resume (resumekit extension)."""

    section_order: list[SectionName] = Field(
        [], description="Which sections come first, in this order; the rest follow."
    )
    section_titles: dict[SectionName, str] = Field(
        {}, description="Override section headings, e.g. {work: Experience}."
    )
    variants: dict[VariantName, Variant] = Field(
        {},
        description="Named variants of this resume. A name is letters, digits, - and _ "
        "(e.g. ml-inference); no two variants may write the same file.",
        json_schema_extra={
            "propertyNames": {
                "pattern": f"^{_VARIANT_NAME.pattern}$",
                "maxLength": _MAX_VARIANT_NAME,
            }
        },
    )

    @field_validator("variants")
    @classmethod
    def _one_file_each(
        cls, variants: dict[str, Variant], info: ValidationInfo
    ) -> dict[str, Variant]:
        """Two variants writing the same file would overwrite each other (case-insensitively,
        as on macOS). The loader passes the resume's path as context ``source``."""
        source = (info.context or {}).get("source")
        resume_stem = Path(source).stem if source else "resume"
        seen: dict[str, str] = {}
        for name, variant in variants.items():
            stem = variant.file_stem(name, resume_stem)
            first = seen.setdefault(stem.casefold(), name)
            if first != name:
                raise PydanticCustomError(
                    "variant_clash",
                    "variant '{name}' writes the same files as variant '{first}' ({stem}.*); "
                    "give each its own output",
                    {"field": name, "name": name, "first": first, "stem": stem},
                )
        return variants


class Resume(Model):
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

    @property
    def source(self) -> Path | None:
        """The file this resume was loaded from, if any."""
        return self._source


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a resume file, as editors and `resumekit schema` use it."""
    schema = Resume.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}

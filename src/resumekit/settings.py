"""The ``resumekit:`` settings block of a resume: theme, locale, dates, sections and variants.

Variant and output names become file names and command-line words, so they are checked
to be simple and portable, and no two variants may write the same file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from resumekit.dates import DatePrecision
from resumekit.field_types import SectionName
from resumekit.outputs import SUFFIXES

OptionValue = str | int | float | bool


class Settings(BaseModel):
    """Shared by the settings block and each variant: how to render."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    theme: str | None = Field(None, description="Theme name or path, e.g. compact.")
    theme_options: dict[str, OptionValue] = Field(
        {}, description="Theme options, e.g. {accent: '#1f6feb', page_size: a4}."
    )
    locale: str | None = Field(None, description="Language of dates and titles, e.g. en, de, ta.")
    max_pages: int | None = Field(None, ge=1, description="Shrink the layout until it fits.")
    dates: DatePrecision | None = Field(
        None,
        description="How periods (work, education, volunteer, projects) print: month (May "
        "2017, even when the file says 2017-05-01; the default) or day (May 1, 2017). A "
        "single date (an award's) keeps its day.",
    )


#: Suffixes an output name may end in: the formats resumekit writes.
OUTPUT_SUFFIXES = SUFFIXES
#: The longest output name in UTF-8 bytes: with "-12.png" and the temporary file's extra
#: characters it stays well inside the 255 bytes file systems allow.
MAX_OUTPUT_BYTES = 120
#: A simple name (a variant's, a letter's): it names files and is a word on the command line.
SIMPLE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
MAX_SIMPLE_NAME = 64
_UNPORTABLE = '<>:"|?*'


def _shown(text: str) -> str:
    """``text`` quoted for a message: escaped when it holds control characters, cut when long."""
    short = text if len(text) <= 40 else text[:40] + "…"
    return f"'{short}'" if short.isprintable() else repr(short)


def _variant_name(name: str) -> str:
    """Variant names become file names and command-line words: keep them simple."""
    if len(name) > MAX_SIMPLE_NAME:
        raise PydanticCustomError(
            "variant_name",
            "variant name {name} is too long: at most {limit} characters",
            {"name": _shown(name), "limit": MAX_SIMPLE_NAME},
        )
    if not SIMPLE_NAME.fullmatch(name):
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


def relative_file(text: str, suffixes: tuple[str, ...], example: str, what: str, where: str) -> str:
    """``text`` if it is a relative path ending in one of ``suffixes`` with no hidden part: a
    file a resume or a letter names is read (and quoted in messages), and either may come from
    a stranger's pull request. Where it may lie is the reader's check (``files.read_confined``)."""
    path = Path(text)
    shown = f'"{text}"' if text.isprintable() else repr(text)
    if path.is_absolute() or path.suffix.lower() not in suffixes or not text.isprintable():
        raise PydanticCustomError(
            "relative_file", 'expected {what} {where}, such as "{example}", got {value}',
            {"what": what, "where": where, "example": example, "value": shown})  # fmt: skip
    if any(part.startswith(".") and part != ".." for part in path.parts):
        raise PydanticCustomError(
            "relative_file",
            "a hidden file or folder is not {what}: {value}",
            {"what": what, "value": shown},
        )
    return text


def _about_file(text: str) -> str:
    return relative_file(
        text, (".md", ".markdown"), "about.md", "a Markdown file", "beside the resume"
    )


#: What an address of the site may hold, written out: RFC 3986's characters (no quote, no
#: angle bracket, no backslash, nothing past ASCII: an IDN as punycode, a path percent-encoded).
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def _site_url(text: str) -> str:
    """The address the site is published at: http(s), a host, a folder's path; no
    credentials, query or fragment."""
    try:
        parts = urlsplit(text)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # a port past 65535, a broken IPv6 host
        parts, port_ok = urlsplit(""), False
    page = "." in parts.path.rsplit("/", 1)[-1]  # .../index.html: a page, not the site's folder
    if (not _URL_CHARS.fullmatch(text) or parts.scheme.lower() not in ("http", "https")
            or not parts.hostname or not port_ok or "?" in text or "#" in text
            or parts.username is not None or parts.password is not None or page):  # fmt: skip
        raise PydanticCustomError(
            "site_url", "expected the address of the site's folder, such as "
            '"https://example.com" or "https://me.github.io/cv/", got {value}',
            {"value": _shown(text)})  # fmt: skip
    return text


class SiteSettings(BaseModel):
    """The personal site (`resumekit site`): its about page and where it is published."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    about: Annotated[str, AfterValidator(_about_file)] | None = Field(
        None,
        description="The about page's text: a Markdown file beside the resume, e.g. about.md "
        "(else the resume's summary).",
    )
    url: Annotated[str, AfterValidator(_site_url)] | None = Field(
        None,
        description="Where the site is published, e.g. https://example.com: for its sitemap, "
        "canonical links and link previews.",
    )
    tagline: str | None = Field(
        None,
        max_length=300,
        description="A line under the name on the about page (else the label).",
    )


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
        [],
        description="Which sections come first, in this order; the rest follow in the order "
        "the file lists them.",
    )
    section_titles: dict[SectionName, str] = Field(
        {}, description="Override section headings, e.g. {work: Experience}."
    )
    site: SiteSettings = Field(
        default_factory=SiteSettings, description="The personal site (`resumekit site`)."
    )
    variants: dict[VariantName, Variant] = Field(
        {},
        description="Named variants of this resume. A name is letters, digits, - and _ "
        "(e.g. ml-inference); no two variants may write the same file.",
        json_schema_extra={
            "propertyNames": {
                "pattern": f"^{SIMPLE_NAME.pattern}$",
                "maxLength": MAX_SIMPLE_NAME,
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

"""The view model: what a theme sees. Dates are formatted, Markdown is safe HTML.

Themes never see raw YAML or pydantic models, only these frozen dataclasses, so a
theme written today keeps working when the schema grows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from babel import Locale
from markupsafe import Markup

from resumekit import markup
from resumekit.dates import DatePrecision, format_date, format_range
from resumekit.field_types import as_link
from resumekit.i18n import locale_for, words
from resumekit.schema import Resume, highlight_text

DEFAULT_ORDER = (
    "summary",
    "work",
    "projects",
    "education",
    "skills",
    "publications",
    "patents",
    "awards",
    "certificates",
    "volunteer",
    "languages",
    "interests",
    "references",
    "sections",
)
RTL_LANGUAGES = {"ar", "he", "fa", "ur"}
EMPTY = Markup("")
NO_TEXT = markup.Paragraphs()


@dataclass(frozen=True)
class Link:
    """A way to reach the person: label as shown, href as clicked, and its direction: a link,
    e-mail address or phone number reads left to right in any language (``ltr``), a place
    or a name by its own letters (``auto``)."""

    kind: str
    label: str
    href: str
    dir: str = "auto"


@dataclass(frozen=True)
class Item:
    """One entry of a section, in the same shape for every section."""

    title: Markup = EMPTY
    org: Markup = EMPTY
    location: str = ""
    dates: str = ""
    url: str = ""
    summary: markup.Paragraphs = NO_TEXT
    highlights: tuple[Markup, ...] = ()
    keywords: tuple[str, ...] = ()
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A titled part of the resume. ``kind`` tells the theme how to lay it out.

    text: paragraphs (``text``); entries: dated items with highlights; list: one line
    per item (awards, publications, patents); keywords: a name with keywords (skills).
    """

    key: str
    title: str
    kind: str
    items: tuple[Item, ...] = ()
    text: markup.Paragraphs = NO_TEXT

    @property
    def anchor(self) -> str:
        return markup.anchor(self.key)

    @property
    def org_leads(self) -> bool:
        """Whether a theme that heads entries with one name should use the organization:
        the employer or school, by convention; elsewhere the project, talk or certificate
        itself comes before where it happened."""
        return self.key in ORG_LED


@dataclass(frozen=True)
class View:
    """Everything a template may use."""

    name: str
    label: str
    image: str
    contacts: tuple[Link, ...]
    sections: tuple[Section, ...]
    lang: str
    direction: str
    title: str
    words: dict[str, str]
    keywords: tuple[str, ...] = field(default=())

    def section(self, key: str) -> Section | None:
        """The section with this key, or None when the resume leaves it empty."""
        return next((s for s in self.sections if s.key == key), None)


def build(
    resume: Resume, locale: str | None = None, image: str = "", dates: DatePrecision | None = None
) -> View:
    """Turn a validated resume into the view model, in the resume's (or the given) locale,
    its periods to the month unless ``dates`` (or the resume's setting) says day.

    ``image`` is the photo as a data: URL (see assets.py); the view does no I/O itself.
    """
    settings = resume.resumekit
    loc = locale_for(locale or settings.locale)
    vocab = words(loc) | {str(key): title for key, title in settings.section_titles.items()}
    builder = _Builder(loc, vocab, dates or settings.dates or "month")
    order = _order(settings.section_order, resume.written_order)
    sections = [s for key in order for s in builder.sections(resume, key)]
    basics = resume.basics
    return View(
        name=basics.name,
        label=basics.label or "",
        image=image,
        contacts=tuple(_contacts(resume)),
        sections=tuple(s for s in sections if s.items or s.text),
        lang=str(loc).replace("_", "-"),
        direction="rtl" if loc.language in RTL_LANGUAGES else "ltr",
        title=basics.name + (f" — {basics.label}" if basics.label else ""),
        words=vocab,
        keywords=tuple(_keywords(resume)),
    )


def _order(chosen: Sequence[str], written: Sequence[str]) -> list[str]:
    """``section_order`` first, then the sections in the order the file lists them."""
    first = [*chosen, *(k for k in written if k not in chosen)]
    return [*first, *(k for k in DEFAULT_ORDER if k not in first)]


def _safe_url(url: str | None) -> str:
    """The link to print (a safe one: ``as_link`` gives only http, https, mailto or tel), a
    JSON Resume document's ``github.com/me`` with its scheme; else none."""
    return (as_link(url) if url else None) or ""


def _bare(url: str) -> str:
    return re.sub(r"^(https?://)?(www\.)?", "", url).rstrip("/")


def _contacts(resume: Resume) -> list[Link]:
    basics = resume.basics
    links = []
    if basics.location:
        where = basics.location
        place = ", ".join(p for p in (where.city, where.region, where.country_code) if p)
        if place:
            links.append(Link("location", place, ""))
    if basics.url and (link := _safe_url(basics.url)):
        links.append(Link("url", _bare(basics.url), link, "ltr"))
    if basics.email:
        links.append(Link("email", basics.email, _mailto(basics.email), "ltr"))
    if basics.phone:
        number = re.sub(r"[^\d+]", "", basics.phone)  # the tel: charset, nothing to escape
        links.append(Link("phone", basics.phone, f"tel:{number}" if number else "", "ltr"))
    for profile in basics.profiles:
        url = _safe_url(profile.url)
        named = ": ".join(p for p in (profile.network, profile.username) if p)
        label = _bare(url) if url else named
        if not label:
            continue
        kind = (profile.network or "profile").lower()
        links.append(Link(kind, label, url, "ltr" if url else "auto"))
    return links


def _mailto(address: str) -> str:
    """A mailto: link to ``address`` alone: a ``?``, ``&``, ``%`` or ``#`` in it (an e-mail
    address may hold them) is percent-encoded, so it adds no header (RFC 6068 section 2)."""
    return "mailto:" + quote(address, safe="@!$'()*+;:")


def _keywords(resume: Resume) -> list[str]:
    seen: dict[str, None] = {}
    for skill in resume.skills:
        seen.update(dict.fromkeys([skill.name, *skill.keywords]))
    if resume.basics.label:
        seen[resume.basics.label] = None
    for job in resume.work:
        if job.name:
            seen[job.name] = None
    return list(seen)


def _highlights(values: list[Any]) -> tuple[Markup, ...]:
    return tuple(markup.to_html(highlight_text(v)) for v in values)


def _join(*parts: str | None) -> str:
    return ", ".join(p for p in parts if p)


class _Builder:
    """Makes the sections of one resume in one locale."""

    def __init__(self, locale: Locale, vocab: dict[str, str], precision: DatePrecision) -> None:
        self.locale = locale
        self.vocab = vocab
        self.precision = precision

    def range(self, entry: Any) -> str:
        """A period (a job, a degree, a project): to ``precision``. A single date (an award,
        a publication) keeps the day it gives."""
        present = self.vocab["present"]
        return format_range(entry.start_date, entry.end_date, present, self.locale, self.precision)

    def date(self, text: str | None) -> str:
        return format_date(text, self.locale)

    def sections(self, resume: Resume, key: str) -> list[Section]:
        if key == "sections":
            return [self.free(section) for section in resume.sections]
        if key == "summary":
            text = markup.paragraphs(resume.basics.summary)
            return [Section("summary", self.vocab["summary"], "text", text=text)]
        make, kind = getattr(self, f"_{key}"), _KINDS[key]
        items = tuple(make(entry) for entry in getattr(resume, key))
        return [Section(key, self.vocab[key], kind, items)]

    def free(self, section: Any) -> Section:
        items = tuple(
            Item(
                title=markup.to_html(e.title),
                org=Markup.escape(e.subtitle or ""),
                location=e.location or "",
                dates=self.date(e.date) if e.date else self.range(e),
                url=_safe_url(e.url),
                summary=markup.paragraphs(e.summary),
                highlights=_highlights(e.highlights),
            )
            for e in section.entries
        )
        return Section(f"section-{section.title}", section.title, "entries", items)

    def _work(self, e: Any) -> Item:
        return Item(
            title=Markup.escape(e.position or ""),
            org=Markup.escape(e.name or ""),
            location=e.location or "",
            dates=self.range(e),
            url=_safe_url(e.url),
            summary=markup.paragraphs(e.summary),
            highlights=_highlights(e.highlights),
        )

    def _volunteer(self, e: Any) -> Item:
        return Item(
            title=Markup.escape(e.position or ""),
            org=Markup.escape(e.organization or ""),
            dates=self.range(e),
            url=_safe_url(e.url),
            summary=markup.paragraphs(e.summary),
            highlights=_highlights(e.highlights),
        )

    def _education(self, e: Any) -> Item:
        details = [f"{self.vocab['score']}: {e.score}"] if e.score else []
        if e.courses:
            details.append(", ".join(e.courses))
        return Item(
            title=Markup.escape(_join(e.study_type, e.area)),
            org=Markup.escape(e.institution or ""),
            location=e.location or "",
            dates=self.range(e),
            url=_safe_url(e.url),
            details=tuple(details),
        )

    def _awards(self, e: Any) -> Item:
        return Item(
            title=markup.to_html(e.title),
            org=Markup.escape(e.awarder or ""),
            dates=self.date(e.date),
            summary=markup.paragraphs(e.summary),
        )

    def _certificates(self, e: Any) -> Item:
        return Item(
            title=Markup.escape(e.name),
            org=Markup.escape(e.issuer or ""),
            dates=self.date(e.date),
            url=_safe_url(e.url),
        )

    def _publications(self, e: Any) -> Item:
        return Item(
            title=markup.to_html(e.name),
            org=Markup.escape(e.publisher or ""),
            dates=self.date(e.release_date),
            url=_safe_url(e.url),
            summary=markup.paragraphs(e.summary),
        )

    def _patents(self, e: Any) -> Item:
        return Item(
            title=markup.to_html(e.title),
            org=Markup.escape(" ".join(p for p in (e.office, e.number) if p)),
            dates=self.date(e.date),
            url=_safe_url(e.url),
            summary=markup.paragraphs(e.summary),
            details=(e.status,) if e.status else (),
        )

    def _skills(self, e: Any) -> Item:
        details = (e.level,) if e.level else ()
        return Item(title=Markup.escape(e.name), keywords=tuple(e.keywords), details=details)

    def _languages(self, e: Any) -> Item:
        details = (e.fluency,) if e.fluency else ()
        return Item(title=Markup.escape(e.language), details=details)

    def _interests(self, e: Any) -> Item:
        return Item(title=Markup.escape(e.name), keywords=tuple(e.keywords))

    def _references(self, e: Any) -> Item:
        return Item(title=Markup.escape(e.name), summary=markup.paragraphs(e.reference))

    def _projects(self, e: Any) -> Item:
        return Item(
            title=Markup.escape(e.name),
            org=Markup.escape(e.entity or ""),
            dates=self.range(e),
            url=_safe_url(e.url),
            summary=markup.paragraphs(e.description),
            highlights=_highlights(e.highlights),
            keywords=tuple(e.keywords),
            details=tuple(e.roles),
        )


ORG_LED = frozenset({"work", "volunteer", "education"})

_KINDS = {
    "work": "entries",
    "volunteer": "entries",
    "education": "entries",
    "projects": "entries",
    "references": "entries",
    "awards": "list",
    "certificates": "list",
    "publications": "list",
    "patents": "list",
    "skills": "keywords",
    "languages": "keywords",
    "interests": "keywords",
}


def texts(resume: Resume) -> dict[str, str]:
    """Every piece of text in the resume by its path (work[0].highlights[2]), for glyph checks."""
    found: dict[str, str] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, str):
            found[path] = value
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in ("resumekit", "$schema"):
                    walk(item, f"{path}.{key}" if path else key)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")

    walk(resume.model_dump(by_alias=True, exclude_none=True), "")
    return found

"""Settings, once: everything a render uses, resolved in one step into one frozen plan.

The command line wins over the variant, the variant over the file's ``resumekit:`` block, and
that over the theme's defaults. Each value is checked once, where it is resolved, and a value
the file gives is placed at its line and column; every problem of a plan comes in one error.
``api.render``, the variant pool's warm-up and ``validate`` (``checks``) take the plan;
nothing re-derives a setting. Nothing here imports Jinja, babel or WeasyPrint.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resumekit import i18n, locales, themes, variants
from resumekit.dates import DatePrecision
from resumekit.errors import Diagnostic, InputError, InvalidResume, InvalidTheme, ResumekitError
from resumekit.loader import place
from resumekit.schema import Resume
from resumekit.settings import Settings
from resumekit.theme_config import NEUTRAL

DEFAULT_THEME = "compact"
FILE = ["resumekit"]
#: A locale at the end of a file name's stem, after its last . - or _: resume.de,
#: resume-es, cv_fr, resume.pt-BR, resume_zh_Hant_TW.
_NAME_LOCALE = re.compile(
    r"[._-]([a-z]{2,3})(?:[-_]([a-z]{4}))?(?:[-_]([a-z]{2}|[0-9]{3}))?$", re.ASCII | re.I
)
#: The themes a file names, each found once (or why it cannot be used), by the name given.
Found = dict[str, themes.Theme | ResumekitError]


@dataclass(frozen=True)
class Plan:
    """What one render (of the resume or one variant) uses."""

    theme: themes.Theme
    #: every option of the theme, checked, and NEUTRAL's value of each one resumekit reads
    #: that the theme lacks
    options: dict[str, Any]
    stem: str  # output file stem: the resume's, or the variant's `output:` name
    locale: str | None = None
    #: why this locale: "from --locale", 'from the file name "resume.de.json"', ...
    locale_from: str = "the default"
    dates: DatePrecision = "month"  # how precisely periods (work, education…) print
    max_pages: int | None = None
    tags: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    allow_remote: bool = False
    stray_tags: tuple[str, ...] = field(default=())  # given tags nothing in the resume has


def make_plan(
    resume: Resume,
    theme: str | None = None,
    options: dict[str, Any] | None = None,
    locale: str | None = None,
    allow_remote: bool = False,
    max_pages: int | None = None,
    variant: str | None = None,
    tags: Sequence[str] = (),
    exclude_tags: Sequence[str] = (),
    found: Found | None = None,
) -> Plan:
    """The plan for ``resume`` (or its ``variant``), the arguments being the command line's.
    Problems with the theme, its options and the locale are all reported in one error;
    ``found`` keeps the themes found for the next plan of the same file."""
    settings = resume.resumekit
    chosen = variants.variant(resume, variant) if variant else None
    stem = resume.source.stem if resume.source else "resume"
    if variant and chosen is not None:
        stem = chosen.file_stem(variant, stem)
        tags = [*chosen.tags, *tags]
        exclude_tags = [*chosen.exclude_tags, *exclude_tags]
    layers = [v for v in (settings, chosen) if v is not None]
    problems: list[tuple[str, ResumekitError]] = []
    with _collect(problems, "--theme"):
        used, from_file = render_theme(resume, theme, variant or None, found)
        values = used.resolve_options(*option_layers(resume, used, variant, from_file, options))
    with _collect(problems, "--locale"):
        language, why = render_locale(resume, locale, variant or None)
    if problems:
        raise _together(problems)
    return Plan(
        theme=used,
        options={**NEUTRAL, **values},
        stem=stem,
        locale=language,
        locale_from=why,
        dates=next((v.dates for v in reversed(layers) if v.dates), "month"),
        max_pages=max_pages or next((v.max_pages for v in reversed(layers) if v.max_pages), None),
        tags=tuple(tags),
        exclude_tags=tuple(exclude_tags),
        allow_remote=allow_remote,
        stray_tags=tuple(variants.unmatched(resume, [*tags, *exclude_tags])),
    )


@contextmanager
def _collect(problems: list[tuple[str, ResumekitError]], given: str) -> Iterator[None]:
    """Keep a step's problem, with the option that ``given`` it on the command line, so the
    plan's other steps are checked too; an I/O problem (exit 2) ends the plan at once."""
    try:
        yield
    except InputError:
        raise
    except ResumekitError as exc:
        problems.append((given, exc))


def _together(problems: list[tuple[str, ResumekitError]]) -> ResumekitError:
    """One error for every problem of a plan: a single one as it is; several in one
    InvalidResume, in reading order, the command line's last."""
    if len(problems) == 1:
        return problems[0][1]
    every = [d for given, error in problems for d in _diagnostics(given, error)]
    return InvalidResume(sorted(every, key=lambda d: (d.line is None, d.position())))


def _diagnostics(given: str, error: ResumekitError) -> list[Diagnostic]:
    if isinstance(error, InvalidResume):
        return error.every
    if isinstance(error, InvalidTheme):
        return error.diagnostics
    return [Diagnostic(given, None, None, "", _with_hint(error))]


def render_theme(
    resume: Resume, given: str | None, variant: str | None, found: Found | None = None
) -> tuple[themes.Theme, bool]:
    """The theme a render uses (``--theme``, else the variant's, else the file's, else the
    default) and whether it is the file's own. One the file names (relative to its folder)
    that cannot be used is an InvalidTheme placed where the file names it."""
    if given:
        return themes.find(given, resume_folder(resume)), False
    spec, at = theme_named(resume, variant)
    found = {} if found is None else found
    if spec not in found:
        try:
            found[spec] = themes.find(spec, resume_folder(resume), from_resume=True)
        except ResumekitError as exc:
            found[spec] = exc
    theme = found[spec]
    if isinstance(theme, ResumekitError):
        raise InvalidTheme(theme_problems(resume, [*at, "theme"], theme))
    return theme, at == FILE


def theme_named(resume: Resume, variant: str | None) -> tuple[str, list[str]]:
    """The theme the file (or the variant) names, or the default, and where it is named."""
    at, target = _targets(resume, variant)[-1]
    spec, at = (target.theme, at) if target.theme else (resume.resumekit.theme, FILE)
    return spec or DEFAULT_THEME, at


def render_locale(resume: Resume, given: str | None, variant: str | None) -> tuple[str | None, str]:
    """The locale a render uses (``--locale``, else the variant's, else the file's, else the
    one the file's name carries, else None for English) and why, as ``--verbose`` says it.
    It is known to babel; an unknown one the file names is an InvalidResume at its place."""
    if given:
        locales.identifier(given)
        return given, "from --locale"
    at, target = next(((a, t) for a, t in reversed(_targets(resume, variant)) if t.locale),
                      ([], None))  # fmt: skip
    if target is None:
        named = locale_from_name(resume.source) if resume.source else None
        if named and resume.source:
            return named, f'from the file name "{resume.source.name}"'
        return None, "the default"
    try:
        locales.identifier(target.locale or "")
    except InputError:
        raise  # babel's own data is broken, not the resume
    except ResumekitError as exc:
        raise InvalidResume([place(resume, [*at, "locale"], _with_hint(exc))]) from None
    if at == FILE:
        return target.locale, "from the file's resumekit.locale"
    return target.locale, f"from the variant '{variant}'"


def locale_from_name(path: Path) -> str | None:
    """The locale a file's name carries (resume.de.json -> de, cv_pt_BR.yaml -> pt-BR), for
    people who keep one file per language. Only a language with translated headings counts,
    so that resume-final or resume-cv is no locale."""
    found = _NAME_LOCALE.search(path.stem)
    if found is None:
        return None
    language, script, region = found.groups()
    if language.lower() not in {tag.split("_")[0] for tag in i18n.languages()}:
        return None
    parts = [language.lower(), script and script.title(), region and region.upper()]
    tag = "-".join(p for p in parts if p)
    try:
        locales.identifier(tag)
    except InputError:
        raise  # babel's own data is broken, not the name
    except ResumekitError:
        return None
    return tag


def option_layers(
    resume: Resume,
    theme: themes.Theme,
    variant: str | None = None,
    theme_from_file: bool = True,
    given: dict[str, Any] | None = None,
) -> list[tuple[themes.Where, dict[str, Any]]]:
    """Theme option values from the file, the variant and ``--set``, in that order, each
    placed where it was given.

    The file's options are meant for the file's theme: with another theme (from the command
    line or a variant) only those it also has are used.
    """
    settings = resume.resumekit
    own = theme_from_file or settings.theme in (None, theme.name)
    from_file = settings.theme_options
    if not own:
        from_file = {k: v for k, v in from_file.items() if k in theme.options}
    layers: list[tuple[themes.Where, dict[str, Any]]] = [(_placer(resume, FILE), from_file)]
    if variant is not None:
        where = _placer(resume, [*FILE, "variants", variant])
        layers.append((where, settings.variants[variant].theme_options))
    layers.append(("--set", given or {}))
    return layers


def stray_tags_message(resume: Resume, stray: list[str]) -> str:
    """What render and validate say of tags that nothing in the resume carries."""
    known = ", ".join(sorted(variants.known_tags(resume))) or "none"
    tags = ", ".join(map(repr, stray))
    return f"no entry or highlight is tagged {tags}; tags in the resume: {known}"


def _targets(resume: Resume, variant: str | None) -> list[tuple[list[str], Settings]]:
    """The file's settings and, if one is chosen, the variant's, each with its place."""
    targets: list[tuple[list[str], Settings]] = [(FILE, resume.resumekit)]
    if variant is not None:
        targets.append(([*FILE, "variants", variant], resume.resumekit.variants[variant]))
    return targets


def inputs(resume: Resume) -> list[Path]:
    """The files a render of ``resume`` reads that an output could replace: the resume and a
    photo beside it (``files.refuse_input``)."""
    found = [resume.source] if resume.source else []
    image = resume.basics.image
    if image and ":" not in image:  # a path, not a URL
        found.append(resume_folder(resume) / image)
    return found


def resume_folder(resume: Resume) -> Path:
    """The resume's own folder: where a theme, a photo or ./themes it names is looked up."""
    return resume.source.parent.resolve() if resume.source else Path.cwd()


def theme_problems(resume: Resume, at: list[str], error: ResumekitError) -> list[Diagnostic]:
    """A theme that cannot be used, at the place that names it; each problem a broken
    theme.toml has, on its own line."""
    if isinstance(error, InvalidTheme):
        return [place(resume, at, f"theme cannot be used: {d}") for d in error.diagnostics]
    return [place(resume, at, _with_hint(error))]


def _placer(resume: Resume, at: list[str]) -> themes.Where:
    """Places a problem with an option of the settings at ``at`` in the resume's file."""

    def where(name: str, message: str, on_key: bool) -> Diagnostic:
        return place(resume, [*at, "theme_options", name], message, on_key)

    return where


def _with_hint(error: ResumekitError) -> str:
    return f"{error.message}; {error.hint}" if error.hint else error.message

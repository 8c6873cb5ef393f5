"""What a resume's settings ask of the rest of resumekit, checked without rendering.

The schema checks the file alone; these checks look at what it names: for the file and for
each of its variants, the theme must be found and read, the theme options must suit the
theme that will really be used, and the locale must be known. A variant whose tags match
nothing is worth a warning. ``validate`` runs all of them, so the commit hook refuses what
``render`` would refuse; only what layout alone can tell (whether max_pages fits) is left to
render. Render takes its option layers from here too, so both place a bad value alike.
Nothing here imports Jinja, babel or WeasyPrint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resumekit import locales, themes, variants
from resumekit.errors import Diagnostic, InputError, InvalidResume, InvalidTheme, ResumekitError
from resumekit.loader import place
from resumekit.schema import Resume
from resumekit.settings import Settings

DEFAULT_THEME = "compact"
_FILE = ["resumekit"]


@dataclass
class Findings:
    """Problems that make render fail, and warnings that it would print."""

    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def check(resume: Resume, warnings: bool = True) -> Findings:
    """Every problem with the themes, options and locales the file and its variants name;
    without ``warnings`` when the resume holds only its settings (``loader.settings_only``)."""
    found = Findings()
    cache: dict[str, themes.Theme | ResumekitError] = {}
    read: dict[tuple[Path, ...], ResumekitError | None] = {}  # each theme's files read once
    for name in [None, *resume.resumekit.variants]:
        try:
            theme, from_file = render_theme(resume, None, name, cache)
            theme.resolve_options(*option_layers(resume, theme, name, from_file))
        except InvalidTheme as exc:  # InvalidOptions is one too
            found.errors += exc.diagnostics
        else:
            if theme.folders not in read:
                read[theme.folders] = _unreadable(theme)
            refused = read[theme.folders]
            if refused:
                found.errors += _theme_problems(
                    resume, [*_theme_named(resume, name)[1], "theme"], refused
                )
        try:
            render_locale(resume, None, name)
        except InvalidResume as exc:
            found.errors += exc.diagnostics
        if name is not None and warnings:
            found.warnings += _stray_tags(resume, name)
    found.errors = sorted(dict.fromkeys(found.errors), key=Diagnostic.position)
    return found


def render_theme(
    resume: Resume,
    given: str | None,
    variant: str | None,
    cache: dict[str, themes.Theme | ResumekitError] | None = None,
) -> tuple[themes.Theme, bool]:
    """The theme a render uses (``--theme``, else the variant's, else the file's, else the
    default) and whether it is the file's own. One the file names (relative to its folder)
    that cannot be used is an InvalidTheme placed where the file names it."""
    if given:
        return themes.find(given, resume_folder(resume)), False
    spec, at = _theme_named(resume, variant)
    cache = {} if cache is None else cache
    if spec not in cache:
        try:
            cache[spec] = themes.find(spec, resume_folder(resume), from_resume=True)
        except ResumekitError as exc:
            cache[spec] = exc
    theme = cache[spec]
    if isinstance(theme, ResumekitError):
        raise InvalidTheme(_theme_problems(resume, [*at, "theme"], theme))
    return theme, at == _FILE


def _theme_named(resume: Resume, variant: str | None) -> tuple[str, list[str]]:
    """The theme the file (or the variant) names, or the default, and where it is named."""
    at, target = _targets(resume, variant)[-1]
    spec, at = (target.theme, at) if target.theme else (resume.resumekit.theme, _FILE)
    return spec or DEFAULT_THEME, at


def _unreadable(theme: themes.Theme) -> ResumekitError | None:
    """What render would refuse to read of the theme: each stylesheet of the cascade and
    every template (a link out of the theme, a FIFO, a file past its cap)."""
    try:
        theme.css()
        theme.read_templates()
    except ResumekitError as exc:
        return exc
    return None


def render_locale(resume: Resume, given: str | None, variant: str | None) -> str | None:
    """The locale a render uses (``--locale``, else the variant's, else the file's), known to
    babel; an unknown one the file names is an InvalidResume at its place."""
    if given:
        locales.identifier(given)
        return given
    at, target = next(((a, t) for a, t in reversed(_targets(resume, variant)) if t.locale),
                      ([], None))  # fmt: skip
    if target is None:
        return None
    try:
        locales.identifier(target.locale or "")
    except InputError:
        raise  # babel's own data is broken, not the resume
    except ResumekitError as exc:
        raise InvalidResume([place(resume, [*at, "locale"], _with_hint(exc))]) from None
    return target.locale


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
    layers: list[tuple[themes.Where, dict[str, Any]]] = [(_placer(resume, _FILE), from_file)]
    if variant is not None:
        where = _placer(resume, [*_FILE, "variants", variant])
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
    targets: list[tuple[list[str], Settings]] = [(_FILE, resume.resumekit)]
    if variant is not None:
        targets.append(([*_FILE, "variants", variant], resume.resumekit.variants[variant]))
    return targets


def resume_folder(resume: Resume) -> Path:
    """The resume's own folder: where a theme, a photo or ./themes it names is looked up."""
    return resume.source.parent.resolve() if resume.source else Path.cwd()


def _theme_problems(resume: Resume, at: list[str], error: ResumekitError) -> list[Diagnostic]:
    """A theme that cannot be used, at the place that names it; each problem a broken
    theme.toml has, on its own line."""
    if isinstance(error, InvalidTheme):
        return [place(resume, at, f"theme cannot be used: {d}") for d in error.diagnostics]
    return [place(resume, at, _with_hint(error))]


def _stray_tags(resume: Resume, name: str) -> list[Diagnostic]:
    """A tag of the variant that nothing carries: the variant most likely has a typo."""
    variant = resume.resumekit.variants[name]
    warnings = []
    for key in ("tags", "exclude_tags"):
        tags = getattr(variant, key)
        for tag in variants.unmatched(resume, tags):
            message = stray_tags_message(resume, [tag])
            at = [*_FILE, "variants", name, key, tags.index(tag)]
            warnings.append(place(resume, at, message))
    return warnings


def _placer(resume: Resume, at: list[str]) -> themes.Where:
    """Places a problem with an option of the settings at ``at`` in the resume's file."""

    def where(name: str, message: str, on_key: bool) -> Diagnostic:
        return place(resume, [*at, "theme_options", name], message, on_key)

    return where


def _with_hint(error: ResumekitError) -> str:
    return f"{error.message}; {error.hint}" if error.hint else error.message

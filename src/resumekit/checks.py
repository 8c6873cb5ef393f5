"""What a resume's settings ask of the rest of resumekit, checked without rendering.

The schema checks the file alone; these checks look at what it names. For the file and for
each of its variants they make the plan render would make (``plan.make_plan``: the theme
found, its options checked against it, the locale known) and collect every problem it
reports; each theme used must also be readable. A variant whose tags match nothing is worth
a warning. ``validate`` runs all of them, so the commit hook refuses what ``render`` would
refuse; only what layout alone can tell (whether max_pages fits) is left to render.
Nothing here imports Jinja, babel or WeasyPrint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from resumekit import about, themes
from resumekit.errors import Diagnostic, InvalidResume, InvalidTheme, ResumekitError
from resumekit.loader import place
from resumekit.plan import FILE, Found, make_plan, stray_tags_message, theme_named, theme_problems
from resumekit.schema import Resume


@dataclass
class Findings:
    """Problems that make render fail, and warnings that it would print."""

    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def check(resume: Resume, warnings: bool = True) -> Findings:
    """Every problem with the themes, options and locales the file and its variants name;
    without ``warnings`` when the resume holds only its settings (``loader.settings_only``)."""
    found = Findings()
    named: Found = {}  # each theme the file names found once
    read: dict[tuple[Path, ...], ResumekitError | None] = {}  # each theme's files read once
    for name in [None, *resume.resumekit.variants]:
        try:
            plan = make_plan(resume, variant=name, found=named)
        except (InvalidTheme, InvalidResume) as exc:  # InvalidOptions is an InvalidTheme
            found.errors += exc.diagnostics
        else:
            if name is not None and warnings:
                found.warnings += _stray_tags(resume, name, plan.stray_tags)
        spec, at = theme_named(resume, name)
        theme = named.get(spec)
        if isinstance(theme, themes.Theme):  # found, if not usable with these options
            if theme.folders not in read:
                read[theme.folders] = _unreadable(theme)
            refused = read[theme.folders]
            found.errors += theme_problems(resume, [*at, "theme"], refused) if refused else []
    found.errors += about.check(resume)
    found.errors = sorted(dict.fromkeys(found.errors), key=Diagnostic.position)
    return found


def _unreadable(theme: themes.Theme) -> ResumekitError | None:
    """What render would refuse to read of the theme: each stylesheet of the cascade and
    every template (a link out of the theme, a FIFO, a file past its cap)."""
    try:
        theme.css()
        theme.read_templates()
    except ResumekitError as exc:
        return exc
    return None


def _stray_tags(resume: Resume, name: str, stray: tuple[str, ...]) -> list[Diagnostic]:
    """Each of the variant's tags its plan found nothing carries, where the variant gives it:
    the variant most likely has a typo."""
    variant = resume.resumekit.variants[name]
    warnings = []
    for key in ("tags", "exclude_tags"):
        tags = getattr(variant, key)
        for tag in dict.fromkeys(tags):
            if tag in stray:
                at = [*FILE, "variants", name, key, tags.index(tag)]
                warnings.append(place(resume, at, stray_tags_message(resume, [tag])))
    return warnings

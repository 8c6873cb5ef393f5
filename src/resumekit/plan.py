"""Settings, once: everything a render uses, resolved in one step into one frozen plan.

The command line wins over the variant, the variant over the file's ``resumekit:`` block, and
that over the theme's defaults. Each value is checked once, where it is resolved (the theme,
the locale and the options through ``checks``, so a value the file gives is placed at its
line and column). ``api.render`` and the variant pool's warm-up take the plan; nothing
re-derives a setting. Nothing here imports Jinja, babel or WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from resumekit import themes, variants
from resumekit.checks import option_layers, render_locale, render_theme
from resumekit.schema import Resume


@dataclass(frozen=True)
class Plan:
    """What one render (of the resume or one variant) uses."""

    theme: themes.Theme
    options: dict[str, Any]  # every option of the theme, checked
    stem: str  # output file stem: the resume's, or the variant's `output:` name
    locale: str | None = None
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
) -> Plan:
    """The plan for ``resume`` (or its ``variant``), the arguments being the command line's."""
    settings = resume.resumekit
    chosen = variants.variant(resume, variant) if variant else None
    stem = resume.source.stem if resume.source else "resume"
    if variant and chosen is not None:
        stem = chosen.file_stem(variant, stem)
        tags = [*chosen.tags, *tags]
        exclude_tags = [*chosen.exclude_tags, *exclude_tags]
    layers = [v for v in (settings, chosen) if v is not None]
    found, theme_from_file = render_theme(resume, theme, variant or None)
    values = found.resolve_options(*option_layers(resume, found, variant, theme_from_file, options))
    return Plan(
        theme=found,
        options=values,
        stem=stem,
        locale=render_locale(resume, locale, variant or None),
        max_pages=max_pages or next((v.max_pages for v in reversed(layers) if v.max_pages), None),
        tags=tuple(tags),
        exclude_tags=tuple(exclude_tags),
        allow_remote=allow_remote,
        stray_tags=tuple(variants.unmatched(resume, [*tags, *exclude_tags])),
    )

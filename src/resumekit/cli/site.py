"""``resumekit site``: the about page, the resume as a page and a PDF, JSON Resume and a
contact card, as a folder ready to publish."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from resumekit.cli._common import (
    AllowRemoteOption,
    LocaleOption,
    ResumeArgument,
    ThemeOption,
    _debug,
    _filled,
    _progress,
    _report,
    _user_errors,
    variant_option,
)


def site(
    resume: ResumeArgument = Path("resume.yaml"),
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FOLDER", help="The site's folder.", show_default="site/"
        ),
    ] = None,
    theme: ThemeOption = None,
    variant: Annotated[str | None, variant_option("Build around a named variant.")] = None,
    locale: LocaleOption = None,
    allow_remote: AllowRemoteOption = False,
) -> None:
    """Build a personal site: an about page, the resume as a page and a PDF, JSON Resume
    and a contact card, themed like the resume.

    The about page's text is the Markdown file named by resumekit.site.about (else the
    summary); resumekit.site.url, where the site is published, adds a sitemap and full
    link previews. Nothing on the pages loads from anywhere else.

    \b
    [bold]Examples:[/]
    resumekit site
    resumekit site cv.yaml --theme modern -o public/
    resumekit site --variant ml-inference
    """
    from resumekit import site as builder
    from resumekit.loader import load
    from resumekit.plan import make_plan

    with _user_errors():
        _filled(output=output, theme=theme, variant=variant, locale=locale)
        folder = builder.folder(output)
        document = load(resume)
        plan = make_plan(document, theme, None, locale, allow_remote, variant=variant)
        with _progress("Building the site…"):
            built = builder.build(document, plan)
            written = builder.write(built, folder)
    _debug(f"theme {built.theme.name} ({built.theme.origin})")
    by_kind: dict[str, list[Path]] = {}
    for path in written:
        by_kind.setdefault(path.suffix[1:], []).append(path)
    _report(built.warnings, built.pages, by_kind)

"""``resumekit letter``: a cover letter in the resume's theme, alone or before the resume."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from resumekit.cli._common import (
    OutputOption,
    ThemeOption,
    _debug,
    _filled,
    _progress,
    _report,
    _user_errors,
    formats_option,
    variant_option,
)
from resumekit.outputs import LETTER_FORMATS


def letter(
    letter_file: Annotated[
        Path, typer.Argument(metavar="LETTER", help="The letter: Markdown with front matter.")
    ],
    with_resume: Annotated[
        bool,
        typer.Option("--with-resume", help="One PDF: the letter, then the resume it goes with."),
    ] = False,
    variant: Annotated[
        str | None, variant_option("The resume's variant (else the letter's).")
    ] = None,
    theme: ThemeOption = None,
    locale: Annotated[
        str | None,
        typer.Option(
            metavar="LANG", help="Language of the date and greeting, e.g. de.", show_default=False
        ),
    ] = None,
    formats: Annotated[str, formats_option(LETTER_FORMATS)] = "pdf",
    output: OutputOption = None,
) -> None:
    """Render a cover letter in its resume's theme: same masthead, fonts and accent.

    The letter is Markdown with front matter (to, company, address, subject, variant, ...);
    its resume is resume.yaml beside it unless the front matter says `resume:`. The file's
    name names the outputs: letters/acme.md becomes out/acme.pdf.

    \b
    [bold]Examples:[/]
    resumekit letter letters/acme.md
    resumekit letter letters/acme.md --with-resume
    resumekit letter letters/acme.md -f pdf,docx -o build/
    """  # fmt: skip
    from resumekit.letter_render import render

    with _user_errors():
        _filled(variant=variant, theme=theme, locale=locale, output=output)
        wanted = list(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))
        with _progress("Rendering the letter…"):
            result = render(letter_file, wanted, output, with_resume, variant, theme, locale)
    _debug(f"theme {result.theme.name} ({result.theme.origin}), options {result.options}")
    _debug(f"locale {result.locale}")
    _report(result.warnings, result.pages, {fmt: [path] for fmt, path in result.written.items()})

"""``resumekit validate``: the commit hook's gate (the work is ``validate_files``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from resumekit.validate_files import validate_files


def validate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILE",
            help="Resume files and letters to check (resume.yaml if none).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check resume files (and cover letters and about pages, .md) as render (and letter and
    site) would: every problem with file:line:col, all at once.

    Besides the schema: the themes the file and its variants name, their theme options and
    locales. A variant whose tags match nothing is a warning. A letter's front matter, text,
    resume, variant, theme and locale are checked; an about page is checked with the resume
    that names it. Exit codes: 0 all valid (even with
    warnings), 1 a file is invalid, 2 a file cannot be read.

    \b
    [bold]Examples:[/]
    resumekit validate
    resumekit validate resume.yaml resume-de.yaml
    resumekit validate letters/acme.md
    resumekit validate about.md
    """
    raise typer.Exit(validate_files(files or []))

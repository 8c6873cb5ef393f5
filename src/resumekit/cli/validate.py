"""``resumekit validate``: kept light, it loads no part of the render stack."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from resumekit.cli._common import _escape, _print_error, out
from resumekit.errors import ResumekitError


def validate(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Resume files to check.", show_default=False)
    ] = None,
) -> None:
    """Check resume files against the schema; print every problem with file:line:col.

    Exit codes: 0 all valid, 1 a file is invalid, 2 a file cannot be read.

    [bold]Example:[/] resumekit validate resume.yaml
    """
    from resumekit.loader import load

    worst = 0
    for path in files or [Path("resume.yaml")]:
        try:
            load(path)
        except ResumekitError as exc:
            _print_error(exc)
            worst = max(worst, exc.exit_code)
        else:
            out.print(f"[green]OK[/] {_escape(str(path))}")
    raise typer.Exit(worst)

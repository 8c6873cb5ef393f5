"""``resumekit schema``: the JSON Schema of resume files, or its Markdown reference."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from resumekit.console import say


def schema(
    form: Annotated[
        str,
        typer.Option(
            "--format", metavar="FORMAT", help="json (JSON Schema) or markdown (a reference)."
        ),
    ] = "json",
) -> None:
    """Print the JSON Schema of resume files (for editors and other tools), or its reference.

    \b
    [bold]Examples:[/]
    resumekit schema > resume.schema.json
    resumekit schema --format markdown > docs/schema.md
    """
    if form == "markdown":
        from resumekit.schema_doc import markdown

        sys.stdout.write(markdown())
        return
    if form != "json":
        say("error", f"unknown schema format {form!r}; use json or markdown")
        raise typer.Exit(2)
    from resumekit.schema import json_schema_text

    sys.stdout.write(json_schema_text())

"""``resumekit import`` and ``export``: to and from JSON Resume."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from resumekit.cli._common import ResumeArgument, _user_errors, _write_schema_beside
from resumekit.console import say, wrote
from resumekit.errors import InputError


def import_(
    source: Annotated[
        Path, typer.Argument(metavar="FILE", help="A JSON Resume document (.json or .yaml).")
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FILE", help="Where to write the resumekit YAML."),
    ] = Path("resume.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Convert a JSON Resume document into resumekit YAML, noting the fields kept for export.

    \b
    [bold]Example:[/]
    resumekit import resume.json -o resume.yaml
    """
    from resumekit.files import output_path, write_atomic
    from resumekit.outputs.jsonresume import import_document

    with _user_errors():
        imported = import_document(source, output)  # a missing or broken input comes first
        if output.exists() and not force:
            raise InputError(f"{output} exists", hint="pass --force to overwrite it")
        # every path decided before anything is written: a refused import writes nothing
        target = output_path(output.parent, output.name, [source])
        files = {output_path(output.parent, name, [source]): data
                 for name, data in imported.files.items()}  # fmt: skip
        write_atomic(target, imported.yaml.encode("utf-8"))
        for path, content in files.items():  # the photo, beside the YAML
            write_atomic(path, content)
        schema_file = _write_schema_beside(output)
    for line in imported.notes:
        say("note", line)
    wrote(str(output))
    wrote(f"{schema_file} (for editors' completion)")


def export(
    resume: ResumeArgument = Path("resume.yaml"),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="File to write; stdout when left out."),
    ] = None,
) -> None:
    """Write the resume as a JSON Resume document (for JSON Resume themes and tools).

    \b
    [bold]Example:[/]
    resumekit export resume.yaml -o resume.json
    """
    from resumekit.files import refuse_input, write_atomic
    from resumekit.loader import load
    from resumekit.outputs.jsonresume import document_text
    from resumekit.outputs.jsonresume import export as to_json_resume

    with _user_errors():
        text = document_text(to_json_resume(load(resume)))
        if output is None:
            sys.stdout.write(text)
            return
        refuse_input(output, [resume])
        write_atomic(output, text.encode("utf-8"))
    wrote(str(output))

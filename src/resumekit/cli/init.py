"""``resumekit init``: a starter resume.yaml, with the schema beside it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from resumekit.cli._common import _escape, _user_errors, _write_schema_beside, out
from resumekit.errors import InputError


def init(
    path: Annotated[
        Path, typer.Argument(metavar="FILE", help="Where to write the starter resume.")
    ] = Path("resume.yaml"),
    name: Annotated[str, typer.Option("--name", metavar="NAME", help="Your name.")] = "Your Name",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a starter resume.yaml with an example of every section.

    \b
    [bold]Examples:[/]
    resumekit init --name "Ada Lovelace"
    resumekit init cv.yaml
    """
    from importlib.resources import files

    from resumekit.files import write_atomic

    with _user_errors():
        if path.exists() and not force:
            raise InputError(f"{path} exists", hint="pass --force to overwrite it")
        starter = files("resumekit").joinpath("starter.yaml").read_text(encoding="utf-8")
        named = starter.replace("__NAME__", json.dumps(name, ensure_ascii=False))  # 山田, as typed
        write_atomic(path, named.encode("utf-8"))
        schema_file = _write_schema_beside(path)
    out.print(f"[green]wrote[/] {_escape(str(path))}")
    out.print(f"[green]wrote[/] {_escape(str(schema_file))} (for editors' completion)")
    out.print(f"next: resumekit watch {_escape(str(path))}")

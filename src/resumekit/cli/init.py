"""``resumekit init``: a starter resume.yaml, with the schema beside it; or a starter letter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from resumekit.cli._common import _user_errors, _write_schema_beside
from resumekit.console import escape, out, say, wrote
from resumekit.errors import InputError


def init(
    path: Annotated[
        Path, typer.Argument(metavar="FILE", help="Where to write the starter resume.")
    ] = Path("resume.yaml"),
    name: Annotated[str, typer.Option("--name", metavar="NAME", help="Your name.")] = "Your Name",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    letter: Annotated[
        str | None,
        typer.Option(
            "--letter",
            metavar="NAME",
            help="Write a starter cover letter, letters/NAME.md, for the resume FILE.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a starter resume.yaml with an example of every section (or, with --letter, a
    starter cover letter for it in letters/ beside it).

    \b
    [bold]Examples:[/]
    resumekit init --name "Ada Lovelace"
    resumekit init cv.yaml
    resumekit init --letter acme
    """  # fmt: skip
    from importlib.resources import files

    from resumekit.files import write_atomic

    if letter is not None:
        with _user_errors():
            written = _starter_letter(path, letter, force)
        wrote(str(written))
        if not path.is_file():
            say("note", f"there is no {path} yet; write it first: resumekit init {path}")
        out.print(f"next: resumekit letter {escape(str(written))} --with-resume")
        return
    with _user_errors():
        if path.exists() and not force:
            raise InputError(f"{path} exists", hint="pass --force to overwrite it")
        starter = files("resumekit").joinpath("starter.yaml").read_text(encoding="utf-8")
        named = starter.replace("__NAME__", json.dumps(name, ensure_ascii=False))  # 山田, as typed
        write_atomic(path, named.encode("utf-8"))
        schema_file = _write_schema_beside(path)
    wrote(str(path))
    wrote(f"{schema_file} (for editors' completion)")
    out.print(f"next: resumekit watch {escape(str(path))}")


def _starter_letter(resume: Path, name: str, force: bool) -> Path:
    """letters/NAME.md beside ``resume``, naming it as the resume it goes with."""
    from importlib.resources import files

    from resumekit.files import output_path, write_atomic
    from resumekit.settings import MAX_SIMPLE_NAME, SIMPLE_NAME

    if not SIMPLE_NAME.fullmatch(name) or len(name) > MAX_SIMPLE_NAME:
        raise InputError(f"--letter {name!r}: a letter's name is letters, digits, - and _ "
                         "(it names the file, letters/NAME.md)")  # fmt: skip
    path = output_path(resume.parent / "letters", f"{name}.md")
    if path.exists() and not force:
        raise InputError(f"{path} exists", hint="pass --force to overwrite it")
    starter = files("resumekit").joinpath("starter_letter.md").read_text(encoding="utf-8")
    text = starter.replace("__RESUME__", json.dumps(f"../{resume.name}", ensure_ascii=False))
    write_atomic(path, text.encode("utf-8"))
    return path

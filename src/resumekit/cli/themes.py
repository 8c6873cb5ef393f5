"""``resumekit themes``: the themes ``--theme`` can use, and why any other cannot."""

from __future__ import annotations

from pathlib import Path

import typer

from resumekit.cli._common import _user_errors
from resumekit.console import escape, out, problems, say


def list_themes() -> None:
    """List the themes `--theme` can use, with where each comes from.

    A theme that cannot be used (a broken theme.toml, a file refused, an entry point that
    names no theme folder) is left out of the list and reported on stderr as a warning; the
    command then exits 1, after listing the others.

    \b
    [bold]Example:[/]
    resumekit themes
    """

    from resumekit.themes import available

    with _user_errors():
        found, broken = available(Path.cwd())
    rows = [("name", "description", "from")]
    rows += [(escape(t.name), escape(t.description), escape(t.origin)) for t in found]
    name_width = max(len(row[0]) for row in rows)
    from_width = max(len(row[2]) for row in rows)
    room = max(out.width - name_width - from_width - 4, 20)
    for name, description, origin in rows:  # one unwrapped line a theme: no value starts one
        shown = description if len(description) <= room else description[: room - 1] + "…"
        out.print(f"{name:<{name_width}}  {shown:<{room}}  {origin}".rstrip(), crop=False)
    for name, error in broken.items():
        for problem in problems(error):
            say("warning", f"theme '{name}' cannot be used: {problem}")
    if broken:
        raise typer.Exit(1)

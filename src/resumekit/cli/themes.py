"""``resumekit themes``: the themes ``--theme`` can use, and why any other cannot."""

from __future__ import annotations

from pathlib import Path

import typer

from resumekit.cli._common import _escape, _problems, _say, _user_errors, out


def list_themes() -> None:
    """List the themes `--theme` can use, with where each comes from.

    A theme that cannot be used (a broken theme.toml, a file refused, an entry point that
    names no theme folder) is left out of the list and reported on stderr as a warning; the
    command then exits 1, after listing the others.

    [bold]Example:[/] resumekit themes
    """
    from rich.table import Table

    from resumekit.themes import available

    with _user_errors():
        found, broken = available(Path.cwd())
    table = Table("name", "description", "from", box=None, pad_edge=False)
    for theme in found:
        table.add_row(_escape(theme.name), _escape(theme.description), _escape(theme.origin))
    out.print(table)
    for name, error in broken.items():
        for problem in _problems(error):
            _say("warning", f"theme '{name}' cannot be used: {problem}")
    if broken:
        raise typer.Exit(1)

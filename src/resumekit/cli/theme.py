"""``resumekit theme new``: scaffold a theme of your own in ./themes/NAME."""

from __future__ import annotations

from typing import Annotated

import typer

from resumekit.cli._common import App, _user_errors
from resumekit.console import escape, out, wrote

app = App(
    help="Make a theme of your own.",
    epilog="[bold]Example:[/] resumekit theme new mytheme --extends compact",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


@app.command()
def new(
    name: Annotated[
        str, typer.Argument(help="The theme's name, as --theme will take it.", metavar="NAME")
    ],
    extends: Annotated[
        str | None,
        typer.Option(
            "--extends",
            help="A theme to build on: write only what differs.",
            metavar="THEME",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite its files in an existing folder.")
    ] = False,
) -> None:
    """Write a theme folder in ./themes/NAME that renders right away, its files commented.

    With --extends, the folder holds theme.toml and a style.css that cascades over the
    parent's; without, also templates and a whole stylesheet, copied from compact.

    \b
    [bold]Example:[/]
    resumekit theme new mytheme --extends compact
    """
    from resumekit.scaffold import new_theme

    with _user_errors():
        written = new_theme(name, extends, force)
    for path in written:
        wrote(path.as_posix())
    out.print(f"next: resumekit render --theme {escape(name)}")

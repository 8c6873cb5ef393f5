"""``resumekit watch``: render on every save, with a live-reloading preview."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from resumekit.cli._common import ThemeOption, _escape, _say, _user_errors, out


def watch(
    resume: Annotated[Path, typer.Argument(help="The resume file.")] = Path("resume.yaml"),
    theme: ThemeOption = None,
    port: Annotated[
        int,
        typer.Option(min=0, max=65535, help="Preview port on 127.0.0.1 (0 picks a free one)."),
    ] = 8000,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Output folder.", show_default="out/")
    ] = None,
) -> None:
    """Render on every save and serve a live-reloading preview at http://127.0.0.1:PORT/.

    A save with an error keeps the last good PDF and HTML and shows the error on the page.
    Stop with Ctrl-C.

    [bold]Example:[/] resumekit watch resume.yaml --theme modern --port 8001
    """
    from resumekit.watch import watch as run

    def report(lines: list[tuple[str, str]]) -> None:
        for kind, text in lines:
            if kind == "rendered":
                out.print(f"[green]{_escape(text)}[/]")
            else:
                _say(kind, text)

    def ready(actual: int) -> None:
        out.print(f"serving http://127.0.0.1:{actual}/ (Ctrl-C to stop)")

    try:
        with _user_errors():
            run(resume, port, report, ready, theme=theme, output=output)
    except KeyboardInterrupt:
        out.print("stopped")

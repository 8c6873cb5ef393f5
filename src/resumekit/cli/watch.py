"""``resumekit watch``: render on every save, with a live-reloading preview."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from resumekit.cli._common import (
    LocaleOption,
    OutputOption,
    ResumeArgument,
    ThemeOption,
    _filled,
    _output,
    _user_errors,
    variant_option,
)
from resumekit.console import escape, out, say


def watch(
    resume: ResumeArgument = Path("resume.yaml"),
    theme: ThemeOption = None,
    port: Annotated[
        int,
        typer.Option(
            min=0,
            max=65535,
            metavar="N",
            help="Preview port on 127.0.0.1, from 1 to 65535 (0 picks a free one).",
        ),
    ] = 8000,
    output: OutputOption = None,
    variant: Annotated[str | None, variant_option("Watch a named variant.")] = None,
    locale: LocaleOption = None,
    site: Annotated[
        bool,
        typer.Option(
            "--site",
            help="Build the whole site (resumekit site) on every save of the resume or its "
            "about page, and serve it; -o is then the site's folder (site/).",
        ),
    ] = False,
) -> None:
    """Render on every save and serve a live-reloading preview at http://127.0.0.1:PORT/.

    A save with an error keeps the last good files and shows the error on the page.
    Stop with Ctrl-C.

    \b
    [bold]Examples:[/]
    resumekit watch
    resumekit watch cv.yaml --theme modern --port 8001
    resumekit watch --site
    """
    from resumekit.watch import watch as run

    def report(lines: list[tuple[str, str]]) -> None:
        for kind, text in lines:
            if kind == "rendered":
                out.print(f"[green]{escape(text)}[/]")
            else:
                say(kind, text)

    def ready(actual: int) -> None:
        out.print(f"serving http://127.0.0.1:{actual}/ (Ctrl-C to stop)")

    try:
        with _user_errors():
            _filled(theme=theme, output=output, variant=variant, locale=locale)
            target: str | None = _output(output, ("pdf", "html")) if not site else None
            if site:
                from resumekit.site import folder

                target = str(folder(output))
            run(resume, port, report, ready, site, theme=theme, output=target, variant=variant,
                locale=locale)  # fmt: skip
    except KeyboardInterrupt:
        out.print("stopped")

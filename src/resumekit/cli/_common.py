"""What every command shares: the app and its global options, the consoles, and the one
way to print an error, warning, note or hint.

Only the CLI exits. A ResumekitError prints as ``error: ...`` with its hint and exits 1
(2 for usage and I/O); anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from resumekit.errors import InvalidResume, InvalidTheme, ResumekitError

ThemeOption = Annotated[
    str | None, typer.Option("--theme", "-t", help="Theme name or folder.", show_default=False)
]

app = typer.Typer(
    help="Resume as code: validate resume.yaml and render it with themes to PDF and HTML.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def _version(value: bool) -> None:
    if value:
        import resumekit

        out.print(f"resumekit {resumekit.__version__}")
        raise typer.Exit()


@app.callback(epilog="Exit codes: 0 ok, 1 invalid resume or theme, 2 usage or I/O error.")
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also print timings and settings.")
    ] = False,
) -> None:
    """Resume as code: validate resume.yaml and render it with themes to PDF and HTML."""
    out.quiet = quiet
    _settings["verbose"] = verbose and not quiet


_settings = {"verbose": False}


def _debug(message: str) -> None:
    if _settings["verbose"]:
        err.print(f"[dim]{_escape(message)}[/]")


@contextmanager
def _progress(message: str, delay: float = 1.0) -> Iterator[None]:
    """A spinner on a terminal, shown only once the work has taken ``delay`` seconds."""
    if not err.is_terminal or out.quiet:
        yield
        return
    status = err.status(message)
    timer = threading.Timer(delay, status.start)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        status.stop()


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn a ResumekitError into a clean message and exit code."""
    try:
        yield
    except ResumekitError as exc:
        _print_error(exc)
        raise typer.Exit(exc.exit_code) from None


def _print_error(exc: ResumekitError) -> None:
    for problem in _problems(exc):
        _say("error", problem)
    if exc.hint:
        _say("hint", exc.hint)


def _problems(exc: ResumekitError) -> list[str]:
    """One line per problem: an invalid resume or theme has several."""
    if isinstance(exc, InvalidResume | InvalidTheme):
        return [str(diagnostic) for diagnostic in exc.diagnostics]
    return [exc.message]


_LABELS = {"error": "bold red", "warning": "yellow", "note": "yellow", "hint": "dim"}


def _say(label: str, message: str) -> None:
    """Print one problem (an error, warning, note or hint) as exactly one line on stderr.

    Every such line goes through here. The message is printed as plain text, not markup,
    and ``_visible``: text from a resume or a theme can neither start a line of its own (a
    CI log reads a line starting with ``::`` as a workflow command) nor style the terminal.
    """
    from rich.text import Text

    err.print(Text.assemble((f"{label}:", _LABELS[label]), " ", _visible(message)))


#: Characters a terminal or a CI log takes for more than text: C0 and C1 controls, DEL, line
#: and paragraph separators, and the bidirectional marks, overrides and isolates (which
#: reorder what is shown).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(text: str) -> str:
    """``text`` on one line, as it reads: control and bidi characters as escapes (``\\n``,
    ``\\u202e``)."""
    return _UNSAFE.sub(lambda found: _NAMED.get(found[0], f"\\u{ord(found[0]):04x}"), text)


def _escape(text: str) -> str:
    """``text`` to put into rich markup: ``_visible``, and ``[bold]`` printed as written."""
    from rich.markup import escape

    return escape(_visible(text))


def _write_schema_beside(resume: Path) -> Path:
    """The JSON Schema beside a resume we wrote, where its modeline points editors
    (``init`` and ``import`` both do)."""
    from resumekit.files import write_atomic
    from resumekit.schema import SCHEMA_FILE, json_schema_text

    path = resume.parent / SCHEMA_FILE
    write_atomic(path, json_schema_text().encode("utf-8"))
    return path

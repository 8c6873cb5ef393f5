"""How the command line prints: its two outputs and the one way to print a problem.

Apart from the command line (``cli``), which imports typer, so that ``validate`` can run
without it (``validate_files``); and rich is imported only to write to a terminal.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING, Any

from resumekit.errors import InvalidResume, InvalidTheme, ResumekitError

if TYPE_CHECKING:
    from rich.console import Console


class Output:
    """Standard output (or error) as the command line writes to it: through rich's console,
    made at first use. A line of plain pieces (``line``: a problem, validate's "OK") is
    written as it is where rich would write it without colour (a commit hook, a CI log, a
    pipe), without importing rich (a tenth of a ``validate``)."""

    def __init__(self, stderr: bool = False) -> None:
        self.stderr = stderr
        self.quiet = False
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        """rich's console for this output (``quiet`` as set here)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(
                stderr=self.stderr, highlight=False, soft_wrap=True, emoji=False
            )
        self._console.quiet = self.quiet
        return self._console

    def __getattr__(self, name: str) -> Any:  # print, status, width, is_terminal...
        return getattr(self.console, name)

    def line(self, *pieces: tuple[str, str]) -> None:
        """One line of (text, rich style) pieces, each text printed as it is (no markup)."""
        if self.quiet:
            return
        if self._console is None and not self.styled():
            self._write("".join(text for text, _ in pieces) + "\n")
            return
        from rich.text import Text

        self.console.print(Text.assemble(*pieces))

    def _write(self, text: str) -> None:
        """Write and flush ``text`` as rich does: each line at once (a hook shows stdout and
        stderr in one stream, in order), nothing to a closed stream; a broken pipe (or a full
        disk) ends the command (exit 1) with what follows written nowhere."""
        stream = self._stream
        if stream is None:  # closed when the command started
            return
        try:
            stream.write(text)
            stream.flush()
        except OSError:  # a broken pipe, a full disk
            self.quiet = True
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            raise SystemExit(1) from None

    @property
    def _stream(self) -> Any:
        """sys.stdout or sys.stderr as it is now (a test may have replaced it); None closed."""
        return sys.stderr if self.stderr else sys.stdout

    def styled(self) -> bool:
        """Whether rich would style what it writes here: on a terminal, or where the
        environment forces it (rich's ``Console.is_terminal``)."""
        if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
            return True
        isatty = getattr(self._stream, "isatty", None)
        try:
            return bool(isatty and isatty())
        except ValueError:  # closed
            return True


out = Output()
err = Output(stderr=True)


def print_error(exc: ResumekitError) -> None:
    """Each problem of ``exc`` as an ``error:`` line, then its hint."""
    for problem in problems(exc):
        say("error", problem)
    if exc.hint:
        say("hint", exc.hint)


def problems(exc: ResumekitError) -> list[str]:
    """One line per problem: an invalid resume or theme has several."""
    if isinstance(exc, InvalidResume | InvalidTheme):
        return [str(diagnostic) for diagnostic in exc.diagnostics]
    return [exc.message]


_LABELS = {"error": "bold red", "warning": "yellow", "note": "yellow", "hint": "dim"}


def say(label: str, message: str) -> None:
    """Print one problem (an error, warning, note or hint) as exactly one line on stderr.

    Every such line goes through here. The message is printed as plain text, not markup,
    and ``visible``: text from a resume or a theme can neither start a line of its own (a
    CI log reads a line starting with ``::`` as a workflow command) nor style the terminal.
    """
    err.line((f"{label}:", _LABELS[label]), (" " + visible(message), ""))


def wrote(text: str) -> None:
    """Print that a file was written: "wrote PATH" and what follows in ``text``."""
    _done("wrote", text)


def ok(text: str) -> None:
    """Print that ``text`` (a file, with what was checked with it) is valid: "OK ..."."""
    _done("OK", text)


def _done(word: str, text: str) -> None:
    """One line on stdout: ``word`` in green, then ``text`` as it reads (``visible``)."""
    out.line((word, "green"), (" " + visible(text), ""))


#: Characters a terminal or a CI log takes for more than text: C0 and C1 controls, DEL, line
#: and paragraph separators, and the bidirectional marks, overrides and isolates (which
#: reorder what is shown).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """``text`` on one line, as it reads: control and bidi characters as escapes (``\\n``,
    ``\\u202e``)."""
    return _UNSAFE.sub(lambda found: _NAMED.get(found[0], f"\\u{ord(found[0]):04x}"), text)


def escape(text: str) -> str:
    """``text`` to put into rich markup: ``visible``, and ``[bold]`` printed as written."""
    from rich.markup import escape as escaped

    return escaped(visible(text))

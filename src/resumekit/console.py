"""How the command line prints: its two consoles and the one way to print a problem.

Apart from the command line (``cli``), which imports typer, so that ``validate`` can run
without it (``validate_files``).
"""

from __future__ import annotations

import re

from rich.console import Console

from resumekit.errors import InvalidResume, InvalidTheme, ResumekitError

out = Console(highlight=False, soft_wrap=True, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


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
    from rich.text import Text

    err.print(Text.assemble((f"{label}:", _LABELS[label]), " ", visible(message)))


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

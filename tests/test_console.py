"""The command line's lines (problems, validate's "OK") are written without rich where rich
would write them without colour, and must read exactly as rich writes them."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.text import Text

from resumekit import console

TEXTS = [
    "resume.yaml",
    "a [bold]b[/] c [green]",
    "ends in spaces  ",
    "  starts with spaces",
    "tab\there, line\nbreak, \x1b[31mescape",
    "日本語 😀 é e\u0301 العربية",
    "\u202eevil\u202c",
    "x" * 300,
    "",
]


def by_rich(*pieces: tuple[str, str]) -> str:
    """What rich writes for the line where it writes no colour."""
    written = io.StringIO()
    rich = Console(file=written, force_terminal=False, highlight=False, soft_wrap=True,
                   emoji=False)  # fmt: skip
    rich.print(Text.assemble(*pieces))
    return written.getvalue()


@pytest.fixture(autouse=True)
def uncoloured(monkeypatch):
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("label", ["error", "warning", "note", "hint"])
def test_a_problem_reads_as_rich_writes_it(capsys, label, text):
    console.say(label, text)
    written = capsys.readouterr()
    assert written.out == ""
    assert written.err == by_rich((f"{label}:", "bold"), (" " + console.visible(text), ""))


@pytest.mark.parametrize("text", TEXTS)
def test_ok_reads_as_rich_writes_it(capsys, text):
    console.ok(text)
    assert capsys.readouterr().out == by_rich(("OK", "green"), (" " + console.visible(text), ""))


def test_forced_colour_goes_through_rich(capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setattr(console.err, "_console", None)  # made anew, as in a process started so
    console.say("error", "broken")
    assert "\x1b[" in capsys.readouterr().err


def test_quiet_prints_no_ok(capsys, monkeypatch):
    monkeypatch.setattr(console.out, "quiet", True)
    console.ok("resume.yaml")
    assert capsys.readouterr().out == ""

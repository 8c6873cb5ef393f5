"""The command line's lines (problems, validate's "OK") are written without rich where rich
would write them without colour, and must read exactly as rich writes them."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from conftest import copy_seed
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


@pytest.mark.parametrize("text", TEXTS)
def test_wrote_reads_as_rich_writes_it(capsys, text):
    console.wrote(text)
    assert capsys.readouterr().out == by_rich(("wrote", "green"), (" " + console.visible(text), ""))


def test_a_piped_render_imports_no_rich(tmp_path):
    """rich is for a terminal: piped (a CI job), a render says what it wrote without it."""
    copy_seed(tmp_path)
    code = (
        "import sys\n"
        "sys.argv = ['resumekit', 'render', '-f', 'html', '-o', 'out/']\n"
        "from resumekit.command import main\n"
        "try: main()\n"
        "except SystemExit as e: print(e.code)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'rich'}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, env=env, timeout=120)  # fmt: skip
    assert done.stdout.splitlines()[-3:] == [f"wrote {Path('out', 'resume.html')}", "0", "[]"]

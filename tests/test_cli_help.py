"""`--help` of every command reads like a well-made CLI at 80 columns and wider: metavars
(FILE, NAME, N, KEY=VALUE) or nothing for a flag, never a Python type or a raw range, no line
past the width, examples whole on their own lines and prose that rich alone wraps."""

from __future__ import annotations

import re

import pytest
import typer
from rich.text import Text

from resumekit.cli import app

WIDTHS = (80, 100, 200)
#: A type tag as typer prints one (<bool>, <list[Path]>, <int range>) or a raw range ([x>=1]).
TYPE_TAG = re.compile(r"<[^<>\s][^<>]*>|\bx\s*[<>]=|[<>]=\s*x\b")


def _commands(command=None, path=()):
    """Every command and group of the CLI, as the words that name it after `resumekit`."""
    command = command or typer.main.get_command(app)
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


COMMANDS = {" ".join(path) or "resumekit": (path, command) for path, command in _commands()}


def _help(runner, path, width: int) -> str:
    result = runner.invoke(
        app, [*path, "--help"], env={"COLUMNS": str(width)}, prog_name="resumekit"
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def _examples(command) -> list[str]:
    return [line for line in (command.help or "").splitlines() if line.startswith("resumekit ")]


def _prose(command) -> list[str]:
    """The help's paragraphs that are not example blocks, as plain text."""
    paragraphs = (command.help or "").split("\n\n")
    return [Text.from_markup(p).plain for p in paragraphs if "\n" not in p]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_fits_the_width_and_shows_no_python_types(runner, name, width):
    shown = _help(runner, COMMANDS[name][0], width)
    assert not TYPE_TAG.search(shown), f"`{name} --help` at {width} columns:\n{shown}"
    too_long = [line for line in shown.splitlines() if len(line) > width]
    assert not too_long, f"`{name} --help` at {width} columns:\n{shown}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_example_is_one_whole_line(runner, name, width):
    path, command = COMMANDS[name]
    shown = [line.strip() for line in _help(runner, path, width).splitlines()]
    for example in _examples(command):
        assert example in shown, f"`{name} --help` at {width} columns breaks {example!r}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_an_example_and_prose_that_only_rich_wraps(runner, name):
    path, command = COMMANDS[name]
    if not getattr(command, "commands", None):
        assert _examples(command), f"`{name} --help` shows no example"
    shown = [line.strip() for line in _help(runner, path, 80).splitlines()]
    for paragraph in _prose(command):
        start = next(i for i, line in enumerate(shown) if line and paragraph.startswith(line))
        end = shown.index("", start)
        assert " ".join(shown[start:end]) == paragraph
        for line, after in zip(shown[start : end - 1], shown[start + 1 : end], strict=True):
            room = 80 - 2  # rich pads the help text by a column on each side
            assert len(line) + 1 + len(after.split()[0]) > room, f"`{name}` breaks {line!r}"


def test_render_help_names_what_each_option_takes(runner):
    shown = _help(runner, ["render"], 80)
    assert "Usage: resumekit render [OPTIONS] [FILE]" in shown
    for option, metavar in [
        ("--theme  *-t", "NAME"),
        ("--format  *-f", "FORMATS"),
        ("--output  *-o", "PATH"),
        ("--set  *-s", "KEY=VALUE"),
        ("--locale", "LANG"),
        ("--max-pages", "N"),
        ("--tags", "TAG"),
        ("--exclude-tags", "TAG"),
        ("--variant", "NAME"),
    ]:
        assert re.search(rf"{option} +{metavar} +[A-Z]", shown), (option, shown)
    for flag, first_word in [("--all-variants", "Render"), ("--allow-remote", "Let")]:
        assert re.search(rf"{flag} +{first_word} ", shown), (flag, shown)
    assert "(1 or more)" in shown


def test_arguments_are_named_in_the_usage_line_and_their_errors(runner):
    assert "Usage: resumekit import [OPTIONS] FILE" in _help(runner, ["import"], 80)
    assert "Usage: resumekit validate [OPTIONS] [FILE]..." in _help(runner, ["validate"], 80)
    missing = runner.invoke(app, ["import"], env={"COLUMNS": "80"}, prog_name="resumekit")
    assert missing.exit_code == 2 and "Missing argument 'FILE'" in missing.output


def test_top_level_help_shows_flags_without_a_type(runner):
    shown = _help(runner, [], 80)
    for flag, first_word in [("--version", "Show"), ("--quiet  *-q", "Print"), ("--help", "Show")]:
        assert re.search(rf"{flag} +{first_word} ", shown), (flag, shown)

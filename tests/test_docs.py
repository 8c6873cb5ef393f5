"""The README documents every command, with an example (as sqlite-utils' test_docs does)."""

from __future__ import annotations

import typer.main

from conftest import ROOT
from resumekit.cli import app


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    commands = typer.main.get_command(app).commands
    assert set(commands) >= {"validate", "render", "themes", "schema"}
    for name in commands:
        assert f"### resumekit {name}\n" in readme, f"README lacks a section for `{name}`"
        assert f"$ resumekit {name}" in readme, f"README lacks an example of `{name}`"


def test_readme_opens_with_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    assert first_block.splitlines()[0].startswith("make render")
    assert first_block.splitlines()[1].startswith("make test")

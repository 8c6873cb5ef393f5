"""The README documents every command, with an example (as sqlite-utils' test_docs does)."""

from __future__ import annotations

import dataclasses
import re

import pytest
import typer.main

from conftest import ROOT
from resumekit import site, view
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


def documented(table_head: str) -> set[str]:
    """The names in the first column of the docs/themes.md table whose header starts so."""
    text = (ROOT / "docs" / "themes.md").read_text()
    rows = text.split(f"| {table_head} | meaning |\n|---|---|\n", 1)[1].split("\n\n", 1)[0]
    names = set()
    for row in rows.splitlines():
        first = row.split("|")[1]
        names |= {name.split("(")[0] for name in re.findall(r"`([^`]+)`", first)}
    return names


def public(cls: type) -> set[str]:
    """What a template can read of a view-model class: fields, properties and methods."""
    names = {f.name for f in dataclasses.fields(cls)}
    names |= {n for n, v in vars(cls).items() if isinstance(v, property) or callable(v)}
    return {n for n in names if not n.startswith("_")}


@pytest.mark.parametrize(
    ("head", "cls"),
    [("`resume.`", view.View), ("a section's", view.Section), ("an item's", view.Item),
     ("`site.`", site.SiteView)],
)  # fmt: skip
def test_the_view_model_tables_name_every_field(head, cls):
    """docs/themes.md and the dataclasses the templates see cannot drift apart."""
    assert documented(head) == public(cls)


def test_the_contact_fields_are_documented():
    text = (ROOT / "docs" / "themes.md").read_text()
    fields = ", ".join(f.name for f in dataclasses.fields(view.Link))
    assert f"list of `{{{fields}}}`" in text

"""The authoring loop's commands: init, more output formats, and CLI conveniences."""

from __future__ import annotations

import json

import pypdf
import pytest
import typer.completion
import typer.main

import resumekit
from conftest import copy_seed
from resumekit.cli import app
from resumekit.field_types import SECTION_NAMES
from resumekit.schema import json_schema


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_writes_a_starter_that_validates_and_renders(runner, project):
    result = runner.invoke(app, ["init", "--name", 'Ada "Countess" Lovelace'])
    assert result.exit_code == 0, result.output
    text = (project / "resume.yaml").read_text()
    modeline = text.splitlines()[0]
    assert modeline == "# yaml-language-server: $schema=./resume.schema.json"
    assert json.loads((project / "resume.schema.json").read_text()) == json_schema()
    assert "accent" not in resumekit.load(project / "resume.yaml").resumekit.theme_options
    resume = resumekit.load(project / "resume.yaml")
    assert resume.basics.name == 'Ada "Countess" Lovelace'
    assert resume.basics.summary
    for section in set(SECTION_NAMES) - {"summary"}:  # an example of every section
        assert getattr(resume, section), section
    rendered = runner.invoke(app, ["render"])
    assert rendered.exit_code == 0, rendered.output
    assert "Lovelace" in pypdf.PdfReader(project / "out" / "resume.pdf").pages[0].extract_text()
    assert runner.invoke(app, ["render", "--variant", "ml"]).exit_code == 0


def test_init_refuses_to_overwrite_without_force(runner, project):
    (project / "resume.yaml").write_text("mine")
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 2
    assert "error: resume.yaml exists" in result.stderr and "--force" in result.stderr
    assert (project / "resume.yaml").read_text() == "mine"
    assert runner.invoke(app, ["init", "--force"]).exit_code == 0
    assert (project / "resume.yaml").read_text() != "mine"


def test_init_into_a_new_folder(runner, project):
    result = runner.invoke(app, ["init", "cv/resume.yaml"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "wrote cv/resume.yaml",
        "wrote cv/resume.schema.json (for editors' completion)",
    ]
    assert resumekit.load(project / "cv" / "resume.yaml")
    assert (project / "cv" / "resume.schema.json").is_file()


def test_import_of_a_missing_file_says_so_before_anything_else(runner, project):
    (project / "resume.yaml").write_text("mine")
    result = runner.invoke(app, ["import", "nope.json"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: nope.json: cannot read:"), result.stderr
    assert (project / "resume.yaml").read_text() == "mine"


def test_text_markdown_and_png_outputs(runner, project):
    copy_seed(project)
    result = runner.invoke(app, ["render", "-f", "txt,md,png"])
    assert result.exit_code == 0, result.output
    text = (project / "out" / "resume.txt").read_text()
    lines = text.splitlines()
    assert lines[0] == "Senthilkumar Gopal"
    assert "EXPERIENCE" in lines
    assert "- Delivered HuggingFace equivalent transformers-neuronx focusing" in text
    assert text.index("Leading Neuron Science team") < text.index("Visual Shopping")
    assert "<" not in text and "*" not in text
    markdown = (project / "out" / "resume.md").read_text()
    assert markdown.startswith("# Senthilkumar Gopal\n")
    assert "## Experience" in markdown and "*transformers-neuronx*" in markdown
    assert "[sengopal.me](https://sengopal.me)" in markdown
    pngs = sorted(p.name for p in (project / "out").glob("*.png"))
    assert pngs == ["resume-1.png", "resume-2.png"]
    assert (project / "out" / "resume-1.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not (project / "out" / "resume.pdf").exists()  # png alone writes no PDF


def test_quiet_prints_only_errors(runner, project):
    copy_seed(project)
    result = runner.invoke(app, ["--quiet", "render", "-f", "html"])
    assert result.exit_code == 0 and result.stdout == ""
    bad = runner.invoke(app, ["-q", "validate", "missing.yaml"])
    assert bad.exit_code == 2 and "cannot read" in bad.stderr


def test_verbose_prints_timings_and_settings(runner, project):
    copy_seed(project)
    result = runner.invoke(app, ["--verbose", "render", "-f", "html"])
    assert result.exit_code == 0
    assert "theme compact (built-in), options {" in result.stderr
    assert "done in " in result.stderr


def test_every_command_has_help_with_an_example(runner):
    for name in typer.main.get_command(app).commands:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.stdout, f"`resumekit {name} --help` shows no example"


def test_exit_codes_are_documented_in_help(runner):
    assert (
        "Exit codes: 0 ok, 1 invalid resume or theme, 2 usage or I/O"
        in runner.invoke(app, ["--help"]).stdout
    )


def test_shell_completion_is_available(runner, monkeypatch):
    # typer finds the shell in the process tree (shellingham), which a CI job or a background
    # run may not show: the test names it, so it checks resumekit, not where it runs
    monkeypatch.setattr(typer.completion, "_get_shell_name", lambda: "bash")
    result = runner.invoke(app, ["--show-completion"], prog_name="resumekit")
    assert result.exit_code == 0 and "_RESUMEKIT_COMPLETE" in result.stdout


def test_no_color_when_not_a_terminal(runner, project):
    copy_seed(project)
    result = runner.invoke(app, ["render", "-f", "html"])
    assert "\x1b[" not in result.stdout + result.stderr

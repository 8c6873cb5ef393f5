"""`resumekit render` through the CLI: defaults, outputs, and failures that lose nothing."""

from __future__ import annotations

import shutil

import pypdf
import pytest

from conftest import DATA, copy_seed
from resumekit.cli import app


@pytest.fixture
def project(tmp_path, monkeypatch):
    copy_seed(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults_write_out_resume_pdf_and_html(runner, project):
    result = runner.invoke(app, ["render"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["wrote out/resume.pdf (2 pages)", "wrote out/resume.html"]
    assert len(pypdf.PdfReader(project / "out" / "resume.pdf").pages) == 2
    assert (project / "out" / "resume.html").read_text().startswith("<!DOCTYPE html>")


def test_one_format_to_a_named_file(runner, project):
    result = runner.invoke(app, ["render", "resume.yaml", "-f", "pdf", "-o", "build/cv.pdf"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "build").iterdir()) == ["cv.pdf"]


def test_html_only_does_not_need_a_pdf(runner, project):
    result = runner.invoke(app, ["render", "--format", "html", "--theme", "modern", "-o", "site"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (project / "site").iterdir()] == ["resume.html"]


def test_unknown_format(runner, project):
    result = runner.invoke(app, ["render", "--format", "pdf,odt"])
    assert result.exit_code == 2
    assert (
        "error: unknown format 'odt'" in result.stderr and "formats are: pdf, html" in result.stderr
    )


def test_invalid_resume_keeps_the_previous_pdf(runner, project):
    assert runner.invoke(app, ["render"]).exit_code == 0
    before = (project / "out" / "resume.pdf").read_bytes()
    text = (project / "resume.yaml").read_text()
    (project / "resume.yaml").write_text(text.replace("startDate: 2023-10", "startDate: Oct 2023"))
    result = runner.invoke(app, ["render"])
    assert result.exit_code == 1
    line = text.splitlines().index("    startDate: 2023-10") + 1
    assert f"resume.yaml:{line}:16: work[0].startDate: expected a date like" in result.stderr
    assert "Traceback" not in result.output
    assert (project / "out" / "resume.pdf").read_bytes() == before
    assert sorted(p.name for p in (project / "out").iterdir()) == ["resume.html", "resume.pdf"]


def test_missing_file_is_an_io_error(runner, project):
    result = runner.invoke(app, ["render", "nope.yaml"])
    assert result.exit_code == 2
    assert "error: nope.yaml: cannot read: No such file or directory" in result.stderr


def test_warnings_for_missing_glyphs_are_printed(runner, project):
    shutil.copy(DATA / "intl.yaml", project / "intl.yaml")
    result = runner.invoke(app, ["render", "intl.yaml", "-f", "pdf"])
    assert result.exit_code == 0
    if "warning:" in result.stderr:  # only where no installed font has CJK glyphs
        assert "in work[0].name; it will print as boxes" in result.stderr


def test_render_help_has_examples(runner):
    result = runner.invoke(app, ["render", "--help"])
    assert result.exit_code == 0 and "resumekit render cv.yaml --theme classic" in result.stdout

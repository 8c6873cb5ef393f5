"""-o means the same to the CLI and to the API (api.output_target decides): a trailing slash
or an existing folder is a folder whatever its suffix. -o -, a hidden -o, -f with no format
and an option given an empty value are usage errors that write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

import resumekit
from conftest import DATA, copy_seed
from resumekit import api
from resumekit.cli import app
from resumekit.errors import InputError
from resumekit.loader import load
from test_cli_usage import _errors
from test_hostile import run_cli

FORMATS_HINT = "hint: formats are: pdf, html, json, txt, md, png, docx"


@pytest.fixture
def project(tmp_path, monkeypatch):
    copy_seed(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def tree(folder) -> list[str]:
    """Every file below ``folder``, as relative POSIX paths, but the resume's about page."""
    files = [p for p in folder.rglob("*") if p.is_file() and p.name != "about.md"]
    return sorted(p.relative_to(folder).as_posix() for p in files)


# 1. A trailing slash or an existing folder is a folder, whatever its suffix.


def test_a_trailing_slash_makes_a_folder_of_a_file_name(runner, project):
    result = runner.invoke(app, ["render", "-f", "html,txt", "-o", "build.pdf/"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "wrote build.pdf/resume.html",
        "wrote build.pdf/resume.txt",
    ]
    assert tree(project) == ["build.pdf/resume.html", "build.pdf/resume.txt", "resume.yaml"]


def test_an_existing_folder_with_a_formats_suffix_is_written_into(runner, project):
    (project / "xdir.pdf").mkdir()
    result = runner.invoke(app, ["render", "-f", "html", "-o", "xdir.pdf"])
    assert result.exit_code == 0, result.output
    assert tree(project) == ["resume.yaml", "xdir.pdf/resume.html"]


def test_all_variants_take_a_folder_with_a_trailing_slash(runner, project):
    result = runner.invoke(app, ["render", "--all-variants", "-f", "html", "-o", "build.pdf/"])
    assert result.exit_code == 0, result.output
    assert tree(project / "build.pdf") == [
        "gopal-ml-inference.html",
        "gopal-search-ecommerce.html",
    ]


def test_all_variants_still_refuse_a_file(runner, project):
    result = runner.invoke(app, ["render", "--all-variants", "-f", "pdf", "-o", "cv.pdf"])
    assert result.exit_code == 2
    assert _errors(result) == [
        "error: --all-variants writes one file per variant, not cv.pdf",
        "hint: give an output folder, and name files with `output` in each variant",
    ]
    assert tree(project) == ["resume.yaml"]


def test_the_python_api_reads_a_trailing_slash_as_the_cli_does(project):
    resume = load(project / "resume.yaml")
    result = api.render(resume, formats=["html"], output="site.html/")
    assert result.outputs == {"html": Path("site.html/resume.html")}
    assert tree(project) == ["resume.yaml", "site.html/resume.html"]
    assert api.output_target("build/cv.pdf") == (Path("build"), "cv")
    assert api.output_target("build/cv.pdf/") == (Path("build/cv.pdf"), None)


def test_the_python_api_refuses_no_format(project):
    with pytest.raises(InputError, match=r"^no format given$"):
        api.render(load(project / "resume.yaml"), formats=[])
    assert tree(project) == ["resume.yaml"]


def test_watch_refuses_stdout_before_serving(tmp_path):
    copy_seed(tmp_path)
    done = run_cli("watch", "-o", "-", "--port", "0", cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "error: -o -: resumekit does not write to standard output",
        "hint: name a folder, or a file such as cv.pdf",
    ]
    assert tree(tmp_path) == ["resume.yaml"]
    assert "serving" not in done.stdout


# 2. Outputs no one means: stdout, a hidden folder, no format, an empty value.


@pytest.mark.parametrize(
    ("args", "lines"),
    [
        (["-o", "-"], ["error: -o -: resumekit does not write to standard output",
                       "hint: name a folder, or a file such as cv.pdf"]),
        (["-o", ".pdf"], ["error: -o .pdf: a name starting with a dot would be a hidden folder, "
                          "not a file",
                          "hint: name a file such as cv.pdf; for a hidden folder, write .pdf/"]),
        (["-o", "build/.html"], ["error: -o build/.html: a name starting with a dot would be a "
                                 "hidden folder, not a file",
                                 "hint: name a file such as cv.pdf; for a hidden folder, write "
                                 "build/.html/"]),
        (["-f", ","], ["error: no format given", FORMATS_HINT]),
        (["-f", " , ,"], ["error: no format given", FORMATS_HINT]),
        (["-f", ",", "-o", "cv.pdf"], ["error: no format given", FORMATS_HINT]),
        (["-f", "odt", "-o", "cv.pdf"], ["error: unknown format 'odt'", FORMATS_HINT]),
        (["--variant", "", "--all-variants"],
         ["error: --variant and --all-variants exclude each other; give only one"]),
        (["--all-variants", "--variant", ""],
         ["error: --variant and --all-variants exclude each other; give only one"]),
        (["--variant", ""], ["error: --variant is empty; give a value or leave the option out"]),
        (["--variant", " "], ["error: --variant is empty; give a value or leave the option out"]),
        (["-o", ""], ["error: --output is empty; give a value or leave the option out"]),
        (["--theme", ""], ["error: --theme is empty; give a value or leave the option out"]),
        (["--locale", ""], ["error: --locale is empty; give a value or leave the option out"]),
    ],
)  # fmt: skip
def test_outputs_no_one_means_are_usage_errors(runner, project, args, lines):
    result = runner.invoke(app, ["render", *args])
    assert result.exit_code == 2
    assert _errors(result) == lines
    assert tree(project) == ["resume.yaml"]


def test_a_hidden_folder_is_written_when_asked_with_a_slash(runner, project):
    result = runner.invoke(app, ["render", "-f", "html", "-o", ".pdf/"])
    assert result.exit_code == 0, result.output
    assert tree(project) == [".pdf/resume.html", "resume.yaml"]


def test_a_format_given_twice_is_written_once(runner, project):
    result = runner.invoke(app, ["render", "-f", "html,HTML", "-o", "cv.html"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["wrote cv.html"]
    assert tree(project) == ["cv.html", "resume.yaml"]


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("-", "output -: resumekit does not write to standard output"),
        (".pdf", "output .pdf: a name starting with a dot would be a hidden folder, not a file"),
        ("cv.odt", "output cv.odt: resumekit does not write .odt files;"),
    ],
)
def test_the_api_refuses_what_the_cli_refuses(tmp_path, monkeypatch, output, message):
    """check_output is the one rule: the Python API gets the CLI's refusals, said of `output`."""
    monkeypatch.chdir(tmp_path)
    resume = resumekit.load(DATA / "minimal.yaml")
    with pytest.raises(InputError) as caught:
        resumekit.render(resume, formats=["html"], output=output)
    assert caught.value.message.startswith(message)
    assert list(tmp_path.iterdir()) == []

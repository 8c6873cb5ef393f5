"""What a new user runs into first, each with a message that says what to do: a tab in the
YAML, a day the month does not have, an -o that names no output, options that exclude each
other."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEED, copy_seed
from resumekit.cli import app
from resumekit.loader import load
from test_hostile import run_cli

HEAD = "basics:\n  name: Ada\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    copy_seed(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(("error:", "hint:"))]


# 1. YAML the scanner cannot read: what it means, where it is, what to type instead.


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEAD + "\tlabel: Engineer\n",
         "3:1: YAML: tabs cannot indent YAML (or start a value); use spaces"),
        ("basics:\n\tname: Ada\n",
         "2:1: YAML: tabs cannot indent YAML (or start a value); use spaces"),
        (HEAD + "work:\n  -\tname: Acme\n",
         "4:4: YAML: tabs cannot indent YAML (or start a value); use spaces"),
        (HEAD + "  label: @ada\n",
         "3:10: YAML: a value cannot start with '@' in YAML; put the value in quotes"),
        (HEAD + "  label: `ada`\n",
         "3:10: YAML: a value cannot start with '`' in YAML; put the value in quotes"),
        (HEAD + '  label: "Engineer\n  email: a@b.c\n',
         "3:10: YAML: this quote is never closed; end the value with the same quote"),
        (HEAD + '  label: "C:\\data"\n',
         "3:14: YAML: '\\d' is not an escape in double quotes; write '\\\\d' or use single "
         "quotes"),
        (HEAD + "  label: Engineer: backend\n",
         "3:18: YAML: ': ' cannot follow here; if this line is a key, indent it as far as the "
         "keys beside it; if ': ' is part of a value, quote the value; or look above for a "
         "missing ':'"),
        (HEAD + "   label: Engineer\n",
         "3:9: YAML: ': ' cannot follow here; if this line is a key, indent it as far as the "
         "keys beside it; if ': ' is part of a value, quote the value; or look above for a "
         "missing ':'"),
        (HEAD + "  profiles:\n  - network: x\n   - network: y\n",
         "5:4: YAML: this line is indented deeper than the lines before it; indent a key as "
         "far as the other keys beside it (with spaces, the same number for each level)"),
        (HEAD + '  label: "\\U0011FFFF"\n',
         "3:11: YAML: \\U0011FFFF is past the last Unicode character, \\U0010FFFF"),
        (HEAD + '  label: "ok \\U0001F600 then \\UFFFFFFFF"\n',
         "3:30: YAML: \\UFFFFFFFF is past the last Unicode character, \\U0010FFFF"),
        (HEAD + "  label Engineer\n",
         "3:3: YAML: expected 'key: value' here; a key needs ': ' after it"),
    ],
)  # fmt: skip
def test_yaml_scanner_problems_say_what_to_type(runner, project, text, message):
    (project / "resume.yaml").write_text(text)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert _errors(result) == [
        f"error: resume.yaml:{message}",
        "hint: 1 problem found; fix it and run again.",
    ]


# 2. Dates of the right shape that the calendar does not have.


@pytest.mark.parametrize(
    ("date", "why"),
    [
        ("2023-02-30", "February 2023 has 28 days"),
        ("2024-02-30", "February 2024 has 29 days"),
        ("2023-04-31", "April 2023 has 30 days"),
        ("2023-01-00", "there is no day 00; days start at 01"),
        ("2023-13", "there is no month 13; months go from 01 to 12"),
        ("2023-00-10", "there is no month 00; months go from 01 to 12"),
        ('"0000-06"', "there is no year 0000; years start at 0001"),
    ],
)
def test_a_day_the_month_does_not_have_is_named(runner, project, date, why):
    (project / "resume.yaml").write_text(
        f"{HEAD}work:\n  - name: Acme\n    startDate: 2020-01\n    endDate: {date}\n"
    )
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    shown = date.strip('"')
    assert _errors(result)[0] == (
        f'error: resume.yaml:6:14: work[0].endDate: "{shown}" is not a date: {why}'
    )


def test_render_names_the_missing_day_too(runner, project):
    (project / "resume.yaml").write_text(
        f"{HEAD}work:\n  - name: Acme\n    startDate: 2023-02-29\n"
    )
    result = runner.invoke(app, ["render", "-f", "html"])
    assert result.exit_code == 1
    assert _errors(result)[0] == (
        'error: resume.yaml:5:16: work[0].startDate: "2023-02-29" is not a date: February 2023 '
        "has 28 days"
    )
    assert not (project / "out").exists()


# 3. -o is a folder or a file of a format being written; anything else is a usage error.

KNOWN = ".pdf, .html, .json, .txt, .md, .png or .docx"


@pytest.mark.parametrize("given", ["x.rtf", "build/cv.odt", "cv.PDFX", "notes.yaml"])
def test_an_output_file_of_no_known_type_is_a_usage_error(runner, project, given):
    suffix = Path(given).suffix.lower()
    result = runner.invoke(app, ["render", "-f", "html", "-o", given])
    assert result.exit_code == 2
    assert _errors(result) == [
        f"error: -o {given}: resumekit does not write {suffix} files; name a {KNOWN} file, or "
        "a folder",
        f"hint: for a folder named {given}, write {given}/",
    ]
    assert sorted(p.name for p in project.iterdir()) == ["about.md", "resume.yaml"]


def test_an_output_file_of_a_format_not_written_is_a_usage_error(runner, project):
    result = runner.invoke(app, ["render", "-f", "html,txt", "-o", "cv.pdf"])
    assert result.exit_code == 2
    assert _errors(result) == [
        "error: -o cv.pdf names a .pdf file, but the formats written are: html, txt",
        "hint: name a .html file or a folder, or add pdf to the formats",
    ]
    assert sorted(p.name for p in project.iterdir()) == ["about.md", "resume.yaml"]


def test_an_output_file_of_a_known_type_is_written(runner, project):
    result = runner.invoke(app, ["render", "-f", "html,txt", "-o", "build/cv.txt"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "build").iterdir()) == ["cv.html", "cv.txt"]
    assert load(SEED).basics.name in (project / "build" / "cv.txt").read_text()


@pytest.mark.parametrize(("given", "folder"), [("v1.2/", "v1.2"), ("site", "site")])
def test_a_folder_is_written_into(runner, project, given, folder):
    result = runner.invoke(app, ["render", "-f", "html", "-o", given])
    assert result.exit_code == 0, result.output
    assert (project / folder / "resume.html").is_file()


def test_an_existing_folder_with_a_dot_is_written_into(runner, project):
    (project / "release.2024").mkdir()
    result = runner.invoke(app, ["render", "-f", "html", "-o", "release.2024"])
    assert result.exit_code == 0, result.output
    assert (project / "release.2024" / "resume.html").is_file()


def test_watch_refuses_an_output_of_no_known_type_before_serving(tmp_path):
    copy_seed(tmp_path)
    done = run_cli("watch", "-o", "cv.odt", "--port", "0", cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == (
        f"error: -o cv.odt: resumekit does not write .odt files; name a {KNOWN} file, or a folder"
    )
    assert "serving" not in done.stdout


# 4. Options that exclude each other.


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "--variant", "ml", "--all-variants"], "--variant and --all-variants"),
        (["render", "--all-variants", "--variant", "ml"], "--variant and --all-variants"),
        (["--quiet", "--verbose", "render"], "--quiet and --verbose"),
        (["-q", "-v", "validate"], "--quiet and --verbose"),
    ],
)
def test_options_that_exclude_each_other_are_a_usage_error(runner, project, args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert _errors(result) == [f"error: {message} exclude each other; give only one"]
    assert not (project / "out").exists()


@pytest.mark.parametrize("option", ["-v", "--quiet"])
def test_a_global_option_after_the_command_says_where_it_goes(runner, project, option):
    result = runner.invoke(app, ["render", option])
    assert result.exit_code == 2
    said = " ".join(result.stderr.replace("│", " ").split())
    assert (
        f"No such option: {option}; it is a global option and goes before the command: "
        f"resumekit {option} render ..."
    ) in said


def test_the_global_option_hint_names_a_sub_command_whole(runner, project):
    result = runner.invoke(app, ["theme", "new", "x", "-v"])
    said = " ".join(result.stderr.replace("│", " ").split())
    assert "goes before the command: resumekit -v theme new ..." in said

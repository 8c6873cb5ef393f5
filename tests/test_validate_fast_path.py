"""`resumekit validate FILE...` (the commit hook's call) runs without typer; with `--` (or any
option) the same check goes through the command line. Both must say and exit the same."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, copy_seed
from resumekit.command import files_only

LETTER = "---\nto: Dr. Priya Raman\ncompany: Acme\nresume: ../resume.yaml\n---\nDear Dr. Raman,\n"
BAD = "basics:\n  name: Ada\n  emial: a@b.c\nwork:\n  - startDate: May\n"


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "resumekit", *args], cwd=folder,
                          capture_output=True, text=True, timeout=60)  # fmt: skip


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy_seed(tmp_path)
    (tmp_path / "letters").mkdir()
    (tmp_path / "letters" / "acme.md").write_text(LETTER)
    (tmp_path / "letters" / "broken.md").write_text("---\nto: [\n---\nHi\n")
    (tmp_path / "bad.yaml").write_text(BAD)
    (tmp_path / "notes.md").write_text("# Notes\n")
    (tmp_path / "empty").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    "files",
    [
        [],
        ["resume.yaml"],
        ["bad.yaml", "resume.yaml"],
        ["missing.yaml"],
        ["about.md"],
        ["letters/acme.md", "letters/broken.md"],
        ["notes.md"],
        [str(DATA / "jsonresume.json")],
        ["empty"],
    ],
)
def test_without_typer_says_what_the_command_line_says(folder, files):
    fast = run(folder, "validate", *files)
    parsed = run(folder, "validate", "--", *files)
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        parsed.returncode,
        parsed.stdout,
        parsed.stderr,
    )
    assert fast.stdout or fast.stderr  # each case says something


def test_no_files_and_no_resume_yaml_exits_2(folder):
    done = run(folder / "empty", "validate")
    assert done.returncode == 2
    assert "resume.yaml: cannot read" in done.stderr


def test_the_hook_call_imports_neither_typer_nor_the_render_stack(folder):
    code = (
        "import sys\n"
        "sys.argv = ['resumekit', 'validate', 'resume.yaml', 'about.md']\n"
        "from resumekit.command import main\n"
        "try: main()\n"
        "except SystemExit as e: print(e.code)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'typer', 'click', 'weasyprint',"
        " 'jinja2', 'babel', 'rich'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert done.stdout.splitlines()[-2:] == ["0", "[]"], done.stderr


@pytest.mark.parametrize(
    ("args", "fast"),
    [
        (["validate"], True),
        (["validate", "a.yaml", "b.md"], True),
        (["validate", "--help"], False),
        (["validate", "a.yaml", "-q"], False),
        (["validate", "--", "a.yaml"], False),
        (["validate", ""], False),
        (["-q", "validate", "a.yaml"], False),
        (["render", "a.yaml"], False),
        ([], False),
    ],
)
def test_only_files_skip_the_command_line(args, fast):
    assert files_only(args, "validate") is fast


def test_help_still_comes_from_the_command_line(folder):
    done = run(folder, "validate", "--help")
    assert done.returncode == 0
    assert "Usage: resumekit validate [OPTIONS] [FILE]..." in done.stdout


def unbuffered_off() -> dict[str, str]:
    """The environment without PYTHONUNBUFFERED (these machines set it; a user's rarely)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


@pytest.mark.parametrize("through_typer", [False, True])
def test_lines_keep_their_order_in_one_stream(folder, through_typer):
    """pre-commit shows stdout and stderr as one stream: each line is written as it comes."""
    shutil.copy(folder / "resume.yaml", folder / "resume2.yaml")
    files = ["resume.yaml", "bad.yaml", "resume2.yaml"]
    args = [sys.executable, "-m", "resumekit", "validate", *(["--"] if through_typer else [])]
    done = subprocess.run([*args, *files], cwd=folder, text=True, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, env=unbuffered_off(), timeout=60)  # fmt: skip
    lines = done.stdout.splitlines()
    assert done.returncode == 1
    assert lines[0].startswith("OK resume.yaml") and lines[-1].startswith("OK resume2.yaml")
    assert all(line.startswith(("error: bad.yaml", "hint:")) for line in lines[1:-1]), lines


@pytest.mark.parametrize(("closed", "files", "code"), [
    (1, ["resume.yaml"], 0),  # nowhere to say OK: still valid
    (2, ["bad.yaml"], 1),  # nowhere to say why: still invalid
    (2, ["notes.md"], 0),
])  # fmt: skip
def test_a_closed_output_changes_no_exit_code(folder, closed, files, code):
    done = subprocess.run([sys.executable, "-m", "resumekit", "validate", *files], cwd=folder,
                          capture_output=closed != 1, preexec_fn=lambda: os.close(closed),
                          timeout=60)  # fmt: skip
    assert done.returncode == code
    assert b"Traceback" not in (done.stderr or b"")


def test_a_reader_gone_ends_validate_quietly_with_1(folder):
    """`resumekit validate ... | head -0`: the first line meets a broken pipe."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = subprocess.run([sys.executable, "-m", "resumekit", "validate", "resume.yaml"],
                              cwd=folder, stdout=writer, stderr=subprocess.PIPE,
                              env=unbuffered_off(), timeout=60)  # fmt: skip
    finally:
        os.close(writer)
    assert done.returncode == 1
    assert done.stderr == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_ends_validate_quietly_with_1(folder):
    command = [sys.executable, "-m", "resumekit", "validate", "resume.yaml"]
    with open("/dev/full", "w") as full:
        done = subprocess.run(command, cwd=folder, stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert done.returncode == 1
    assert done.stderr == b""

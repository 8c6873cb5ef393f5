"""Where outputs are written: only inside the output folder, whatever the resume says, and
two writers of the same output do not trip over each other's temporary files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import resumekit
from resumekit import files
from resumekit.api import FORMATS
from resumekit.errors import InputError
from resumekit.settings import OUTPUT_SUFFIXES, Variant
from test_hostile import run_cli

NAME_RULE = "must be a simple name such as ml-inference (letters, digits, - and _)"
NOT_A_PATH = "must be a file name such as ml.pdf, not a path"
CONTROL = "control character U+0000 is not allowed in text"


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``root`` (hidden ones too), with the files' bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None
        for p in root.rglob("*")
    }


@pytest.fixture
def project(tmp_path: Path):
    """A resume three folders down, with files above it that a climbing name could hit."""
    folder = tmp_path / "a" / "b" / "proj"
    folder.mkdir(parents=True)
    for above in (tmp_path, tmp_path / "a", tmp_path / "a" / "b"):
        (above / "requirements.txt").write_text("keep me\n")
        (above / "requirements.html").write_text("keep me\n")

    def write(variants: str) -> Path:
        path = folder / "resume.yaml"
        path.write_text(f"basics: {{name: Ada}}\nresumekit:\n  variants:\n{variants}")
        return folder

    return tmp_path, write


def errors(done: subprocess.CompletedProcess) -> list[str]:
    assert "Traceback" not in done.stderr
    return [line for line in done.stderr.splitlines() if line.startswith("error:")]


def assert_refused(done: subprocess.CompletedProcess, where: str, message: str) -> None:
    """One error, at ``where`` (file:line:col), ending in ``message``, and exit code 1."""
    assert done.returncode == 1, done.stderr
    [line] = errors(done)
    assert line.startswith(f"error: resume.yaml:{where}: "), line
    assert line.endswith(f": {message}"), line


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("x/../../../requirements", f"variant name 'x/../../../requirements' {NAME_RULE}"),
        ("../x", f"variant name '../x' {NAME_RULE}"),
        ("/", f"variant name '/' {NAME_RULE}"),
        (".", f"variant name '.' {NAME_RULE}"),
        ("..", f"variant name '..' {NAME_RULE}"),
        ("a\\b", f"variant name 'a\\b' {NAME_RULE}"),
        ("/etc/passwd", f"variant name '/etc/passwd' {NAME_RULE}"),
        ("a\0b", CONTROL),  # the loader refuses it before the schema sees it
        ("ml\u202einference", f"variant name 'ml\\u202einference' {NAME_RULE}"),
        ("", f"variant name '' {NAME_RULE}"),
        ("ml inference", f"variant name 'ml inference' {NAME_RULE}"),
        ("-x", f"variant name '-x' {NAME_RULE}"),
        ("x" * 65, f"variant name '{'x' * 40}…' is too long: at most 64 characters"),
        ("x" * 1000, f"variant name '{'x' * 40}…' is too long: at most 64 characters"),
    ],
)
def test_a_variant_name_that_is_not_a_simple_name_is_refused(project, name, message):
    root, write = project
    folder = write(f"    {json.dumps(name)}: {{}}\n")
    before = snapshot(root)
    assert_refused(run_cli("validate", "resume.yaml", cwd=folder), "4:5", message)
    render = run_cli("render", "resume.yaml", "--all-variants", "-f", "html,txt", cwd=folder)
    assert_refused(render, "4:5", message)
    assert snapshot(root) == before


def test_the_reported_variant_name_overwrote_nothing(project):
    root, write = project
    folder = write('    "x/../../../requirements": {}\n')
    before = snapshot(root)
    for how in (["--variant", "x/../../../requirements"], ["--all-variants"]):
        done = run_cli("render", "resume.yaml", *how, "-f", "txt", cwd=folder)
        assert_refused(done, "4:5", f"variant name 'x/../../../requirements' {NAME_RULE}")
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("../x.pdf", f"output '../x.pdf' {NOT_A_PATH}"),
        ("../../../requirements.txt", f"output '../../../requirements.txt' {NOT_A_PATH}"),
        ("sub/ml.pdf", f"output 'sub/ml.pdf' {NOT_A_PATH}"),
        ("/", f"output '/' {NOT_A_PATH}"),
        (".", f"output '.' {NOT_A_PATH}"),
        ("..", f"output '..' {NOT_A_PATH}"),
        ("a\\b.pdf", f"output 'a\\b.pdf' {NOT_A_PATH}"),
        ("/etc/cv.pdf", f"output '/etc/cv.pdf' {NOT_A_PATH}"),
        ("C:\\cv.pdf", f"output 'C:\\cv.pdf' {NOT_A_PATH}"),
        ("", "output '' is empty; give a file name such as ml.pdf"),
        ("a\0b.pdf", CONTROL),
        ("cv\u202efdp.pdf", "output 'cv\\u202efdp.pdf' must not contain control or invisible "
         "characters"),
        (".hidden.pdf", "output '.hidden.pdf' must not start or end with a dot or a space"),
        ("cv.pdf.", "output 'cv.pdf.' must not start or end with a dot or a space"),
        (" cv.pdf", "output ' cv.pdf' must not start or end with a dot or a space"),
        ("a:b.pdf", 'output \'a:b.pdf\' must not contain any of < > : " | ? *'),
        ("cv.odt", "output 'cv.odt' must end in .pdf, .html, .json, .txt, .md, .png or .docx, "
         "or have no suffix"),
        ("x" * 200 + ".pdf", f"output '{'x' * 40}…' is too long: at most 120 bytes"),
        ("ü" * 61 + ".pdf", f"output '{'ü' * 40}…' is too long: at most 120 bytes"),
    ],
)  # fmt: skip
def test_an_output_that_is_not_a_plain_file_name_is_refused(project, output, message):
    root, write = project
    folder = write(f"    v: {{output: {json.dumps(output)}}}\n")
    before = snapshot(root)
    assert_refused(run_cli("validate", "resume.yaml", cwd=folder), "4:17", message)
    render = run_cli("render", "resume.yaml", "--variant", "v", "-f", "html,txt", cwd=folder)
    assert_refused(render, "4:17", message)
    assert snapshot(root) == before


def test_the_output_suffixes_are_the_formats():
    assert tuple(f".{fmt}" for fmt in FORMATS) == OUTPUT_SUFFIXES


@pytest.mark.parametrize(
    ("variants", "where", "message"),
    [
        ("    a: {output: cv.pdf}\n    b: {output: cv.html}\n", "5:8",
         "resumekit.variants.b: variant 'b' writes the same files as variant 'a' (cv.*); "
         "give each its own output"),
        ("    a: {output: cv.pdf}\n    b:\n      output: CV\n", "5:5",
         "resumekit.variants.b: variant 'b' writes the same files as variant 'a' (CV.*); "
         "give each its own output"),
        ("    ml: {}\n    b: {output: resume-ml.pdf}\n", "5:8",
         "resumekit.variants.b: variant 'b' writes the same files as variant 'ml' (resume-ml.*); "
         "give each its own output"),
        ("    ml: {}\n    ML: {}\n", "5:9",
         "resumekit.variants.ML: variant 'ML' writes the same files as variant 'ml' "
         "(resume-ML.*); give each its own output"),
    ],
)  # fmt: skip
def test_two_variants_writing_the_same_file_is_an_error(project, variants, where, message):
    root, write = project
    folder = write(variants)
    before = snapshot(root)
    validated = run_cli("validate", "resume.yaml", cwd=folder)
    assert validated.returncode == 1
    assert errors(validated) == [f"error: resume.yaml:{where}: {message}"]
    rendered = run_cli("render", "resume.yaml", "--all-variants", "-f", "txt", cwd=folder)
    assert errors(rendered) == errors(validated)
    assert snapshot(root) == before


def test_default_names_depend_on_the_resume_file(project):
    _root, write = project
    folder = write("    ml: {}\n    b: {output: resume-ml.pdf}\n")
    (folder / "resume.yaml").rename(folder / "cv.yaml")
    assert run_cli("validate", "cv.yaml", cwd=folder).returncode == 0


def test_variants_write_only_inside_the_output_folder(project):
    root, write = project
    folder = write("    ml_v2: {tags: [ml]}\n    search: {output: Ada Search.pdf}\n")
    before = snapshot(root)
    done = run_cli("render", "resume.yaml", "--all-variants", "-f", "html,txt", cwd=folder)
    assert done.returncode == 0, done.stderr
    added = set(snapshot(root)) - set(before)
    prefix = "a/b/proj/out"
    assert added == {prefix} | {
        f"{prefix}/{name}"
        for name in ("resume-ml_v2.html", "resume-ml_v2.txt", "Ada Search.html", "Ada Search.txt")
    }


def test_the_user_may_choose_any_output_folder(project):
    root, write = project
    folder = write("    ml: {}\n")
    done = run_cli("render", "resume.yaml", "--variant", "ml", "-f", "txt", "-o", "../../built",
                   cwd=folder)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (root / "a" / "built" / "resume-ml.txt").is_file()


def test_names_that_skipped_validation_are_still_refused(project):
    """The write boundary holds even for a resume changed after it was validated."""
    root, write = project
    folder = write("    ok: {}\n")
    resume = resumekit.load(folder / "resume.yaml")
    resume.resumekit.variants["x/../../../requirements"] = Variant()
    resume.resumekit.variants["slash"] = Variant.model_construct(output="/")
    before = snapshot(root)
    for variant, shown in (
        ("x/../../../requirements", "'resume-x/../../../requirements.txt'"),
        ("slash", "'.txt'"),
    ):
        with pytest.raises(InputError) as info:
            resumekit.render(resume, variant=variant, formats=["txt"], output=folder / "out")
        assert info.value.message == (
            f"refused to write {shown}: an output must be a plain file name inside {folder / 'out'}"
        )
    assert snapshot(root) == before


@pytest.mark.parametrize("name", ["", ".", "..", "../x.pdf", "a/b.pdf", "/x.pdf", "a\\b.pdf",
                                  "a\0b.pdf", ".resume.pdf.1.x.tmp", "x/"])  # fmt: skip
def test_output_path_takes_only_a_plain_file_name(tmp_path, name):
    with pytest.raises(InputError, match=r"^refused to write .*: an output must be a plain"):
        files.output_path(tmp_path, name)


def test_output_path_keeps_the_folder_as_given(tmp_path):
    assert files.output_path(Path("out"), "cv.pdf") == Path("out/cv.pdf")
    assert files.output_path(tmp_path, "Ada Search.pdf") == tmp_path / "Ada Search.pdf"


@pytest.fixture
def linked_output(project):
    """A resume whose out/resume.txt is a link to a file outside the project."""
    root, write = project
    folder = write("    ml: {}\n")
    (folder / "out").mkdir()
    victim = root / "a" / "requirements.txt"
    (folder / "out" / "resume.txt").symlink_to(victim)
    return folder, victim


def test_a_link_in_a_relative_output_folder_is_refused(linked_output):
    folder, victim = linked_output
    done = run_cli("render", "resume.yaml", "-f", "txt", cwd=folder)
    assert done.returncode == 2
    assert done.stderr.startswith(
        f"error: out/resume.txt is a symbolic link (to {victim}); an output folder holds only "
        "real files — remove it"
    )
    assert victim.read_text() == "keep me\n" and (folder / "out" / "resume.txt").is_symlink()


def test_a_link_in_an_absolute_output_folder_is_replaced_not_written_through(linked_output):
    folder, victim = linked_output
    done = run_cli("render", "resume.yaml", "-f", "txt", "-o", str(folder / "out"), cwd=folder)
    assert done.returncode == 0, done.stderr
    assert victim.read_text() == "keep me\n"
    written = folder / "out" / "resume.txt"
    assert not written.is_symlink() and "Ada" in written.read_text()


WRITER = """
import sys
from pathlib import Path
from resumekit.files import write_atomic
path, mark = Path(sys.argv[1]), sys.argv[2].encode()
for _ in range(300):
    write_atomic(path, mark * 200_000)
"""


def test_two_writers_of_the_same_output_both_succeed(tmp_path):
    target = tmp_path / "out" / "resume.pdf"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(target), mark], stderr=subprocess.PIPE,
                         text=True)
        for mark in "ab"
    ]  # fmt: skip
    results = [(w.wait(timeout=120), w.stderr.read() if w.stderr else "") for w in writers]
    assert results == [(0, ""), (0, "")]
    assert target.read_bytes() in (b"a" * 200_000, b"b" * 200_000)
    assert sorted(p.name for p in target.parent.iterdir()) == ["resume.pdf"]


def test_only_temporary_files_of_dead_or_old_writers_are_removed(tmp_path):
    target = tmp_path / "resume.pdf"
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait(timeout=30)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = tmp_path / f".resume.pdf.{finished.pid}.abcdefgh.tmp"
        live = tmp_path / f".resume.pdf.{sleeper.pid}.abcdefgh.tmp"
        old = tmp_path / f".resume.pdf.{sleeper.pid}.ijklmnop.tmp"
        other = tmp_path / f".resume.pdf.html.{finished.pid}.abcdefgh.tmp"
        for temporary in (dead, live, old, other):
            temporary.write_bytes(b"%PDF-half")
        hours_ago = time.time() - 2 * 3600
        os.utime(old, (hours_ago, hours_ago))
        files.write_atomic(target, b"%PDF-whole")
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            ["resume.pdf", live.name, other.name]
        )
        assert target.read_bytes() == b"%PDF-whole"
    finally:
        sleeper.kill()
        sleeper.wait(timeout=30)


def test_a_temporary_file_carries_its_writers_pid(tmp_path, monkeypatch):
    seen: list[str] = []
    replace = os.replace

    def spy(source: str, destination: Path) -> None:
        seen.append(Path(source).name)
        replace(source, destination)

    monkeypatch.setattr(files.os, "replace", spy)
    files.write_atomic(tmp_path / "cv.pdf", b"%PDF")
    [name] = seen
    assert name.startswith(f".cv.pdf.{os.getpid()}.") and name.endswith(".tmp")

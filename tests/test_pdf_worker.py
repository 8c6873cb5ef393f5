"""The command lays out its PDF in a worker process (pdf_worker.py) where a second core runs
it: the same files as a render in one process, the same errors, nothing left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest

import resumekit
from conftest import SEED
from test_hardening_layout import BREAKING, project

TWO_CORES = len(os.sched_getaffinity(0)) > 1 if hasattr(os, "sched_getaffinity") else False
needs_two_cores = pytest.mark.skipif(
    not TWO_CORES or sys.platform != "linux", reason="a worker runs only beside a second core"
)
WORKER = "the PDF will be laid out in process"


def command(*args: str, cwd: Path, temp: Path, one_core: bool = False) -> subprocess.Popen:
    """The real command, its temporary files in ``temp``, optionally held to one core."""

    def held() -> None:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    env = {**os.environ, "TMPDIR": str(temp), "SOURCE_DATE_EPOCH": "0"}
    return subprocess.Popen(
        [sys.executable, "-m", "resumekit", "--verbose", *args], cwd=cwd, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=held if one_core else None, start_new_session=True,
    )  # fmt: skip


def finished(*args: str, cwd: Path, one_core: bool = False) -> subprocess.CompletedProcess:
    temp = cwd / "tmp"
    temp.mkdir(exist_ok=True)
    process = command(*args, cwd=cwd, temp=temp, one_core=one_core)
    stdout, stderr = process.communicate(timeout=120)
    assert list(temp.iterdir()) == [], "temporary files left behind"
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **options: object) -> bytes:
    return made_in_process(tmp_path, monkeypatch, ["pdf"], **options)["resume.pdf"]


def made_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, formats: list[str], **options: object
) -> dict[str, bytes]:
    """Every file a render through the Python API (one process) writes, by name."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    folder = tmp_path / "here"
    resumekit.render(resumekit.load(SEED), formats=formats, output=folder, **options)
    return {path.name: path.read_bytes() for path in folder.iterdir()}


@needs_two_cores
@pytest.mark.parametrize(
    ("args", "options"),
    [
        ([], {}),
        (["--theme", "modern"], {"theme": "modern"}),
        (
            ["--set", "font_size=12", "--max-pages", "2"],
            {"options": {"font_size": "12"}, "max_pages": 2},
        ),
    ],
    ids=["compact", "modern (its last page settled)", "fit to two pages"],
)
def test_the_worker_writes_the_pdf_a_render_in_one_process_writes(
    tmp_path, monkeypatch, args, options
):
    done = finished("render", str(SEED), "-f", "pdf,png", "-o", "out", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert WORKER in done.stderr
    written = {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()}
    pages = len(pypdf.PdfReader(tmp_path / "out" / "resume.pdf").pages)
    assert pages > 1  # the worker draws the second half of the PNG pages
    assert sorted(written) == sorted(
        ["resume.pdf", *(f"resume-{n}.png" for n in range(1, pages + 1))]
    )
    assert written == made_in_process(tmp_path, monkeypatch, ["pdf", "png"], **options)


@needs_two_cores
def test_on_one_core_the_pdf_is_laid_out_in_the_process_itself(tmp_path, monkeypatch):
    done = finished("render", str(SEED), "-f", "pdf", "-o", "out", cwd=tmp_path, one_core=True)
    assert done.returncode == 0, done.stderr
    assert WORKER not in done.stderr
    assert (tmp_path / "out" / "resume.pdf").read_bytes() == in_process(tmp_path, monkeypatch)


@needs_two_cores
@pytest.mark.parametrize(
    "args",
    [["-f", "html,txt"], ["--all-variants", "-f", "pdf"]],
    ids=["no pdf", "variants lay out in their own workers"],
)
def test_a_render_that_needs_no_worker_dismisses_it(tmp_path, args):
    resume = tmp_path / "resume.yaml"
    resume.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    done = finished("render", "resume.yaml", *args, "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert WORKER not in done.stderr


@needs_two_cores
def test_a_resume_with_errors_ends_the_worker_at_once_and_leaves_nothing(tmp_path):
    (tmp_path / "resume.yaml").write_text("basics:\n  name: 3\n  nonsense: yes\n")
    started = time.monotonic()
    done = finished("render", "resume.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert "resume.yaml:3:3" in done.stderr
    assert "Traceback" not in done.stderr
    assert time.monotonic() - started < 30  # not the worker's STOP_SECONDS, several times over


@needs_two_cores
def test_a_theme_error_in_the_worker_is_told_as_in_one_process(tmp_path):
    theme = tmp_path / "themes" / "tiny"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "tiny"\nextends = "compact"\n')
    (theme / "style.css").write_text("@page { size: 1mm 1mm }\n")
    (tmp_path / "resume.yaml").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    done = finished("render", "resume.yaml", "-t", "tiny", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert WORKER in done.stderr
    assert done.stderr.endswith(
        "error: theme 'tiny': the layout runs past 50 pages, the most a resume may have\n"
        "hint: does the theme's CSS set a tiny @page size, or break the page after every "
        "element?\n"
    )
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


@needs_two_cores
def test_ctrl_c_ends_both_processes_and_leaves_no_temporary_fonts(tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = command("render", str(SEED), "-f", "pdf", "-o", "out", cwd=tmp_path, temp=temp)
    # Somewhere in the render, every moment of which must end cleanly: once the worker is
    # forked (two processes in the group), not at a fixed time, which a busy machine may
    # reach while Python itself is still starting.
    deadline = time.monotonic() + 60
    while len(group(process.pid)) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal sends it: to the whole group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "Traceback" not in stderr
    assert list(temp.iterdir()) == []
    assert group(process.pid) == []


def group(pid: int) -> list[str]:
    """The processes of the group ``pid`` leads."""
    found = subprocess.run(["pgrep", "-g", str(pid)], capture_output=True, text=True)
    return found.stdout.split()


WORKER_DIES = """
import os, signal
from resumekit import pdf_worker
from resumekit.errors import RenderError

worker = pdf_worker.Worker()
os.kill(worker.process.pid, signal.SIGKILL)
try:
    worker.submit("<p>x</p>", ".", [], False, "compact", None, None)()
except RenderError as error:
    print(error.message)
worker.close()
"""


def test_a_worker_that_dies_is_a_render_error_not_a_hang(tmp_path):
    done = subprocess.run([sys.executable, "-c", WORKER_DIES], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "the PDF renderer's process was stopped by signal 9 before the PDF was written\n"
    )


SIGNAL_STORM = """
import os, signal
from resumekit import pdf_worker

worker = pdf_worker.Worker()
worker.submit("<p>x</p>", ".", [], False, "compact", None, None)()  # warmed up, fonts made
for number in range(3000):  # the first interrupts; the rest land in the clean-up
    os.kill(worker.process.pid, (signal.SIGINT, signal.SIGTERM)[number % 2])
worker.process.join(60)
print(worker.process.exitcode)
"""


def test_signals_that_follow_the_first_do_not_interrupt_the_workers_clean_up(tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    done = subprocess.run([sys.executable, "-c", SIGNAL_STORM], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "0\n"
    assert done.stderr == ""
    assert list(temp.iterdir()) == []


PARENT_MODULES = """
import atexit, sys
atexit.register(lambda: print(sorted(m for m in ("weasyprint", "pydyf", "fontTools")
                                     if m in sys.modules)))
sys.argv = ["resumekit", "render", sys.argv[1], "-f", "pdf", "-o", "out"]
from resumekit.command import main
main()
"""


@needs_two_cores
def test_the_command_itself_never_imports_weasyprint(tmp_path):
    done = subprocess.run([sys.executable, "-c", PARENT_MODULES, str(SEED)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
    assert (tmp_path / "out" / "resume.pdf").exists()


DEADLINE = """
import sys
from resumekit import pdf_worker
pdf_worker.SECONDS = 0.5  # the worker, forked from here, has it too
sys.argv = ["resumekit", "render", "resume.yaml", "--theme", "evil", "-f", "pdf"]
from resumekit.command import main
main()
"""


@needs_two_cores
def test_the_worker_keeps_the_time_limit(tmp_path):
    project(tmp_path, "p { page-break-after: always }", BREAKING)
    done = subprocess.run([sys.executable, "-c", DEADLINE], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr == (
        "error: theme 'evil': the PDF renderer ran longer than 0.5 seconds; a resume takes "
        "about one\n"
    )
    assert not (tmp_path / "out").exists()


@needs_two_cores
def test_the_worker_ends_with_its_parent_even_killed(tmp_path):
    project(tmp_path, "p { page-break-after: always }", BREAKING)
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = command("render", "resume.yaml", "--theme", "evil", cwd=tmp_path, temp=temp)
    time.sleep(1.5)  # the worker is laying out the 10,000 page breaks
    process.kill()
    process.wait(timeout=10)
    for _ in range(100):
        left = subprocess.run(["pgrep", "-s", str(process.pid)], capture_output=True, text=True)
        if not left.stdout:
            break
        time.sleep(0.1)
    assert left.stdout == ""
    assert list(temp.iterdir()) == []

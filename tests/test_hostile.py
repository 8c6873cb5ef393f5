"""Hostile input and failure: clear errors, nothing lost, nothing fetched, nothing injected."""

from __future__ import annotations

import errno
import http.server
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import resumekit
from conftest import DATA, copy_seed
from resumekit import files
from resumekit.cli import app

HOSTILE = DATA / "hostile"


def run_cli(
    *args: str, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess:
    """The real command in a child process limited to 1 GiB of memory."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "resumekit", *args],
        cwd=cwd, capture_output=True, text=True, timeout=timeout, preexec_fn=limit,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("billion-laughs.yaml", 1,
         "billion-laughs.yaml:5:23: file expands to more than 50,000 values through YAML "
         "aliases; a resume needs far fewer"),
        ("duplicate-keys.yaml", 1,
         'duplicate-keys.yaml:3:3: YAML: found duplicate key "name" with value "Eve"'),
        ("python-object.yaml", 1,
         "python-object.yaml:1:9: YAML tag !!python/object/apply:os.system is not allowed"),
        ("python-name.yaml", 1,
         "python-name.yaml:2:9: YAML tag !!python/name:os.system is not allowed"),
        ("latin1.yaml", 1, "latin1.yaml:2:11: not UTF-8 text (byte 0xe9); save the file as UTF-8"),
        ("tabs.yaml", 1,
         "tabs.yaml:2:1: YAML: tabs cannot indent YAML (or start a value); use spaces"),
        ("empty.yaml", 1, "empty.yaml: file is empty; expected a mapping with basics"),
        ("list.yaml", 1, "list.yaml:1:1: expected a mapping (basics:, work:, ...), got a list"),
        ("scalar.yaml", 1,
         "scalar.yaml:1:1: expected a mapping (basics:, work:, ...), got a single"),
    ],
)  # fmt: skip
def test_hostile_yaml_gets_one_clear_error(name, code, message):
    started = time.monotonic()
    done = run_cli("validate", str(HOSTILE / name), timeout=30)
    assert time.monotonic() - started < 30
    assert done.returncode == code
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and message in errors[0], done.stderr
    assert "Traceback" not in done.stderr


def test_bom_is_fine():
    assert run_cli("validate", str(HOSTILE / "bom.yaml")).returncode == 0


def test_deeply_nested(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("basics: {name: Ada}\nwork: " + "[" * 20000 + "]" * 20000 + "\n")
    done = run_cli("validate", str(path), timeout=30)
    assert done.returncode == 1
    assert "deep.yaml: YAML: nested too deeply" in done.stderr and "Traceback" not in done.stderr


def test_fifty_megabyte_file(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("w") as fh:
        fh.write("basics: {name: Ada}\nwork:\n")
        line = "  - {name: Acme, position: Engineer, highlights: [" + "x" * 400 + "]}\n"
        fh.write(line * (50 * 1024 * 1024 // len(line)))
    done = run_cli("validate", str(path), timeout=30)
    assert done.returncode == 1
    assert re.search(r"huge\.yaml: file is 5\d,\d{3},\d{3} bytes; the limit is 5 MiB", done.stderr)


def test_injection_stays_inert_in_html(tmp_path):
    result = resumekit.render(resumekit.load(HOSTILE / "injection.yaml"), output=tmp_path)
    page = result.outputs["html"].read_text()
    body = page.split("</style>", 1)[1]
    assert "<script" not in body.lower() and "<iframe" not in body.lower()
    assert "<img src=x" not in body and "onerror=alert" not in body.replace(
        "onerror=alert(1)&gt;", ""
    )
    assert "javascript:" not in re.sub(r"\[click\]\(javascript:alert\(2\)\)", "", body).replace(
        "&lt;a href=&quot;javascript:alert(6)&quot;", ""
    )
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(h.startswith(("https://", "mailto:", "tel:")) for h in hrefs), hrefs
    assert "{{ 7*7 }}" in page and "49" not in body.replace("4.9", "")  # never templated
    assert "{{ &#39;&#39;.__class__.__mro__ }}" in page  # printed, not evaluated
    assert "&lt;/style&gt;&lt;script&gt;alert(4)&lt;/script&gt;" in page


class _CountingServer:
    """A local HTTP server that counts the requests it gets."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                body = (DATA / "pixel.png").read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def server():
    running = _CountingServer()
    yield running
    running.close()


def project_with(tmp_path: Path, image: str, css: str = "") -> Path:
    folder = tmp_path / "project"
    (folder / "themes" / "remote").mkdir(parents=True)
    (folder / "themes" / "remote" / "theme.toml").write_text(
        'name = "remote"\nextends = "compact"\n'
    )
    (folder / "themes" / "remote" / "style.css").write_text(css)
    (folder / "resume.yaml").write_text(
        f"basics:\n  name: Ada\n  image: {image!r}\nresumekit: {{theme: remote}}\n"
    )
    return folder / "resume.yaml"


def test_remote_image_and_stylesheet_are_refused(runner, tmp_path, server):
    css = f'h1 {{ background: url("{server.url}/bg.png"); }}'
    path = project_with(tmp_path, f"{server.url}/photo.png", css)
    (path.parent / "themes" / "remote" / "resume.html.j2").write_text(
        f'<html><head><link rel="stylesheet" href="{server.url}/evil.css"><style>{{{{ css }}}}'
        "</style></head><body><h1>{{ resume.name }}</h1></body></html>"
    )
    result = runner.invoke(app, ["render", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert server.hits == []
    assert f"warning: refused to fetch {server.url}/photo.png (use --allow-remote)" in result.stderr
    assert f"warning: refused to fetch {server.url}/evil.css (use --allow-remote)" in result.stderr
    assert f"warning: refused to fetch {server.url}/bg.png (use --allow-remote)" in result.stderr


def test_allow_remote_fetches(runner, tmp_path, server):
    path = project_with(tmp_path, f"{server.url}/photo.png")
    result = runner.invoke(app, ["render", str(path), "--allow-remote", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert server.hits == ["/photo.png"]
    assert "data:image/png;base64," in (tmp_path / "o" / "resume.html").read_text()


@pytest.mark.parametrize(
    ("image", "reason"),
    [
        ("file:///etc/passwd", "refused to read file:///etc/passwd: only files beside the resume"),
        ("../../../../etc/passwd", "refused to read ../../../../etc/passwd: it is outside"),
        ("/etc/passwd", "refused to read /etc/passwd: it is outside the resume's folder"),
    ],
)
def test_local_files_outside_the_resume_are_refused(runner, tmp_path, image, reason):
    path = project_with(tmp_path, image, 'h1 { background: url("file:///etc/passwd"); }')
    result = runner.invoke(app, ["render", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert f"warning: {reason}" in result.stderr
    assert (
        "warning: refused to read file:///etc/passwd: only files in the theme's folders are read"
    ) in result.stderr
    pdf = (tmp_path / "out" / "resume.pdf").read_bytes()
    assert b"root:x:0:0" not in pdf


def test_a_photo_beside_the_resume_is_embedded(tmp_path):
    path = project_with(tmp_path, "me.png")
    shutil.copy(DATA / "pixel.png", path.parent / "me.png")
    result = resumekit.render(resumekit.load(path), output=tmp_path / "out")
    assert result.warnings == []
    assert 'class="photo" src="data:image/png;base64,' in result.outputs["html"].read_text()


@pytest.fixture
def rendered_once(tmp_path):
    copy_seed(tmp_path)
    out = tmp_path / "out"
    resumekit.render(resumekit.load(tmp_path / "resume.yaml"), output=out)
    return tmp_path, out, {p.name: p.read_bytes() for p in out.iterdir()}


def unchanged(out: Path, before: dict[str, bytes]) -> bool:
    return {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_read_only_output_folder(runner, rendered_once):
    folder, out, before = rendered_once
    out.chmod(0o555)
    try:
        result = runner.invoke(app, ["render", str(folder / "resume.yaml"), "-o", str(out)])
    finally:
        out.chmod(0o755)
    assert result.exit_code == 2
    assert f"error: {out / 'resume.pdf'}: cannot write: Permission denied" in result.stderr
    assert unchanged(out, before)


def test_refused_write_keeps_the_old_files(runner, rendered_once, monkeypatch):
    folder, out, before = rendered_once

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    result = runner.invoke(app, ["render", str(folder / "resume.yaml"), "-o", str(out)])
    assert result.exit_code == 2
    assert f"error: {out / 'resume.pdf'}: cannot write: Permission denied" in result.stderr
    assert unchanged(out, before)


def test_disk_full_midway_keeps_the_old_files(runner, rendered_once, monkeypatch):
    folder, out, before = rendered_once
    real_fdopen = os.fdopen

    class HalfWritten:
        def __init__(self, fd, mode):
            self.file = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data):
            self.file.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fdopen", HalfWritten)
    result = runner.invoke(app, ["render", str(folder / "resume.yaml"), "-o", str(out)])
    assert result.exit_code == 2
    assert "cannot write: No space left on device" in result.stderr
    assert unchanged(out, before)  # no temporary file left behind either


KILL_AT_RENAME = """
import os, signal, sys
from resumekit import files
from resumekit.cli import app

def die(*args):  # killed at the worst moment: the new PDF is written, not yet renamed
    os.kill(os.getpid(), signal.SIGKILL)

files.os.replace = die
sys.argv = ["resumekit", "render", "resume.yaml", "-o", "out", "--set", "accent=#ff0000"]
app()
"""


def test_killed_mid_render_keeps_the_old_files(rendered_once):
    folder, out, before = rendered_once
    process = subprocess.run([sys.executable, "-c", KILL_AT_RENAME], cwd=folder, timeout=120)
    assert process.returncode == -signal.SIGKILL
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.endswith(".tmp")} == before
    temps = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert len(temps) == 1 and temps[0].startswith(".resume.pdf."), temps


def test_a_temporary_file_left_by_a_killed_run_is_cleaned_up(rendered_once):
    folder, out, _before = rendered_once
    (out / ".resume.pdf.abc123.tmp").write_bytes(b"%PDF-half")
    resumekit.render(resumekit.load(folder / "resume.yaml"), formats=["pdf"], output=out)
    assert sorted(p.name for p in out.iterdir()) == ["resume.html", "resume.pdf"]

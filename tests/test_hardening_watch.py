"""`resumekit watch` under pressure: foreign Host names, odd paths, bad ports, saves in bursts,
saves during a render or a theme switch, broken themes and bugs in a render."""

from __future__ import annotations

import http.client
import re
import socket

import pypdf
import pytest

from conftest import copy_seed
from test_hostile import run_cli
from test_watch import Watcher, edit, save

#: The real CLI with api.render wrapped: a resume named "Crash" hits a bug, and a render of a
#: resume named "Rewrite ..." saves the resume again after reading it (a save during a render).
HOOKED = """
from pathlib import Path

import resumekit.api as api

real = api.render


def render(resume, **options):
    name = resume.basics.name
    if name == "Crash":
        raise RuntimeError("boom")
    result = real(resume, **options)
    if name.startswith("Rewrite"):
        path = Path("resume.yaml")
        path.write_text(path.read_text().replace(f"name: {name}", "name: Written mid-render"))
    return result


api.render = render
from resumekit.cli import app

app(prog_name="resumekit")
"""
NAME = "name: Senthilkumar Gopal"
BROKEN_TEMPLATE = "<html>\n<body>\n{% if resume.name %}\n</body>\n"


@pytest.fixture
def hooked(tmp_path):
    copy_seed(tmp_path)
    running = Watcher(tmp_path, python=("-c", HOOKED))
    yield running
    running.stop()


def get(port: int, path: str, hosts: list[str]) -> tuple[int, bytes]:
    """A raw GET with exactly these Host headers (none when empty)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        for host in hosts:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def pdf_text(watcher: Watcher) -> str:
    reader = pypdf.PdfReader(watcher.folder / "out" / "resume.pdf")
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_a_foreign_host_name_is_refused_without_content(watcher):
    port = watcher.port
    foreign = (["evil.example"], [f"evil.example:{port}"], [f"127.0.0.1:{port + 1}"],
               [f"localhost.evil.example:{port}"], [f"127.0.0.1:{port}.evil.example"], [],
               [f"127.0.0.1:{port}", "evil.example"])  # fmt: skip
    for path in ("/", "/index.html", "/__version", "/resume.pdf"):
        for hosts in foreign:
            assert get(port, path, hosts) == (403, b""), (path, hosts)
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
            status, body = get(port, path, [host])
            assert status == 200 and body, (path, host)


def test_only_the_preview_routes_answer(watcher):
    host = [f"127.0.0.1:{watcher.port}"]
    for path in ("/?x", "/index.html?x", "/resume.pdf?x", "/resume.pdf/", "/resume.yaml",
                 "/resume.pdf/../resume.yaml", "/../resume.yaml", "/%2e%2e/resume.yaml",
                 "/out/resume.pdf", "/./resume.pdf", "/__version/", "/watch.log",
                 "http://127.0.0.1/resume.pdf"):  # fmt: skip
        assert get(watcher.port, path, host) == (404, b""), path


@pytest.mark.parametrize(
    ("port", "expected"),
    [("99999", "less than or equal to 65535"), ("65536", "less than or equal to 65535"),
     ("-1", "greater than or equal to 0")],
)  # fmt: skip
def test_a_port_out_of_range_is_a_usage_error(tmp_path, port, expected):
    done = run_cli("watch", "resume.yaml", "--port", port, cwd=tmp_path, timeout=30)
    assert done.returncode == 2
    assert f"Invalid value for '--port': Input should be {expected}" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_port_in_use_is_a_clear_error(tmp_path):
    copy_seed(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_cli("watch", "resume.yaml", "--port", str(port), cwd=tmp_path, timeout=30)
    assert done.returncode == 2
    assert done.stderr.startswith(
        f"error: cannot serve on 127.0.0.1:{port}: Address already in use\n"
    ), done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()  # refused before rendering anything


def test_a_missing_folder_is_a_clear_error(tmp_path):
    done = run_cli("watch", "nowhere/resume.yaml", "--port", "0", cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert f"error: cannot watch {tmp_path.resolve() / 'nowhere'} for changes:" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_burst_of_saves_ends_on_the_last_one(watcher):
    resume = watcher.folder / "resume.yaml"
    original = resume.read_text()
    for i in range(10):
        save(resume, original.replace(NAME, f"name: Burst {i}"))
    watcher.wait_for(lambda _: '<h1 dir="auto">Burst 9</h1>' in watcher.page())
    assert watcher.state()["error"] is None
    assert "Burst 9" in pdf_text(watcher)


def test_a_save_during_a_render_is_rendered(hooked):
    edit(hooked.folder / "resume.yaml", NAME, "name: Rewrite me")
    hooked.wait_for(lambda _: '<h1 dir="auto">Written mid-render</h1>' in hooked.page())
    assert "Written mid-render" in pdf_text(hooked)


def test_a_save_during_a_theme_switch_is_rendered(hooked):
    resume = hooked.folder / "resume.yaml"
    text = resume.read_text().replace("  theme: compact", "  theme: classic")
    save(resume, text.replace(NAME, "name: Rewrite during the switch"))
    hooked.wait_for(lambda _: '<h1 dir="auto">Written mid-render</h1>' in hooked.page())
    assert "IBM Plex Serif" in hooked.page()  # classic's font: the switch happened
    assert "Written mid-render" in pdf_text(hooked)


def test_a_save_right_after_an_error_is_fixed_is_rendered(watcher):
    resume = watcher.folder / "resume.yaml"
    edit(resume, "startDate: 2023-10", "startDate: October")
    watcher.wait_for(lambda _: (watcher.state()["error"] or "").count("startDate"))
    edit(resume, "startDate: October", "startDate: 2023-10")
    edit(resume, NAME, "name: Right after the fix")
    watcher.wait_for(lambda _: '<h1 dir="auto">Right after the fix</h1>' in watcher.page())
    assert watcher.state()["error"] is None


def test_fixing_a_broken_theme_the_resume_switched_to_re_renders(watcher):
    theme = watcher.folder / "themes" / "mine"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "mine"\nextends = "compact"\n')
    (theme / "resume.html.j2").write_text(BROKEN_TEMPLATE)
    edit(watcher.folder / "resume.yaml", "  theme: compact", "  theme: mine")
    state = watcher.wait_for(lambda _: (s := watcher.state())["error"] and s)
    assert "resume.html.j2:4: template syntax error" in state["error"]
    assert '<h1 dir="auto">Senthilkumar Gopal</h1>' in watcher.page()  # the last good page stays

    save(theme / "resume.html.j2", "<html><head></head><body><h1>Mine</h1></body></html>")
    watcher.wait_for(lambda _: "<h1>Mine</h1>" in watcher.page())
    assert watcher.state()["error"] is None


def test_a_bug_in_a_render_is_reported_and_watching_goes_on(hooked):
    resume = hooked.folder / "resume.yaml"
    edit(resume, NAME, "name: Crash")
    state = hooked.wait_for(lambda _: (s := hooked.state())["error"] and s)
    assert state["error"].startswith("internal error: RuntimeError: boom (")
    assert "please report it" in state["error"]
    log = hooked.output()
    assert "error: internal error: RuntimeError: boom (" in log and "Traceback" not in log
    assert 'id="resumekit-error"' in hooked.page()

    edit(resume, "name: Crash", "name: Back to normal")
    hooked.wait_for(lambda _: '<h1 dir="auto">Back to normal</h1>' in hooked.page())
    assert hooked.state()["error"] is None and hooked.process.poll() is None


def test_a_symlink_loop_appearing_beside_the_resume_does_not_stop_watching(watcher):
    (watcher.folder / "loop-a").symlink_to("loop-b")
    (watcher.folder / "loop-b").symlink_to("loop-a")
    edit(watcher.folder / "resume.yaml", NAME, "name: After the loop")
    watcher.wait_for(lambda _: '<h1 dir="auto">After the loop</h1>' in watcher.page())

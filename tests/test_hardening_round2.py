"""Round two of hardening: mappings made only of merge keys, one line per problem whatever the
resume says, an `out` symlink in the checkout, bounded text, and dropped preview connections."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SEED, copy_seed
from resumekit import preview as preview_server
from test_hostile import run_cli
from test_watch import Watcher, edit

BOTH = pytest.mark.parametrize("command", ["validate", "render"])


def cli(folder: Path, *args: str) -> tuple[int, list[str]]:
    """Run the real CLI in ``folder``: its exit code and its stderr lines, which are never a
    traceback and never start a GitHub Actions workflow command."""
    if args[0] == "render":
        args = (*args, "-f", "html")
    done = run_cli(*args, cwd=folder, timeout=120)
    lines = done.stderr.splitlines()
    assert "Traceback" not in done.stderr, done.stderr
    assert not [line for line in lines if line.startswith("::")], done.stderr
    return done.returncode, lines


def resume(folder: Path, text: str, name: str = "resume.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# 1. A mapping made only of merge keys is read, and errors inside it have a position.


@pytest.mark.parametrize(
    "text",
    [
        "basics:\n  <<: {name: Merged Only}\n",
        "basics:\n  <<:\n    name: Merged Only\n",
        "work:\n  - &x {name: Merged Only}\nbasics: {<<: *x}\n",
        "work:\n  - &x {name: Merged Only}\nbasics:\n  <<: *x\n",
        "basics:\n  <<: [{name: Merged Only}, {label: b}]\n",
        "work:\n  - &a {name: Merged Only}\n  - &b {<<: *a}\nbasics: {<<: *b}\n",
    ],
)
def test_a_mapping_of_merge_keys_only_validates_and_renders(tmp_path, text):
    resume(tmp_path, text)
    done = run_cli("validate", "resume.yaml", cwd=tmp_path, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (0, "OK resume.yaml\n", "")
    assert cli(tmp_path, "render", "resume.yaml") == (0, [])
    assert "Merged Only</h1>" in (tmp_path / "out" / "resume.html").read_text()


@BOTH
def test_errors_inside_a_merged_only_mapping_point_where_they_are_written(tmp_path, command):
    resume(tmp_path, "work:\n  - &x {nmae: a}\nbasics: {<<: *x}\n")
    assert cli(tmp_path, command, "resume.yaml") == (1, [
        "error: resume.yaml:2:9: basics.nmae: unknown field 'nmae'; did you mean 'name'?",
        "error: resume.yaml:2:9: work[0].nmae: unknown field 'nmae'; did you mean 'name'?",
        "error: resume.yaml:3:9: basics.name: required field 'name' is missing",
        "hint: 3 problems found; fix them and run again.",
    ])  # fmt: skip


def test_an_error_in_a_block_merge_has_its_line(tmp_path):
    resume(tmp_path, "basics:\n  <<:\n    name: Ada\n    email: [1]\n")
    assert cli(tmp_path, "validate", "resume.yaml") == (1, [
        "error: resume.yaml:4:12: basics.email: input should be a valid string, got a list",
        "hint: 1 problem found; fix it and run again.",
    ])  # fmt: skip


# 2. Every error, warning, note and hint is one line: resume text cannot start a line.


INJECTED_KEY = 'basics:\n  name: Ada\n  "x\\n::error title=Build failed::KEYINJ": 1\n'
KEY_LINE = (
    "error: resume.yaml:3:3: basics.x\\n::error title=Build failed::KEYINJ: unknown field "
    "'x\\n::error title=Build failed::KEYINJ'; expected one of: email, image, label, location, "
    "name, phone, profiles, summary, url, x-jsonresume"
)
ORDER_LINE = (
    "error: resume.yaml:3:19: resumekit.section_order[0]: 'work\\n::notice::LITINJ' is not one "
    "of: summary, work, volunteer, education, awards, certificates, publications, patents, "
    "skills, languages, interests, projects, references, sections"
)
IMAGE = (
    'basics:\n  name: Ada\n  image: "http://x/\\n::error title=pwned::INJECTED\\n::add-mask::Ada"\n'
)
IMAGE_WARNING = (
    "warning: refused to fetch http://x/\\n::error title=pwned::INJECTED\\n::add-mask::Ada "
    "(use --allow-remote)"
)


@BOTH
@pytest.mark.parametrize(
    ("text", "line"),
    [
        (INJECTED_KEY, KEY_LINE),
        ('basics: {name: Ada}\nresumekit:\n  section_order: ["work\\n::notice::LITINJ"]\n',
         ORDER_LINE),
        ('basics:\n  name: Ada\n  "a\\r\\u202eb\\u2066\\tc": 1\n',
         "error: resume.yaml:3:3: basics.a\\r\\u202eb\\u2066\\tc: unknown field "
         "'a\\r\\u202eb\\u2066\\tc'; expected one of: email, image, label, location, name, "
         "phone, profiles, summary, url, x-jsonresume"),
        ('basics:\n  name: Ada\n  "[bold]x[/bold] :smile:": 1\n',
         "error: resume.yaml:3:3: basics.[bold]x[/bold] :smile:: unknown field '[bold]x[/bold] "
         ":smile:'; expected one of: email, image, label, location, name, phone, profiles, "
         "summary, url, x-jsonresume"),
    ],
)  # fmt: skip
def test_resume_text_in_an_error_stays_on_its_line(tmp_path, command, text, line):
    resume(tmp_path, text)
    assert cli(tmp_path, command, "resume.yaml") == (
        1, [line, "hint: 1 problem found; fix it and run again."]
    )  # fmt: skip


def test_resume_text_in_a_warning_stays_on_its_line(tmp_path):
    resume(tmp_path, IMAGE)
    assert cli(tmp_path, "render", "resume.yaml") == (0, [IMAGE_WARNING])
    assert (tmp_path / "out" / "resume.html").is_file()


def test_each_problem_of_a_broken_theme_is_its_own_warning_line(tmp_path):
    theme = tmp_path / "themes" / "bad"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "bad"\ndescription = "x\\n::error::DESC"\n'
                                      'extends = "y\\n::error::EXT"\n')  # fmt: skip
    code, lines = cli(tmp_path, "themes")
    toml = theme / "theme.toml"
    assert (code, lines) == (1, [
        f"warning: theme 'bad' cannot be used: {toml}:2:15: description: must be text without "
        "control characters",
        f"warning: theme 'bad' cannot be used: {toml}:3:11: extends: must be text without "
        "control characters",
    ])  # fmt: skip


def test_an_imported_field_name_in_a_note_stays_on_its_line(tmp_path):
    data = {"basics": {"name": "Ada", "x\n::warning::NOTEINJ": 1}}
    (tmp_path / "resume.json").write_text(json.dumps(data))
    code, lines = cli(tmp_path, "import", "resume.json", "-o", "imported.yaml")
    assert (code, lines) == (0, [
        "note: resume.json:1:28: basics.x\\n::warning::NOTEINJ: not used by resumekit; kept "
        "for JSON Resume export"
    ])  # fmt: skip


def test_the_watch_terminal_prints_each_problem_on_its_line(tmp_path):
    resume(tmp_path, IMAGE)
    running = Watcher(tmp_path)
    try:
        edit(tmp_path / "resume.yaml", "  name: Ada\n", INJECTED_KEY.removeprefix("basics:\n"))
        running.wait_for(lambda text: "hint: 1 problem" in text)
        log = running.output().splitlines()
        assert IMAGE_WARNING in log and KEY_LINE in log
        assert not [line for line in log if line.startswith("::")], log
        state = running.state()
        assert state["error"].startswith("resume.yaml:3:3: basics.x\n::error title=Build failed")
        assert state["error"].endswith("\nhint: 1 problem found; fix it and run again.")
    finally:
        running.stop()


# 3. A relative output folder may not pass through a symlink; an absolute one is trusted.


@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, Path]:
    """A project holding the seed resume, and a victim folder outside it."""
    project, victim = tmp_path / "project", tmp_path / "victim"
    project.mkdir()
    victim.mkdir()
    copy_seed(project)
    return project, victim


def refusal(link: str, victim: Path) -> str:
    return (
        f"error: {link} is a symbolic link (to {victim}); outputs are written only into a real "
        "folder — pass its real path with -o if you mean it"
    )


@pytest.mark.parametrize(
    ("link", "args"),
    [
        ("out", ()),
        ("out", ("-o", "out/")),
        ("build", ("-o", "build/cv")),
        ("build", ("-o", "build/cv.html")),  # cli() renders html only
        ("build", ("-o", "./build/sub/cv.html")),
        ("out", ("-o", "missing/../out")),  # a folder not made yet, then back up: still out
        ("out", ("-o", "a/b/../../out/")),
    ],
)
def test_a_symlinked_output_folder_is_refused(linked, link, args):
    project, victim = linked
    (project / link).symlink_to(victim)
    assert cli(project, "render", *args) == (2, [refusal(link, victim)])
    assert list(victim.iterdir()) == []


def test_a_symlink_deeper_in_the_output_folder_is_refused(linked):
    project, victim = linked
    (project / "build").mkdir()
    (project / "build" / "site").symlink_to(victim)
    assert cli(project, "render", "-o", "build/site/cv") == (2, [refusal("build/site", victim)])
    assert list(victim.iterdir()) == []


@pytest.mark.parametrize("given", [(), ("-o", "missing/../out")])
@pytest.mark.parametrize("inside", ["notes.txt", "sub/deeper/notes.txt"])
def test_an_output_folder_holding_a_symlink_is_refused(linked, inside, given):
    project, _victim = linked
    secret = project / ".git" / "config"
    secret.parent.mkdir()
    secret.write_text("extraheader = AUTHORIZATION: basic c2VjcmV0\n")
    link = project / "out" / inside
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    code, lines = cli(project, "render", *given)
    assert (code, lines) == (2, [
        f"error: {Path('out', inside)} is a symbolic link (to {secret}); an output folder holds "
        "only real files — remove it",
        "hint: CI uploads the output folder, and links in it would upload what they point at",
    ])  # fmt: skip
    assert not (project / "out" / "resume.html").exists()


def test_a_file_name_output_in_a_project_with_links_renders(linked):
    project, victim = linked
    (project / "link.yaml").symlink_to(project / "resume.yaml")  # a project's own links
    assert cli(project, "render", "-o", "cv.html") == (0, [])
    assert (project / "cv.html").is_file() and list(victim.iterdir()) == []


def test_a_theme_description_never_starts_a_line_of_the_themes_table(tmp_path):
    folder = tmp_path / "themes" / "x"
    folder.mkdir(parents=True)
    words = " ".join(["word"] * 30)
    (folder / "theme.toml").write_text(
        f'name = "x"\nextends = "compact"\ndescription = "{words} ::add-mask::x"\n'
    )
    for columns in ("40", "80", "200"):
        done = subprocess.run(
            [sys.executable, "-m", "resumekit", "themes"], cwd=tmp_path, capture_output=True,
            text=True, timeout=120, env={**os.environ, "COLUMNS": columns},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert len(lines) == 5 and all(
            line.startswith(("name", "classic", "compact", "modern", "x ")) for line in lines
        ), lines


def test_watch_refuses_a_symlinked_output_folder(linked):
    project, victim = linked
    (project / "out").symlink_to(victim)
    running = Watcher(project)
    try:
        assert refusal("out", victim) in running.output().splitlines()
        assert list(victim.iterdir()) == []
    finally:
        running.stop()


def test_an_absolute_output_folder_is_trusted_links_and_all(linked):
    project, victim = linked
    (project / "out").symlink_to(victim)
    assert cli(project, "render", "-o", str(project / "out")) == (0, [])
    assert sorted(p.name for p in victim.iterdir()) == ["resume.html"]


def test_the_github_action_script_renders_and_refuses_a_symlinked_out(linked):
    project, victim = linked
    command = Path(sys.executable).parent / "resumekit"
    env = {**os.environ, "RESUMEKIT": str(command), "FORMATS": "html",
           "GITHUB_OUTPUT": str(project.parent / "github_output")}  # fmt: skip
    script = ROOT / "scripts" / "render-resume"

    done = subprocess.run([script], cwd=project, env=env, capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (project / "out" / "resume.html").is_file()
    assert (project.parent / "github_output").read_text().splitlines()[1] == "html=out/resume.html"

    shutil.rmtree(project / "out")
    (project / "out").symlink_to(victim)
    done = subprocess.run([script], cwd=project, env=env, capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert (done.returncode, done.stderr.splitlines()) == (2, [refusal("out", victim)])
    assert list(victim.iterdir()) == []


# 4. Every text at most 10,000 characters, a whole resume at most 200,000.


def text_characters(value: object) -> int:
    """The characters of all string values (not keys) in plain data."""
    if isinstance(value, dict):
        return sum(map(text_characters, value.values()))
    if isinstance(value, list):
        return sum(map(text_characters, value))
    return len(value) if isinstance(value, str) else 0


def too_long(count: int) -> str:
    return f"text is {count:,} characters long; at most 10,000 are allowed"


def budget(count: int) -> str:
    return (
        "error: resume.yaml: a resume's text is at most 200,000 characters (about 50 pages); "
        f"this file has {count:,}"
    )


HINT = "hint: 1 problem found; fix it and run again."


@BOTH
@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("basics:\n  name: " + "x" * 10_001 + "\n", "2:9: basics.name"),
        ("basics:\n  name: Ada\n  label: '" + "word " * 2_001 + "'\n", "3:10: basics.label"),
        ("basics: {name: Ada}\nwork:\n  - name: Acme\n    highlights:\n      - "
         + "x" * 10_001 + "\n", "5:9: work[0].highlights[0]"),
        ("basics: {name: Ada}\nresumekit:\n  section_titles:\n    ? " + "k" * 10_001 + "\n"
         "    : x\n", "4:7: resumekit.section_titles"),
    ],
)  # fmt: skip
def test_a_text_over_ten_thousand_characters_is_refused_at_its_place(
    tmp_path, command, text, where
):
    resume(tmp_path, text)
    count = 10_005 if "word" in text else 10_001
    assert cli(tmp_path, command, "resume.yaml") == (
        1, [f"error: resume.yaml:{where}: {too_long(count)}", HINT]
    )  # fmt: skip


def test_every_text_too_long_is_reported_at_once_before_the_whole(tmp_path):
    long = "x" * 150_000
    resume(tmp_path, f"basics:\n  name: {long}\n  label: {long}\n")
    assert cli(tmp_path, "validate", "resume.yaml") == (1, [
        f"error: resume.yaml:2:9: basics.name: {too_long(150_000)}",
        f"error: resume.yaml:3:10: basics.label: {too_long(150_000)}",
        "hint: 2 problems found; fix them and run again.",
    ])  # fmt: skip


def test_a_text_of_ten_thousand_characters_is_fine(tmp_path):
    resume(tmp_path, "basics:\n  name: Ada\n  summary: " + "word " * 1_999 + "word\n")
    assert cli(tmp_path, "validate", "resume.yaml") == (0, [])


def jobs(count: int, highlights: int, length: int) -> dict:
    """A resume of ``count`` jobs with ``highlights`` highlights of ``length`` characters."""
    line = ("Shipped a thing " * (length // 16 + 1))[:length]
    work = [{"name": f"Company {i}", "position": "Engineer", "highlights": [line] * highlights}
            for i in range(count)]  # fmt: skip
    return {"basics": {"name": "Ada"}, "work": work}


@BOTH
@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_a_resume_over_two_hundred_thousand_characters_is_refused(tmp_path, command, suffix):
    data = jobs(300, 60, 40)
    resume(tmp_path, json.dumps(data, indent=1), f"resume.{suffix}")
    code, lines = cli(tmp_path, command, f"resume.{suffix}")
    count = text_characters(data)
    assert (code, lines) == (1, [budget(count).replace("resume.yaml", f"resume.{suffix}"), HINT])
    assert not (tmp_path / "out").exists()


def test_text_at_the_budget_is_fine_and_aliases_count_at_each_use(tmp_path):
    data = jobs(19, 10, 999)
    data["basics"]["name"] = "A" * (200_000 - text_characters(data) + 3)
    resume(tmp_path, json.dumps(data))
    assert cli(tmp_path, "validate", "resume.yaml") == (0, [])

    aliased = "x" * 9_000
    resume(
        tmp_path,
        f"basics: {{name: Ada, summary: &t {aliased}}}\n"
        "work:\n  - name: Acme\n    highlights: [" + ", ".join(["*t"] * 22) + "]\n",
    )
    assert cli(tmp_path, "validate", "resume.yaml") == (1, [budget(3 + 4 + 23 * 9_000), HINT])


def test_the_seed_and_the_test_resumes_are_within_the_bounds():
    for path in [SEED, *sorted((ROOT / "tests" / "data").glob("*.yaml"))]:
        done = run_cli("validate", str(path), timeout=120)
        assert done.returncode == 0, done.stderr


# 5. The preview server is quiet about clients that drop their connection.


def request_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if "process_request_thread" in t.name]


def wait_for_requests() -> None:
    deadline = time.monotonic() + 30
    while request_threads() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not request_threads()


@pytest.fixture
def server():
    preview, reports = preview_server.Preview(), []
    page = b"<html><head></head><body>" + b"x" * 500_000 + b"</body></html>"
    preview.update({"index.html": page}, None)
    running = preview_server.serve(preview, 0, reports.append)
    yield preview, reports, running.server_address[1]
    running.shutdown()
    running.server_close()


def test_dropped_connections_print_nothing(server, capfd):
    _, reports, port = server
    for _ in range(20):  # a request without its final blank line, then gone
        with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
            client.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode())
            client.shutdown(socket.SHUT_WR)
    wait_for_requests()
    assert (reports, capfd.readouterr()) == ([], ("", ""))
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__version", timeout=10) as response:
        assert json.loads(response.read()) == {"version": 1, "error": None}


def test_any_other_failure_of_a_request_is_one_warning_line(server, capfd):
    preview, reports, port = server
    preview.files["index.html"] = b"\xff"  # cannot be decoded: a bug, not the client's doing
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
    wait_for_requests()
    assert reports == [[("warning", "preview server: UnicodeDecodeError: 'utf-8' codec can't "
                        "decode byte 0xff in position 0: invalid start byte")]]  # fmt: skip
    assert capfd.readouterr() == ("", "")

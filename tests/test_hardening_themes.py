"""Hostile themes: files that link out of the theme, theme.toml of the wrong shape, extends
loops, broken entry points, and option values that would break the layout."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pypdf
import pytest

import resumekit
from conftest import ROOT, copy_seed
from resumekit import themes
from resumekit.cli import app
from resumekit.errors import InvalidTheme, ThemeError
from test_hostile import run_cli

MARKER = "SECRET-MARKER-c4f1"


@pytest.fixture
def project(tmp_path):
    """A resume in its own folder, and a secret file outside it that no theme may read."""
    folder = tmp_path / "project"
    folder.mkdir()
    copy_seed(folder)
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(f"TOKEN={MARKER}\n")
    return folder


def secret_of(project: Path) -> Path:
    return (project.parent / "outside" / "secret.txt").resolve()


def make_theme(folder: Path, toml: str, files: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True)
    (folder / "theme.toml").write_text(textwrap.dedent(toml))
    for name, text in (files or {}).items():
        (folder / name).write_text(textwrap.dedent(text))
    return folder


def render(project: Path, *args: str):
    """The real command in a child process (memory-limited), writing pdf, html and txt."""
    return run_cli("render", str(project / "resume.yaml"), "--format", "pdf,html,txt",
                   "-o", str(project / "out"), *args, cwd=project)  # fmt: skip


def assert_not_leaked(project: Path, *streams: str) -> None:
    for stream in streams:
        assert MARKER not in stream
    out = project / "out"
    for path in out.iterdir() if out.exists() else ():
        assert MARKER.encode() not in path.read_bytes(), path
        if path.suffix == ".pdf":
            reader = pypdf.PdfReader(path)
            assert MARKER not in "".join(page.extract_text() for page in reader.pages)
            assert dict(reader.attachments) == {}


EXTENDS_COMPACT = 'name = "evil"\nextends = "compact"\n'
INCLUDING = '{% include "x.txt" %}<html><body>{{ resume.name }}</body></html>\n'


@pytest.mark.parametrize(
    ("linked", "files"),
    [
        ("style.css", {}),
        ("resume.html.j2", {}),
        ("_macros.html.j2", {}),  # a partial compact's template imports
        ("x.txt", {"resume.html.j2": INCLUDING}),
        ("x.txt", {"resume.html.j2": '{% import "x.txt" as m %}<p>{{ resume.name }}</p>'}),
        ("x.txt", {"resume.html.j2": '{% extends "x.txt" %}'}),
        ("x.txt", {"resume.html.j2": '{% from "x.txt" import y %}<p>{{ resume.name }}</p>'}),
    ],
    ids=["style.css", "template", "partial", "include", "import", "extends", "from-import"],
)
def test_a_theme_file_linking_out_of_the_theme_is_refused(project, linked, files):
    folder = make_theme(project / "themes" / "evil", EXTENDS_COMPACT, files)
    (folder / linked).symlink_to(secret_of(project))
    result = render(project, "--theme", "evil")
    assert result.returncode == 1, result.stderr
    compact = ROOT / "themes" / "compact"
    assert (
        f"error: {folder / linked}: refused to read it: its real path {secret_of(project)} is "
        f"outside {folder} or {compact}\n"
    ) in result.stderr
    assert "Traceback" not in result.stderr
    assert_not_leaked(project, result.stdout, result.stderr)


def test_a_linked_theme_toml_is_refused_and_not_listed(project, runner, monkeypatch):
    folder = project / "themes" / "evil"
    folder.mkdir(parents=True)
    (folder / "theme.toml").symlink_to(secret_of(project))
    result = render(project, "--theme", "evil")
    assert result.returncode == 1
    assert (f"error: {folder / 'theme.toml'}: refused to read it: its real path "
            f"{secret_of(project)} is outside {folder}\n") in result.stderr  # fmt: skip
    assert_not_leaked(project, result.stdout, result.stderr)
    monkeypatch.chdir(project)
    listed = runner.invoke(app, ["themes"])
    assert listed.exit_code == 1
    assert "compact" in listed.stdout and "evil" not in listed.stdout
    assert f"warning: theme 'evil' cannot be used: {folder / 'theme.toml'}: refused" in (
        listed.stderr
    )
    assert MARKER not in listed.output


@pytest.mark.parametrize("target", ["fifo", "/dev/zero", "/proc/self/environ"])
def test_style_css_that_is_a_fifo_or_a_device_is_refused_without_hanging(project, target):
    folder = make_theme(project / "themes" / "evil", EXTENDS_COMPACT)
    if target == "fifo":
        os.mkfifo(folder / "style.css")
        reason = "not a regular file"
    else:
        (folder / "style.css").symlink_to(target)
        reason = f"its real path {target.replace('self/environ', '')}"  # /proc/<pid>/environ
    result = render(project, "--theme", "evil")
    assert result.returncode == 1
    assert f"error: {folder / 'style.css'}: refused to read it: {reason}" in result.stderr
    assert not (project / "out").exists()


LINKING = (
    '<html><head><link rel="stylesheet" href="themes/evil/bg.png"></head>'
    "<body>{{ resume.name }}</body></html>"
)


@pytest.mark.parametrize(
    "files",
    [
        {"style.css": 'h1 { background: url("themes/evil/bg.png"); }'},
        {"style.css": '@font-face { font-family: X; src: url("themes/evil/bg.png"); }\n'
                      "h1 { font-family: X; }"},
        {"resume.html.j2": '<html><body><img src="themes/evil/bg.png"></body></html>'},
        {"resume.html.j2": LINKING},
    ],
    ids=["css-image", "css-font", "img", "link-stylesheet"],
)  # fmt: skip
def test_an_asset_linking_out_is_refused_by_the_pdf_fetcher(project, files):
    folder = make_theme(project / "themes" / "evil", EXTENDS_COMPACT, files)
    (folder / "bg.png").symlink_to(secret_of(project))
    result = render(project, "--theme", "evil")
    assert result.returncode == 1, result.stderr
    assert (f"error: {folder / 'bg.png'}: refused to read it: its real path "
            f"{secret_of(project)} is outside") in result.stderr  # fmt: skip
    assert_not_leaked(project, result.stdout, result.stderr)


def test_an_asset_inside_the_theme_is_served(project, tmp_path):
    shutil.copy(ROOT / "tests" / "data" / "pixel.png", tmp_path / "pixel.png")
    css = 'h1 { background: url("themes/own/pixel.png"); }'
    folder = make_theme(project / "themes" / "own", EXTENDS_COMPACT, {"style.css": css})
    shutil.copy(tmp_path / "pixel.png", folder / "pixel.png")
    result = resumekit.render(resumekit.load(project / "resume.yaml"), theme="own",
                              formats=["pdf"], output=tmp_path / "out")  # fmt: skip
    assert result.warnings == []
    assert b"/Image" in result.outputs["pdf"].read_bytes()


def test_watch_reloads_a_template_and_checks_it_again(project, tmp_path):
    folder = make_theme(project / "themes" / "evil", EXTENDS_COMPACT,
                        {"resume.html.j2": "<p>{{ resume.name }}</p>"})  # fmt: skip
    resume = resumekit.load(project / "resume.yaml")
    first = resumekit.render(resume, theme="evil", formats=["html"], output=tmp_path / "o")
    assert "Senthilkumar" in first.outputs["html"].read_text()
    (folder / "resume.html.j2").unlink()
    (folder / "resume.html.j2").symlink_to(secret_of(project))
    os.utime(secret_of(project), (1, 1))
    with pytest.raises(ThemeError, match="refused to read it: its real path"):
        resumekit.render(resume, theme="evil", formats=["html"], output=tmp_path / "o")


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('name = "bad"\nextends = 5\n',
         ["2:11: extends: input should be a valid string, got int 5"]),
        ('options = "x"\n', ["1:11: options: input should be a valid dictionary, got str 'x'"]),
        ('[options.size]\ntype = "choice"\nchoices = 5\ndefault = "a"\n',
         ["3:11: options.size.choices: input should be a valid list, got int 5"]),
        ('[options.size]\ntype = "number"\nmin = "a"\ndefault = 1\n',
         ["3:7: options.size.min: input should be a valid number, got str 'a'"]),
        ('[options.size]\ntype = "number"\nmin = nan\ndefault = 1\n',
         ["3:7: options.size.min: input should be a finite number, got float nan"]),
        ('[options.size]\ntype = "number"\nmin = 1\nmax = 2\ndefault = 3\n',
         ["5:11: options.size.default: must be a number from 1.0 to 2.0, got 3"]),
        ('[options.size]\ntype = "number"\nmin = 2\nmax = 1\ndefault = 1\n',
         ["4:7: options.size.max: must not be less than min (2.0)"]),
        ('[options.paper]\ntype = "choice"\nchoices = ["a4"]\ndefault = "a5"\n',
         ["4:11: options.paper.default: must be one of: a4, got 'a5'"]),
        ('[options.paper]\ntype = "choice"\ndefault = "a4"\n',
         ["1:1: options.paper.choices: a choice option needs choices = [...]"]),
        ('[options.font]\ntype = "choice"\nchoices = ["Fira Sans", "Comic Sans"]\n'
         'default = "Fira Sans"\n',
         ["3:11: options.font.choices: 'Comic Sans' is not a packaged font; use one of: "
          "IBM Plex Sans Condensed, IBM Plex Serif, Fira Sans, Noto Sans"]),
        ('[options.font]\ntype = "choice"\nchoices = ["Comic Sans"]\ndefault = "Comic Sans"\n',
         ["3:11: options.font.choices: 'Comic Sans' is not a packaged font; use one of: "
          "IBM Plex Sans Condensed, IBM Plex Serif, Fira Sans, Noto Sans"]),
        ('[options.font_size]\ntype = "choice"\nchoices = ["big"]\ndefault = "big"\n',
         ["2:8: options.font_size.type: resumekit reads option 'font_size' as a number, not a "
          "choice"]),
        ('[options.accent]\ntype = "colour"\ndefault = "red"\n',
         ["2:8: options.accent.type: input should be 'color', 'choice', 'number' or 'boolean', "
          "got str 'colour'"]),
        ('[options.accent]\ndefault = "red"\n',
         ["1:1: options.accent.type: required key 'type' is missing"]),
        ('colour = "red"\n[options.accent]\ntype = "color"\ndefault = "red"\nhelp = "x"\n',
         ["1:1: colour: unknown key 'colour'; expected one of: name, description, version, "
          "extends, options",
          "5:1: options.accent.help: unknown key 'help'; expected one of: type, choices, min, "
          "max, default, description"]),
        ('description = "a\\u001b[31mred"\n',
         ["1:15: description: must be text without control characters"]),
        ('[options."a b"]\ntype = "boolean"\ndefault = true\n',
         ["1:1: options.a b: must be 1 to 64 letters, digits, '_', '-' or '.', not starting "
          "with . or - nor ending with ."]),
        ('name = "bad\n', ["1:12: TOML: Illegal character '\\n'"]),
        ("a = " + "[" * 5000 + "\n", ["TOML: nested too deeply"]),
    ],
    ids=["extends-int", "options-str", "choices-int", "min-str", "min-nan", "out-of-range",
         "max-below-min", "not-a-choice", "no-choices", "font-unpackaged", "font-only-unpackaged",
         "reserved-type", "unknown-type", "no-type", "unknown-keys", "control-chars",
         "option-name", "toml-syntax", "toml-deep"],
)  # fmt: skip
def test_theme_toml_of_the_wrong_shape(project, toml, expected):
    folder = make_theme(project / "themes" / "bad", toml)
    with pytest.raises(InvalidTheme) as info:
        themes.find("bad", project)
    toml_path = folder / "theme.toml"
    prefix = f"{toml_path}:" if expected[0][0].isdigit() else f"{toml_path}: "
    assert [str(d) for d in info.value.diagnostics] == [prefix + e for e in expected]


def test_an_inherited_option_is_checked_with_what_it_inherits(project, runner):
    make_theme(project / "themes" / "bad", 'extends = "compact"\n\n[options.font_size]\n'
               'default = 40\n\n[options.density]\ndefault = "x"\n')  # fmt: skip
    result = runner.invoke(app, ["render", str(project / "resume.yaml"), "--theme", "bad"])
    assert result.exit_code == 1
    toml_path = project / "themes" / "bad" / "theme.toml"
    assert result.stderr.splitlines() == [
        f"error: {toml_path}:4:11: options.font_size.default: must be a number from 8.0 to 12.0, "
        "got 40",
        f"error: {toml_path}:7:11: options.density.default: must be a number from 0.5 to 1.5, "
        "got 'x'",
        "hint: 2 problems found in the theme; fix them and run again.",
    ]


@pytest.mark.parametrize(
    ("tomls", "message"),
    [
        (
            {"a": 'extends = "a"\n'},
            "a/theme.toml:1:11: extends: themes extend each other in a loop: a -> a",
        ),
        (
            {"a": 'extends = "b"\n', "b": 'extends = "a"\n'},
            "b/theme.toml:1:11: extends: themes extend each other in a loop: a -> b -> a",
        ),
        (
            {"a": 'extends = "./themes/a"\n'},
            "a/theme.toml:1:11: extends: themes extend each other in a loop: a -> ./themes/a",
        ),
        ({"a": 'extends = "nope"\n'}, "a/theme.toml:1:11: extends: unknown theme 'nope'"),
        (
            {f"t{i}": f'extends = "t{i + 1}"\n' for i in range(12)},
            "t9/theme.toml:1:11: extends: more than 10 themes deep: t0 -> t1 -> t2 -> t3 -> t4 -> "
            "t5 -> t6 -> t7 -> t8 -> t9 -> t10",
        ),
    ],
    ids=["self", "pair", "by-path", "unknown", "too-deep"],
)
def test_extends_loops_and_dead_ends(project, runner, monkeypatch, tomls, message):
    for name, toml in tomls.items():
        make_theme(project / "themes" / name, toml)
    monkeypatch.chdir(project)
    first = next(iter(tomls))
    result = runner.invoke(app, ["render", "resume.yaml", "--theme", first])
    assert result.exit_code == 1
    assert f"error: {project / 'themes'}/{message}\n" in result.stderr


def names(listing: str) -> list[str]:
    """The theme names of a `resumekit themes` table (a long description wraps)."""
    return [row.split()[0] for row in listing.splitlines()[1:] if not row.startswith(" ")]


def install(site: Path, dist: str, entry: str, module: str = "", code: str = "") -> None:
    """A real installed distribution on sys.path with one theme entry point (`name = value`)."""
    if module:
        (site / f"{module}.py").write_text(code)
    info = site / f"{dist.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[resumekit.themes]\n{entry}\n")


@pytest.mark.parametrize(
    ("entry", "code", "message"),
    [
        (
            "broken = {m}:FOLDER",
            "from pathlib import Path\nFOLDER = Path(__file__)\n",
            "is not a theme folder (a folder with theme.toml)",
        ),
        (
            "broken = {m}:FOLDER",
            "FOLDER = '/nonexistent/theme'\n",
            "is not a theme folder (a folder with theme.toml)",
        ),
        (
            "broken = {m}:FOLDER",
            "FOLDER = 42\n",
            "is not a theme folder (a folder with theme.toml)",
        ),
        (
            "broken = {m}:FOLDER",
            "raise RuntimeError('boom')\n",
            "cannot be loaded: RuntimeError: boom",
        ),
        ("broken = {m}_missing", "", "is not a theme folder (a folder with theme.toml)"),
        (
            "broken = {m}_missing.sub",
            "",
            "cannot be loaded: ModuleNotFoundError: No module named '{m}_missing'",
        ),
        ("broken = {m} is not valid!", "", "does not name a module or module:attribute"),
    ],
    ids=[
        "a-file",
        "missing-path",
        "not-a-path",
        "import-fails",
        "no-module",
        "no-parent",
        "bad-value",
    ],
)
def test_a_broken_entry_point_names_its_package(project, tmp_path, monkeypatch, runner, entry,
                                                code, message):  # fmt: skip
    module = f"theme_{tmp_path.name.replace('-', '_')}"
    site = tmp_path / "site"
    site.mkdir()
    install(site, "resumekit-theme-broken", entry.format(m=module), module, code)
    monkeypatch.syspath_prepend(str(site))
    value = entry.split(" = ")[1].format(m=module)
    expected = (f"theme 'broken' from package resumekit-theme-broken ({value}) "
                + message.format(m=module))  # fmt: skip
    result = runner.invoke(app, ["render", str(project / "resume.yaml"), "--theme", "broken"])
    assert result.exit_code == 1
    assert f"error: {expected}\n" in result.stderr
    monkeypatch.chdir(project)
    listed = runner.invoke(app, ["themes"])
    assert listed.exit_code == 1
    assert names(listed.stdout) == ["classic", "compact", "modern"]
    assert f"warning: theme 'broken' cannot be used: {expected}\n" in listed.stderr


def test_themes_lists_the_rest_when_a_local_theme_is_broken(project, runner, monkeypatch):
    make_theme(project / "themes" / "good", 'description = "[red]Fine[/red] theme"\n'
               'extends = "compact"\n')  # fmt: skip
    make_theme(project / "themes" / "bad", "extends = 5\n")
    monkeypatch.chdir(project)
    result = runner.invoke(app, ["themes"])
    assert result.exit_code == 1
    assert names(result.stdout) == ["classic", "compact", "good", "modern"]
    assert "[red]Fine[/red] theme" in result.stdout  # shown as written, not as markup
    assert result.stderr == (
        f"warning: theme 'bad' cannot be used: {project / 'themes' / 'bad' / 'theme.toml'}:1:11: "
        "extends: input should be a valid string, got int 5\n"
    )


RANGE = "theme option 'font_size' must be a number from 8.0 to 12.0, got "


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("font_size=nan", RANGE + "'nan'"),
        ("font_size=inf", RANGE + "'inf'"),
        ("font_size=-inf", RANGE + "'-inf'"),
        ("font_size=1e400", RANGE + "'1e400'"),
        ("font_size=0x10", RANGE + "'0x10'"),
        ("font_size=1_0", RANGE + "'1_0'"),
        ("font_size=" + "9" * 400, "theme option 'font_size' must be at most 100 characters "
                                   "without control characters, got '99999"),
        ("density=1e-400", "theme option 'density' must be a number from 0.5 to 1.5, got '1e-400'"),
        ("accent=#" + "a" * 100_000, "theme option 'accent' must be at most 100 characters "
                                     "without control characters, got '#aaaa"),
        ("accent=red\x1b[2J", "theme option 'accent' must be at most 100 characters without "
                              "control characters, got 'red\\x1b[2J'"),
        ("page_size=a4\x07", "theme option 'page_size' must be at most 100 characters without "
                             "control characters, got 'a4\\x07'"),
    ],
)  # fmt: skip
def test_set_values_that_would_break_the_layout(project, setting, message):
    result = run_cli("render", str(project / "resume.yaml"), "--set", setting, cwd=project)
    assert result.returncode == 1
    assert f"error: --set: {message}" in result.stderr
    assert len(result.stderr) < 1000
    assert not (project / "out").exists()


@pytest.mark.parametrize(
    ("value", "shown"), [("'nan'", "'nan'"), ("'1e400'", "'1e400'"), ("1" + "0" * 99, "1000")]
)
def test_numbers_from_the_resume_that_would_break_the_layout(project, value, shown):
    path = project / "resume.yaml"
    text = path.read_text().replace("  theme: compact\n", "  theme: compact\n  theme_options:\n"
                                    f"    font_size: {value}\n")  # fmt: skip
    path.write_text(text)
    with pytest.raises(ThemeError) as info:
        resumekit.render(resumekit.load(path), output=project / "out")
    assert f"theme option 'font_size' must be a number from 8.0 to 12.0, got {shown}" in str(
        info.value
    )
    assert not (project / "out").exists()


@pytest.mark.parametrize(
    ("value", "shown"), [(float("nan"), "nan"), (float("-inf"), "-inf"), (10**400, "1000")]
)
def test_numbers_from_the_api_that_would_break_the_layout(project, value, shown):
    resume = resumekit.load(project / "resume.yaml")
    with pytest.raises(ThemeError, match=f"must be a number from 8.0 to 12.0, got {shown}"):
        resumekit.render(resume, output=project / "out", options={"font_size": value})


def test_a_theme_with_no_template_in_its_chain_is_refused(project):
    toml = make_theme(project / "themes" / "bare", 'name = "bare"\n') / "theme.toml"
    done = render(project, "--theme", "bare")
    assert done.returncode == 1
    assert (
        f"error: {toml.resolve()}: theme 'bare' has no resume.html.j2 and extends no theme "
        "that has one" in done.stderr
    )
    assert 'hint: add resume.html.j2, or write extends = "compact" in theme.toml' in done.stderr
    assert not (project / "out").exists()


def with_repo_secrets(project: Path) -> Path:
    """What a checkout holds beside the resume: git's config with the CI token, and a .env."""
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text(f"[http]\n\textraheader = {MARKER}\n")
    (project / ".env").write_text(f"TOKEN={MARKER}\n")
    return project


ATTACHING = (
    '<html><head><style>{{ css }}</style><link rel="attachment" href=".git/config">'
    '<link rel="attachment" href=".env"><link rel="stylesheet" href=".env"></head><body>'
    '<h1>{{ resume.name }}</h1><a rel="attachment" href="file:.git/config">cfg</a>'
    '<img src=".git/config"></body></html>'
)


def test_a_theme_cannot_attach_files_from_the_resume_folder(project):
    with_repo_secrets(project)
    make_theme(project / "themes" / "evil", EXTENDS_COMPACT, {"resume.html.j2": ATTACHING})
    result = render(project, "--theme", "evil")
    assert result.returncode == 0, result.stderr
    only = "only files in the theme's folders are read"
    for name in (".git/config", ".env"):
        assert f"warning: refused to read file://{project / name}: {only}\n" in result.stderr
    assert_not_leaked(project, result.stdout, result.stderr)


def test_an_attachment_linking_out_of_the_theme_stops_the_render(project):
    html = '<html><head><link rel="attachment" href="themes/evil/a.txt"></head><body>x</body>'
    folder = make_theme(project / "themes" / "evil", EXTENDS_COMPACT, {"resume.html.j2": html})
    (folder / "a.txt").symlink_to(secret_of(project))
    result = render(project, "--theme", "evil")
    assert result.returncode == 1
    assert (f"error: {folder / 'a.txt'}: refused to read it: its real path {secret_of(project)} "
            "is outside") in result.stderr  # fmt: skip
    assert not (project / "out").exists()


INCLUDING_SECRETS = (
    '<html><body><pre>{% include ".git/config" %}{% include ".env" %}</pre></body></html>'
)


def theme_in_resume_folder(project: Path) -> Path:
    """The resume's folder made a theme: theme.toml and a template that prints .git/config."""
    with_repo_secrets(project)
    (project / "theme.toml").write_text(EXTENDS_COMPACT)
    (project / "resume.html.j2").write_text(INCLUDING_SECRETS)
    return project


@pytest.mark.parametrize(
    ("theme", "args"),
    [
        (".", ()),  # the resume's own folder, relative to the resume, not to the current one
        ("./", ()),
        ("evil2", ()),  # themes/evil2 -> ..
        ("compact", ("--theme", ".")),
        ("compact", ("--theme", "themes/evil2")),
        ("deeper", ()),  # themes/deeper extends the resume's folder
    ],
)
def test_a_theme_folder_holding_the_resume_is_refused(project, theme, args):
    theme_in_resume_folder(project)
    (project / "themes").mkdir()
    (project / "themes" / "evil2").symlink_to("..")
    make_theme(project / "themes" / "deeper", f'extends = "{project}"\n')
    resume = project / "resume.yaml"
    resume.write_text(resume.read_text().replace("theme: compact", f"theme: {theme!r}"))
    cwd = project if args else project.parent  # a --theme path is relative to the current folder
    result = run_cli("render", str(resume), "--format", "pdf,html,txt", "-o",
                     str(project / "out"), *args, cwd=cwd)  # fmt: skip
    assert result.returncode == 1, result.stderr
    refused = (f"theme folder {project.resolve()} holds the resume itself; a theme needs a "
               "folder of its own")  # fmt: skip
    named_by = "" if args else f"{resume}:160:10: resumekit.theme: "  # where the file says it
    assert f"error: {named_by}{refused}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "out").exists()
    assert_not_leaked(project, result.stdout, result.stderr)


def test_a_folder_above_the_resume_is_no_theme_either(tmp_path):
    cv = tmp_path / "repo" / "cv"
    cv.mkdir(parents=True)
    theme_in_resume_folder(tmp_path / "repo")
    (cv / "resume.yaml").write_text("basics: {name: Ada}\nresumekit: {theme: ..}\n")
    result = run_cli("render", str(cv / "resume.yaml"), "-o", str(cv / "out"), cwd=cv)
    assert result.returncode == 1
    assert (f"error: {cv / 'resume.yaml'}:2:20: resumekit.theme: theme folder "
            f"{(tmp_path / 'repo').resolve()} holds the resume") in result.stderr  # fmt: skip


def test_a_theme_path_in_the_resume_is_relative_to_the_resume(project, tmp_path):
    make_theme(project / "mine", 'name = "mine"\nextends = "compact"\n')
    resume = project / "resume.yaml"
    resume.write_text(resume.read_text().replace("theme: compact", "theme: ./mine"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = run_cli("render", str(resume), "--format", "html", "-o", str(elsewhere / "out"),
                   cwd=elsewhere)  # fmt: skip
    assert done.returncode == 0, done.stderr
    given = run_cli("render", str(resume), "--format", "html", "--theme", "./mine", "-o",
                    str(elsewhere / "out"), cwd=elsewhere)  # fmt: skip
    assert given.returncode == 1  # on the command line, relative to the current folder
    assert "error: './mine' is not a theme folder (it has no theme.toml)" in given.stderr


@pytest.mark.parametrize(
    ("template", "name"),
    [
        ('{% include ".git/config" %}', ".git/config"),
        ('{% include "x/.env" %}', "x/.env"),
        ('{% import ".env" as m %}', ".env"),
        ('{% extends ".git/config" %}', ".git/config"),
    ],
)
def test_a_hidden_template_name_is_refused(project, template, name):
    folder = make_theme(project / "themes" / "evil", EXTENDS_COMPACT,
                        {"resume.html.j2": template + "<p>{{ resume.name }}</p>"})  # fmt: skip
    for secret in (".git/config", "x/.env", ".env"):
        (folder / secret).parent.mkdir(exist_ok=True)
        (folder / secret).write_text(MARKER)
    result = render(project, "--theme", "evil")
    assert result.returncode == 1
    assert (f"error: {folder.resolve()}: refused the template '{name}': a template is not "
            "hidden, nor in a hidden folder\n") in result.stderr  # fmt: skip
    assert_not_leaked(project, result.stdout, result.stderr)


@pytest.mark.parametrize(
    ("files", "link", "hidden"),
    [
        ({"style.css": 'h1 { background: url("themes/evil/.cache/bg.png"); }'}, None, ".cache"),
        ({"resume.html.j2": '{% include "part.html" %}'}, "part.html", ".secret"),
        ({"style.css": 'h1 { background: url("themes/evil/bg.png"); }'}, "bg.png", ".secret"),
    ],
    ids=["hidden-asset", "link-to-hidden-template", "link-to-hidden-asset"],
)
def test_hidden_files_in_a_theme_are_not_read(project, files, link, hidden):
    folder = make_theme(project / "themes" / "evil", EXTENDS_COMPACT, files)
    (folder / ".cache").mkdir()
    shutil.copy(ROOT / "tests" / "data" / "pixel.png", folder / ".cache" / "bg.png")
    (folder / ".secret").write_text(MARKER)
    if link:
        (folder / link).symlink_to(".secret")
    result = render(project, "--theme", "evil")
    assert result.returncode == 1, result.stderr
    assert (f"refused to read it: its path has a hidden part ('{hidden}'); files and folders "
            "whose names start with a dot are not read\n") in result.stderr  # fmt: skip
    assert_not_leaked(project, result.stdout, result.stderr)


def test_a_resume_may_itself_be_a_dotfile(project):
    (project / "resume.yaml").rename(project / ".resume.yaml")
    result = run_cli("validate", str(project / ".resume.yaml"), cwd=project)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("where", ["resume", "extends", "--theme"])
def test_a_home_folder_of_no_user_is_a_theme_error(project, where):
    resume = project / "resume.yaml"
    args: tuple[str, ...] = ()
    if where == "resume":
        resume.write_text(resume.read_text().replace("theme: compact", "theme: ~nouser-x1/t"))
    elif where == "extends":
        make_theme(project / "themes" / "evil", 'extends = "~nouser-x1/t"\n')
        args = ("--theme", "evil")
    else:
        args = ("--theme", "~nouser-x1/t")
    result = render(project, *args)
    assert result.returncode == 1
    assert ("'~nouser-x1/t' is not a theme folder: ~nouser-x1 has no home folder\n"
            in result.stderr)  # fmt: skip
    assert "Traceback" not in result.stderr

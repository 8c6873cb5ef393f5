"""`resumekit theme new`: the docs' walk-through run as written, scaffolds that render right
away, and refusals with their exit codes and messages."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from conftest import ROOT, copy_seed
from resumekit.builtin_themes import compact
from resumekit.cli import app
from resumekit.themes import find

#: A fenced block of docs/themes.md: its language, the rest of its info string, its text.
FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```$", re.M | re.S)
RG = re.compile(rb"([\d.]+) ([\d.]+) ([\d.]+) rg")


def walkthrough() -> list[tuple[str, str, str]]:
    """The code blocks of the docs' "A theme of your own" section, in order."""
    docs = (ROOT / "docs" / "themes.md").read_text()
    section = docs.split("\n## A theme of your own\n", 1)[1].split("\n## ", 1)[0]
    return FENCE.findall(section)


def follow(blocks: list[tuple[str, str, str]]) -> None:
    """Do what the blocks say: run each `$ resumekit` line and check its output as shown;
    write each block titled with a file name into that file."""
    for lang, info, text in blocks:
        if lang == "console":
            for command in re.split(r"^\$ ", text, flags=re.M)[1:]:
                line, *shown = command.splitlines()
                result = CliRunner().invoke(app, shlex.split(line)[1:])
                assert result.exit_code == 0, result.output
                assert result.stdout.splitlines() == shown, line
        elif title := re.search(r'title="([^"]+)"', info):
            Path(title[1]).write_text(text)


def pdf_fonts(path: Path) -> set[str]:
    """The embedded fonts' names, without the subset prefix."""
    return {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in pypdf.PdfReader(path).pages
        for font in page["/Resources"]["/Font"].values()
    }


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def fill_colors(path: Path) -> set[tuple[int, int, int]]:
    """Every fill color the pages' content streams set, as 0-255 RGB."""
    streams = b"".join(p.get_contents().get_data() for p in pypdf.PdfReader(path).pages)
    return {tuple(round(float(c) * 255) for c in found) for found in RG.findall(streams)}


@pytest.fixture(scope="module")
def docs_example(tmp_path_factory):
    """A copy of the seed resume with the docs' child theme built and rendered, and compact
    rendered beside it for comparison."""
    project = tmp_path_factory.mktemp("docs-example")
    copy_seed(project)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        follow(walkthrough())
        result = CliRunner().invoke(app, ["render", "--theme", "compact", "-o", "compact"])
        assert result.exit_code == 0, result.output
    return project


def test_docs_show_a_scaffold_an_edit_of_each_file_and_a_render():
    blocks = walkthrough()
    assert [(lang, info.strip()) for lang, info, _ in blocks] == [
        ("console", ""),
        ("toml", 'title="themes/mytheme/theme.toml"'),
        ("css", 'title="themes/mytheme/style.css"'),
        ("console", ""),
    ]
    assert blocks[0][2].startswith("$ resumekit theme new mytheme --extends compact\n")
    assert blocks[3][2].startswith("$ resumekit render --theme mytheme\n")


def test_docs_example_keeps_the_parents_fonts_and_page_count(docs_example):
    child, parent = docs_example / "out" / "resume.pdf", docs_example / "compact" / "resume.pdf"
    assert pdf_fonts(child) == pdf_fonts(parent)
    assert {name.split(",")[0] for name in pdf_fonts(child)} == {"IBM-Plex-Sans-Condensed"}
    assert len(pypdf.PdfReader(child).pages) == len(pypdf.PdfReader(parent).pages)


def test_docs_example_uses_its_accent(docs_example):
    html = (docs_example / "out" / "resume.html").read_text()
    assert "--accent: #6a0dad;" in html
    assert (0x6A, 0x0D, 0xAD) in fill_colors(docs_example / "out" / "resume.pdf")
    assert (0x1F, 0x4E, 0x79) not in fill_colors(docs_example / "out" / "resume.pdf")
    assert (0x1F, 0x4E, 0x79) in fill_colors(docs_example / "compact" / "resume.pdf")


def test_docs_example_changes_the_headings(docs_example):
    html = (docs_example / "out" / "resume.html").read_text()
    own = (docs_example / "themes" / "mytheme" / "style.css").read_text()
    assert html.index((compact / "style.css").read_text()) < html.index(own)  # cascades over
    assert "\nExperience\n" in pdf_text(docs_example / "out" / "resume.pdf")
    assert "\nEXPERIENCE\n" in pdf_text(docs_example / "compact" / "resume.pdf")
    assert "EXPERIENCE" not in pdf_text(docs_example / "out" / "resume.pdf")


def test_themes_lists_the_new_theme(docs_example, monkeypatch):
    monkeypatch.chdir(docs_example)
    result = CliRunner().invoke(app, ["themes"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith("mytheme "))
    assert re.split(r"  +", row) == [
        "mytheme", "Compact in purple, with barred headings.", "project ./themes"]  # fmt: skip


@pytest.fixture
def project(tmp_path, monkeypatch):
    copy_seed(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("args", "files"),
    [
        (["mine", "--extends", "compact"], ["theme.toml", "style.css"]),
        (
            ["mine"],
            [
                "theme.toml",
                "_letter.css.j2",
                "_letter.html.j2",
                "_macros.html.j2",
                "_masthead.html.j2",
                "_site.css.j2",
                "letter.html.j2",
                "resume.html.j2",
                "site.html.j2",
                "style.css",
            ],
        ),
    ],
    ids=["child", "standalone"],
)
def test_a_scaffold_renders_like_compact_right_away(runner, project, args, files):
    result = runner.invoke(app, ["theme", "new", *args])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        *(f"wrote themes/mine/{name}" for name in files),
        "next: resumekit render --theme mine",
    ]
    for name in files:  # each opens with a comment saying what it is for
        assert re.match(rf"(# |/\*\n \* |\{{#\n  ){re.escape(name)} of the theme mine: ", (
            project / "themes" / "mine" / name).read_text()), name  # fmt: skip
    for theme in ("mine", "compact"):
        result = runner.invoke(app, ["render", "--theme", theme, "-f", "pdf", "-o", theme])
        assert result.exit_code == 0, result.output
    assert pdf_text(project / "mine" / "resume.pdf") == pdf_text(project / "compact" / "resume.pdf")
    assert find("mine", project).options == find("compact").options


def test_a_child_scaffold_lists_its_parents_options(runner, project):
    assert runner.invoke(app, ["theme", "new", "mine", "--extends", "classic"]).exit_code == 0
    text = (project / "themes" / "mine" / "theme.toml").read_text()
    assert 'extends = "classic"\n' in text
    assert "#   font (one of IBM Plex Sans Condensed, Fira Sans, IBM Plex Serif, Noto Sans;" in text
    assert "#   font_size (a number from 8 to 12; default 10): Size of body text" in text
    assert "# [options.accent]\n# default = " in text


NAME_RULE = (
    "use 1 to 64 letters, digits, '_', '-' or '.', not starting with '.' or '-', nor ending "
    "with '.'"
)


@pytest.mark.parametrize(
    ("args", "code", "error", "hint"),
    [
        (["my theme"], 2, f"'my theme' is not a theme name: {NAME_RULE}",
         "for example: resumekit theme new mytheme --extends compact"),
        ([".hidden"], 2, f"'.hidden' is not a theme name: {NAME_RULE}", None),
        (["../up"], 2, f"'../up' is not a theme name: {NAME_RULE}", None),
        (["x" * 65], 2, f"'{'x' * 56}... is not a theme name: {NAME_RULE}", None),
        (["bell\a"], 2, f"'bell\\x07' is not a theme name: {NAME_RULE}", None),
        (["mine", "--extends", "nope"], 1, "--extends: unknown theme 'nope'",
         "available themes: classic, compact, modern"),
        (["mine", "--extends", "./themes/compact"], 2,
         f"'./themes/compact' is not a theme name for --extends: {NAME_RULE}", None),
        (["mine", "--extends", "mine"], 2, "theme 'mine' cannot extend itself", None),
        (["modern"], 2, "'modern' is the name of an installed theme; ./themes/modern would take "
         "its place, also for every theme that extends it", "choose another name"),
    ],
)  # fmt: skip
def test_refused_with_a_clear_message(runner, project, args, code, error, hint):
    result = runner.invoke(app, ["theme", "new", *args])
    assert result.exit_code == code
    lines = result.stderr.splitlines()
    assert lines[0] == f"error: {error}"
    if hint:
        assert lines[1].startswith(f"hint: {hint}")
    assert not (project / "themes").exists()


def test_an_existing_folder_is_kept_unless_force(runner, project):
    folder = project / "themes" / "mine"
    folder.mkdir(parents=True)
    (folder / "theme.toml").write_text('name = "mine"\n')
    (folder / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["theme", "new", "mine", "--extends", "compact"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: themes/mine exists",
        "hint: pass --force to overwrite its files",
    ]
    assert (folder / "theme.toml").read_text() == 'name = "mine"\n'
    result = runner.invoke(app, ["theme", "new", "mine", "--extends", "compact", "--force"])
    assert result.exit_code == 0, result.output
    assert 'extends = "compact"' in (folder / "theme.toml").read_text()
    assert (folder / "notes.txt").read_text() == "mine"


def test_a_broken_parent_is_reported_at_its_line(runner, project):
    broken = project / "themes" / "broken"
    broken.mkdir(parents=True)
    (broken / "theme.toml").write_text('extends = "compact"\nname = 3\n')
    result = runner.invoke(app, ["theme", "new", "mine", "--extends", "broken"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"error: {broken / 'theme.toml'}:2:8: name: input should be a valid string, got int 3"
    )
    assert not (project / "themes" / "mine").exists()


def test_a_themes_link_is_not_written_through(runner, project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (project / "themes").symlink_to(elsewhere)
    result = runner.invoke(app, ["theme", "new", "mine", "--extends", "compact"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: themes is a symbolic link (to {elsewhere})")
    assert list(elsewhere.iterdir()) == []

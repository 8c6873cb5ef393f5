"""Theme discovery (path, ./themes, entry points), options, extends and template errors."""

from __future__ import annotations

import shutil
import textwrap
import tomllib
from pathlib import Path

import pypdf
import pytest

import resumekit
from conftest import ROOT, SEED, copy_seed
from resumekit import themes
from resumekit.builtin_themes import NAMES
from resumekit.cli import app
from resumekit.errors import ThemeError


def make_theme(folder: Path, toml: str, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    (folder / "theme.toml").write_text(textwrap.dedent(toml))
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text))
    return folder


@pytest.fixture
def project(tmp_path):
    """A resume in its own folder, as a user keeps it."""
    copy_seed(tmp_path)
    return tmp_path


def install_fake_package(site: Path, dist: str, theme_name: str, package: str) -> None:
    """A real installed distribution on sys.path whose entry point names a theme folder."""
    shutil.copytree(ROOT / "themes" / "classic", site / package)
    (site / package / "__init__.py").write_text("")
    info = site / f"{dist.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[resumekit.themes]\n{theme_name} = {package}\n")


def test_builtins_are_listed_with_their_origin(runner):
    result = runner.invoke(app, ["themes"])
    assert result.exit_code == 0
    for name in ("compact", "classic", "modern"):
        line = next(row for row in result.stdout.splitlines() if row.startswith(name))
        assert line.rstrip().endswith("built-in")
    assert "Two columns" in result.stdout


def test_third_party_entry_point_theme_renders(tmp_path, monkeypatch, runner, project):
    site = tmp_path / "site"
    site.mkdir()
    install_fake_package(site, "resumekit-theme-fancy", "fancy", "fancy_theme")
    monkeypatch.syspath_prepend(str(site))
    listed = runner.invoke(app, ["themes"])
    assert "fancy" in listed.stdout and "package resumekit-theme-fancy" in listed.stdout
    result = runner.invoke(
        app, ["render", str(project / "resume.yaml"), "--theme", "fancy", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "Senthilkumar Gopal" in pypdf.PdfReader(tmp_path / "resume.pdf").pages[0].extract_text()


def test_a_builtin_is_found_without_reading_entry_points(monkeypatch):
    """Reading every package's entry points costs a validate about 10 ms; no package may take
    a built-in's name, so a built-in is found without them, as its entry point would find it."""
    registered = {ep.name: ep.load() for ep in themes.installed() if ep.name in NAMES}
    assert set(registered) == set(NAMES)
    monkeypatch.setattr(themes, "installed", lambda: pytest.fail("entry points were read"))
    for name in NAMES:
        found = themes.find(name)
        assert (found.path, found.origin) == (registered[name].resolve(), "built-in")


def test_the_builtins_named_are_those_pyproject_registers():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    registered = pyproject["project"]["entry-points"]["resumekit.themes"]
    assert registered == {name: f"resumekit.builtin_themes:{name}" for name in NAMES}


def test_a_package_installed_while_running_is_found(tmp_path, monkeypatch):
    """Entry points are read once per run, and again once a folder on sys.path changes (a
    long-running `watch` sees a theme package installed meanwhile)."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    with pytest.raises(ThemeError, match="unknown theme 'later'"):
        themes.find("later")
    install_fake_package(site, "resumekit-theme-later", "later", "later_theme")
    assert themes.find("later").origin == "package resumekit-theme-later"


def test_third_party_cannot_take_a_builtin_name(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    install_fake_package(site, "evil-theme", "compact", "evil_theme")
    monkeypatch.syspath_prepend(str(site))
    assert themes.find("compact").origin == "built-in"
    assert themes.find("compact").path.name == "compact"


def test_a_package_claiming_a_builtin_name_is_reported_not_ignored(tmp_path, monkeypatch, runner):
    site = tmp_path / "site"
    site.mkdir()
    install_fake_package(site, "evil-theme", "compact", "evil_theme")
    monkeypatch.syspath_prepend(str(site))
    result = runner.invoke(app, ["themes"])
    assert result.exit_code == 1
    assert (
        "warning: theme 'compact (package evil-theme)' cannot be used: package evil-theme "
        "registers a theme named 'compact', the name of a built-in theme; the built-in is used"
    ) in result.stderr.replace("\n", " ")
    assert any(line.startswith("compact ") for line in result.stdout.splitlines())


def test_project_theme_extends_a_builtin_and_overrides_css(project, tmp_path):
    make_theme(
        project / "themes" / "mine",
        """\
        name = "mine"
        description = "Compact in purple."
        extends = "compact"

        [options.accent]
        default = "#6a0dad"
        """,
        {"style.css": "h2 { color: var(--accent); } .mine-marker { }"},
    )
    resume = resumekit.load(project / "resume.yaml")
    theme = themes.find("mine", project)
    assert theme.origin == "project ./themes"
    assert theme.options["accent"].default == "#6a0dad"
    assert theme.options["page_size"].choices == ("letter", "a4")  # inherited
    result = resumekit.render(resume, theme="mine", output=tmp_path / "out")
    page = result.outputs["html"].read_text()
    assert ".mine-marker" in page and "--accent: #6a0dad" in page
    assert '<h2 dir="auto">Experience</h2>' in page  # compact's templates


def pdf_fonts(path: Path) -> set[str]:
    """Embedded font names without their subset prefix (ABCDEF+IBMPlexSans...)."""
    names = set()
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_child_stylesheet_cascades_over_its_parents(project, tmp_path):
    """A one-rule child keeps its parent's look: fonts, page count, every parent rule."""
    make_theme(
        project / "themes" / "tweak",
        'name = "tweak"\nextends = "classic"\n',
        {"style.css": "h2 { letter-spacing: 0.2em; } /* tweak-marker */"},
    )
    resume = resumekit.load(project / "resume.yaml")
    parent = resumekit.render(resume, theme="classic", output=tmp_path / "classic")
    child = resumekit.render(resume, theme="tweak", output=tmp_path / "tweak")
    assert pdf_fonts(child.outputs["pdf"]) == pdf_fonts(parent.outputs["pdf"])
    assert child.pages == parent.pages
    page = child.outputs["html"].read_text()
    order = [page.index(m) for m in ("/* compact:", "/* classic:", "tweak-marker")]
    assert order == sorted(order)  # the furthest parent first, the child last


def test_theme_by_path(project, tmp_path):
    result = resumekit.render(
        resumekit.load(project / "resume.yaml"),
        theme=str(ROOT / "themes" / "classic"),
        formats=["html"],
        output=tmp_path,
    )
    assert result.theme.origin.startswith("path ")


def test_unknown_theme_lists_the_choices(runner, project):
    result = runner.invoke(app, ["render", str(project / "resume.yaml"), "--theme", "fancy"])
    assert result.exit_code == 1
    assert "error: unknown theme 'fancy'" in result.stderr
    assert "hint: available themes: classic, compact, modern" in result.stderr


def test_a_path_that_is_not_a_theme(runner, project):
    result = runner.invoke(app, ["render", str(project / "resume.yaml"), "--theme", "../../etc"])
    assert result.exit_code == 1
    assert "error: '../../etc' is not a theme folder (it has no theme.toml)" in result.stderr


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("accent=red;} body{display:none", "theme option 'accent' must be a CSS color"),
        ("page_size=a5", "theme option 'page_size' must be one of: letter, a4"),
        ("font_size=huge", "theme option 'font_size' must be a number"),
        ("font_size=40", "theme option 'font_size' must be a number from 8.0 to 12.0"),
        ("colour=red", "theme 'compact' has no option 'colour'"),
        ("accent", "--set 'accent': expected key=value"),
    ],
)
def test_bad_options_are_refused(runner, project, setting, message):
    result = runner.invoke(app, ["render", str(project / "resume.yaml"), "--set", setting])
    assert result.exit_code in (1, 2)
    assert message in result.stderr
    assert not (project / "out").exists()


def test_options_from_the_resume_and_the_command_line(project, tmp_path):
    path = project / "resume.yaml"
    path.write_text(
        path.read_text().replace(
            "  theme: compact\n",
            "  theme: compact\n  theme_options:\n    accent: '#8a2be2'\n    page_size: a4\n",
        )
    )
    resume = resumekit.load(path)
    result = resumekit.render(resume, output=tmp_path, options={"font_size": "9"})
    page = result.outputs["html"].read_text()
    assert "--accent: #8a2be2" in page and "--font-size: 9.00pt" in page
    box = pypdf.PdfReader(result.outputs["pdf"]).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        # a syntax error names the template file and its line
        ("<html>\n<body>\n{% if resume.name %}\n</body>\n",
         ["resume.html.j2:4: template syntax error: Unexpected end of template"]),
        # the sandbox stops a template reaching Python internals
        ("<p>{{ ''.__class__.__mro__[1].__subclasses__() }}</p>\n",
         ["resume.html.j2:1: template error", "unsafe"]),
        # a misspelt field is an error, not a blank
        ("<p>\n{{ resume.nmae }}</p>\n", ["resume.html.j2:2: template error", "nmae"]),
    ],
    ids=["syntax", "sandbox", "undefined"],
)  # fmt: skip
def test_template_problems_name_file_and_line(project, tmp_path, template, expected):
    folder = make_theme(project / "themes" / "bad", 'name = "bad"\nextends = "compact"\n',
                        {"resume.html.j2": template})  # fmt: skip
    with pytest.raises(ThemeError) as info:
        resumekit.render(resumekit.load(project / "resume.yaml"), theme="bad", output=tmp_path)
    assert info.value.message.startswith(str(folder / "resume.html.j2"))
    for part in expected:
        assert part in info.value.message


def test_a_child_changing_an_option_its_parent_lacks_gets_a_did_you_mean(project):
    make_theme(
        project / "themes" / "mine",
        'name = "mine"\nextends = "compact"\n\n[options.acent]\ndefault = "#6a0dad"\n',
        {},
    )
    toml = project / "themes" / "mine" / "theme.toml"
    resume = resumekit.load(project / "resume.yaml")
    with pytest.raises(ThemeError) as caught:
        resumekit.render(resume, theme="mine", formats=["html"], output=project / "out")
    assert (
        f"{toml}:4:1: options.acent: theme 'compact' has no option 'acent' to change; did you "
        "mean 'accent'? (an option of this theme's own needs a type)"
    ) in str(caught.value)


def test_a_child_overrides_a_block_of_its_parents_page(project, tmp_path):
    """`compact/resume.html.j2` names the parent's own page, even from a page of that name."""
    make_theme(
        project / "themes" / "mine",
        'name = "mine"\nextends = "classic"\n',
        {
            "resume.html.j2": '{% extends "compact/resume.html.j2" %}'
            '{% block masthead %}<h1 class="mine">{{ resume.name }}</h1>{% endblock %}',
        },
    )
    resume = resumekit.load(project / "resume.yaml")
    page = resumekit.render(resume, theme="mine", formats=["html"], output=tmp_path).outputs
    html = page["html"].read_text()
    assert '<h1 class="mine">Senthilkumar Gopal</h1>' in html
    assert '<header class="masthead">' not in html  # the block was replaced
    assert '<div class="line">' in html  # classic's macros still lay out the entries


@pytest.mark.parametrize(
    ("given", "written"),
    [("navy", "#000080"), ("rgb(31, 78, 121)", "#1f4e79"), ("#ABC", "#aabbcc"),
     ("rgba(0, 0, 0, 0.5)", "rgba(0, 0, 0, 0.5)"), ("hsl(210, 60%, 30%)", "#1f4c7a")],
)  # fmt: skip
def test_every_css_color_is_written_back_in_one_form(tmp_path, given, written):
    """tinycss2 reads the color; the stylesheet gets only what resumekit writes."""
    resume = resumekit.load(SEED)
    result = resumekit.render(resume, formats=["html"], output=tmp_path, options={"accent": given})
    assert f"--accent: {written};" in result.outputs["html"].read_text()


def test_a_theme_named_like_a_theme_it_extends_is_refused(project, tmp_path):
    """`compact/…` must name one theme of the chain: a child named compact would make it
    point at itself for the child and at the child for a grandchild."""
    toml = 'name = "compact"\nextends = "compact"\n'
    make_theme(project / "themes" / "mine", toml, {"resume.html.j2": "x"})
    resume = resumekit.load(project / "resume.yaml")
    with pytest.raises(ThemeError) as caught:
        resumekit.render(resume, theme=str(project / "themes" / "mine"), formats=["html"],
                         output=tmp_path)  # fmt: skip
    where = project / "themes" / "mine" / "theme.toml"
    assert (f"{where}:1:8: name: 'compact' is the name of a theme it extends; give this theme "
            "a name of its own") in str(caught.value)  # fmt: skip


def test_a_theme_reaches_its_own_files_by_its_own_name_too(project, tmp_path):
    make_theme(
        project / "themes" / "own",
        'name = "own"\nextends = "compact"\n',
        {
            "part.html.j2": "<p>PART</p>",
            "resume.html.j2": '{% extends "compact/resume.html.j2" %}'
            '{% block masthead %}{% include "own/part.html.j2" %}{% endblock %}',
        },
    )
    resume = resumekit.load(project / "resume.yaml")
    result = resumekit.render(resume, theme="own", formats=["html"], output=tmp_path)
    assert "<p>PART</p>" in result.outputs["html"].read_text()


def test_a_folder_named_like_a_theme_of_the_chain_is_still_a_folder(project, tmp_path):
    make_theme(
        project / "themes" / "sub",
        'name = "sub"\nextends = "compact"\n',
        {"resume.html.j2": '{% include "compact/part.html.j2" %}'},
    )
    (project / "themes" / "sub" / "compact").mkdir()
    (project / "themes" / "sub" / "compact" / "part.html.j2").write_text("<p>PART</p>")
    resume = resumekit.load(project / "resume.yaml")
    result = resumekit.render(resume, theme="sub", formats=["html"], output=tmp_path)
    assert "<p>PART</p>" in result.outputs["html"].read_text()

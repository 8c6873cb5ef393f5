"""Names are matched whole (a trailing newline is not a name), `theme new` refuses an installed
theme's name in any letter case, and writes only into real folders, saying so in its own words."""

from __future__ import annotations

import pytest

from conftest import copy_seed
from resumekit.cli import app

NAME_RULE = (
    "use 1 to 64 letters, digits, '_', '-' or '.', not starting with '.' or '-', nor ending "
    "with '.'"
)
IDENTIFIER = (
    "must be 1 to 64 letters, digits, '_', '-' or '.', not starting with . or - nor ending with ."
)
LINK_HINT = "hint: replace the link with a real folder or file"


@pytest.fixture
def project(tmp_path, monkeypatch):
    copy_seed(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def tree(folder) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def theme(project, folder: str, toml: str) -> None:
    (project / "themes" / folder).mkdir(parents=True)
    (project / "themes" / folder / "theme.toml").write_text(toml)


# 1. Every name validator with a trailing newline.


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["mine\n"], "'mine\\n'"),
        (["mine\n", "--extends", "compact"], "'mine\\n'"),
        (["classic."], "'classic.'"),  # Windows drops the dot: it would be themes/classic
        (["mine.", "--extends", "compact"], "'mine.'"),
    ],
)
def test_theme_new_refuses_a_name_ending_in_a_newline_or_a_dot(runner, project, args, shown):
    result = runner.invoke(app, ["theme", "new", *args])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {shown} is not a theme name: {NAME_RULE}",
        "hint: for example: resumekit theme new mytheme --extends compact",
    ]
    assert tree(project) == ["about.md", "resume.yaml"]


def test_theme_new_refuses_an_extends_ending_in_a_newline(runner, project):
    result = runner.invoke(app, ["theme", "new", "mine", "--extends", "compact\n"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"error: 'compact\\n' is not a theme name for --extends: {NAME_RULE}"
    )
    assert tree(project) == ["about.md", "resume.yaml"]


@pytest.mark.parametrize(
    ("toml", "where"),
    [
        ('name = "a\\n"\nextends = "compact"\n', ":1:8: name"),
        ('extends = "compact"\n[options."size\\n"]\ntype = "number"\ndefault = 1\n'
         'description = "x"\n', ": options.size\\n"),
    ],
    ids=["theme name", "option name"],
)  # fmt: skip
def test_a_theme_toml_name_ending_in_a_newline_is_invalid(runner, project, toml, where):
    theme(project, "a", toml)
    result = runner.invoke(app, ["render", "-f", "html", "--theme", "a"])
    assert result.exit_code == 1
    toml_path = project / "themes" / "a" / "theme.toml"
    assert result.stderr.splitlines() == [
        f"error: {toml_path}{where}: {IDENTIFIER}",
        "hint: 1 problem found in the theme; fix it and run again.",
    ]
    assert not (project / "out").exists()


def test_a_colour_ending_in_a_newline_is_invalid(runner, project):
    theme(project, "a", 'extends = "compact"\n[options.accent]\ndefault = "#123456\\n"\n')
    result = runner.invoke(app, ["render", "-f", "html", "--theme", "a"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"error: {project / 'themes' / 'a' / 'theme.toml'}:3:11: options.accent.default: must "
        "be at most 100 characters without control characters, got '#123456\\n'"
    )


def test_a_themes_folder_named_with_a_newline_is_not_listed(runner, project):
    theme(project, "mine\n", 'extends = "compact"\n')
    theme(project, "mine", 'extends = "compact"\n')
    result = runner.invoke(app, ["themes"])
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.stdout.splitlines()[1:]] == [
        "classic", "compact", "mine", "modern"]  # fmt: skip


def test_resume_names_ending_in_a_newline_are_invalid(runner, project, write):
    write(
        "v.yaml",
        'basics:\n  name: Ada\nresumekit:\n  variants:\n    "ml\\n":\n      tags: [ml]\n'
        '    ok:\n      output: "ml.pdf\\n"\n',
    )
    result = runner.invoke(app, ["validate", "v.yaml"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: v.yaml:5:5: resumekit.variants.ml\\n: variant name 'ml\\n' must be a simple "
        "name such as ml-inference (letters, digits, - and _)",
        "error: v.yaml:8:15: resumekit.variants.ok.output: output 'ml.pdf\\n' must not contain "
        "control or invisible characters",
        "hint: 2 problems found; fix them and run again.",
    ]


def test_a_locale_ending_in_a_newline_is_unknown(runner, project):
    result = runner.invoke(app, ["render", "-f", "html", "--locale", "de\n"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: unknown locale 'de\\n': a language tag is ASCII letters and digits joined by - "
        "or _, such as de-CH"
    ]
    assert not (project / "out").exists()


# 2. An installed theme's name in any letter case; a folder differing only in case.


@pytest.mark.parametrize(("name", "installed"), [("Compact", "compact"), ("MODERN", "modern")])
def test_an_installed_themes_name_in_other_case_is_refused(runner, project, name, installed):
    result = runner.invoke(app, ["theme", "new", name, "--extends", "classic"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: '{name}' is the name of an installed theme ('{installed}', in other letter "
        f"case); ./themes/{name} would take its place, also for every theme that extends it",
        "hint: choose another name",
    ]
    assert tree(project) == ["about.md", "resume.yaml"]


def test_a_themes_folder_differing_only_in_case_is_refused(runner, project):
    theme(project, "mine", 'extends = "compact"\n')
    result = runner.invoke(app, ["theme", "new", "Mine", "--force"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: themes/mine exists, and differs from 'Mine' only in letter case; on macOS and "
        "Windows they are one folder",
        "hint: choose another name, or use mine",
    ]
    assert tree(project / "themes") == ["mine", "mine/theme.toml"]


# 3. Links: theme new's own message, nothing written through them.


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_themes_link_gets_theme_news_own_message(runner, project, tmp_path_factory, force):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (project / "themes").symlink_to(elsewhere)
    result = runner.invoke(app, ["theme", "new", "mine", *force])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: themes is a symbolic link (to {elsewhere}); theme new writes only into real "
        "folders",
        LINK_HINT,
    ]
    assert list(elsewhere.iterdir()) == []


def test_a_theme_folder_link_gets_theme_news_own_message(runner, project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (project / "themes").mkdir()
    (project / "themes" / "mine").symlink_to(elsewhere)
    result = runner.invoke(app, ["theme", "new", "mine", "--force"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: themes/mine is a symbolic link (to {elsewhere}); theme new writes only into "
        "real folders",
        LINK_HINT,
    ]
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("inside", ["style.css", "notes.txt", "assets/deeper/logo.svg"])
def test_a_link_inside_the_theme_folder_gets_theme_news_own_message(
    runner, project, tmp_path_factory, inside
):
    target = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    target.write_text("secret")
    link = project / "themes" / "mine" / inside
    link.parent.mkdir(parents=True)
    link.symlink_to(target)
    result = runner.invoke(app, ["theme", "new", "mine", "--extends", "compact", "--force"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: themes/mine/{inside} is a symbolic link (to {target}); theme new writes only "
        "into real folders",
        LINK_HINT,
    ]
    assert target.read_text() == "secret"
    assert not (project / "themes" / "mine" / "theme.toml").exists()


def test_a_crowded_theme_folder_gets_theme_news_own_message(runner, project):
    """Past the walk's bound the write boundary refuses; theme new says it in its own words."""
    crowded = project / "themes" / "big"
    crowded.mkdir(parents=True)
    for index in range(10_001):
        (crowded / f"f{index}").touch()
    result = runner.invoke(app, ["theme", "new", "big", "--force"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "error: themes/big holds more than 10,000 files; theme new writes into a folder of a "
        "theme's few files"
    )

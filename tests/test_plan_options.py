"""One plan, all its problems at once: theme options through a pydantic model built from
theme.toml, neutral values for the options resumekit reads itself, and validate making the
same plan as render."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import resumekit
from conftest import SEED
from resumekit import fonts, themes
from resumekit.cli import app
from resumekit.errors import InvalidOptions, InvalidResume
from resumekit.plan import make_plan
from resumekit.theme_config import NEUTRAL, RESERVED
from test_validate_gate import HEAD, errors

LOCALE_HINT = "use a language tag such as en, ar, de, es, fr, it, ja, ko, nl, pt, ta, zh or zh-Hant"


def write_resume(folder: Path, settings: str) -> str:
    """A resume whose ``resumekit:`` block is ``settings`` (it starts on line 7)."""
    path = folder / "resume.yaml"
    path.write_text(HEAD + textwrap.indent(textwrap.dedent(settings), "  "))
    return str(path)


def write_theme(folder: Path, toml: str, template: str = "") -> Path:
    folder.mkdir(parents=True)
    (folder / "theme.toml").write_text(textwrap.dedent(toml))
    if template:
        (folder / "resume.html.j2").write_text(template)
    return folder


def test_a_variant_with_an_unknown_option_and_locale_gets_both_from_render_and_validate(
    runner, tmp_path
):
    path = write_resume(tmp_path, """\
        variants:
          de:
            locale: de-XX
            theme_options: {acent: red}
        """)  # fmt: skip
    expected = [
        f"error: {path}:9:15: resumekit.variants.de.locale: unknown locale 'de-XX'; {LOCALE_HINT}",
        f"error: {path}:10:23: resumekit.variants.de.theme_options.acent: theme 'compact' has "
        "no option 'acent'; did you mean 'accent'?",
    ]
    out = ["-f", "html", "-o", str(tmp_path / "out")]
    for args in (["render", path, "--variant", "de", *out], ["render", path, "--all-variants",
                 *out], ["validate", path]):  # fmt: skip
        result = runner.invoke(app, args)
        assert (result.exit_code, errors(result.stderr)) == (1, expected), args
        assert "hint: 2 problems found; fix them and run again." in result.stderr
    assert not (tmp_path / "out").exists()


def test_render_names_an_unusable_theme_and_locale_of_the_file_together(runner, tmp_path):
    path = write_resume(tmp_path, "theme: fancy\nlocale: klingon\n")
    result = runner.invoke(app, ["render", path, "-f", "html", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert errors(result.stderr) == [
        f"error: {path}:7:10: resumekit.theme: unknown theme 'fancy'; available themes: "
        "classic, compact, modern",
        f"error: {path}:8:11: resumekit.locale: unknown locale 'klingon'; {LOCALE_HINT}",
    ]


def test_command_line_problems_come_with_the_files_and_after_them(runner, tmp_path):
    path = write_resume(tmp_path, "theme_options: {font_size: huge}\n")
    args = ["render", path, "-f", "html", "-o", str(tmp_path / "out"), "--locale", "xx-nope",
            "--set", "density=9"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert errors(result.stderr) == [
        f"error: {path}:7:30: resumekit.theme_options.font_size: theme option 'font_size' must "
        "be a number from 8.0 to 12.0, got 'huge'",
        "error: --set: theme option 'density' must be a number from 0.5 to 1.5, got '9'",
        f"error: --locale: unknown locale 'xx-nope'; {LOCALE_HINT}",
    ]
    assert "hint: 3 problems found; fix them and run again." in result.stderr


def test_a_single_problem_keeps_its_own_error():
    resume = resumekit.load(SEED)
    with pytest.raises(InvalidOptions) as info:
        make_plan(resume, options={"font_size": "99"})
    assert info.value.message == (
        "--set: theme option 'font_size' must be a number from 8.0 to 12.0, got '99'"
    )
    with pytest.raises(InvalidResume):
        make_plan(resume, theme="nope", locale="xx-nope")


@pytest.mark.parametrize("name", ["json", "model_config", "copy", "schema", "a-b", "f.x"])
def test_an_option_may_have_any_name_a_theme_may_give(tmp_path, name):
    folder = write_theme(tmp_path / "odd", f"""\
        name = "odd"
        extends = "compact"
        [options."{name}"]
        type = "boolean"
        default = false
        """)  # fmt: skip
    theme = themes.find(str(folder))
    values = theme.resolve_options(("--set", {name: "yes"}), ("--set", {"density": "0.7"}))
    assert (values[name], values["density"], values["font_size"]) == (True, 0.7, 9.5)
    with pytest.raises(InvalidOptions) as info:
        theme.resolve_options(("--set", {"option_0": "1", name: "maybe"}))
    assert info.value.message.splitlines() == [
        "--set: theme 'odd' has no option 'option_0'; its options are: "
        + ", ".join(sorted(["accent", "density", "font", "font_size", "page_size", name])),
        f"--set: theme option '{name}' must be true or false, got 'maybe'",
    ]


def test_each_layer_sets_only_what_it_gives(tmp_path):
    path = write_resume(tmp_path, """\
        theme_options: {font_size: 11, accent: navy}
        variants:
          v: {theme_options: {density: 0.8}}
        """)  # fmt: skip
    plan = make_plan(resumekit.load(Path(path)), options={"accent": "red"}, variant="v")
    assert plan.options == {"accent": "#ff0000", "font": "IBM Plex Sans Condensed",
                            "page_size": "letter", "font_size": 11.0, "density": 0.8}  # fmt: skip


def test_a_theme_without_options_renders_with_the_neutral_values(tmp_path):
    folder = write_theme(tmp_path / "themes" / "plain", 'name = "plain"\n',
                         "<style>{{ css }}</style><h1>{{ resume.name }}</h1>")  # fmt: skip
    resume = resumekit.load(SEED)
    assert make_plan(resume, theme=str(folder)).options == NEUTRAL
    result = resumekit.render(resume, theme=str(folder), formats=["html"], output=tmp_path / "o")
    page = result.outputs["html"].read_text()
    assert "@page { size: letter; }" in page and "--accent" not in page
    assert "--font-size: 10.00pt; --line-height: 1.250;" in page
    assert f'font-family: "{fonts.TEXT_FAMILIES[0]}"' in page


def test_the_neutral_values_are_every_reserved_option_but_the_accent():
    assert set(NEUTRAL) == set(RESERVED) - {"accent"}


def test_validate_names_an_unreadable_theme_beside_its_option_problems(runner, tmp_path):
    folder = write_theme(tmp_path / "themes" / "mine", 'name = "mine"\nextends = "compact"\n')
    (tmp_path / "secret.txt").write_text("TOKEN")
    (folder / "style.css").symlink_to(tmp_path / "secret.txt")
    path = write_resume(tmp_path, "theme: mine\ntheme_options: {density: 7}\n")
    result = runner.invoke(app, ["validate", path])
    assert result.exit_code == 1
    found = errors(result.stderr)
    assert [line.split(": ")[1] for line in found] == [f"{path}:7:10", f"{path}:8:28"]
    assert "must be a number from 0.5 to 1.5, got 7" in found[1]
    assert "TOKEN" not in result.output


def test_a_theme_may_offer_only_the_paper_sizes_resumekit_prints_on(tmp_path, runner):
    """A page_size choice resumekit has no @page size for (a5) would print on letter paper
    without a word: theme.toml says so where it offers it."""
    theme = tmp_path / "themes" / "mine"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text(
        'extends = "compact"\n\n[options.page_size]\ntype = "choice"\n'
        'choices = ["letter", "a5"]\ndefault = "letter"\n'
    )
    resume = tmp_path / "resume.yaml"
    resume.write_text("resumekit: {theme: mine}\nbasics: {name: Ada}\n")
    result = runner.invoke(app, ["validate", str(resume)])
    assert result.exit_code == 1
    expected = "options.page_size.choices: 'a5' is no paper size resumekit prints on; use letter"
    assert expected + " or a4" in result.stderr

"""`resumekit validate` is the whole gate: what render would refuse fails there, at its place.

Themes, theme options and locales of the file and of each variant, every problem at once;
a variant whose tags match nothing is a warning. Render places option problems alike.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from resumekit.cli import app

HEAD = "basics:\n  name: Ada\nwork:\n  - name: Acme\n    tags: [ml]\nresumekit:\n"  # 6 lines
MINE = """\
name = "mine"
extends = "compact"
[options.corner]
type = "number"
default = 1
min = 0
max = 4
"""


@pytest.fixture
def resume(tmp_path):
    """Write a resume whose ``resumekit:`` block is ``settings`` (it starts on line 7)."""

    def _resume(settings: str) -> str:
        path = tmp_path / "resume.yaml"
        path.write_text(HEAD + textwrap.indent(textwrap.dedent(settings), "  "))
        return str(path)

    return _resume


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("error:", "warning:"))]


def test_unknown_and_broken_themes_of_the_file_and_each_variant(runner, resume, tmp_path):
    (tmp_path / "themes" / "bad").mkdir(parents=True)
    (tmp_path / "themes" / "bad" / "theme.toml").write_text("name = 'bad'\nextends = 5\n")
    path = resume("""\
        theme: fancy
        variants:
          a: {theme: ./nowhere}
          b: {theme: bad}
          c: {theme: classic}
        """)
    result = runner.invoke(app, ["validate", path])
    assert result.exit_code == 1
    toml = tmp_path / "themes" / "bad" / "theme.toml"
    assert errors(result.stderr) == [
        f"error: {path}:7:10: resumekit.theme: unknown theme 'fancy'; available themes: bad, "
        "classic, compact, modern",
        f"error: {path}:9:16: resumekit.variants.a.theme: './nowhere' is not a theme folder (it "
        "has no theme.toml); give a theme name (see `resumekit themes`) or a folder with "
        "theme.toml",
        f"error: {path}:10:16: resumekit.variants.b.theme: theme cannot be used: {toml}:2:11: "
        "extends: input should be a valid string, got int 5",
    ]
    assert "hint: 3 problems found; fix them and run again." in result.stderr
    assert "OK" not in result.stdout


def test_options_are_checked_against_the_theme_each_part_uses(runner, resume, tmp_path):
    (tmp_path / "themes" / "mine").mkdir(parents=True)
    (tmp_path / "themes" / "mine" / "theme.toml").write_text(MINE)
    path = resume("""\
        theme: mine
        theme_options: {corner: 2, acent: red, font_size: huge}
        variants:
          plain:
            theme: compact
          round:
            theme_options: {corner: 9}
          print:
            theme: classic
            theme_options: {page_size: a5, accent: "#12"}
        """)
    result = runner.invoke(app, ["validate", path])
    assert result.exit_code == 1
    # `plain` leaves out `corner` (meant for mine, which compact lacks), as render does
    assert errors(result.stderr) == [
        f"error: {path}:8:30: resumekit.theme_options.acent: theme 'mine' has no option "
        "'acent'; did you mean 'accent'?",
        f"error: {path}:8:53: resumekit.theme_options.font_size: theme option 'font_size' must "
        "be a number from 8.0 to 12.0, got 'huge'",
        f"error: {path}:13:31: resumekit.variants.round.theme_options.corner: theme option "
        "'corner' must be a number from 0.0 to 4.0, got 9",
        f"error: {path}:16:34: resumekit.variants.print.theme_options.page_size: theme option "
        "'page_size' must be one of: letter, a4, got 'a5'",
        f"error: {path}:16:46: resumekit.variants.print.theme_options.accent: theme option "
        "'accent' must be a CSS color such as #1f4e79, navy or rgb(31, 78, 121), got '#12'",
    ]


def test_unknown_locales_of_the_file_and_a_variant(runner, resume):
    path = resume("""\
        locale: xx-qq
        variants:
          swiss: {locale: de-CH}
          taiwan: {locale: zh-TW}
          nowhere: {locale: de-XX}
        """)
    result = runner.invoke(app, ["validate", path])
    assert result.exit_code == 1
    hint = "use a language tag such as en, ar, de, es, fr, it, ja, ko, nl, pt, ta, zh or zh-Hant"
    assert errors(result.stderr) == [
        f"error: {path}:7:11: resumekit.locale: unknown locale 'xx-qq'; {hint}",
        f"error: {path}:11:23: resumekit.variants.nowhere.locale: unknown locale 'de-XX'; {hint}",
    ]


def test_variant_tags_that_match_nothing_are_warnings(runner, resume):
    path = resume("""\
        variants:
          ml: {tags: [ml, mll], exclude_tags: [dta]}
        """)
    result = runner.invoke(app, ["validate", path])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"OK {path}"
    assert errors(result.stderr) == [
        f"warning: {path}:8:21: resumekit.variants.ml.tags[1]: no entry or highlight is tagged "
        "'mll'; tags in the resume: ml",
        f"warning: {path}:8:42: resumekit.variants.ml.exclude_tags[0]: no entry or highlight is "
        "tagged 'dta'; tags in the resume: ml",
    ]


def test_render_places_every_option_problem_as_validate_does(runner, resume, tmp_path):
    path = resume("""\
        theme_options:
          accent: nope
          colour: red
        """)
    sets = ["--set", "font_size=40", "--set", "density=x"]
    result = runner.invoke(app, ["render", path, "-f", "html", "-o", str(tmp_path / "out"), *sets])
    assert result.exit_code == 1
    validated = runner.invoke(app, ["validate", path])
    from_file = [
        f"error: {path}:8:13: resumekit.theme_options.accent: theme option 'accent' must be a "
        "CSS color such as #1f4e79, navy or rgb(31, 78, 121), got 'nope'",
        f"error: {path}:9:5: resumekit.theme_options.colour: theme 'compact' has no option "
        "'colour'; its options are: accent, density, font, font_size, page_size",
    ]
    assert errors(validated.stderr) == from_file
    assert errors(result.stderr) == [
        *from_file,
        "error: --set: theme option 'font_size' must be a number from 8.0 to 12.0, got '40'",
        "error: --set: theme option 'density' must be a number from 0.5 to 1.5, got 'x'",
    ]
    assert "hint: 4 problems found; fix them and run again." in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "settings",
    [
        "locale: zh-TW\n",
        "locale: pt-BR\n",
        "locale: en_US_POSIX\n",
        "locale: de-1901\n",
        "locale: und\n",
        "theme: classic\ntheme_options: {font_size: '9.5', density: 0.8}\n",
        "theme: modern\ntheme_options: {page_size: A4}\n",
        "theme_options: {accent: '#abcd'}\n",
        "variants:\n  v: {theme: classic, theme_options: {font: nope}}\n",
    ],
)
def test_validate_refuses_exactly_what_render_refuses(runner, resume, tmp_path, settings):
    path = resume(settings)
    validated = runner.invoke(app, ["validate", path])
    which = ["--all-variants"] if "variants" in settings else []
    rendered = runner.invoke(app, ["render", path, "-f", "html", "-o", str(tmp_path), *which])
    assert (validated.exit_code, rendered.exit_code) in ((0, 0), (1, 1)), rendered.stderr
    for line in errors(rendered.stderr):
        assert line.startswith("warning:") or line in validated.stderr


def test_validate_of_every_setting_stays_light(resume, tmp_path):
    (tmp_path / "themes" / "mine").mkdir(parents=True)
    (tmp_path / "themes" / "mine" / "theme.toml").write_text(MINE)
    path = resume("""\
        theme: mine
        locale: zh-TW
        theme_options: {corner: 3}
        variants:
          de: {theme: classic, locale: de-CH, tags: [ml], theme_options: {accent: navy}}
        """)
    code = (
        "import sys; from resumekit.cli import app\n"
        "try: app(['validate', sys.argv[1]])\n"
        "except SystemExit as e: assert e.code == 0, e.code\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'jinja2', 'babel')]\n"
        "print(heavy)"
    )
    done = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_render_places_a_theme_or_locale_the_file_names(runner, resume, tmp_path):
    path = resume("""\
        theme: fancy
        variants:
          v: {theme: classic, locale: klingon}
        """)
    out = ["-f", "html", "-o", str(tmp_path / "out")]
    result = runner.invoke(app, ["render", path, *out])
    assert result.exit_code == 1
    assert errors(result.stderr) == [
        f"error: {path}:7:10: resumekit.theme: unknown theme 'fancy'; available themes: "
        "classic, compact, modern"
    ]
    result = runner.invoke(app, ["render", path, "--variant", "v", *out])
    assert result.exit_code == 1
    assert errors(result.stderr) == [
        f"error: {path}:9:33: resumekit.variants.v.locale: unknown locale 'klingon'; use a "
        "language tag such as en, ar, de, es, fr, it, ja, ko, nl, pt, ta, zh or zh-Hant"
    ]
    assert not (tmp_path / "out").exists()


def test_settings_are_checked_even_while_other_fields_are_wrong(runner, tmp_path):
    """One run names every problem: a bad link and date beside an unknown theme and locale."""
    path = tmp_path / "resume.yaml"
    path.write_text(
        textwrap.dedent("""\
        basics:
          name: Ada
          url: example.com
        work:
          - name: X
            startDate: 2023-02-30
        resumekit:
          theme: modrn
          locale: xx-nope
          variants:
            v1: {theme: classic, theme_options: {font_size: 99}, tags: [nothing]}
        """)
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert [line.split(": ", 2)[1] for line in errors(result.stderr)] == [
        f"{path}:3:8",
        f"{path}:6:16",
        f"{path}:8:10",
        f"{path}:9:11",
        f"{path}:11:53",
    ]
    assert "unknown theme 'modrn'; did you mean 'modern'? available themes:" in result.stderr
    assert "hint: 5 problems found; fix them and run again." in result.stderr


def test_a_broken_settings_block_is_reported_once(runner, tmp_path):
    path = tmp_path / "resume.yaml"
    path.write_text("basics: {name: Ada, url: example.com}\nresumekit: {theme: 5, locale: de}\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert len(errors(result.stderr)) == 2, result.stderr


@pytest.mark.parametrize("breakage", ["link out", "too big", "fifo", "partial", "folder"])
def test_validate_reads_what_render_reads_of_a_theme(runner, resume, tmp_path, breakage):
    """Each stylesheet of the cascade and the page template go through the read boundary in
    validate too, so a link out of the theme is refused by the commit hook, not later."""
    folder = tmp_path / "themes" / "mine"
    folder.mkdir(parents=True)
    (folder / "theme.toml").write_text('name = "mine"\nextends = "compact"\n')
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN")
    if breakage == "link out":
        (folder / "style.css").symlink_to(secret)
    elif breakage == "too big":
        (folder / "style.css").write_text("/*" + "x" * (1 << 20) + "*/")
    elif breakage == "fifo":
        os.mkfifo(folder / "resume.html.j2")
    elif breakage == "partial":  # compact's page imports _macros.html.j2: this one is found first
        (folder / "_macros.html.j2").symlink_to(secret)
    else:
        (tmp_path / "parts").mkdir()
        (tmp_path / "parts" / "_macros.html.j2").write_text("TOKEN")
        (folder / "parts").symlink_to(tmp_path / "parts")
        (folder / "resume.html.j2").write_text('{% include "parts/_macros.html.j2" %}')
    path = resume("theme: mine\n")
    checked = runner.invoke(app, ["validate", path])
    rendered = runner.invoke(app, ["render", path, "-f", "html", "-o", str(tmp_path / "out")])
    assert (checked.exit_code, rendered.exit_code) == (1, 1)
    line = errors(checked.stderr)[0]
    assert line.startswith(f"error: {path}:7:10: resumekit.theme: {folder}/"), line
    assert "refused to read it" in line or "may not be a link" in line, line
    assert "TOKEN" not in checked.output + rendered.output
    assert not (tmp_path / "out").exists()

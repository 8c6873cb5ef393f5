"""Settings, once: one plan per render, command line over variant over file over theme."""

from __future__ import annotations

import dataclasses

import pytest

import resumekit
from conftest import SEED
from resumekit import api
from resumekit.errors import InvalidTheme
from resumekit.plan import make_plan


def test_command_line_over_variant_over_file_over_theme():
    resume = resumekit.load(SEED)
    name = next(iter(resume.resumekit.variants))
    from_file = make_plan(resume)
    assert from_file.theme.name == resume.resumekit.theme
    given = make_plan(resume, theme="modern", locale="de", variant=name,
                      options={"font_size": 10.5}, max_pages=3)  # fmt: skip
    assert (given.theme.name, given.locale, given.max_pages) == ("modern", "de", 3)
    assert given.options["font_size"] == 10.5
    assert given.options["accent"] == given.theme.options["accent"].default
    assert given.stem == resume.resumekit.variants[name].file_stem(name, "resume")
    with pytest.raises(dataclasses.FrozenInstanceError):
        given.locale = "fr"  # type: ignore[misc]


def test_every_variant_is_planned_before_anything_is_rendered(tmp_path, monkeypatch):
    """A bad --set fails once, before the pool forks or a file is written."""
    rendered = []
    monkeypatch.setattr(api, "render_plan", lambda *a, **k: rendered.append(a))
    resume = resumekit.load(SEED)
    with pytest.raises(InvalidTheme):
        api.render_variants(resume, formats=["txt"], output=tmp_path, options={"font_size": 99})
    assert rendered == [] and list(tmp_path.iterdir()) == []


def test_all_variants_use_the_theme_and_locale_given(tmp_path):
    resume = resumekit.load(SEED)
    results = api.render_variants(resume, formats=["html"], output=tmp_path, workers=1,
                                  theme="classic", locale="de")  # fmt: skip
    assert {r.theme.name for r in results} == {"classic"}
    assert all('lang="de' in r.outputs["html"].read_text() for r in results)


def test_an_option_the_theme_does_not_declare_gets_no_default_of_another_theme(tmp_path):
    """option_css holds no theme's defaults: a theme without `accent` gets no --accent."""
    folder = tmp_path / "themes" / "plain"
    folder.mkdir(parents=True)
    (folder / "theme.toml").write_text('name = "plain"\n')
    (folder / "resume.html.j2").write_text("<style>{{ css }}</style><h1>{{ resume.name }}</h1>")
    resume = resumekit.load(SEED)
    result = resumekit.render(resume, theme=str(folder), formats=["html"], output=tmp_path / "o")
    page = result.outputs["html"].read_text()
    assert "--accent" not in page and "--font-size: 10.00pt" in page


@pytest.mark.parametrize(
    ("given", "written"),
    [("rgb(300, -5, 0)", "#ff0000"), ("hsl(0, 300%, 50%)", "#ff0000"),
     ("rgba(0, 0, 0, 0.9996)", "#000000"), ("rgba(0, 0, 0, 1.5)", "#000000")],
)  # fmt: skip
def test_an_out_of_range_color_is_clipped_as_css_clips_it(tmp_path, given, written):
    resume = resumekit.load(SEED)
    result = resumekit.render(resume, formats=["html"], output=tmp_path, options={"accent": given})
    assert f"--accent: {written};" in result.outputs["html"].read_text()

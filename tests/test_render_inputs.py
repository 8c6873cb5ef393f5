"""Unusual inputs render without error in every theme, and say so when glyphs are missing."""

from __future__ import annotations

import re

import pypdf
import pytest

import resumekit
from conftest import DATA
from resumekit import fonts

THEMES = ("compact", "classic", "modern")


def text_of(path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pypdf.PdfReader(path).pages))


@pytest.mark.parametrize("theme", THEMES)
def test_every_section_filled(theme, tmp_path):
    result = resumekit.render(resumekit.load(DATA / "full.yaml"), theme=theme, output=tmp_path)
    text = text_of(result.outputs["pdf"])
    for expected in (
        "Staff Engineer", "Code Club", "University of Lisbon", "Best Paper", "CKA",
        "Fuzzing at Scale", "Method for caching", "Rust", "Portuguese",
        "Climbing", "Grace Hopper", "fastq", "Talks", "Rust at Acme", "Led the inference rewrite",
    ):  # fmt: skip
        assert expected.lower() in text.lower(), expected  # headings may be upper-cased
    assert result.warnings == []


def test_section_order_and_titles_come_from_settings(tmp_path):
    result = resumekit.render(resumekit.load(DATA / "full.yaml"), formats=["pdf"], output=tmp_path)
    titles = [i.title for i in pypdf.PdfReader(result.outputs["pdf"]).outline]
    assert titles[:3] == ["Summary", "Skills", "Work Experience"]
    assert "Honours" in titles and "Awards" not in titles
    assert titles[-1] == "Talks"


@pytest.mark.parametrize("theme", THEMES)
def test_name_only(theme, tmp_path):
    result = resumekit.render(resumekit.load(DATA / "minimal.yaml"), theme=theme, output=tmp_path)
    reader = pypdf.PdfReader(result.outputs["pdf"])
    assert len(reader.pages) == 1 and "Ada" in reader.pages[0].extract_text()
    assert reader.outline == []  # no empty sections


@pytest.mark.parametrize("theme", THEMES)
def test_long_words_and_urls_stay_on_the_page(theme, tmp_path):
    result = resumekit.render(resumekit.load(DATA / "longwords.yaml"), theme=theme, output=tmp_path)
    reader = pypdf.PdfReader(result.outputs["pdf"])
    width = float(reader.pages[0].mediabox.width)
    xs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            xs.append(cm[4] + tm[4] * cm[0])

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert xs and max(xs) < width
    assert "Supercalifragilistic" in text_of(result.outputs["pdf"])


@pytest.mark.parametrize("theme", THEMES)
def test_non_latin_names_fall_back_to_packaged_fonts(theme, tmp_path):
    result = resumekit.render(resumekit.load(DATA / "intl.yaml"), theme=theme, output=tmp_path)
    names = {
        str(f.get_object()["/BaseFont"])
        for page in pypdf.PdfReader(result.outputs["pdf"]).pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert any("Noto-Sans-Tamil" in n for n in names), names
    assert any("Noto-Sans-Arabic" in n for n in names), names
    tamil_and_arabic = [w for w in result.warnings if "கோ" in w or "محمد" in w]
    assert tamil_and_arabic == []


def test_missing_glyphs_are_named_with_their_field(tmp_path):
    ethiopic = "ሀሁሂ"  # no packaged font has Ethiopic
    if not all(fonts.missing_glyphs({"x": ethiopic}, "IBM Plex Sans Condensed")):
        pytest.skip("this machine has an Ethiopic font installed")
    source = tmp_path / "resume.yaml"
    source.write_text(
        f"basics: {{name: Ada}}\nwork:\n  - name: {ethiopic}\n    position: Eng\n"
        f"    startDate: 2020-01\n    highlights: [{ethiopic}]\n",
        encoding="utf-8",
    )
    result = resumekit.render(resumekit.load(source), formats=["html"], output=tmp_path)
    assert any("work[0].name" in w and "boxes" in w for w in result.warnings), result.warnings
    assert any("work[0].highlights[0]" in w for w in result.warnings)
    assert not any("basics.name" in w for w in result.warnings)


def test_glyph_check_uses_packaged_fonts_first():
    assert fonts.missing_glyphs({"a": "Ada", "b": "கோபால்", "c": "محمد"}, "Fira Sans") == {}
    assert fonts.missing_glyphs({"pua": "x\U000f0000"}, "Fira Sans") == {}  # not printable

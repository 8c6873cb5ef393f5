"""Dates and section titles in the resume's language; right-to-left layout for Arabic."""

from __future__ import annotations

import re

import pypdf
import pytest

import resumekit
from conftest import DATA, SEED
from resumekit.errors import ResumekitError
from resumekit.i18n import WORDS


def pdf_text(path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pypdf.PdfReader(path).pages))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


@pytest.mark.parametrize(
    ("locale", "dates", "titles"),
    [
        ("de", ["Juni 2021 – Sept. 2023", "Okt. 2023 – heute"], ["Ausbildung", "Patente"]),
        ("fr", ["juin 2021 – sept. 2023", "oct. 2023 – aujourd’hui"], ["Formation", "Brevets"]),
        ("ta", ["ஜூன் 2021 – செப். 2023", "அக். 2023 – தற்போது"], ["கல்வி", "காப்புரிமைகள்"]),
    ],
)
def test_dates_and_titles_in_three_locales(locale, dates, titles, tmp_path):
    result = resumekit.render(resumekit.load(SEED), formats=["pdf"], output=tmp_path, locale=locale)
    # headings may be upper-cased, and extraction splits Tamil clusters with spaces
    text = squeeze(pdf_text(result.outputs["pdf"]))
    for expected in [*dates, *titles]:
        assert squeeze(expected) in text, expected
    assert "experience" in text  # the resume's own section_titles override still wins
    bookmarks = [b.title for b in pypdf.PdfReader(result.outputs["pdf"]).outline]
    assert titles[0] in bookmarks


def test_every_locale_has_every_word():
    for locale in ("en", "de", "fr", "es", "pt", "it", "nl", "ta", "zh", "ja", "ar"):
        assert set(WORDS[locale]) == set(WORDS["en"]), locale


def test_locale_from_settings(write, tmp_path):
    path = write("resume.yaml", "basics: {name: Ada}\nwork: [{startDate: 2020-03}]\n"
                                "resumekit: {locale: es}\n")  # fmt: skip
    result = resumekit.render(resumekit.load(path), formats=["html"], output=tmp_path)
    page = result.outputs["html"].read_text()
    assert 'lang="es"' in page and "mar 2020 – actualidad" in page and "Experiencia laboral" in page


@pytest.mark.parametrize("theme", ["compact", "classic", "modern"])
def test_arabic_lays_out_right_to_left(theme, tmp_path):
    result = resumekit.render(resumekit.load(DATA / "full.yaml"), theme=theme, locale="ar",
                              output=tmp_path)  # fmt: skip
    assert 'dir="rtl"' in result.outputs["html"].read_text()
    page = pypdf.PdfReader(result.outputs["pdf"]).pages[0]
    width = float(page.mediabox.width)
    name_x = []

    def visit(text, cm, tm, font, size):
        if "Ada Example" in text:
            name_x.append(cm[4] + tm[4] * cm[0])

    page.extract_text(visitor_text=visit)
    assert name_x and name_x[0] > width / 3  # the name sits at the right, not the left margin


def test_unknown_locale(tmp_path):
    with pytest.raises(ResumekitError) as info:
        resumekit.render(resumekit.load(SEED), formats=["html"], output=tmp_path, locale="xx-qq")
    assert info.value.message == "unknown locale 'xx-qq'"


def test_words_no_font_can_draw_are_reported(tmp_path):
    from resumekit import fonts

    result = resumekit.render(resumekit.load(SEED), formats=["html"], output=tmp_path, locale="zh")
    assert "教育背景" in result.outputs["html"].read_text()
    if not all(fonts.missing_glyphs({"x": "教育背景"}, "IBM Plex Sans Condensed")):
        pytest.skip("this machine has a CJK font installed")
    assert any("in the education heading; it will print as boxes" in w for w in result.warnings)

"""Dates and section titles in the resume's language; right-to-left layout for Arabic."""

from __future__ import annotations

import re

import pypdf
import pytest

import resumekit
from conftest import DATA, SEED
from resumekit import i18n
from resumekit.errors import ResumekitError


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


def test_every_locale_file_has_every_word():
    """Adding a language is adding a file: each has exactly en.toml's keys, each non-empty."""
    tags = i18n.languages()
    expected = {"en", "de", "fr", "es", "pt", "it", "nl", "ta", "zh", "zh_Hant", "ja", "ar", "ko"}
    assert expected <= set(tags)
    for tag in tags:
        words = i18n.table(tag)
        assert list(words) == list(i18n.table("en")), tag
        assert all(word.strip() for word in words.values()), tag


def test_readme_lists_every_locale_file():
    readme = (DATA.parent.parent / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"Locales with translated headings: ([^;(]+)", readme)
    assert listed, "README names the locales with translated headings"
    named = re.findall(r"[a-z]{2}(?:-[A-Z][a-z]{3})?", listed[1])
    assert sorted(named) == sorted(tag.replace("_", "-") for tag in i18n.languages())


def test_locale_from_settings(write, tmp_path):
    path = write("resume.yaml", "basics: {name: Ada}\nwork: [{startDate: 2020-03}]\n"
                                "resumekit: {locale: es}\n")  # fmt: skip
    result = resumekit.render(resumekit.load(path), formats=["html"], output=tmp_path)
    page = result.outputs["html"].read_text()
    assert 'lang="es"' in page and "mar 2020 – actualidad" in page and "Experiencia laboral" in page


@pytest.mark.parametrize("theme", ["compact", "classic", "modern"])
def test_arabic_lays_out_right_to_left(theme, tmp_path):
    """The page follows the locale; each paragraph its own first strong letter: an English
    heading line in an Arabic resume starts at the left margin, not mirrored."""
    result = resumekit.render(resumekit.load(DATA / "full.yaml"), theme=theme, locale="ar",
                              output=tmp_path)  # fmt: skip
    assert 'dir="rtl"' in result.outputs["html"].read_text()
    page = pypdf.PdfReader(result.outputs["pdf"]).pages[0]
    width = float(page.mediabox.width)
    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        for marker in ("Ada Example", "التعليم"):  # the English name, an Arabic heading
            if marker in text and marker not in found:
                found[marker] = cm[4] + tm[4] * cm[0]

    page.extract_text(visitor_text=visit)
    assert found["التعليم"] > width / 2  # the heading sits at the right
    if theme == "compact":  # (classic centres its masthead; modern's is in the sidebar)
        assert found["Ada Example"] < width / 3  # the English name starts at the left
    if theme == "modern":  # the sidebar moves to the right; the name starts at its left
        assert width / 2 < found["Ada Example"] < found["التعليم"]


def test_unknown_locale(tmp_path):
    with pytest.raises(ResumekitError) as info:
        resumekit.render(resumekit.load(SEED), formats=["html"], output=tmp_path, locale="xx-qq")
    assert info.value.message == "unknown locale 'xx-qq'"


def test_words_no_font_can_draw_are_reported(tmp_path, monkeypatch):
    from resumekit import fonts

    ethiopic = "ትምህርት"  # no packaged font has Ethiopic
    if not all(fonts.missing_glyphs({"x": ethiopic}, "IBM Plex Sans Condensed")):
        pytest.skip("this machine has an Ethiopic font installed")
    with monkeypatch.context() as patch:
        patch.setitem(i18n.table("zh"), "education", ethiopic)
        result = resumekit.render(
            resumekit.load(SEED), formats=["html"], output=tmp_path, locale="zh"
        )
    assert ethiopic in result.outputs["html"].read_text()
    assert any("in the education heading; it will print as boxes" in w for w in result.warnings)

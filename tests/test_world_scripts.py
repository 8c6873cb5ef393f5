"""Chinese, Japanese and Korean from the packaged CJK fonts, and right to left per paragraph:
asserted on the PDF's extracted text, its embedded fonts and where its words sit."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pypdf
import pytest

import resumekit
from conftest import DATA
from resumekit import bidi, fonts

SCRIPTS = DATA / "scripts"
THEMES = ["compact", "classic", "modern"]


def render(name: str, theme: str, tmp_path, **kwargs) -> resumekit.api.Rendered:
    resume = resumekit.load(SCRIPTS / f"{name}.yaml") if "/" not in name else resumekit.load(name)
    return resumekit.render(resume, theme=theme, formats=["pdf"], output=tmp_path, **kwargs)


def pdf_lines(path) -> list[str]:
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    return [line.strip() for line in text.splitlines() if line.strip()]


def embedded_fonts(path) -> list[pypdf.generic.DictionaryObject]:
    found = []
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            found.append(font.get_object())
    return found


CJK = {
    "ja": ("Noto-Sans-JP", ["山田 太郎", "概要", "職務経歴", "学歴", "スキル", "2020年4月 – 現在",
                            "検索基盤を再設計し、応答時間を半分に短縮しました。"]),
    "zh": ("Noto-Sans-SC", ["王小明", "工作经历", "教育背景", "2019年7月 – 至今",
                            "负责分布式系统的设计与运维。", "将搜索延迟降低了百分之四十。"]),
    "ko": ("Noto-Sans-KR", ["김민준", "경력", "학력", "2018년 3월 – 현재",
                            "결제 시스템의 응답 시간을 절반으로 줄였습니다.",
                            "신입 개발자 다섯 명의 멘토를 맡았습니다."]),
}  # fmt: skip


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("lang", sorted(CJK))
def test_cjk_prints_from_the_packaged_fonts(lang, theme, tmp_path):
    family, expected = CJK[lang]
    result = render(lang, theme, tmp_path)
    assert result.warnings == []
    lines = pdf_lines(result.outputs["pdf"])
    text = "\n".join(lines)
    for words in expected:
        assert words in text, (words, text)
    used = embedded_fonts(result.outputs["pdf"])
    names = [str(font["/BaseFont"]) for font in used]
    assert any(family in name for name in names), names
    assert all(re.match(r"/[A-Z]{6}\+", name) for name in names), names  # subsets, all of them
    # WeasyPrint gives a font a custom encoding only when it drew a .notdef glyph in it
    assert all(font["/Encoding"] == "/Identity-H" for font in used), names
    assert result.outputs["pdf"].stat().st_size < 200_000  # a one-page CJK resume: ~35 KB


@pytest.mark.parametrize("theme", THEMES)
def test_chinese_without_spaces_breaks_between_characters(theme, tmp_path):
    summary = resumekit.load(SCRIPTS / "zh.yaml").basics.summary or ""
    lines = pdf_lines(render("zh", theme, tmp_path).outputs["pdf"])
    start = next(i for i, line in enumerate(lines) if line.startswith(summary[:8]))
    joined, used = "", 0
    while len(joined) < len(summary):
        joined += lines[start + used]
        used += 1
    assert joined == summary  # every character, in order, no hyphen or space added
    assert used >= 2  # the paragraph wrapped, though it has no space to break at


@pytest.mark.parametrize("theme", THEMES)
def test_arabic_keeps_numbers_and_english_in_their_order(theme, tmp_path):
    result = render("ar", theme, tmp_path)
    assert result.warnings == []
    path = result.outputs["pdf"]
    text = "\n".join(pdf_lines(path))
    assert "(408) 839-3815" in text  # not 839-3815 (408)
    assert "Cut the search latency by forty percent." in text  # the period at the end
    assert "Built the billing pipeline used by every team." in text
    assert ".Cut" not in text and ".Built" not in text
    page = pypdf.PdfReader(path).pages[0]
    width, where = float(page.mediabox.width), {}

    def visit(text, cm, tm, font, size):
        for marker in ("Cut the search", "Built the billing", "example.com/mohammed"):
            if marker in text and marker not in where:
                where[marker] = cm[4] + tm[4] * cm[0]

    page.extract_text(visitor_text=visit)
    if theme != "classic":  # (classic centres its contacts)
        assert where["example.com/mohammed"] > width / 2  # the first contact: at the right
    assert where["Built the billing"] < width / 3  # an English paragraph starts at the left
    assert where["Cut the search"] < width / 3


@pytest.mark.parametrize("theme", THEMES)
def test_an_english_resume_in_arabic_is_not_mirrored(theme, tmp_path):
    """--locale ar lays the page out right to left, but English text reads as English."""
    result = render(str(DATA / "full.yaml"), theme, tmp_path, locale="ar")
    text = "\n".join(pdf_lines(result.outputs["pdf"]))
    assert "A queue." in text and ".A queue" not in text  # the period stays at the end
    assert "Cut build times by 60%" in text and "60% Cut" not in text


def test_cjk_text_without_the_extra_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "_cjk_folder", lambda: None)
    resume = resumekit.load(SCRIPTS / "ja.yaml")
    result = resumekit.render(resume, formats=["html"], output=tmp_path)
    assert any("pip install 'resumekit[cjk]'" in w for w in result.warnings), result.warnings
    assert not any("print as boxes" in w for w in result.warnings), result.warnings


def test_only_a_cjk_resume_loads_cjk_fonts():
    assert fonts.cjk_for("Ada Lovelace, analyst. Zürich – Paris") == fonts.Cjk()
    assert fonts.cjk_for("山田", "ja").families[0] == "Noto Sans JP"
    assert fonts.cjk_for("山田", "zh").families[0] == "Noto Sans SC"
    assert fonts.cjk_for("山田", "zh-Hant-TW").families[0] == "Noto Sans TC"
    assert fonts.cjk_for("김민준").families[0] == "Noto Sans KR"
    assert fonts.cjk_for("ひらがな").families[0] == "Noto Sans JP"  # kana: Japanese


def resolved(markup: str) -> dict[str, str]:
    root = ET.fromstring(markup)
    bidi.resolve(root)
    return {el.get("id", ""): el.get("dir", "") for el in root.iter() if el.get("id")}


def test_dir_auto_takes_the_first_strong_character():
    dirs = resolved(
        '<html dir="rtl"><body>'
        '<p id="en" dir="auto">Cut latency by 40%.</p>'
        '<p id="ar" dir="auto">قاد فريقاً.</p>'
        '<p id="num" dir="auto">(408) 839-3815</p>'  # no strong character: the parent's
        '<p id="skip" dir="auto"><span dir="ltr">Acme</span> شركة</p>'  # a dir'd child is skipped
        '<p id="nested" dir="auto"><b><i>2020</i> Acme</b></p>'
        '<bdi id="bdi">Zürich</bdi>'  # a bdi without dir is auto
        '<p id="kept" dir="ltr">شركة</p>'
        "</body></html>"
    )
    assert dirs == {"en": "ltr", "ar": "rtl", "num": "rtl", "skip": "rtl", "nested": "ltr",
                    "bdi": "ltr", "kept": "ltr"}  # fmt: skip


def test_a_deep_page_resolves_without_recursion():
    depth = 5000
    markup = '<div dir="auto">' * depth + "نص" + "</div>" * depth
    root = ET.fromstring(markup)
    bidi.resolve(root)  # no RecursionError
    dirs = [el.get("dir") for el in root.iter()]
    assert dirs[-1] == "rtl"  # the innermost holds the text; each outer one holds only a
    assert set(dirs[:-1]) == {"ltr"}  # child with a dir of its own, which does not count


def test_a_wide_page_of_neutral_text_resolves_in_linear_time():
    """Every element dir="auto" over 50,000 nested spans of digits: each text read once."""
    count = 50_000
    markup = '<p dir="auto">' + '<span dir="auto">1 ' * count + "</span>" * count + "</p>"
    root = ET.fromstring(markup)
    bidi.resolve(root)
    assert {el.get("dir") for el in root.iter()} == {"ltr"}


def test_the_html_page_keeps_dir_auto_for_browsers(tmp_path):
    result = resumekit.render(resumekit.load(SCRIPTS / "ar.yaml"), formats=["html"],
                              output=tmp_path)  # fmt: skip
    page = result.outputs["html"].read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    assert 'dir="auto"' in page and 'dir="ltr"' in page  # paragraphs, and the phone number


def test_a_long_cjk_resume_is_not_refused_for_its_fonts(tmp_path):
    """1,500 distinct characters cut to three weights are megabytes of font: they are served
    to WeasyPrint from memory, not put in the page, which has a size limit."""
    han = "".join(chr(code) for code in range(0x4E00, 0x4E00 + 1500 * 13, 13))
    source = tmp_path / "long.yaml"
    source.write_text(f"resumekit: {{locale: zh}}\nbasics: {{name: 王小明, summary: {han}}}\n",
                      encoding="utf-8")  # fmt: skip
    result = resumekit.render(resumekit.load(source), formats=["pdf", "html"], output=tmp_path)
    assert result.warnings == []
    assert han[:40] in "".join(pdf_lines(result.outputs["pdf"]))
    assert result.outputs["html"].stat().st_size < 1_000_000  # the page embeds no CJK font

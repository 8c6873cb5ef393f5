"""Long unbroken strings wrap inside their box in every theme, and justified text hyphenates.

Positions come from the PDF itself (pdfium's glyph boxes): every glyph must lie inside the
theme's text area, and every long string must still be there in the extracted text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from conftest import DATA
from resumekit.cli import app

THEMES = ("compact", "classic", "modern")
INCH = 72.0
#: A glyph's ink may pass its advance box by this much (points): italics, rounding.
SLACK = 1.0
#: Characters pdfium reports for a hyphen at the end of a line.
HYPHENS = "-\u2010\u00ad\ufffe\x02"


def text_columns(theme: str, width: float) -> list[tuple[float, float]]:
    """The horizontal extents text may occupy (points from the left edge), from style.css."""
    if theme == "modern":  # sidebar 2.45in with 0.4in/0.22in padding; main from 2.75in
        return [(0.4 * INCH, 2.23 * INCH), (2.75 * INCH, width - 0.5 * INCH)]
    margin = {"compact": 0.55, "classic": 0.7}[theme] * INCH
    return [(margin, width - margin)]


@dataclass
class Line:
    """One printed line: its page, and its glyphs with their left and right edges."""

    page: int
    bottom: float
    glyphs: list[tuple[str, float, float]]

    @property
    def text(self) -> str:
        return "".join(g for g, _, _ in self.glyphs).strip()

    def words(self) -> list[tuple[str, float, float]]:
        """Runs of glyphs between spaces (or where the pen moves back left), with their extent."""
        found: list[tuple[str, float, float]] = []
        after_space, pen = True, 0.0
        for glyph, left, right in self.glyphs:
            if glyph.isspace():
                after_space = True
                continue
            if after_space or left < pen - SLACK:
                found.append((glyph, left, right))
            else:
                text, start, end = found[-1]
                found[-1] = (text + glyph, start, max(end, right))
            after_space, pen = False, left
        return found

    def gaps(self) -> list[float]:
        """Widths of the spaces between the line's words, in points."""
        words = self.words()
        return [b[1] - a[2] for a, b in itertools.pairwise(words)]


def render(source: Path, theme: str, out: Path, *options: str) -> Path:
    """Render one theme's PDF through the real CLI."""
    pdf = out / f"{source.stem}-{theme}.pdf"
    result = CliRunner().invoke(
        app, ["render", str(source), "--theme", theme, "--format", "pdf", "-o", str(pdf), *options]
    )
    assert result.exit_code == 0, result.output
    return pdf


def lines(pdf: Path) -> list[Line]:
    """Every line of every page, in drawing order, from pdfium's glyph boxes.

    A new line starts where the baseline moves: pdfium's own line breaks drop the ones that
    end in a hyphen, which the hyphenation test needs to see.
    """
    found: list[Line] = []
    document = pypdfium2.PdfDocument(pdf)
    for number in range(len(document)):
        textpage = document[number].get_textpage()
        text = textpage.get_text_range()
        for index, char in enumerate(text):
            if char in "\r\n":
                continue
            left, _, right, _ = textpage.get_charbox(index)
            if char.isspace() and found:  # pdfium's own spaces have no useful box
                found[-1].glyphs.append((char, left, right))
                continue
            baseline = textpage.get_charbox(index, loose=True)[1]
            if not found or found[-1].page != number or abs(found[-1].bottom - baseline) > 2:
                found.append(Line(number, baseline, []))
            found[-1].glyphs.append((char, left, right))
    return found


def squeezed(text: str) -> str:
    """Text without case, URL schemes, spaces and hyphens: what wrapping may change."""
    text = re.sub(r"https?://(www\.)?", "", text.lower())
    return re.sub(f"[\\s{re.escape(HYPHENS)}]", "", text)


def long_strings(path: Path) -> list[str]:
    """Runs of 40 or more characters without a space in the fixture's text, as printed
    (without Markdown's backticks and brackets)."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.extend(re.findall(r"[^\s`\[\]()]{40,}", value))
        for child in value.values() if isinstance(value, dict) else []:
            walk(child)
        for child in value if isinstance(value, list) else []:
            walk(child)

    walk(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))  # as ruamel reads it
    return found


def outside_text_area(pdf: Path, theme: str) -> list[tuple[int, str, str]]:
    """Glyphs (page, glyph, its line) lying outside the theme's text columns."""
    columns = text_columns(theme, pypdfium2.PdfDocument(pdf)[0].get_size()[0])
    return [
        (line.page + 1, glyph, line.text[:40])
        for line in lines(pdf)
        for glyph, left, right in line.glyphs
        if not glyph.isspace()
        and not any(lo - SLACK <= left and right <= hi + SLACK for lo, hi in columns)
    ]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("longstrings")
    return {theme: render(DATA / "longstrings.yaml", theme, out) for theme in THEMES}


@pytest.mark.parametrize("theme", THEMES)
def test_long_strings_stay_inside_the_text_area(theme, rendered):
    assert outside_text_area(rendered[theme], theme) == []


@pytest.mark.parametrize("theme", THEMES)
def test_long_strings_overlap_no_other_text(theme, rendered):
    """A long skill level or title wraps in its own column, not over its neighbour's."""
    overlaps = []
    for line in lines(rendered[theme]):
        words = sorted(line.words(), key=lambda word: word[1])
        overlaps += [(a[0], b[0]) for a, b in itertools.pairwise(words) if b[1] < a[2] - SLACK]
    assert overlaps == []


@pytest.mark.parametrize("theme", THEMES)
def test_long_strings_lose_no_character(theme, rendered):
    printed = squeezed(" ".join(line.text for line in lines(rendered[theme])))
    expected = long_strings(DATA / "longstrings.yaml")
    assert len(expected) > 40  # every field of every section kind
    assert [s for s in expected if squeezed(s) not in printed] == []


SUMMARY = {
    "en": (
        "Responsible for the reliability engineering organization, including incident "
        "management, observability infrastructure, capacity planning, performance "
        "characterization, disaster recovery exercises, internationalization of the "
        "documentation, accessibility improvements, and the standardization of deployment "
        "procedures across approximately seventeen geographically distributed engineering "
        "departments, consistently prioritizing maintainability, interoperability and "
        "straightforward communication between development, operations and administration."
    ),
    "de": (
        "Verantwortlich für die Zuverlässigkeitsentwicklung einschließlich "
        "Störungsbehandlung, Beobachtbarkeitsinfrastruktur, Kapazitätsplanung, "
        "Leistungscharakterisierung, Notfallwiederherstellungsübungen, Internationalisierung "
        "der Dokumentation, Barrierefreiheitsverbesserungen und der Vereinheitlichung der "
        "Bereitstellungsverfahren in ungefähr siebzehn geographisch verteilten "
        "Entwicklungsabteilungen, mit Schwerpunkt auf Wartungsfreundlichkeit, "
        "Interoperabilität und unkomplizierter Kommunikation zwischen den Abteilungen."
    ),
}


@pytest.mark.parametrize("locale", ["en", "de"])
def test_justified_text_is_hyphenated_in_its_language(locale, tmp_path):
    source = tmp_path / "resume.yaml"
    source.write_text(
        f"basics:\n  name: Ada Example\n  summary: {SUMMARY[locale]}\n", encoding="utf-8"
    )
    summary = squeezed(SUMMARY[locale])
    printed = lines(render(source, "classic", tmp_path, "--locale", locale))
    body = [line for line in printed if len(line.text) > 20 and squeezed(line.text) in summary]
    assert "-" not in SUMMARY[locale] and len(body) >= 5  # so a hyphen ending a line was inserted
    assert any(line.text[-1] in HYPHENS for line in body[:-1]), [line.text for line in body]
    justified = [gap for line in body[:-1] for gap in line.gaps()]
    font_size = 10.0  # classic's default; unhyphenated, this text has gaps of 1.4 to 7 em
    assert justified and max(justified) < font_size, max(justified)

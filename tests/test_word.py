"""`render --format docx`: a Word resume a job portal reads, in the theme's page and type."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

import resumekit
from conftest import SEED
from resumekit import markup
from resumekit.outputs import word
from resumekit.schema import highlight_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
TEXT = {f"{W}t", f"{W}tab"}


def render(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str | None = None,
           **options: object) -> Path:  # fmt: skip
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "resume.yaml"
    source.write_text(text or SEED.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    resumekit.render(resumekit.load(source), formats=["docx"], output=out, **options)
    return out / "resume.docx"


def body_text(path: Path) -> list[str]:
    """The document's paragraphs as an independent reader sees them: word/document.xml
    parsed with ElementTree, the text and tabs of a paragraph (links' included) joined."""
    with zipfile.ZipFile(path) as package:
        root = ET.fromstring(package.read("word/document.xml"))
    return [
        "".join("\t" if e.tag == f"{W}tab" else e.text or "" for e in p.iter() if e.tag in TEXT)
        for p in root.iter(f"{W}p")
    ]


def seed_highlights() -> list[str]:
    """Every highlight of the seed, in file order, as plain text."""
    resume = resumekit.load(SEED)
    return [markup.to_text(highlight_text(h)) for job in resume.work for h in job.highlights]


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as monkeypatch:
        return render(tmp_path_factory.mktemp("seed"), monkeypatch)


def test_every_highlight_of_the_seed_is_a_word_bullet_in_reading_order(seed_docx):
    document = docx.Document(str(seed_docx))
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    highlights = seed_highlights()
    assert bullets[: len(highlights)] == highlights
    listed = resumekit.load(SEED)  # then one bullet for each award, publication and patent
    assert len(bullets) - len(highlights) == sum(
        len(getattr(listed, key)) for key in ("awards", "publications", "patents")
    )
    numbering = document.styles["List Bullet"].element.pPr.find(f"{W}numPr")
    assert numbering is not None  # a real Word list, not a typed bullet character


def test_the_name_sections_and_entries_are_word_headings(seed_docx):
    document = docx.Document(str(seed_docx))
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Title"] == ["Senthilkumar Gopal"]
    assert by_style["Subtitle"] == ["Machine learning researcher, engineer and leader"]
    assert by_style["Heading 1"] == [
        "Summary", "Experience", "Education", "Awards", "Publications", "Patents"
    ]  # fmt: skip
    first_job = by_style["Heading 2"][0]
    assert first_job == (
        "Senior Applied Science Manager - ML Inference, AWS · Cupertino, USA \tOct 2023 – Present"
    )
    school = "Sathyabama Engineering College, Bachelor of Engineering"
    assert by_style["Heading 2"][-1].startswith(school)  # education: the school first


def test_an_independent_reader_reads_the_plain_text_outputs_lines_in_the_same_order(
    seed_docx, tmp_path, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    resumekit.render(resumekit.load(SEED), formats=["txt"], output=tmp_path / "t")
    text = (tmp_path / "t" / "resume.txt").read_text(encoding="utf-8")
    flat = " ".join(" ".join(body_text(seed_docx)).split()).lower()  # the txt has CAPS headings
    position = 0
    for line in text.splitlines()[3:]:  # after the name, label and contacts, as the txt has them
        words = [w.lower() for w in re.split(r"[\s|·,()–-]+", line) if len(w) > 3]
        found = [flat.find(w, position) for w in words]  # the school may lead its degree
        assert -1 not in found, f"{line!r} is not all there after {flat[position:][:80]!r}"
        position = min(found, default=position)  # each line's words after the line before


def test_nothing_an_ats_skips_tables_text_boxes_headers_or_footers(seed_docx):
    with zipfile.ZipFile(seed_docx) as package:
        names = package.namelist()
        body = package.read("word/document.xml").decode()
    assert "<w:tbl>" not in body and "<w:tbl " not in body
    assert "txbxContent" not in body and "<w:drawing" not in body
    assert not [n for n in names if re.match(r"word/(header|footer)\d*\.xml", n)]


def test_contacts_and_links_are_live_hyperlinks(seed_docx):
    with zipfile.ZipFile(seed_docx) as package:
        rels = ET.fromstring(package.read("word/_rels/document.xml.rels"))
        body = ET.fromstring(package.read("word/document.xml"))
    targets = {r.get("Id"): r.get("Target") for r in rels if r.get("TargetMode") == "External"}
    links = {
        "".join(t.text or "" for t in link.iter(f"{W}t")): targets[link.get(f"{R}id")]
        for link in body.iter(f"{W}hyperlink")
    }
    assert links["senthil777@gmail.com"] == "mailto:senthil777@gmail.com"
    assert links["sengopal.me"] == "https://sengopal.me"
    assert links["linkedin.com/in/senthilkumargopal"].startswith("https://")
    assert links["408-839-3815"].startswith("tel:")


def test_document_properties_page_and_type_come_from_the_resume_and_theme(seed_docx):
    document = docx.Document(str(seed_docx))
    properties = document.core_properties
    assert properties.author == "Senthilkumar Gopal"
    assert properties.title.startswith("Senthilkumar Gopal")
    assert "AWS" in properties.keywords
    assert properties.created.year == 1970  # SOURCE_DATE_EPOCH=0
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (Pt(612), Pt(792))  # compact: letter
    assert (section.top_margin, section.left_margin) == (Pt(32.4), Pt(39.6))  # its @page
    normal = document.styles["Normal"].element.rPr.find(f"{W}rFonts")
    assert normal.get(f"{W}ascii") == "IBM Plex Sans Condensed"
    assert document.styles["Normal"].font.size == Pt(9.5)
    assert str(document.styles["Heading 1"].font.color.rgb) == "1F4E79"  # the accent


def test_theme_options_and_another_theme_change_the_word_file(tmp_path, monkeypatch):
    path = render(tmp_path, monkeypatch, theme="classic",
                  options={"page_size": "a4", "accent": "darkred"})  # fmt: skip
    document = docx.Document(str(path))
    assert round(document.sections[0].page_width.mm) == 210  # A4
    assert document.sections[0].top_margin == Pt(0.6 * 72)  # classic's @page margin
    assert str(document.styles["Title"].font.color.rgb) == "8B0000"
    fonts = document.styles["Normal"].element.rPr.find(f"{W}rFonts")
    assert fonts.get(f"{W}ascii") == "IBM Plex Serif"


def test_a_theme_that_prints_to_the_papers_edge_gets_a_margin_in_word(tmp_path, monkeypatch):
    section = docx.Document(str(render(tmp_path, monkeypatch, theme="modern"))).sections[0]
    assert section.left_margin == section.right_margin == Pt(36)  # modern's sidebar side: 0


def test_a_variant_filters_the_word_file_as_it_filters_the_pdf(tmp_path, monkeypatch):
    path = render(tmp_path, monkeypatch, variant="ml-inference")
    text = "\n".join(body_text(path.with_name("gopal-ml-inference.docx")))
    everything = "\n".join(body_text(render(tmp_path / "all", monkeypatch)))
    tagged_data = "Responsible for building batched and near real-time data pipelines"
    assert tagged_data in everything and tagged_data not in text
    assert "Leading Neuron Science team" in text


def test_a_locale_changes_the_word_files_headings_and_dates(tmp_path, monkeypatch):
    document = docx.Document(str(render(tmp_path, monkeypatch, locale="de")))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Ausbildung" in headings  # education, in German
    assert document.styles["Normal"].element.rPr.find(f"{W}lang").get(f"{W}val") == "de"
    first_job = next(p.text for p in document.paragraphs if p.style.name == "Heading 2")
    assert first_job.endswith("\tOkt. 2023 – heute")


def test_the_same_resume_makes_the_same_bytes(tmp_path, monkeypatch):
    first = render(tmp_path / "a", monkeypatch).read_bytes()
    second = render(tmp_path / "b", monkeypatch).read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {word.ZIP_TIME}


def test_without_a_date_the_document_has_none_and_is_still_reproducible(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    made = []
    for name in ("a", "b"):
        resumekit.render(resumekit.load(SEED), formats=["docx"], output=tmp_path / name)
        made.append((tmp_path / name / "resume.docx").read_bytes())
    assert made[0] == made[1]
    with zipfile.ZipFile(io.BytesIO(made[0])) as package:
        core = package.read("docProps/core.xml").decode()
    assert "dcterms:created" not in core and "dcterms:modified" not in core


MARKED = """\
basics:
  name: "Ada \\u202eLovelace"
  label: Engineer
  email: ada@example.com
work:
  - name: Analytical Engines
    position: Programmer
    startDate: "1843-01"
    highlights:
      - Wrote **the first** program, in *notes* on `Menabrea`; see [the notes](https://example.com/notes).
"""


def test_inline_markdown_becomes_bold_italic_code_and_a_link_and_overrides_are_gone(
    tmp_path, monkeypatch
):
    document = docx.Document(str(render(tmp_path, monkeypatch, MARKED)))
    assert document.paragraphs[0].text == "Ada Lovelace"  # the bidi override dropped
    bullet = next(p for p in document.paragraphs if p.style.name == "List Bullet")
    runs = {run.text: run for run in bullet.runs}
    assert runs["the first"].bold and runs["notes"].italic
    assert runs["Menabrea"].font.name == word.MONOSPACE
    assert [link.url for link in bullet.hyperlinks] == ["https://example.com/notes"]
    assert bullet.text == ("Wrote the first program, in notes on Menabrea; see the notes.")


ARABIC = """\
basics:
  name: أحمد علي
  label: مهندس
resumekit:
  locale: ar
work:
  - name: شركة
    position: مهندس
    startDate: "2020-01"
"""


def test_a_right_to_left_resume_has_right_to_left_paragraphs_and_its_language(
    tmp_path, monkeypatch
):
    document = docx.Document(str(render(tmp_path, monkeypatch, ARABIC)))
    normal = document.styles["Normal"].element
    assert normal.pPr.find(f"{W}bidi") is not None
    assert normal.rPr.find(f"{W}lang").get(f"{W}val") == "ar"
    assert document.paragraphs[0].text == "أحمد علي"


def test_the_command_writes_docx_beside_the_pdf(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "resumekit", "render", str(SEED), "-f", "pdf,docx", "-o",
         str(tmp_path / "cv.pdf")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stderr + done.stdout
    assert (tmp_path / "cv.docx").exists() and (tmp_path / "cv.pdf").exists()
    assert docx.Document(str(tmp_path / "cv.docx")).paragraphs[0].text == "Senthilkumar Gopal"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_it_and_prints_every_bullet(seed_docx, tmp_path):
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(seed_docx)], capture_output=True, timeout=180, check=True)  # fmt: skip
    printed = subprocess.run(["pdftotext", str(tmp_path / "resume.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    flat = " ".join(printed.split())
    for highlight in seed_highlights():
        assert highlight[:50] in flat


def test_long_properties_are_cut_and_noncharacters_dropped(tmp_path, monkeypatch):
    text = (
        SEED.read_text(encoding="utf-8")
        .replace("name: Senthilkumar Gopal", 'name: "Senthilkumar \\uFFFE Gopal"')
        .replace(
            "label: Machine learning researcher", "label: " + "Machine learning researcher " * 12
        )
    )
    document = docx.Document(str(render(tmp_path, monkeypatch, text)))
    assert document.paragraphs[0].text == "Senthilkumar  Gopal"
    assert len(document.core_properties.subject) == word.MAX_PROPERTY
    assert document.core_properties.subject.endswith("…")


def test_a_hostile_page_margin_leaves_word_at_its_defaults(tmp_path, monkeypatch):
    theme = tmp_path / "themes" / "wide"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "wide"\nextends = "compact"\n')
    (theme / "style.css").write_text("@page { margin: 9999in 1e400pt }\n")
    section = docx.Document(str(render(tmp_path, monkeypatch, theme="wide"))).sections[0]
    assert section.top_margin == Pt(32.4) and section.left_margin == Pt(39.6)  # compact's

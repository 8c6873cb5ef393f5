"""Rendering the seed resume with every built-in theme, checked the way a reader sees it."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest

import resumekit
from conftest import SEED, in_order
from resumekit.markup import to_text
from resumekit.schema import highlight_text

THEMES = ("compact", "classic", "modern")
MAX_PAGES = {"compact": 2, "classic": 3, "modern": 3}


@pytest.fixture(scope="module", params=THEMES)
def rendered(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param)
    result = resumekit.render(resumekit.load(SEED), theme=request.param, output=out)
    return request.param, result


def squash(text: str) -> str:
    """Text with whitespace folded, so that line wrapping does not matter."""
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(path: Path) -> str:
    return squash(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages))


def seed_groups() -> list[list[str]]:
    """Everything the seed says, part by part, each part in the order it is written."""
    resume = resumekit.load(SEED)
    work = [resume.basics.name]
    for job in resume.work:
        work += [job.position, *(to_text(highlight_text(h)) for h in job.highlights)]
    groups = [
        work,
        [e.institution for e in resume.education],
        [p.name for p in resume.publications],
        [p.title for p in resume.patents],
        [a.title for a in resume.awards],
    ]
    return [[squash(line) for line in group] for group in groups]


def test_every_bullet_of_the_seed_in_order(rendered):
    _, result = rendered
    text = pdf_text(result.outputs["pdf"])
    for group in seed_groups():
        in_order(text, *group)


def test_sections_print_in_the_order_the_file_lists_them(rendered):
    theme, result = rendered
    text = pdf_text(result.outputs["pdf"]).upper()
    titles = ["EXPERIENCE", "EDUCATION", "AWARDS", "PUBLICATIONS", "PATENTS"]
    if theme == "modern":  # the sidebar holds education; the main column keeps the file's order
        titles.remove("EDUCATION")
    found = [text.find(title) for title in titles]
    assert -1 not in found and found == sorted(found), dict(zip(titles, found, strict=True))


def test_page_count_and_letter_size(rendered):
    theme, result = rendered
    reader = pypdf.PdfReader(result.outputs["pdf"])
    assert len(reader.pages) == result.pages
    assert 1 <= result.pages <= MAX_PAGES[theme]  # compact: the seed fits two pages
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_links_are_clickable(rendered):
    _, result = rendered
    uris = {
        annot.get_object()["/A"]["/URI"]
        for page in pypdf.PdfReader(result.outputs["pdf"]).pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object()
    }
    assert {
        "https://sengopal.me",
        "mailto:senthil777@gmail.com",
        "tel:4088393815",
        "https://linkedin.com/in/senthilkumargopal",
    } <= uris


def test_metadata_and_accessibility(rendered):
    _, result = rendered
    reader = pypdf.PdfReader(result.outputs["pdf"])
    meta = reader.metadata
    assert meta.title.startswith("Senthilkumar Gopal")
    assert meta.author == "Senthilkumar Gopal"
    assert "AWS" in meta["/Keywords"] and "eBay Inc" in meta["/Keywords"]
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert root["/Lang"] == "en"


def test_one_bookmark_per_section(rendered):
    theme, result = rendered
    titles = [item.title for item in pypdf.PdfReader(result.outputs["pdf"]).outline]
    sections = ["Summary", "Experience", "Education", "Awards", "Publications", "Patents"]
    if theme == "modern":  # the sidebar comes first: contact details, then education
        sections = ["Contact", "Education", *(s for s in sections if s != "Education")]
    assert titles == sections


def test_fonts_are_packaged_subset_and_embedded(rendered):
    _, result = rendered
    fonts = {}
    for page in pypdf.PdfReader(result.outputs["pdf"]).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    assert fonts and all(fonts.values()), fonts
    assert all(re.match(r"^/[A-Z]{6}\+(IBM-Plex|Fira)", name) for name in fonts), fonts


def test_same_input_gives_identical_bytes(rendered, tmp_path):
    theme, result = rendered
    again = resumekit.render(resumekit.load(SEED), theme=theme, output=tmp_path)
    assert again.outputs["pdf"].read_bytes() == result.outputs["pdf"].read_bytes()
    assert again.outputs["html"].read_bytes() == result.outputs["html"].read_bytes()


class _Checker(HTMLParser):
    """Collects what a self-contained, well-formed page must (not) have."""

    VOID = frozenset({"meta", "link", "br", "img", "hr", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.external: list[str] = []
        self.viewport = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "viewport":
            self.viewport = True
        if tag == "link" or (tag in ("img", "script") and "src" in attrs):
            self.external.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"unbalanced </{tag}> at {self.getpos()}")


def test_html_is_one_well_formed_self_contained_page(rendered):
    _, result = rendered
    page = result.outputs["html"].read_text()
    checker = _Checker()
    checker.feed(page)
    assert checker.problems == [] and checker.stack == []
    assert checker.viewport and checker.external == []
    urls = re.findall(r"url\(\"?([^\")]+)", page)
    assert urls and all(u.startswith("data:font/ttf;base64,") for u in urls)
    assert "@media print" in page and "max-width: 640px" in page
    assert "Senthilkumar Gopal" in page and "<em>transformers-neuronx</em>" in page


def test_warm_render_gives_the_bytes_of_a_cold_one(tmp_path):
    """Caches kept across renders (watch, variants) must not change the output."""
    cold = tmp_path / "cold"
    done = subprocess.run(
        [sys.executable, "-m", "resumekit", "render", str(SEED), "-o", str(cold)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    resume = resumekit.load(SEED)
    for _ in range(2):  # the second render in this process is a warm one
        warm = resumekit.render(resume, output=tmp_path / "warm")
    assert warm.outputs["pdf"].read_bytes() == (cold / "resume.pdf").read_bytes()
    assert warm.outputs["html"].read_bytes() == (cold / "resume.html").read_bytes()

"""The thing (project, talk, certificate) is more prominent than where it happened, in the PDF."""

from __future__ import annotations

import pypdf
import pytest

import resumekit
from conftest import DATA

# (the thing, where it happened) in tests/data/full.yaml: a project, a talk, a certificate.
PAIRS = [("fastq", "Personal"), ("Rust at Acme", "RustConf"), ("CKA", "CNCF")]
WEIGHTS = {"Bold": 700, "Semi-Bold": 600, "SemiBold": 600, "Medium": 500}


def weight(font: str) -> int:
    """Weight of an embedded font from its name (ABCDEF+IBM-Plex-Serif-Bold -> 700)."""
    return max((w for name, w in WEIGHTS.items() if name in font), default=400)


def fonts_of_runs(pdf) -> dict[str, str]:
    """Each run of text in the PDF with the font it is set in."""
    runs: dict[str, str] = {}

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            runs.setdefault(text.strip(), str(font["/BaseFont"]))

    for page in pypdf.PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("theme", ["compact", "classic", "modern"])
def test_the_thing_is_set_bolder_than_where_it_happened(theme, tmp_path):
    resume = resumekit.load(DATA / "full.yaml")
    pdf = resumekit.render(resume, theme=theme, formats=["pdf"], output=tmp_path).outputs["pdf"]
    runs = fonts_of_runs(pdf)
    for thing, place in PAIRS:
        assert weight(runs[thing]) >= weight(runs[place]), (thing, runs[thing], runs[place])
    assert weight(runs["fastq"]) > weight(runs["Personal"])
    assert weight(runs["Rust at Acme"]) > weight(runs["RustConf"])


def test_classic_heads_jobs_with_the_employer(tmp_path):
    """Employer and school still lead in classic, by convention."""
    resume = resumekit.load(DATA / "full.yaml")
    pdf = resumekit.render(resume, theme="classic", formats=["pdf"], output=tmp_path).outputs["pdf"]
    runs = fonts_of_runs(pdf)
    assert weight(runs["Code Club"]) > weight(runs["Mentor"])

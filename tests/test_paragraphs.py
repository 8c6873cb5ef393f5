"""Paragraph breaks: a blank line in a summary or a description starts a new paragraph in the
PDF, the HTML, txt and md; a single line break stays a space; a highlight stays one bullet."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest

import resumekit
from resumekit.cli import app

LONG = (
    "Alphapara opens a summary long enough to wrap onto a second line in every theme, since "
    "a paragraph's gap is measured against the lines of the paragraph itself, and so this "
    "sentence goes on."
)
RESUME = {
    "basics": {"name": "Ada Example", "summary": f"{LONG}\n\nBetapara follows with **bold**."},
    "work": [
        {
            "name": "Acme",
            "position": "Engineer",
            "startDate": "2020-02",
            "summary": "Workpara one.\r\n \t\r\nWorkpara two.",
            "highlights": ["Bullet one\n\nstill bullet one"],
        }
    ],
    "awards": [{"title": "Best Paper", "date": "2021-05", "summary": "Award one.\n\nAward two."}],
    "projects": [{"name": "fastq", "description": "Project one\nsoft.\n\n\n\nProject two."}],
}


def render(runner, tmp_path: Path, resume: dict, *args: str) -> Path:
    """Render ``resume`` (written as YAML: JSON's strings are YAML's double-quoted ones) with
    the real CLI; the output folder."""
    source = tmp_path / "resume.yaml"
    source.write_text(json.dumps(resume, indent=1), encoding="utf-8")
    result = runner.invoke(app, ["render", str(source), "-o", str(tmp_path / "out"), *args])
    assert result.exit_code == 0, result.output
    return tmp_path / "out"


def line_starts(pdf: Path) -> dict[float, list[tuple[float, str]]]:
    """The first page's runs of text by x: (y, text) of each, top to bottom."""
    runs: dict[float, list[tuple[float, str]]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            x, y = cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]
            runs.setdefault(round(x, 1), []).append((y, text.strip()))

    pypdf.PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return {x: sorted(column, reverse=True) for x, column in runs.items()}


def lines_between(pdf: Path, first: str, last: str) -> list[float]:
    """The baselines of the lines from the one starting with ``first`` to the one starting
    with ``last``, in the column where both start."""
    for column in line_starts(pdf).values():
        ys = {text.split()[0]: y for y, text in column}
        if first in ys and last in ys:
            return sorted({y for y, _ in column if ys[last] <= y <= ys[first]}, reverse=True)
    raise AssertionError(f"no column holds lines starting {first!r} and {last!r}")


@pytest.mark.parametrize("theme", ["compact", "classic", "modern"])
def test_paragraphs_are_lines_of_their_own_with_space_between(runner, tmp_path, theme):
    out = render(runner, tmp_path, RESUME, "-t", theme, "-f", "pdf")
    pdf = out / "resume.pdf"
    summary = lines_between(pdf, "Alphapara", "Betapara")
    assert len(summary) >= 3, summary  # the first paragraph wraps: its line pitch is known
    pitch, gap = summary[0] - summary[1], summary[-2] - summary[-1]
    assert gap > pitch + 2, (theme, summary)
    lines = pypdf.PdfReader(pdf).pages[0].extract_text().splitlines()
    assert "Workpara one." in lines and "Workpara two." in lines
    assert "Award two." in lines  # under the award's line
    assert "Bullet one still bullet one" in " ".join(" ".join(lines).split())


@pytest.mark.parametrize("theme", ["compact", "classic", "modern"])
def test_html_gives_each_paragraph_a_p_of_its_own(runner, tmp_path, theme):
    html = (render(runner, tmp_path, RESUME, "-t", theme, "-f", "html") / "resume.html").read_text()
    assert (
        f'<div class="text"><p dir="auto">{LONG}</p>'
        '<p dir="auto">Betapara follows with <strong>bold</strong>.</p></div>'
    ) in html
    assert '<p dir="auto">Workpara one.</p><p dir="auto">Workpara two.</p>' in html
    assert '<p dir="auto">Project one\nsoft.</p><p dir="auto">Project two.</p>' in html
    assert '<p class="more" dir="auto">Award two.</p>' in html  # under the award's line
    assert '<li dir="auto">Bullet one\n\nstill bullet one</li>' in html  # one bullet


def test_txt_and_md_put_a_blank_line_between_paragraphs(runner, tmp_path):
    out = render(runner, tmp_path, RESUME, "-f", "txt,md")
    txt, md = (out / "resume.txt").read_text(), (out / "resume.md").read_text()
    for text in (txt, md):
        assert f"{LONG}\n\nBetapara follows with " in text
        assert "Workpara one.\n\nWorkpara two.\n- Bullet one still bullet one\n" in text
        assert "Project one soft.\n\nProject two." in text  # a line break is a space
    assert "\n- Best Paper | May 2021 | Award one.\n\n  Award two.\n" in txt
    assert "\n- Best Paper — May 2021 · Award one.\n\n  Award two.\n" in md
    assert "Betapara follows with **bold**." in md


def test_json_export_keeps_the_text_as_written(runner, tmp_path):
    out = render(runner, tmp_path, RESUME, "-f", "json")
    exported = json.loads((out / "resume.json").read_text())
    assert exported["work"][0]["summary"] == "Workpara one.\r\n \t\r\nWorkpara two."
    assert exported["basics"]["summary"] == RESUME["basics"]["summary"]


@pytest.mark.parametrize(
    "breaks",
    ["\n\n", "\r\n\r\n", "\r\r", "\n \t\n", "\n\n\n\n", "\r\n\u3000\r\n", "\u2029", "  \n\n  "],
)
def test_every_blank_line_is_a_paragraph_break(runner, tmp_path, breaks):
    resume = {"basics": {"name": "Ada", "summary": f"\n\nOne *x*.{breaks}Two.\n \n"}}
    html = (render(runner, tmp_path, resume, "-f", "html") / "resume.html").read_text()
    assert '<div class="text"><p dir="auto">One <em>x</em>.</p><p dir="auto">Two.</p></div>' in html


def test_a_windows_file_with_a_block_of_paragraphs(runner, tmp_path):
    source = tmp_path / "resume.yaml"
    source.write_bytes(b"basics:\r\n  name: Ada\r\n  summary: |\r\n    One.\r\n\r\n    Two.\r\n")
    result = runner.invoke(app, ["render", str(source), "-f", "txt", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "resume.txt").read_text() == "Ada\n\nSUMMARY\nOne.\n\nTwo.\n"


def test_each_paragraph_is_as_safe_as_a_line(runner, tmp_path):
    summary = "One.\n\n<script>alert(1)</script> [x](javascript:alert(1)) [y](https://y.example)"
    resume = {"basics": {"name": "Ada", "summary": summary}}
    html = (render(runner, tmp_path, resume, "-f", "html") / "resume.html").read_text()
    assert (
        '<p dir="auto">&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1)) '
        '<a rel="noopener" href="https://y.example">y</a></p>'
    ) in html


def test_a_theme_that_prints_the_text_whole_gets_the_paragraphs_apart(runner, tmp_path):
    theme = tmp_path / "themes" / "old"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "old"\nextends = "compact"\n')
    (theme / "resume.html.j2").write_text(
        '{% set s = resume.section("summary") %}<p class="text">{{ s.text }}</p>'
    )
    resume = {"basics": {"name": "Ada", "summary": "One <b>.\n\nTwo."}}
    out = render(runner, tmp_path, resume, "-t", str(theme), "-f", "html")
    assert (out / "resume.html").read_text() == '<p class="text">One &lt;b&gt;.<br><br>Two.</p>'


def test_a_resume_without_contacts_has_no_empty_contact_line(tmp_path):
    source = tmp_path / "resume.yaml"
    source.write_text("basics: {name: Ada, label: Engineer}\nwork:\n  - name: Acme\n",
                      encoding="utf-8")  # fmt: skip
    result = resumekit.render(resumekit.load(source), formats=["txt"], output=tmp_path)
    assert (
        result.outputs["txt"]
        .read_text(encoding="utf-8")
        .startswith("Ada\nEngineer\n\nWORK EXPERIENCE\n")
    )

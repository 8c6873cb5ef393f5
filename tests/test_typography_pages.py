"""Page breaks a typographer would accept: no heading or entry head alone at a page's foot,
and no nearly empty last page where a small tightening saves it."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from weasyprint.formatting_structure import boxes

import resumekit
from conftest import DATA, SEED
from resumekit import fit, fonts, html, pdf, themes, view

HEAD = {"h2", "header"}  # a section heading; an entry's head (<header class="entry-head">)
LEADS_IN = {"details", "summary"}  # what an entry says before its bullets


def lay_out(resume_path: Path, theme_name: str, font_size: float) -> pdf.Layout:
    resume = resumekit.load(resume_path)
    theme = themes.find(theme_name)
    values = theme.resolve_options(("test", {"font_size": font_size}))
    css = html.stylesheet(theme, values, fonts.font_face_css(fonts.text_family(values)))
    page = html.render_html(theme, view.build(resume, None, ""), values, css)
    roots = [*theme.folders, *fonts.font_dirs()]
    return pdf.layout(page, resume_path.parent, roots, False, theme_name, time.monotonic() + 120)


def lines(page_box: boxes.PageBox) -> Iterator[tuple[boxes.LineBox, list]]:
    """Each line of the page's content (not its margin boxes) with its ancestors' elements."""

    def walk(box: boxes.Box, elements: list) -> Iterator[tuple[boxes.LineBox, list]]:
        element = getattr(box, "element", None)
        if (
            element is not None
            and box.element_tag
            and (not elements or elements[-1] is not element)
        ):
            elements = [*elements, element]
        if isinstance(box, boxes.LineBox):
            yield box, elements
        elif isinstance(box, boxes.ParentBox):
            for child in box.children:
                yield from walk(child, elements)

    for child in page_box.children:
        if not isinstance(child, boxes.MarginBox):
            yield from walk(child, [])


def elements_on(page_box: boxes.PageBox) -> set[int]:
    return {id(element) for _, elements in lines(page_box) for element in elements}


def foot(page_box: boxes.PageBox) -> list:
    """The elements around the lowest line of the page."""
    _, elements = max(lines(page_box), key=lambda found: found[0].position_y)
    return elements


@pytest.mark.parametrize("theme", ["compact", "classic", "modern"])
@pytest.mark.parametrize("resume", [SEED, DATA / "full.yaml"], ids=["seed", "full"])
def test_no_heading_or_entry_head_ends_a_page(theme, resume):
    """At sizes that move every break, a page never ends with a section heading, nor with
    an entry's head, details or summary when the entry goes on over the page."""
    for size in (8.5, 9.5, 10.5, 11.5):
        pages = [page._page_box for page in lay_out(resume, theme, size).document.pages]
        for number, (page, following) in enumerate(itertools.pairwise(pages), start=1):
            elements = foot(page)
            tags = {e.tag for e in elements}
            classes = {c for e in elements for c in e.get("class", "").split()}
            where = f"{theme} at {size}pt, foot of page {number}"
            assert "h2" not in tags, where
            entry = next((e for e in elements if "entry" in e.get("class", "").split()), None)
            goes_on = entry is not None and id(entry) in elements_on(following)
            assert not (goes_on and (tags & HEAD or classes & LEADS_IN)), where


def fill(pdf_path: Path) -> float:
    """How far down the last page its lowest word reaches, over the page's height."""
    page = pypdf.PdfReader(pdf_path).pages[-1]
    lowest: list[float] = []
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: text.strip()
                      and lowest.append(tm[5]))  # fmt: skip
    height = float(page.mediabox.height)
    return (height - min(lowest)) / height


def test_a_nearly_empty_last_page_is_saved_by_a_small_tightening(tmp_path):
    """The seed in modern ran to a third page 15% full; its minimum density fits two."""
    resume = resumekit.load(SEED)
    settled = resumekit.render(resume, theme="modern", formats=["pdf"], output=tmp_path / "a")
    assert settled.pages == 2
    assert settled.options["density"] < 1.0 and settled.options["font_size"] == 9.0
    assert fill(settled.outputs["pdf"]) > 0.5


def test_the_users_own_spacing_is_kept(tmp_path):
    resume = resumekit.load(SEED)
    given = resumekit.render(
        resume, theme="modern", formats=["pdf"], output=tmp_path, options={"density": 0.9}
    )
    assert given.options["density"] == 0.9 and given.pages == 3


def test_settling_stays_within_a_five_percent_smaller_font():
    """A layout needs font_size 9.4 of classic's 10 to lose its last page: too much."""
    theme = themes.find("classic")
    values = theme.resolve_options()
    tried: list[dict] = []

    def pages(options: dict) -> int:
        tried.append(options)
        return 2 if options["font_size"] <= 9.4 else 3

    kept, _ = fit.settle(theme, values, values, lambda v: v, pages, lambda v: 0.1)
    assert kept == values
    assert min(t["font_size"] for t in tried) == 9.5 and min(t["density"] for t in tried) == 0.5
    saved, _ = fit.settle(theme, values, values, lambda v: v,
                          lambda v: 2 if v["font_size"] <= 9.6 else 3, lambda v: 0.1)  # fmt: skip
    assert saved["density"] == 0.5 and 9.5 <= saved["font_size"] <= 9.6

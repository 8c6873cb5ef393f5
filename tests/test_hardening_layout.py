"""Hostile layouts: theme CSS and templates that would keep the PDF renderer busy for minutes,
fill memory, or crash it; PNG pages too large to draw; and the deadline that bounds it all."""

from __future__ import annotations

import contextlib
import io
import re
import signal
import time
from pathlib import Path

import pypdf
import pytest

import resumekit
from conftest import copy_seed
from resumekit import pdf_worker
from resumekit.deadline import deadline
from resumekit.errors import RenderError
from resumekit.outputs.png import pages_to_png
from test_hostile import run_cli

PAGE = "<html><head><style>{{ css }}</style></head><body>%s</body></html>"
BREAKING = PAGE % "{% for i in range(10000) %}<p>{{ i }}</p>{% endfor %}"
PAST_50 = (
    "error: theme 'evil': the layout runs past 50 pages, the most a resume may have\n"
    "hint: does the theme's CSS set a tiny @page size, or break the page after every element?\n"
)


def project(tmp_path: Path, css: str, template: str | None = None) -> Path:
    """A resume and a theme 'evil' (extending compact) with this style.css and template."""
    folder = tmp_path / "themes" / "evil"
    folder.mkdir(parents=True)
    copy_seed(tmp_path)
    (folder / "theme.toml").write_text('name = "evil"\nextends = "compact"\n')
    (folder / "style.css").write_text(css)
    if template:
        (folder / "resume.html.j2").write_text(template)
    return tmp_path


def render(folder: Path, formats: str = "pdf,html,png"):
    """The real command in a child process (1 GiB of memory), bounded against a hang."""
    return run_cli("render", str(folder / "resume.yaml"), "--theme", "evil", "--format", formats,
                   "-o", str(folder / "out"), cwd=folder, timeout=300)  # fmt: skip


def assert_refused(done, message: str, folder: Path) -> None:
    assert done.returncode == 1, done.stderr
    assert f"error: {message}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (folder / "out").exists()


@pytest.mark.parametrize(
    ("css", "template"),
    [
        ("@page { size: 30px 30px !important; margin: 0 !important }", None),
        ("p { page-break-after: always }", BREAKING),
        ("p { break-before: page }", BREAKING),
    ],
    ids=["tiny-pages", "break-after", "break-before"],
)
def test_a_layout_past_50_pages_is_refused(tmp_path, css, template):
    folder = project(tmp_path, css, template)
    done = render(folder)
    assert_refused(done, "", folder)
    assert done.stderr.endswith(PAST_50)


def test_a_page_of_a_million_elements_is_refused_before_layout(tmp_path):
    many = PAGE % "{% for j in range(100) %}{% for i in range(10000) %}<p>{{ i }}</p>{% endfor %}"
    folder = project(tmp_path, "", many + "{% endfor %}")
    done = render(folder)
    assert_refused(done, "theme 'evil' makes a page of more than 100,000 HTML elements "
                   "(spanned table columns and rows included); a resume needs a few "
                   "thousand\n", folder)  # fmt: skip


@pytest.mark.parametrize(
    "table",
    [
        '<table><colgroup>{% for i in range(2000) %}<col span="1000">{% endfor %}</colgroup>'
        "<tr><td>a</td></tr></table>",
        "<table>{% for i in range(200) %}<tr><td colspan='1000'>a</td></tr>{% endfor %}</table>",
        "<table>{% for i in range(2) %}<tr><td rowspan=65534>a</td></tr>{% endfor %}</table>",
    ],
    ids=["col-span", "colspan", "rowspan"],
)
def test_spanned_table_columns_count_as_elements(tmp_path, table):
    folder = project(tmp_path, "", PAGE % table)
    done = render(folder)
    assert_refused(done, "theme 'evil' makes a page of more than 100,000 HTML elements "
                   "(spanned table columns and rows included); a resume needs a few "
                   "thousand\n", folder)  # fmt: skip


MILLIONS = '{% for i in range(19) %}{{ "x" * 999999 }}{% endfor %}'


@pytest.mark.parametrize(
    ("css", "body"),
    [
        ("", f'<p style="white-space: nowrap">{MILLIONS}</p>'),
        ("p::before { content: attr(title); white-space: nowrap }", f'<p title="{MILLIONS}"></p>'),
        ("", f'<p title="a>b <style>" style="white-space:nowrap">{MILLIONS}<i title="</style>">'),
        ("", f'<textarea style="white-space:nowrap"><style>{MILLIONS}</style></textarea>'),
    ],
    ids=["text", "attr", "tag-in-attribute", "textarea"],
)
def test_a_page_of_millions_of_characters_is_refused_before_pango_sees_it(tmp_path, css, body):
    folder = project(tmp_path, css, PAGE % body)
    done = render(folder)
    assert_refused(done, "theme 'evil' makes a page of ", folder)
    assert "characters of HTML; at most 2,000,000 are laid out\n" in done.stderr


def test_a_stylesheet_over_a_mebibyte_is_refused(tmp_path):
    link = '<link rel="stylesheet" href="themes/evil/big.css"><p>x</p>'
    folder = project(tmp_path, "", PAGE % link)
    (folder / "themes" / "evil" / "big.css").write_text("p { color: red }\n" * 70_000)
    done = render(folder)
    assert_refused(done, "", folder)
    assert "big.css: refused to read it: 1.135 MiB, the limit is 1 MiB" in done.stderr


@pytest.mark.parametrize(
    ("size", "shown"),
    [("200in 200in", "5080 × 5080 mm"), ("3cm 3cm", "30 × 30 mm"), ("10cm 300cm", "100 × 3000 mm")],
)
def test_a_page_size_no_printer_has_is_refused(tmp_path, size, shown):
    css = f"@page {{ size: {size} !important; margin: 0 !important }}"
    folder = project(tmp_path, css, PAGE % "<p>x</p>")
    done = render(folder)
    assert_refused(done, f"theme 'evil': its @page size, {shown}, is not a paper size (each "
                   "side must be 5 cm to 2 m)\n", folder)  # fmt: skip


@pytest.mark.parametrize(
    ("css", "template"),
    [
        ("p { font-size: 1e30px }", None),
        ("h1 { font-size: calc(1e30px * 1e30) }", None),
        ("p { letter-spacing: -1e9px }", None),
        ("li::marker { content: counter(list-item, upper-roman) } "
         "ol { counter-reset: list-item 99999999999 }",
         PAGE % "<ol><li>a</li><li>b</li></ol>"),
    ],
    ids=["font-size", "calc", "letter-spacing", "roman-counter"],
)  # fmt: skip
def test_css_that_crashes_the_pdf_renderer_is_a_theme_error(tmp_path, css, template):
    """Which exception WeasyPrint raises depends on the rest of the stylesheet; the message
    names it, whatever it is."""
    folder = project(tmp_path, css, template)
    done = render(folder)
    assert_refused(done, "theme 'evil': the PDF renderer failed on its CSS or HTML (", folder)
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].endswith(")")
    assert re.search(r"HTML \((\w+Error|\w+Exception): ", errors[0]), errors[0]


def test_html_nested_past_the_renderer_s_recursion_limit_is_a_theme_error(tmp_path):
    folder = project(tmp_path, "", PAGE % "{% for i in range(5000) %}<div>{% endfor %}x")
    done = render(folder)
    assert_refused(done, "theme 'evil': the PDF renderer failed on its CSS or HTML "
                   "(RecursionError: maximum recursion depth exceeded", folder)  # fmt: skip


def test_an_assertion_in_a_jinja_filter_is_a_template_error(tmp_path):
    folder = project(tmp_path, "", '<p>{{ "a"|truncate(0, false, "xx") }}</p>')
    done = render(folder, "html")
    template = folder / "themes" / "evil" / "resume.html.j2"
    assert_refused(done, f"{template}:1: template error: expected length >= 2, got 0\n", folder)


def test_the_pdf_renderer_has_a_deadline(tmp_path, monkeypatch):
    """pdf_worker.SECONDS, shortened: a layout that takes seconds (10,000 page breaks, up to the
    page limit) meets it, on the main thread, whatever WeasyPrint catches on the way."""
    folder = project(tmp_path, "p { page-break-after: always }", BREAKING)
    monkeypatch.setattr(pdf_worker, "SECONDS", 0.05)
    with pytest.raises(RenderError) as info:
        resumekit.render(resumekit.load(folder / "resume.yaml"), theme="evil",
                         output=folder / "out")  # fmt: skip
    assert info.value.message == (
        "theme 'evil': the PDF renderer ran longer than 0.05 seconds; a resume takes about one"
    )
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert not (folder / "out").exists()


class Late(Exception):
    pass


class Later(Exception):
    pass


def test_a_deadline_swallowed_once_fires_again():
    with pytest.raises(Late), deadline(0.05, Late):
        with contextlib.suppress(Late):  # as WeasyPrint does around an image it cannot load
            time.sleep(10)
        time.sleep(10)
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_an_enclosing_deadline_keeps_running():
    with pytest.raises(Later), deadline(0.2, Later), deadline(10, Late):
        time.sleep(10)  # the enclosing deadline ends first
    with deadline(10, Later):
        with pytest.raises(Late), deadline(0.05, Late):
            time.sleep(10)
        assert 9 < signal.getitimer(signal.ITIMER_REAL)[0] <= 10  # set again, not cleared
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def blank_pdf(pages: int, side: float) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=side, height=side)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_png_refuses_a_page_too_large_to_draw():
    with pytest.raises(RenderError) as info:
        pages_to_png(blank_pdf(1, 200 * 72))  # 200 in a side: 28,800² pixels at 144 dpi
    assert info.value.message == (
        "page 1 would be 28800 × 28800 pixels at 144 dpi; a PNG page may have at most 40,000,000"
    )


def test_png_refuses_more_pages_than_a_resume_has():
    with pytest.raises(RenderError) as info:
        pages_to_png(blank_pdf(51, 72))
    assert info.value.message == "the PDF has 51 pages; PNG output makes at most 50"

"""A cover letter as Word (``resumekit letter --format docx``): the resume's Word masthead
and styles (word.py), then the date, recipient, subject, salutation, text, closing and name."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt
from markupsafe import Markup

from resumekit.outputs.word import (
    Runs,
    Writer,
    half_points,
    new_document,
    property_text,
    saved,
)

if TYPE_CHECKING:
    from resumekit.letters import LetterView
    from resumekit.outputs.page_setup import Page
    from resumekit.view import View


def to_docx(
    sender: View, letter: LetterView, options: dict[str, Any], paper: Page, date: str | None
) -> bytes:
    """The letter as a Word document's bytes, in the theme's paper, type and accent: its
    text a size up from the resume's, spaced as the PDF's is."""
    document = new_document(sender, options, paper, date)
    document.core_properties.title = property_text(letter.title)
    size = float(options["font_size"]) * TEXT_SCALE
    _letter_styles(document, size)
    writer = Writer(document, paper)
    writer.masthead(sender)
    writer.paragraph("Letter Block").text_runs(letter.date)
    recipient = writer.paragraph("Letter Block")
    for number, line in enumerate(letter.recipient):
        if number:
            recipient.paragraph.add_run().add_break()
        recipient.text_runs(line)
    if letter.subject:
        writer.paragraph("Letter Block").text_runs(letter.subject, bold=True)
    if letter.salutation:
        writer.paragraph("Letter").text_runs(letter.salutation)
    _Body(writer).feed(str(letter.body))
    if letter.closing:
        closing = writer.paragraph("Letter")
        closing.paragraph.paragraph_format.space_before = Pt(size * 0.6)
        closing.paragraph.paragraph_format.keep_with_next = True  # never parts from the name
        closing.text_runs(letter.closing)
    signature = writer.paragraph("Letter")
    signature.paragraph.paragraph_format.space_before = Pt(size * 2.2)
    signature.text_runs(letter.signature, bold=True)
    return saved(document)


#: A letter's text against the resume's font size, as the themes' letter CSS sets it.
TEXT_SCALE = 1.12


def _letter_styles(document: Any, size: float) -> None:
    """Letter (a paragraph of the text) and Letter Block (date, recipient, subject), and
    the list styles at the text's size."""
    styles = document.styles
    text = styles.add_style("Letter", WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = styles["Normal"]
    text.font.size = half_points(size)
    text.paragraph_format.space_after = Pt(size * 0.85)
    text.paragraph_format.line_spacing = 1.15
    block = styles.add_style("Letter Block", WD_STYLE_TYPE.PARAGRAPH)
    block.base_style = text
    block.paragraph_format.space_after = Pt(size * 1.4)
    for name in ("List Bullet", "List Bullet 2", "List Bullet 3"):
        styles[name].font.size = half_points(size)
        styles[name].paragraph_format.space_after = Pt(size * 0.3)
        styles[name].paragraph_format.line_spacing = 1.15


class _Body(HTMLParser):
    """The letter's text (markdown-it's HTML: p, ul, ol, li and inline tags) as paragraphs:
    each p or li one paragraph; a bulleted item in Word's bullet list style of its depth, a
    numbered one numbered as written (Word's numbered style would count on across lists)."""

    def __init__(self, writer: Writer) -> None:
        super().__init__(convert_charrefs=False)
        self.writer = writer
        self.lists: list[list[Any]] = []  # [tag, items so far] of each open list, outermost first
        self.inline: list[str] = []  # the HTML of the paragraph being read
        self.number = ""  # "3. " while reading a numbered item's text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self._flush()
            start = dict(attrs).get("start") or "1"
            self.lists.append([tag, int(start) - 1 if start.isdigit() else 0])
        elif tag in ("p", "li"):
            self._flush()
            if tag == "li" and self.lists:
                self.lists[-1][1] += 1
                self.number = f"{self.lists[-1][1]}. " if self.lists[-1][0] == "ol" else ""
        else:
            self.inline.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li"):
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        else:
            self.inline.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.inline.append(data)

    def handle_entityref(self, name: str) -> None:
        self.inline.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.inline.append(f"&#{name};")

    def _flush(self) -> None:
        text = "".join(self.inline).strip()
        self.inline = []
        if not text:
            return
        depth = len(self.lists)
        if depth and self.lists[-1][0] == "ul":
            runs: Runs = self.writer.paragraph(
                "List Bullet" + (f" {min(depth, 3)}" if depth > 1 else "")
            )
        else:
            runs = self.writer.paragraph("Letter")
            if depth:  # a numbered item: indented by its depth, its number hanging
                runs.paragraph.paragraph_format.left_indent = Pt(18 * depth)
                runs.paragraph.paragraph_format.first_line_indent = Pt(-14)
                runs.paragraph.paragraph_format.space_after = Pt(2)
                runs.text_runs(self.number)
        runs.markup(Markup(text))

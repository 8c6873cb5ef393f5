"""A cover letter as Word (``resumekit letter --format docx``): the resume's Word masthead
and styles (word.py), then the date, recipient, subject, salutation, text, closing and name."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt
from markupsafe import Markup

from resumekit.outputs.word import Runs, Writer, new_document, saved

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
    document.core_properties.title = letter.title
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
    writer.paragraph("Letter").text_runs(letter.salutation)
    _Body(writer).feed(str(letter.body))
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
    text.font.size = Pt(round(size * 2) / 2)
    text.paragraph_format.space_after = Pt(size * 0.85)
    text.paragraph_format.line_spacing = 1.15
    block = styles.add_style("Letter Block", WD_STYLE_TYPE.PARAGRAPH)
    block.base_style = text
    block.paragraph_format.space_after = Pt(size * 1.4)
    for name in ("List Bullet", "List Number"):
        styles[name].font.size = Pt(round(size * 2) / 2)
        styles[name].paragraph_format.space_after = Pt(size * 0.3)
        styles[name].paragraph_format.line_spacing = 1.15


class _Body(HTMLParser):
    """The letter's text (markdown-it's HTML: p, ul, ol, li and inline tags) as paragraphs:
    each p or li one paragraph, li in Word's bulleted or numbered list style."""

    def __init__(self, writer: Writer) -> None:
        super().__init__(convert_charrefs=False)
        self.writer = writer
        self.lists: list[str] = []
        self.inline: list[str] = []  # the HTML of the paragraph being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self._flush()
            self.lists.append(tag)
        elif tag in ("p", "li"):
            self._flush()
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
        style = (
            {"ul": "List Bullet", "ol": "List Number"}[self.lists[-1]] if self.lists else "Normal"
        )
        runs: Runs = self.writer.paragraph(style)
        runs.markup(Markup(text))

"""Word (.docx) from the view model, with python-docx: what job portals and recruiters ask for.

One column that an applicant-tracking system reads in the page's order: Word's heading
styles for the name (Title), the sections (Heading 1) and each entry (Heading 2), Word's own
bulleted list style for highlights, dates after a right-aligned tab stop, live links, and no
table, text box, header or footer. The theme gives the paper size, the margins (its
``@page`` rule), the font, the font size and the accent; Word shows the font where it is
installed and a similar one where not (README: Word). Equal input, equal bytes: the
document's dates are the PDF's (SOURCE_DATE_EPOCH, else the resume's meta.lastModified, else
none) and every file in the package carries the same fixed time.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from markupsafe import Markup

from resumekit.dates import creation_date
from resumekit.outputs.page_setup import Page, page
from resumekit.outputs.text import clean
from resumekit.view import Item, Section, View

if TYPE_CHECKING:
    from docx.document import Document
    from docx.styles.style import BaseStyle
    from docx.text.paragraph import Paragraph

    from resumekit.outputs.context import Context

#: The text's colour, as the built-in themes print it; the accent colours the name, the
#: section headings and the links.
INK = RGBColor(0x1D, 0x1D, 0x1F)
#: Inline code's font: one every Word has.
MONOSPACE = "Courier New"
MUTED = RGBColor(0x55, 0x55, 0x55)
#: Every file in the package is dated so (ZIP's own first day): equal input, equal bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_WHITESPACE = re.compile(r"\s+")
#: What each tag of the view's inline HTML makes of its text.
_TAG_STYLES = {"strong": "bold", "em": "italic", "code": "code"}


def docx_file(context: Context) -> list[bytes]:
    meta = context.resume.meta
    date = creation_date(meta.last_modified if meta else None)
    options = context.settled()  # the PDF's, after a fit, where a PDF is made too
    return [to_docx(context.model, options, page(options, context.theme.css()), date)]


def to_docx(view: View, options: dict[str, Any], paper: Page, date: str | None) -> bytes:
    """The resume as a Word document's bytes."""
    document = new_document(view, options, paper, date)
    writer = Writer(document, paper)
    writer.masthead(view)
    for section in view.sections:
        writer.section(section)
    return saved(document)


def new_document(view: View, options: dict[str, Any], paper: Page, date: str | None) -> Document:
    """An empty document with the theme's paper, margins and styles, and the properties of
    ``view`` (title, author, keywords, language)."""
    document = docx.Document()
    _set_up(document, view, options, paper, date)
    return document


def _set_up(
    document: Document, view: View, options: dict[str, Any], paper: Page, date: str | None
) -> None:
    """Paper, margins, styles and document properties."""
    section = document.sections[0]
    section.page_width, section.page_height = Pt(paper.width), Pt(paper.height)
    section.top_margin, section.bottom_margin = Pt(paper.top), Pt(paper.bottom)
    section.left_margin, section.right_margin = Pt(paper.left), Pt(paper.right)
    size = float(options["font_size"])
    accent = _rgb(str(options.get("accent", "")))
    font = str(options["font"])
    styles = document.styles
    normal = styles["Normal"]
    _font(normal, font, size, INK)
    _language(normal, view)
    normal.paragraph_format.space_after = Pt(size * 0.3)
    normal.paragraph_format.line_spacing = 1.0  # Word's single spacing: the font's own
    for name, scale, colour, bold, before, after in (
        ("Title", 2.2, accent, True, 0, 0.2),
        ("Subtitle", 1.15, MUTED, False, 0, 0.4),
        ("Heading 1", 1.2, accent, True, 1.0, 0.3),
        ("Heading 2", 1.0, INK, True, 0.5, 0.1),
    ):
        style = styles[name]
        _font(style, font, size * scale, colour)
        style.font.bold, style.font.italic = bold, False
        style.font.all_caps = False
        style.paragraph_format.space_before = Pt(size * before)
        style.paragraph_format.space_after = Pt(size * after)
        _no_border(style)
    _rule_below(styles["Heading 1"], accent)
    _font(styles["List Bullet"], font, size, INK)
    styles["List Bullet"].paragraph_format.space_after = Pt(size * 0.1)
    contacts = styles.add_style("Contacts", WD_STYLE_TYPE.PARAGRAPH)
    contacts.base_style = normal
    contacts.paragraph_format.space_after = Pt(size * 0.8)
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb, link.font.underline = accent or INK, True  # as Word shows links
    properties = document.core_properties
    properties.title, properties.author = property_text(view.title), property_text(view.name)
    properties.subject, properties.language = property_text(view.label), view.lang
    properties.keywords = property_text(", ".join(view.keywords))
    properties.last_modified_by, properties.revision = "resumekit", 1
    properties.comments = properties.category = ""
    when = _parse_date(date)
    for field in ("created", "modified", "last_printed"):
        if when:
            setattr(properties, field, when)
        else:
            _drop(properties, field)


#: The longest document property Word takes (python-docx refuses more).
MAX_PROPERTY = 255


def property_text(text: str) -> str:
    """``text`` as a document property: one line, clean, cut to MAX_PROPERTY characters."""
    text = clean(_WHITESPACE.sub(" ", text)).strip()
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1].rstrip() + "…"


class Writer:
    """Paragraphs added in reading order."""

    def __init__(self, document: Document, paper: Page) -> None:
        self.document = document
        self.tab = Pt(paper.text_width)

    def paragraph(self, style: str) -> Runs:
        return Runs(self.document.add_paragraph(style=style))

    def masthead(self, view: View) -> None:
        """The name, label and contacts: the top of the resume and of a letter."""
        self.paragraph("Title").text_runs(view.name)
        if view.label:
            self.paragraph("Subtitle").text_runs(view.label)
        if view.contacts:
            contacts = self.paragraph("Contacts")
            for number, contact in enumerate(view.contacts):
                contacts.text_runs(" | " if number else "")
                contacts.link(contact.href, contact.label)

    def section(self, section: Section) -> None:
        self.paragraph("Heading 1").text_runs(section.title)
        if section.kind == "text":
            for text in section.text:
                self.paragraph("Normal").markup(text)
        for item in section.items:
            {"entries": self._entry, "list": self._listed, "keywords": self._keywords}.get(
                section.kind, self._entry
            )(section, item)

    def _dated(self, runs: Runs, dates: str) -> None:
        """The dates at the line's end, after a right-aligned tab stop at the margin."""
        if dates:  # the space keeps them apart where a wider font fills the line
            runs.paragraph.paragraph_format.tab_stops.add_tab_stop(self.tab, WD_TAB_ALIGNMENT.RIGHT)
            runs.paragraph.add_run(" ").add_tab()
            runs.text_runs(dates, bold=False)
            runs.paragraph.runs[-1].font.color.rgb = MUTED

    def _entry(self, section: Section, item: Item) -> None:
        head = self.paragraph("Heading 2")
        first, second = (
            (item.org, item.title) if section.key == "education" else (item.title, item.org)
        )
        head.markup(first, item.url)
        if first and second:
            head.text_runs(", ")
        head.markup(second, "" if first else item.url)
        if item.location:
            head.text_runs(" · " + item.location, bold=False)
        self._dated(head, item.dates)
        if item.details:
            self.paragraph("Normal").text_runs(" · ".join(item.details), italic=True)
        for text in item.summary:
            self.paragraph("Normal").markup(text)
        for highlight in item.highlights:
            self.paragraph("List Bullet").markup(highlight)
        if item.keywords:
            self.paragraph("Normal").text_runs(" · ".join(item.keywords))

    def _listed(self, section: Section, item: Item) -> None:
        line = self.paragraph("List Bullet")
        line.markup(item.title, item.url)
        if item.org:
            line.text_runs(", ").markup(item.org)
        if item.details:
            line.text_runs(f" ({', '.join(item.details)})")
        if item.summary:
            line.text_runs(" — ").markup(item.summary[0])
        self._dated(line, item.dates)
        for text in item.summary[1:]:
            more = self.paragraph("Normal")
            more.paragraph.paragraph_format.left_indent = Pt(18)
            more.markup(text)

    def _keywords(self, section: Section, item: Item) -> None:
        line = self.paragraph("Normal")
        line.markup(item.title, bold=True)
        if item.details:
            line.text_runs(f" ({', '.join(item.details)})", bold=True)
        if item.keywords:
            line.text_runs(": " if item.title else "").text_runs(", ".join(item.keywords))


class Runs:
    """Runs added to one paragraph: plain text, safe inline HTML (bold, italic, code,
    links), and links."""

    def __init__(self, paragraph: Paragraph) -> None:
        self.paragraph = paragraph

    def text_runs(self, text: str, **style: bool) -> Runs:
        """``text`` on one line (a line break in the resume is a space on the page too)."""
        text = clean(_WHITESPACE.sub(" ", text))
        if text:
            _styled(self.paragraph.add_run(text), style)
        return self

    def link(self, href: str, text: str, **style: bool) -> Runs:
        """A live link: the run inside a w:hyperlink that points to ``href``."""
        text = clean(_WHITESPACE.sub(" ", text))
        if not text:
            return self
        target = self.paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), target)
        run = self.paragraph.add_run(text, style="Hyperlink")
        _styled(run, style)
        hyperlink.append(run._r)  # moved from the paragraph's end into the link
        self.paragraph._p.append(hyperlink)
        return self

    def markup(self, html: Markup | str, href: str = "", **style: bool) -> Runs:
        """Safe inline HTML from the view (markup.py: strong, em, code, a) as runs; all of it
        a link to ``href`` when given and it holds no link of its own."""
        _Inline(self, href, style).feed(str(html))
        return self


class _Inline(HTMLParser):
    """The runs of safe inline HTML: each tag sets a run property until it closes."""

    def __init__(self, runs: Runs, href: str, style: dict[str, bool]) -> None:
        super().__init__(convert_charrefs=True)
        self.runs, self.style, self.href = runs, dict(style), href
        self.open: list[tuple[str, dict[str, bool], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":  # a hard line break: no end tag follows
            self.runs.paragraph.add_run().add_break()
            return
        self.open.append((tag, dict(self.style), self.href))
        if tag in _TAG_STYLES:
            self.style[_TAG_STYLES[tag]] = True
        elif tag == "a":
            self.href = dict(attrs).get("href") or self.href

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1][0] == tag:
            _, self.style, self.href = self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.href:
            self.runs.link(self.href, data, **self.style)
        else:
            self.runs.text_runs(data, **self.style)


def _styled(run: Any, style: dict[str, bool]) -> None:
    run.bold, run.italic = style.get("bold"), style.get("italic")
    if style.get("code"):
        run.font.name = MONOSPACE


def _font(style: BaseStyle, family: str, size: float, colour: RGBColor | None) -> None:
    """The style's font for every script (the template's theme fonts removed: they would
    win over the name), its size and colour."""
    font = style.font  # type: ignore[attr-defined]
    font.size, font.color.rgb = half_points(size), colour or INK
    properties = style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), family)
    color = properties.find(qn("w:color"))
    if color is not None:  # a theme colour would win over the value
        for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(attribute), None)


def half_points(size: float) -> Pt:
    """A font size as Word keeps it: to the half point."""
    return Pt(round(size * 2) / 2)


def _language(style: BaseStyle, view: View) -> None:
    """The text's language (spelling, hyphenation) and, for Arabic or Hebrew, its
    direction: paragraphs right to left."""
    properties = style.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    for attribute in ("val", "eastAsia", "bidi"):
        language.set(qn(f"w:{attribute}"), view.lang)
    properties.append(language)
    if view.direction == "rtl":
        properties.append(OxmlElement("w:rtl"))
        style.element.get_or_add_pPr().append(OxmlElement("w:bidi"))


def _no_border(style: BaseStyle) -> None:
    paragraph = style.element.pPr
    border = paragraph.find(qn("w:pBdr")) if paragraph is not None else None
    if border is not None:
        paragraph.remove(border)


def _rule_below(style: BaseStyle, colour: RGBColor | None) -> None:
    """A thin rule under a section heading, in the accent, as the themes draw one."""
    border, below = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
    for attribute, value in (("val", "single"), ("sz", "4"), ("space", "1"),
                             ("color", str(colour or INK))):  # fmt: skip
        below.set(qn(f"w:{attribute}"), value)
    border.append(below)
    paragraph = style.element.get_or_add_pPr()
    spacing = paragraph.find(qn("w:spacing"))
    if spacing is not None:
        spacing.addprevious(border)
    else:
        paragraph.append(border)


def _rgb(colour: str) -> RGBColor | None:
    """An option's colour (#rrggbb, or rgba() with its alpha dropped) as Word's RGB."""
    if re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        return RGBColor.from_string(colour[1:].upper())
    found = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*[\d.]+)?\)", colour)
    return RGBColor(*(min(int(v), 255) for v in found.groups())) if found else None


def _parse_date(date: str | None) -> dt.datetime | None:
    if not date:
        return None
    try:
        when = dt.datetime.fromisoformat(date)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _drop(properties: Any, field: str) -> None:
    """Leave a date out of the document's properties (python-docx sets ``modified`` to now)."""
    names = {"created": "dcterms:created", "modified": "dcterms:modified",
             "last_printed": "cp:lastPrinted"}  # fmt: skip
    element = properties._element.find(qn(names[field]))
    if element is not None:
        properties._element.remove(element)


def saved(document: Document) -> bytes:
    """The document's bytes, its package rewritten with every member at ZIP_TIME: python-docx
    dates each member now."""
    saved, fixed = io.BytesIO(), io.BytesIO()
    document.save(saved)
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(fixed, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, ZIP_TIME)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            target.writestr(info, source.read(member), compresslevel=6)
    return fixed.getvalue()

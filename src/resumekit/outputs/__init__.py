"""Every format resumekit writes, in one table.

A format is a row: its name (also its file suffix), what it is, and the function that makes
it, ``module:function`` in this package, imported only when that format is asked for (so
listing the formats loads nothing). The function takes the render's ``Context`` and returns
the files' contents: one for most formats, one a page for png. Adding a format is adding a
module and a row; ``api.render`` only loops over the table and writes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from resumekit.outputs.context import Context


@dataclass(frozen=True)
class Format:
    """One format resumekit writes."""

    name: str
    description: str
    maker: str  # "module:function" in resumekit.outputs
    paged: bool = False  # one file a page: <stem>-1.png, <stem>-2.png, ...
    from_pdf: bool = False  # made from the PDF: after the others, made while it is laid out

    def maker_function(self) -> Callable[[Context], list[bytes]]:
        """The function that makes this format, its module imported now."""
        module, function = self.maker.split(":")
        make: Callable[[Context], list[bytes]] = getattr(
            importlib.import_module(f"resumekit.outputs.{module}"), function
        )
        return make


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("pdf", "the printable resume", "context:pdf_file", from_pdf=True),
        Format("html", "the same page as one self-contained web page", "context:html_page"),
        Format("json", "a JSON Resume document", "jsonresume:json_file"),
        Format("txt", "plain text", "text:text_file"),
        Format("md", "Markdown", "text:markdown_file"),
        Format("png", "an image of each page", "png:png_files", paged=True, from_pdf=True),
        Format("docx", "a Word document for job portals (one column)", "word:docx_file"),
    )
}
DEFAULT_FORMATS = ("pdf", "html")
#: What a cover letter is written as (``resumekit letter``): a page, not a resume's formats.
LETTER_FORMATS = ("pdf", "html", "docx")


def need_pdf(formats: Iterable[str]) -> bool:
    """Whether any of these (known) formats is made from the PDF."""
    return any(FORMATS[name].from_pdf for name in formats)


SUFFIXES = tuple(f".{name}" for name in FORMATS)

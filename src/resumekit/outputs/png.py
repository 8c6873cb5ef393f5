"""PNG pages from the PDF, one image a page, with pypdfium2 (no system tools needed)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pypdfium2

from resumekit.deadline import deadline
from resumekit.errors import RenderError

if TYPE_CHECKING:
    from resumekit.outputs.context import Context

DPI = 144
#: Pixels of one page: a bitmap takes 4 bytes a pixel, and A0 at 144 dpi has 32 million.
MAX_PIXELS = 40_000_000
#: Pages made into images, as many as a resume's PDF may have (pdf.MAX_PAGES).
MAX_PAGES = 50
#: Seconds to draw every page (checked between pages): a resume takes well under one.
SECONDS = 120
#: zlib's fastest level: a page of a resume encodes in 40% less time than at the default,
#: and the file comes out smaller (flat colours and text compress alike at every level).
COMPRESS_LEVEL = 1


def png_files(context: Context) -> list[bytes]:
    """The PDF's pages, the second half drawn by the PDF's worker process where there is one
    (in this process, after the first half, where there is not)."""
    pdf = context.pdf()
    count = checked_pages(pdf, DPI)
    mine = range((count + 1) // 2)
    theirs = context.renderer.draw(pdf, range(mine.stop, count))
    return draw_pages(pdf, mine) + theirs()


def pages_to_png(pdf: bytes, dpi: int = DPI) -> list[bytes]:
    """Each page of ``pdf`` as PNG bytes; a page too large to draw, or too many pages, is
    an error before anything is drawn, not a MemoryError while drawing."""
    return draw_pages(pdf, range(checked_pages(pdf, dpi)), dpi)


def checked_pages(pdf: bytes, dpi: int) -> int:
    """How many pages ``pdf`` has, once every page is known to be small enough to draw."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        _check_size(document, dpi)
        return len(document)
    finally:
        document.close()


def draw_pages(pdf: bytes, pages: range, dpi: int = DPI) -> list[bytes]:
    """The ``pages`` of ``pdf`` (checked by ``checked_pages``) as PNG bytes."""
    if not pages:
        return []
    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        late = f"drawing the pages as PNG took longer than {SECONDS} seconds"
        with deadline(SECONDS, lambda: RenderError(late)):
            for index in pages:
                page = document[index]
                bitmap = page.render(scale=dpi / 72)
                buffer = io.BytesIO()
                bitmap.to_pil().save(buffer, format="PNG", compress_level=COMPRESS_LEVEL)
                images.append(buffer.getvalue())
                page.close()
        return images
    finally:
        document.close()


def _check_size(document: pypdfium2.PdfDocument, dpi: int) -> None:
    if len(document) > MAX_PAGES:
        raise RenderError(f"the PDF has {len(document)} pages; PNG output makes at most "
                          f"{MAX_PAGES}")  # fmt: skip
    for index in range(len(document)):
        width, height = (round(side * dpi / 72) for side in document.get_page_size(index))
        if width * height > MAX_PIXELS:
            raise RenderError(f"page {index + 1} would be {width} × {height} pixels at {dpi} "
                              f"dpi; a PNG page may have at most {MAX_PIXELS:,}")  # fmt: skip

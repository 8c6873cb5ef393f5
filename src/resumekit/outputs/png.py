"""PNG pages from the PDF, one image a page, with pypdfium2 (no system tools needed)."""

from __future__ import annotations

import io

import pypdfium2

DPI = 144


def pages_to_png(pdf: bytes, dpi: int = DPI) -> list[bytes]:
    """Each page of ``pdf`` as PNG bytes."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            bitmap = page.render(scale=dpi / 72)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, format="PNG", optimize=False)
            images.append(buffer.getvalue())
            page.close()
        return images
    finally:
        document.close()

"""HTML to PDF with WeasyPrint: no network, fixed metadata, the same bytes every time."""

from __future__ import annotations

import atexit
import functools
import hashlib
import itertools
import logging
import mimetypes
import multiprocessing.util
import os
import re
import shutil
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

from resumekit import bidi, pdf_worker, weasyprint_import
from resumekit.deadline import deadline
from resumekit.errors import RenderError, ThemeError
from resumekit.files import read_confined

weasyprint_import.load()  # before the names below: it spares the import a library search

from weasyprint import HTML, Document  # noqa: E402
from weasyprint.formatting_structure import boxes  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

ASSET_LIMIT = 32 << 20  # an image or font a theme uses; the packaged fonts are far smaller
#: Pages a resume may have: a long CV has a dozen; a theme's CSS can ask for thousands.
MAX_PAGES = 50
#: HTML elements on a page: a resume has a few thousand, and each costs WeasyPrint kilobytes.
#: A table column spanned N times (``<col span>``, ``colspan``, ``rowspan``) counts N times:
#: WeasyPrint makes a box for each.
MAX_ELEMENTS = 100_000
#: Characters of the page's HTML, text, attributes and styles alike (CSS ``content`` and
#: ``attr()`` lay out text from the last two): a resume's text is at most 200,000, and Pango
#: aborts the process, uncatchably, on a line of some millions (``white-space: nowrap``).
MAX_HTML = 2_000_000
#: Bytes of a fetched file that is not an image or a font (a stylesheet): text, like the theme's.
TEXT_ASSET_LIMIT = 1 << 20
_BINARY_ASSETS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svgz", ".ttf", ".otf", ".woff",
                  ".woff2")  # fmt: skip
#: The sides a page may have, in CSS pixels: 5 cm to 2 m.
MIN_SIDE, MAX_SIDE = 5 / 2.54 * 96, 200 / 2.54 * 96
#: What WeasyPrint raises when a theme's CSS breaks its arithmetic or its assumptions
#: (``font-size: 1e30px``, ``letter-spacing: -1e9px``, a counter past what it can print).
FAILURES = (ArithmeticError, TypeError, ValueError, AttributeError, AssertionError,
            LookupError, RuntimeError, MemoryError)  # fmt: skip
_START_TAG = re.compile(r"<[A-Za-z]")
_SPAN = re.compile(r"\b(?:col|row)?span\s*=\s*[\"']?\s*(\d{1,9})", re.IGNORECASE)
_PROGRESS = logging.getLogger("weasyprint.progress")
_RENDERING: ContextVar[bool] = ContextVar("rendering", default=False)


class GuardedFetcher(URLFetcher):
    """Serves data: URLs and files under the allowed folders; refuses and records the rest.

    Files are read through the read boundary and handed to WeasyPrint as bytes, so WeasyPrint
    never opens a path itself. A file: URL outside the folders is refused like a remote one
    (recorded; the page is laid out without it). A path inside them that the boundary refuses
    (a link out of its folder, a FIFO, a device, too large) is a hostile theme: it is kept in
    ``errors`` and the layout fails with it.
    """

    def __init__(
        self, roots: list[Path], allow_remote: bool = False, served: dict[str, bytes] | None = None
    ) -> None:
        super().__init__(timeout=10, allow_redirects=allow_remote)
        self.served = served or {}  # made in memory: the CJK faces cut to the resume's text
        self.roots = [r.resolve() for r in roots]
        self._as_given = [*self.roots, *map(_absolute, roots)]  # a URL names links unresolved
        self.allow_remote = allow_remote
        self.refused: list[str] = []
        self.errors: list[ThemeError] = []

    def fetch(self, url, headers=None):  # type: ignore[no-untyped-def]
        if url in self.served:
            return URLFetcherResponse(url, self.served[url], {"Content-Type": "font/ttf"})
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data" or (scheme in ("http", "https") and self.allow_remote):
            return super().fetch(url, headers)
        path = _absolute(Path(url2pathname(urlparse(url).path)))
        if scheme == "file" and any(path.is_relative_to(root) for root in self._as_given):
            return self._read(url, path)
        self.refused.append(url)
        raise ValueError(f"resumekit refused to fetch {url}")

    def _read(self, url: str, path: Path) -> URLFetcherResponse:
        if not os.path.lexists(path):
            raise FileNotFoundError(path)  # a missing image is left out, as WeasyPrint does
        try:
            limit = ASSET_LIMIT if path.suffix.lower() in _BINARY_ASSETS else TEXT_ASSET_LIMIT
            data = read_confined(path, self.roots, limit, error=ThemeError)
        except ThemeError as exc:
            self.errors.append(exc)
            raise
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": kind})


def _absolute(path: Path) -> Path:
    """The path with ``..`` folded away but links kept: where a URL says it points."""
    return Path(os.path.abspath(path))


@dataclass
class Layout:
    """A laid-out document, ready to be written, and what was refused on the way.

    ``refused`` and ``errors`` are the fetcher's own lists: writing fetches too
    (attachments), and adds to them.
    """

    html: str
    document: Document
    theme: str
    ends: float  # time.monotonic() by which the PDF must be written
    refused: list[str] = field(default_factory=list)
    errors: list[ThemeError] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return len(self.document.pages)

    @property
    def last_page_fill(self) -> float:
        """How much of the last page's content area its text and images take, 0 to 1."""
        page = self.document.pages[-1]._page_box
        top = bottom = page.content_box_y()
        for child in page.children:
            if isinstance(child, boxes.MarginBox):
                continue  # the page number is not content
            for box in child.descendants():
                if isinstance(box, (boxes.LineBox, boxes.ReplacedBox)):
                    bottom = max(bottom, box.position_y + box.margin_height())
        return float((bottom - top) / page.height) if page.height else 1.0


@functools.cache
def font_configuration() -> FontConfiguration:
    """One font configuration per process: fonts are loaded once, then reused. Kept for the
    whole process, WeasyPrint never removes its font folder itself (its ``__del__`` does):
    the process does, when it ends."""
    config = FontConfiguration()
    atexit.register(_remove_font_folder, config)
    return config


def remove_font_folder() -> None:
    """Remove the font folder now, in a process whose exit handlers will not run (a worker)."""
    if font_configuration.cache_info().currsize:
        _remove_font_folder(font_configuration())


def _remove_font_folder(config: FontConfiguration) -> None:
    folder = getattr(config, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def own_font_folder() -> None:
    """In a worker forked from a process that loaded fonts: the fonts it loads itself go to a
    folder of its own, removed when it ends. WeasyPrint writes each @font-face to a file in
    its folder and registers it only in the process that wrote it, skipping a file that is
    there: in the folder the workers share, a face one worker wrote (a CJK face cut to the
    text) would be missing from the others' fonts, which then print another font or boxes."""
    config = font_configuration()
    if not hasattr(config, "_folder"):  # WeasyPrint changed: tests/test_variants_fonts.py fails
        return
    folder = tempfile.mkdtemp(prefix="weasyprint-")
    config._folder = Path(folder)
    multiprocessing.util.Finalize(config, shutil.rmtree, args=(folder, True), exitpriority=1)


def layout(
    html: str,
    base_dir: Path,
    roots: list[Path],
    allow_remote: bool,
    theme: str,
    ends: float | None = None,
    served: dict[str, bytes] | None = None,
) -> Layout:
    """Lay out ``html`` into pages, fetching only what the guarded fetcher allows from ``roots``.

    Relative URLs resolve against ``base_dir``, the resume's folder, which is not a root:
    nothing there but the photo (inlined by assets.py) is a theme's business. ``ends`` is
    when the PDF must be written (a fit lays out several times): ``pdf_worker.SECONDS`` from
    now if unset. ``served`` are files made in memory, by URL, that the fetcher hands out as
    they are.
    """
    ends = ends or time.monotonic() + pdf_worker.SECONDS
    _check_size(html, theme)
    fetcher = GuardedFetcher(roots, allow_remote, served)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    _PROGRESS.setLevel(logging.INFO)  # for _stop_past_max_pages, which lets nothing through
    _PROGRESS.addFilter(_stop_past_max_pages)
    with _renderer(theme, ends):
        page = HTML(string=html, base_url=str(base_dir) + os.sep, url_fetcher=fetcher)
        bidi.resolve(page.etree_element)  # WeasyPrint knows no dir="auto"
        document = page.render(font_config=font_configuration(), pdf_tags=True)
    if fetcher.errors:
        raise fetcher.errors[0]
    _check_pages(document, theme)
    return Layout(html, document, theme, ends, fetcher.refused, fetcher.errors)


def _check_size(html: str, theme: str) -> None:
    """Refuse, before layout, a page whose boxes or text would exhaust WeasyPrint or Pango."""
    elements = next(itertools.islice(_START_TAG.finditer(html), MAX_ELEMENTS, None), None)
    spanned = sum(int(m.group(1)) - 1 for m in _SPAN.finditer(html) if int(m.group(1)) > 1)
    if elements or spanned > MAX_ELEMENTS:
        raise ThemeError(f"theme '{theme}' makes a page of more than {MAX_ELEMENTS:,} HTML "
                         "elements (spanned table columns and rows included); a resume needs "
                         "a few thousand")  # fmt: skip
    if len(html) > MAX_HTML:
        raise ThemeError(f"theme '{theme}' makes a page of {len(html):,} characters of HTML; "
                         f"at most {MAX_HTML:,} are laid out")  # fmt: skip


class _PastMaxPages(Exception):
    """Layout reached page MAX_PAGES + 1."""


def _stop_past_max_pages(record: logging.LogRecord) -> bool:
    """Stop WeasyPrint as it starts a page past MAX_PAGES: its progress log is the one place
    where layout reports each page, and 3,000 tiny pages take minutes. Only in _renderer:
    another program's use of WeasyPrint in this process is left alone."""
    page = record.args[0] if isinstance(record.args, tuple) and record.args else None
    if not _RENDERING.get() or not isinstance(page, int) or page <= MAX_PAGES:
        return False
    if str(record.msg).startswith("Step 5 - Creating layout - Page"):
        raise _PastMaxPages
    return False


@contextmanager
def _renderer(theme: str, ends: float) -> Iterator[None]:
    """WeasyPrint at work on a theme's page, bounded in time and pages; what it raises when
    the theme's CSS breaks it becomes a ThemeError naming the theme."""

    def late() -> RenderError:
        seconds = pdf_worker.SECONDS
        return RenderError(f"theme '{theme}': the PDF renderer ran longer than {seconds} "
                           "seconds; a resume takes about one")  # fmt: skip

    rendering = _RENDERING.set(True)
    failure = ""
    try:
        with deadline(ends - time.monotonic(), late):
            yield
    except _PastMaxPages:
        raise _too_many_pages(theme) from None
    except FAILURES as exc:  # described here, raised below: the failure (and after a
        detail = " ".join(str(exc).split())[:200]  # MemoryError, its memory) is let go first
        failure = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    finally:
        _RENDERING.reset(rendering)
    if failure:
        raise ThemeError(f"theme '{theme}': the PDF renderer failed on its CSS or HTML ({failure})")


def _too_many_pages(theme: str) -> RenderError:
    return RenderError(
        f"theme '{theme}': the layout runs past {MAX_PAGES} pages, the most a resume may have",
        hint="does the theme's CSS set a tiny @page size, or break the page after every element?",
    )


def _check_pages(document: Document, theme: str) -> None:
    """Refuse page sizes no printer has, and (should the progress hook miss) page counts."""
    for page in document.pages:
        if not (MIN_SIDE <= page.width <= MAX_SIDE and MIN_SIDE <= page.height <= MAX_SIDE):
            size = f"{page.width * 25.4 / 96:.0f} × {page.height * 25.4 / 96:.0f} mm"
            raise ThemeError(f"theme '{theme}': its @page size, {size}, is not a paper size "
                             "(each side must be 5 cm to 2 m)")  # fmt: skip
    if len(document.pages) > MAX_PAGES:
        raise _too_many_pages(theme)


@contextmanager
def _fixed_font_timestamps() -> Iterator[None]:
    """fontTools stamps subset fonts with the current time unless SOURCE_DATE_EPOCH is set."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = before or "0"
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]


#: zlib's level for the PDF's streams: its default, 6. pydyf asks 9 and cannot be told
#: otherwise; 9 takes a third of the time a PDF takes to write and saves 3% of its size.
COMPRESS_LEVEL = 6


class _Zlib:
    """zlib as pydyf sees it while a PDF is written: every stream at COMPRESS_LEVEL."""

    def compressobj(self, level: int = -1) -> Any:
        return zlib.compressobj(COMPRESS_LEVEL)

    def compress(self, data: bytes, level: int = -1) -> bytes:
        return zlib.compress(data, COMPRESS_LEVEL)


@contextmanager
def _compressed() -> Iterator[None]:
    """Streams compressed at COMPRESS_LEVEL (tests/test_pdf_compression.py fails the day
    pydyf stops compressing with the zlib module it imports)."""
    import pydyf

    before, pydyf.zlib = pydyf.zlib, _Zlib()  # type: ignore[assignment]
    try:
        yield
    finally:
        pydyf.zlib = before


def joined(parts: list[tuple[str, Layout]]) -> Layout:
    """Layouts one after the other in one document (a letter, then its resume), as
    WeasyPrint combines documents: each part a bookmark named by its title, over the part's
    own bookmarks one level down. The parts' pages are taken, not copied."""
    pages = []
    for title, part in parts:
        for number, page in enumerate(part.document.pages):
            nested = [(level + 1, *rest) for level, *rest in page.bookmarks]
            page.bookmarks = [(1, title, (0, 0), "open")] * (number == 0) + nested
            pages.append(page)
    first = parts[0][1]
    return Layout(
        html="".join(part.html for _, part in parts),
        document=first.document.copy(pages),
        theme=first.theme,
        ends=min(part.ends for _, part in parts),
        refused=[url for _, part in parts for url in part.refused],
        errors=[error for _, part in parts for error in part.errors],
    )


def to_bytes(laid_out: Layout, created: str | None) -> bytes:
    """The PDF file: tagged (PDF/UA), fixed identifier and dates, so equal input, equal bytes."""
    metadata = laid_out.document.metadata
    metadata.created = metadata.modified = created
    metadata.generator = "resumekit"
    identifier = hashlib.sha256(laid_out.html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    with _fixed_font_timestamps(), _compressed(), _renderer(laid_out.theme, laid_out.ends):
        data = laid_out.document.write_pdf(
            pdf_identifier=identifier, pdf_tags=True, pdf_variant="pdf/ua-1"
        )
    if laid_out.errors:  # an attachment the read boundary refused
        raise laid_out.errors[0]
    return data

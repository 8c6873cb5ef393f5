"""HTML to PDF with WeasyPrint: no network, fixed metadata, the same bytes every time."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import mimetypes
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from weasyprint import HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from resumekit.errors import RenderError, ThemeError
from resumekit.files import read_confined

ASSET_LIMIT = 32 << 20  # an image or font a theme uses; the packaged fonts are far smaller


class GuardedFetcher(URLFetcher):
    """Serves data: URLs and files under the allowed folders; refuses and records the rest.

    Files are read through the read boundary and handed to WeasyPrint as bytes, so WeasyPrint
    never opens a path itself. A file: URL outside the folders is refused like a remote one
    (recorded; the page is laid out without it). A path inside them that the boundary refuses
    (a link out of its folder, a FIFO, a device, too large) is a hostile theme: it is kept in
    ``errors`` and the layout fails with it.
    """

    def __init__(self, roots: list[Path], allow_remote: bool = False) -> None:
        super().__init__(timeout=10, allow_redirects=allow_remote)
        self.roots = [r.resolve() for r in roots]
        self._as_given = [*self.roots, *map(_absolute, roots)]  # a URL names links unresolved
        self.allow_remote = allow_remote
        self.refused: list[str] = []
        self.errors: list[ThemeError] = []

    def fetch(self, url, headers=None):  # type: ignore[no-untyped-def]
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
            data = read_confined(path, self.roots, ASSET_LIMIT, error=ThemeError)
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
    """A laid-out document, ready to be written, and what was refused on the way."""

    html: str
    document: Document
    refused: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return len(self.document.pages)


@functools.cache
def font_configuration() -> FontConfiguration:
    """One font configuration per process: fonts are loaded once, then reused."""
    return FontConfiguration()


def creation_date(fallback: str | None) -> str | None:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the resume's own date, else none."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            stamp = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError):
            raise RenderError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970"
            ) from None
        return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    return fallback


def layout(html: str, base_dir: Path, roots: list[Path], allow_remote: bool) -> Layout:
    """Lay out ``html`` into pages, fetching only what the guarded fetcher allows."""
    fetcher = GuardedFetcher([base_dir, *roots], allow_remote)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=str(base_dir) + os.sep, url_fetcher=fetcher).render(
        font_config=font_configuration(), pdf_tags=True
    )
    if fetcher.errors:
        raise fetcher.errors[0]
    return Layout(html, document, fetcher.refused)


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


def to_bytes(laid_out: Layout, created: str | None) -> bytes:
    """The PDF file: tagged (PDF/UA), fixed identifier and dates, so equal input, equal bytes."""
    metadata = laid_out.document.metadata
    metadata.created = metadata.modified = created
    metadata.generator = "resumekit"
    identifier = hashlib.sha256(laid_out.html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    with _fixed_font_timestamps():
        return laid_out.document.write_pdf(
            pdf_identifier=identifier, pdf_tags=True, pdf_variant="pdf/ua-1"
        )

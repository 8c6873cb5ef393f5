"""Files a resume points at (its photo), read through the read boundary (files.read_confined).

A photo is inlined as a data: URL so the HTML stays one self-contained file. It may come
from the resume's own folder; a path that leaves that folder, a file: URL or anything else
is refused, and so is http(s) unless remote fetching is allowed.
"""

from __future__ import annotations

import base64
import http.client
import io
import os
import re
import urllib.request
import warnings
from pathlib import Path
from urllib.parse import urlparse

from resumekit import files

MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".webp": "image/webp"}  # fmt: skip


def inline_image(ref: str, base_dir: Path, allow_remote: bool) -> tuple[str, str | None]:
    """(data URL, None) for an image the rules allow, else ("", the reason it was refused)."""
    try:
        scheme = urlparse(ref).scheme.lower()
    except ValueError as exc:  # a broken IPv6 host
        return "", f"refused the photo {ref!r}: {exc}"
    if scheme in ("http", "https"):
        if not allow_remote:
            return "", f"refused to fetch {ref} (use --allow-remote)"
        return _remote(ref)
    if scheme == "data":
        return _inline(ref)
    if scheme:
        return "", f"refused to read {ref}: only files beside the resume and http(s) are allowed"
    problem = image_problem(ref, base_dir)
    if problem:
        return "", f"refused to read {ref}: {problem}"
    kind = IMAGE_TYPES[Path(os.path.realpath(base_dir / ref)).suffix.lower()]
    try:
        data = files.read_confined(base_dir / ref, [base_dir], MAX_IMAGE_BYTES)
    except files.RefusedFile as exc:  # a FIFO, a device, a huge file: a warning, no photo
        return "", exc.message
    return _checked(ref, kind, data)


def image_problem(ref: str, base_dir: Path) -> str | None:
    """Why a photo path beside the resume may not be read, or None: it must stay inside the
    resume's folder and be an image file."""
    path = Path(os.path.realpath(base_dir / ref))  # unlike resolve(), no error on a link loop
    if not path.is_relative_to(base_dir.resolve()):
        return "it is outside the resume's folder"
    if path.suffix.lower() not in IMAGE_TYPES:
        return f"a photo must be one of {', '.join(IMAGE_TYPES)}"
    return None


def _remote(url: str) -> tuple[str, str | None]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            kind = response.headers.get_content_type()
            data = response.read(MAX_IMAGE_BYTES + 1)
    except (OSError, ValueError, http.client.HTTPException) as exc:  # a host or port not one
        return "", f"cannot fetch {url}: {exc}"
    if not kind.startswith("image/") or len(data) > MAX_IMAGE_BYTES:
        return "", f"refused {url}: not an image of at most 5 MiB"
    return _checked(url, kind, data)


#: A photo given as a data: URL: one of the image types, in base64.
_DATA_URL = re.compile(r"data:(image/[a-z+.-]+);base64,([A-Za-z0-9+/=\s]*)", re.IGNORECASE)


def _inline(ref: str) -> tuple[str, str | None]:
    """A data: URL photo, checked as a file's would be and written anew."""
    found = _DATA_URL.fullmatch(ref) if len(ref) <= MAX_IMAGE_BYTES * 2 else None
    if not found:
        return "", "refused the photo's data: URL: expected data:image/png;base64,..."
    try:
        data = base64.b64decode("".join(found.group(2).split()), validate=True)
    except ValueError:
        return "", "refused the photo's data: URL: its base64 is damaged"
    return _checked("the photo's data: URL", found.group(1).lower(), data)


#: The image types Pillow may find a photo to be, by its name for them (a phone's JPEG with a
#: second picture in it is an MPO), and the largest photo in pixels: far past a portrait's,
#: far below what decoding would take long for.
_KINDS = {"PNG": "image/png", "JPEG": "image/jpeg", "MPO": "image/jpeg", "GIF": "image/gif",
          "WEBP": "image/webp"}  # fmt: skip
MAX_PIXELS = 40_000_000


def _checked(name: str, kind: str, data: bytes) -> tuple[str, str | None]:
    """A data: URL of ``data`` as the image type it is (whatever its name or URL says), else
    a refusal: a page could be advertised as a photo (the site's og:image), and a damaged or
    enormous image breaks the PDF."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                found, pixels = image.format, image.width * image.height
                if found in _KINDS and pixels <= MAX_PIXELS:
                    image.load()  # a damaged or cut-off image fails here, not in the PDF
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return "", f"refused {name}: it is far too large an image"
    except Exception:  # Pillow's errors for a file it cannot read are of many kinds
        return "", f"refused {name}: it is not an image ({kind} was expected), or it is damaged"
    if found not in _KINDS:
        return "", f"refused {name}: it is a {found} image; a photo is PNG, JPEG, GIF or WebP"
    if pixels > MAX_PIXELS:
        return "", f"refused {name}: {pixels:,} pixels; at most {MAX_PIXELS:,}"
    return _data_url(_KINDS[found], data), None


def _data_url(kind: str, data: bytes) -> str:
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"

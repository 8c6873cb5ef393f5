"""Fonts come from pinned Python packages (fontpkg-*), never from whatever the system has.

This module writes the @font-face rules that point at those packaged files, and checks
which characters of a resume no font can draw, so render can warn instead of printing boxes.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fontpkg
from fontTools.ttLib import TTFont

#: The families a theme may choose for its text (the `font` option).
TEXT_FAMILIES = ("IBM Plex Sans Condensed", "IBM Plex Serif", "Fira Sans", "Noto Sans")
#: Families for scripts the text families lack, tried in this order after the text font.
FALLBACK_FAMILIES = ("Noto Sans", "Noto Sans Arabic", "Noto Sans Tamil")
#: Weights a theme's CSS may use; other weights are synthesized by the nearest face.
WEIGHTS = (400, 600, 700)


@dataclass(frozen=True)
class Face:
    """One font file as CSS sees it."""

    family: str
    path: Path
    weight: str
    style: str


def text_family(options: dict[str, Any]) -> str:
    """The family a theme's `font` option chose (the plan's neutral one when it has none)."""
    return str(options["font"])


def faces(text_family: str) -> list[Face]:
    """The faces to declare for a theme using ``text_family``, fallbacks included."""
    found = [face for weight in WEIGHTS for face in _faces_of(text_family, weight, "normal")]
    found += _faces_of(text_family, 400, "italic")
    for name in FALLBACK_FAMILIES:
        if name != text_family:
            found += _faces_of(name, 400, "normal")
    return found


def font_stack(text_family: str) -> str:
    """The CSS font-family list: the theme's font, then the fallbacks, then generic."""
    names = [text_family, *(n for n in FALLBACK_FAMILIES if n != text_family)]
    generic = "serif" if "Serif" in text_family else "sans-serif"
    return ", ".join(f'"{n}"' for n in names) + f", {generic}"


def font_face_css(text_family: str) -> str:
    """@font-face rules pointing at the packaged files with file: URLs."""
    rules = []
    for face in faces(text_family):
        rules.append(
            "@font-face { "
            f'font-family: "{face.family}"; src: url("{face.path.as_uri()}"); '
            f"font-weight: {face.weight}; font-style: {face.style}; }}"
        )
    return "\n".join(rules)


def font_dirs() -> list[Path]:
    """Folders holding the packaged fonts, which the PDF fetcher may read."""
    dirs = {face.path.parent for name in TEXT_FAMILIES for face in faces(name)}
    return sorted(dirs)


@functools.cache
def _faces_of(family_name: str, weight: int, style: str) -> list[Face]:
    family = fontpkg.family(family_name)
    files = [f for f in family.files if f.style == style]
    variable = [f for f in files if f.variable]
    if variable:
        low, high = variable[0].wght_min or 100, variable[0].wght_max or 900
        return (
            [Face(family.name, variable[0].path, f"{low} {high}", style)] if weight == 400 else []
        )
    exact = [f for f in files if f.weight == weight]
    return [Face(family.name, exact[0].path, str(weight), style)] if exact else []


@functools.cache
def _cmap(path: Path) -> frozenset[int]:
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


@functools.cache
def _bundled_coverage(text_family: str) -> frozenset[int]:
    covered: set[int] = set()
    for face in faces(text_family):
        covered |= _cmap(face.path)
    return frozenset(covered)


@functools.cache
def _system_has(char: str) -> bool:
    """Whether an installed font has ``char`` (asks fontconfig, which WeasyPrint uses too)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    done = subprocess.run(
        [fc_list, f":charset={ord(char):x}", "family"], capture_output=True, text=True, check=False
    )
    return bool(done.stdout.strip())


#: Characters every text family has (a test checks it), so most resumes need no font lookups.
COMMON = frozenset(
    [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2023), 0x2026, 0x2030, 0x20AC]
)


def missing_glyphs(texts: dict[str, str], text_family: str) -> dict[str, str]:
    """For each field, the characters that neither the packaged nor the system fonts have."""
    missing: dict[str, str] = {}
    for field, text in texts.items():
        chars = sorted({c for c in text if ord(c) not in COMMON})
        chars = [c for c in chars if c.isprintable() and not c.isspace()]
        if not chars:
            continue
        covered = _bundled_coverage(text_family)
        lacking = [c for c in chars if ord(c) not in covered and not _system_has(c)]
        if lacking:
            missing[field] = "".join(lacking)
    return missing


def embedded_font_face_css(text_family: str, text: str) -> str:
    """@font-face rules with the text font subset to ``text`` as data: URLs, for the HTML page."""
    chars = "".join(sorted(set(text) | set(_ASCII)))
    rules = []
    for face in faces(text_family):
        if face.family != text_family:
            continue  # browsers have fallbacks of their own; keep the page small
        data = _subset(face.path, chars)
        rules.append(
            "@font-face { "
            f'font-family: "{face.family}"; src: url("data:font/ttf;base64,{data}"); '
            f"font-weight: {face.weight}; font-style: {face.style}; }}"
        )
    return "\n".join(rules)


_ASCII = "".join(chr(c) for c in range(32, 127))


@functools.lru_cache(maxsize=32)
def _subset(path: Path, chars: str) -> str:
    import base64
    import io

    from fontTools import subset

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    options = subset.Options()
    options.layout_features = ["kern", "liga", "calt"]
    options.name_IDs = ["*"]
    with TTFont(path, recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=chars)
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode("ascii")

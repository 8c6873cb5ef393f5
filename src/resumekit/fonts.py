"""Fonts come from pinned Python packages (fontpkg-*), never from whatever the system has.

This module writes the @font-face rules that point at those packaged files, and checks
which characters of a resume no font can draw, so render can warn instead of printing boxes.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.util
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fontpkg

from resumekit.theme_config import TEXT_FAMILIES

#: Families for scripts the text families lack, tried in this order after the text font.
FALLBACK_FAMILIES = ("Noto Sans", "Noto Sans Arabic", "Noto Sans Tamil")
#: Weights a theme's CSS may use; other weights are synthesized by the nearest face.
WEIGHTS = (400, 600, 700)
#: Chinese, Japanese and Korean: Noto Sans JP, KR, SC and TC from the optional extra
#: (justmytype-intl-cjk, Google Fonts' OFL files), each the glyph forms of its language.
CJK_EXTRA = "resumekit[cjk]"
_CJK_PACKAGE = "justmytype_intl_cjk"
_CJK_FILES = {
    "Noto Sans JP": "notosansjp/NotoSansJP[wght].ttf",
    "Noto Sans SC": "notosanssc/NotoSansSC[wght].ttf",
    "Noto Sans TC": "notosanstc/NotoSansTC[wght].ttf",
    "Noto Sans KR": "notosanskr/NotoSansKR[wght].ttf",
}


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
            found += [face for weight in (400, 700) for face in _faces_of(name, weight, "normal")]
    return found


#: The scheme of the CJK faces' URLs: the PDF fetcher serves them from memory (as data: URLs
#: in the page, a long CJK resume's fonts would pass the HTML size limit).
CJK_SCHEME = "resumekit-font"


@dataclass(frozen=True)
class Cjk:
    """The CJK families a text needs, in order, and its characters: each family's faces
    are cut to those, one static instance per weight (HarfBuzz does it in milliseconds;
    WeasyPrint would read the whole 10-18 MB font and instance it after layout)."""

    families: tuple[str, ...] = ()
    chars: str = ""

    def rules(self) -> list[str]:
        """@font-face rules for each family and weight, at the URLs ``files`` serves."""
        return [_face_rule(face, url) for url, face in self._faces().items()]

    def files(self) -> dict[str, bytes]:
        """Each face cut to the text, by its URL."""
        return {url: _cut(f.path, self.chars, int(f.weight)) for url, f in self._faces().items()}

    @property
    def names(self) -> tuple[str, ...]:
        """The families as the stylesheet names them: each name carries the characters it
        is cut to. Fonts loaded stay loaded in a process (watch, variants, the API), by URL
        and by family: a face cut to other characters under a name already loaded would
        print the wrong glyphs."""
        cut = hashlib.sha256(self.chars.encode()).hexdigest()[:12]
        return tuple(f"{name} {cut}" for name in self.families)

    def _faces(self) -> dict[str, Face]:
        """Each face by its URL (named as the family is)."""
        return {
            f"{CJK_SCHEME}:{name.replace(' ', '-')}-{weight}.ttf":
                Face(name, path, str(weight), "normal")
            for name, path in zip(self.names, _cjk_paths(self.families), strict=False)
            for weight in WEIGHTS
        }  # fmt: skip


def font_stack(text_family: str, cjk: Cjk = Cjk()) -> str:
    """The CSS font-family list: the theme's font, the fallbacks, the CJK families, generic."""
    names = [text_family, *(n for n in FALLBACK_FAMILIES if n != text_family), *cjk.names]
    generic = "serif" if "Serif" in text_family else "sans-serif"
    return ", ".join(f'"{n}"' for n in names) + f", {generic}"


def font_face_css(text_family: str, cjk: Cjk = Cjk()) -> str:
    """@font-face rules pointing at the packaged files with file: URLs (the CJK faces, cut to
    the text, at the URLs ``cjk.files`` serves), and the font stack as ``--font``."""
    rules = [_face_rule(face, face.path.as_uri()) for face in faces(text_family)]
    return "\n".join([*rules, *cjk.rules(), _stack_rule(text_family, cjk)])


def embedded_font_face_css(text_family: str, text: str, cjk: Cjk = Cjk()) -> str:
    """@font-face rules with the text font cut to ``text`` as data: URLs, for the HTML page,
    and the font stack as ``--font``. Fallback and CJK faces are not embedded: a browser has
    fallbacks of its own, and the page stays small."""
    chars = "".join(sorted(set(text) | set(_ASCII)))
    rules = [
        _face_rule(face, _data_url(face.path, chars, int(face.weight)))
        for face in faces(text_family)
        if face.family == text_family
    ]
    return "\n".join([*rules, _stack_rule(text_family, cjk)])


def _face_rule(face: Face, url: str) -> str:
    return (
        "@font-face { "
        f'font-family: "{face.family}"; src: url("{url}"); '
        f"font-weight: {face.weight}; font-style: {face.style}; }}"
    )


def _stack_rule(text_family: str, cjk: Cjk) -> str:
    return f":root {{ --font: {font_stack(text_family, cjk)}; }}"


def font_dirs() -> list[Path]:
    """Folders holding the packaged fonts, which the PDF fetcher may read."""
    return sorted({face.path.parent for name in TEXT_FAMILIES for face in faces(name)})


def cjk_for(text: str, lang: str | None = None) -> Cjk:
    """The CJK families ``text`` needs, none when it has no CJK character or the extra is
    not installed. First the one whose glyph forms suit ``lang`` (else the text's script:
    kana is Japanese, hangul Korean, other Han Simplified Chinese), then each other family
    that draws characters the ones before lack."""
    chars = {ord(c) for c in text if _is_cjk(ord(c))}
    if not chars or _cjk_folder() is None:
        return Cjk()
    chosen: list[str] = []
    left = set(chars)
    for family in _cjk_order(chars, lang):
        drawn = left & cmap(_cjk_paths([family])[0])
        if drawn or not chosen:
            chosen.append(family)
            left -= drawn
        if not left:
            break
    # every character of the text: Pango sets the spaces, digits and punctuation inside a CJK
    # run in the CJK font, and a face without them would print .notdef there
    return Cjk(tuple(chosen), "".join(sorted(set(text) | set(_ASCII))))


def _cjk_order(chars: set[int], lang: str | None) -> list[str]:
    parts = (lang or "").replace("_", "-").lower().split("-")
    cjk_lang = parts[0] in ("ja", "ko", "zh")
    if parts[0] == "ja" or (not cjk_lang and any(_in(c, _KANA) for c in chars)):
        first = "Noto Sans JP"
    elif parts[0] == "ko" or (not cjk_lang and any(_in(c, _HANGUL) for c in chars)):
        first = "Noto Sans KR"
    elif parts[0] == "zh" and {"hant", "tw", "hk", "mo"} & set(parts):
        first = "Noto Sans TC"
    else:
        first = "Noto Sans SC"
    return [first, *(name for name in _CJK_FILES if name != first)]


#: Unicode blocks set in a CJK font: kana, hangul, Han, and the punctuation and full-width
#: forms that go with them.
_KANA = ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))
_HAN = ((0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3100, 0x312F), (0x3190, 0x33FF), (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFF65),
        (0xFFA0, 0xFFEF), (0x20000, 0x3FFFF))  # fmt: skip


def _in(code: int, blocks: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in blocks)


def _is_cjk(code: int) -> bool:
    return code >= 0x1100 and (_in(code, _HAN) or _in(code, _KANA) or _in(code, _HANGUL))


def _cjk_paths(families: Iterable[str]) -> list[Path]:
    """The files of the CJK ``families``; none when the extra is not installed."""
    folder = _cjk_folder()
    return [folder / _CJK_FILES[name] for name in families] if folder else []


@functools.cache
def _cjk_folder() -> Path | None:
    """Where the CJK extra's fonts are, found without importing it (importlib.resources is
    slow to import); None when it is not installed."""
    spec = importlib.util.find_spec(_CJK_PACKAGE)
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "fonts" / "ofl"
    return folder if all((folder / path).is_file() for path in _CJK_FILES.values()) else None


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
def cmap(path: Path) -> frozenset[int]:
    """The characters the font at ``path`` draws."""
    from fontTools.ttLib import TTFont  # only for a text with characters past COMMON

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


@functools.cache
def _bundled_coverage(text_family: str, cjk: tuple[str, ...] = ()) -> frozenset[int]:
    paths = [face.path for face in faces(text_family)] + _cjk_paths(cjk)
    covered: set[int] = set()
    for path in paths:
        covered |= cmap(path)
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


#: How many characters the packaged fonts lack are looked up in the system's fonts, one
#: fontconfig call each; the rest are taken as missing (a resume of 3,000 distinct characters
#: no packaged font has would otherwise spend half a minute asking).
MAX_ASKED = 64


def missing_glyphs(texts: dict[str, str], text_family: str, cjk: Cjk = Cjk()) -> dict[str, str]:
    """For each field, the characters that neither the packaged fonts (the ``cjk`` families
    included) nor the system fonts have."""
    uncovered: dict[str, list[str]] = {}
    for field, text in texts.items():
        rare = {c for c in text if ord(c) not in COMMON}
        if rare:  # the fonts are read only for a text that has characters past COMMON
            covered = _bundled_coverage(text_family, cjk.families)
            chars = sorted(c for c in rare if ord(c) not in covered)
            if chars := [c for c in chars if c.isprintable() and not c.isspace()]:
                uncovered[field] = chars
    asked = list(dict.fromkeys(c for chars in uncovered.values() for c in chars))[:MAX_ASKED]
    drawn = {c for c in asked if _system_has(c)}
    missing = {
        field: "".join(c for c in chars if c not in drawn) for field, chars in uncovered.items()
    }
    return {field: chars for field, chars in missing.items() if chars}


def needs_cjk_extra(text: str) -> bool:
    """Whether ``text`` has CJK characters and the fonts of the CJK extra are not installed."""
    return _cjk_folder() is None and any(_is_cjk(ord(c)) for c in text)


_ASCII = "".join(chr(c) for c in range(32, 127))


def _data_url(path: Path, chars: str, weight: int) -> str:
    return "data:font/ttf;base64," + base64.b64encode(_cut(path, chars, weight)).decode("ascii")


@functools.lru_cache(maxsize=64)
def _cut(path: Path, chars: str, weight: int) -> bytes:
    """The font at ``path`` cut to ``chars`` by HarfBuzz, a variable font pinned to
    ``weight`` (a static instance)."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(path))
    cut = hb.SubsetInput()
    for char in chars:
        cut.unicode_set.add(ord(char))
    if any(axis.tag == "wght" for axis in face.axis_infos):
        cut.pin_axis_location(face, "wght", weight)
    return bytes(hb.subset(face, cut).blob.data)

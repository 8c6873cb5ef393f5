"""The site's icon: the person's initials in the theme's bold face, white on its accent.

Drawn with Pillow from the packaged font (no system font: the same icon on every machine)
as ``favicon.ico`` (16, 32 and 48 pixels) and ``apple-touch-icon.png`` (180). A name whose
first letters the font cannot draw gets the plain accent square.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from resumekit import colors, fonts

if TYPE_CHECKING:
    from PIL.Image import Image

#: The sizes drawn into favicon.ico, and the touch icon's.
ICO_SIZES = (16, 32, 48)
TOUCH_SIZE = 180
_DRAWN = 512  # drawn once this large, then scaled down


def initials(name: str) -> str:
    """The first letters of the first and last words of ``name`` (one for one word)."""
    words = [word for word in name.split() if word[:1].isalpha()]
    if not words:
        return ""
    chosen = [words[0], words[-1]] if len(words) > 1 else words[:1]
    return "".join(word[0] for word in chosen).upper()


def icons(name: str, family: str, accent: str) -> dict[str, bytes]:
    """favicon.ico and apple-touch-icon.png for ``name`` in ``family`` on ``accent``."""
    from PIL import Image

    background = colors.readable(accent, "#ffffff")
    ico = io.BytesIO()
    _drawn(name, family, background, rounded=True).save(
        ico, format="ICO", sizes=[(size, size) for size in ICO_SIZES]
    )
    touch = io.BytesIO()  # square: the phone rounds it, and shows transparent corners black
    _drawn(name, family, background, rounded=False).resize(
        (TOUCH_SIZE, TOUCH_SIZE), Image.Resampling.LANCZOS
    ).save(touch, format="PNG", optimize=True)
    return {"favicon.ico": ico.getvalue(), "apple-touch-icon.png": touch.getvalue()}


def _drawn(name: str, family: str, background: str, rounded: bool) -> Image:
    from PIL import Image as Images
    from PIL import ImageDraw, ImageFont

    image = Images.new("RGBA", (_DRAWN, _DRAWN), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    radius = _DRAWN // 6 if rounded else 0
    draw.rounded_rectangle((0, 0, _DRAWN - 1, _DRAWN - 1), radius=radius, fill=background)
    face = _bold(family)
    letters = initials(name)
    if face is None or not letters or any(ord(c) not in fonts.cmap(face[0]) for c in letters):
        return image
    path, variable = face
    font = ImageFont.truetype(str(path), size=_DRAWN * (44 if len(letters) > 1 else 56) // 100)
    if variable:
        font.set_variation_by_axes([700])
    draw.text((_DRAWN / 2, _DRAWN / 2), letters, font=font, fill="#ffffff", anchor="mm")
    return image


def _bold(family: str) -> tuple[Path, bool] | None:
    """The family's bold face: (its path, whether it is a variable font), or None."""
    for face in fonts.faces(family):
        if face.family == family and face.style == "normal":
            if face.weight == "700":
                return face.path, False
            if " " in face.weight:  # a variable font's "100 900"
                return face.path, True
    return None

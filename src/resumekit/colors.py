"""Colors that can be read: WCAG 2 contrast, and a theme's accent made readable on a page.

A theme's accent is chosen for a white sheet of paper; on the site it is also the color of
links and headings in dark mode. ``readable`` keeps the accent where it already reaches the
contrast WCAG asks of text (4.5:1), else darkens it (on a light page) or lightens it (on a
dark one) just enough.
"""

from __future__ import annotations

from tinycss2 import color3

#: WCAG 2's contrast for normal text (AA).
TEXT_CONTRAST = 4.5

RGB = tuple[float, float, float]


def parse(css: str, background: RGB = (1.0, 1.0, 1.0)) -> RGB:
    """A CSS color (any tinycss2 parses) as red, green, blue from 0 to 1, a translucent one
    seen over ``background``."""
    rgba = color3.parse_color(css)
    if not isinstance(rgba, color3.RGBA):
        raise ValueError(f"not a color: {css!r}")
    alpha = rgba.alpha
    return (rgba.red * alpha + background[0] * (1 - alpha),
            rgba.green * alpha + background[1] * (1 - alpha),
            rgba.blue * alpha + background[2] * (1 - alpha))  # fmt: skip


def hex_code(rgb: RGB) -> str:
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in rgb)


def chroma(css: str) -> float:
    """How colorful a color is, from 0 (a grey) to 1."""
    rgb = parse(css)
    return max(rgb) - min(rgb)


def luminance(rgb: RGB) -> float:
    """WCAG 2's relative luminance."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: RGB, other: RGB) -> float:
    """WCAG 2's contrast ratio, from 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(color: str, background: str, minimum: float = TEXT_CONTRAST) -> str:
    """``color`` (as #rrggbb) if it reaches ``minimum`` contrast on ``background``, else the
    nearest mix of it with black (a light background) or white (a dark one) that does."""
    back = parse(background)
    rgb = parse(color, back)
    toward = 0.0 if luminance(back) > 0.18 else 1.0
    for step in range(101):  # 1% at a time: the least change that reads
        share = step / 100
        mixed = hex_code((rgb[0] + (toward - rgb[0]) * share, rgb[1] + (toward - rgb[1]) * share,
                          rgb[2] + (toward - rgb[2]) * share))  # fmt: skip
        if contrast(parse(mixed), back) >= minimum:
            return mixed
    return hex_code((toward, toward, toward))

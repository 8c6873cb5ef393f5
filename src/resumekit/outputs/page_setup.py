"""The page a theme prints on, for outputs that are not laid out from its CSS (Word): the
paper size from its options, the margins from its stylesheet's ``@page`` rule, read with
tinycss2 as WeasyPrint reads them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import tinycss2

from resumekit.theme_config import NEUTRAL

#: Paper sizes resumekit prints on (theme_config.PAGE_SIZES), width and height in points.
PAPER = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}
#: Points in one of each CSS absolute unit.
POINTS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "q": 72 / 101.6,
          "pc": 12.0, "px": 0.75}  # fmt: skip
#: Margins where the theme sets none, as WeasyPrint's own default: 75 px.
DEFAULT_MARGIN = 56.25
#: The narrowest margin a page gets that is not laid out from the CSS: a theme may print
#: to the paper's edge (modern's sidebar does), a Word page with no columns may not.
MIN_MARGIN = 0.4 * 72
#: The widest margin taken from a stylesheet (3 in); a wider one is the default instead.
MAX_MARGIN = 3 * 72
SIDES = ("top", "right", "bottom", "left")


@dataclass(frozen=True)
class Page:
    """A page's size and margins, in points."""

    width: float
    height: float
    top: float = DEFAULT_MARGIN
    right: float = DEFAULT_MARGIN
    bottom: float = DEFAULT_MARGIN
    left: float = DEFAULT_MARGIN

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right


def page(options: dict[str, Any], css: str) -> Page:
    """The page of a theme's ``options`` and stylesheet: margins the stylesheet gives in a
    unit other than an absolute length (em, %, auto) are left at the default, and none is
    narrower than MIN_MARGIN."""
    size = str(options.get("page_size", NEUTRAL["page_size"])).lower()
    width, height = PAPER.get(size, PAPER[NEUTRAL["page_size"]])
    found = {**dict.fromkeys(SIDES, DEFAULT_MARGIN), **margins(css)}
    return Page(width, height, **{side: _at_least(found, side) for side in SIDES})


def _at_least(found: dict[str, float], side: str) -> float:
    """A side's margin, or where it is under MIN_MARGIN its opposite's (or MIN_MARGIN)."""
    opposite = SIDES[(SIDES.index(side) + 2) % 4]
    return found[side] if found[side] >= MIN_MARGIN else max(found[opposite], MIN_MARGIN)


def margins(css: str) -> dict[str, float]:
    """The margins the plain ``@page`` rules of ``css`` set, each side by the last that sets
    it (``margin`` and ``margin-top`` alike), as CSS cascades them."""
    found: dict[str, float] = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "at-rule" or rule.lower_at_keyword != "page" or rule.content is None:
            continue
        if any(token.type != "whitespace" for token in rule.prelude):
            continue  # @page :first and named pages: not every page
        body = tinycss2.parse_blocks_contents(rule.content, True, True)
        for declaration in body:
            if declaration.type != "declaration":
                continue
            values = [_points(t) for t in declaration.value if t.type != "whitespace"]
            if None in values or not values:
                continue
            points = [v for v in values if v is not None]
            side = declaration.lower_name.removeprefix("margin-")
            if declaration.lower_name == "margin" and len(points) <= 4:
                found.update(zip(SIDES, _expand(points), strict=True))
            elif side in SIDES and len(points) == 1:
                found[side] = points[0]
    return found


def _expand(values: list[float]) -> list[float]:
    """CSS's one to four values of a box shorthand as top, right, bottom, left."""
    top = values[0]
    right = values[1] if len(values) > 1 else top
    bottom = values[2] if len(values) > 2 else top
    left = values[3] if len(values) > 3 else right
    return [top, right, bottom, left]


def _points(token: Any) -> float | None:
    """A length in points, if it is one a page's margin can be (at most MAX_MARGIN)."""
    if token.type == "dimension" and token.lower_unit in POINTS and token.value >= 0:
        points = float(token.value) * POINTS[token.lower_unit]
        return points if math.isfinite(points) and points <= MAX_MARGIN else None
    if token.type == "number" and token.value == 0:
        return 0.0
    return None

"""Fit to N pages: find the loosest layout that fits, within the limits the theme declares.

Tightness runs from 0 (the options as given) to 1 (the theme's minimum density, then its
minimum font size). A bisection over it takes a handful of layouts, not a blind walk.

Without a page limit, ``settle`` saves a nearly empty last page: when it is less than a
quarter full and the theme's own spacing and size are in use, the loosest layout one page
shorter is taken if it needs at most the theme's minimum density and a font 5% smaller.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from resumekit.errors import RenderError, ThemeError
from resumekit.themes import Theme

KNOBS = ("density", "font_size")  # tightened in this order
STEPS = 6  # bisection steps: tightness to within 1/64
NEAR_EMPTY = 0.25  # a last page less full than this is worth saving...
SMALLER_FONT = 0.05  # ...with the theme's minimum density and a font at most this much smaller

L = TypeVar("L")


def tightened(theme: Theme, values: dict[str, Any], tightness: float) -> dict[str, Any]:
    """The options at ``tightness``: the first half lowers density, the second font size."""
    out = dict(values)
    for i, knob in enumerate(KNOBS):
        share = min(max(tightness * len(KNOBS) - i, 0.0), 1.0)
        start, low = float(values[knob]), float(theme.options[knob].min or values[knob])
        out[knob] = round(start - (start - low) * share, 3) if start > low else start
    return out


def fit(
    theme: Theme,
    values: dict[str, Any],
    max_pages: int,
    lay_out: Callable[[dict[str, Any]], L],
    pages: Callable[[L], int],
) -> tuple[dict[str, Any], L]:
    """The loosest options whose layout has at most ``max_pages`` pages, with that layout."""
    missing = [k for k in KNOBS if k not in theme.options]
    if missing:
        raise ThemeError(
            f"theme '{theme.name}' cannot fit to pages: it has no {' or '.join(missing)} option"
        )
    loose = lay_out(values)
    if pages(loose) <= max_pages:
        return values, loose
    tightest_values = tightened(theme, values, 1.0)
    tightest = lay_out(tightest_values)
    if pages(tightest) > max_pages:
        over = pages(tightest) - max_pages
        raise RenderError(
            f"the resume does not fit in {max_pages} page{'s' if max_pages > 1 else ''}: "
            f"at the tightest setting (density {tightest_values['density']:g}, font_size "
            f"{tightest_values['font_size']:g}) it still takes {pages(tightest)}, {over} over",
            hint="leave items out with --tags/--exclude-tags, or allow more pages",
        )
    return _loosest(theme, values, max_pages, lay_out, pages, (1.0, tightest_values, tightest))


def settle(
    theme: Theme,
    values: dict[str, Any],
    laid_out: L,
    lay_out: Callable[[dict[str, Any]], L],
    pages: Callable[[L], int],
    fill: Callable[[L], float],
) -> tuple[dict[str, Any], L]:
    """One page fewer when the last is nearly empty and a small tightening fits it."""
    count = pages(laid_out)
    as_designed = all(
        k in theme.options and values[k] == theme.options[k].default for k in KNOBS
    )  # the user's own spacing or size is kept as given
    if count < 2 or not as_designed or fill(laid_out) >= NEAR_EMPTY:
        return values, laid_out
    size, low = float(values["font_size"]), float(theme.options["font_size"].min or 0)
    share = min(1.0, SMALLER_FONT * size / (size - low)) if size > low else 0.0
    most = (1 + share) / len(KNOBS)  # density all the way, then that share of the font
    tight_values = tightened(theme, values, most)
    tight = lay_out(tight_values)
    if pages(tight) >= count:
        return values, laid_out
    return _loosest(theme, values, count - 1, lay_out, pages, (most, tight_values, tight))


def _loosest(
    theme: Theme,
    values: dict[str, Any],
    max_pages: int,
    lay_out: Callable[[dict[str, Any]], L],
    pages: Callable[[L], int],
    fits: tuple[float, dict[str, Any], L],
) -> tuple[dict[str, Any], L]:
    """Bisect tightness between 0 (too loose) and a tightness that ``fits``."""
    low, high = 0.0, fits[0]
    best = fits[1], fits[2]
    for _ in range(STEPS):
        middle = (low + high) / 2
        candidate_values = tightened(theme, values, middle)
        candidate = lay_out(candidate_values)
        if pages(candidate) <= max_pages:
            high, best = middle, (candidate_values, candidate)
        else:
            low = middle
    return best

"""Fit to N pages: find the loosest layout that fits, within the limits the theme declares.

Tightness runs from 0 (the options as given) to 1 (the theme's minimum density, then its
minimum font size). A bisection over it takes a handful of layouts, not a blind walk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from resumekit.errors import RenderError, ThemeError
from resumekit.themes import Theme

KNOBS = ("density", "font_size")  # tightened in this order
STEPS = 6  # bisection steps: tightness to within 1/64

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
    low, high, best = 0.0, 1.0, (tightest_values, tightest)
    for _ in range(STEPS):
        middle = (low + high) / 2
        candidate_values = tightened(theme, values, middle)
        candidate = lay_out(candidate_values)
        if pages(candidate) <= max_pages:
            high, best = middle, (candidate_values, candidate)
        else:
            low = middle
    return best

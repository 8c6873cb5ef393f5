"""Theme option values: what each option type accepts, and an option as theme.toml declares it.

Values come from theme.toml defaults, a resume's ``theme_options`` and ``--set``; each is
checked, and text converted, to the option's type. A theme's options as a whole are a
pydantic model (``model``), so a layer of values is validated in one call, unknown names
included.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model
from pydantic_core import PydanticCustomError
from tinycss2 import color3

MAX_VALUE = 100  # the longest option value accepted as text (--set, theme_options)
_DECIMAL = re.compile(r"\A[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?\Z")


@dataclass(frozen=True)
class Option:
    """A theme option as declared in theme.toml."""

    name: str
    type: str
    default: Any
    description: str = ""
    choices: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None

    def coerce(self, value: Any) -> Any:
        """Check a value given for this option; text from --set is converted to the type.
        The error says, whole, what is wrong: which option, what it must be, what it got;
        a PydanticCustomError, so the options model shows it as it is."""
        try:
            return self.check(value)
        except ValueError as exc:
            message = f"theme option '{self.name}' must be {exc}, got {shown(value)}"
            raise PydanticCustomError("theme_option", "{message}", {"message": message}) from None

    def check(self, value: Any) -> Any:
        """``value`` as this option's type; a ValueError says what was expected instead."""
        if isinstance(value, str) and (len(value) > MAX_VALUE or not value.isprintable()):
            raise ValueError(f"at most {MAX_VALUE} characters without control characters")
        kind = self.type
        if kind == "number":
            return self._number(value)
        if kind == "boolean":
            if isinstance(value, bool):
                return value
            if str(value).lower() in ("true", "yes", "1", "false", "no", "0"):
                return str(value).lower() in ("true", "yes", "1")
            raise ValueError("true or false")
        text = str(value).strip()
        if kind == "color":
            return _css_color(text)
        if kind == "choice":
            match = next((c for c in self.choices if c.lower() == text.lower()), None)
            if match is None:
                raise ValueError("one of: " + ", ".join(self.choices))
            return match
        return text

    def _number(self, value: Any) -> float:
        """A finite number within the declared range: NaN, inf or 1e400 would break the layout."""
        number, low, high = _number(value), self.min, self.max
        if (
            number is not None
            and (low is None or number >= low)
            and (high is None or number <= high)
        ):
            return number
        if low is not None and high is not None:
            raise ValueError(f"a number from {low} to {high}")
        if low is not None:
            raise ValueError(f"a number of at least {low}")
        raise ValueError("a number" if high is None else f"a number of at most {high}")


@functools.lru_cache(maxsize=64)
def model(options: tuple[Option, ...]) -> type[BaseModel]:
    """The options of a theme as a pydantic model: one field per option, checked by its
    ``coerce``, and no other name. Every field is optional, so a layer of values sets only
    what it gives (``exclude_unset``). Fields are named by position and take the option's
    name as alias: an option may be called ``json`` or ``model_config``. Made once per set of
    options (not per folder: watch re-reads a theme.toml that changed)."""
    fields: dict[str, Any] = {
        f"option_{i}": (Annotated[Any, BeforeValidator(o.coerce)], Field(None, alias=o.name))
        for i, o in enumerate(options)
    }
    return create_model("ThemeOptions", __config__=ConfigDict(extra="forbid"), **fields)


def _css_color(text: str) -> str:
    """Any CSS color tinycss2 parses (a name, #hex, rgb(), hsl()), written back as #rrggbb or
    rgba(): the stylesheet gets only what we write, never the text as given."""
    rgba = color3.parse_color(text)
    if not isinstance(rgba, color3.RGBA):  # None, or currentColor: no color of its own
        raise ValueError("a CSS color such as #1f4e79, navy or rgb(31, 78, 121)")
    red, green, blue = (max(0, min(255, round(channel * 255))) for channel in rgba[:3])
    alpha = max(0.0, min(1.0, rgba.alpha))  # CSS clips out-of-range channels; so do we
    if round(alpha, 3) == 1:
        return f"#{red:02x}{green:02x}{blue:02x}"
    return f"rgba({red}, {green}, {blue}, {round(alpha, 3):g})"


def _number(value: Any) -> float | None:
    """A finite float from a number or decimal text (no hex, underscores, nan or inf)."""
    if isinstance(value, bool) or (isinstance(value, str) and not _DECIMAL.match(value.strip())):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def shown(value: Any) -> str:
    """A value as a message shows it: repr, cut short (a --set value may be huge)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."

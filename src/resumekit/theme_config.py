"""Checking theme.toml: its pydantic models, and problems placed at their line and column.

ThemeConfig is the file; OptionSpec one ``[options.NAME]`` table. TomlFile parses the text
and turns validation errors into Diagnostics that point into it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from resumekit.errors import Diagnostic, InvalidTheme
from resumekit.parse import dotted
from resumekit.theme_files import read_text
from resumekit.theme_options import MAX_VALUE, Option, shown


class Reserved(NamedTuple):
    """An option resumekit reads itself: the type it must have, and the neutral value a
    render uses when the theme does not declare it (None: no value at all)."""

    type: str
    neutral: Any


#: The families a theme may choose for its text (the `font` option), packaged (``fonts``).
TEXT_FAMILIES = ("IBM Plex Sans Condensed", "IBM Plex Serif", "Fira Sans", "Noto Sans")
#: Options resumekit itself reads (html.option_css, fonts, fit).
RESERVED = {
    "accent": Reserved("color", None),
    "font": Reserved("choice", TEXT_FAMILIES[0]),
    "page_size": Reserved("choice", "letter"),
    "font_size": Reserved("number", 10.0),
    "density": Reserved("number", 1.0),
}
#: The paper sizes resumekit prints on (the `page_size` option), as @page names them.
PAGE_SIZES = {"letter": "letter", "a4": "A4"}
#: What a render uses for each option of RESERVED its theme lacks: the plan fills them in.
NEUTRAL = {name: option.neutral for name, option in RESERVED.items() if option.neutral is not None}
#: A theme or option name; a theme name in `--theme` that does not match is taken as a path.
#: Anchored with \A and \Z, not ^ and $: `$` also matches before a final newline ("mine\n").
#: A theme name: also a folder name, so no trailing dot (Windows drops it: "classic." would
#: be the folder classic).
NAME = re.compile(r"\A[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_-])?\Z")


def _printable(text: str) -> str:
    if not text.isprintable():
        raise _problem("must be text without control characters")
    return text


def _identifier(text: str) -> str:
    if not NAME.match(text):
        raise _problem(
            "must be 1 to 64 letters, digits, '_', '-' or '.', not starting with . or - nor "
            "ending with ."
        )
    return text


def _problem(message: str) -> PydanticCustomError:
    """A validation error whose message is shown as it is (no "Value error, " prefix)."""
    return PydanticCustomError("theme", message)


Name = Annotated[str, AfterValidator(_identifier)]
Text = Annotated[str, Field(max_length=300), AfterValidator(_printable)]
Value = Annotated[str, Field(min_length=1, max_length=MAX_VALUE), AfterValidator(_printable)]
Extends = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_printable)]


class OptionSpec(BaseModel):
    """One ``[options.NAME]`` table, with what it inherits from the parent theme filled in.

    The option's name comes in the validation context: options resumekit reads itself
    (RESERVED) must have the type it reads them as, and `font` must name packaged fonts.
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    type: Literal["color", "choice", "number", "boolean"]
    choices: list[Value] | None = Field(None, min_length=1, max_length=100, validate_default=True)
    min: float | None = Field(None, allow_inf_nan=False)
    max: float | None = Field(None, allow_inf_nan=False)
    default: Any
    description: Text = ""

    @field_validator("type")
    @classmethod
    def _reserved(cls, kind: str, info: ValidationInfo) -> str:
        name = _option_name(info)
        wanted = RESERVED.get(name)
        if wanted and kind != wanted.type:
            raise _problem(f"resumekit reads option '{name}' as a {wanted.type}, not a {kind}")
        return kind

    @field_validator("choices")
    @classmethod
    def _choices(cls, choices: list[str] | None, info: ValidationInfo) -> list[str] | None:
        if choices is None and info.data.get("type") == "choice":
            raise _problem("a choice option needs choices = [...]")
        if choices and _option_name(info) == "font":
            _packaged(choices)
        unknown = [c for c in choices or () if c.lower() not in PAGE_SIZES]
        if unknown and _option_name(info) == "page_size":
            raise _problem(f"{unknown[0]!r} is no paper size resumekit prints on; use "
                           + " or ".join(PAGE_SIZES))  # fmt: skip
        return choices

    @field_validator("max")
    @classmethod
    def _range(cls, high: float | None, info: ValidationInfo) -> float | None:
        low = info.data.get("min")
        if high is not None and low is not None and high < low:
            raise _problem(f"must not be less than min ({low})")
        return high

    @field_validator("default")
    @classmethod
    def _default(cls, value: Any, info: ValidationInfo) -> Any:
        data = info.data
        if not {"type", "choices", "min", "max"} <= data.keys():
            return value  # one of them is wrong, and reported already
        option = Option("", data["type"], value, "", tuple(data["choices"] or ()), data["min"],
                        data["max"])  # fmt: skip
        try:
            value = option.check(value)
        except ValueError as exc:
            raise _problem(f"must be {exc}, got {shown(value)}") from None
        if _option_name(info) == "font":
            _packaged([value])
        return value


def _option_name(info: ValidationInfo) -> str:
    return str((info.context or {}).get("name", ""))


def _packaged(names: list[str]) -> None:
    """The `font` option may name only fonts resumekit ships (the PDF fetcher reads no others)."""
    unknown = [n for n in names if n not in TEXT_FAMILIES]
    if unknown:
        raise _problem(f"{unknown[0]!r} is not a packaged font; use one of: "
                       + ", ".join(TEXT_FAMILIES))  # fmt: skip


class ThemeConfig(BaseModel):
    """theme.toml. Options are only checked to be tables here: each is validated by
    OptionSpec once the theme it extends, and so what it inherits, is known."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: Name | None = None
    description: Text = ""
    version: Text = ""
    extends: Extends | None = None
    options: dict[Name, dict[str, Any]] = {}


_KEY = r"""[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'"""
_DOTTED = rf"(?:{_KEY})(?:[ \t]*\.[ \t]*(?:{_KEY}))*"
_TABLE = re.compile(rf"[ \t]*\[[ \t]*({_DOTTED})[ \t]*\]")
_ASSIGN = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=[ \t]*")
_TOML_ERROR = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)$")
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class TomlFile:
    """A parsed theme.toml with the position of each table and key, to point problems at.

    tomllib keeps no positions (nor does tomlkit), so they come from a scan of the table
    headers and ``key =`` lines: (line, column of the key, column of the value).
    """

    path: Path
    data: dict[str, Any]
    positions: dict[tuple[str, ...], tuple[int, int, int]]

    @classmethod
    def read(cls, path: Path, folder: Path) -> TomlFile:
        text = read_text(path, [folder])
        try:
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError) as exc:
            message = str(exc) if isinstance(exc, tomllib.TOMLDecodeError) else "nested too deeply"
            at = _TOML_ERROR.search(message)
            line, col = (int(at[1]), int(at[2])) if at and at[1] else (None, None)
            message = message[: at.start()] if at else message
            raise InvalidTheme([Diagnostic(str(path), line, col, "", f"TOML: {message}")]) from None
        return cls(path, data, _positions(text))

    def validate(
        self, model: type[M], data: dict[str, Any], prefix: tuple[str, ...] = (),
        context: dict[str, Any] | None = None,
    ) -> tuple[M | None, list[Diagnostic]]:  # fmt: skip
        """``data`` as ``model``, or the problems, each placed at its line and column."""
        try:
            return model.model_validate(data, context=context), []
        except ValidationError as exc:
            allowed = ", ".join(model.model_fields)
            return None, [self._diagnostic(prefix, error, allowed) for error in exc.errors()]

    def _diagnostic(self, prefix: tuple[str, ...], error: Any, allowed: str) -> Diagnostic:
        loc = (*prefix, *error["loc"])
        on_key = error["type"] == "extra_forbidden" or "[key]" in loc
        loc = tuple(part for part in loc if part != "[key]")
        line, col = self.place(loc, on_key)
        kind, message = error["type"], error["msg"]
        if kind == "extra_forbidden":
            message = f"unknown key '{loc[-1]}'; expected one of: {allowed}"
        elif kind == "missing":
            message = f"required key '{loc[-1]}' is missing"
        elif kind != "theme":
            message = f"{message[0].lower()}{message[1:]}, got {_describe(error['input'])}"
        return Diagnostic(str(self.path), line, col, dotted(list(loc)), message)

    def place(self, loc: tuple[Any, ...], on_key: bool = False) -> tuple[int | None, int | None]:
        """The value at ``loc`` (its key when ``on_key``), else the nearest table or key above."""
        keys: list[str] = []
        for part in loc:
            if not isinstance(part, str):
                break  # a list index: point at the list
            keys.append(part)
        for end in range(len(keys), 0, -1):
            if (found := self.positions.get(tuple(keys[:end]))) is not None:
                line, key_col, value_col = found
                return line, value_col if end == len(keys) and not on_key else key_col
        return None, None

    def where(self, loc: tuple[str, ...]) -> str:
        line, col = self.place(loc)
        return f"{self.path}:{line}:{col}" if line else str(self.path)


def _positions(text: str) -> dict[tuple[str, ...], tuple[int, int, int]]:
    found: dict[tuple[str, ...], tuple[int, int, int]] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.split("\n"), 1):
        if header := _TABLE.match(line):
            table = _key_parts(header[1])
            col = line.index("[") + 1
            found.setdefault(table, (number, col, col))
        elif assign := _ASSIGN.match(line):
            key = (*table, *_key_parts(assign[1]))
            found.setdefault(key, (number, assign.start(1) + 1, assign.end() + 1))
    return found


def _key_parts(dotted: str) -> tuple[str, ...]:
    return tuple(p[1:-1] if p[0] in "\"'" else p for p in re.findall(_KEY, dotted))


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {shown(value)}"

"""Finding themes and reading their options.

A theme is a data folder: ``theme.toml``, Jinja templates and ``style.css``. Lookup
order for a name: a path, ``./themes/NAME`` beside the resume, then the entry-point
group ``resumekit.themes`` (where the built-ins are registered too, as mkdocs does).
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import jinja2
from jinja2.loaders import split_template_path
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

from resumekit.errors import Diagnostic, InvalidTheme, ThemeError
from resumekit.files import read_confined

GROUP = "resumekit.themes"
BUILTIN_DIST = "resumekit"
#: Options resumekit itself reads (html.option_css, fonts, fit) and the type each must have.
RESERVED = {"accent": "color", "font": "choice", "page_size": "choice", "font_size": "number",
            "density": "number"}  # fmt: skip
TEXT_LIMIT = 1 << 20  # theme.toml, templates and style.css are text: 1 MiB is plenty
MAX_VALUE = 100  # the longest option value accepted as text (--set, theme_options)
MAX_DEPTH = 10  # how many themes an `extends` chain may hold
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$")
_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_NAMED_COLORS = frozenset(
    (
        "black",
        "white",
        "gray",
        "grey",
        "silver",
        "maroon",
        "red",
        "purple",
        "green",
        "olive",
        "navy",
        "blue",
        "teal",
        "darkblue",
        "darkred",
        "darkgreen",
        "darkslategray",
        "darkslateblue",
        "midnightblue",
        "steelblue",
        "slategray",
        "dimgray",
        "firebrick",
        "crimson",
        "indigo",
        "seagreen",
        "royalblue",
    )
)


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

    def coerce(self, value: Any, where: str) -> Any:
        """Check a value given for this option; text from --set is converted to the type."""
        try:
            return self.check(value)
        except ValueError as exc:
            raise ThemeError(
                f"{where}: theme option '{self.name}' must be {exc}, got {_shown(value)}",
                hint=self.description or None,
            ) from None

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
        if kind == "color" and not (_HEX.match(text) or text.lower() in _NAMED_COLORS):
            raise ValueError("a color such as #1f4e79 or navy")
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


def _number(value: Any) -> float | None:
    """A finite float from a number or decimal text (no hex, underscores, nan or inf)."""
    if isinstance(value, bool) or (isinstance(value, str) and not _DECIMAL.match(value.strip())):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _shown(value: Any) -> str:
    """A value as a message shows it: repr, cut short (a --set value may be huge)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class Theme:
    """A resolved theme: its folders (own first, then what it extends) and options."""

    name: str
    description: str
    version: str
    origin: str
    folders: tuple[Path, ...]
    options: dict[str, Option] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.folders[0]

    def resolve_options(self, *layers: tuple[str, dict[str, Any]]) -> dict[str, Any]:
        """Defaults, overridden by each (where, values) layer in turn; unknown names are errors."""
        values = {name: option.default for name, option in self.options.items()}
        for where, given in layers:
            for name, value in given.items():
                if name not in self.options:
                    raise ThemeError(
                        f"{where}: theme '{self.name}' has no option '{name}'",
                        hint="its options are: " + ", ".join(sorted(self.options)),
                    )
                values[name] = self.options[name].coerce(value, where)
        return values

    def css(self) -> str:
        """style.css, looked up like templates: this theme's own, else the one it extends."""
        found = next((p / "style.css" for p in self.folders if _exists(p / "style.css")), None)
        return read_text(found, self.folders) if found else ""


@dataclass(frozen=True)
class Available:
    """A theme as `resumekit themes` lists it."""

    name: str
    description: str
    origin: str


def read_text(path: Path, roots: Sequence[Path]) -> str:
    """A theme's text file through the read boundary, so a link out of the theme, a FIFO or a
    device is refused with a ThemeError naming the file instead of being read."""
    data = read_confined(path, roots, TEXT_LIMIT, error=ThemeError)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ThemeError(
            f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        ) from None


def _exists(path: Path) -> bool:
    """Whether a name is taken, links included: a link to a FIFO is refused, not skipped."""
    return os.path.lexists(path)


class ThemeLoader(jinja2.BaseLoader):
    """Templates, partials, includes, imports and extends from a theme's folders (its own
    first), each read through the read boundary; FileSystemLoader would follow any link."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self.folders = folders

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        parts = split_template_path(template)  # refuses names with ".." like FileSystemLoader
        for folder in self.folders:
            path = folder.joinpath(*parts)
            if _exists(path):
                return read_text(path, self.folders), str(path), _unchanged(path)
        raise jinja2.TemplateNotFound(template)


def _unchanged(path: Path) -> Callable[[], bool]:
    """For auto_reload (watch): a template is read, and checked, again once it changes."""
    before = _mtime(path)
    return lambda: _mtime(path) == before


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _printable(text: str) -> str:
    if not text.isprintable():
        raise _problem("must be text without control characters")
    return text


def _identifier(text: str) -> str:
    if not _NAME.match(text):
        raise _problem("must be 1 to 64 letters, digits, '_', '-' or '.', not starting with . or -")
    return text


def _problem(message: str) -> PydanticCustomError:
    """A validation error whose message is shown as it is (no "Value error, " prefix)."""
    return PydanticCustomError("theme", message)


_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")
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
        if wanted and kind != wanted:
            raise _problem(f"resumekit reads option '{name}' as a {wanted}, not a {kind}")
        return kind

    @field_validator("choices")
    @classmethod
    def _choices(cls, choices: list[str] | None, info: ValidationInfo) -> list[str] | None:
        if choices is None and info.data.get("type") == "choice":
            raise _problem("a choice option needs choices = [...]")
        if choices and _option_name(info) == "font":
            _packaged(choices)
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
            raise _problem(f"must be {exc}, got {_shown(value)}") from None
        if _option_name(info) == "font":
            _packaged([value])
        return value


def _option_name(info: ValidationInfo) -> str:
    return str((info.context or {}).get("name", ""))


def _packaged(names: list[str]) -> None:
    """The `font` option may name only fonts resumekit ships (the PDF fetcher reads no others)."""
    from resumekit.fonts import TEXT_FAMILIES  # fontpkg is slow to import

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


def _registered() -> dict[str, EntryPoint]:
    """Entry points by name; a third-party package may not take a built-in's name."""
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=GROUP):
        if not _NAME.match(ep.name):
            continue  # `--theme` would take such a name for a path
        if ep.name in found and _dist(ep) != BUILTIN_DIST:
            continue
        found[ep.name] = ep
    return found


def _dist(ep: EntryPoint) -> str:
    return (ep.dist.name if ep.dist else None) or "unknown package"


def _origin(ep: EntryPoint) -> str:
    return "built-in" if _dist(ep) == BUILTIN_DIST else f"package {_dist(ep)}"


def _entry_point_folder(ep: EntryPoint) -> Path:
    """The theme folder an entry point names: a package (module) or a Path attribute
    (module:attr). Importing an installed package can fail in any way, so every exception
    there becomes a ThemeError naming the package."""
    where = f"theme '{ep.name}' from {_origin(ep)} ({ep.value})"
    if ep.pattern.match(ep.value) is None:
        raise ThemeError(f"{where} does not name a module or module:attribute")
    try:
        folder = _load_folder(ep)
    except Exception as exc:
        raise ThemeError(f"{where} cannot be loaded: {type(exc).__name__}: {exc}") from None
    if folder is None or not _exists(folder / "theme.toml"):
        raise ThemeError(f"{where} is not a theme folder (a folder with theme.toml)")
    return folder


def _load_folder(ep: EntryPoint) -> Path | None:
    if ep.attr:
        value = ep.load()
        return Path(value).resolve() if isinstance(value, str | os.PathLike) else None
    spec = importlib.util.find_spec(ep.module)
    locations = spec.submodule_search_locations if spec else None
    return Path(next(iter(locations))).resolve() if locations else None


def find(name: str, resume_dir: Path | None = None) -> Theme:
    """Resolve a theme name or path to a Theme, following ``extends``."""
    folder, origin = _locate(name, resume_dir)
    return _read(folder, origin, resume_dir, ((name, folder),))


def _locate(name: str, resume_dir: Path | None) -> tuple[Path, str]:
    if not name or len(name) > 300 or not name.isprintable():
        raise ThemeError(f"{_shown(name)} is not a theme name or folder")
    if "/" in name or "\\" in name or name.startswith("."):
        as_path = Path(name).expanduser()
        if not _exists(as_path / "theme.toml"):
            raise ThemeError(
                f"'{name}' is not a theme folder (it has no theme.toml)",
                hint="give a theme name (see `resumekit themes`) or a folder with theme.toml",
            )
        return as_path.resolve(), f"path {as_path}"
    registered = _registered()
    ep = registered.get(name)
    local = ((resume_dir or Path.cwd()) / "themes" / name).resolve()
    if _exists(local / "theme.toml") and not (ep and _is_folder_of(ep, local)):
        return local, "project ./themes"
    if ep is not None:
        return _entry_point_folder(ep), _origin(ep)
    names = sorted({*registered, *_local_names(resume_dir)})
    raise ThemeError(f"unknown theme '{name}'", hint="available themes: " + ", ".join(names))


def _is_folder_of(ep: EntryPoint, folder: Path) -> bool:
    """Whether ./themes/NAME is the installed theme itself (a source checkout's built-ins)."""
    try:
        return _entry_point_folder(ep) == folder
    except ThemeError:
        return False


def _local_names(resume_dir: Path | None) -> list[str]:
    folder = (resume_dir or Path.cwd()) / "themes"
    try:
        entries = list(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return []
    return [p.name for p in entries if _NAME.match(p.name) and _exists(p / "theme.toml")]


def _read(
    folder: Path, origin: str, resume_dir: Path | None, chain: tuple[tuple[str, Path], ...]
) -> Theme:
    """A theme folder's theme.toml, checked whole: every problem in it is reported at once."""
    toml = _TomlFile.read(folder / "theme.toml", folder)
    config, problems = toml.validate(ThemeConfig, toml.data)
    extends = toml.data.get("extends")
    parent = None
    if isinstance(extends, str) and not any(d.path == "extends" for d in problems):
        parent = _parent(extends, toml.where(("extends",)), resume_dir, chain)
    options = dict(parent.options) if parent else {}
    specs = toml.data.get("options")
    for name, spec in specs.items() if isinstance(specs, dict) else ():
        if not isinstance(spec, dict):
            continue  # ThemeConfig reported it
        inherited = _spec_of(options[name]) if name in options else {}
        found, more = toml.validate(OptionSpec, {**inherited, **spec}, ("options", name),
                                    {"name": name})  # fmt: skip
        problems += more
        if found:
            options[name] = Option(name, found.type, found.default, found.description,
                                   tuple(found.choices or ()), found.min, found.max)  # fmt: skip
    if problems or not config:
        raise InvalidTheme(sorted(problems, key=lambda d: (d.line or 0, d.col or 0)))
    return Theme(
        name=config.name or folder.name,
        description=config.description,
        version=config.version,
        origin=origin,
        folders=(folder, *(parent.folders if parent else ())),
        options=options,
    )


def _spec_of(option: Option) -> dict[str, Any]:
    """An inherited option as theme.toml would state it, for a child to override in part."""
    spec = {k: getattr(option, k) for k in ("type", "default", "description", "min", "max")}
    return {**spec, "choices": list(option.choices) or None}


def _parent(
    name: str, where: str, resume_dir: Path | None, chain: tuple[tuple[str, Path], ...]
) -> Theme:
    """The theme ``extends`` names; a loop or an endless chain is an error, not a RecursionError."""
    try:
        folder, origin = _locate(name, resume_dir)
    except ThemeError as exc:
        raise ThemeError(f"{where}: extends: {exc.message}", hint=exc.hint) from None
    names = " -> ".join([*(n for n, _ in chain), name])
    if any(folder == seen for _, seen in chain):
        raise ThemeError(f"{where}: extends: themes extend each other in a loop: {names}")
    if len(chain) >= MAX_DEPTH:
        raise ThemeError(f"{where}: extends: more than {MAX_DEPTH} themes deep: {names}")
    return _read(folder, origin, resume_dir, (*chain, (name, folder)))


_KEY = r"""[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'"""
_DOTTED = rf"(?:{_KEY})(?:[ \t]*\.[ \t]*(?:{_KEY}))*"
_TABLE = re.compile(rf"[ \t]*\[[ \t]*({_DOTTED})[ \t]*\]")
_ASSIGN = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=[ \t]*")
_TOML_ERROR = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)$")
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class _TomlFile:
    """A parsed theme.toml with the position of each table and key, to point problems at.

    tomllib keeps no positions (nor does tomlkit), so they come from a scan of the table
    headers and ``key =`` lines: (line, column of the key, column of the value).
    """

    path: Path
    data: dict[str, Any]
    positions: dict[tuple[str, ...], tuple[int, int, int]]

    @classmethod
    def read(cls, path: Path, folder: Path) -> _TomlFile:
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
        return Diagnostic(str(self.path), line, col, _dotted(loc), message)

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


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {_shown(value)}"


def available(resume_dir: Path | None = None) -> tuple[list[Available], dict[str, ThemeError]]:
    """Every theme that `--theme NAME` can find, and why each broken one cannot be used."""
    found: list[Available] = []
    broken: dict[str, ThemeError] = {}
    for name in sorted({*_local_names(resume_dir), *_registered()}):
        try:
            theme = find(name, resume_dir)
        except ThemeError as exc:
            broken[name] = exc
        else:
            found.append(Available(name, theme.description, theme.origin))
    return found, broken

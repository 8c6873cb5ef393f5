"""Finding themes and reading their options.

A theme is a data folder: ``theme.toml``, Jinja templates and ``style.css``. Lookup
order for a name: a path, ``./themes/NAME`` beside the resume, then the entry-point
group ``resumekit.themes`` (where the built-ins are registered too, as mkdocs does).
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

from resumekit.errors import ThemeError

GROUP = "resumekit.themes"
BUILTIN_DIST = "resumekit"
OPTION_TYPES = ("color", "choice", "number", "boolean")
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
        kind = self.type
        if kind == "number":
            number = _number(value)
            if number is None:
                raise _bad(self, value, where, "a number")
            if (self.min is not None and number < self.min) or (
                self.max is not None and number > self.max
            ):
                raise _bad(self, value, where, f"a number from {self.min} to {self.max}")
            return number
        if kind == "boolean":
            if isinstance(value, bool):
                return value
            if str(value).lower() in ("true", "yes", "1", "false", "no", "0"):
                return str(value).lower() in ("true", "yes", "1")
            raise _bad(self, value, where, "true or false")
        text = str(value).strip()
        if kind == "color" and not (_HEX.match(text) or text.lower() in _NAMED_COLORS):
            raise _bad(self, value, where, "a color such as #1f4e79 or navy")
        if kind == "choice":
            match = next((c for c in self.choices if c.lower() == text.lower()), None)
            if match is None:
                raise _bad(self, value, where, "one of: " + ", ".join(self.choices))
            return match
        return text


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _bad(option: Option, value: Any, where: str, expected: str) -> ThemeError:
    return ThemeError(
        f"{where}: theme option '{option.name}' must be {expected}, got {value!r}",
        hint=option.description or None,
    )


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

    def stylesheet(self) -> Path | None:
        """style.css, looked up like templates: this theme's own, else the one it extends."""
        return next((p / "style.css" for p in self.folders if (p / "style.css").is_file()), None)


@dataclass(frozen=True)
class Available:
    """A theme as `resumekit themes` lists it."""

    name: str
    description: str
    origin: str


def _registered() -> dict[str, EntryPoint]:
    """Entry points by name; a third-party package may not take a built-in's name."""
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=GROUP):
        dist = ep.dist.name if ep.dist else ""
        if ep.name in found and dist != BUILTIN_DIST:
            continue
        found[ep.name] = ep
    return found


def _entry_point_folder(ep: EntryPoint) -> Path:
    """A theme entry point names a package folder (module) or a Path attribute (module:attr)."""
    if ep.attr:
        return Path(ep.load()).resolve()
    spec = importlib.util.find_spec(ep.module)
    if spec is None or not spec.submodule_search_locations:
        raise ThemeError(f"theme '{ep.name}' points at {ep.value}, which is not a package folder")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def _origin(ep: EntryPoint) -> str:
    dist = ep.dist.name if ep.dist else "unknown package"
    return "built-in" if dist == BUILTIN_DIST else f"package {dist}"


def find(name: str, resume_dir: Path | None = None, _chain: tuple[str, ...] = ()) -> Theme:
    """Resolve a theme name or path to a Theme, following ``extends``."""
    folder, origin = _locate(name, resume_dir)
    return _read(folder, origin, resume_dir, (*_chain, name))


def _locate(name: str, resume_dir: Path | None) -> tuple[Path, str]:
    as_path = Path(name).expanduser()
    if "/" in name or "\\" in name or name.startswith("."):
        if not (as_path / "theme.toml").is_file():
            raise ThemeError(
                f"'{name}' is not a theme folder (it has no theme.toml)",
                hint="give a theme name (see `resumekit themes`) or a folder with theme.toml",
            )
        return as_path.resolve(), f"path {as_path}"
    registered = _registered()
    installed = _entry_point_folder(registered[name]) if name in registered else None
    local = ((resume_dir or Path.cwd()) / "themes" / name).resolve()
    if (local / "theme.toml").is_file() and local != installed:
        return local, "project ./themes"
    if installed is not None:
        return installed, _origin(registered[name])
    names = sorted({*registered, *_local_names(resume_dir)})
    raise ThemeError(f"unknown theme '{name}'", hint="available themes: " + ", ".join(names))


def _local_names(resume_dir: Path | None) -> list[str]:
    folder = (resume_dir or Path.cwd()) / "themes"
    if not folder.is_dir():
        return []
    return [p.name for p in folder.iterdir() if (p / "theme.toml").is_file()]


def _read(folder: Path, origin: str, resume_dir: Path | None, chain: tuple[str, ...]) -> Theme:
    toml_path = folder / "theme.toml"
    try:
        config = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ThemeError(f"{toml_path}: cannot read theme settings: {exc}") from None
    parent_name = config.get("extends")
    parent = None
    if parent_name:
        if parent_name in chain:
            raise ThemeError(f"{toml_path}: themes extend each other in a loop: {chain}")
        parent = find(parent_name, resume_dir, chain)
    options = dict(parent.options) if parent else {}
    for name, spec in config.get("options", {}).items():
        options[name] = _option(toml_path, name, spec, options.get(name))
    return Theme(
        name=config.get("name", folder.name),
        description=config.get("description", ""),
        version=str(config.get("version", "")),
        origin=origin,
        folders=(folder, *(parent.folders if parent else ())),
        options=options,
    )


def _option(toml_path: Path, name: str, spec: dict[str, Any], inherited: Option | None) -> Option:
    merged = {**(inherited.__dict__ if inherited else {}), **spec, "name": name}
    if "choices" in merged:
        merged["choices"] = tuple(merged["choices"])
    if merged.get("type") not in OPTION_TYPES or "default" not in merged:
        raise ThemeError(
            f"{toml_path}: option '{name}' needs a type ({', '.join(OPTION_TYPES)}) and a default"
        )
    try:
        return Option(**merged)
    except TypeError as exc:
        raise ThemeError(f"{toml_path}: option '{name}': {exc}") from None


def available(resume_dir: Path | None = None) -> list[Available]:
    """Every theme that `--theme NAME` can find, with where it comes from."""
    found: dict[str, Available] = {}
    for name in _local_names(resume_dir):
        theme = find(name, resume_dir)
        found[name] = Available(name, theme.description, theme.origin)
    for name, ep in _registered().items():
        if name not in found:
            theme = _read(_entry_point_folder(ep), _origin(ep), resume_dir, (name,))
            found[name] = Available(name, theme.description, theme.origin)
    return sorted(found.values(), key=lambda t: t.name)

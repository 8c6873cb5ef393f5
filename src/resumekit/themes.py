"""Finding themes and reading their options.

A theme is a data folder: ``theme.toml``, Jinja templates and ``style.css``. Lookup
order for a name: a path, ``./themes/NAME`` beside the resume, then the entry-point
group ``resumekit.themes`` (where the built-ins are registered too, as mkdocs does; as no
package may take a built-in's name, a built-in is found without reading entry points).
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import Distribution, EntryPoint, entry_points
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from resumekit import builtin_themes
from resumekit.errors import Diagnostic, InvalidOptions, InvalidTheme, ThemeError
from resumekit.theme_config import NAME, OptionSpec, ThemeConfig, TomlFile
from resumekit.theme_files import exists, read_text
from resumekit.theme_options import Option, model, shown

#: Where theme option values were given: a label such as "--set", or a function that places
#: a problem with an option (name, message, whether the name itself is wrong) in a file.
Where = str | Callable[[str, str, bool], Diagnostic]
GROUP = "resumekit.themes"
#: The template every theme has, itself or through ``extends``.
TEMPLATE = "resume.html.j2"
BUILTIN_DIST = "resumekit"
MAX_DEPTH = 10  # how many themes an `extends` chain may hold
MAX_FILES = 1_000  # files and folders in one theme folder, for validate's walk


@dataclass(frozen=True)
class Theme:
    """A resolved theme: its folders (own first, then what it extends) and options."""

    name: str
    description: str
    version: str
    origin: str
    folders: tuple[Path, ...]
    options: dict[str, Option] = field(default_factory=dict)
    names: tuple[str, ...] = ()  # the theme of each folder: a template can say compact/x.j2

    @property
    def path(self) -> Path:
        return self.folders[0]

    def resolve_options(self, *layers: tuple[Where, dict[str, Any]]) -> dict[str, Any]:
        """Defaults, overridden by each (where, values) layer in turn, each layer validated
        by the theme's options model. Every value the theme refuses (an unknown name, a wrong
        type, out of range) is reported at once, each where it was given, in InvalidOptions."""
        values = {name: option.default for name, option in self.options.items()}
        options = model(tuple(self.options.values()))
        problems: list[Diagnostic] = []
        for where, given in layers:
            try:
                checked = options.model_validate(given)
            except ValidationError as exc:
                problems += self._refused(where, given, exc)
            else:
                values.update(checked.model_dump(by_alias=True, exclude_unset=True))
        if problems:
            raise InvalidOptions(problems)
        return values

    def _refused(
        self, where: Where, given: dict[str, Any], error: ValidationError
    ) -> list[Diagnostic]:
        """Each value of a layer the model refused, placed, in the order given."""
        found = {}
        for problem in error.errors():
            name = str(problem["loc"][0])
            unknown = problem["type"] == "extra_forbidden"
            message = self._unknown(name) if unknown else problem["msg"]
            found[name] = _placed(where, name, message, unknown)
        return [found[name] for name in given if name in found]

    def _unknown(self, name: str) -> str:
        return f"theme '{self.name}' has no option {shown(name)}; {self.option_like(name)}"

    def option_like(self, name: str) -> str:
        """For a name the theme has no option by: the option meant, or all of them."""
        close = difflib.get_close_matches(name, self.options, n=1, cutoff=0.6)
        if close:
            return f"did you mean '{close[0]}'?"
        return "its options are: " + ", ".join(sorted(self.options))

    def read_templates(self) -> None:
        """Read every template of the chain (``*.j2``, hidden names aside, as the template
        loader would) through the read boundary, without Jinja: a link out of the theme, a
        FIFO or a file past its cap is refused here as at render. A linked folder is refused
        outright: the loader could reach anything through it."""
        for folder in self.folders:
            walked = 0
            for root, dirs, names in os.walk(folder):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in [*dirs, *names]:
                    walked += 1
                    if walked > MAX_FILES:
                        raise ThemeError(f"{folder}: more than {MAX_FILES:,} files; a theme "
                                         "is a few templates and a stylesheet")  # fmt: skip
                    path = Path(root, name)
                    if name in dirs and path.is_symlink():
                        raise ThemeError(f"{path}: a theme's folder may not be a link")
                    if name.endswith(".j2") and not name.startswith("."):
                        read_text(path, self.folders)

    def css(self) -> str:
        """Every style.css of the chain, the furthest parent's first, so each child's rules
        cascade over what it extends and a child states only what differs."""
        sheets = [p / "style.css" for p in reversed(self.folders) if exists(p / "style.css")]
        return "\n".join(read_text(sheet, self.folders) for sheet in sheets)


def _placed(where: Where, name: str, message: str, on_key: bool) -> Diagnostic:
    if isinstance(where, str):
        return Diagnostic(where, None, None, "", message)
    return where(name, message, on_key)


@dataclass(frozen=True)
class Available:
    """A theme as `resumekit themes` lists it."""

    name: str
    description: str
    origin: str


def installed() -> tuple[EntryPoint, ...]:
    """The group's entry points of every installed package. Reading them opens a file of
    every package on ``sys.path``: they are read again only when ``sys.path`` or one of its
    folders changes (a package installed or removed), not for each theme a run looks up. A
    package's entry points rewritten in place (``setup.py develop``) are seen by the next
    run."""
    return _read_installed(tuple(_state(entry) for entry in sys.path))


def _state(entry: str) -> tuple[str, int | None]:
    """A folder on ``sys.path`` ("" is the current one) and when it last changed."""
    folder = os.path.abspath(entry or os.curdir)
    try:
        return folder, os.stat(folder).st_mtime_ns
    except (OSError, ValueError):
        return folder, None


@functools.lru_cache(maxsize=1)
def _read_installed(key: tuple[tuple[str, int | None], ...]) -> tuple[EntryPoint, ...]:
    return tuple(entry_points(group=GROUP))


def _registered() -> dict[str, EntryPoint]:
    """Entry points by name; a third-party package may not take a built-in's name."""
    found: dict[str, EntryPoint] = {}
    for ep in installed():
        if not NAME.match(ep.name):
            continue  # `--theme` would take such a name for a path
        if ep.name in found and _dist(ep) != BUILTIN_DIST:
            continue
        found[ep.name] = ep
    return found


def _dist(ep: EntryPoint) -> str:
    """The name of the package that registers ``ep`` (its metadata is read once)."""
    return _dist_name(ep.dist) if ep.dist else "unknown package"


@functools.lru_cache(maxsize=64)
def _dist_name(dist: Distribution) -> str:
    return dist.name or "unknown package"


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
    if folder is None or not exists(folder / "theme.toml"):
        raise ThemeError(f"{where} is not a theme folder (a folder with theme.toml)")
    return folder


def _load_folder(ep: EntryPoint) -> Path | None:
    if ep.attr:
        value = ep.load()
        return Path(value).resolve() if isinstance(value, str | os.PathLike) else None
    spec = importlib.util.find_spec(ep.module)
    locations = spec.submodule_search_locations if spec else None
    return Path(next(iter(locations))).resolve() if locations else None


def find(name: str, resume_dir: Path | None = None, from_resume: bool = False) -> Theme:
    """Resolve a theme name or path to a Theme, following ``extends``.

    A relative path is relative to the current folder, as on the command line; one
    ``from_resume`` (its ``resumekit.theme``) is relative to ``resume_dir``, like its photo.
    """
    folder, origin = _locate(name, resume_dir, resume_dir if from_resume else None)
    return _read(folder, origin, resume_dir, ((name, folder),))


def names_folder(name: str) -> bool:
    """Whether ``--theme`` (or a file's ``theme:``) names a folder rather than a theme."""
    return "/" in name or "\\" in name or name.startswith(".")


def _locate(name: str, resume_dir: Path | None, base: Path | None = None) -> tuple[Path, str]:
    if not name or len(name) > 300 or not name.isprintable():
        raise ThemeError(f"{shown(name)} is not a theme name or folder")
    if names_folder(name):
        try:
            as_path = (base or Path()) / Path(name).expanduser()
        except RuntimeError:  # ~user with no such user
            home = Path(name).parts[0]
            raise ThemeError(f"'{name}' is not a theme folder: {home} has no home folder") from None
        if not exists(as_path / "theme.toml"):
            raise ThemeError(
                f"'{name}' is not a theme folder (it has no theme.toml)",
                hint="give a theme name (see `resumekit themes`) or a folder with theme.toml",
            )
        return as_path.resolve(), f"path {as_path}"
    local = ((resume_dir or Path.cwd()) / "themes" / name).resolve()
    if name in builtin_themes.NAMES:  # no package may take a built-in's name: no need to look
        folder = getattr(builtin_themes, name).resolve()
        if exists(local / "theme.toml") and local != folder:
            return local, "project ./themes"
        return folder, "built-in"
    registered = _registered()
    ep = registered.get(name)
    if exists(local / "theme.toml") and not (ep and _is_folder_of(ep, local)):
        return local, "project ./themes"
    if ep is not None:
        return _entry_point_folder(ep), _origin(ep)
    names = sorted({*registered, *_local_names(resume_dir)})
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    guess = f"did you mean '{close[0]}'? " if close else ""
    raise ThemeError(f"unknown theme '{name}'", hint=f"{guess}available themes: {', '.join(names)}")


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
    return [p.name for p in entries if NAME.match(p.name) and exists(p / "theme.toml")]


def _read(
    folder: Path, origin: str, resume_dir: Path | None, chain: tuple[tuple[str, Path], ...]
) -> Theme:
    """A theme folder's theme.toml, checked whole: every problem in it is reported at once."""
    if resume_dir is not None and resume_dir.resolve().is_relative_to(folder):
        raise ThemeError(
            f"theme folder {folder} holds the resume itself; a theme needs a folder of its own",
            hint="a theme can read every file in its folder: move it to themes/NAME",
        )
    toml = TomlFile.read(folder / "theme.toml", folder)
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
        if parent and name not in options and "type" not in spec:  # a typo, not a new option
            problems.append(_not_inherited(toml, parent, name))
            continue
        inherited = _spec_of(options[name]) if name in options else {}
        found, more = toml.validate(OptionSpec, {**inherited, **spec}, ("options", name),
                                    {"name": name})  # fmt: skip
        problems += more
        if found:
            options[name] = Option(name, found.type, found.default, found.description,
                                   tuple(found.choices or ()), found.min, found.max)  # fmt: skip
    own_name = (config.name if config else None) or folder.name
    if parent and own_name in parent.names:  # `compact/x.j2` must name one theme of the chain
        line, col = toml.place(("name",) if "name" in toml.data else ("extends",))
        problems.append(Diagnostic(str(toml.path), line, col, "name",
                                   f"'{own_name}' is the name of a theme it extends; give this "
                                   "theme a name of its own"))  # fmt: skip
    if problems or not config:
        raise InvalidTheme(sorted(problems, key=Diagnostic.position))
    folders = (folder, *(parent.folders if parent else ()))
    names = (own_name, *parent.names) if parent else (own_name,)
    if not any(exists(f / TEMPLATE) for f in folders):
        raise ThemeError(
            f"{toml.path}: theme '{config.name or folder.name}' has no {TEMPLATE} and extends "
            "no theme that has one",
            hint=f'add {TEMPLATE}, or write extends = "compact" in theme.toml',
        )
    return Theme(
        name=own_name,
        description=config.description,
        version=config.version,
        origin=origin,
        folders=folders,
        names=names,
        options=options,
    )


def _not_inherited(toml: TomlFile, parent: Theme, name: str) -> Diagnostic:
    """An option a child changes that its parent does not have: most likely a typo."""
    line, col = toml.place(("options", name), on_key=True)
    guess = parent.option_like(name)
    message = (f"theme '{parent.name}' has no option '{name}' to change; {guess} (an option "
               "of this theme's own needs a type)")  # fmt: skip
    return Diagnostic(str(toml.path), line, col, f"options.{name}", message)


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
    return found, {**broken, **_ignored()}


def _ignored() -> dict[str, ThemeError]:
    """Entry points `_registered` leaves out, each with why, so a package's theme is never
    ignored silently: one that claims a built-in's name, or a name --theme would take for a
    path."""
    ignored: dict[str, ThemeError] = {}
    builtins = {ep.name for ep in installed() if _dist(ep) == BUILTIN_DIST}
    for ep in installed():
        where = f"package {_dist(ep)}"
        if not NAME.match(ep.name):
            ignored[f"{shown(ep.name)} ({where})"] = ThemeError(
                f"{where} registers a theme named {shown(ep.name)}, which is not a theme name",
                hint="a theme name is 1 to 64 letters, digits, '_', '-' or '.'",
            )
        elif ep.name in builtins and _dist(ep) != BUILTIN_DIST:
            ignored[f"{ep.name} ({where})"] = ThemeError(
                f"{where} registers a theme named '{ep.name}', the name of a built-in theme; "
                "the built-in is used",
                hint=f"the package should register it under another name, e.g. {ep.name}-2",
            )
    return ignored

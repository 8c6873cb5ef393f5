"""Reading a theme's files through the read boundary: its text files, and its templates
for Jinja."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from resumekit.errors import ThemeError
from resumekit.files import read_confined
from resumekit.theme_options import shown

TEXT_LIMIT = 1 << 20  # theme.toml, templates and style.css are text: 1 MiB is plenty


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


def exists(path: Path) -> bool:
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
        if any(part.startswith(".") for part in parts):
            raise ThemeError(f"{self.folders[0]}: refused the template {shown(template)}: a "
                             "template is not hidden, nor in a hidden folder")  # fmt: skip
        for folder in self.folders:
            path = folder.joinpath(*parts)
            if exists(path):
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

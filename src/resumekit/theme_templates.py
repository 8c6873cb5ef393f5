"""Jinja's view of a theme: its templates, each read through the read boundary.

Kept apart from ``theme_files`` so that finding a theme and checking its options (what
``validate`` does) never imports Jinja.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from resumekit.errors import ThemeError
from resumekit.theme_files import exists, read_text
from resumekit.theme_options import shown


class ThemeLoader(jinja2.BaseLoader):
    """Templates, partials, includes, imports and extends from a theme's folders (its own
    first), each read through the read boundary; FileSystemLoader would follow any link.

    A name that starts with a theme of the chain (``compact/_macros.html.j2``) is looked up
    from that theme on, so a child can extend or import its parent's template of the same
    name instead of copying it.
    """

    def __init__(self, folders: tuple[Path, ...], names: tuple[str, ...] = ()) -> None:
        self.folders = folders
        self.names = names

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        parts = split_template_path(template)  # refuses names with ".." like FileSystemLoader
        if any(part.startswith(".") for part in parts):
            raise ThemeError(f"{self.folders[0]}: refused the template {shown(template)}: a "
                             "template is not hidden, nor in a hidden folder")  # fmt: skip
        lookups = [(self.folders, parts)]
        if len(parts) > 1 and parts[0] in self.names:  # compact/_macros.html.j2
            lookups.insert(0, (self.folders[self.names.index(parts[0]) :], parts[1:]))
        for folders, names in lookups:  # then as a path: a folder may share a theme's name
            for folder in folders:
                path = folder.joinpath(*names)
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

"""Reading a theme's text files through the read boundary (Jinja's loader is in
``theme_templates``, so that finding a theme never imports Jinja)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from resumekit.errors import ThemeError
from resumekit.files import read_confined

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

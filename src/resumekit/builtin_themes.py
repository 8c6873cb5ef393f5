"""Where the built-in themes live, registered as entry points like any third-party theme.

In a wheel they are installed as ``resumekit/themes``; in a source checkout they are the
top-level ``themes/`` folder.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent
ROOT = _HERE / "themes" if (_HERE / "themes").is_dir() else _HERE.parents[1] / "themes"

#: Their names: ``themes.find`` looks no further for these (see pyproject.toml).
NAMES = ("compact", "classic", "modern")
compact = ROOT / "compact"
classic = ROOT / "classic"
modern = ROOT / "modern"

"""Reference outputs: HTML, txt and md of each built-in theme for a minimal and a full resume.

They are stored in tests/references/ and compared byte for byte by test_references.py, so a
change to the view model, a macro or a stylesheet shows as a diff in review. Regenerate them
with `make references` (this file run as a script) only when the change is meant.
Data embedded in the HTML (subset fonts, a photo) is left out: its bytes depend on the font
and fontTools versions installed, not on resumekit, and the @font-face rules around it stay.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import resumekit

HERE = Path(__file__).resolve().parent
STORED = HERE / "references"
FIXTURES = {"minimal": HERE / "data" / "minimal.yaml", "full": HERE / "data" / "full.yaml"}
THEMES = ("compact", "classic", "modern")
FORMATS = ("html", "txt", "md")
_DATA_URL = re.compile(r"data:([\w/+.-]+);base64,([A-Za-z0-9+/=]+)")


def normalized(fmt: str, data: bytes) -> bytes:
    """The output as stored: embedded data: URLs without their data."""
    if fmt != "html":
        return data
    return _DATA_URL.sub(r"data:\1;base64,…", data.decode("utf-8")).encode("utf-8")


def outputs() -> dict[str, bytes]:
    """Every reference output by its file name (theme-fixture.format), freshly rendered."""
    made: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for fixture, path in FIXTURES.items():
            resume = resumekit.load(path)
            for theme in THEMES:
                out = Path(scratch) / f"{theme}-{fixture}"
                result = resumekit.render(resume, theme=theme, formats=FORMATS, output=out)
                for fmt in FORMATS:
                    data = result.outputs[fmt].read_bytes()
                    made[f"{theme}-{fixture}.{fmt}"] = normalized(fmt, data)
    return made


def main() -> None:
    STORED.mkdir(exist_ok=True)
    made = outputs()
    for stale in set(p.name for p in STORED.iterdir()) - set(made):
        (STORED / stale).unlink()
    for name, data in sorted(made.items()):
        (STORED / name).write_bytes(data)
        print(f"wrote tests/references/{name}")


if __name__ == "__main__":
    sys.exit(main())

"""Render every built-in theme to PNG pages (pdftoppm -r 80) for a person to look at.

Usage: python scripts/snapshots.py OUT_DIR [RESUME ...]; `make snapshots` runs it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import resumekit
from resumekit.themes import available

DEFAULT_RESUMES = ["resume.yaml", "tests/data/full.yaml", "tests/data/intl.yaml"]


def main(out: Path, resumes: list[str]) -> None:
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm is missing: apt-get install poppler-utils")
    for theme in (t.name for t in available() if t.origin == "built-in"):
        for name in resumes:
            resume = resumekit.load(name)
            target = out / f"{theme}-{Path(name).stem}.pdf"
            result = resumekit.render(resume, theme=theme, formats=["pdf"], output=target)
            prefix = target.with_suffix("")
            subprocess.run(["pdftoppm", "-r", "80", "-png", str(target), str(prefix)], check=True)
            print(f"{prefix}-*.png ({result.pages} pages)")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:] or DEFAULT_RESUMES)

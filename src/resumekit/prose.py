"""Long Markdown texts a person writes beside the resume: a cover letter's body and the
site's about page.

Both are bounded before markdown-it sees them (characters, lines, Markdown marks; nesting
is markdown-it's own ``maxNesting``) and may not hold control characters or noncharacters;
a problem is told at its line and column in the file. Raw HTML is shown as text and links go
only to http, https, mailto and tel (or, for the about page, to the site's own files).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from resumekit import markup
from resumekit.errors import Diagnostic
from resumekit.parse import CONTROL

#: One line with its ending (\r\n, \r or \n), or the last line without one: not
#: str.splitlines, for which U+2028 and others end a line too.
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_LINE_END = re.compile(r"\r\n|\r|\n")
#: What such a text may not hold: the controls a resume's text may not (but tab and line ends),
#: and the noncharacters, which Word's XML may not hold.
_REFUSED = re.compile(f"{CONTROL.pattern}|[\ufdd0-\ufdef\ufffe\uffff]")


@dataclass(frozen=True)
class Bounds:
    """How long a text may be, named as a message names it ("the letter's text")."""

    what: str
    chars: int
    lines: int
    marks: int  # markup.MARKS
    empty: str  # what an empty text is told


def problems(path: Path, text: str, line: int, bounds: Bounds) -> list[Diagnostic]:
    """What is wrong with ``text`` (the file's text from line ``line`` on): empty, too long,
    too many marks, or a refused character at its line and column."""
    what = bounds.what
    marks = sum(map(text.count, markup.MARKS))
    lines = len(_LINE_END.findall(text)) + 1
    refused = _REFUSED.search(text)
    col = 1
    if not text.strip():
        problem = bounds.empty
    elif len(text) > bounds.chars:
        problem = f"{what} is {len(text):,} characters; at most {bounds.chars:,} are allowed"
    elif lines > bounds.lines:
        problem = f"{what} is {lines:,} lines long; at most {bounds.lines:,} are allowed"
    elif marks > bounds.marks:
        problem = (f"{what} holds {marks:,} Markdown marks ({' '.join(markup.MARKS)}); "
                   f"at most {bounds.marks:,} are allowed")  # fmt: skip
    elif refused:
        line, col = position(text, refused.start(), line)
        problem = f"control character U+{ord(refused.group()):04X} is not allowed in text"
    else:
        return []
    return [Diagnostic(str(path), line, col, "", problem)]


def position(text: str, index: int, line: int = 1) -> tuple[int, int]:
    """The line and column of ``text[index]``, the text starting at line ``line``."""
    above = LINE.findall(text[:index])  # whole lines, then the start of its own
    if above and not above[-1].endswith(("\n", "\r")):
        return line + len(above) - 1, len(above[-1]) + 1
    return line + len(above), 1

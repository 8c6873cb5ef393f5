"""Inline Markdown (bold, italic, code, links) to safe HTML, and to plain text.

A long text (a summary, a description) may hold several paragraphs, apart by a blank line
as in Markdown; ``paragraphs`` renders each on its own, so every output can keep them apart.

Raw HTML is never passed through, and links may only use http, https, mailto or tel:
resume text is user input and may end up in a browser. A text field is also bounded in
length, in Markdown marks and in nesting (see ``problem``), far above anything a resume
needs: unbounded, a few kilobytes of ``*_*_`` take markdown-it a long time and nest
``<em><strong>`` so deep that the PDF layout runs out of stack.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
#: The longest text field, in characters (a long summary is 2,000).
MAX_LENGTH = 10_000
#: The characters that start emphasis, links and code, and how many a field may hold.
MARKS = "*_[]`"
MAX_MARKS = 200
#: How deeply emphasis, links and code may nest (**_x_** is 2).
MAX_DEPTH = 20
#: A blank line (only whitespace between two line endings, as \n, \r\n or \r) or more,
#: or U+2029 PARAGRAPH SEPARATOR: where one paragraph ends and the next begins.
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n?|\n)(?:[^\S\r\n]*(?:\r\n?|\n))+|\u2029")


def anchor(key: str) -> str:
    """An id for a section with this key, to link to (``work``, ``section-talks``)."""
    return re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def is_safe_url(url: str) -> bool:
    """Whether a link target is one we let into a resume: http, https, mailto or tel."""
    return "".join(url.split()).lower().startswith(SAFE_SCHEMES)


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # validate rarely parses: only a field with many marks

    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "link", "backticks", "escape", "entity"])
    md.validateLink = is_safe_url  # type: ignore[method-assign]  # markdown-it's documented hook
    return md


def problem(text: str) -> str | None:
    """Why ``text`` is refused as inline Markdown, or None when it is fine.

    The cheap checks come first; within them, parsing takes milliseconds.
    """
    if len(text) > MAX_LENGTH:
        return f"text is {len(text):,} characters long; at most {MAX_LENGTH:,} are allowed"
    marks = sum(map(text.count, MARKS))
    if marks > MAX_MARKS:
        return (
            f"text holds {marks:,} Markdown marks ({' '.join(MARKS)}); "
            f"at most {MAX_MARKS} are allowed"
        )
    # each level of nesting takes a mark on each side, so few marks need no parsing
    depth = _depth(_parse(text)) if marks > 2 * MAX_DEPTH else 0
    if depth > MAX_DEPTH:
        return f"inline Markdown nests {depth} levels deep; at most {MAX_DEPTH} are allowed"
    return None


@functools.lru_cache(maxsize=1024)
def _parse(text: str) -> list[Token]:
    """Inline tokens, kept so that validating and rendering a field parse it once."""
    return _parser().parseInline(text)


def _depth(tokens: list[Token]) -> int:
    level = deepest = 0
    for token in tokens:
        for child in token.children or []:
            level += child.nesting
            deepest = max(deepest, level)
    return deepest


def to_html(text: str | None) -> Markup:
    """Render inline Markdown as HTML that is safe to insert unescaped.

    Text that validation refuses (see ``problem``) comes out escaped, without Markdown.
    """
    if not text:
        return Markup("")
    if problem(text):
        return Markup.escape(text)
    md = _parser()
    html = md.renderer.render(_parse(text), md.options, {})
    return Markup(html.replace("<a href=", '<a rel="noopener" href='))


class Paragraphs(tuple[Markup, ...]):
    """A text's paragraphs, each safe inline HTML; a theme lays out each in an element of
    its own. A template that prints the whole (``{{ item.summary }}``, as themes did before
    texts had paragraphs) gets them parted by an empty line that fits inside any element."""

    def __html__(self) -> Markup:
        return Markup("<br><br>").join(self)


def paragraphs(text: str | None) -> Paragraphs:
    """Each blank-line-separated paragraph of ``text`` as safe inline HTML (see ``to_html``;
    a single line break stays a space). The bounds of ``problem`` apply to the whole text:
    text it refuses comes out escaped, paragraph by paragraph."""
    render = Markup.escape if text and problem(text) else to_html
    parts = (part.strip() for part in _PARAGRAPH_BREAK.split(text or ""))
    return Paragraphs(render(part) for part in parts if part)


def escaped(text: str) -> str:
    """``text`` with its Markdown marks escaped, so it prints as it is."""
    return re.sub(r"([\\*_\[\]`])", r"\\\1", text)


def to_text(text: str | None) -> str:
    """The same text with the Markdown removed, as it reads on the page."""
    if not text:
        return ""
    if problem(text):
        return text
    out = []
    for token in _parse(text):
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
    return "".join(out)

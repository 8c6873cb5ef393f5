"""Inline Markdown (bold, italic, code, links) to safe HTML, and to plain text.

Raw HTML is never passed through, and links may only use http, https, mailto or tel:
resume text is user input and may end up in a browser.
"""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt
from markupsafe import Markup

SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def is_safe_url(url: str) -> bool:
    """Whether a link target is one we let into a resume: http, https, mailto or tel."""
    return "".join(url.split()).lower().startswith(SAFE_SCHEMES)


@functools.cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "link", "backticks", "escape", "entity"])
    md.validateLink = is_safe_url  # type: ignore[method-assign]  # markdown-it's documented hook
    return md


def to_html(text: str | None) -> Markup:
    """Render inline Markdown as HTML that is safe to insert unescaped."""
    if not text:
        return Markup("")
    html = _parser().renderInline(text)
    return Markup(html.replace("<a href=", '<a rel="noopener" href='))


def to_text(text: str | None) -> str:
    """The same text with the Markdown removed, as it reads on the page."""
    if not text:
        return ""
    tokens = _parser().parseInline(text)
    out = []
    for token in tokens:
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
    return "".join(out)

"""The site's about page: long-form Markdown in a file the resume names.

    resumekit:
      site:
        about: about.md

The file is read through the read boundary (a regular file inside the resume's folder, no
hidden part, at most ``MAX_BYTES``) and bounded as a letter's text is (``prose``). Its
Markdown may hold headings, paragraphs, lists, quotes, code, emphasis and links; raw HTML
is shown as text, and a link goes to http, https, mailto or tel, or to one of the site's
own files (``resume.pdf``): a link to anything else would lead nowhere on the published
site, and is an error at its line and column. Headings move one level down: the page's
only ``h1`` is the person's name.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from resumekit import files, markup, prose
from resumekit.errors import Diagnostic, InvalidResume, ResumekitError
from resumekit.loader import place
from resumekit.parse import decode
from resumekit.plan import resume_folder
from resumekit.schema import Resume

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: The largest about file read, and how long its text may be: a long about page is 10,000
#: characters.
MAX_BYTES = 512 * 1024
BOUNDS = prose.Bounds("the about page's text", chars=100_000, lines=2_000, marks=5_000,
                      empty="the about page has no text")  # fmt: skip
#: The site's own files, which the about page may link to as they are named (``resume.pdf``,
#: ``resume.html#work``).
PAGES = ("index.html", "resume.html", "resume.pdf", "resume.json", "contact.vcf")
_WHERE = ["resumekit", "site", "about"]


@dataclass(frozen=True)
class About:
    """A read about page: its file, its text as written, and that text as safe HTML."""

    path: Path
    text: str
    html: Markup


def read(resume: Resume) -> About | None:
    """The about page the resume names, read and checked (``check``), as HTML; None when it
    names none."""
    found = _text(resume)
    if found is None:
        return None
    path, text = found
    tokens = _parser().parse(text)
    _refuse_links(path, text, tokens)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):  # h1 is the name: # is h2
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    html = _parser().renderer.render(tokens, _parser().options, {})
    return About(path, text, Markup(html.replace("<a href=", '<a rel="noopener" href=')))


def check(resume: Resume) -> list[Diagnostic]:
    """What ``read`` would refuse, for ``validate``: markdown-it (slow to import) reads the
    text only when it may hold a link (a ``]``)."""
    try:
        found = _text(resume)
        if found and "]" in found[1]:
            _refuse_links(*found, _parser().parse(found[1]))
    except InvalidResume as exc:
        return exc.diagnostics
    return []


#: The files a resume may be, where ``owners`` looks for the one naming an about page.
RESUME_FILES = ("resume*.yaml", "resume*.yml", "resume*.json")


def owners(path: Path) -> list[Path]:
    """The resume files beside ``path``, or a folder up, whose ``resumekit.site.about``
    names it (as written: an invalid resume still says which page is its)."""
    from resumekit.loader import read

    real = os.path.realpath(path)
    found = []
    for folder in dict.fromkeys((path.parent, path.parent.parent)):
        for candidate in sorted(f for pattern in RESUME_FILES for f in folder.glob(pattern)):
            try:
                data = read(candidate).data
            except ResumekitError:  # not readable as a resume: not one that names it
                continue
            named = _get(data, "resumekit", "site", "about")
            if isinstance(named, str) and os.path.realpath(candidate.parent / named) == real:
                found.append(candidate)
    return found


def _get(data: object, *keys: str) -> object:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _text(resume: Resume) -> tuple[Path, str] | None:
    """The about file's path and text, bounded; a file that cannot be read is a problem at
    ``resumekit.site.about`` in the resume, one in its text at its line and column."""
    name = resume.resumekit.site.about
    if name is None:
        return None
    path = (resume.source.parent if resume.source else Path()) / name
    try:
        raw = files.read_confined(path, [resume_folder(resume)], MAX_BYTES)
    except ResumekitError as exc:
        message = f"cannot read the about page: {exc.message}"
        raise InvalidResume([place(resume, _WHERE, message)]) from None
    text = decode(path, raw)
    problems = prose.problems(path, text, 1, BOUNDS)
    if problems:
        raise InvalidResume(problems)
    return path, text


def _refuse_links(path: Path, text: str, tokens: list[Token]) -> None:
    problems = [_nowhere(path, text, token, href) for token, href in _site_links(tokens)]
    if problems:
        raise InvalidResume(problems)


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = _linkable  # type: ignore[method-assign]  # markdown-it's hook
    return md


def _linkable(url: str) -> bool:
    """A link kept as a link: a safe scheme, or a path in the site (checked to exist after)."""
    bare = "".join(url.split())
    return markup.is_safe_url(bare) or ":" not in bare.split("/")[0].split("#")[0]


def _site_links(tokens: list[Token]) -> list[tuple[Token, str]]:
    """Links into the site that go nowhere, with the block that holds each."""
    wrong = []
    for block in tokens:
        for child in block.children or ():
            href = str(child.attrGet("href") or "") if child.type == "link_open" else ""
            if href and not markup.is_safe_url(href) and _page(href) not in (*PAGES, ""):
                wrong.append((block, href))
    return wrong


def _page(href: str) -> str:
    return href.split("#", 1)[0].split("?", 1)[0].removeprefix("./")


def _nowhere(path: Path, text: str, block: Token, href: str) -> Diagnostic:
    first = block.map[0] if block.map else 0
    start = sum(len(line) for line in prose.LINE.findall(text)[:first])
    found = text.find(f"]({href}", start)
    line, col = prose.position(text, found + 2, 1) if found >= 0 else (first + 1, 1)
    message = (f"a link to {href!r} goes nowhere on the site; link to a web address or to "
               f"one of its pages: {', '.join(PAGES)}")  # fmt: skip
    return Diagnostic(str(path), line, col, "", message)

"""The site's about page: long-form Markdown in a file the resume names.

    resumekit:
      site:
        about: about.md

The file is read through the read boundary (a regular file inside the resume's folder, no
hidden part, at most ``MAX_BYTES``) and bounded as a letter's text is (``prose``). Its
Markdown may hold headings, paragraphs, lists, quotes, code, tables, emphasis and links. What
would not publish as written is an error at its line and column: raw HTML (it would show as
text), an image, front matter, a link to another scheme than http, https, mailto and tel, to
a file that is not the site's (``resume.pdf``), or to an anchor its page lacks. Headings move
one level down: the page's only ``h1`` is the person's name.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import itertools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from resumekit import files, markup, prose
from resumekit.errors import Diagnostic, InvalidResume, ResumekitError
from resumekit.field_types import as_link
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


def read(resume: Resume, selected: Resume | None = None) -> About | None:
    """The about page the resume names, read and checked (``check``; its links to the
    sections of ``selected``, the variant's resume), as HTML; None when it names none."""
    found = _text(resume)
    if found is None:
        return None
    path, text = found
    tokens = _parser().parse(text)
    _refuse(selected or resume, path, text, tokens)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):  # h1 is the name: # is h2
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    html = _parser().renderer.render(tokens, _parser().options, {})
    return About(path, text, Markup(html.replace("<a href=", '<a rel="noopener" href=')))


def check(resume: Resume) -> list[Diagnostic]:
    """What ``read`` would refuse, for ``validate``: markdown-it (slow to import) reads the
    text only when it may hold a link, an image or HTML (a ``[`` or a ``<``)."""
    try:
        found = _text(resume)
        if found and ("[" in found[1] or "<" in found[1]):
            _refuse(resume, *found, _parser().parse(found[1]))
    except InvalidResume as exc:
        return exc.every
    return []


#: The files a resume may be, where ``owners`` looks for the one naming an about page.
RESUME_FILES = ("resume*.yaml", "resume*.yml", "resume*.json")


#: How many folders up from an about page ``owners`` looks for its resume.
OWNER_LEVELS = 3


def owners(path: Path) -> list[Path]:
    """The resume files beside ``path``, or up to ``OWNER_LEVELS`` folders up, whose
    ``resumekit.site.about`` names it (as written: an invalid resume still says which page
    is its). Each is read in its own folder: a link to a resume elsewhere is not one."""
    from resumekit.loader import read

    real = os.path.realpath(path)
    found = []
    ups = [Path(os.path.normpath(path.parent / ("../" * level))) for level in range(OWNER_LEVELS)]
    for folder in dict.fromkeys(ups):
        for candidate in sorted(f for pattern in RESUME_FILES for f in folder.glob(pattern)):
            try:
                data = read(candidate, [Path(os.path.realpath(folder))]).data
            except ResumekitError:  # not readable as a resume here: not one that names it
                continue
            named = _get(data, "resumekit", "site", "about")
            if isinstance(named, str) and os.path.realpath(candidate.parent / named) == real:
                found.append(candidate)
    return found


def _get(data: object, *keys: str) -> object:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def path_of(resume: Resume) -> Path | None:
    """Where the about page the resume names is (beside the resume), or None."""
    name = resume.resumekit.site.about
    return None if name is None else (resume.source.parent if resume.source else Path()) / name


def _text(resume: Resume) -> tuple[Path, str] | None:
    """The about file's path and text, bounded; a file that cannot be read is a problem at
    ``resumekit.site.about`` in the resume, one in its text at its line and column."""
    path = path_of(resume)
    if path is None:
        return None
    name = str(resume.resumekit.site.about)
    if not os.path.lexists(path):
        raise InvalidResume([place(resume, _WHERE, _missing(path, name))])
    try:
        raw = files.read_confined(path, [resume_folder(resume)], MAX_BYTES)
    except ResumekitError as exc:
        message = f"cannot read the about page: {exc.message}"
        raise InvalidResume([place(resume, _WHERE, message)]) from None
    text = decode(path, raw)
    problems = prose.problems(path, text, 1, BOUNDS)
    if not problems and re.match(r"---[ \t]*(\r\n|\r|\n)", text):
        message = ("an about page is Markdown alone, with no front matter ('---'): its "
                   "settings are resumekit.site in the resume")  # fmt: skip
        problems = [Diagnostic(str(path), 1, 1, "", message)]
    if problems:
        raise InvalidResume(problems)
    return path, text


def _missing(path: Path, name: str) -> str:
    """The about page is not there: what is, by a similar name, else what to do."""
    try:
        beside = sorted(
            p.name for p in path.parent.iterdir() if p.suffix.lower() in (".md", ".markdown")
        )
    except OSError:
        beside = []
    same = [name for name in beside if name.casefold() == path.name.casefold()]
    close = same or difflib.get_close_matches(path.name, beside, n=1, cutoff=0.6)
    if close:
        return f"there is no about page {name}; did you mean '{close[0]}'?"
    return f"there is no about page {name} beside the resume: write it, or remove this line"


def _refuse(resume: Resume, path: Path, text: str, tokens: list[Token]) -> None:
    """Raise what would not publish as written: raw HTML (shown as text), an image, a link
    to a refused scheme, to no file of the site or to no anchor of its page (among
    ``resume``'s sections)."""
    anchors = {"index.html": {"about"}, "resume.html": _anchors(resume)}
    where = _Places(path, text)
    for block in tokens:
        where.block(block)
        if block.type == "html_block":
            where.add(block.content.strip()[:20], _html(block.content))
        for child in block.children or ():
            if child.type == "html_inline":
                where.add(child.content, _html(child.content))
            elif child.type == "image":
                where.add("![", _IMAGE)
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                problem = _link_problem(href, anchors)
                if problem:
                    where.add(href, problem, markup="](")
    if where.problems:
        raise InvalidResume(where.problems)


def _html(content: str) -> str:
    if content.lstrip().startswith("<!--"):
        return "an HTML comment would show as text on the about page; delete it"
    return "raw HTML is not allowed on the about page: it would show as text; write Markdown"


#: Suffixes of files, which a link to ``photo.jpg`` names: not a web address without https://.
_FILE_SUFFIXES = {".html", ".htm", ".pdf", ".md", ".txt", ".json", ".vcf", ".jpg", ".jpeg",
                  ".png", ".gif", ".webp", ".svg", ".doc", ".docx", ".zip"}  # fmt: skip
_IMAGE = ("an image is not allowed on the about page (the photo is basics.image); link to it "
          "instead")  # fmt: skip


def _link_problem(href: str, anchors: dict[str, set[str]]) -> str | None:
    if markup.is_safe_url(href):
        return None
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", href)
    if scheme:
        return (f"a link to {href[:60]!r} is not allowed: links go to http, https, mailto or "
                "tel addresses, or to the site's own files")  # fmt: skip
    page, _, fragment = href.partition("#")
    page = page.removeprefix("./") or ("" if href.startswith("#") else page)
    if page in PAGES or page == "":
        known = anchors.get(page or "index.html")
        if fragment and known is not None and fragment not in known:
            where = page or "this page"
            return (f"a link to {href!r} goes nowhere: {where} has no anchor '{fragment}'; "
                    f"it has: {', '.join(sorted(known)) or 'none'}")  # fmt: skip
        return None
    return f"a link to {href!r} goes nowhere on the site; {_instead(page)}"


def _instead(page: str) -> str:
    """What a link into the site that goes nowhere was most likely meant to be."""
    if page in ("/", "index", "/index.html"):
        return 'did you mean "index.html"?'
    close = difflib.get_close_matches(page.lower().lstrip("/"), PAGES, n=1, cutoff=0.6)
    if close:
        return f'did you mean "{close[0]}"?'
    guess = as_link(page)
    host = page.split("/")[0]
    domain = "." in host and ("/" in page or Path(host).suffix.lower() not in _FILE_SUFFIXES)
    if guess and markup.is_safe_url(guess) and domain:
        return f'did you mean "{guess}"?'
    return f"link to a web address or to one of its pages: {', '.join(PAGES)}"


def _anchors(resume: Resume) -> set[str]:
    """The ids of resume.html's sections: those the resume fills."""
    keys = [key for key in resume.written_order if getattr(resume, key, None)]
    keys += ["summary"] if resume.basics.summary else []
    keys += [f"section-{section.title}" for section in resume.sections]
    return {markup.anchor(key) for key in keys if key != "sections"}


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # HTML and images are parsed to be found (``_refuse``): a text that has one is refused,
    # never rendered; every link is kept as a link to be checked there.
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # markdown-it's hook
    return md


class _Places:
    """Where each problem of a text is: found by searching on from the last one found in its
    block, and no further than the block's end (the lines' offsets counted once), so many
    problems cost no more than one pass."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text
        self.starts = list(itertools.accumulate((len(line) for line in prose.LINE.findall(text)),
                                                initial=0))  # fmt: skip
        self.problems: list[Diagnostic] = []
        self.line, self.cursor, self.end = 0, 0, len(text)

    def block(self, block: Token) -> None:
        if block.map:
            last = len(self.starts) - 1
            self.line = block.map[0]
            self.cursor = max(self.cursor, self.starts[min(self.line, last)])
            self.end = self.starts[min(block.map[1], last)]

    def add(self, needle: str, message: str, markup: str = "") -> None:
        """``message`` where ``needle`` (after ``markup``) is next in the block, else at the
        block's line."""
        found = self.text.find(markup + needle, self.cursor, self.end)
        if found >= 0:
            self.cursor = found + len(markup) + len(needle)
            at = found + len(markup)
            line = bisect.bisect_right(self.starts, at) - 1
            place = (line + 1, at - self.starts[line] + 1)
        else:
            place = (self.line + 1, 1)
        self.problems.append(Diagnostic(str(self.path), *place, "", message))

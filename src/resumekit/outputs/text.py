"""Plain text and Markdown from the view model, in the order the page reads.

Plain text is what an applicant-tracking form can take: no markup, one fact a line.
Markdown escapes every value from the resume, so that no name, title or link turns into
raw HTML or a link of its own when a Markdown renderer shows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from markupsafe import Markup

from resumekit import markup
from resumekit.view import Item, Section, View

if TYPE_CHECKING:
    from resumekit.outputs.context import Context

_TAGS = re.compile(r"<[^>]+>")
_SOFT_BREAK = re.compile(r"\s*(?:\r\n?|\n)\s*")
#: Characters an output must not carry: C0 and C1 controls (but newline), the bidi
#: overrides and isolates that can make a reader (or an ATS) see text in another order,
#: and Unicode's noncharacters.
_HIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]"
)  # and the noncharacters U+FDD0-FDEF, U+FFFE and U+FFFF, which XML (Word) may not hold


def clean(text: str) -> str:
    """``text`` without control characters or bidi overrides: a tab becomes a space."""
    return _HIDDEN.sub(lambda m: " " if m.group() == "\t" else "", text)


def _plain(html: Markup | str) -> str:
    """Text of a safe HTML fragment, as it reads on the page: on one line, a line break (and
    a highlight's blank line) being a space there too."""
    return _SOFT_BREAK.sub(" ", Markup(_TAGS.sub("", str(html))).unescape())


def _line(*parts: str, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def _heading(item: Item) -> str:
    return _line(_plain(item.title), _plain(item.org))


def _apart(paragraphs: Iterable[str], indent: str = "") -> str:
    """Paragraphs with an empty line between each two; ``indent`` before all but the first,
    so that in a list item they read as its own (and are its own, in Markdown)."""
    return f"\n\n{indent}".join(paragraphs)


def to_text(view: View) -> str:
    """The resume as plain text."""
    lines = [view.name]
    if view.label:
        lines.append(view.label)
    if view.contacts:  # no empty line for a resume without contacts
        lines.append(" | ".join(c.label for c in view.contacts))
    for section in view.sections:
        lines += ["", section.title.upper(), *_text_section(section)]
    return clean("\n".join(line.rstrip() for line in lines).strip() + "\n")


def _text_section(section: Section) -> list[str]:
    if section.kind == "text":
        return [_apart(map(_plain, section.text))]
    out: list[str] = []
    for item in section.items:
        if section.kind == "keywords":
            details = f" ({', '.join(item.details)})" if item.details else ""
            keywords = f": {', '.join(item.keywords)}" if item.keywords else ""
            out.append(f"{_plain(item.title)}{details}{keywords}")
            continue
        head = _line(_heading(item), item.location)
        if section.kind == "list":
            status = f" ({', '.join(item.details)})" if item.details else ""
            first, *rest = map(_plain, item.summary or [""])
            line = _line(f"- {head}{status}", item.dates, first, sep=" | ")
            out.append(_apart([line, *rest], "  "))
            continue
        out.append(_line(head, item.dates, sep=" | "))
        out += [d for d in item.details]
        if item.summary:
            out.append(_apart(map(_plain, item.summary)))
        out += [f"- {_plain(h)}" for h in item.highlights]
        if item.keywords:
            out.append(", ".join(item.keywords))
        out.append("")
    return out[:-1] if out and out[-1] == "" else out


def md_escape(text: str) -> str:
    """A plain value as Markdown that shows exactly that text: every Markdown mark
    backslash-escaped, < > & as entities (no raw HTML), on one line, and no list, heading
    or quote marker at its start. Every value this module writes to Markdown passes here
    or, for inline Markdown already rendered to safe HTML, through _md."""
    return _block_safe(_inline(text))


def _inline(text: str) -> str:
    text = _LINE_BREAK.sub(" ", text)
    return _MD_MARKS.sub(r"\\\g<0>", escape(text, quote=False))


def _block_safe(text: str) -> str:
    return _MD_BLOCK.sub(r"\1\\\2", text)


_LINE_BREAK = re.compile(r"\r\n?|\n")  # Markdown's line endings
_MD_MARKS = re.compile(r"[\\`*_\[\]~|]")
_MD_BLOCK = re.compile(r"^(\s*\d*)((?<=\d)[.)]|(?<!\d)[#+=-])")  # 1. 1) # + = -
_SAFE_TAG = re.compile(r'<(/?)(strong|em|code|a)(?: rel="noopener" href="([^"]*)")?>')
_EMPHASIS = {"strong": "**", "em": "*"}


def _md(safe: Markup | str) -> str:
    """Safe inline HTML (from markup.to_html, or escaped text) back to Markdown: emphasis,
    strong, code and links kept, every piece of text escaped as md_escape does."""
    out: list[str] = []
    links: list[str] = []
    code = False
    pos = 0
    for tag in _SAFE_TAG.finditer(str(safe)):
        piece = _plain(safe[pos : tag.start()])
        out.append(_code(piece) if code else _inline(piece))
        pos = tag.end()
        closing, name, href = tag.group(1), tag.group(2), tag.group(3)
        if name == "code":
            code = not closing
        elif name in _EMPHASIS:
            out.append(_EMPHASIS[name])
        elif not closing:
            links.append(Markup(href or "").unescape())
            out.append("[")
        else:
            out.append(f"]({_destination(links.pop())})" if links else "")
    out.append(_inline(_plain(safe[pos:])))
    return _block_safe("".join(out))


def _code(text: str) -> str:
    """``text`` as a code span, fenced by more backticks than it holds in a row."""
    text = _LINE_BREAK.sub(" ", text)
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}" if text else ""


_PLAIN_URL = re.compile(r"[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+")


def _destination(url: str) -> str:
    """A link target that stays one target: as it is when it is plain, else in <...> with
    spaces, controls, < > and backslashes percent-encoded."""
    if _PLAIN_URL.fullmatch(url):
        return url
    return "<" + re.sub(r"[\s<>\\\x00-\x1f\x7f]", lambda m: quote(m.group()), url) + ">"


def _link(label: str, url: str) -> str:
    """[label](url) for a safe link; only the label when the scheme is not one we allow."""
    if not url or not markup.is_safe_url(url):
        return label
    return f"[{label}]({_destination(url)})"


def to_markdown(view: View) -> str:
    """The resume as Markdown, links kept; every value escaped (see md_escape)."""
    lines = [f"# {md_escape(view.name)}", ""]
    if view.label:
        lines += [f"**{md_escape(view.label)}**", ""]
    contacts = [_link(md_escape(c.label), c.href) for c in view.contacts]
    if contacts:
        lines += [" · ".join(contacts), ""]
    for section in view.sections:
        lines += [f"## {md_escape(section.title)}", "", *_md_section(section), ""]
    return clean("\n".join(lines).rstrip() + "\n")


def _md_section(section: Section) -> list[str]:
    if section.kind == "text":
        return [_apart(map(_md, section.text))]
    out: list[str] = []
    for item in section.items:
        title = _md(item.title)
        title = title if "<a " in item.title else _link(title, item.url)
        details = ", ".join(md_escape(d) for d in item.details)
        if section.kind == "keywords":
            keywords = ", ".join(md_escape(k) for k in item.keywords)
            out.append(f"- **{title}**" + (f" ({details})" if details else "")
                       + (f": {keywords}" if keywords else ""))  # fmt: skip
            continue
        if section.kind == "list":
            first, *rest = map(_md, item.summary or [""])
            extra = _line(_md(item.org), md_escape(item.dates), first, sep=" · ")
            status = f" ({details})" if details else ""
            line = f"- {title}{status}" + (f" — {extra}" if extra else "")
            out.append(_apart([line, *rest], "  "))
            continue
        out += [f"### {_line(title, _md(item.org))}", ""]
        meta = _line(md_escape(item.location), md_escape(item.dates), sep=" · ")
        if meta:
            out += [f"*{meta}*", ""]
        out += [md_escape(d) for d in item.details]
        out += [_apart(map(_md, item.summary))] if item.summary else []
        out += [f"- {_md(h)}" for h in item.highlights]
        if item.keywords:
            out.append(" ".join(_code(k) for k in item.keywords))
        out.append("")
    return out[:-1] if out and out[-1] == "" else out


def text_file(context: Context) -> list[bytes]:
    return [to_text(context.model).encode("utf-8")]


def markdown_file(context: Context) -> list[bytes]:
    return [to_markdown(context.model).encode("utf-8")]

"""Plain text and Markdown from the view model, in the order the page reads.

Plain text is what an applicant-tracking form can take: no markup, one fact a line.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from resumekit.view import Item, Section, View

_TAGS = re.compile(r"<[^>]+>")


def _plain(html: Markup | str) -> str:
    """Text of a safe HTML fragment, as it reads on the page."""
    return Markup(_TAGS.sub("", str(html))).unescape()


def _line(*parts: str, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def _heading(item: Item) -> str:
    return _line(_plain(item.title), _plain(item.org))


def to_text(view: View) -> str:
    """The resume as plain text."""
    lines = [view.name]
    if view.label:
        lines.append(view.label)
    lines.append(" | ".join(c.label for c in view.contacts))
    for section in view.sections:
        lines += ["", section.title.upper(), *_text_section(section)]
    return "\n".join(line.rstrip() for line in lines).strip() + "\n"


def _text_section(section: Section) -> list[str]:
    if section.kind == "text":
        return [_plain(section.text)]
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
            out.append(_line(f"- {head}{status}", item.dates, _plain(item.summary), sep=" | "))
            continue
        out.append(_line(head, item.dates, sep=" | "))
        out += [d for d in item.details]
        if item.summary:
            out.append(_plain(item.summary))
        out += [f"- {_plain(h)}" for h in item.highlights]
        if item.keywords:
            out.append(", ".join(item.keywords))
        out.append("")
    return out[:-1] if out and out[-1] == "" else out


def _md(html: Markup | str) -> str:
    """Safe inline HTML back to Markdown: emphasis, strong, code and links."""
    text = str(html)
    text = re.sub(r'<a rel="noopener" href="([^"]*)">(.*?)</a>', r"[\2](\1)", text)
    for tag, mark in (("strong", "**"), ("em", "*"), ("code", "`")):
        text = text.replace(f"<{tag}>", mark).replace(f"</{tag}>", mark)
    # angle brackets stay escaped: Markdown renderers would take them for raw HTML
    return Markup(_TAGS.sub("", text)).unescape().replace("<", "&lt;").replace(">", "&gt;")


def to_markdown(view: View) -> str:
    """The resume as Markdown, links kept."""
    lines = [f"# {view.name}", ""]
    if view.label:
        lines += [f"**{view.label}**", ""]
    contacts = [f"[{c.label}]({c.href})" if c.href else c.label for c in view.contacts]
    if contacts:
        lines += [" · ".join(contacts), ""]
    for section in view.sections:
        lines += [f"## {section.title}", "", *_md_section(section), ""]
    return "\n".join(lines).rstrip() + "\n"


def _md_section(section: Section) -> list[str]:
    if section.kind == "text":
        return [_md(section.text)]
    out: list[str] = []
    for item in section.items:
        title = _md(item.title)
        title = f"[{title}]({item.url})" if item.url and "](" not in title else title
        if section.kind == "keywords":
            details = f" ({', '.join(item.details)})" if item.details else ""
            keywords = f": {', '.join(item.keywords)}" if item.keywords else ""
            out.append(f"- **{title}**{details}{keywords}")
            continue
        if section.kind == "list":
            status = f" ({', '.join(item.details)})" if item.details else ""
            extra = _line(_md(item.org), item.dates, _md(item.summary), sep=" · ")
            out.append(f"- {title}{status}" + (f" — {extra}" if extra else ""))
            continue
        out += [f"### {_line(title, _md(item.org))}", ""]
        meta = _line(item.location, item.dates, sep=" · ")
        if meta:
            out += [f"*{meta}*", ""]
        out += [*item.details, *([_md(item.summary)] if item.summary else [])]
        out += [f"- {_md(h)}" for h in item.highlights]
        if item.keywords:
            out.append(f"`{'` `'.join(item.keywords)}`")
        out.append("")
    return out[:-1] if out and out[-1] == "" else out

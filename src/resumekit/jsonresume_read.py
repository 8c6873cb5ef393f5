"""JSON Resume documents as people publish them, read as the current schema, with a note on
each change (file, line, column):

- older key names become their current ones (``company`` is ``name``, ``website`` is ``url``,
  ``picture`` is ``image``, ``gpa`` is ``score``); export writes the current names;
- an empty date is no date, and an end date that says "present" in a language we support
  (至今, heute, présent, actualidad, atual, настоящее время ...) is an open end;
- HTML in a text field (many JSON Resume themes print text as HTML) becomes the equivalent
  Markdown (markdownify) where the text is printed as Markdown, else its plain text, so it
  is neither printed as tags nor passed through raw;
- a value resumekit cannot use (a date it cannot read, an e-mail that is no address) is set
  aside with the object's other ``x-jsonresume`` fields, so the document still renders and
  export gives the value back as it was; a list item it cannot use is left out.

``normalize`` runs on the parsed data before validation; ``set_aside`` after a failed one.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Iterator, Sequence
from typing import Any

from resumekit import markup
from resumekit.dates import ends_before_start
from resumekit.errors import Diagnostic
from resumekit.parse import dotted, error_location
from resumekit.schema_base import EXTRAS, SET_ASIDE

#: Older JSON Resume names, by the list (or object) whose items use them, and the current one.
OLD_NAMES: dict[str, dict[str, str]] = {
    "basics": {"website": "url", "picture": "image"},
    "work": {"company": "name", "website": "url"},
    "volunteer": {"website": "url"},
    "publications": {"website": "url"},
    "education": {"gpa": "score"},
    "projects": {"website": "url"},
    "languages": {"name": "language", "level": "fluency"},
}
DATE_KEYS = ("startDate", "endDate", "date", "releaseDate")
#: How an end date says "still going" in the languages resumekit has words for, and a few more.
PRESENT = (
    "present", "presently", "current", "currently", "now", "ongoing", "today", "to date",
    "till date", "actualmente",
    "heute", "aktuell", "bis heute", "jetzt", "présent", "aujourd'hui", "aujourd’hui", "actuel",
    "en cours", "actual", "actualidad", "presente", "hoy", "atual", "atualmente", "hoje",
    "attuale", "oggi", "in corso", "heden", "huidig", "nu", "настоящее время",
    "по настоящее время", "наст. время", "сейчас", "н.в.", "至今", "现在", "目前", "今", "現在",
    "現在まで", "현재", "재직중", "재직 중", "حتى الآن", "الآن", "حاليا", "حالياً", "இன்றுவரை",
    "தற்போது",
)  # fmt: skip
#: Each "present" word, matched as a whole word at the start (至今（9个月）, present (2 yrs);
#: not "nunca", which starts with Dutch "nu").
_PRESENT_WORDS = [
    re.compile(re.escape(w.replace("'", "’")) + (r"(?![^\W\d_])" if ord(w[-1]) < 0x530 else ""))
    for w in PRESENT
]  # a word of Latin or Cyrillic letters ends there; CJK words run on (現在に至る, 至今为止)
#: Keys whose values are never text to convert from HTML: links, addresses, dates, codes.
NOT_TEXT = {"url", "email", "phone", "image", "countryCode", "postalCode", *DATE_KEYS, EXTRAS}
#: HTML a JSON Resume theme prints: a known tag, or an entity. ``List<String>`` or
#: ``<me@example.com>`` is text, kept as it is.
_TAGS = ("a|abbr|b|big|blockquote|br|code|dd|del|details|div|dl|dt|em|h[1-6]|hr|i|iframe|"
         "img|ins|kbd|li|mark|math|object|ol|p|pre|q|s|small|span|strike|strong|sub|summary|"
         "sup|svg|table|tbody|td|th|thead|tr|tt|u|ul|script|style|font|center|section|article|"
         "header|footer|nav|main|figure|caption")  # fmt: skip
_ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")
_OPEN = re.compile(rf"<({_TAGS})(?:\s[^<>]*)?/?>", re.I)
#: Tags that are HTML even unclosed (<p>one<p>two, <li>, <br>).
_UNCLOSED = {"br", "hr", "img", "p", "li", "ul", "ol", "div", "tr", "td", "th", "dt", "dd"}
#: A "<" that starts no known tag nor comment: text (List<String>, a < b, <me@example.com>).
_TEXT_LT = re.compile(rf"<(?!/?(?:{_TAGS})\b|!--)", re.I)
#: A "<" that could start a tag in a theme that prints text as HTML.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def is_html(text: str) -> bool:
    """Whether ``text`` is HTML: an entity, a comment, a <p>, <li>, <br> and the like, or a
    known tag that is closed somewhere. ``a<b and x > y`` has no </b>: it is text."""
    if "<" not in text and "&" not in text:
        return False
    if _ENTITY.search(text) or "<!--" in text:
        return True
    lowered = text.lower()
    return any(tag.lower() in _UNCLOSED or f"</{tag.lower()}" in lowered
               for tag in _OPEN.findall(text))  # fmt: skip


#: Tags in one text past which it is read as plain text, not parsed as HTML for Markdown.
MAX_TAGS = 500
#: Texts printed as Markdown; any other text with HTML is read as its plain text.
MARKDOWN_KEYS = {"summary", "highlights", "description", "reference"}


Found = tuple[list[Any], str]  # where in the document (keys as written), and what to say


def normalize(data: dict[str, Any]) -> list[Found]:
    """Rewrite ``data`` (parsed JSON Resume) in place as the current schema reads it; what
    was changed, each where it was written."""
    found: list[Found] = []
    for path, obj in _objects(data):
        kind = str(path[0])
        for old, new in OLD_NAMES.get(kind, {}).items():
            if old in obj and new not in obj:
                renamed = [(new if key == old else key, value) for key, value in obj.items()]
                obj.clear()
                obj.update(renamed)  # in place, so an import writes the keys in their order
                found.append(([*path, old], f"'{old}' is JSON Resume's older name for '{new}'; "
                                            f"read as {new}"))  # fmt: skip
        for key in DATE_KEYS:
            if key in obj and isinstance(obj[key], str):
                found += _date(obj, key, path)
        found += _order(obj, path)
        for key, value in obj.items():
            if key not in NOT_TEXT:
                found += _html(obj, key, value, [*path, key])
    return found


def _objects(data: dict[str, Any]) -> Iterator[tuple[list[Any], dict[str, Any]]]:
    """Each object of the document JSON Resume defines, with its path: basics (and its
    location and profiles), meta, and the items of each top-level list."""
    for key, value in data.items():
        if key == "resumekit":
            continue  # resumekit's own settings are read strictly
        if isinstance(value, dict):
            yield [key], value
            for inner, nested in value.items():
                if isinstance(nested, dict):
                    yield [key, inner], nested
                items = nested if isinstance(nested, list) else []
                yield from (([key, inner, i], item) for i, item in enumerate(items)
                            if isinstance(item, dict))  # fmt: skip
        elif isinstance(value, list):
            yield from (([key, i], item) for i, item in enumerate(value) if isinstance(item, dict))


def _date(obj: dict[str, Any], key: str, path: list[Any]) -> list[Found]:
    text = obj[key].strip()
    if not text:
        del obj[key]  # an empty date is no date: many documents leave the field blank
        return []
    folded = text.lower().replace("'", "’")
    if key == "endDate" and any(word.match(folded) for word in _PRESENT_WORDS):
        del obj[key]
        if folded == "present":
            return []
        return [([*path, key], f'"{text}" read as present (no end date)')]
    return []


def _order(obj: dict[str, Any], path: list[Any]) -> list[Found]:
    """An end before its start: JSON Resume allows it, so it prints as written, noted."""
    start, end = obj.get("startDate"), obj.get("endDate")
    if not ends_before_start(start, end):
        return []
    return [([*path, "endDate"], f"endDate {end} is before startDate {start}")]


def _html(obj: dict[str, Any], key: str, value: Any, path: list[Any]) -> list[Found]:
    """A text holding HTML as the Markdown it stands for; lists of texts item by item."""
    if isinstance(value, list):
        found, items = [], []
        for index, item in enumerate(value):
            if not (isinstance(item, str) and is_html(item)):
                items.append(item)
                continue
            text, said = _read_html(key, item)
            parts = text.split("\n\n")
            if key == "highlights" and any(part.startswith("• ") for part in parts):
                items += [part.removeprefix("• ") for part in parts]  # a list: one bullet each
                found.append(([*path, index], "an HTML list read as one highlight per item"))
            else:
                # a bullet is one paragraph: a <br> in it is a space, not a new paragraph
                items.append(" ".join(text.split()) if key == "highlights" else text)
                found.append(([*path, index], said))
        value[:] = items
        return found
    if isinstance(value, str) and is_html(value):
        obj[key], said = _read_html(key, value)
        return [(path, said)]
    return []


def _read_html(key: str, html: str) -> tuple[str, str]:
    """The text a field's HTML stands for, and what to say of it: Markdown in a text printed
    as Markdown, else the HTML's plain text."""
    if key in MARKDOWN_KEYS:
        return to_markdown(html), "HTML read as Markdown"
    return plain_text(html), "HTML read as its text"


def to_markdown(html: str) -> str:
    """HTML as Markdown: emphasis and links stay, paragraphs and line breaks become blank
    lines, list items become paragraphs starting with a bullet; nothing else of HTML stays.
    A ``<`` that is text (List<String>) stays text; one that could start a tag is kept as an
    entity, so no theme that prints text as HTML (JSON Resume's) ever gets a tag from an
    export. Markup too deep or too dense for resumekit's Markdown is read as its text."""
    from markdownify import markdownify  # slow to import, and only JSON Resume needs it

    source = _TEXT_LT.sub("&lt;", _unscripted(html))
    try:  # html.parser rescans unclosed tags: thousands of them take seconds
        many = source.count("<") > MAX_TAGS
        text = "" if many else markdownify(source, bullets="•", heading_style="ATX", strip=["img"])
    except RecursionError:  # nested hundreds deep
        text = ""
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n(?=• )", "\n\n", text)  # one paragraph a list item
    text = re.sub(r"(?<!\n)\n(?!\n)", "\n\n", text)  # a <br> was meant as a new line
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text or markup.problem(text):
        text = markup.escaped(plain_text(html))
    # a code span holding a tag-like "<" loses its backticks: an entity in it would print
    text = re.sub(r"(`+)(.+?)\1", lambda m: m[2] if _TAG_START.search(m[2]) else m[0], text)
    return _TAG_START.sub("&lt;", text)


def plain_text(html: str) -> str:
    """HTML's text alone: tags and comments dropped until none is left (pieces of tags
    around a removed one can make another), script and style with what they hold,
    entities read, paragraphs and line breaks as blank lines. A "<" that could still start
    a tag (an entity's ``&lt;script&gt;``) stays an entity: exported, it stays text."""
    text = re.sub(r"<(?:br|p|/p|li|/li|div|/div|/h[1-6])\b[^<>]*>", "\n\n", _unscripted(html),
                  flags=re.I)  # fmt: skip
    text = _TEXT_LT.sub("&lt;", text)
    while (stripped := re.sub(r"<!--.*?-->|<[A-Za-z/!?][^<>]*>", "", text, flags=re.S)) != text:
        text = stripped
    text = "\n\n".join(" ".join(part.split()) for part in text.split("\n\n") if part.strip())
    text = html_module.unescape(text)
    return _TAG_START.sub("&lt;", text) if _TAG_START.search(text) else text


def _unscripted(html: str) -> str:
    """``html`` without its script and style elements: code, not text to print."""
    return re.sub(r"<(script|style)\b.*?(?:</\1\s*>|\Z)", "", html, flags=re.I | re.S)


def set_aside(data: dict[str, Any], errors: list[Any], everything: bool = False) -> list[Found]:
    """Move each value a validation refused into its object's ``x-jsonresume`` (a list item:
    leave it out), so the document reads and export gives the value back; a field resumekit
    needs and JSON Resume does not (an award's title) is left empty. A mistyped field and
    resumekit's own settings stay errors, unless ``everything`` (import, which never fails):
    then a mistyped key is set aside too."""
    found: list[Found] = []
    for error in errors:
        kind, loc = error["type"], error_location(error)
        if loc[:1] == ["resumekit"] or (kind == "extra_forbidden" and not everything):
            continue
        if kind.endswith("_invisible"):
            continue  # a link or address hiding characters is a trap, not a slip: refused
        path = data_path(data, loc)
        if kind == "missing":
            found += _missing(data, path, loc[-1])
            continue
        if not path:
            continue
        parent = at(data, path[:-1])
        key = path[-1]
        if isinstance(parent, dict) and key in parent and key != EXTRAS:
            parent.setdefault(SET_ASIDE, {})[key] = parent.pop(key)
            found.append((path, f"{_reason(error)}; kept for JSON Resume export only"))
            if key == "endDate" and "startDate" in parent:  # else it would print as ongoing
                parent[SET_ASIDE]["startDate"] = parent.pop("startDate")
                found.append(([*path[:-1], "startDate"], "kept for JSON Resume export only: "
                               "without its end, the period is not printed"))  # fmt: skip
        elif isinstance(parent, list) and isinstance(key, int) and key < len(parent):
            parent[key] = _LEFT_OUT
            found.append((path, f"{_reason(error)}; left out"))
    _drop_left_out(data)
    return found


def _drop_left_out(data: Any) -> None:
    """Take the items marked left out out of every list (after all moves: their indexes)."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            node[:] = [item for item in node if item is not _LEFT_OUT]
        children = list(node.values()) if isinstance(node, dict) else node
        stack.extend(child for child in children if isinstance(child, (dict, list)))


_LEFT_OUT = object()


def _missing(data: dict[str, Any], path: list[Any], field: Any) -> list[Found]:
    """An object without a field it needs: the field left empty, so nothing else of the
    object is lost (export gives it back with the empty field)."""
    obj = at(data, path)
    if isinstance(obj, dict) and isinstance(field, str):
        obj[field] = {"name": ""} if not path and field == "basics" else ""
        return [([*path, field], f"{field} is missing; left empty")]
    return []


def _reason(error: dict[str, Any]) -> str:
    message = str(error["msg"])
    return message[0].lower() + message[1:] if message else "not readable"


def data_path(data: Any, loc: list[Any]) -> list[Any]:
    """The part of a pydantic error location that names places in the data (union tags such
    as "item" or "function-after[...]" name none)."""
    path, node = [], data
    for part in loc:
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if in_list or (isinstance(node, dict) and part in node):
            path.append(part)
            node = node[part]
    return path


def at(data: Any, path: Sequence[Any]) -> Any:
    """The value at ``path`` (keys and list indexes) in ``data``."""
    for part in path:
        data = data[part]
    return data


def notes(found: list[Found], locate: Any, file: str) -> list[Diagnostic]:
    """Each change as a note at its place in the file, by ``locate(path) -> (line, col)``."""
    placed = [(path, message, *locate(path)) for path, message in found]
    return [Diagnostic(file, line, col, dotted(path), message)
            for path, message, line, col in placed]  # fmt: skip

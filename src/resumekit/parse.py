"""Parsing a resume's text (YAML or JSON) into plain data, within bounds.

The YAML is read by ``yaml_tree`` (within bounds, into a tree that keeps source positions);
the tree becomes plain data here, refusing at their line and column what no resume field
can hold: non-text keys, control characters, lone surrogates and text that is too long.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar

from resumekit.errors import Diagnostic, InvalidResume
from resumekit.markup import MAX_LENGTH
from resumekit.yaml_tree import MAX_VALUES, at, load_tree, too_many

#: Characters of text in the whole resume, aliases counted at each use: about 50 pages. More
#: takes the PDF renderer minutes and gigabytes. (One text is at most markup.MAX_LENGTH.)
MAX_TEXT = 200_000


def error_location(error: Any) -> list[Any]:
    """Where a pydantic error is in the data: its ``loc``, and the field inside the object
    a model validator names in its context (``field``: a key, or a list of keys)."""
    field = (error.get("ctx") or {}).get("field", [])
    return [*error["loc"], *(field if isinstance(field, list) else [field])]


def parse(path: Path, raw: bytes) -> tuple[dict[str, Any], CommentedMap]:
    """A resume file's bytes as plain data and as the ruamel tree that knows positions;
    every problem raises InvalidResume."""
    text = decode(path, raw)
    if path.suffix.lower() == ".json":
        _check_json(path, text)
    return parse_text(path, text)


def decode(path: Path, raw: bytes) -> str:
    """A file's bytes as UTF-8 text (a byte-order mark dropped); else where it is not."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        raise InvalidResume([Diagnostic(str(path), line, col, "", message)]) from None


def parse_text(
    path: Path, text: str, keys: str = "basics:, work:, ...", empty: str = "file is empty"
) -> tuple[dict[str, Any], CommentedMap]:
    """YAML text as plain data and its ruamel tree, within bounds: a mapping, as a resume (or
    a letter's front matter: the messages name its ``keys`` and what is ``empty``) is."""
    tree = load_tree(path, text)
    if tree is None:
        first = keys.split(":")[0]
        raise InvalidResume([at(path, None, f"{empty}; expected a mapping with {first}")])
    if not isinstance(tree, CommentedMap):
        kind = "a list" if isinstance(tree, list) else f"a single value ({type(tree).__name__})"
        raise InvalidResume([at(path, 1, f"expected a mapping ({keys}), got {kind}")])
    plain = _Plain(path)
    data = plain.convert(tree, (1, 1), [])
    if plain.too_long:  # all at once; with them fixed, the whole may well fit
        raise InvalidResume(plain.too_long)
    if plain.characters > MAX_TEXT:
        message = (f"a resume's text is at most {MAX_TEXT:,} characters (about 50 pages); "
                   f"this file has {plain.characters:,}")  # fmt: skip
        raise InvalidResume([at(path, None, message)])
    return data, tree


def _check_json(path: Path, text: str) -> None:
    """JSON's own syntax errors and, quickly, its size: json parses 5 MiB in a blink where
    the YAML pass that finds positions would take seconds to reach the same limit."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        message = exc.msg.removesuffix(" at")  # "Invalid control character at"
        raise InvalidResume([Diagnostic(str(path), exc.lineno, exc.colno, "", message)]) from None
    except (ValueError, RecursionError):
        return  # an int too long to convert, or deep nesting: the YAML pass names the place
    count, todo = 0, [data]
    while todo and count <= MAX_VALUES:
        value = todo.pop()
        count += 1
        if isinstance(value, dict):
            todo += [*value, *value.values()]
        elif isinstance(value, list):
            todo += value
    if count > MAX_VALUES:
        raise InvalidResume([at(path, None, too_many(aliases=False))])


#: Control characters other than tab, line feed and carriage return: YAML escapes ("\0")
#: and JSON ("\u0000") can write them, and no field means them.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Plain:
    """Converts ruamel's round-trip tree to dicts, lists, strs and numbers.

    It refuses, at their place, what YAML allows but no resume field can hold: keys that are
    not text, control characters, and lone UTF-16 surrogates. JSON writes a character beyond
    U+FFFF as an escaped surrogate pair ("\\ud83d\\ude00"), which the YAML reader leaves as two
    halves: they are joined into the one character they stand for. Keys and values longer
    than MAX_LENGTH are collected in ``too_long``, to be reported all at once; the
    ``characters`` of all values are counted.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.characters = 0
        self.too_long: list[Diagnostic] = []

    def convert(self, node: Any, where: tuple[int, int], keys: list[Any]) -> Any:
        if isinstance(node, CommentedMap):
            out = {}
            for key, value in node.items():
                key_line, key_col, line, col = key_lc(node, key)
                name = self._key(key, (key_line + 1, key_col + 1), keys)
                out[name] = self.convert(value, (line + 1, col + 1), [*keys, name])
            return out
        if isinstance(node, CommentedSeq):
            return [
                self.convert(value, item_position(node, i), [*keys, i])
                for i, value in enumerate(node)
            ]
        if isinstance(node, (str, TaggedScalar)):
            text = self._text(as_text(node), where, keys)
            self.characters += len(text)
            return text
        for kind in (bool, int, float):
            if isinstance(node, kind):
                return kind(node)
        return node

    def _key(self, key: Any, where: tuple[int, int], keys: list[Any]) -> str:
        if isinstance(key, (str, TaggedScalar)):
            return self._text(as_text(key), where, keys)
        plain = self.convert(key, where, keys)
        if isinstance(plain, (Mapping, tuple)):  # "[a]: x" and "? {a: 1}" make such keys
            self._refuse(where, keys, f"keys must be text, got {describe(plain)}")
        got = "null" if plain is None else describe(plain)
        self._refuse(where, keys, f"keys must be text, got {got}; put it in quotes")

    def _text(self, text: str, where: tuple[int, int], keys: list[Any]) -> str:
        if len(text) > MAX_LENGTH:
            message = f"text is {len(text):,} characters long; at most {MAX_LENGTH:,} are allowed"
            self.too_long.append(Diagnostic(str(self.path), *where, dotted(keys), message))
        half = _SURROGATE.search(text)
        if half:
            self._refuse(where, keys, f"\\u{ord(half.group()):04x} is half of a UTF-16 surrogate "
                         "pair without its other half; write the character itself")  # fmt: skip
        control = CONTROL.search(text)
        if control:
            code = ord(control.group())
            self._refuse(where, keys, f"control character U+{code:04X} is not allowed in text")
        return str(text)

    def _refuse(self, where: tuple[int, int], keys: list[Any], message: str) -> typing.NoReturn:
        line, col = where
        raise InvalidResume([Diagnostic(str(self.path), line, col, dotted(keys), message)])


def as_text(value: str | TaggedScalar) -> str:
    """A YAML string as the plain data reads it: "!!str 1" is "1", and a surrogate pair is
    the one character it stands for (a lone half stays, for _Plain to refuse)."""
    text = str(value.value) if isinstance(value, TaggedScalar) else str(value)
    if _SURROGATE.search(text):
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return text


def key_lc(node: CommentedMap, key: Any) -> list[int]:
    """Key line, key column, value line, value column of ``key`` in ``node``, 0-based.

    A key merged in with ``<<`` is found in the mapping that writes it; a mapping made
    only of merge keys has no positions of its own (ruamel leaves ``lc.data`` None).
    """
    own = node.lc.data or {}
    if key in own:
        return own[key]  # type: ignore[no-any-return]
    return next(key_lc(merged, key) for merged in node.merge if key in merged)


def item_position(node: CommentedSeq, index: int) -> tuple[int, int]:
    line, col = node.lc.item(index)
    return line + 1, col + 1


def dotted(keys: list[Any]) -> str:
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def describe(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):  # a list as a mapping's key is a tuple
        return "a list"
    if value is None:
        return "nothing (null)"
    return f"{type(value).__name__} {json.dumps(value, default=str)}"

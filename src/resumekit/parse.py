"""Parsing a resume's text (YAML or JSON) into plain data, within bounds.

The parse stops early on a huge or alias-bombed file and refuses, at their line and column,
what no resume field can hold: foreign YAML tags, non-text keys, control characters, text
that is too long and numbers that are too long or not finite. The ruamel tree it returns
keeps source positions.
"""

from __future__ import annotations

import json
import math
import re
import sys
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.parser import Parser
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import Scanner

from resumekit.errors import Diagnostic, InvalidResume
from resumekit.markup import MAX_LENGTH

#: Values (keys included, aliases counted at their full size): a resume has a few thousand.
MAX_VALUES = 50_000
#: Levels of nesting, also through aliases: a resume needs about ten.
MAX_DEPTH = 100
#: Characters in a number: more is not a number a resume holds, and Python refuses to
#: convert ints of more than 4,300 digits.
MAX_NUMBER_CHARS = 100
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
    tree = _parse_yaml(path, text)
    if tree is None:
        first = keys.split(":")[0]
        raise InvalidResume([_at(path, None, f"{empty}; expected a mapping with {first}")])
    if not isinstance(tree, CommentedMap):
        kind = "a list" if isinstance(tree, list) else f"a single value ({type(tree).__name__})"
        raise InvalidResume([_at(path, 1, f"expected a mapping ({keys}), got {kind}")])
    plain = _Plain(path)
    data = plain.convert(tree, (1, 1), [])
    if plain.too_long:  # all at once; with them fixed, the whole may well fit
        raise InvalidResume(plain.too_long)
    if plain.characters > MAX_TEXT:
        message = (f"a resume's text is at most {MAX_TEXT:,} characters (about 50 pages); "
                   f"this file has {plain.characters:,}")  # fmt: skip
        raise InvalidResume([_at(path, None, message)])
    return data, tree


def _at(path: Path, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(str(path), line, 1 if line else None, "", message)


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
        raise InvalidResume([_at(path, None, _too_many(aliases=False))])


def _too_many(aliases: bool) -> str:
    found = f"more than {MAX_VALUES:,} values"
    found = f"expands to {found} through YAML aliases" if aliases else f"has {found}"
    return f"file {found}; a resume needs far fewer"


class _Refusal(MarkedYAMLError):
    """A rule of resumekit's, not of YAML's, broken at a place in the file."""


class _Composer(Composer):
    """Counts values as they are composed, so a huge or alias-bombed file stops early.

    An alias counts as the full size and depth of what it names (billion laughs), as the
    plain conversion will expand it; an alias inside its own anchor would expand forever.
    Explicit tags other than YAML's plain ones (!!python/object, !!binary, !!set...) are
    refused before anything is built.
    """

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.count = self.level = self.reach = 0
        self.aliased = False
        self.sizes: dict[Any, tuple[int, int]] = {}  # anchored node -> (values, levels)

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            node = super().compose_node(parent, index)
            if node not in self.sizes:
                message = f"alias *{event.anchor} is used inside its own anchor"
                raise _Refusal(problem=message, problem_mark=event.start_mark)
            self.aliased = True
            self._grow(*self.sizes[node], event.start_mark)
            return node
        _check_tag(event)
        outer, self.reach, before = self.reach, 0, self.count
        self._grow(1, 1, event.start_mark)
        self.level += 1
        node = super().compose_node(parent, index)
        self.level -= 1
        if node.anchor is not None:
            self.sizes[node] = (self.count - before, self.reach - self.level)
        self.reach = max(outer, self.reach)
        return node

    def _grow(self, values: int, levels: int, mark: Any) -> None:
        """Add a node (or what an alias names) of ``values`` values ``levels`` deep."""
        self.count += values
        self.reach = max(self.reach, self.level + levels)
        if self.reach > MAX_DEPTH:
            raise ComposerError(problem=f"nested too deeply (more than {MAX_DEPTH} levels)")
        if self.count > MAX_VALUES:
            raise _Refusal(problem=_too_many(self.aliased), problem_mark=mark)


def _check_tag(event: Any) -> None:
    if event.tag not in (None, "!") and event.tag not in _PLAIN_TAGS:
        shown = event.tag.replace("tag:yaml.org,2002:", "!!")
        message = f"YAML tag {shown} is not allowed in a resume"
        raise _Refusal(problem=message, problem_mark=event.start_mark)


_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")
}


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that keeps dates as text (the schema parses partial dates) and
    refuses, at their place, numbers that no field holds: too long, infinite or not a number.
    """

    def construct_number(self, node: Any) -> Any:
        if len(node.value) > MAX_NUMBER_CHARS:
            problem = (
                f"number too long ({len(node.value):,} characters); put it in quotes if it is text"
            )
            raise _Refusal(problem=problem, problem_mark=node.start_mark)
        value = _NUMBERS[node.tag](self, node)
        if isinstance(value, float) and not math.isfinite(value):
            problem = f"{node.value} is not a finite number; put it in quotes if it is text"
            raise _Refusal(problem=problem, problem_mark=node.start_mark)
        return value


_NUMBERS = {
    "tag:yaml.org,2002:int": RoundTripConstructor.construct_yaml_int,
    "tag:yaml.org,2002:float": RoundTripConstructor.construct_yaml_float,
}
for _tag in _NUMBERS:
    _Constructor.add_constructor(_tag, _Constructor.construct_number)
# "=" alone is YAML 1.1's "value" key; in a resume it is text, like a date.
for _tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value"):
    _Constructor.add_constructor(_tag, RoundTripConstructor.construct_yaml_str)


def _parse_yaml(path: Path, text: str) -> Any:
    yaml = YAML(typ="rt")
    # The round-trip scanner and parser keep comments, which nothing reads: the plain ones
    # take a third less time, and the constructor still records every position.
    yaml.Scanner, yaml.Parser = Scanner, Parser
    yaml.Composer = _Composer
    yaml.Constructor = _Constructor
    try:
        return yaml.load(text)
    except _Refusal as exc:
        line, col = _mark(exc.problem_mark)
        raise InvalidResume([Diagnostic(str(path), line, col, "", exc.problem)]) from None
    except MarkedYAMLError as exc:  # the scanner's and the parser's
        raise InvalidResume([_yaml_problem(path, exc)]) from None
    except (ValueError, OverflowError):  # chr() of a "\\U" escape past U+10FFFF, in ruamel
        raise InvalidResume([_beyond_unicode(path, text)]) from None
    except ReaderError as exc:  # a control character written as it is, not escaped
        index = exc.position
        line, col = text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
        message = f"YAML: unacceptable character U+{exc.character:04X} ({exc.reason})"
        raise InvalidResume([Diagnostic(str(path), line, col, "", message)]) from None
    except YAMLError as exc:
        raise InvalidResume([_at(path, None, f"YAML: {exc}")]) from None


_LONG_ESCAPE = re.compile(r"\\U([0-9A-Fa-f]{8})")


def _beyond_unicode(path: Path, text: str) -> Diagnostic:
    """Where a double-quoted "\\U" escape names a code point Unicode does not have."""
    found = next((m for m in _LONG_ESCAPE.finditer(text) if int(m[1], 16) > sys.maxunicode), None)
    index = found.start() if found else 0
    line, col = text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
    code = found[1] if found else "?"
    message = f"YAML: \\U{code} is past the last Unicode character, \\U0010FFFF"
    return Diagnostic(str(path), line if found else None, col if found else None, "", message)


def _mark(mark: Any) -> tuple[int | None, int | None]:
    return (mark.line + 1, mark.column + 1) if mark else (None, None)


#: What the YAML scanner's problems mean to someone typing a resume, and whether to point at
#: where the trouble started (an open quote, a key) rather than where the scanner gave up.
_SCANNER_PROBLEMS: list[tuple[re.Pattern[str], str, bool]] = [
    (re.compile(r"found character '\\t' that cannot start any token"),
     "tabs cannot indent YAML (or start a value); use spaces", False),
    (re.compile(r"found character '(.)' that cannot start any token"),
     "a value cannot start with '{0}' in YAML; put the value in quotes", False),
    (re.compile(r"found unexpected end of stream"),
     "this quote is never closed; end the value with the same quote", True),
    (re.compile(r"found unknown escape character '(.)'"),
     "'\\{0}' is not an escape in double quotes; write '\\\\{0}' or use single quotes", False),
    (re.compile(r"mapping values are not allowed here"),
     "': ' cannot follow here; if this line is a key, indent it as far as the keys beside "
     "it; if ': ' is part of a value, quote the value; or look above for a missing ':'", False),
    (re.compile(r"could not find expected ':'"),
     "expected 'key: value' here; a key needs ': ' after it", True),
    (re.compile(r"expected <block end>, but found '<(block mapping|block sequence) start>'"),
     "this line is indented deeper than the lines before it; indent a key as far as the "
     "other keys beside it (with spaces, the same number for each level)", False),
    (re.compile(r"expected <block end>, but found '(.*)'"),
     "unexpected {0} here; check this line's indentation against the lines above", False),
]  # fmt: skip


def _yaml_problem(path: Path, exc: MarkedYAMLError) -> Diagnostic:
    """A YAML scanner or parser error in plain words, at its line and column; one not listed
    above keeps ruamel's words."""
    problem = exc.problem or ""
    for pattern, message, at_start in _SCANNER_PROBLEMS:
        found = pattern.search(problem)
        if found:
            line, col = _mark(exc.context_mark if at_start else exc.problem_mark)
            return Diagnostic(str(path), line, col, "", f"YAML: {message.format(*found.groups())}")
    line, col = _mark(exc.problem_mark or exc.context_mark)
    if problem and exc.context:
        problem = f"{problem} ({exc.context})"
    return Diagnostic(str(path), line, col, "", f"YAML: {problem or exc.context or 'invalid YAML'}")


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

"""YAML text into ruamel's tree (which keeps source positions), within bounds.

The composer stops early on a huge or alias-bombed file and refuses, at their line and
column, foreign YAML tags and numbers that are too long or not finite; a scanner's or
parser's problem is said in words a person writing a resume understands. libyaml gives the
events where it reads the text as ruamel's own parser does (``_Libyaml``).
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, ScalarEvent
from ruamel.yaml.parser import Parser
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import Scanner

from resumekit.errors import Diagnostic, InvalidResume

try:  # libyaml's parser, from ruamel.yaml.clib (on CPython)
    from _ruamel_yaml import CParser
except ImportError:  # elsewhere ruamel's own parser does it all
    CParser = None

#: Values (keys included, aliases counted at their full size): a resume has a few thousand.
MAX_VALUES = 50_000
#: Levels of nesting, also through aliases: a resume needs about ten.
MAX_DEPTH = 100
#: Characters in a number: more is not a number a resume holds, and Python refuses to
#: convert ints of more than 4,300 digits.
MAX_NUMBER_CHARS = 100


def too_many(aliases: bool) -> str:
    """What is said of a file of more than MAX_VALUES values."""
    found = f"more than {MAX_VALUES:,} values"
    found = f"expands to {found} through YAML aliases" if aliases else f"has {found}"
    return f"file {found}; a resume needs far fewer"


def at(path: Path, line: int | None, message: str) -> Diagnostic:
    """A problem of the file ``path`` at the start of ``line`` (or of the whole file)."""
    return Diagnostic(str(path), line, 1 if line else None, "", message)


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
            raise _Refusal(problem=too_many(self.aliased), problem_mark=mark)


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


def load_tree(path: Path, text: str) -> Any:
    """The ruamel tree of ``text``: from libyaml's events where it reads the text as ruamel's
    own parser does (``_Libyaml``: in a third of the time); else, and for any problem (then
    found and reported by ruamel's parser), from ruamel's parser."""
    if _Libyaml.reads(text):
        try:
            tree = _load(text, _Libyaml(text))
        except Exception:  # a problem, or a text it reads otherwise: found again below
            tree = None
        if isinstance(tree, CommentedMap):  # a resume (libyaml reads a lone scalar otherwise)
            return tree
    try:
        return _load(text)
    except _Refusal as exc:
        line, col = _mark(exc.problem_mark)
        raise InvalidResume([Diagnostic(str(path), line, col, "", exc.problem)]) from None
    except MarkedYAMLError as exc:  # the scanner's and the parser's
        raise InvalidResume([_yaml_problem(path, exc)]) from None
    except (ValueError, OverflowError):  # chr() of a "\\U" escape past U+10FFFF, in ruamel
        raise InvalidResume([_beyond_unicode(path, text)]) from None
    except ReaderError as exc:  # a control character written as it is, not escaped
        line, col = _line_col(text, exc.position)
        message = f"YAML: unacceptable character U+{exc.character:04X} ({exc.reason})"
        raise InvalidResume([Diagnostic(str(path), line, col, "", message)]) from None
    except YAMLError as exc:
        raise InvalidResume([at(path, None, f"YAML: {exc}")]) from None


def _load(text: str, events: Any = None) -> Any:
    """``text`` composed and constructed within bounds (``_Composer``, ``_Constructor``),
    from ruamel's parser or from ``events`` (``_Libyaml``); ruamel's reader checks the
    characters either way."""
    yaml = YAML(typ="rt")
    # The round-trip scanner and parser keep comments, which nothing reads: the plain ones
    # take a third less time, and the constructor still records every position.
    yaml.Scanner, yaml.Parser = Scanner, Parser
    yaml.Composer = _Composer
    yaml.Constructor = _Constructor
    if events is not None:
        yaml._parser = events  # type: ignore[attr-defined]  # what YAML.parser hands out
    return yaml.load(text)


class _Unlike(Exception):
    """libyaml reads this part of the text otherwise than ruamel's parser."""


class _Libyaml:
    """libyaml's parser (ruamel.yaml.clib), for the events of a text that it reads as ruamel's
    pure-Python parser does. Where they differ (found by comparing the two on generated
    texts: tests/test_parse_libyaml.py, and an attack review), it gives way: for a tab, which
    it takes between tokens where ruamel refuses it; a directive, whose version it does not
    pass on; NEL, LS and PS, which it counts as line breaks; U+FEFF, which it does not count as
    a column; "#" right after a block scalar's "|" or ">", which it takes for a comment; a
    quoted or bracketed key with its value right after ":" in a flow sequence ('["a":b]'),
    and a second "..." (ends of documents), which it accepts; a line of spaces only, which
    may open a block scalar less indented than its text (ruamel refuses that); and, as it
    meets them, a tag ("!" is text to it, null to ruamel), an anchor or alias (it ends a name
    at ":"), and an empty value (placed after its key, not on the next line)."""

    def __init__(self, text: str) -> None:
        assert CParser is not None
        self._parser = CParser(text)

    @staticmethod
    def reads(text: str) -> bool:
        """Whether libyaml may be asked (it is installed; the text has none of the above)."""
        return CParser is not None and not _LIBYAML_READS_OTHERWISE.search(text)

    def check_event(self, *choices: Any) -> bool:
        return self._parser.check_event(*choices)  # type: ignore[no-any-return]

    def peek_event(self) -> Any:
        return _as_ruamel(self._parser.peek_event())

    def get_event(self) -> Any:
        return _as_ruamel(self._parser.get_event())

    def dispose(self) -> None:
        self._parser.dispose()


#: A tab; NEL, LS, PS or U+FEFF; "#" right after "|" or ">"; ":" right before a value after
#: a quote or a bracket ('["a":b]'); a line that is a directive, a document's end or spaces
#: only (a line ends at CR as at LF).
_LIBYAML_READS_OTHERWISE = re.compile(
    "\t|[\x85\u2028\u2029\ufeff]|[|>][-+0-9]{0,2}#|[\"'\\]}] *:[^ \r\n]"
    "|(?:\\A|[\r\n])(?:%|\\.\\.\\.| +(?=[\r\n]|\\Z))"
)


def _as_ruamel(event: Any) -> Any:
    """``event``, if ruamel's parser would give the same; else _Unlike."""
    unlike = (
        isinstance(event, AliasEvent)
        or getattr(event, "anchor", None) is not None  # a node's anchor
        or getattr(event, "tag", None) is not None  # a node's tag
        or getattr(event, "version", None)  # a %YAML directive
        or getattr(event, "tags", None)  # a %TAG directive
        or (isinstance(event, ScalarEvent) and not event.value and not event.style)  # empty
    )
    if unlike:
        raise _Unlike
    return event


_LONG_ESCAPE = re.compile(r"\\U([0-9A-Fa-f]{8})")


def _beyond_unicode(path: Path, text: str) -> Diagnostic:
    """Where a double-quoted "\\U" escape names a code point Unicode does not have."""
    found = next((m for m in _LONG_ESCAPE.finditer(text) if int(m[1], 16) > sys.maxunicode), None)
    index = found.start() if found else 0
    line, col = _line_col(text, index)
    code = found[1] if found else "?"
    message = f"YAML: \\U{code} is past the last Unicode character, \\U0010FFFF"
    return Diagnostic(str(path), line if found else None, col if found else None, "", message)


def _line_col(text: str, index: int) -> tuple[int, int]:
    """The line and column (from 1) of ``text[index]``."""
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


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

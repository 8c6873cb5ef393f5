"""Read a resume file (YAML or JSON) keeping source positions, and validate it.

Every problem becomes a Diagnostic that names the file, line and column, and all
problems of a file are reported together.
"""

from __future__ import annotations

import difflib
import json
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from resumekit.errors import Diagnostic, InputError, InvalidResume
from resumekit.schema import Resume

MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """A parsed resume file: plain data plus the ruamel tree that knows positions."""

    path: Path
    data: Any
    tree: Any


def read(path: str | Path) -> Source:
    """Parse ``path`` into plain data; syntax problems raise InvalidResume, I/O InputError."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InvalidResume([_at(path, None, f"file is {size:,} bytes; the limit is 5 MiB")])
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        raise InvalidResume([Diagnostic(str(path), line, col, "", message)]) from None
    if path.suffix.lower() == ".json":
        _check_json(path, text)
    tree = _parse_yaml(path, text)
    if tree is None:
        raise InvalidResume([_at(path, None, "file is empty; expected a mapping with basics")])
    if not isinstance(tree, CommentedMap):
        kind = "a list" if isinstance(tree, list) else f"a single value ({type(tree).__name__})"
        raise InvalidResume([_at(path, 1, f"expected a mapping (basics:, work:, ...), got {kind}")])
    return Source(path, _Plain(path).convert(tree), tree)


def validate(source: Source) -> Resume:
    """Check parsed data against the schema; every problem at once in InvalidResume."""
    try:
        resume = Resume.model_validate(source.data)
    except ValidationError as exc:
        diagnostics = [_diagnostic(source, error) for error in exc.errors()]
        raise InvalidResume(sorted(diagnostics, key=_position)) from None
    resume._source = source.path
    return resume


def load(path: str | Path) -> Resume:
    """Read and validate a resume file."""
    return validate(read(Path(path)))


def _at(path: Path, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(str(path), line, 1 if line else None, "", message)


def _position(d: Diagnostic) -> tuple[int, int]:
    return (d.line or 0, d.col or 0)


def _check_json(path: Path, text: str) -> None:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidResume([Diagnostic(str(path), exc.lineno, exc.colno, "", exc.msg)]) from None


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves dates as text: the schema parses partial dates."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


def _parse_yaml(path: Path, text: str) -> Any:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InvalidResume([Diagnostic(str(path), line, col, "", f"YAML: {problem}")]) from None
    except YAMLError as exc:
        raise InvalidResume([_at(path, None, f"YAML: {exc}")]) from None
    except RecursionError:
        raise InvalidResume([_at(path, None, "YAML: nested too deeply")]) from None


class _Plain:
    """Converts ruamel's round-trip objects to dicts, lists, strs and numbers, with limits.

    Aliases are expanded, so a small file can stand for a huge document ("billion laughs");
    a budget of values stops that. Tags such as !!python/object are refused, not built.
    """

    BUDGET = 200_000

    def __init__(self, path: Path) -> None:
        self.path = path
        self.left = self.BUDGET

    def convert(self, node: Any) -> Any:
        self.left -= 1
        if self.left < 0:
            raise InvalidResume([_at(self.path, None, "file expands to more than 200,000 values "
                                 "(YAML aliases?); a resume needs far fewer")])  # fmt: skip
        self._check_tag(node, _start(node))
        if isinstance(node, CommentedMap):
            for key, value in node.items():
                _, _, line, col = node.lc.data[key]
                self._check_tag(value, (line + 1, col + 1))
        if isinstance(node, dict):
            return {str(k): self.convert(v) for k, v in node.items()}
        if isinstance(node, list):
            return [self.convert(v) for v in node]
        for kind in (bool, str, int, float):
            if isinstance(node, kind):
                return kind(node)
        return node

    def _check_tag(self, node: Any, where: tuple[int | None, int | None]) -> None:
        tag = getattr(node, "tag", None)
        value = getattr(tag, "value", None) if tag is not None else None
        if value and value not in _PLAIN_TAGS:
            line, col = where
            shown = value.replace("tag:yaml.org,2002:", "!!")
            message = f"YAML tag {shown} is not allowed in a resume"
            raise InvalidResume([Diagnostic(str(self.path), line, col, "", message)])


_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")
}


def _diagnostic(source: Source, error: Any) -> Diagnostic:
    loc = list(error["loc"])
    ctx = error.get("ctx") or {}
    if "field" in ctx:
        loc.append(ctx["field"])
    keys, line, col = locate(source.tree, loc, error["type"])
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = _unknown_key_message(keys)
    elif error["type"] == "missing":
        message = f"required field '{keys[-1]}' is missing"
    elif error["type"] == "literal_error":
        message = _choice_message(str(error.get("input")), ctx.get("expected", ""))
    elif error["type"] in ("string_type", "list_type", "dict_type", "model_type", "int_type"):
        message = f"{message[0].lower()}{message[1:]}, got {_describe(error.get('input'))}"
    return Diagnostic(str(source.path), line, col, dotted(keys), message)


def locate(tree: Any, loc: list[Any], kind: str) -> tuple[list[Any], int | None, int | None]:
    """Follow a pydantic error location through the ruamel tree to a line and column."""
    node, keys = tree, []
    line, col = _start(tree)
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, CommentedMap) and part in node:
            keys.append(part)
            on_key = (kind == "extra_forbidden" and last) or loc[i + 1 : i + 2] == ["[key]"]
            line, col = _map_position(node, part, on_key)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            keys.append(part)
            line, col = node.lc.item(part)[0] + 1, node.lc.item(part)[1] + 1
            node = node[part]
        elif last and kind == "missing":
            keys.append(part)
        # anything else is a union tag such as "item" and names no place in the file
    return keys, line, col


def _map_position(node: CommentedMap, key: Any, on_key: bool) -> tuple[int, int]:
    key_line, key_col, value_line, value_col = node.lc.data[key]
    value = node[key]
    if on_key or (isinstance(value, (CommentedMap, CommentedSeq)) and value_line != key_line):
        return key_line + 1, key_col + 1
    return value_line + 1, value_col + 1


def _start(node: Any) -> tuple[int | None, int | None]:
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return None, None
    return lc.line + 1, lc.col + 1


def dotted(keys: list[Any]) -> str:
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    return f"{type(value).__name__} {json.dumps(value, default=str)}"


def _unknown_key_message(keys: list[Any]) -> str:
    key = str(keys[-1])
    allowed = _allowed_keys(Resume, keys[:-1])
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if not close:
        close = [k for k in allowed if k.lower() == key.lower().replace("_", "")]
    if close:
        return f"unknown field '{key}'; did you mean '{close[0]}'?"
    return f"unknown field '{key}'; expected one of: {', '.join(sorted(allowed))}"


def _choice_message(value: str, expected: str) -> str:
    choices = re.findall(r"'([^']*)'", expected)
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    suggestion = f"; did you mean '{close[0]}'?" if close else ""
    return f"'{value}' is not one of: {', '.join(choices)}{suggestion}"


def _allowed_keys(model: type[BaseModel], keys: list[Any]) -> list[str]:
    """The keys a mapping at ``keys`` may have, following the models' annotations."""
    current: Any = model
    in_dict = False
    for key in keys:
        if isinstance(key, int) or in_dict:
            in_dict = False
            continue
        fields = {f.alias or name: f for name, f in current.model_fields.items()}
        field = fields.get(key)
        found = _model_in(field.annotation) if field else None
        if field is None or found is None:
            return []
        in_dict = typing.get_origin(field.annotation) is dict
        current = found
    return [f.alias or name for name, f in current.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside list[...], X | None, Annotated[...] and dict values."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _model_in(args[0])
    if origin in (list, typing.Union, types.UnionType):
        return next((m for a in args if (m := _model_in(a))), None)
    if origin is dict:
        return _model_in(args[1])
    return None

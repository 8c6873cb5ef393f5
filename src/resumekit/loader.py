"""Read a resume file (YAML or JSON) keeping source positions, and validate it.

Every problem becomes a Diagnostic that names the file, line and column, and all
problems of a file are reported together. The bounded parse itself is in ``parse``.
"""

from __future__ import annotations

import difflib
import os
import re
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from resumekit import files
from resumekit.errors import Diagnostic, InputError, InvalidResume
from resumekit.parse import as_text, describe, dotted, error_location, item_position, key_lc, parse
from resumekit.schema import Resume
from resumekit.schema_base import JSON_RESUME, mistyped, set_aside
from resumekit.settings import ResumekitSettings

if TYPE_CHECKING:
    from resumekit import jsonresume_read

MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """A parsed resume file: plain data plus the ruamel tree that knows positions."""

    path: Path
    data: Any
    tree: Any


def read(path: str | Path, roots: Sequence[Path] | None = None) -> Source:
    """Parse ``path`` into plain data; syntax problems raise InvalidResume, I/O InputError.
    A file named on the command line may live anywhere; one another file names (a letter's
    resume) only inside ``roots``, and no part of it hidden."""
    path = Path(path)
    data, tree = parse(path, read_bytes(path, roots))
    return Source(path, data, tree)


def validate(source: Source, json_resume: bool | None = None, everything: bool = False) -> Resume:
    """Check parsed data against the schema; every problem at once in InvalidResume.

    A ``.json`` file is read as JSON Resume (``json_resume`` says otherwise): fields that
    resumekit does not use are kept for export, each in a note, as schema_base.JsonResumeObject
    says, and the document is read as people publish it (``jsonresume_read``): older names,
    empty dates, HTML; a value resumekit cannot use is set aside with a note. ``everything``
    sets aside what would still be an error (import never fails).
    """
    if json_resume is None:
        json_resume = source.path.suffix.lower() == ".json"
    context = {"source": source.path, JSON_RESUME: json_resume}
    if json_resume:  # imported only for a JSON Resume document
        from resumekit import jsonresume_read
    changed = jsonresume_read.normalize(source.data) if json_resume else []
    for attempt in range(_ROUNDS):
        try:
            resume = Resume.model_validate(source.data, context=context)
            break
        except ValidationError as exc:
            errors = exc.errors()
            aside = (jsonresume_read.set_aside(source.data, errors, everything)
                     if json_resume else [])  # fmt: skip
            changed += aside
            if not aside or attempt == _ROUNDS - 1:
                diagnostics = [diagnostic(source, error) for error in errors]
                raise InvalidResume(sorted(diagnostics, key=Diagnostic.position)) from None
    resume._source = source.path
    resume._tree = source.tree
    if json_resume:
        resume._notes = tuple(_kept_notes(source, resume, changed))
    return resume


_ROUNDS = 4  # validations of a JSON Resume document, each setting aside what the last refused


def _kept_notes(
    source: Source, resume: Resume, changed: list[jsonresume_read.Found]
) -> list[Diagnostic]:
    """A note on each change made to read a JSON Resume document, and on each field it holds
    that resumekit does not use."""
    from resumekit import jsonresume_read

    notes = jsonresume_read.notes(changed, lambda path: _place(source, path), str(source.path))
    said = {tuple(path) for path, _ in changed}
    for loc, extras in set_aside(resume):
        for key in extras:
            if (*loc, key) in said:
                continue
            keys, line, col = locate(source.tree, [*loc, key], "extra_forbidden")
            message = "not used by resumekit; kept for JSON Resume export"
            notes.append(Diagnostic(str(source.path), line, col, dotted(keys), message))
    return sorted(notes, key=Diagnostic.position)


def _place(source: Source, path: list[Any]) -> tuple[int | None, int | None]:
    _, line, col = locate(source.tree, path, "value")
    return line, col


def settings_only(source: Source) -> Resume | None:
    """A resume holding only the file's ``resumekit`` block, if that block is valid on its
    own: so validate can check the themes and locales it names while other fields are wrong."""
    data = source.data.get("resumekit") if isinstance(source.data, dict) else None
    try:
        settings = ResumekitSettings.model_validate(data or {}, context={"source": source.path})
    except ValidationError:
        return None  # its own problems are among the schema's
    only: dict[str, Any] = {"resumekit": settings}  # no basics: checks read only settings
    resume = Resume.model_construct(**only)
    resume._source, resume._tree = source.path, source.tree
    return resume


def load(path: str | Path, roots: Sequence[Path] | None = None) -> Resume:
    """Read and validate a resume file (inside ``roots`` when given: see ``read``)."""
    return validate(read(Path(path), roots))


def place(
    resume: Resume, loc: Sequence[str | int], message: str, on_key: bool = False
) -> Diagnostic:
    """A problem found after loading (a theme option, a locale) at its line and column in the
    resume's file: on the key for an unknown name (``on_key``), else on the value."""
    _, line, col = locate(resume._tree, list(loc), "extra_forbidden" if on_key else "value")
    return Diagnostic(str(resume.source or "resume"), line, col, dotted(list(loc)), message)


def read_bytes(path: Path, roots: Sequence[Path] | None = None) -> bytes:
    """The file's bytes through the read boundary: a regular file of at most 5 MiB.

    The resume may be a link from elsewhere (as dotfile managers make), so its root is the
    folder it really lives in. A FIFO or a device is an I/O error (exit 2); a regular file
    that is too large is an invalid resume, named with its size.
    """
    try:
        real = Path(os.path.realpath(path))
        size = real.stat().st_size if real.is_file() else 0
    except (OSError, ValueError):  # read_confined names the problem
        real, size = path, 0
    if size > MAX_BYTES and roots is None:  # else read_confined refuses it, saying no more
        message = f"file is {size:,} bytes; the limit is 5 MiB"
        raise InvalidResume([Diagnostic(str(path), None, None, "", message)])
    return files.read_confined(path, roots or [real.parent], MAX_BYTES, error=InputError,
                               allow_hidden=roots is None)  # fmt: skip


def _tree_key(node: CommentedMap, part: Any) -> Any:
    """The key of ``node`` in the ruamel tree that reads as ``part`` in the plain data."""
    if part in node:
        return part
    return next((key for key in node if as_text(key) == part), None)


def diagnostic(source: Source, error: Any, model: type[BaseModel] = Resume) -> Diagnostic:
    """A pydantic error of ``model`` (validating ``source``) at its line and column."""
    ctx = error.get("ctx") or {}
    keys, line, col = locate(source.tree, error_location(error), error["type"])
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = _unknown_key_message(keys, model)
    elif error["type"] == "missing":
        message = f"required field '{keys[-1]}' is missing"
    elif error["type"] == "literal_error":
        message = _choice_message(str(error.get("input")), ctx.get("expected", ""))
    elif error["type"] in ("string_type", "list_type", "dict_type", "model_type", "int_type"):
        message = f"{message[0].lower()}{message[1:]}, got {describe(error.get('input'))}"
    return Diagnostic(str(source.path), line, col, dotted(keys), message)


def locate(tree: Any, loc: list[Any], kind: str) -> tuple[list[Any], int | None, int | None]:
    """Follow a pydantic error location through the ruamel tree to a line and column."""
    node, keys = tree, []
    line, col = _start(tree)
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, CommentedMap) and (key := _tree_key(node, part)) is not None:
            keys.append(part)
            on_key = (kind == "extra_forbidden" and last) or loc[i + 1 : i + 2] == ["[key]"]
            line, col = _map_position(node, key, on_key)
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            keys.append(part)
            line, col = item_position(node, part)
            node = node[part]
        elif last and kind == "missing":
            keys.append(part)
        # anything else is a union tag such as "item" and names no place in the file
    return keys, line, col


def _map_position(node: CommentedMap, key: Any, on_key: bool) -> tuple[int, int]:
    key_line, key_col, value_line, value_col = key_lc(node, key)
    value = node[key]
    # A block below its key, or a null there: an empty value has no text of its own and the
    # parser places it where the next token starts, past any comment (ruamel does not say
    # whether a null was written, so a `~` on the line below is placed at its key too).
    below = value_line != key_line and (
        value is None or isinstance(value, (CommentedMap, CommentedSeq))
    )
    if on_key or below:
        return key_line + 1, key_col + 1
    return value_line + 1, value_col + 1


def _start(node: Any) -> tuple[int | None, int | None]:
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return None, None
    return lc.line + 1, lc.col + 1


def _unknown_key_message(keys: list[Any], model: type[BaseModel]) -> str:
    key = str(keys[-1])
    allowed = _allowed_keys(model, keys[:-1])
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if not close:
        close = [k for k in allowed if mistyped(key, [k])]
    if close:
        return f"unknown field '{key}'; did you mean '{close[0]}'?"
    if len(keys) == 1 and model is Resume and key in ResumekitSettings.model_fields:
        return f"unknown field '{key}'; it is a setting: move it under resumekit:"
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

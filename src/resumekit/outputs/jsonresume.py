"""JSON Resume interop: export a resume as a JSON Resume document, import one as YAML.

Export keeps every field the source set. resumekit's own extensions travel as extra
top-level keys (`patents`, `sections`), which JSON Resume allows; tags and the
`resumekit` settings block are left out, and tagged highlights become plain strings.
Fields kept for JSON Resume (``x-jsonresume``, see ``schema_base.JsonResumeObject``) go back
into their object under their own names, so `import` then `export` loses nothing.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from resumekit.assets import MAX_IMAGE_BYTES, image_problem
from resumekit.dates import ends_before_start
from resumekit.errors import ResumekitError
from resumekit.field_types import as_link
from resumekit.files import RefusedFile, read_confined
from resumekit.jsonresume_read import at, data_path
from resumekit.loader import read, validate
from resumekit.parse import dotted, error_location
from resumekit.schema import MODELINE, Dated, Resume
from resumekit.schema_base import EXTRAS, SET_ASIDE, set_aside

if TYPE_CHECKING:
    from resumekit.outputs.context import Context

LEFT_OUT = ("resumekit",)


def export(resume: Resume) -> dict[str, Any]:
    """The resume as a JSON Resume document (a plain dict)."""
    data = resume.model_dump(by_alias=True, exclude_unset=True, exclude_none=True, mode="json")
    for key in LEFT_OUT:
        data.pop(key, None)
    return _plain(data)


def json_file(context: Context) -> list[bytes]:
    """The selected resume (variant and tags applied) as a JSON Resume document."""
    return [document_text(export(context.resume)).encode()]


def document_text(data: dict[str, Any]) -> str:
    """A JSON Resume document as written: indented, characters as they are, a final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _plain(value: Any) -> Any:
    """Drop `tags` everywhere, turn {text, tags} highlights into their text, and put kept
    fields back in their object, as written."""
    if isinstance(value, dict):
        if set(value) <= {"text", "tags"} and "text" in value:
            return value["text"]
        plain = {k: _plain(v) for k, v in value.items() if k not in ("tags", EXTRAS)}
        return {**plain, **value.get(EXTRAS, {})}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass
class Imported:
    """A JSON Resume document converted to resumekit YAML, and a note on each change and on
    each field kept for export only."""

    yaml: str
    notes: list[str]
    files: dict[str, bytes] = field(default_factory=dict)  # to write beside the YAML: a photo


def import_document(path: Any, output: Path | None = None) -> Imported:
    """Read a JSON Resume document (JSON or YAML) and write it as resumekit YAML; it never
    fails on a document it can parse.

    It is read as render reads it (``jsonresume_read``: older names, empty dates, HTML), and
    the locale its name carries (``resume.de.json``) is written into the settings.
    Fields JSON Resume allows and resumekit does not use move under ``x-jsonresume`` in
    their object, as does a value resumekit cannot use (a date it cannot read, a misspelt
    field) and the dates of a period that ends before it starts, so that export gives them
    back; a value also written beside (a missing name left empty) becomes a comment. Each
    is a note with its position. A relative photo is copied beside the YAML (``output``).
    """
    source = read(path)
    resume = validate(source, json_resume=True, everything=True)
    data = source.data
    notes = [str(note) for note in resume.notes]
    comments: dict[tuple[Any, ...], list[str]] = {}
    for loc in _backwards(resume):  # strict YAML refuses it; the export gives it back
        _model_at(resume, loc).extras.update(_period(at(data, loc)))
    for loc, extras in set_aside(resume):
        node = at(data, loc)
        aside = node.pop(SET_ASIDE, {})
        kept = {}
        for key, value in extras.items():
            if key in aside and key in node:  # written beside too (a missing name, left empty)
                comments.setdefault(loc, []).append(f"{key}: {_json(value)}")
            else:  # a field resumekit does not use, or a value it could not
                node.pop(key, None)
                kept[key] = value
        if kept:
            node[EXTRAS] = kept
    photo_notes, files = _photo(data, Path(source.path), output)
    notes += photo_notes
    notes += _locale(data, Path(source.path))
    notes += _strict(data, comments, str(source.path))
    return Imported(MODELINE + _dump(data, comments), notes, files)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _period(node: dict[str, Any]) -> dict[str, Any]:
    """The start and end of a period that ends before it starts, out of ``node``."""
    return {key: node.pop(key) for key in ("startDate", "endDate")}


def _strict(
    data: dict[str, Any], comments: dict[tuple[Any, ...], list[str]], file: str
) -> list[str]:
    """What resumekit YAML refuses that a JSON Resume reading let through: a link written
    without its scheme gets it; anything else becomes a comment. Each with a note."""
    notes: list[str] = []
    for _ in range(3):
        try:
            Resume.model_validate(data)
            break
        except ValidationError as exc:
            errors = exc.errors()
        for error in errors:
            path = data_path(data, error_location(error))
            if len(path) < 2 or not isinstance(at(data, path[:-1]), dict):
                continue
            parent, key = at(data, path[:-1]), path[-1]
            value = parent[key]
            link = as_link(value) if error["type"] == "url" and isinstance(value, str) else None
            where = f"{file}: {dotted(path)}"
            if link:
                parent[key] = link
                notes.append(f"{where}: {value} written as {link}")
            else:
                del parent[key]
                comments.setdefault(tuple(path[:-1]), []).append(f"{key}: {_json(value)}")
                notes.append(f"{where}: {error['msg']}; left out (a comment in the YAML)")
    return notes


def _model_at(resume: Resume, loc: tuple[Any, ...]) -> Any:
    """The model at ``loc`` (keys as written, list indexes) in the resume."""
    node: Any = resume
    for part in loc:
        if isinstance(part, int):
            node = node[part]
        else:
            fields = type(node).model_fields
            node = getattr(node, next(n for n, f in fields.items() if (f.alias or n) == part))
    return node


def _backwards(resume: Resume) -> Iterator[tuple[Any, ...]]:
    """Each entry whose end is before its start, which JSON Resume allows and YAML does not."""
    for key in ("work", "volunteer", "education", "projects"):
        entry: Dated
        for index, entry in enumerate(getattr(resume, key)):
            if ends_before_start(entry.start_date, entry.end_date):
                yield key, index


def _photo(
    data: dict[str, Any], source: Path, output: Path | None
) -> tuple[list[str], dict[str, bytes]]:
    """A relative photo is the JSON document's: a photo must lie in the resume's folder, so
    when the YAML goes elsewhere the photo is copied beside it (never over another file)."""
    basics = data.get("basics")
    if output is None or not isinstance(basics, dict):
        return [], {}
    image = basics.get("image")
    if not isinstance(image, str) or not image or ":" in image or Path(image).is_absolute():
        return [], {}
    folder, target = source.parent.resolve(), output.parent.resolve()
    if folder == target:
        return [], {}
    where = f"{source}: basics.image"
    problem = image_problem(image, folder)
    try:
        content = b"" if problem else read_confined(folder / image, [folder], MAX_IMAGE_BYTES)
    except (RefusedFile, FileNotFoundError) as exc:
        problem = getattr(exc, "message", None) or f"{image} is not there"
    if problem:
        return [f"{where}: {problem}; not copied"], {}
    name = Path(image).name
    if name == output.name or not name.isprintable() or not _free(target, name, content):
        # the YAML may not point at a file that is not the photo: the path is kept for export
        basics.setdefault(EXTRAS, {})["image"] = basics.pop("image")
        return [f"{where}: {target / name} is taken; photo not copied, its path kept for "
                "export only"], {}  # fmt: skip
    basics["image"] = name
    return [f"{where}: {image} copied beside {output.name} as {name}"], {name: content}


def _free(folder: Path, name: str, content: bytes) -> bool:
    """Whether ``name`` in ``folder`` is free for the photo: nothing there, or the same photo
    (read through the read boundary: a link, a FIFO or a device there is not)."""
    if not os.path.lexists(folder / name):
        return True
    try:
        return read_confined(folder / name, [folder], MAX_IMAGE_BYTES) == content
    except ResumekitError:
        return False


def _locale(data: dict[str, Any], source: Path) -> list[str]:
    """The locale the document's name carries (resume.de.json), written into the YAML,
    whose own name will not carry it, unless the document names one itself."""
    from resumekit.plan import locale_from_name

    settings = data.get("resumekit")
    tag = locale_from_name(source)
    if tag is None or (isinstance(settings, dict) and settings.get("locale")):
        return []
    if not isinstance(settings, dict):
        settings = data["resumekit"] = {}
    settings["locale"] = tag
    return [f"{source}: resumekit.locale: {tag}, from the file's name"]


def _dump(data: dict[str, Any], comments: dict[tuple[Any, ...], list[str]]) -> str:
    """``data`` as YAML, each object in ``comments`` headed by a comment naming what was left
    out of it and its value."""
    tree = _commented(data)
    for loc, lines in comments.items():
        node, key = at(tree, loc), None
        if isinstance(node, CommentedMap) and node:
            key = next(iter(node))
        elif loc:  # an object left empty: the comment goes before it in its list or object
            node, key = at(tree, loc[:-1]), loc[-1]
        if key is not None:
            text = "not read by resumekit (see import's notes):\n" + "\n".join(lines)
            indent = 2 * sum(1 for part in loc if isinstance(part, str))
            node.yaml_set_comment_before_after_key(key, before=text, indent=indent)
    buffer = io.StringIO()
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.dump(tree, buffer)
    return buffer.getvalue()


def _commented(value: Any) -> Any:
    """``value`` as ruamel's tree, which takes comments; a text of several lines (a summary
    of paragraphs) as a literal block, as a person would write it."""
    if isinstance(value, dict):
        return CommentedMap((key, _commented(item)) for key, item in value.items())
    if isinstance(value, list):
        return CommentedSeq(_commented(item) for item in value)
    lines = value.split("\n") if isinstance(value, str) else []
    if len(lines) > 1 and all(line == line.strip() and line.isprintable() for line in lines):
        return LiteralScalarString(value)
    return value

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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML

from resumekit.loader import read, validate
from resumekit.schema import MODELINE, Resume
from resumekit.schema_base import EXTRAS, set_aside

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
    return [(json.dumps(export(context.resume), indent=2, ensure_ascii=False) + "\n").encode()]


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
    """A JSON Resume document converted to resumekit YAML, and a note on each field kept
    for export only."""

    yaml: str
    notes: list[str]


def import_document(path: Any) -> Imported:
    """Read a JSON Resume document (JSON or YAML) and write it as resumekit YAML.

    Fields JSON Resume allows and resumekit does not use move under ``x-jsonresume`` in
    their object, each reported in a note with its position; any other problem (an unknown
    field in resumekit's own settings, a bad date) is an InvalidResume, as for validate.
    """
    source = read(path)
    resume = validate(source, json_resume=True)
    data = source.data
    for loc, extras in set_aside(resume):
        node = data
        for part in loc:
            node = node[part]
        for key in extras:
            del node[key]
        node[EXTRAS] = extras
    buffer = io.StringIO()
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.dump(data, buffer)
    return Imported(MODELINE + buffer.getvalue(), [str(note) for note in resume.notes])

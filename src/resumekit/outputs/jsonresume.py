"""JSON Resume interop: export a resume as a JSON Resume document, import one as YAML.

Export keeps every field the source set. resumekit's own extensions travel as extra
top-level keys (`patents`, `sections`), which JSON Resume allows; tags and the
`resumekit` settings block are left out, and tagged highlights become plain strings.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML

from resumekit.errors import InvalidResume
from resumekit.loader import Source, locate, read, validate
from resumekit.parse import dotted
from resumekit.schema import MODELINE, Resume

LEFT_OUT = ("resumekit",)


def export(resume: Resume) -> dict[str, Any]:
    """The resume as a JSON Resume document (a plain dict)."""
    data = resume.model_dump(by_alias=True, exclude_unset=True, exclude_none=True, mode="json")
    for key in LEFT_OUT:
        data.pop(key, None)
    return _plain(data)


def _plain(value: Any) -> Any:
    """Drop `tags` everywhere and turn {text, tags} highlights into their text."""
    if isinstance(value, dict):
        if set(value) <= {"text", "tags"} and "text" in value:
            return value["text"]
        return {k: _plain(v) for k, v in value.items() if k != "tags"}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass
class Imported:
    """A JSON Resume document converted to resumekit YAML, and what had to be dropped."""

    yaml: str
    dropped: list[str]


def import_document(path: Any) -> Imported:
    """Read a JSON Resume document (JSON or YAML) and write it as resumekit YAML.

    Fields resumekit does not know are dropped and reported with their position; any
    other problem (a bad date, a wrong type) is an InvalidResume, as for validate.
    """
    source = read(path)
    data, dropped = source.data, []
    for _ in range(1000):  # each round drops at least one field; a bound against surprises
        try:
            Resume.model_validate(data)
            break
        except ValidationError as exc:
            unknown = [e for e in exc.errors() if e["type"] == "extra_forbidden"]
            if not unknown:
                validate(Source(source.path, data, source.tree))  # raises with positions
            for error in unknown:
                keys, line, col = locate(source.tree, list(error["loc"]), error["type"])
                dropped.append(f"{source.path}:{line}:{col}: {dotted(keys)}: dropped unknown field")
                _remove(data, list(error["loc"]))
    else:  # pragma: no cover - the loop always ends by validating or raising
        raise InvalidResume([])
    buffer = io.StringIO()
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.dump(data, buffer)
    return Imported(MODELINE + buffer.getvalue(), dropped)


def _remove(data: Any, loc: list[Any]) -> None:
    node = data
    for part in loc[:-1]:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int)
        ):
            node = node[part]
    if isinstance(node, dict):
        node.pop(loc[-1], None)

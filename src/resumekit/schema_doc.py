"""The schema reference as Markdown, written from the JSON Schema (docs/schema.md)."""

from __future__ import annotations

from typing import Any

from resumekit.schema import json_schema


def _type(node: dict[str, Any]) -> str:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in node:
        kinds = [_type(n) for n in node["anyOf"] if n.get("type") != "null"]
        return " or ".join(dict.fromkeys(kinds))
    if "oneOf" in node:
        return " or ".join(dict.fromkeys(_type(n) for n in node["oneOf"]))
    if node.get("const") == "":
        return "empty"
    if "const" in node:
        return f"`{node['const']}`"
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
    kind = node.get("type", "any")
    if kind == "array":
        return f"list of {_type(node.get('items', {}))}"
    if kind == "object" and "additionalProperties" in node:
        return f"mapping to {_type(node['additionalProperties'])}"
    if "pattern" in node and kind == "string":
        return "date (`2023`, `2023-10`, `2023-10-05`)"
    if "format" in node and kind == "string":
        return f"string ({node['format']})"
    return kind if isinstance(kind, str) else " or ".join(kind)


def _table(title: str, node: dict[str, Any]) -> list[str]:
    required = set(node.get("required", []))
    lines = [f"## {title}", ""]
    if node.get("description"):
        lines += [node["description"], ""]
    lines += ["| field | type | description |", "|---|---|---|"]
    for name, prop in node.get("properties", {}).items():
        mark = " (required)" if name in required else ""
        description = prop.get("description", "").replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{name}`{mark} | {_type(prop)} | {description} |")
    return [*lines, ""]


#: What the tables' `x-jsonresume` rows mean, and which keys are typos instead (see
#: ``schema_base.mistyped``).
_KEPT = """\
Objects with an `x-jsonresume` field keep there the fields JSON Resume allows and resumekit
does not use. A `.json` resume is read as JSON Resume: each such field is kept (with a note),
except a key that is a field mistyped, refused with "did you mean": the field but for case, `_`
or `-` (`startdate`, `START-DATE`), with two neighbouring letters swapped (`emial`, `wrok`), or,
for a field of 5 letters or more, with one letter added, dropped or changed (`postion`,
`summry`). A field followed by digits or an `s` (`phone2`, `emails`), an `x-` key and other
words (`photo`, `uri`, `level`) are kept.
"""


def markdown() -> str:
    """docs/schema.md: one table per object of the schema, the resume itself first."""
    schema = json_schema()
    lines = [
        "# Resume schema reference",
        "",
        "Generated from the models by `make schema`; do not edit by hand.",
        "",
        _KEPT.rstrip(),
        "",
        *_table("Resume", schema),
    ]
    for name, node in schema.get("$defs", {}).items():
        if node.get("type") == "object":
            lines += _table(name, node)
    return "\n".join(lines).rstrip() + "\n"

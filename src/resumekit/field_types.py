"""Field types of the resume schema: section names, partial dates, and text that may hold
inline Markdown."""

from __future__ import annotations

import typing
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from resumekit import markup
from resumekit.dates import DATE_PATTERN, PRESENT, PartialDate, normalize

SectionName = Literal[
    "summary",
    "work",
    "volunteer",
    "education",
    "awards",
    "certificates",
    "publications",
    "patents",
    "skills",
    "languages",
    "interests",
    "projects",
    "references",
    "sections",
]
SECTION_NAMES: tuple[str, ...] = typing.get_args(SectionName)


def _date(value: object) -> str:
    text = normalize(value)
    if text is None or not _is_date(text):
        raise PydanticCustomError(
            "partial_date",
            'expected a date like 2023-10 (or 2023, or 2023-10-05), got "{value}"',
            {"value": value},
        )
    return text


def _end_date(value: object) -> str | None:
    if isinstance(value, str) and value.strip().lower() == PRESENT:
        return None
    return _date(value)


def _is_date(text: str) -> bool:
    try:
        PartialDate.parse(text)
    except ValueError:
        return False
    return True


_DATE_JSON = {
    "anyOf": [
        {"type": "string", "pattern": DATE_PATTERN},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ]
}
Date = Annotated[str, BeforeValidator(_date), WithJsonSchema(_DATE_JSON)]
EndDate = Annotated[
    str | None,
    BeforeValidator(_end_date),
    WithJsonSchema({"anyOf": [*_DATE_JSON["anyOf"], {"const": PRESENT}]}),
]


def _markdown(text: str) -> str:
    """Refuse text too long or too deeply marked up to render quickly (see markup.problem)."""
    problem = markup.problem(text)
    if problem:
        raise PydanticCustomError("markdown", "{problem}", {"problem": problem})
    return text


Markdown = AfterValidator(_markdown)
Text = Annotated[
    str, Markdown, Field(description="Text; inline Markdown (bold, italic, links) allowed.")
]
Url = Annotated[str, Field(description="A web address, e.g. https://example.com.")]
Tags = Annotated[
    list[str],
    Field(description="Tags that select this item into variants (see `resumekit.variants`)."),
]

"""The base of the resume models: camelCase keys, unknown keys refused, except in the
objects JSON Resume defines, which may hold fields it does not name.

Validated with the context ``JSON_RESUME`` (a ``.json`` file, or ``resumekit import``), such
an object sets unknown fields aside under ``x-jsonresume`` instead of refusing them;
resumekit YAML writes them there itself, so it stays strict, and the export puts them back
where they came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from resumekit.field_types import JsonExtras


class Model(BaseModel):
    """Base of the JSON Resume models: camelCase keys, unknown keys are errors."""

    model_config = ConfigDict(
        extra="forbid",
        alias_generator=to_camel,
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
    )


#: The validation context key that reads a document as JSON Resume (see the module docstring).
JSON_RESUME = "json_resume"
#: Where an object keeps the fields JSON Resume allows and resumekit does not use.
EXTRAS = "x-jsonresume"


class JsonResumeObject(Model):
    """An object the JSON Resume schema defines, which may hold fields it does not name."""

    extras: JsonExtras = Field(
        {},
        alias=EXTRAS,
        description="JSON Resume fields resumekit does not use; export writes them into "
        "this object.",
    )

    @classmethod
    def _known(cls) -> set[str]:
        return {field.alias or name for name, field in cls.model_fields.items()} - {EXTRAS}

    @model_validator(mode="before")
    @classmethod
    def _set_aside_unknown(cls, data: Any, info: ValidationInfo) -> Any:
        """Read as JSON Resume, move the fields this model does not know under EXTRAS."""
        if isinstance(data, dict) and (info.context or {}).get(JSON_RESUME):
            known = cls._known()
            extras = {key: value for key, value in data.items() if key not in known}
            data = {key: value for key, value in data.items() if key in known}
            if extras:
                data[EXTRAS] = extras
        return data

    @field_validator("extras")
    @classmethod
    def _not_a_field(cls, extras: dict[str, Any]) -> dict[str, Any]:
        """A field resumekit knows is written as itself: an export would hold it twice."""
        known = [key for key in extras if key in cls._known()]
        if known:
            raise PydanticCustomError(
                "extra_known",
                "'{key}' is a field resumekit reads: write it beside {extras}, not in it",
                {"key": known[0], "extras": EXTRAS, "field": known[0]},
            )
        return extras


def set_aside(
    model: BaseModel, loc: tuple[Any, ...] = ()
) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Every object in ``model`` that holds fields kept for JSON Resume: where it is in the
    file (keys as written) and those fields."""
    if isinstance(model, JsonResumeObject) and model.extras:
        yield loc, model.extras
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        at = (*loc, field.alias or name)
        for index, item in enumerate(value) if isinstance(value, list) else [(None, value)]:
            if isinstance(item, BaseModel):
                yield from set_aside(item, at if index is None else (*at, index))

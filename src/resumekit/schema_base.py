"""The base of the resume models: camelCase keys, unknown keys refused, except in the
objects JSON Resume defines, which may hold fields it does not name.

Validated with the context ``JSON_RESUME`` (a ``.json`` file, or ``resumekit import``), such
an object sets unknown fields aside under ``x-jsonresume`` instead of refusing them;
resumekit YAML writes them there itself, so it stays strict, and the export puts them back
where they came from. A key that is a field's name mistyped (``emial``, ``startdate``) is no
such field: it stays, to be refused with a "did you mean".
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
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
#: How alike (difflib's ratio) a key must be to a field to be taken for it, as the loader's
#: "did you mean" asks.
CLOSE = 0.6
#: At most this many characters added, dropped or changed make a typo; more make another
#: word (``nickname`` is not ``name`` mistyped).
TYPO = 2


def _folded(name: str) -> str:
    return name.lower().replace("_", "")


def mistyped(key: str, fields: Iterable[str]) -> bool:
    """Whether ``key`` is one of ``fields`` mistyped. ``x-`` keys are extensions by design."""
    return not key.startswith("x-") and any(_typo_of(field, key) for field in fields)


def _typo_of(field: str, key: str) -> bool:
    """The same but for case and ``_``, or close with at most TYPO characters different."""
    match = difflib.SequenceMatcher(None, _folded(key), _folded(field))
    changes = match.get_opcodes()
    changed = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in changes if op != "equal")
    return match.ratio() >= CLOSE and changed <= TYPO


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
        """Read as JSON Resume, move the fields this model does not know under EXTRAS, but
        leave a mistyped field in place for ``extra="forbid"`` to refuse."""
        if isinstance(data, dict) and (info.context or {}).get(JSON_RESUME):
            known = cls._known()
            extras = {k: v for k, v in data.items() if k not in known and not mistyped(k, known)}
            data = {key: value for key, value in data.items() if key not in extras}
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

"""The base of the resume models: camelCase keys, unknown keys refused, except in the
objects JSON Resume defines, which may hold fields it does not name.

Validated with the context ``JSON_RESUME`` (a ``.json`` file, or ``resumekit import``), such
an object sets unknown fields aside under ``x-jsonresume`` instead of refusing them;
resumekit YAML writes them there itself, so it stays strict, and the export puts them back
where they came from. A key that is a field's name mistyped (``emial``, ``startdate``) is no
such field: it stays, to be refused with a "did you mean" (see ``mistyped`` for the rule).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from resumekit.field_types import JsonExtras


class Model(BaseModel):
    """Base of the JSON Resume models: camelCase keys, unknown keys are errors."""

    model_config = ConfigDict(
        defer_build=True,
        extra="forbid",
        alias_generator=to_camel,
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
    )


#: The validation context key that reads a document as JSON Resume (see the module docstring).
JSON_RESUME = "json_resume"
#: Where an object keeps the fields JSON Resume allows and resumekit does not use.
EXTRAS = "x-jsonresume"
#: The key (no document can hold it: it is no string) under which a JSON Resume reading puts
#: the values of an object resumekit cannot use, to be kept with its other fields.
SET_ASIDE: Any = type("SetAside", (), {"__repr__": lambda self: "<set aside>"})()
#: Names this long or longer take one letter added, dropped or changed as a typo; a shorter
#: one is too often another word so (``uri`` is not ``url``, ``team`` not ``tags``).
TYPO_LENGTH = 5


def _folded(name: str) -> str:
    return re.sub(r"[-_]", "", name.lower())


def mistyped(key: str, fields: Iterable[str]) -> bool:
    """Whether ``key`` is one of ``fields`` mistyped, to be refused rather than kept as an
    extra JSON Resume field. Compared with case, ``_`` and ``-`` ignored, a key is mistyped
    when it is a field written so (``startdate``, ``START-DATE``), or one edit from it: two
    neighbouring letters swapped (``emial``, ``wrok``), or, when the field has TYPO_LENGTH
    letters or more, one letter added, dropped or changed (``postion``, ``summry``).
    Never mistyped: an ``x-`` key (an extension by design), and a field followed by digits or
    an ``s`` (``phone2``, ``emails``), which names another such value."""
    folded = _folded(key)
    names = [_folded(field) for field in fields]
    if key.startswith("x-") or any(re.fullmatch(re.escape(n) + r"(\d+|s)", folded) for n in names):
        return False
    return any(_typo_of(name, folded) for name in names)


def _shared(one: str, other: str) -> int:
    """How many letters ``one`` and ``other`` start with alike."""
    pairs = enumerate(zip(one, other, strict=False))
    return next((i for i, (a, b) in pairs if a != b), min(len(one), len(other)))


def _typo_of(field: str, key: str) -> bool:
    """Whether ``key`` is ``field`` (both folded) or one edit from it, as ``mistyped`` says:
    with their common start and end cut off, what is left of each is one letter at most, or
    two letters swapped."""
    start = _shared(field, key)
    end = _shared(field[start:][::-1], key[start:][::-1])
    left, right = field[start : len(field) - end], key[start : len(key) - end]
    if len(left) == len(right) == 2:
        return left == right[::-1]
    return not left + right or (len(field) >= TYPO_LENGTH and len(left) <= 1 and len(right) <= 1)


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
            data = dict(data)
            aside = data.pop(SET_ASIDE, {})  # values jsonresume_read could not use
            extras = {k: v for k, v in data.items() if k not in known and not mistyped(k, known)}
            data = {key: value for key, value in data.items() if key not in extras}
            if extras or aside:
                data[EXTRAS] = {**extras, **aside}
        return data

    @model_validator(mode="after")
    def _not_twice(self, info: ValidationInfo) -> Any:
        """A field resumekit reads may stand under x-jsonresume only when it is not also
        written beside it: an export would hold it twice. (There it is a value resumekit
        could not read, kept for export: jsonresume_read, import.)"""
        fields = {field.alias or name: name for name, field in type(self).model_fields.items()}
        given = self.model_fields_set
        twice = [key for key in self.extras if key != EXTRAS and fields.get(key) in given]
        if twice and not (info.context or {}).get(JSON_RESUME):
            raise PydanticCustomError(
                "extra_known",
                "'{key}' is written beside {extras}: it may not be in it too",
                {"key": twice[0], "extras": EXTRAS, "field": [EXTRAS, twice[0]]},
            )
        return self


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

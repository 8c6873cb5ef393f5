"""Field types of the resume schema: section names, partial dates, text that may hold
inline Markdown, links, e-mail addresses, and the fields kept for JSON Resume."""

from __future__ import annotations

import re
import typing
import unicodedata
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    AnyUrl,
    BeforeValidator,
    Field,
    JsonValue,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    WrapValidator,
)
from pydantic_core import PydanticCustomError

from resumekit import markup
from resumekit.dates import DATE_PATTERN, PRESENT, NotOnCalendar, PartialDate, normalize

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
    text = normalize(value) or ""
    try:
        PartialDate.parse(text)
    except NotOnCalendar as exc:  # the shape is right: say which part does not exist
        raise PydanticCustomError(
            "calendar_date",
            '"{value}" is not a date: {reason}',
            {"value": text, "reason": str(exc)},
        ) from None
    except ValueError:
        raise PydanticCustomError(
            "partial_date",
            'expected a date like 2023-10 (or 2023, or 2023-10-05), got "{value}"',
            {"value": value},
        ) from None
    return text


def _end_date(value: object) -> str | None:
    if isinstance(value, str) and value.strip().lower() == PRESENT:
        return None
    return _date(value)


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


_ANY_URL: TypeAdapter[AnyUrl] = TypeAdapter(AnyUrl)


def _is_link(text: str) -> bool:
    """Whether ``text`` is a link the view shows (``markup.is_safe_url``: http, https, mailto,
    tel), written in full as JSON Resume's ``format: uri`` asks: no spaces, a host after
    ``http(s)://``, something after ``mailto:`` or ``tel:``, and well formed to pydantic."""
    if not markup.is_safe_url(text) or text.split() != [text]:
        return False
    try:
        parts = urlsplit(text)
        _ANY_URL.validate_python(text)
    except (ValueError, ValidationError):
        return False
    return bool(parts.netloc if parts.scheme.lower() in ("http", "https") else parts.path)


def _url(text: str, info: ValidationInfo) -> str:
    """Refuse a link the view would drop, or one that hides characters; a blank one is as good
    as none (many JSON Resume documents leave fields empty). The text is kept as written, not
    normalized, so that an export gives it back unchanged. A JSON Resume document may leave
    out the scheme (``github.com/me``, as many do): ``as_link`` gives the view the link."""
    expected = "expected a link like https://example.com (http, https, mailto or tel)"
    _refuse_invisible("url_invisible", expected, text)
    if text and (info.context or {}).get("json_resume") and as_link(text):
        return text
    if text and not _is_link(text):
        guess = _guess(text)
        hint = f'; did you mean "{guess}"?' if guess and _is_link(guess) else ""
        raise PydanticCustomError(
            "url", expected + ', got "{value}"{hint}', {"value": text, "hint": hint}
        )
    return text


#: Unicode's Default_Ignorable_Code_Point ranges (Unicode 15.0 DerivedCoreProperties.txt,
#: also in fontTools.merge.unicode, too costly to import at start): what a renderer may draw as
#: nothing. Python's unicodedata has no such property; most are category Cf or Cn anyway.
_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)  # fmt: skip
#: Shows nothing, yet Unicode counts it neither a space nor ignorable.
_BRAILLE_BLANK = "\u2800"


def _hides(char: str) -> bool:
    """Whether ``char`` shows nothing or reorders what is shown: a control or format character
    (bidi marks and overrides, zero-width), a separator other than a plain space, a private-use,
    surrogate or unassigned code point (as email-validator refuses them in an address), a
    default-ignorable one (variation selectors, fillers, tags) or the braille blank."""
    code = ord(char)
    return (
        (unicodedata.category(char)[0] in "CZ" and char != " ")
        or char == _BRAILLE_BLANK
        or any(low <= code <= high for low, high in _IGNORABLE)
    )


def _invisible(text: str) -> list[str]:
    """The characters of ``text`` that ``_hides``, each once."""
    return list(dict.fromkeys(filter(_hides, text)))


def _named(char: str) -> str:
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed')})"


def _escaped(char: str) -> str:
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def _shown(text: str) -> str:
    """``text`` with its invisible characters written as escapes (``\\u200b``), as YAML reads
    them: the characters themselves would hide in the message too."""
    return "".join(_escaped(c) if _hides(c) else c for c in text)


def _refuse_invisible(code: str, expected: str, text: str) -> None:
    """Refuse ``text`` if it hides characters, naming each, before any other check quotes it."""
    if hidden := _invisible(text):
        raise PydanticCustomError(
            code,
            expected + ', got "{value}": remove the invisible {chars}',
            {"value": _shown(text), "chars": ", ".join(map(_named, hidden))},
        )


#: A host name with letters (``example.com``, ``www.example.co.uk:8080``), then maybe a path.
_HOST = re.compile(r"(?:[^\W_][\w-]*\.)+[^\W\d_][\w-]*(?::\d+)?(?:[/?#]\S*)?")
#: A phone number as people write it: digits, spaces and - . ( ), maybe a leading +.
_PHONE = re.compile(r"\+?(?=\D*\d)[\d\s().-]+")


def as_link(text: str) -> str | None:
    """``text`` as the link the page shows: itself when it is one, else what it means when it
    is written without a scheme (``github.com/me``, ``me@example.com``), else None."""
    if _is_link(text):
        return text
    guess = _guess(text)
    return guess if guess and _is_link(guess) else None


def _guess(text: str) -> str | None:
    """The link ``text`` (written without a scheme) most likely means: mailto: for an e-mail
    address, tel: for an international phone number, https:// for a host name."""
    if "@" in text:
        return None if _email_problem(text) else f"mailto:{text}"
    if _PHONE.fullmatch(text):
        return "tel:" + "-".join(text.split()) if text.startswith("+") else None
    return f"https://{text}" if _HOST.fullmatch(text) else None


def _email_problem(text: str) -> str | None:
    """Why ``text`` is not an e-mail address (syntax only, no DNS), or None."""
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        return str(exc)
    return None


def _email(text: str) -> str:
    """Refuse what is not an e-mail address, or hides characters as a link may not; kept as
    written."""
    expected = "expected an e-mail address like ada@example.com"
    _refuse_invisible("email_invisible", expected, text)
    if text and (reason := _email_problem(text)):
        raise PydanticCustomError(
            "email", expected + ', got "{value}": {reason}', {"value": text, "reason": reason}
        )
    return text


def _blank_or(format_: str) -> WithJsonSchema:
    return WithJsonSchema({"anyOf": [{"type": "string", "format": format_}, {"const": ""}]})


Url = Annotated[
    str,
    AfterValidator(_url),
    _blank_or("uri"),
    Field(description="A link, e.g. https://example.com."),
]
Email = Annotated[str, AfterValidator(_email), _blank_or("email")]


def _as_written(value: Any, handler: Any) -> Any:
    """Check that the value is JSON, and keep it exactly as written (not whitespace-stripped
    as other text is): it goes back out in an export."""
    handler(value)
    return value


JsonExtras = Annotated[
    dict[str, JsonValue], WrapValidator(_as_written), WithJsonSchema({"type": "object"})
]
Tags = Annotated[
    list[str],
    Field(description="Tags that select this item into variants (see `resumekit.variants`)."),
]

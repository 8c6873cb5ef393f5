"""Which locales a resume may name, decided from babel's data files without importing babel.

``validate`` must stay light, yet refuse every locale ``render`` would refuse; so both ask
``identifier``, and render hands babel only what it returned. This is ``babel.Locale.parse``
step by step, on babel's own data: one file per locale it knows (``locale-data/de_CH.dat``)
and, in ``global.dat``, the aliases (iw is he, UK is GB) and likely subtags with which a tag
such as zh-TW is found as zh_Hant_TW.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import os
import pickle
import pickletools
import re
import stat
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, Field

from resumekit.errors import InputError, ResumekitError

#: What a tag may be written with: ASCII only (babel would take the Kelvin sign K for a k).
_CHARS = re.compile(r"[A-Za-z0-9_.@-]{1,64}", re.ASCII)
_LANGUAGE = re.compile(r"[A-Za-z]+", re.ASCII)
_SCRIPT = re.compile(r"[A-Za-z]{4}", re.ASCII)
_TERRITORY = re.compile(r"[A-Za-z]{2}|[0-9]{3}", re.ASCII)
_VARIANT = re.compile(r"[0-9][A-Za-z0-9]{3}|[A-Za-z][A-Za-z0-9]{4,}", re.ASCII)
#: global.dat is about 0.5 MiB. A plain pickle builds at most one object of under 100 bytes
#: per byte, so this cap bounds what a damaged one can take to about 200 MiB.
_GLOBAL_LIMIT = 2 << 20

#: language, territory, script, variant, modifier ('' when absent), as babel orders them
Parts = tuple[str, str, str, str, str]


def identifier(tag: str) -> str:
    """babel's identifier for a language tag (en, de-CH, iw, zh-TW -> zh_Hant_TW), the one
    ``babel.Locale.parse`` finds; an unknown or malformed tag is a ResumekitError."""
    shown = f"'{tag}'" if tag.isprintable() and len(tag) <= 40 else repr(tag[:40])
    if not _CHARS.fullmatch(tag):
        raise ResumekitError(
            f"unknown locale {shown}: a language tag is ASCII letters and digits joined by - "
            "or _, such as de-CH",
        )
    parts = _parse(tag.replace("-", "_"))
    found = parts and (_load(parts) or _likely(parts))
    if not found:
        from resumekit.i18n import languages  # the locales with translated headings

        named = [tag.replace("_", "-") for tag in languages()]
        hint = f"use a language tag such as {', '.join(named[:-1])} or {named[-1]}"
        raise ResumekitError(f"unknown locale {shown}", hint=hint)
    return found


def _parse(tag: str) -> Parts | None:
    """The parts of a tag, as ``babel.core.parse_locale`` splits it; None where it raises."""
    text, _, modifier = tag.partition("@")
    parts = text.split(".", 1)[0].split("_")  # an encoding (.UTF-8) is dropped
    language = parts.pop(0).lower()
    if not _LANGUAGE.fullmatch(language):
        return None
    script = parts.pop(0).title() if parts and _SCRIPT.fullmatch(parts[0]) else ""
    territory = parts.pop(0).upper() if parts and _TERRITORY.fullmatch(parts[0]) else ""
    variant = parts.pop().upper() if parts and _VARIANT.fullmatch(parts[0]) else ""
    return None if parts else (language, territory, script, variant, modifier)


def _name(parts: Parts) -> str:
    """``babel.core.get_locale_identifier``: zh_Hant_TW, de_DE@euro."""
    language, territory, script, variant, modifier = parts
    name = "_".join(p for p in (language, script, territory, variant) if p)
    return f"{name}@{modifier}" if modifier else name


def _load(parts: Parts) -> str | None:
    """The identifier of ``Locale(*parts)`` if babel has data for it (with or without the
    modifier), else None."""
    name = _name(parts)
    return name if name.partition("@")[0] in _known() else None


def _likely(parts: Parts) -> str | None:
    """The end of ``Locale.parse``: apply the aliases, then the likely subtags of the whole
    tag, then of its language (zh_TW is zh_Hant_TW, iw_IL is he_IL)."""
    language, territory, script, variant, _ = parts
    language = _global("language_aliases").get(language, language)
    territory = _global("territory_aliases").get(territory, [territory])[0]
    script = _global("script_aliases").get(script, script)
    variant = _global("variant_aliases").get(variant, variant)
    parts = (language, "" if territory == "ZZ" else territory,
             "" if script == "Zzzz" else script, variant, "")  # fmt: skip
    likely = _global("likely_subtags")
    if (full := likely.get(_name(parts))) and (found := _load_reducing(_parse(full))):
        return found
    if (full := likely.get(language)) and (guess := _parse(full)):
        return _load_reducing((guess[0], parts[1], guess[2], guess[3], guess[4]))
    return None


def _load_reducing(parts: Parts | None) -> str | None:
    """``Locale.parse``'s second chance: the locale, else its language and territory alone."""
    return parts and (_load(parts) or _load((*parts[:2], "", "", "")))


def _babel() -> Path:
    """babel's package folder, where babel itself looks for its data, found without importing
    it: ``os.path.dirname(babel.__file__)``."""
    spec = importlib.util.find_spec("babel")
    if spec is None or spec.origin is None:
        raise InputError("babel is not installed", hint="reinstall resumekit")
    return Path(spec.origin).parent


@functools.cache
def _known() -> frozenset[str]:
    """Every locale babel has data for (what ``babel.localedata.exists`` looks up); the folder
    and its files may be links, as Debian installs them."""
    try:
        with os.scandir(_babel() / "locale-data") as entries:
            found = [e.name for e in entries if e.is_file()]  # follows links
            return frozenset(n.removesuffix(".dat") for n in found if n.endswith(".dat"))
    except OSError as exc:
        raise InputError(f"cannot read babel's locale data: {exc.strerror}",
                         hint="reinstall babel") from None  # fmt: skip


class _Tables(BaseModel, strict=True):
    """The tables of global.dat read here, as babel writes them; a missing one is empty, as
    ``babel.core.get_global`` has it."""

    language_aliases: dict[str, str] = {}
    territory_aliases: dict[str, Annotated[list[str], Field(min_length=1)]] = {}
    script_aliases: dict[str, str] = {}
    variant_aliases: dict[str, str] = {}
    likely_subtags: dict[str, str] = {}


def _global(table: str) -> dict[str, Any]:
    """One of babel's global tables (``babel.core.get_global``)."""
    return getattr(_global_data(), table)  # type: ignore[no-any-return]


#: The opcodes of plain data (protocol 2 to 5): nothing that names a class or calls one.
_STRINGS = {"SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8"}
_PUTS, _GETS = {"BINPUT", "LONG_BINPUT", "MEMOIZE"}, {"BINGET", "LONG_BINGET"}
_PLAIN = _STRINGS | _PUTS | _GETS | {
    "BININT", "BININT1", "BININT2", "BINFLOAT", "NONE", "NEWTRUE", "NEWFALSE", "EMPTY_LIST",
    "APPEND", "APPENDS", "EMPTY_TUPLE", "TUPLE", "TUPLE1", "TUPLE2", "TUPLE3", "EMPTY_DICT",
    "SETITEM", "SETITEMS", "MARK", "PROTO", "FRAME", "STOP",
}  # fmt: skip


def _check_plain(data: bytes) -> None:
    """Refuse a pickle that is more than a tree of plain data: an opcode outside ``_PLAIN``, or
    a memo reference to anything but a string. Shared tuples would let 500 bytes build a key
    whose hash takes 2**60 steps; as a tree, the work is bounded by the size of the file."""
    strings: dict[object, bool] = {}  # memo slot: holds a string
    last = ""
    for op, arg, _ in pickletools.genops(data):
        if op.name not in _PLAIN:
            raise ValueError(op.name)
        if op.name in _PUTS:  # MEMOIZE's slot is the next one
            strings[len(strings) if arg is None else arg] = last in _STRINGS
        elif op.name in _GETS and not strings.get(arg):
            raise ValueError(f"{op.name} {arg}")
        if op.name != "FRAME":
            last = op.name


class _PlainUnpickler(pickle.Unpickler):
    """Loads plain data only: should a class ever be named, it is refused, not imported."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} refused")


@functools.cache
def _global_data() -> _Tables:
    """babel's global.dat. It is babel's own install, not input: it is read as babel reads it,
    following links (Debian's python3-babel links it into /usr/share), but bounded, and only
    as plain data: a damaged or hostile file is an error, never code run."""
    path = _babel() / "global.dat"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb") as fh:
            regular = stat.S_ISREG(os.fstat(fd).st_mode)
            data = fh.read(_GLOBAL_LIMIT + 1) if regular else None
    except OSError as exc:
        raise InputError(f"{path}: cannot read babel's data: {exc.strerror}",
                         hint="reinstall babel") from None  # fmt: skip
    if data is None or len(data) > _GLOBAL_LIMIT:
        raise InputError(f"{path}: refused babel's data: not a regular file of at most "
                         f"{_GLOBAL_LIMIT >> 20} MiB", hint="reinstall babel")  # fmt: skip
    try:
        _check_plain(data)
        return _Tables.model_validate(_PlainUnpickler(io.BytesIO(data)).load())
    except Exception:  # whatever damaged bytes make a parser raise, pydantic's too
        raise InputError(f"{path}: babel's data file is damaged", hint="reinstall babel") from None

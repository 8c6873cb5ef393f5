"""Which locales a resume may name, decided from babel's data files without importing babel.

``validate`` must stay light, yet refuse every locale ``render`` would refuse; so both ask
``identifier``, and render hands babel only what it returned. Babel ships one data file per
locale it knows (``locale-data/de_CH.dat``) and a table of likely subtags (``global.dat``),
with which a tag such as zh-TW is found as zh_Hant_TW, as ``babel.Locale.parse`` finds it.
"""

from __future__ import annotations

import functools
import importlib.util
import pickle
import re
from pathlib import Path

from resumekit.errors import ResumekitError
from resumekit.files import read_confined

#: A language, then optionally a script and a region: en, de-CH, sr_Latn, zh-Hant-TW, es-419.
_TAG = re.compile(r"(?P<language>[a-z]{2,3})(_(?P<script>[a-z]{4}))?(_(?P<region>[a-z]{2}|\d{3}))?",
                  re.IGNORECASE)  # fmt: skip
_GLOBAL_LIMIT = 16 << 20  # global.dat is about 0.5 MiB


def identifier(tag: str) -> str:
    """babel's identifier for a language tag (en, de-CH, pt_BR, zh-TW -> zh_Hant_TW); an
    unknown or malformed tag is a ResumekitError."""
    found = _TAG.fullmatch(tag.replace("-", "_")) if len(tag) <= 20 else None
    if found:
        language = found["language"].lower()
        script = (found["script"] or "").title()
        region = (found["region"] or "").upper()
        exact = _join(language, script, region)
        guesses = [exact]
        if full := _likely().get(exact):  # zh_TW is zh_Hant_TW
            guesses += [full, _join(_parts(full)[0], "", _parts(full)[2])]
        if full := _likely().get(language):  # zh_CN is zh_Hans_CN
            guesses += [_join(*_parts(full)[:2], region), _join(_parts(full)[0], "", region)]
        match = next((g for g in guesses if g in _known()), None)
        if match:
            return match
    shown = f"'{tag}'" if tag.isprintable() and len(tag) <= 40 else repr(tag[:40])
    raise ResumekitError(
        f"unknown locale {shown}",
        hint="use a language tag such as en, de, fr, es, pt, it, nl, ta, zh, ja or ar",
    )


def _join(language: str, script: str, region: str) -> str:
    return "_".join(part for part in (language, script, region) if part)


def _parts(full: str) -> tuple[str, str, str]:
    """Language, script and region of a babel identifier such as zh_Hant_TW."""
    language, *rest = full.split("_")
    script = next((p for p in rest if len(p) == 4), "")
    return language, script, next((p for p in rest if len(p) in (2, 3)), "")


def _babel() -> Path:
    """babel's package folder, found without importing it."""
    spec = importlib.util.find_spec("babel")
    assert spec and spec.submodule_search_locations, "babel is a dependency"
    return Path(next(iter(spec.submodule_search_locations)))


@functools.cache
def _known() -> frozenset[str]:
    """Every locale babel has data for (what ``babel.localedata.exists`` looks up)."""
    return frozenset(p.stem for p in (_babel() / "locale-data").glob("*.dat"))


@functools.cache
def _likely() -> dict[str, str]:
    """babel's likely subtags: a language or language_region to its full identifier."""
    data = read_confined(_babel() / "global.dat", [_babel()], _GLOBAL_LIMIT)
    table = pickle.loads(data).get("likely_subtags", {})  # babel's own package data
    return dict(table)

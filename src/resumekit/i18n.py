"""Words a resume prints besides its own text: section titles and "Present", per locale.

Each locale's words are a data file, ``words/<language>.toml`` (or ``<language>_<REGION>``
for a regional variant): adding a language is adding a file with every key en.toml has.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from resumekit import locales

if TYPE_CHECKING:
    from babel import Locale

WORDS_FOLDER = Path(__file__).parent / "words"
#: A cover letter's words (salutation, closing, bookmarks), a file per locale likewise.
LETTER_WORDS = WORDS_FOLDER / "letter"
#: The site's words (its links, skip link and landmarks), a file per locale likewise.
SITE_WORDS = WORDS_FOLDER / "site"


@functools.cache
def table(tag: str) -> dict[str, str]:
    """The words of one locale file (``en``, ``de``, ``pt_BR``), empty when there is none."""
    return _read(WORDS_FOLDER, tag)


@functools.cache
def letter_table(tag: str) -> dict[str, str]:
    """A cover letter's words for one locale, as ``table``."""
    return _read(LETTER_WORDS, tag)


@functools.cache
def site_table(tag: str) -> dict[str, str]:
    """The site's words for one locale, as ``table``."""
    return _read(SITE_WORDS, tag)


def _read(folder: Path, tag: str) -> dict[str, str]:
    path = folder / f"{tag}.toml"
    if not tag.replace("_", "").isalnum() or not path.is_file():
        return {}
    with path.open("rb") as file:
        return {key: str(value) for key, value in tomllib.load(file).items()}


def languages() -> list[str]:
    """Every locale with a words file, ``en`` first."""
    tags = sorted(path.stem for path in WORDS_FOLDER.glob("*.toml"))
    return ["en", *(tag for tag in tags if tag != "en")]


def locale_for(tag: str | None) -> Locale:
    """The babel Locale for a tag such as en, de_DE or pt-BR; a clear error when unknown.
    ``locales.identifier`` decides, so that validate refuses exactly what this refuses."""
    from babel import Locale  # slow to import: not for validate, which asks languages()

    return Locale.parse(locales.identifier(tag or "en"))


def words(locale: Locale, lookup: Callable[[str], dict[str, str]] = table) -> dict[str, str]:
    """The word table for a locale (its region's file, else its language's), falling back to
    English for anything missing; a letter's words with ``lookup=letter_table``."""
    own = (lookup(str(locale)) or lookup(f"{locale.language}_{locale.script}")
           or lookup(locale.language))  # fmt: skip
    return {**lookup("en"), **own}

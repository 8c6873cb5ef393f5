"""Words a resume prints besides its own text: section titles and "Present", per locale."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from resumekit.errors import ResumekitError

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "present": "Present",
        "summary": "Summary",
        "work": "Work Experience",
        "volunteer": "Volunteering",
        "education": "Education",
        "awards": "Awards",
        "certificates": "Certificates",
        "publications": "Publications",
        "patents": "Patents",
        "skills": "Skills",
        "languages": "Languages",
        "interests": "Interests",
        "projects": "Projects",
        "references": "References",
        "contact": "Contact",
        "score": "GPA",
    },
}


def locale_for(tag: str | None) -> Locale:
    """The babel Locale for a tag such as en, de_DE or pt-BR; a clear error when unknown."""
    try:
        return Locale.parse((tag or "en").replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise ResumekitError(
            f"unknown locale '{tag}'",
            hint="use a language tag such as en, de, fr, es, pt, it, nl, ta, zh, ja or ar",
        ) from None


def words(locale: Locale) -> dict[str, str]:
    """The word table for a locale, falling back to English for anything missing."""
    table = WORDS.get(str(locale), WORDS.get(locale.language, {}))
    return {**WORDS["en"], **table}

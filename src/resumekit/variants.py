"""Tag-based selection: one resume.yaml, several tailored resumes.

An item (entry, highlight or free section) is kept when it has no tags, or has any of
the wanted tags; it is dropped when it has any excluded tag. No wanted tags keeps all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from resumekit.errors import ResumekitError
from resumekit.field_types import SECTION_NAMES
from resumekit.schema import Resume, highlight_tags
from resumekit.settings import Variant

#: Sections that are lists of entries (the summary is text; free sections are handled apart).
LIST_SECTIONS = tuple(n for n in SECTION_NAMES if n not in ("summary", "sections"))


@dataclass(frozen=True)
class Selection:
    """Which tags to keep and which to drop."""

    tags: frozenset[str] = frozenset()
    exclude: frozenset[str] = frozenset()

    @classmethod
    def of(cls, tags: Iterable[str] = (), exclude: Iterable[str] = ()) -> Selection:
        return cls(frozenset(tags), frozenset(exclude))

    def keeps(self, item_tags: Iterable[str]) -> bool:
        own = set(item_tags)
        if own & self.exclude:
            return False
        return not self.tags or not own or bool(own & self.tags)

    def __bool__(self) -> bool:
        return bool(self.tags or self.exclude)


def variant(resume: Resume, name: str) -> Variant:
    """The named variant from the resume's settings, or a clear error listing the names."""
    variants = resume.resumekit.variants
    if name not in variants:
        known = ", ".join(sorted(variants)) or "none are defined under resumekit.variants"
        shown = f"'{name}'" if name.isprintable() else repr(name)
        raise ResumekitError(f"unknown variant {shown}", hint=f"variants: {known}")
    return variants[name]


def known_tags(resume: Resume) -> set[str]:
    """Every tag written on an entry, a highlight or a free section of the resume."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            found.update(t for t in value.get("tags") or () if isinstance(t, str))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(resume.model_dump(include=set(LIST_SECTIONS) | {"sections"}))
    return found


def unmatched(resume: Resume, tags: Iterable[str]) -> list[str]:
    """Tags asked for that nothing in the resume carries: most likely a typo."""
    known = known_tags(resume)
    return [t for t in dict.fromkeys(tags) if t not in known]


def select(resume: Resume, selection: Selection) -> Resume:
    """A copy of ``resume`` holding only what ``selection`` keeps."""
    if not selection:
        return resume
    changes: dict[str, Any] = {
        key: _kept(getattr(resume, key), selection)
        for key in LIST_SECTIONS
        if key in resume.model_fields_set
    }
    if "sections" in resume.model_fields_set:
        changes["sections"] = [
            section.model_copy(
                update={
                    "entries": [
                        _entry(e, selection) for e in section.entries if selection.keeps(e.tags)
                    ]
                }
            )
            for section in resume.sections
            if selection.keeps(section.tags)
        ]
    selected = resume.model_copy(update=changes)
    selected._source = resume.source
    return selected


def _kept(entries: list[Any], selection: Selection) -> list[Any]:
    return [_entry(e, selection) for e in entries if selection.keeps(e.tags)]


def _entry(entry: BaseModel, selection: Selection) -> BaseModel:
    highlights = getattr(entry, "highlights", None)
    if not highlights:
        return entry
    kept = [h for h in highlights if selection.keeps(highlight_tags(h))]
    return entry.model_copy(update={"highlights": kept})

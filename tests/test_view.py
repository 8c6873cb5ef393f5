"""The view model covers every section of the schema."""

from __future__ import annotations

from resumekit import view
from resumekit.field_types import SECTION_NAMES
from resumekit.schema import Resume
from resumekit.variants import LIST_SECTIONS
from resumekit.view import _KINDS, DEFAULT_ORDER


def test_every_section_has_a_place_and_a_layout():
    assert set(DEFAULT_ORDER) == set(SECTION_NAMES)
    assert set(_KINDS) == set(LIST_SECTIONS)
    assert set(_KINDS.values()) == {"entries", "list", "keywords"}


def test_a_profile_shows_what_it_has_and_never_none():
    resume = Resume.model_validate(
        {"basics": {"name": "Eve", "profiles": [
            {"network": "GitHub", "url": ""}, {"username": "eve"}, {},
        ]}}
    )  # fmt: skip
    assert [c.label for c in view.build(resume).contacts] == ["GitHub", "eve"]

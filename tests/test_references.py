"""Each built-in theme's HTML, txt and md for a minimal and a full resume match the stored
reference outputs byte for byte (see reference_outputs.py; `make references` regenerates)."""

from __future__ import annotations

import difflib

import pytest

from reference_outputs import STORED, outputs


@pytest.fixture(scope="module")
def made() -> dict[str, bytes]:
    return outputs()


def test_every_reference_is_made_and_nothing_else(made):
    assert sorted(made) == sorted(p.name for p in STORED.iterdir())


@pytest.mark.parametrize("name", sorted(p.name for p in STORED.iterdir()))
def test_output_matches_its_reference(made, name):
    stored, fresh = (STORED / name).read_bytes(), made[name]
    if fresh != stored:
        diff = difflib.unified_diff(
            stored.decode().splitlines(), fresh.decode().splitlines(),
            f"tests/references/{name}", "rendered now", lineterm="", n=1,
        )  # fmt: skip
        shown = "\n".join(list(diff)[:60])
        pytest.fail(f"{name} differs from its reference (make references if meant):\n{shown}")

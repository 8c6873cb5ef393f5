"""Shared fixtures: paths to the project's files and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SEED = ROOT / "resume.yaml"


def copy_seed(folder: Path) -> Path:
    """The project's resume and the about page it names, copied into ``folder``."""
    import shutil

    shutil.copy(SEED, folder / "resume.yaml")
    shutil.copy(ROOT / "about.md", folder / "about.md")
    return folder / "resume.yaml"


def in_order(text: str, *parts: str) -> None:
    """Assert that each of ``parts`` is in ``text``, each after the one before."""
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} not found after {text[position:][:80]!r}"
        position = found + len(part)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def write(tmp_path: Path):
    """Write text to a file in tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def watcher(tmp_path):
    """A running `resumekit watch` of a copy of the seed resume (see test_watch.Watcher)."""
    from test_watch import Watcher

    copy_seed(tmp_path)
    running = Watcher(tmp_path)
    yield running
    running.stop()

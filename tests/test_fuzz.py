"""Property-based: resumes generated from the JSON Schema, valid and mutated.

Valid ones must load and render; mutated ones must load or fail with diagnostics that
point into the file. Nothing else may escape. `make fuzz` runs many more examples.
"""

from __future__ import annotations

import copy
import math
import os
from datetime import timedelta

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from ruamel.yaml import YAML

import resumekit
from conftest import DATA, SEED
from resumekit import html, themes
from resumekit.errors import InvalidResume, ResumekitError, ThemeError
from resumekit.loader import read
from resumekit.schema import json_schema

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                           HealthCheck.data_too_large],
)  # fmt: skip


def dump(data, path):
    with path.open("w", encoding="utf-8") as fh:
        YAML().dump(data, fh)
    return path


@FUZZ
@given(document=from_schema(json_schema()))
def test_generated_resumes_load_and_render(document, tmp_path_factory):
    folder = tmp_path_factory.mktemp("gen")
    path = dump(document, folder / "resume.yaml")
    try:
        resume = resumekit.load(path)
    except InvalidResume as exc:  # the schema cannot say everything (e.g. 2023-02-30)
        assert exc.diagnostics and all(d.file == str(path) for d in exc.diagnostics)
        return
    try:
        resumekit.render(resume, formats=["html", "txt", "md", "json"], output=folder / "out")
    except ResumekitError as exc:  # an unknown theme, locale or option: a message, not a crash
        assert exc.message


SEED_DATA = read(SEED).data
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def places(node, path=()):
    """Every path into a document."""
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from places(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from places(value, (*path, i))


PLACES = [p for p in places(SEED_DATA) if p]


def mutate(document, data, junk, where_from, most):
    """Up to ``most`` replacements, deletions and additions at places drawn from ``where_from``."""
    for _ in range(data.draw(st.integers(1, most))):
        where = data.draw(st.sampled_from(where_from))
        parent = document
        try:
            for part in where[:-1]:
                parent = parent[part]
            action = data.draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "replace":
                parent[where[-1]] = data.draw(junk)
            elif action == "delete" and isinstance(parent, dict):
                parent.pop(where[-1], None)
            elif isinstance(parent, dict):
                parent[data.draw(st.text(min_size=1, max_size=8))] = data.draw(junk)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this place
    return document


@FUZZ
@given(data=st.data())
def test_mutated_resumes_fail_cleanly(data, tmp_path_factory):
    document = mutate(copy.deepcopy(SEED_DATA), data, JUNK, PLACES, 4)
    path = dump(document, tmp_path_factory.mktemp("mut") / "resume.yaml")
    try:
        resumekit.load(path)
    except InvalidResume as exc:
        assert exc.diagnostics
        assert all(d.line is not None for d in exc.diagnostics), [str(d) for d in exc.diagnostics]


@settings(FUZZ, max_examples=max(3, EXAMPLES // 10))
@given(document=from_schema(json_schema()))
def test_generated_resumes_make_pdfs(document, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    try:
        resume = resumekit.load(dump(document, folder / "resume.yaml"))
        result = resumekit.render(resume, formats=["pdf"], output=folder / "out")
    except ResumekitError as exc:
        assert exc.message
        return
    assert result.outputs["pdf"].read_bytes().startswith(b"%PDF-")


# theme.toml: a valid child theme, mutated; every outcome is a theme or a ThemeError.
THEME = {
    "name": "fuzzed",
    "description": "A child of compact",
    "extends": "compact",
    "options": {
        "accent": {"type": "color", "default": "#123456"},
        "font_size": {"type": "number", "default": 10, "min": 8, "max": 12},
        "flavour": {"type": "choice", "choices": ["plain", "bold"], "default": "plain"},
        "rules": {"type": "boolean", "default": True},
    },
}
TOML_JUNK = st.one_of(
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(),
    st.text(max_size=30),
    st.lists(st.one_of(st.text(max_size=8), st.integers()), max_size=4),
    st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=8), max_size=3),
)
THEME_PLACES = [p for p in places(THEME) if p]
BOUNDED = settings(FUZZ, deadline=timedelta(seconds=20))  # a theme loads in milliseconds


@BOUNDED
@given(data=st.data())
def test_mutated_theme_toml_loads_or_fails_with_its_position(data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("theme")
    toml = folder / "theme.toml"
    toml.write_text(tomli_w.dumps(mutate(copy.deepcopy(THEME), data, TOML_JUNK, THEME_PLACES, 3)))
    try:
        theme = themes.find(str(folder))
    except ThemeError as exc:
        assert str(toml) in exc.message or any(
            d.file == str(toml) for d in getattr(exc, "diagnostics", ())
        ), exc.message
        return
    values = theme.resolve_options()  # every default a theme declares is a usable value
    resume = resumekit.load(DATA / "minimal.yaml")
    result = resumekit.render(resume, theme=str(folder), formats=["html"], output=folder / "o")
    assert f"--font-size: {float(values['font_size']):.2f}pt" in result.outputs["html"].read_text()


SET_VALUES = st.one_of(
    st.text(max_size=40),
    st.floats().map(repr),
    st.integers(-(10**400), 10**400).map(str),
    st.sampled_from(["nan", "inf", "-inf", "1e400", "0x10", "1_0", " 9 ", "#abc", "navy", "a4"]),
)


@settings(BOUNDED, max_examples=EXAMPLES * 8)
@given(name=st.sampled_from(["accent", "font", "page_size", "font_size", "density"]),
       value=SET_VALUES)  # fmt: skip
def test_set_values_are_usable_or_refused(name, value):
    compact = themes.find("compact")
    try:
        values = compact.resolve_options(("--set", {name: value}))
    except ThemeError as exc:
        assert exc.message.startswith(f"--set: theme option '{name}' must be"), exc.message
        return
    option = compact.options[name]
    chosen = values[name]
    if option.type == "number":
        assert math.isfinite(chosen) and option.min <= chosen <= option.max
    elif option.type == "choice":
        assert chosen in option.choices
    css = html.option_css(values)
    assert "nan" not in css.lower() and "inf" not in css.lower()

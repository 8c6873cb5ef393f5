"""JSON Resume interop: import, export, the official schema, and a lossless round trip."""

from __future__ import annotations

import json

import jsonschema
import pytest

import resumekit
from conftest import DATA, SEED
from resumekit.cli import app
from resumekit.outputs.jsonresume import export

OFFICIAL = json.loads((DATA / "jsonresume" / "schema.json").read_text())
SAMPLES = [*sorted((DATA / "jsonresume").glob("*.resume.json")), DATA / "jsonresume.json"]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_import_then_export_keeps_every_field(sample, runner, tmp_path):
    original = json.loads(sample.read_text())
    yaml_path = tmp_path / "resume.yaml"
    result = runner.invoke(app, ["import", str(sample), "-o", str(yaml_path)])
    assert result.exit_code == 0, result.output
    assert yaml_path.read_text().startswith("# yaml-language-server: $schema=")
    assert resumekit.load(yaml_path)  # valid resumekit YAML
    exported = runner.invoke(app, ["export", str(yaml_path)])
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.stdout) == original


def test_export_of_the_seed_validates_against_the_official_schema():
    document = export(resumekit.load(SEED))
    jsonschema.validate(document, OFFICIAL)
    assert "resumekit" not in document
    # tagged highlights become plain strings; tags are left out
    assert all(isinstance(h, str) for job in document["work"] for h in job["highlights"])
    assert not any("tags" in job for job in document["work"])
    assert len(document["patents"]) == 3  # extensions travel as extra top-level keys


def test_export_of_every_section_validates(tmp_path):
    jsonschema.validate(export(resumekit.load(DATA / "full.yaml")), OFFICIAL)


def test_render_format_json_writes_the_export(tmp_path):
    result = resumekit.render(resumekit.load(SEED), formats=["json"], output=tmp_path)
    assert result.outputs["json"] == tmp_path / "resume.json"
    jsonschema.validate(json.loads(result.outputs["json"].read_text()), OFFICIAL)


def test_import_notes_the_fields_it_keeps_for_export(runner, write, tmp_path):
    source = write(
        "resume.json",
        '{\n  "basics": {"name": "Ada", "nickname": "A"},\n'
        '  "work": [{"name": "Acme", "isCurrent": true}]\n}\n',
    )
    target = tmp_path / "out.yaml"
    result = runner.invoke(app, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 0
    kept = "not used by resumekit; kept for JSON Resume export"
    assert f"note: {source}:2:29: basics.nickname: {kept}" in result.stderr
    assert f"note: {source}:3:29: work[0].isCurrent: {kept}" in result.stderr
    assert "x-jsonresume:\n    nickname: A\n" in target.read_text()


def test_import_refuses_to_overwrite(runner, tmp_path):
    target = tmp_path / "resume.yaml"
    target.write_text("mine")
    result = runner.invoke(app, ["import", str(DATA / "jsonresume.json"), "-o", str(target)])
    assert result.exit_code == 2 and "exists" in result.stderr and "--force" in result.stderr
    assert target.read_text() == "mine"


def test_import_of_a_document_with_a_bad_value_names_it_and_goes_on(runner, write, tmp_path):
    """import never fails on a document it can parse: what it cannot keep is a note with its
    place and a comment in the YAML (issue 17)."""
    source = write("resume.json", '{"basics": {"name": "Ada"}, "work": [{"startDate": "soon"}]}')
    target = tmp_path / "r.yaml"
    result = runner.invoke(app, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert f"{source}:1:52: work[0].startDate: expected a date like 2023-10" in result.stderr
    assert "x-jsonresume:\n    startDate: soon" in target.read_text()  # exported back
    assert runner.invoke(app, ["validate", str(target)]).exit_code == 0

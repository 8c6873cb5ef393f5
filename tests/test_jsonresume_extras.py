"""Fields JSON Resume allows and resumekit does not use: kept, noted and exported back.

A `.json` resume (and any document `import` reads) is JSON Resume, whose schema lets every
object hold fields it does not name; resumekit's own YAML stays strict and keeps such
fields under `x-jsonresume`.
"""

from __future__ import annotations

import json

import jsonschema
import pytest

import resumekit
from conftest import DATA
from resumekit.cli import app

OFFICIAL = json.loads((DATA / "jsonresume" / "schema.json").read_text())
SAMPLES = [*sorted((DATA / "jsonresume").glob("*.resume.json")), DATA / "jsonresume.json"]
KEPT = "not used by resumekit; kept for JSON Resume export"

DOCUMENT = """\
{
  "basics": {"name": "Ada", "nickname": " A ",
    "location": {"city": "London", "planet": "Earth"},
    "profiles": [{"network": "GitHub", "x-custom": {"text": "t", "tags": [1]}}]},
  "work": [{"name": "Acme", "isCurrent": true, "x-jsonresume": {"q": null}}],
  "meta": {"canonical": "https://example.com/resume.json", "theme": "elegant"},
  "x-top": [1, 2.5, "three"]
}
"""
NOTES = [
    f"note: resume.json:2:29: basics.nickname: {KEPT}",
    f"note: resume.json:3:36: basics.location.planet: {KEPT}",
    f"note: resume.json:4:40: basics.profiles[0].x-custom: {KEPT}",
    f"note: resume.json:5:29: work[0].isCurrent: {KEPT}",
    f"note: resume.json:5:48: work[0].x-jsonresume: {KEPT}",
    f"note: resume.json:6:60: meta.theme: {KEPT}",
    f"note: resume.json:7:3: x-top: {KEPT}",
]


def notes(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("note:")]


def test_a_json_resume_document_validates_and_notes_each_field_it_keeps(runner, write, monkeypatch):
    monkeypatch.chdir(write("resume.json", DOCUMENT).parent)
    result = runner.invoke(app, ["validate", "resume.json"])
    assert (result.exit_code, result.stdout) == (0, "OK resume.json\n")
    assert notes(result) == NOTES


def test_render_of_a_json_resume_document_notes_the_same_fields(runner, write, monkeypatch):
    monkeypatch.chdir(write("resume.json", DOCUMENT).parent)
    result = runner.invoke(app, ["render", "resume.json", "-f", "txt"])
    assert result.exit_code == 0, result.output
    assert notes(result) == NOTES


def test_import_keeps_the_fields_under_x_jsonresume_and_export_gives_them_back(
    runner, write, monkeypatch
):
    folder = write("resume.json", DOCUMENT).parent
    monkeypatch.chdir(folder)
    imported = runner.invoke(app, ["import", "resume.json", "-o", "resume.yaml"])
    assert imported.exit_code == 0 and notes(imported) == NOTES
    text = (folder / "resume.yaml").read_text()
    assert "  x-jsonresume:\n    nickname: ' A '\n" in text
    assert "x-jsonresume:\n  x-top:\n" in text
    checked = runner.invoke(app, ["validate", "resume.yaml"])
    assert (checked.exit_code, notes(checked)) == (0, [])  # written where YAML allows them
    exported = runner.invoke(app, ["export", "resume.yaml"])
    assert exported.exit_code == 0
    assert json.loads(exported.stdout) == json.loads(DOCUMENT)


def _with_a_field_in_every_object(node, found):
    """``node`` with an unknown field added to each object (every object of a JSON Resume
    document is one JSON Resume defines)."""
    if isinstance(node, dict):
        found.append(1)
        return {**{k: _with_a_field_in_every_object(v, found) for k, v in node.items()},
                "x-probe": {"n": len(found), "s": " kept as written "}}  # fmt: skip
    if isinstance(node, list):
        return [_with_a_field_in_every_object(v, found) for v in node]
    return node


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_unknown_fields_in_every_object_survive_import_and_export(sample, runner, tmp_path):
    original = json.loads(sample.read_text())
    original.pop("$schema", None)
    found: list[int] = []
    document = _with_a_field_in_every_object(original, found)
    source = tmp_path / "in.json"
    source.write_text(json.dumps(document, indent=2))
    checked = runner.invoke(app, ["validate", str(source)])
    assert checked.exit_code == 0 and len(notes(checked)) == len(found)
    imported = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "r.yaml")])
    assert imported.exit_code == 0, imported.output
    exported = runner.invoke(app, ["export", str(tmp_path / "r.yaml")])
    assert json.loads(exported.stdout) == document
    jsonschema.validate(json.loads(exported.stdout), OFFICIAL)
    direct = runner.invoke(app, ["export", str(source)])  # the .json file itself
    assert json.loads(direct.stdout) == document


def test_render_json_writes_the_kept_fields_back(write, tmp_path):
    resume = resumekit.load(write("resume.json", DOCUMENT))
    result = resumekit.render(resume, formats=["json"], output=tmp_path / "out")
    assert json.loads(result.outputs["json"].read_text()) == json.loads(DOCUMENT)


def test_in_resumekit_yaml_an_unknown_field_stays_an_error(runner, write):
    path = write("resume.yaml", "basics:\n  name: Ada\n  nickname: A\nwork:\n  - isCurrent: true\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"error: {path}:3:3: basics.nickname: unknown field 'nickname'; did you mean 'name'?",
        f"error: {path}:5:5: work[0].isCurrent: unknown field 'isCurrent'; expected one of: "
        "description, endDate, highlights, location, name, position, startDate, summary, tags, "
        "url, x-jsonresume",
    ]


def test_in_a_json_file_resumekits_own_objects_stay_strict(runner, write):
    path = write(
        "resume.json",
        '{"basics": {"name": "Ada"},\n'
        ' "patents": [{"title": "T", "granted": true}],\n'
        ' "work": [{"highlights": [{"text": "x", "weight": 2}]}],\n'
        ' "resumekit": {"them": "classic"}}\n',
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:3] == [
        f"error: {path}:2:29: patents[0].granted: unknown field 'granted'; expected one of: "
        "date, number, office, status, summary, tags, title, url",
        f"error: {path}:3:41: work[0].highlights[0].weight: unknown field 'weight'; expected "
        "one of: tags, text",
        f"error: {path}:4:16: resumekit.them: unknown field 'them'; did you mean 'theme'?",
    ]


def test_a_kept_field_may_not_shadow_a_field_resumekit_reads(runner, write):
    path = write("resume.yaml", "basics:\n  name: Ada\n  x-jsonresume: {name: Bea}\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"error: {path}:3:24: basics.x-jsonresume.name: 'name' is written beside x-jsonresume: "
        "it may not be in it too"
    )


def test_a_field_resumekit_could_not_read_is_kept_for_export(runner, write):
    """import keeps a value resumekit cannot use (a date it cannot read) under x-jsonresume,
    when the field is not also written beside it: export gives it back."""
    path = write("resume.yaml", "basics: {name: Ada}\nwork:\n  - name: Acme\n"
                                "    x-jsonresume: {startDate: soon}\n")  # fmt: skip
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 0
    exported = json.loads(runner.invoke(app, ["export", str(path)]).stdout)
    assert exported["work"] == [{"name": "Acme", "startDate": "soon"}]


def test_a_kept_value_must_be_json(runner, write):
    path = write("resume.yaml", "basics:\n  name: Ada\n  x-jsonresume: [1]\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:3:17: basics.x-jsonresume: input should be a valid dictionary" in (
        result.stderr
    )


def test_a_json_resume_document_written_as_yaml_imports_the_same_way(runner, write, tmp_path):
    source = write("jsonresume.yaml", "basics:\n  name: Ada\n  nickname: A\n")
    target = tmp_path / "resume.yaml"
    result = runner.invoke(app, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 0
    assert notes(result) == [f"note: {source}:3:3: basics.nickname: {KEPT}"]
    assert "basics:\n  name: Ada\n  x-jsonresume:\n    nickname: A\n" in target.read_text()

"""`resumekit validate` and `resumekit schema` through the CLI, as the pre-commit hook runs them."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import DATA, ROOT, SEED
from resumekit.cli import app


def test_valid_files_say_ok(runner):
    result = runner.invoke(app, ["validate", str(SEED), str(DATA / "jsonresume.json")])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"OK {SEED} (and its about page about.md)",
        f"OK {DATA / 'jsonresume.json'}",
    ]


def test_invalid_file_exits_1_with_every_diagnostic(runner, write):
    bad = write("resume.yaml", "basics:\n  name: Ada\n  emial: a@b.c\nwork:\n  - startDate: May\n")
    result = runner.invoke(app, ["validate", str(SEED), str(bad)])
    assert result.exit_code == 1
    assert f"OK {SEED}" in result.stdout
    assert f"error: {bad}:3:3: basics.emial: unknown field 'emial'; did you mean 'email'?" in (
        result.stderr
    )
    assert f"error: {bad}:5:16: work[0].startDate: expected a date like 2023-10" in result.stderr
    assert "hint: 2 problems found" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreadable_file_exits_2(runner, tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    assert "missing.yaml: cannot read: No such file or directory" in result.stderr


def test_defaults_to_resume_yaml_in_current_folder(runner, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0
    assert result.stdout.strip() == "OK resume.yaml (and its about page about.md)"


def test_validate_never_imports_weasyprint():
    """Nor what only render needs; markdown-it is loaded only for a field with many marks."""
    code = (
        "import sys; from resumekit.cli import app\n"
        "try: app(['validate', sys.argv[1]])\n"
        "except SystemExit as e: assert e.code == 0, e.code\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in\n"
        "         ('weasyprint', 'jinja2', 'babel', 'fontTools', 'markdown_it', 'uharfbuzz')]\n"
        "print(heavy)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_schema_command_prints_the_checked_in_schema(runner):
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    checked_in = (ROOT / "schema" / "resume.schema.json").read_text()
    assert result.stdout == checked_in, "schema/resume.schema.json is stale: run `make schema`"


def test_every_schema_property_has_a_description(runner):
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    missing = []

    def walk(node, where):
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if "description" not in prop:
                    missing.append(f"{where}.{name}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    walk(schema, "#")
    assert missing == []
    assert schema["properties"]["work"]["description"] == "Jobs, most recent first."


def test_seed_modeline_points_at_the_schema():
    first = SEED.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=./schema/resume.schema.json"


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("resumekit ")

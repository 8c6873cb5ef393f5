"""Dropping resumekit into other people's repos: the action, the workflow, the hook, the wheel."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pypdf
import pytest
from ruamel.yaml import YAML

from conftest import ROOT, copy_seed

BIN = Path(sys.executable).parent
ACTIONLINT = shutil.which("actionlint", path=str(BIN)) or shutil.which("actionlint")


def run(args, cwd, env=None, timeout=900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def git_repo(folder: Path) -> dict[str, str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}  # fmt: skip
    run(["git", "init", "-q"], folder, env)
    return env


def snippet(doc: str, language: str = "yaml", after: str = "") -> str:
    """The first fenced block of ``language`` in a docs page (after the heading ``after``)."""
    text = (ROOT / "docs" / doc).read_text()
    text = text.split(f"\n{after}\n", 1)[1] if after else text
    return re.search(rf"```{language}\n(.*?)```", text, re.S).group(1)


@pytest.mark.skipif(
    ACTIONLINT is None, reason="actionlint is not installed (it is a dev dependency)"
)
def test_actionlint_accepts_the_workflows(tmp_path):
    done = run([ACTIONLINT, *map(str, (ROOT / ".github" / "workflows").glob("*.yml"))], ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(
    ACTIONLINT is None, reason="actionlint is not installed (it is a dev dependency)"
)
def test_actionlint_accepts_the_documented_workflow_snippet(tmp_path):
    done = lint(tmp_path, snippet("ci.md"))
    assert done.returncode == 0, done.stdout + done.stderr


def lint(folder: Path, workflow: str) -> subprocess.CompletedProcess[str]:
    """actionlint run on ``workflow`` as the one workflow of a repository in ``folder``."""
    git_repo(folder)
    workflows = folder / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "workflow.yml").write_text(workflow)
    return run([ACTIONLINT], folder)


@pytest.mark.skipif(
    ACTIONLINT is None, reason="actionlint is not installed (it is a dev dependency)"
)
def test_actionlint_accepts_the_documented_pages_workflow(tmp_path):
    pages = snippet("ci.md", after="## Publishing the site on GitHub Pages")
    assert "actions/upload-pages-artifact@" in pages and "actions/deploy-pages@" in pages
    done = lint(tmp_path, pages)
    assert done.returncode == 0, done.stdout + done.stderr
    own = (ROOT / ".github" / "workflows" / "site.yml").read_text().splitlines(keepends=True)
    own_text = "".join(line for line in own if not line.startswith("#"))
    assert pages.replace("OWNER/resumekit@v0.1.0", "./") == own_text  # the one this repo runs


def action_steps() -> list[dict]:
    return YAML(typ="safe", pure=True).load((ROOT / "action.yml").read_text())["runs"]["steps"]


def test_action_and_make_render_run_the_same_script():
    rendering = [s for s in action_steps() if "render-resume" in s.get("run", "")]
    assert len(rendering) == 1
    assert rendering[0]["run"] == '"$ACTION_PATH/scripts/render-resume"'
    assert set(rendering[0]["env"]) >= {"RESUME", "THEME", "FORMATS", "OUTPUT"}
    make = run(["make", "-n", "--no-print-directory", "render"], ROOT)
    assert make.returncode == 0
    assert any(line.endswith("scripts/render-resume") for line in make.stdout.splitlines())
    script = (ROOT / "scripts" / "render-resume").read_text()
    assert '"$resumekit" validate "$resume"' in script
    assert 'render "$resume" --format "$formats" --output "$output"' in script


def test_action_inputs_reach_the_script_only_through_the_environment():
    for step in action_steps():
        assert "${{" not in step.get("run", ""), step  # no script injection through inputs
    uses = [s["uses"] for s in action_steps() if "uses" in s]
    assert any(u.startswith("actions/upload-artifact@") for u in uses)


def test_render_script_as_the_action_runs_it(tmp_path):
    copy_seed(tmp_path)
    outputs = tmp_path / "github_output"
    env = {
        **os.environ,
        "RESUME": "resume.yaml",
        "THEME": "modern",
        "FORMATS": "pdf,html",
        "OUTPUT": "site",
        "SITE": "public",
        "GITHUB_OUTPUT": str(outputs),
        "RESUMEKIT": str(BIN / "resumekit"),
    }
    done = run([str(ROOT / "scripts" / "render-resume")], tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "OK resume.yaml (and its about page about.md)"
    assert outputs.read_text() == "pdf=site/resume.pdf\nhtml=site/resume.html\nsite=public\n"
    assert (tmp_path / "site" / "resume.pdf").read_bytes().startswith(b"%PDF")
    index = (tmp_path / "public" / "index.html").read_text()
    assert "Fira Sans" in index and "About me" in index  # the about page, in modern's font


LETTER = "---\nto: Dr. Raman\ncompany: Acme\nresume: ../resume.yaml\nvariant: {}\n---\nHello.\n"


def with_letters(
    tmp_path: Path, letters: dict[str, str], listed: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """The render script run as the action runs it on the seed and ``letters`` (each
    letters/NAME.md going with a variant), LETTERS being ``listed``."""
    copy_seed(tmp_path)
    (tmp_path / "letters").mkdir()
    for name, variant in letters.items():
        (tmp_path / "letters" / f"{name}.md").write_text(LETTER.format(variant))
    env = {**os.environ, "RESUMEKIT": str(BIN / "resumekit"), "LETTERS": listed, **env}
    return run([str(ROOT / "scripts" / "render-resume")], tmp_path, env)


def test_render_script_renders_the_letters_it_is_given_before_their_resumes(tmp_path):
    done = with_letters(tmp_path, {"acme": "ml-inference", "globex": "search-ecommerce"},
                        "letters/acme.md\n  letters/globex.md", FORMATS="pdf")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:3] == ["OK resume.yaml (and its about page about.md)",
                                            "OK letters/acme.md",
                                            "OK letters/globex.md"]  # fmt: skip
    for name in ("acme", "globex"):
        pages = pypdf.PdfReader(tmp_path / "out" / f"{name}.pdf").pages
        assert "Dear Dr. Raman," in pages[0].extract_text() and len(pages) == 3


def test_render_script_stops_on_a_bad_letter_before_rendering(tmp_path):
    done = with_letters(tmp_path, {"acme": "nope"}, "letters/acme.md")
    assert done.returncode == 1
    assert "letters/acme.md:5:10: variant: the resume ../resume.yaml has no variant" in done.stderr
    assert not (tmp_path / "out").exists()


def test_render_script_refuses_a_letter_that_would_replace_the_resumes_pdf(tmp_path):
    done = with_letters(tmp_path, {"resume": "ml-inference"}, "letters/resume.md")
    assert done.returncode == 2
    assert done.stderr == (
        "error: the letter letters/resume.md would write out/resume.pdf over another file's; "
        "rename it\n"
    )
    assert not (tmp_path / "out").exists()


def test_render_script_stops_on_an_invalid_resume(tmp_path):
    (tmp_path / "resume.yaml").write_text("basics: {name: Ada}\nwork: [{startDate: soon}]\n")
    env = {**os.environ, "RESUMEKIT": str(BIN / "resumekit")}
    done = run([str(ROOT / "scripts" / "render-resume")], tmp_path, env)
    assert done.returncode == 1
    assert "resume.yaml:2:20: work[0].startDate" in done.stderr
    assert not (tmp_path / "out").exists()


def test_schema_reference_is_current():
    from resumekit.schema_doc import markdown

    assert (ROOT / "docs" / "schema.md").read_text() == markdown(), "run `make schema`"


def test_hook_rejects_a_bad_resume_at_commit_time(tmp_path):
    """Follow docs/pre-commit.md in a scratch repo, pointing `repo:` at this checkout."""
    head = run(["git", "rev-parse", "HEAD"], ROOT).stdout.strip()
    env = git_repo(tmp_path)
    env["PRE_COMMIT_HOME"] = str(tmp_path / ".cache")
    config = snippet("pre-commit.md").replace("https://github.com/OWNER/resumekit", str(ROOT))
    (tmp_path / ".pre-commit-config.yaml").write_text(config.replace("v0.1.0", head))
    pre_commit = [sys.executable, "-m", "pre_commit"]
    assert run([*pre_commit, "install"], tmp_path, env).returncode == 0
    (tmp_path / "resume.yaml").write_text("basics:\n  name: Ada\nwork:\n  - startDate: Oct 2023\n")
    run(["git", "add", "."], tmp_path, env)
    env["PATH"] = f"{BIN}{os.pathsep}{env['PATH']}"  # the git hook finds pre-commit here
    rejected = run(["git", "commit", "-q", "-m", "bad"], tmp_path, env)
    assert rejected.returncode == 1, rejected.stdout + rejected.stderr
    assert "resume.yaml:4:16: work[0].startDate: expected a date like 2023-10" in (
        rejected.stdout + rejected.stderr
    )
    (tmp_path / "resume.yaml").write_text("basics:\n  name: Ada\nwork:\n  - startDate: 2023-10\n")
    run(["git", "add", "."], tmp_path, env)
    accepted = run(["git", "commit", "-q", "-m", "good"], tmp_path, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_wheel_installs_and_renders_outside_the_repo(tmp_path):
    dist = tmp_path / "dist"
    built = run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)], ROOT)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    wheel = next(dist.glob("resumekit-*.whl"))
    listing = run([sys.executable, "-m", "zipfile", "-l", str(wheel)], tmp_path).stdout
    for name in ("compact", "classic", "modern"):
        assert f"resumekit/themes/{name}/theme.toml" in listing
    assert "resumekit/starter.yaml" in listing

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    installed = run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], tmp_path)
    assert installed.returncode == 0, installed.stderr[-3000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    copy_seed(work)
    resumekit = str(env_dir / "bin" / "resumekit")
    assert run([resumekit, "--version"], work).stdout.strip() == "resumekit 0.1.0"
    themes = run([resumekit, "themes"], work).stdout
    assert all(f"{name}" in themes for name in ("compact", "classic", "modern"))
    assert "built-in" in themes and "project" not in themes
    rendered = run([resumekit, "render", "--theme", "classic"], work)
    assert rendered.returncode == 0, rendered.stderr
    assert (work / "out" / "resume.pdf").read_bytes().startswith(b"%PDF")

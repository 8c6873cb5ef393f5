"""The pre-commit hook, run for real with the pre-commit package on a scratch repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_seed

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A git repository holding one good and one bad resume, and a shared pre-commit cache."""
    repo = tmp_path_factory.mktemp("scratch")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home"))}
    env.update(
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@t",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@t",
    )
    run(["git", "init", "-q"], repo, env)
    copy_seed(repo)
    (repo / "resume-bad.yaml").write_text("basics:\n  name: Ada\nwork:\n  - startDate: Oct 2023\n")
    (repo / "notes.yaml").write_text("not: [a resume\n")
    (repo / "README.md").write_text("# not a letter: the hook leaves it alone\n")
    (repo / "letters").mkdir()
    (repo / "letters" / "README.md").write_text("# Letters\nOne file a company.\n")
    front = "---\nto: Dr. Raman\ncompany: Acme\nresume: ../resume.yaml\n"
    (repo / "letters" / "acme.md").write_text(front + "variant: ml-inference\n---\nHello.\n")
    (repo / "letters" / "typo.md").write_text(front + "variant: ml-inferense\n---\nHello.\n")
    shutil.copy(ROOT / "schema" / "resume.schema.json", repo / "resume.schema.json")
    (repo / "site").mkdir()  # a second resume whose about page has a link to nowhere
    copy_seed(repo / "site")
    with (repo / "site" / "about.md").open("a") as about:
        about.write("\nMore in [my notes](notes.html).\n")
    run(["git", "add", "."], repo, env)
    return repo, env


def try_repo(scratch, *files: str) -> subprocess.CompletedProcess[str]:
    repo, env = scratch
    args = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "resumekit-validate"]
    return run([*args, "--files", *files], repo, env)


def test_hook_passes_a_good_resume(scratch):
    done = try_repo(scratch, "resume.yaml", "notes.yaml", "resume.schema.json")
    assert done.returncode == 0, done.stdout + done.stderr  # the schema `init` writes is no resume
    assert "resumekit validate" in done.stdout and "Passed" in done.stdout


def test_hook_rejects_a_bad_resume_with_its_position(scratch):
    done = try_repo(scratch, "resume.yaml", "resume-bad.yaml")
    assert done.returncode == 1
    assert "Failed" in done.stdout
    assert "resume-bad.yaml:4:16: work[0].startDate: expected a date like 2023-10" in done.stdout


def test_hook_checks_cover_letters_under_letters_and_nothing_else_in_markdown(scratch):
    good = try_repo(scratch, "resume.yaml", "README.md", "letters/acme.md", "letters/README.md")
    assert good.returncode == 0, good.stdout + good.stderr
    bad = try_repo(scratch, "letters/typo.md", "README.md")
    assert bad.returncode == 1
    assert (
        "letters/typo.md:5:10: variant: the resume ../resume.yaml has no variant "
        "'ml-inferense'; did you mean 'ml-inference'?"
    ) in bad.stdout
    assert "README.md" not in bad.stdout


def test_hook_checks_the_about_page_with_the_resume_that_names_it(scratch):
    good = try_repo(scratch, "about.md")
    assert good.returncode == 0, good.stdout + good.stderr
    bad = try_repo(scratch, "site/about.md")
    assert bad.returncode == 1
    assert "site/about.md:19:20: a link to 'notes.html' goes nowhere on the site" in bad.stdout

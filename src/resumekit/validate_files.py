"""What ``resumekit validate`` does with each file: check it as render (letter, site) would
and print what it found. The commit hook's gate, kept light: for a resume or an about page
it loads no part of the render stack (WeasyPrint, Jinja, babel; a letter's check renders its
text), nor typer: ``command`` runs it without the command line's parser when it is given
files alone (``resumekit validate a.yaml b.md``)."""

from __future__ import annotations

from pathlib import Path

from resumekit.console import ok, print_error, say
from resumekit.errors import Diagnostic, InvalidResume, ResumekitError


def validate_files(paths: list[Path]) -> int:
    """Check each file (resume.yaml if none), printing every problem; the exit code: 0 all
    valid (even with warnings), 1 a file is invalid, 2 a file cannot be read."""
    return max((_validate(path) for path in paths or [Path("resume.yaml")]), default=0)


def _validate(path: Path) -> int:
    """Check one file and print what was found; its exit code."""
    from resumekit.checks import check
    from resumekit.loader import read, settings_only, validate

    if path.suffix.lower() in LETTER_SUFFIXES:
        return _validate_markdown(path)
    try:
        source = read(path)
        try:
            resume = validate(source)
        except InvalidResume as exc:  # the settings' own checks too, so all come at once
            partial = settings_only(source)
            extra = check(partial, warnings=False).errors if partial else []
            raise InvalidResume(sorted(exc.every + extra, key=Diagnostic.position)) from None
        for note in resume.notes:  # JSON Resume fields kept for export
            say("note", str(note))
        found = check(resume)
        for warning in found.warnings:
            say("warning", str(warning))
        if found.errors:
            raise InvalidResume(found.errors)
    except ResumekitError as exc:
        print_error(exc)
        return exc.exit_code
    about = resume.resumekit.site.about
    ok(f"{path} (and its about page {about})" if about else str(path))
    return 0


#: Files validate reads as cover letters (``resumekit letter``) or about pages, not as resumes.
LETTER_SUFFIXES = (".md", ".markdown")


def _validate_markdown(path: Path) -> int:
    """A Markdown file: a site's about page when a resume names it (checked by validating
    that resume), else a cover letter when it opens with front matter or is in letters/,
    else nothing resumekit reads (a note, not a failure: the hook sees every about.md)."""
    from resumekit import about
    from resumekit.letters import LETTERS_FOLDER
    from resumekit.loader import read_bytes

    owners = about.owners(path)
    if owners:
        worst = max(_validate(owner) for owner in owners)
        if not worst:
            names = ", ".join(str(owner) for owner in owners)
            ok(f"{path} (the about page of {names})")
        return worst
    try:
        opening = read_bytes(path).removeprefix(b"\xef\xbb\xbf")[:3]
    except ResumekitError as exc:
        print_error(exc)
        return exc.exit_code
    letter = opening == b"---" and path.stem.lower() != "about"  # a Jekyll page has one too
    if letter or path.parent.name == LETTERS_FOLDER:
        return _validate_letter(path)
    say("note", f"{path} is neither a cover letter (it has no front matter) nor the about page "
                 "of a resume here: nothing to check")  # fmt: skip
    say("hint", f"for the site's about page, add  site: {{about: {path.name}}}  under "
                 "resumekit: in the resume")  # fmt: skip
    return 0


def _validate_letter(path: Path) -> int:
    """Check a cover letter as ``letter`` would: its front matter, its text, and the resume,
    variant, theme and locale it names."""
    from resumekit.letter_render import check

    try:
        for warning in check(path):
            say("warning", warning)
    except ResumekitError as exc:
        print_error(exc)
        return exc.exit_code
    ok(str(path))
    return 0

"""``resumekit render``: the resume to PDF, HTML and the other formats, with a theme."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer

from resumekit import pdf_worker
from resumekit.cli._common import (
    AllowRemoteOption,
    LocaleOption,
    OutputOption,
    ResumeArgument,
    ThemeOption,
    _debug,
    _exclusive,
    _filled,
    _output,
    _progress,
    _report,
    _user_errors,
    formats_option,
    variant_option,
)
from resumekit.console import say
from resumekit.errors import InputError
from resumekit.outputs import FORMATS, need_pdf


def _parse_sets(pairs: list[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(
                f"--set {pair!r}: expected key=value", hint="e.g. --set accent=#1f6feb"
            )
        values[key.strip()] = value.strip()
    return values


def _formats(text: str) -> list[str]:
    """-f as a list, each format once; none at all (-f ,) or an unknown one is refused here,
    before -o is checked against them."""
    from resumekit.api import check_formats

    wanted = list(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    check_formats(wanted)
    return wanted


def _split(values: list[str] | None) -> list[str]:
    return [t.strip() for value in values or [] for t in value.split(",") if t.strip()]


def render(
    resume: ResumeArgument = Path("resume.yaml"),
    theme: ThemeOption = None,
    formats: Annotated[str, formats_option(FORMATS)] = "pdf,html",
    output: OutputOption = None,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            "-s",
            metavar="KEY=VALUE",
            help="Set a theme option (repeatable).",
            show_default=False,
        ),
    ] = None,
    locale: LocaleOption = None,
    max_pages: Annotated[
        int | None,
        typer.Option(
            "--max-pages",
            min=1,
            metavar="N",
            help="Tighten the layout until it fits on N pages (1 or more).",
            show_default=False,
        ),
    ] = None,
    tags: Annotated[
        list[str] | None,
        typer.Option(
            "--tags",
            metavar="TAG",
            help="Keep untagged items and items with any of these tags (comma-separated or "
            "repeated).",
            show_default=False,
        ),
    ] = None,
    exclude_tags: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude-tags",
            metavar="TAG",
            help="Drop items with any of these tags.",
            show_default=False,
        ),
    ] = None,
    variant: Annotated[str | None, variant_option("Render a named variant.")] = None,
    all_variants: Annotated[
        bool, typer.Option("--all-variants", help="Render every named variant, in parallel.")
    ] = False,
    allow_remote: AllowRemoteOption = False,
) -> None:
    """Render the resume with a theme: PDF and HTML, or any of the formats below.

    By default resume.yaml becomes out/resume.pdf and out/resume.html.

    \b
    [bold]Examples:[/]
    resumekit render
    resumekit render cv.yaml --theme classic -o build/
    resumekit render --format pdf -o cv.pdf --set accent=#8a2be2
    resumekit render --tags ml --max-pages 1
    resumekit render --all-variants
    """
    from resumekit.loader import load

    with _user_errors():
        _exclusive(variant=variant, all_variants=all_variants)
        _filled(theme=theme, output=output, locale=locale, variant=variant)
        wanted = _formats(formats)
        target = _output(output, wanted)
        common = dict(
            theme=theme,
            options=_parse_sets(sets or []),
            locale=locale,
            allow_remote=allow_remote,
            max_pages=max_pages,
            tags=_split(tags),
            exclude_tags=_split(exclude_tags),
        )
        started = time.perf_counter()
        if all_variants or not need_pdf(wanted):
            pdf_worker.dismiss()  # the variants' own workers lay out, or there is no PDF
        if worker := pdf_worker.worker():
            _debug(f"the PDF will be laid out in process {worker.process.pid}")
            if "png" in wanted:
                worker.ready_to_draw()  # it draws half the pages
        document = load(resume)
        _debug(f"loaded {resume} in {(time.perf_counter() - started) * 1000:.0f} ms")
        for note in document.notes:  # JSON Resume fields kept for export, as validate says
            say("note", str(note))
        with _progress("Rendering…"):
            results = _render_all(document, all_variants, wanted, target, variant, common)
    for result in results:
        _debug(f"theme {result.theme.name} ({result.theme.origin}), options {result.options}")
        _debug(f"locale {result.locale} ({result.locale_from})")
        _report(result.warnings, result.pages, result.written)
    _debug(f"done in {(time.perf_counter() - started) * 1000:.0f} ms")


def _render_all(
    document: Any,
    all_variants: bool,
    formats: list[str],
    output: str | None,
    variant: str | None,
    common: dict[str, Any],
) -> list[Any]:
    from resumekit.api import render as render_resume
    from resumekit.api import render_variants

    if all_variants:
        return render_variants(document, formats=formats, output=output, **common)
    return [render_resume(document, formats=formats, output=output, variant=variant, **common)]

"""render(): the pipeline from a validated resume to files on disk.

view (dates, safe markup) -> theme (Jinja2 -> HTML) -> write (WeasyPrint -> PDF).
Outputs are written only when every requested format rendered, each atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resumekit import fonts, html, themes, view
from resumekit.errors import InputError
from resumekit.files import write_atomic
from resumekit.schema import Resume

FORMATS = ("pdf", "html")
DEFAULT_THEME = "compact"


@dataclass
class Rendered:
    """What a render wrote and what it noticed on the way."""

    theme: themes.Theme
    outputs: dict[str, Path] = field(default_factory=dict)
    pages: int = 0
    warnings: list[str] = field(default_factory=list)


def output_paths(resume: Resume, formats: Sequence[str], output: Path | None) -> dict[str, Path]:
    """Where each format goes: out/<name>.<ext> by default, or beside a given file name."""
    stem = resume.source.stem if resume.source else "resume"
    if output is None:
        base = Path("out") / stem
    elif output.suffix.lower() in (".pdf", ".html"):
        base = output.with_suffix("")
    else:
        base = output / stem
    return {fmt: base.with_name(f"{base.name}.{fmt}") for fmt in formats}


def render(
    resume: Resume,
    theme: str | None = None,
    formats: Sequence[str] = FORMATS,
    output: str | Path | None = None,
    options: dict[str, Any] | None = None,
    locale: str | None = None,
    allow_remote: bool = False,
) -> Rendered:
    """Render ``resume`` to the given formats and write them; returns what was written."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise InputError(
            f"unknown format '{unknown[0]}'", hint="formats are: " + ", ".join(FORMATS)
        )
    settings = resume.resumekit
    base_dir = resume.source.parent.resolve() if resume.source else Path.cwd()
    chosen = themes.find(theme or settings.theme or DEFAULT_THEME, base_dir)
    where = str(resume.source or "resume") + ": resumekit.theme_options"
    own_theme = theme is None or theme == settings.theme
    resume_options = settings.theme_options if own_theme else _known(chosen, settings.theme_options)
    values = chosen.resolve_options((where, resume_options), ("--set", options or {}))
    result = Rendered(chosen)
    model = view.build(resume, locale)
    font = values.get("font", fonts.TEXT_FAMILIES[0])
    result.warnings += _glyph_warnings(resume, font)

    data: dict[str, bytes] = {}
    if "html" in formats:
        text = "".join(view.texts(resume).values()) + "".join(s.title for s in model.sections)
        css = html.stylesheet(chosen, values, fonts.embedded_font_face_css(font, text))
        data["html"] = html.render_html(chosen, model, values, css).encode("utf-8")
    if "pdf" in formats:
        from resumekit import pdf  # WeasyPrint is slow to import: only when a PDF is wanted

        css = html.stylesheet(chosen, values, fonts.font_face_css(font))
        page = html.render_html(chosen, model, values, css)
        created = pdf.creation_date(resume.meta.last_modified if resume.meta else None)
        roots = [*chosen.folders, *fonts.font_dirs()]
        data["pdf"], refused, result.pages = pdf.write_pdf(
            page, base_dir, roots, allow_remote, created
        )
        result.warnings += [f"refused to fetch {url} (use --allow-remote)" for url in refused]

    for fmt, path in output_paths(resume, formats, Path(output) if output else None).items():
        write_atomic(path, data[fmt])
        result.outputs[fmt] = path
    return result


def _known(theme: themes.Theme, values: dict[str, Any]) -> dict[str, Any]:
    """Options set for another theme that this one also has."""
    return {k: v for k, v in values.items() if k in theme.options}


def _glyph_warnings(resume: Resume, font: str) -> list[str]:
    missing = fonts.missing_glyphs(view.texts(resume), font)
    return [
        f"no installed font can draw {chars!r} in {field}; it will print as boxes"
        for field, chars in missing.items()
    ]

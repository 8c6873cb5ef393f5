"""Cover letters in the resume's theme (``resumekit letter``): PDF, HTML and Word, and the
letter followed by its resume in one PDF (``with_resume``).

The letter goes with the resume its front matter names (``resume.yaml`` beside it) and that
resume's variant: the same masthead (name, label, contacts), font, accent and locale, the
variant's tags applied to the resume that follows it. A theme without a ``letter.html.j2``
uses the one of the theme it extends, else compact's.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resumekit import api, fonts, html, letters, loader, locales, themes
from resumekit.dates import creation_date
from resumekit.errors import Diagnostic, InputError, InvalidResume, ResumekitError, ThemeError
from resumekit.i18n import locale_for
from resumekit.outputs.context import Context
from resumekit.plan import Plan, make_plan, resume_folder

FORMATS = ("pdf", "html", "docx")
TEMPLATE = "letter.html.j2"
#: The theme whose letter template a theme chain without one uses.
FALLBACK = "compact"


@dataclass
class RenderedLetter:
    """What ``render`` wrote, and what it has to say."""

    theme: themes.Theme
    locale: str = "en"
    options: dict[str, Any] = field(default_factory=dict)
    written: dict[str, Path] = field(default_factory=dict)
    pages: int = 0
    warnings: list[str] = field(default_factory=list)


def render(
    path: str | Path,
    formats: Sequence[str] = ("pdf",),
    output: str | Path | None = None,
    with_resume: bool = False,
    variant: str | None = None,
    theme: str | None = None,
    locale: str | None = None,
) -> RenderedLetter:
    """Render the letter at ``path`` to ``formats`` (pdf, html, docx) and write them, named
    after the letter (``cover-acme.pdf``), into ``output`` as ``render`` does (``out/``)."""
    _check_formats(formats, with_resume)
    api.check_output(output or None, formats, known=FORMATS)
    letter = letters.read(path)
    resume, plan = resume_and_plan(letter, variant, theme, locale)
    result = RenderedLetter(plan.theme, locale=plan.locale or "en")
    context = api.make_context(resume, plan, with_resume, result.warnings)
    result.options = context.options
    meta = resume.meta
    date = creation_date(meta.last_modified if meta else None)
    letter_view = letters.build(letter, locale_for(plan.locale), context.model.name,
                                letters.today())  # fmt: skip
    result.warnings += letters.doubled(letter, letter_view)
    cjk = fonts.cjk_for(_printed(context, letter_view), context.model.lang)
    result.warnings += api.glyph_warnings({"the letter": letters.text(letter, letter_view)},
                                          fonts.text_family(context.options), cjk)  # fmt: skip
    made: dict[str, list[bytes]] = {}
    for fmt in formats:
        if fmt == "pdf":
            made[fmt] = [_pdf(context, letter_view, with_resume, date, result)]
        elif fmt == "html":
            made[fmt] = [_html(context, letter_view)]
        else:
            from resumekit.outputs import page_setup, word_letter

            paper = page_setup.page(context.options, context.theme.css())
            made[fmt] = [word_letter.to_docx(context.model, letter_view, context.options, paper,
                                             date)]  # fmt: skip
    written = api.write_all(api.output_paths(letter.path.stem, made, output or None), made)
    result.written = {fmt: targets[0] for fmt, targets in written.items()}
    return result


def _check_formats(formats: Sequence[str], with_resume: bool) -> None:
    wrong = [fmt for fmt in formats if fmt not in FORMATS]
    if wrong or not formats:
        shown = f"'{wrong[0]}'" if wrong else "no format"
        raise InputError(f"a letter is written as {', '.join(FORMATS)}; not {shown}")
    if with_resume and "pdf" not in formats:
        raise InputError("--with-resume puts the letter and the resume in one PDF: add pdf "
                         "to the formats")  # fmt: skip


def resume_and_plan(
    letter: letters.Letter, variant: str | None, theme: str | None, locale: str | None
) -> tuple[Any, Plan]:
    """The resume the letter names and the plan of its variant (the command line's
    ``variant``, ``theme`` and ``locale`` first, then the letter's); a resume that cannot be
    read or a variant it lacks is a problem placed in the letter."""
    try:
        resume = loader.load(letter.resume_path)
    except InputError as exc:
        message = f"cannot read the resume: {exc.message}"
        above = letter.path.parent.parent / letters.DEFAULT_RESUME
        if "resume" not in letter.source.data and above.is_file():
            message = (f"no {letters.DEFAULT_RESUME} beside the letter; for the one a folder "
                       f"up, add the line 'resume: ../{letters.DEFAULT_RESUME}'")  # fmt: skip
        raise InvalidResume([letter.place("resume", message)]) from None
    problems = _named_problems(letter, resume, theme, locale)
    name = variant or letter.front.variant
    known = list(resume.resumekit.variants)
    if name is not None and name not in known:
        close = difflib.get_close_matches(name, known, n=1)
        which = (f"did you mean '{close[0]}'?" if close
                 else f"it has: {', '.join(known)}" if known else "it has none")  # fmt: skip
        message = f"the resume {letter.front.resume} has no variant '{name}'; {which}"
        if variant:
            raise InputError(f"--variant {variant}: {message}")
        problems.append(letter.place("variant", message))
    if problems:
        raise InvalidResume(sorted(problems, key=Diagnostic.position))
    plan = make_plan(resume, theme or letter.front.theme, None, locale or letter.front.locale,
                     variant=name)  # fmt: skip
    return resume, plan


def _named_problems(
    letter: letters.Letter, resume: Any, theme: str | None, locale: str | None
) -> list[Diagnostic]:
    """The letter's own theme and locale, where the command line does not override them,
    checked and placed in the letter (the plan would blame --theme and --locale)."""
    problems = []
    if letter.front.theme and not theme:
        try:
            themes.find(letter.front.theme, resume_folder(resume))
        except ThemeError as exc:
            problems.append(letter.place("theme", _hinted(exc)))
    if letter.front.locale and not locale:
        try:
            locales.identifier(letter.front.locale)
        except ResumekitError as exc:
            problems.append(letter.place("locale", _hinted(exc)))
    return problems


def _hinted(error: ResumekitError) -> str:
    return f"{error.message}; {error.hint}" if error.hint else error.message


def check(path: str | Path) -> list[str]:
    """Raise what rendering the letter at ``path`` would raise before its layout, for
    ``validate`` (whose letters must render); return what it would warn of its text."""
    letter = letters.read(path)
    resume, plan = resume_and_plan(letter, None, None, None)
    view = letters.build(letter, locale_for(plan.locale), resume.basics.name, letters.today())
    return letters.doubled(letter, view)


def letter_theme(theme: themes.Theme) -> themes.Theme:
    """``theme`` with compact's folder at the end of its chain when no folder of it has a
    letter template: its templates are looked up there too, its stylesheet is its own."""
    if FALLBACK in theme.names:
        return theme
    fallback = themes.find(FALLBACK)
    return dataclasses.replace(theme, folders=theme.folders + fallback.folders,
                               names=theme.names + fallback.names)  # fmt: skip


def _page(context: Context, letter_view: letters.LetterView, faces: str) -> str:
    css = html.stylesheet(context.theme, context.options, faces)
    return html.render_html(letter_theme(context.theme), context.model, context.options, css,
                            TEMPLATE, letter=letter_view)  # fmt: skip


def _printed(context: Context, letter_view: letters.LetterView) -> str:
    """Every character the letter's page prints."""
    parts = [*letter_view.recipient, letter_view.date, letter_view.subject, letter_view.body,
             letter_view.salutation, letter_view.closing, *context.printed.values()]  # fmt: skip
    return "".join(map(str, parts))


def _pdf(
    context: Context,
    letter_view: letters.LetterView,
    with_resume: bool,
    date: str | None,
    result: RenderedLetter,
) -> bytes:
    from resumekit import pdf

    cjk = fonts.cjk_for(_printed(context, letter_view), context.model.lang)
    page = _page(context, letter_view, fonts.font_face_css(fonts.text_family(context.options), cjk))
    roots = [*context.theme.folders, *fonts.font_dirs()]
    laid = pdf.layout(page, context.base_dir, roots, context.allow_remote, context.theme.name,
                      served=cjk.files())  # fmt: skip
    if with_resume:
        resume = context.laid_out()
        assert isinstance(resume, pdf.Layout), "a letter's resume is laid out in this process"
        titles = letter_view.words
        laid = pdf.joined([(titles["letter"], laid), (titles["resume"], resume)])
    result.pages = laid.pages
    return pdf.to_bytes(laid, date)


def _html(context: Context, letter_view: letters.LetterView) -> bytes:
    cjk = fonts.cjk_for(_printed(context, letter_view), context.model.lang)
    family = fonts.text_family(context.options)
    faces = fonts.embedded_font_face_css(family, _printed(context, letter_view), cjk)
    return _page(context, letter_view, faces).encode("utf-8")

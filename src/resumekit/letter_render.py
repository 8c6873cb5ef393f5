"""Cover letters in the resume's theme (``resumekit letter``): PDF, HTML and Word, and the
letter followed by its resume in one PDF (``with_resume``).

The letter goes with the resume its front matter names (``resume.yaml`` beside it) and that
resume's variant: the same masthead (name, label, contacts), font, accent and locale, the
variant's tags applied to the resume that follows it. A theme without a ``letter.html.j2``
uses the one of the theme it extends, else compact's.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resumekit import api, fonts, html, letters, loader, locales, themes
from resumekit.dates import creation_date
from resumekit.errors import Diagnostic, InputError, InvalidResume, ResumekitError, ThemeError
from resumekit.i18n import locale_for
from resumekit.outputs import LETTER_FORMATS
from resumekit.outputs.context import Context, refusal
from resumekit.plan import Plan, inputs, make_plan, resume_folder

TEMPLATE = "letter.html.j2"


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
    api.check_output(output or None, formats, known=LETTER_FORMATS)
    letter = letters.read(path)
    resume, plan = resume_and_plan(letter, variant, theme, locale)
    result = RenderedLetter(plan.theme, locale=plan.locale or "en")
    context = api.make_context(resume, plan, with_resume, result.warnings)
    letter_view = letters.build(letter, locale_for(plan.locale), context.model.name)
    page = _Page(context, letter_view, dict(context.options))  # before a fit changes them
    result.options = page.options
    result.warnings += letters.doubled(letter, letter_view)
    result.warnings += api.glyph_warnings({"the letter": letters.text(letter, letter_view)},
                                          page.family, page.cjk)  # fmt: skip
    meta = resume.meta
    date = creation_date(meta.last_modified if meta else None)
    made: dict[str, list[bytes]] = {}
    for fmt in formats:
        if fmt == "pdf":
            made[fmt] = [_pdf(page, with_resume, date, result)]
        elif fmt == "html":
            faces = fonts.embedded_font_face_css(page.family, page.printed, page.cjk)
            made[fmt] = [page.html(faces).encode("utf-8")]
        else:
            from resumekit.outputs import page_setup, word_letter

            paper = page_setup.page(page.options, context.theme.css())
            made[fmt] = [word_letter.to_docx(context.model, letter_view, page.options, paper,
                                             date)]  # fmt: skip
    paths = api.output_paths(letter.path.stem, made, output or None, [letter.path, *inputs(resume)])
    written = api.write_all(paths, made)
    result.written = {fmt: targets[0] for fmt, targets in written.items()}
    return result


def _check_formats(formats: Sequence[str], with_resume: bool) -> None:
    wrong = [fmt for fmt in formats if fmt not in LETTER_FORMATS]
    if wrong or not formats:
        given = f"not '{wrong[0]}'" if wrong else "give one at least"
        raise InputError(f"a letter is written as {', '.join(LETTER_FORMATS)}; {given}")
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
        resume = loader.load(letter.resume_path, letter.resume_roots)
    except InputError as exc:
        message = f"cannot read the resume: {exc.message}"
        above = letter.path.parent.parent / letters.DEFAULT_RESUME
        beside_letters = letter.path.parent.name == letters.LETTERS_FOLDER
        if "resume" not in letter.source.data and beside_letters and above.is_file():
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
    plan = make_plan(resume, theme or _theme_named(letter), None, locale or letter.front.locale,
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
            themes.find(_theme_named(letter) or "", resume_folder(resume))
        except ThemeError as exc:
            problems.append(letter.place("theme", _hinted(exc)))
    if letter.front.locale and not locale:
        try:
            locales.identifier(letter.front.locale)
        except ResumekitError as exc:
            problems.append(letter.place("locale", _hinted(exc)))
    return problems


def _theme_named(letter: letters.Letter) -> str | None:
    """The letter's theme: a name as the resume's theme names are looked up, a folder from
    the letter's own folder (as its resume is)."""
    named = letter.front.theme
    if named and themes.names_folder(named):
        return str(letter.path.parent / named)
    return named


def _hinted(error: ResumekitError) -> str:
    return f"{error.message}; {error.hint}" if error.hint else error.message


def check(path: str | Path) -> list[str]:
    """Raise what rendering the letter at ``path`` would raise before its layout, for
    ``validate`` (whose letters must render); return what it would warn of its text."""
    letter = letters.read(path)
    resume, plan = resume_and_plan(letter, None, None, None)
    view = letters.build(letter, locale_for(plan.locale), resume.basics.name)
    return letters.doubled(letter, view)


@dataclass(frozen=True)
class _Page:
    """The letter's page: the sender and theme of the resume's ``context`` and the letter,
    in the ``options`` as planned (a fit of the resume that follows it changes the resume's
    options, not the letter's)."""

    context: Context
    view: letters.LetterView
    options: dict[str, Any]

    @property
    def family(self) -> str:
        return fonts.text_family(self.options)

    @functools.cached_property
    def printed(self) -> str:
        """Every character the page prints."""
        view = self.view
        parts = [*view.recipient, view.date, view.subject, view.body, view.salutation,
                 view.closing, *self.context.printed.values()]  # fmt: skip
        return "".join(map(str, parts))

    @functools.cached_property
    def cjk(self) -> fonts.Cjk:
        return fonts.cjk_for(self.printed, self.context.model.lang)

    def html(self, faces: str) -> str:
        context = self.context
        css = html.stylesheet(context.theme, self.options, faces)
        theme = html.with_template(context.theme, TEMPLATE)
        return html.render_html(theme, context.model, self.options, css, TEMPLATE,
                                letter=self.view)  # fmt: skip


def _pdf(page: _Page, with_resume: bool, date: str | None, result: RenderedLetter) -> bytes:
    from resumekit import pdf

    context = page.context
    source = page.html(fonts.font_face_css(page.family, page.cjk))
    roots = [*context.theme.folders, *fonts.font_dirs()]
    laid = pdf.layout(source, context.base_dir, roots, context.allow_remote, context.theme.name,
                      served=page.cjk.files())  # fmt: skip
    if with_resume:
        resume = context.laid_out()
        assert isinstance(resume, pdf.Layout), "a letter's resume is laid out in this process"
        titles = page.view.words
        laid = pdf.joined([(titles["letter"], laid), (titles["resume"], resume)])
    result.pages = laid.pages
    data = pdf.to_bytes(laid, date)
    result.warnings += [refusal(url) for url in laid.refused]  # writing fetches too
    return data

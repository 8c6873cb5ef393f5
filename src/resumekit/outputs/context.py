"""What every format is made from, settled once per render: the selected resume, its view
model, the theme and its options, and the PDF, laid out at most once and only when a
format asks for it (pdf, png, or html after a fit has changed the options)."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resumekit import fonts, html, pdf_worker, themes, view
from resumekit.schema import Resume


@dataclass
class Context:
    """A render's inputs, and what making the PDF adds to them (pages, warnings)."""

    resume: Resume  # the selected resume: the variant's and the tags' choice
    theme: themes.Theme
    model: view.View
    texts: dict[str, str]  # every text of the resume by its path, for fonts and glyphs
    options: dict[str, Any]  # the theme's options; final once ``settled`` returns
    base_dir: Path
    allow_remote: bool = False
    max_pages: int | None = None
    wants_pdf: bool = False  # some format asked for the PDF: layout may change the options
    pages: int = 0
    warnings: list[str] = field(default_factory=list)
    _pdf: bytes | None = None
    _first: Callable[[], pdf_worker.Laid] | None = None  # the layout asked for ahead
    _laid: pdf_worker.Laid | None = None  # the final layout
    _ends: float = 0.0  # time.monotonic() by which the PDF must be written

    @functools.cached_property
    def printed(self) -> dict[str, str]:
        """Every text the page prints by where it comes from: the resume's, and the headings
        and dates resumekit adds."""
        printed = {**self.texts, "resumekit's words": " ".join(self.model.words.values())}
        for section in self.model.sections:
            printed[f"the {section.key} heading"] = section.title
            printed[f"the {section.key} dates"] = " ".join(item.dates for item in section.items)
        return printed

    @functools.cached_property
    def cjk(self) -> fonts.Cjk:
        """The CJK fonts the printed text needs: none for most resumes."""
        return fonts.cjk_for("".join(self.printed.values()), self.model.lang)

    def settled(self) -> dict[str, Any]:
        """The options every format uses: after the PDF's fit when there is a PDF."""
        if self.wants_pdf:
            self.pdf()
        return self.options

    def pdf(self) -> bytes:
        """The PDF, laid out (fit to max_pages, or settled) the first time it is asked for."""
        if self._pdf is None:
            self._pdf = self._lay_out_pdf()
        return self._pdf

    def begin_pdf(self) -> None:
        """Ask for the PDF's first layout now, when a format wants it: a worker process lays
        it out while the other formats are made."""
        if self.wants_pdf and self._first is None:
            self._ends = time.monotonic() + pdf_worker.SECONDS  # one limit for a whole fit
            self._first = self._submit(dict(self.options))

    def _submit(self, chosen: dict[str, Any]) -> Callable[[], pdf_worker.Laid]:
        theme = self.theme
        faces = fonts.font_face_css(fonts.text_family(chosen), self.cjk)
        css = html.stylesheet(theme, chosen, faces)
        page = html.render_html(theme, self.model, chosen, css)
        roots = [*theme.folders, *fonts.font_dirs()]  # not base_dir: .git and .env live there
        served = self.cjk.files()  # the CJK faces, cut once for every layout of a fit
        return self.renderer.submit(page, self.base_dir, roots, self.allow_remote, theme.name,
                                     self._ends, served)  # fmt: skip

    @functools.cached_property
    def renderer(self) -> pdf_worker.Renderer:
        """Where the PDF is laid out and written, and its pages drawn."""
        return pdf_worker.renderer()

    def laid_out(self) -> pdf_worker.Laid:
        """The PDF's final layout (fit to max_pages, or its last page settled), laid out the
        first time it is asked for; ``options`` and ``pages`` are final then."""
        if self._laid is None:
            self._laid = self._lay_out()
        return self._laid

    def _lay_out(self) -> pdf_worker.Laid:
        from resumekit import fit

        self.begin_pdf()
        first, theme = self._first, self.theme
        assert first is not None

        def lay_out(chosen: dict[str, Any]) -> pdf_worker.Laid:
            return self._submit(chosen)()

        if self.max_pages:
            lay_out_first = _first_then(first, lay_out)
            self.options, laid_out = fit.fit(theme, self.options, self.max_pages, lay_out_first,
                                             lambda d: d.pages)  # fmt: skip
        else:
            self.options, laid_out = fit.settle(theme, self.options, first(), lay_out,
                                                lambda d: d.pages,
                                                lambda d: d.last_page_fill)  # fmt: skip
        self.pages = laid_out.pages
        return laid_out

    def _lay_out_pdf(self) -> bytes:
        laid_out = self.laid_out()
        meta = self.resume.meta
        data = self.renderer.write(laid_out, meta.last_modified if meta else None)
        self.warnings += [refusal(url) for url in laid_out.refused]  # writing fetches too
        return data


def _first_then(
    first: Callable[[], pdf_worker.Laid], lay_out: Callable[[dict[str, Any]], pdf_worker.Laid]
) -> Callable[[dict[str, Any]], pdf_worker.Laid]:
    """``lay_out``, whose first call (with the options as given) is answered by ``first``."""
    answers = iter([first])
    return lambda chosen: next(answers, lambda: lay_out(chosen))()


def pdf_file(context: Context) -> list[bytes]:
    return [context.pdf()]


def html_page(context: Context) -> list[bytes]:
    """One self-contained page: the subset fonts inline, so it opens anywhere. Made with the
    options as they are (while a worker lays out the PDF), and again if its fit changed them."""
    made = dict(context.options)
    page = _html_page(context, made)
    options = context.settled()
    return [page if options == made else _html_page(context, options)]


def _html_page(context: Context, options: dict[str, Any]) -> bytes:
    printed = "".join(context.printed.values())
    faces = fonts.embedded_font_face_css(fonts.text_family(options), printed, context.cjk)
    css = html.stylesheet(context.theme, options, faces)
    return html.render_html(context.theme, context.model, options, css).encode("utf-8")


def refusal(url: str) -> str:
    """Why the PDF went without ``url``, and what would let it in."""
    if url.split(":", 1)[0].lower() in ("http", "https"):
        return f"refused to fetch {url} (use --allow-remote)"
    return f"refused to read {url}: only files in the theme's folders are read"

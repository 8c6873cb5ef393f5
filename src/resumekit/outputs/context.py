"""What every format is made from, settled once per render: the selected resume, its view
model, the theme and its options, and the PDF, laid out at most once and only when a
format asks for it (pdf, png, or html after a fit has changed the options)."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resumekit import fonts, html, themes, view
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

    def _lay_out_pdf(self) -> bytes:
        from resumekit import fit, pdf  # WeasyPrint is slow to import: only for a PDF

        theme, model = self.theme, self.model
        roots = [*theme.folders, *fonts.font_dirs()]  # not base_dir: .git and .env live there
        ends = time.monotonic() + pdf.SECONDS  # one time limit for every layout of a fit
        served = self.cjk.files()  # the CJK faces, cut once for every layout of a fit

        def lay_out(chosen: dict[str, Any]) -> pdf.Layout:
            faces = fonts.font_face_css(fonts.text_family(chosen), self.cjk)
            css = html.stylesheet(theme, chosen, faces)
            page = html.render_html(theme, model, chosen, css)
            return pdf.layout(page, self.base_dir, roots, self.allow_remote, theme.name, ends,
                              served)  # fmt: skip

        if self.max_pages:
            self.options, laid_out = fit.fit(
                theme, self.options, self.max_pages, lay_out, lambda d: d.pages
            )
        else:
            self.options, laid_out = fit.settle(theme, self.options, lay_out(self.options),
                                                lay_out, lambda d: d.pages,
                                                lambda d: d.last_page_fill)  # fmt: skip
        self.pages = laid_out.pages
        meta = self.resume.meta
        data = pdf.to_bytes(laid_out, pdf.creation_date(meta.last_modified if meta else None))
        self.warnings += [_refusal(url) for url in laid_out.refused]  # writing fetches too
        return data


def pdf_file(context: Context) -> list[bytes]:
    return [context.pdf()]


def html_page(context: Context) -> list[bytes]:
    """One self-contained page: the subset fonts inline, so it opens anywhere."""
    options, model = context.settled(), context.model
    printed = "".join(context.printed.values())
    faces = fonts.embedded_font_face_css(fonts.text_family(options), printed, context.cjk)
    css = html.stylesheet(context.theme, options, faces)
    return [html.render_html(context.theme, model, options, css).encode("utf-8")]


def _refusal(url: str) -> str:
    """Why the PDF went without ``url``, and what would let it in."""
    if url.split(":", 1)[0].lower() in ("http", "https"):
        return f"refused to fetch {url} (use --allow-remote)"
    return f"refused to read {url}: only files in the theme's folders are read"

"""render(): the pipeline from a validated resume to files on disk.

select (variant, tags) -> view (dates, safe markup) -> theme (Jinja2 -> HTML)
-> write (WeasyPrint -> PDF). Outputs are written only when every requested format
rendered, each atomically.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resumekit import assets, fonts, html, themes, variants, view
from resumekit.errors import InputError
from resumekit.files import output_path, write_atomic
from resumekit.outputs import DEFAULT_FORMATS, FORMATS, SUFFIXES, need_pdf
from resumekit.outputs.context import Context
from resumekit.plan import DEFAULT_THEME as DEFAULT_THEME  # what `watch` falls back to
from resumekit.plan import Plan, inputs, make_plan, resume_folder, stray_tags_message
from resumekit.schema import Resume

FILE_SUFFIXES = frozenset(SUFFIXES)


@dataclass
class Rendered:
    """What a render wrote and what it noticed on the way."""

    theme: themes.Theme
    options: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)
    pages: int = 0
    warnings: list[str] = field(default_factory=list)
    images: list[Path] = field(default_factory=list)
    written: dict[str, list[Path]] = field(default_factory=dict)  # every file, by format
    locale: str = "en"
    locale_from: str = "the default"  # why that locale (Plan.locale_from), for --verbose


def check_formats(formats: Sequence[str]) -> None:
    """Refuse an unknown format, or none at all (which would write nothing)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        problem = f"unknown format '{unknown[0]}'" if unknown else "no format given"
        raise InputError(problem, hint="formats are: " + ", ".join(FORMATS))


def names_folder(output: str | Path) -> bool:
    """Whether ``output`` is a folder whatever its suffix: it ends with a slash (as a str;
    Path drops it) or is a folder already."""
    return str(output).endswith(("/", os.sep)) or Path(output).is_dir()


def output_target(output: str | Path | None) -> tuple[Path, str | None]:
    """The folder an output goes into and, if ``output`` names a file, that file's stem.

    The one rule for the CLI's ``-o`` and the API's ``output``: a ``names_folder`` name is a
    folder (release.pdf/); otherwise a name with a format's suffix is a file (cv.pdf), and
    any other name a folder (build, v1.2). Nothing means out/.
    """
    if output is None:
        return Path("out"), None
    path = Path(output)
    if names_folder(output) or path.suffix.lower() not in FILE_SUFFIXES:
        return path, None
    return path.parent, path.stem


def check_output(
    given: str | Path | None,
    formats: Sequence[str],
    label: str = "output",
    known: Sequence[str] = tuple(FORMATS),
) -> None:
    """Refuse an output that is most likely a mistake, for the CLI's ``-o`` and the API alike.

    A name with any other suffix (cv.odt) is taken for a mistake, not for a folder, unless it
    ends with a slash or is a folder already; so are ``-`` (stdout is not written) and a name
    starting with a dot (.pdf would be a hidden folder, not a file); and a file of a format
    not being written.
    """
    if given is None or names_folder(given):
        return
    given = str(given)
    if given == "-":
        raise InputError(
            f"{label} -: resumekit does not write to standard output",
            hint="name a folder, or a file such as cv.pdf",
        )
    name = Path(given).name
    if name.startswith(".") and name != "..":
        raise InputError(
            f"{label} {given}: a name starting with a dot would be a hidden folder, not a file",
            hint=f"name a file such as cv.pdf; for a hidden folder, write {given}/",
        )
    kind = Path(given).suffix.lower().removeprefix(".")
    suffixes = [f".{name}" for name in known]
    if kind and kind not in known:
        raise InputError(
            f"{label} {given}: resumekit does not write .{kind} files; name a "
            f"{', '.join(suffixes[:-1])} or {suffixes[-1]} file, or a folder",
            hint=f"for a folder named {given}, write {given}/",
        )
    if output_target(given)[1] is not None and kind not in formats:
        raise InputError(
            f"{label} {given} names a .{kind} file, but the formats written are: "
            f"{', '.join(formats)}",
            hint=f"name a .{formats[0]} file or a folder, or add {kind} to the formats",
        )


def output_paths(
    stem: str,
    made: dict[str, list[bytes]],
    output: str | Path | None,
    inputs: Sequence[Path] = (),
) -> dict[str, list[Path]]:
    """Where each format's files go (``output_target``): <stem>.<ext> in the folder, or the
    given file's name with each format's suffix; a paged format makes one file a page
    (<stem>-1.png, ...).

    The folder is the user's choice; each file name passes ``files.output_path``, which
    keeps it inside that folder and off the run's ``inputs``.
    """
    folder, given = output_target(output)
    base = given or stem
    return {
        fmt: [
            output_path(folder, f"{base}-{page}.{fmt}", inputs) for page in range(1, len(files) + 1)
        ]
        if FORMATS[fmt].paged
        else [output_path(folder, f"{base}.{fmt}", inputs)]
        for fmt, files in made.items()
    }


def render(
    resume: Resume,
    theme: str | None = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
    output: str | Path | None = None,
    options: dict[str, Any] | None = None,
    locale: str | None = None,
    allow_remote: bool = False,
    max_pages: int | None = None,
    variant: str | None = None,
    tags: Sequence[str] = (),
    exclude_tags: Sequence[str] = (),
) -> Rendered:
    """Render ``resume`` (or one of its variants) to the given formats and write them."""
    check_formats(formats)
    check_output(output or None, formats)
    plan = make_plan(resume, theme, options, locale, allow_remote, max_pages, variant, tags,
                     exclude_tags)  # fmt: skip
    return render_plan(resume, plan, formats, output)


def render_plan(
    resume: Resume, plan: Plan, formats: Sequence[str], output: str | Path | None = None
) -> Rendered:
    """Render ``resume`` as ``plan`` says to the given formats, and write them."""
    result = Rendered(plan.theme, locale=plan.locale or "en", locale_from=plan.locale_from)
    context = make_context(resume, plan, need_pdf(formats), result.warnings)
    context.begin_pdf()
    order = sorted(formats, key=lambda fmt: FORMATS[fmt].from_pdf)  # the PDF's last: see Format
    makers = {fmt: FORMATS[fmt].maker_function() for fmt in order}  # imported while laid out
    built = {fmt: make(context) for fmt, make in makers.items()}  # all made before any write
    made = {fmt: built[fmt] for fmt in formats}
    result.options, result.pages = context.settled(), context.pages
    result.warnings += context.warnings
    paths = output_paths(plan.stem, made, output or None, inputs(resume))
    result.written = write_all(paths, made)
    result.outputs = {fmt: targets[0] for fmt, targets in result.written.items()}
    result.images = [path for fmt, targets in result.written.items() if FORMATS[fmt].paged
                     for path in targets]  # fmt: skip
    return result


def make_context(resume: Resume, plan: Plan, wants_pdf: bool, warnings: list[str]) -> Context:
    """What every format of ``resume`` rendered as ``plan`` says is made from: the selected
    resume, its view model (photo inlined), the theme and its options; ``warnings`` gets
    stray tags, a refused photo and characters no font draws."""
    base_dir = resume_folder(resume)
    selected = variants.select(resume, variants.Selection.of(plan.tags, plan.exclude_tags))
    stray = list(plan.stray_tags)
    warnings += [stray_tags_message(resume, stray)] if stray else []
    image, refusal = (
        assets.inline_image(resume.basics.image, base_dir, plan.allow_remote)
        if resume.basics.image
        else ("", None)
    )
    warnings += [refusal] if refusal else []
    model = view.build(selected, plan.locale, image, plan.dates)
    context = Context(
        selected, plan.theme, model, view.texts(selected), dict(plan.options), base_dir,
        plan.allow_remote, plan.max_pages, wants_pdf=wants_pdf,
    )  # fmt: skip
    warnings += _glyph_warnings(context)
    return context


def write_all(paths: dict[str, list[Path]], made: dict[str, list[bytes]]) -> dict[str, list[Path]]:
    """Write each format's files (made before any is written) to its paths, each atomically."""
    for fmt, targets in paths.items():
        for path, content in zip(targets, made[fmt], strict=True):
            write_atomic(path, content)
    return paths


def _glyph_warnings(context: Context) -> list[str]:
    """Characters no font can draw, in the resume's text or in the words resumekit adds."""
    return glyph_warnings(context.printed, fonts.text_family(context.options), context.cjk)


def glyph_warnings(printed: dict[str, str], family: str, cjk: fonts.Cjk) -> list[str]:
    """Characters no font can draw in ``printed`` (texts by where they come from) set in
    ``family`` with the ``cjk`` faces; CJK text without the CJK extra installed says which
    extra to install."""
    needs_cjk = [field for field, text in printed.items() if fonts.needs_cjk_extra(text)]
    if needs_cjk:  # said once below, not looked up character by character
        printed = {field: "".join(c for c in text if not fonts.needs_cjk_extra(c))
                   for field, text in printed.items()}  # fmt: skip
    missing = fonts.missing_glyphs(printed, family, cjk)
    warnings = [
        f"no installed font can draw {chars!r} in {field}; it will print as boxes"
        for field, chars in missing.items()
        if chars
    ]
    if needs_cjk:
        extra, more = fonts.CJK_EXTRA, len(needs_cjk) - 1
        fields = needs_cjk[0] + (f" and {more} more field{'s' * (more > 1)}" if more else "")
        verb = "have" if more else "has"
        warnings.insert(0, f"{fields} {verb} Chinese, Japanese or Korean text, and the fonts "
                        f"for it are not installed: pip install '{extra}'")  # fmt: skip
    return warnings


def render_variants(
    resume: Resume,
    formats: Sequence[str] = DEFAULT_FORMATS,
    output: str | Path | None = None,
    workers: int | None = None,
    **kwargs: Any,
) -> list[Rendered]:
    """Render every named variant, in parallel across cores with one process pool."""
    names = list(resume.resumekit.variants)
    if not names:
        raise InputError("the resume defines no variants", hint="add some under resumekit.variants")
    check_formats(formats)
    check_output(output or None, formats)
    if output_target(output or None)[1] is not None:
        raise InputError(
            f"--all-variants writes one file per variant, not {output}",
            hint="give an output folder, and name files with `output` in each variant",
        )
    plans = [make_plan(resume, variant=name, **kwargs) for name in names]  # all checked first
    jobs = [(resume, plan, list(formats), output) for plan in plans]
    workers = min(len(names), workers or os.cpu_count() or 1)
    if workers == 1:
        return [_render_job(job) for job in jobs]
    _warm_up(resume, plans)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    from resumekit.pdf import own_font_folder

    with ProcessPoolExecutor(workers, context, initializer=own_font_folder) as pool:
        return list(pool.map(_render_job, jobs))


def _warm_up(resume: Resume, plans: list[Plan]) -> None:
    """Do once, before the workers fork, what every worker would otherwise do for itself:
    import WeasyPrint, load the fonts, compile each plan's templates, read locale data."""
    from resumekit import pdf

    base_dir = resume_folder(resume)
    for plan in plans:
        html._environment(plan.theme.folders, plan.theme.names).get_template(html.TEMPLATE)
        faces = fonts.font_face_css(fonts.text_family(plan.options))
        view.build(resume, plan.locale)
        pdf.layout(f"<style>{faces}</style><p>warm</p>", base_dir, fonts.font_dirs(), False,
                   plan.theme.name)  # fmt: skip


def _render_job(job: tuple[Resume, Plan, list[str], Any]) -> Rendered:
    resume, plan, formats, output = job
    return render_plan(resume, plan, formats, output)

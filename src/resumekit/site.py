"""``resumekit site``: a small personal site from the resume, in its theme.

    index.html            the about page: name, tagline, photo, the about text, contacts
    resume.html           the theme's page of the resume (as ``render --format html``)
    resume.pdf            the PDF
    resume.json           JSON Resume
    contact.vcf           a vCard 4.0 of the basics
    favicon.ico, apple-touch-icon.png
    photo.<ext>           the photo, when the resume has one (for link previews)
    sitemap.xml, robots.txt   when ``resumekit.site.url`` says where the site is published

Every file is made before any is written, each written atomically into the output folder
(``files.output_path``). Nothing on a page loads from anywhere else: the fonts are embedded,
the photo is in the site, and a Content-Security-Policy says so to the browser.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from resumekit import about, api, colors, fonts, html, markup, site_meta
from resumekit.assets import IMAGE_TYPES
from resumekit.dates import creation_date
from resumekit.errors import InputError, ThemeError
from resumekit.files import output_path, write_atomic
from resumekit.i18n import locale_for, site_table, words
from resumekit.outputs import SUFFIXES
from resumekit.outputs.context import Context, html_page
from resumekit.outputs.jsonresume import document_text, export
from resumekit.plan import Plan, inputs
from resumekit.schema import Resume
from resumekit.themes import Theme

TEMPLATE = "site.html.j2"
DEFAULT_FOLDER = Path("site")
#: The site's page backgrounds, light and dark, and the buttons' on them: its accent is made
#: readable on the buttons', the nearer to it of each pair.
BACKGROUND, BACKGROUND_DARK = "#ffffff", "#16181c"
CHIP, CHIP_DARK = "#f2f4f7", "#22252b"
#: The accent's contrast on the dark page: AAA, as the light text around it is bright; at AA
#: a dark accent comes out a dull grey that reads as disabled. A grey accent (classic's) goes
#: as bright as the text, or its headings would look fainter than their paragraphs.
DARK_CONTRAST, GREY_DARK_CONTRAST = 7.0, 12.0
_DESCRIPTION = 200  # characters of the summary in a description: what previews show


@dataclass(frozen=True)
class SiteView:
    """What the site template sees besides the resume's view (``resume``)."""

    title: str
    tagline: str
    description: str
    about: Markup
    photo: str  # a data: URL, or ""
    url: str  # the site's address ending in /, or ""
    previews: tuple[tuple[str, str], ...]
    json_ld: Markup
    accent: str
    accent_dark: str
    background_dark: str
    chip: str
    chip_dark: str
    words: dict[str, str]
    pdf_name: str
    vcf_name: str


@dataclass
class Site:
    """A built site: its files by name, and what building it found."""

    theme: Theme
    files: dict[str, bytes] = field(default_factory=dict)
    inputs: list[Path] = field(default_factory=list)  # what no file of it may replace
    pages: int = 0
    warnings: list[str] = field(default_factory=list)


def build(resume: Resume, plan: Plan) -> Site:
    """Every file of the site of ``resume`` rendered as ``plan`` says."""
    result = Site(plan.theme)
    context = api.make_context(resume, plan, True, result.warnings)
    page_text = about.read(resume, context.resume)  # its problems before any layout
    result.inputs = [*inputs(resume), *([page_text.path] if page_text else [])]
    context.begin_pdf()
    resume_page = html_page(context)[0]
    pdf = context.pdf()
    result.pages, result.warnings = context.pages, result.warnings + context.warnings
    photo_name, photo = _photo(context.model.image)
    site_url = site_meta.base(resume.resumekit.site.url)
    view = _view(resume, context, page_text, plan, site_url, photo_name)
    contacts = (contact.label for contact in context.model.contacts)
    text = "".join(map(str, (view.title, view.about, *view.words.values(), *contacts)))
    result.warnings += api.glyph_warnings(
        {"the about page": page_text.text if page_text else "", "the tagline": view.tagline},
        fonts.text_family(context.options), context.cjk,
    )  # fmt: skip
    files = {"index.html": _index(context, view, text),
             "resume.html": _in_site(resume_page, view, context.model.name),
             "resume.pdf": pdf, "resume.json": _json(context.resume, site_url, photo_name),
             "contact.vcf": _card(context, site_url, photo_name)}  # fmt: skip
    files |= _icons(context)
    result.warnings += _unsaid(resume, page_text)
    if photo_name:
        files[photo_name] = photo
    if site_url:
        meta = resume.meta
        day = creation_date(meta.last_modified if meta else None)
        files["sitemap.xml"] = site_meta.sitemap(site_url, _w3c_day(day))
        files["robots.txt"] = site_meta.robots(site_url)
    result.files = files
    return result


def folder(output: str | None) -> Path:
    """The site's folder: ``output`` (``-o``), else site/; a name of a file (an existing one,
    or one with a format's suffix, such as index.html) is refused."""
    where = Path(output) if output is not None else DEFAULT_FOLDER
    named_file = where.suffix.lower() in SUFFIXES and not api.names_folder(output or where)
    if (where.exists() and not where.is_dir()) or named_file:
        raise InputError(f"-o {output}: not a folder; the site is a folder of files",
                         hint="name a folder, such as site/ or public/")  # fmt: skip
    return where


#: Files one build makes and another may not: a photo, the sitemap and robots.txt.
OPTIONAL = ("sitemap.xml", "robots.txt", *(f"photo{suffix}" for suffix in IMAGE_TYPES))


def write(site: Site, folder: str | Path | None = None) -> list[Path]:
    """Write the site's files into ``folder`` (site/), each atomically, once all are known
    to be writable; say (``site.warnings``) which files of an earlier build it left there."""
    where = Path(folder) if folder is not None else DEFAULT_FOLDER
    paths = {name: output_path(where, name, site.inputs) for name in site.files}  # all first
    taken = next((path for path in paths.values() if path.is_dir()), None)
    if taken:
        raise InputError(f"{taken}: cannot write: a folder has its name",
                         hint="remove or rename it, or build into another folder (-o)")  # fmt: skip
    for name, path in paths.items():
        write_atomic(path, site.files[name])
    left = [name for name in OPTIONAL if name not in site.files and (where / name).is_file()]
    site.warnings += [f"{where / name} is left from an earlier build and would be published; "
                      "remove it" for name in left]  # fmt: skip
    return list(paths.values())


def _view(resume: Resume, context: Context, page: about.About | None, plan: Plan,
          site_url: str, photo_name: str) -> SiteView:  # fmt: skip
    basics = resume.basics
    model = context.model
    tagline = resume.resumekit.site.tagline or model.label  # plain text, as the resume shows it
    description = _description(basics.summary) or markup.to_text(tagline)
    accent = _accent(context)
    vocabulary = words(locale_for(plan.locale), site_table)
    title = f"{model.name} — {tagline}" if tagline else model.name
    summary = markup.paragraphs(basics.summary)
    text = page.html if page else Markup("".join(f"<p>{p}</p>" for p in summary))
    person = site_meta.person(context.resume, site_url, photo_name, description)
    file_name = _file_name(model.name)
    return SiteView(
        title=title, tagline=tagline, description=description, about=text,
        photo=model.image, url=site_url,
        previews=site_meta.previews(title, description, site_url, photo_name, model.lang),
        json_ld=site_meta.json_ld(person), accent=colors.readable(accent, CHIP),
        accent_dark=colors.readable(accent, CHIP_DARK, DARK_CONTRAST
                                    if colors.chroma(accent) > 0.1 else GREY_DARK_CONTRAST),
        background_dark=BACKGROUND_DARK, chip=CHIP, chip_dark=CHIP_DARK,
        words=vocabulary, pdf_name=f"{file_name} {vocabulary['resume']}.pdf",
        vcf_name=f"{file_name}.vcf",
    )  # fmt: skip


def _index(context: Context, view: SiteView, text: str) -> bytes:
    family = fonts.text_family(context.options)
    cjk = fonts.cjk_for(text, context.model.lang)
    css = fonts.embedded_font_face_css(family, text, cjk)
    theme = html.with_template(context.theme, TEMPLATE)
    page = html.render_html(theme, context.model, context.options, css, TEMPLATE, site=view)
    return _with_policy(page).encode("utf-8")


#: What the resume's page gets in the site: the site's icons, its address, and a way back.
_HEAD = (
    '<link rel="icon" href="favicon.ico" sizes="16x16 32x32 48x48">\n'
    '<link rel="apple-touch-icon" href="apple-touch-icon.png">\n{canonical}'
    "<style>.site-back{{max-width:8.5in;margin:0 auto;padding:12px 16px 0;font-size:15px}}"
    ".site-back a{{color:inherit;text-decoration:underline;text-underline-offset:0.15em}}"
    "@media print{{.site-back{{display:none}}}}</style>\n"
)
_BACK = '\n<nav class="site-back" aria-label="{label}"><a href="index.html">{name}</a></nav>'


def _in_site(page: bytes, view: SiteView, name: str) -> bytes:
    """The theme's page of the resume with the site's policy, icons and canonical address in
    its head, and a link back to the about page (not printed)."""
    address = escape(site_meta.absolute(view.url, "resume.html"))
    canonical = f'<link rel="canonical" href="{address}">\n' if view.url else ""
    text = _with_policy(page.decode("utf-8"))
    text = text.replace("</head>", _HEAD.format(canonical=canonical) + "</head>", 1)
    back = _BACK.format(label=escape(view.words["pages"]), name=escape(name))
    text = re.sub(r"<body(\s[^>]*)?>", lambda found: found.group() + back, text, count=1,
                  flags=re.IGNORECASE)  # fmt: skip
    return text.encode("utf-8")


#: A meta tag that sends the reader elsewhere: no policy can stop it.
_REFRESH = re.compile(r"""<meta\b[^>]*http-equiv\s*=\s*["']?\s*refresh""", re.IGNORECASE)


def _with_policy(page: str) -> str:
    """``page`` opening with the site's Content-Security-Policy, before anything of the
    theme's: the parser puts it first in the head whatever the template wrote (a comment or
    a script that mentions <head>, a link before the head), so nothing loads from elsewhere.
    The theme's own doctype after it is ignored, its <html> attributes kept. A page that
    sends the reader elsewhere (meta refresh) is refused."""
    if _REFRESH.search(page):
        raise ThemeError("the theme's page sends the reader elsewhere (a meta refresh); the "
                         "site's pages may not")  # fmt: skip
    policy = f'<meta http-equiv="Content-Security-Policy" content="{escape(site_meta.CSP)}">'
    return f'<!DOCTYPE html>\n<meta charset="utf-8">\n{policy}\n{page}'


def _unsaid(resume: Resume, page: about.About | None) -> list[str]:
    """Warnings for an about page left empty, or written and not named."""
    if page:
        return []
    folder = resume.source.parent if resume.source else Path()
    if (folder / "about.md").is_file():
        return ["about.md is beside the resume, but the site does not use it: add  site: "
                "{about: about.md}  under resumekit:"]  # fmt: skip
    if not resume.basics.summary:
        return ["the about page has no text: write one and name it (resumekit.site.about), "
                "or give the resume a summary"]  # fmt: skip
    return []


#: Names Windows keeps for devices, which no file may have.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10))}


def _file_name(name: str) -> str:
    """``name`` as a file name to download as: no path, control, format (bidi) or reserved
    characters, no dot or space at its ends, no device name; "resume" when nothing is left."""
    kept = "".join(c for c in name if c not in '<>:"/\\|?*'
                   and unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp"))  # fmt: skip
    kept = " ".join(kept.split()).strip(". ")[:80]
    return kept if kept and kept.upper() not in _RESERVED else "resume"


def _description(summary: str | None) -> str:
    """The summary as plain text, cut at a word near ``_DESCRIPTION`` characters."""
    text = " ".join(markup.to_text(summary).split()) if summary else ""
    if len(text) <= _DESCRIPTION:
        return text
    return text[:_DESCRIPTION].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _photo(data_url: str) -> tuple[str, bytes]:
    """The photo (a data: URL in the view) as a file of the site: its name and bytes."""
    if not data_url.startswith("data:image/") or ";base64," not in data_url:
        return "", b""
    kind, encoded = data_url[5:].split(";base64,", 1)
    suffix = next((s for s, k in IMAGE_TYPES.items() if k == kind), None)
    return (f"photo{suffix}", base64.b64decode(encoded)) if suffix else ("", b"")


def _json(resume: Resume, site_url: str, photo_name: str) -> bytes:
    """The resume as JSON Resume, its photo the site's."""
    data = export(resume)
    if photo_name:
        data["basics"]["image"] = site_meta.absolute(site_url, photo_name)
    else:
        data["basics"].pop("image", None)
    return document_text(data).encode()


def _card(context: Context, site_url: str, photo_name: str) -> bytes:
    from resumekit.outputs import vcard

    photo = site_meta.absolute(site_url, photo_name) if site_url and photo_name else ""
    return vcard.card(context.resume, photo or context.model.image)


def _icons(context: Context) -> dict[str, bytes]:
    from resumekit.outputs import favicon

    return favicon.icons(context.model.name, fonts.text_family(context.options), _accent(context))


def _accent(context: Context) -> str:
    """The theme's accent; a theme without one gets near-black, as its text."""
    return str(context.options.get("accent") or "#1d1d1f")


def _w3c_day(stamp: str | None) -> str | None:
    """The day of a date and time (2026-11-24T10:00:00Z) for the sitemap, else None."""
    return stamp[:10] if stamp and re.match(r"\d{4}-\d{2}-\d{2}", stamp) else None

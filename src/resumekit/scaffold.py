"""``resumekit theme new``: a theme folder in ./themes/NAME that renders right away.

A child theme (``extends``) starts as a theme.toml and a style.css that says only what
differs, since stylesheets cascade along ``extends``. A standalone theme starts as copies of
the built-in compact's templates and stylesheet, so its owner can change every line of them.
Each file opens with a comment saying what it is for. Files are written through the write
boundary (``output_path``, ``write_atomic``), relative to the current folder, as ``init``.
"""

from __future__ import annotations

import textwrap
from importlib.resources import files
from pathlib import Path
from string import Template

from resumekit import builtin_themes, themes
from resumekit.errors import InputError, InvalidTheme, ThemeError
from resumekit.files import first_link, output_path, write_atomic
from resumekit.theme_config import NAME
from resumekit.theme_files import exists, read_text
from resumekit.theme_options import Option, shown
from resumekit.themes import find

#: Where a new theme goes, relative to the current folder: where `--theme NAME` looks.
THEMES = Path("themes")
#: What each copied file of a standalone theme is for, said in a comment at its top.
PURPOSE = {
    "resume.html.j2": "the page. The same template makes the HTML page and the PDF; it sees "
    "`resume` (the view model: see docs/themes.md), `options`, and `css` (the stylesheet, with "
    "the options as custom properties).",
    "_macros.html.j2": "partials that resume.html.j2 imports: how each kind of section "
    "(text, entries, list, keywords) is laid out.",
    "_masthead.html.j2": "the name, label and contacts at the top of the resume and of a "
    "cover letter.",
    "letter.html.j2": "a cover letter (`resumekit letter`): the masthead, then the letter; it "
    "sees `resume`, `options`, `css` and `letter` (date, recipient, subject, salutation, body, "
    "closing, signature).",
    "_letter.html.j2": "the letter's own part, below the masthead.",
    "_letter.css.j2": "a letter's styles, before style.css (which may change them).",
    "site.html.j2": "the site's about page (`resumekit site`): name, tagline, links to the "
    "resume's forms, the about text, contacts; it sees `resume`, `options`, `css` (the fonts "
    "only) and `site` (see docs/themes.md); resumekit opens it with a policy that lets "
    "nothing load from elsewhere.",
    "_site.css.j2": "the about page's styles: light, dark (prefers-color-scheme), phone and "
    "print; site.accent and site.accent_dark are the accent made readable.",
    "style.css": "the whole stylesheet, as this theme extends none. The options arrive as "
    "custom properties: var(--accent), var(--font), var(--font-size), var(--line-height), "
    "var(--space-xs) ... var(--space-xl).",
}
#: How a comment opens, continues and closes in each kind of copied file.
COMMENT = {".j2": ("{#", "  ", "#}"), ".css": ("/*", " * ", " */")}
WIDTH = 96


def new_theme(name: str, extends: str | None = None, force: bool = False) -> list[Path]:
    """Write the theme ``name`` into ./themes/NAME; return the files written.

    An existing folder is kept unless ``force`` (then the scaffold's files are overwritten
    and any others left as they are).
    """
    _check_name(name, "theme name")
    _check_free(name)
    contents = _child(name, extends) if extends is not None else _standalone(name)
    folder = THEMES / name
    _refuse_links(folder)
    if exists(folder) and not force:
        raise InputError(f"{folder} exists", hint="pass --force to overwrite its files")
    written = [output_path(folder, filename) for filename in contents]
    for path in written:
        write_atomic(path, contents[path.name].encode("utf-8"))
    return written


def _check_free(name: str) -> None:
    """Refuse a name an installed theme or another folder in ./themes has, in any letter case:
    on a case-insensitive file system (macOS, Windows) ./themes/Compact is ./themes/compact,
    and would take the built-in's place, also for every theme that extends it."""
    taken = next((ep.name for ep in themes.installed()
                      if ep.name.casefold() == name.casefold()), None)  # fmt: skip
    if taken:
        case = "" if taken == name else f" ('{taken}', in other letter case)"
        raise InputError(
            f"'{name}' is the name of an installed theme{case}; ./themes/{name} would take its "
            "place, also for every theme that extends it",
            hint="choose another name",
        )
    try:
        local = [p.name for p in THEMES.iterdir()] if THEMES.is_dir() else []
    except OSError:
        local = []
    other = next((n for n in local if n.casefold() == name.casefold() and n != name), None)
    if other:
        raise InputError(
            f"{THEMES / other} exists, and differs from '{name}' only in letter case; on macOS "
            "and Windows they are one folder",
            hint=f"choose another name, or use {other}",
        )


def _refuse_links(folder: Path) -> None:
    """Write only into real folders: a link at ./themes, ./themes/NAME or inside it would
    send the scaffold (or --force's overwrites) somewhere else. The write boundary refuses
    it too (``files.first_link``); this says so in theme new's words, before anything else."""
    found = first_link(folder, crowded="theme new writes into a folder of a theme's few files")
    if found:
        path, target, _ = found
        raise InputError(
            f"{path} is a symbolic link (to {target}); theme new writes only into real folders",
            hint="replace the link with a real folder or file",
        )


def _check_name(name: str, what: str) -> None:
    """Theme names are what `--theme` takes for a name rather than a path (theme_config.NAME)."""
    if not NAME.match(name):
        raise InputError(
            f"{shown(name)} is not a {what}: use 1 to 64 letters, digits, '_', '-' or '.', "
            "not starting with '.' or '-', nor ending with '.'",
            hint="for example: resumekit theme new mytheme --extends compact",
        )


def _child(name: str, extends: str) -> dict[str, str]:
    """theme.toml and style.css of a theme that extends ``extends``, listing its options."""
    _check_name(extends, "theme name for --extends")
    if extends == name:
        raise InputError(f"theme '{name}' cannot extend itself", hint="extend another theme")
    try:
        parent = find(extends, Path.cwd())
    except InvalidTheme:
        raise  # its diagnostics name the parent's theme.toml
    except ThemeError as exc:
        raise ThemeError(f"--extends: {exc.message}", hint=exc.hint) from None
    values = {"name": name, "extends": extends, "options": _listing(parent.options)}
    return {
        "theme.toml": _template("child.toml").substitute(values),
        "style.css": _template("child.css").substitute(values),
    }


def _standalone(name: str) -> dict[str, str]:
    """theme.toml declaring compact's options, and compact's templates and stylesheet."""
    folder = builtin_themes.compact
    copied = sorted(p.name for p in folder.iterdir() if p.suffix in COMMENT)
    contents = {"theme.toml": _template("standalone.toml").substitute(name=name)}
    for filename in copied:
        purpose = PURPOSE.get(filename, "a part of the page.")
        header = f"{filename} of the theme {name}: {purpose} A copy of compact's, yours to change."
        text = read_text(folder / filename, [folder])
        contents[filename] = _comment(header, *COMMENT[Path(filename).suffix]) + text
    return contents


def _comment(text: str, start: str, prefix: str, end: str) -> str:
    return "\n".join([start, textwrap.fill(text, WIDTH, initial_indent=prefix,
                                          subsequent_indent=prefix), end, ""])  # fmt: skip


def _template(filename: str) -> Template:
    return Template((files("resumekit") / "theme_scaffold" / filename).read_text("utf-8"))


def _listing(options: dict[str, Option]) -> str:
    """The parent's options as TOML comment lines: name, values, default and description."""
    lines = [textwrap.fill(f"{o.name} ({_kind(o)}; default {_value(o.default)}): {o.description}",
                           WIDTH, initial_indent="#   ", subsequent_indent="#       ")
             for o in options.values()]  # fmt: skip
    return "\n".join(lines) or "#   (none)"


def _kind(option: Option) -> str:
    if option.type == "choice":
        return "one of " + ", ".join(option.choices)
    if option.type == "number" and option.min is not None and option.max is not None:
        return f"a number from {_value(option.min)} to {_value(option.max)}"
    return {"color": "a color", "number": "a number", "boolean": "true or false"}[option.type]


def _value(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return f"{value:g}" if isinstance(value, float) else str(value)

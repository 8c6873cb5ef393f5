"""Theme templates to HTML: a sandboxed Jinja2 environment that sees only the view model."""

from __future__ import annotations

import dataclasses
import functools
import traceback
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from resumekit import builtin_themes, sandbox
from resumekit.errors import ThemeError
from resumekit.theme_config import NEUTRAL, PAGE_SIZES
from resumekit.theme_files import exists
from resumekit.theme_templates import ThemeLoader
from resumekit.themes import TEMPLATE, Theme
from resumekit.view import View

#: The theme whose letter and site templates a theme chain without them uses.
FALLBACK = "compact"


@functools.cache
def _environment(folders: tuple[Path, ...], names: tuple[str, ...] = ()) -> SandboxedEnvironment:
    """One environment per theme chain, kept warm between renders (watch, variants)."""
    return sandbox.ThemeSandbox(
        loader=ThemeLoader(folders, names),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=True,
    )


def option_css(options: dict[str, Any]) -> str:
    """The options as CSS custom properties (and the @page size, which cannot use var()); the
    font stack (--font) comes with the font faces (fonts.font_face_css), as it depends on the text.

    The values are the plan's: every option the theme declares, with its default when not
    given, and theme_config.NEUTRAL's value for one resumekit reads that the theme lacks (none
    for accent: no property). theme.toml may offer only the paper sizes in PAGE_SIZES.
    """
    size = float(options["font_size"])
    density = float(options["density"])
    page = PAGE_SIZES.get(str(options["page_size"]).lower(), PAGE_SIZES[NEUTRAL["page_size"]])
    accent = {"--accent": options["accent"]} if "accent" in options else {}
    props = {
        **accent,
        "--font-size": f"{size:.2f}pt",
        "--line-height": f"{1.1 + 0.15 * density:.3f}",
        **{f"--space-{k}": f"{v * density * size / 10:.2f}pt" for k, v in _SPACES.items()},
    }
    body = " ".join(f"{k}: {v};" for k, v in props.items())
    return f"@page {{ size: {page}; }}\n:root {{ {body} }}"


_SPACES = {"xs": 1.5, "s": 3.0, "m": 6.0, "l": 10.0, "xl": 16.0}


def stylesheet(theme: Theme, options: dict[str, Any], font_faces: str) -> str:
    """All CSS of the page: font faces, the options, then the theme's style.css."""
    return "\n".join([font_faces, option_css(options), theme.css()])


def render_html(
    theme: Theme,
    view: View,
    options: dict[str, Any],
    css: str,
    template_name: str = TEMPLATE,
    **more: Any,
) -> str:
    """Run the theme's template (the resume's, or ``template_name`` with ``more`` to see);
    template problems become ThemeErrors naming file and line."""
    env = _environment(theme.folders, theme.names)
    try:
        template = env.get_template(template_name)
        return sandbox.render(template, resume=view, options=options, css=Markup(css), **more)
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name}:{exc.lineno}"
        raise ThemeError(f"{where}: template syntax error: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise ThemeError(f"theme '{theme.name}' has no template {exc.name}") from None
    except (jinja2.TemplateError, TypeError, AttributeError, ValueError, ArithmeticError,
            LookupError, AssertionError, RuntimeError, MemoryError) as exc:  # fmt: skip
        # a sandbox refusal (TemplateError) or what the template's own code raised; Jinja's
        # filters assert on their arguments (truncate), RuntimeError covers RecursionError
        detail = str(exc) or type(exc).__name__
        raise ThemeError(f"{_template_line(exc)}: template error: {detail}") from None


def with_template(theme: Theme, template: str) -> Theme:
    """``theme`` with compact's folder at the end of its chain when no folder of it has
    ``template`` (a letter's, the site's): that template is looked up there too, while the
    stylesheet stays the theme's own."""
    if any(exists(folder / template) for folder in theme.folders):
        return theme
    return dataclasses.replace(theme, folders=(*theme.folders, builtin_themes.compact),
                               names=(*theme.names, FALLBACK))  # fmt: skip


def _template_line(exc: BaseException) -> str:
    """The template file and line where an error was raised, from its traceback."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return "template"
    return f"{frames[-1].filename}:{frames[-1].lineno}"

"""The command line: a thin typer layer over the Python API, a module per command.

Only this package exits. A ResumekitError prints as ``error: ...`` with its hint and exits
1 (2 for usage and I/O); anything else is a bug and shows its traceback. What the commands
share (the global options, the options several take) is in ``_common``; the consoles and the
one way to print a problem in ``resumekit.console``.

The command modules import only typer at the top; each command imports what it needs when it
runs, so ``validate`` never loads the render stack (WeasyPrint, Jinja, Babel) for a resume.
"""

from __future__ import annotations

from resumekit.cli import (
    convert,
    init,
    letter,
    render,
    schema,
    site,
    theme,
    themes,
    validate,
    watch,
)
from resumekit.cli._common import app
from resumekit.command import main  # the console script of installs made before 0.x: keep

# Registered here, in the order `resumekit --help` lists them.
app.command()(validate.validate)
app.command()(schema.schema)
app.command()(render.render)
app.command()(letter.letter)
app.command()(site.site)
app.command("themes")(themes.list_themes)
app.command("import")(convert.import_)
app.command()(convert.export)
app.command()(init.init)
app.command()(watch.watch)
app.add_typer(theme.app, name="theme")

__all__ = ["app", "main"]

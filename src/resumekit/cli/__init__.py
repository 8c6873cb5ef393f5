"""The command line: a thin typer layer over the Python API, a module per command.

Only this package exits. A ResumekitError prints as ``error: ...`` with its hint and exits
1 (2 for usage and I/O); anything else is a bug and shows its traceback. What the commands
share (the consoles, the global options, the one way to print a problem) is in ``_common``.

The command modules import only typer and rich at the top; each command imports what it
needs when it runs, so ``validate`` never loads the render stack (WeasyPrint, Jinja, Babel).
"""

from __future__ import annotations

import gc

from resumekit.cli import convert, init, render, schema, theme, themes, validate, watch
from resumekit.cli._common import app

# Registered here, in the order `resumekit --help` lists them.
app.command()(validate.validate)
app.command()(schema.schema)
app.command()(render.render)
app.command("themes")(themes.list_themes)
app.command("import")(convert.import_)
app.command()(convert.export)
app.command()(init.init)
app.command()(watch.watch)
app.add_typer(theme.app, name="theme")

#: Objects allocated between two collections of the youngest generation (Python's is 700).
YOUNG_OBJECTS = 10_000


def main() -> None:
    """The ``resumekit`` command.

    A command runs once and exits, and most of what it makes lives until then (modules,
    models, templates), so the collector's passes over it free little: they run ten times
    less often, and at exit everything is frozen so the interpreter's last collection has
    nothing to walk (about 150 ms of a render, with peak memory unchanged). Temporary
    files are removed by their owners' exit handlers, not by collection.
    """
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
    try:
        app(prog_name="resumekit")
    finally:
        gc.freeze()


__all__ = ["app", "main"]

"""The ``resumekit`` command (console script and ``python -m resumekit``).

It imports the command line only once a render's PDF worker is forked (``pdf_worker``), so
that WeasyPrint's import in the worker overlaps every import here.

A command runs once and exits, and most of what it makes lives until then (modules,
models, templates), so the collector's passes over it free little: they run ten times
less often, and at exit everything is frozen so the interpreter's last collection has
nothing to walk (about 150 ms of a render, with peak memory unchanged). Temporary files
are removed by their owners' exit handlers, not by collection.

``resumekit validate`` given files alone (the commit hook's call) runs without the command
line's parser: typer and its commands cost a tenth of a ``validate``, for nothing the call
needs; any option (``--help``), and other systems (click expands wildcards on Windows), go
through the command line as every other command does.

pydantic looks for plugins (tracing hooks) among every installed package's entry points
when the first model is built, about 10 ms of a ``validate``: the command's models run
without them, unless PYDANTIC_DISABLE_PLUGINS is set otherwise.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

#: Objects allocated between two collections of the youngest generation (Python's is 700).
YOUNG_OBJECTS = 10_000


def main() -> None:
    """Run the command line on ``sys.argv``."""
    setup()
    args = sys.argv[1:]
    try:
        if files_only(args, "validate"):
            from resumekit.validate_files import validate_files

            raise SystemExit(validate_files([Path(arg) for arg in args[1:]]))
        from resumekit import pdf_worker

        with pdf_worker.started(args):
            from resumekit.cli import app

            app(prog_name="resumekit")
    except KeyboardInterrupt:  # Ctrl-C outside the command line (which exits 130 too)
        raise SystemExit(130) from None
    finally:
        gc.freeze()


def setup() -> None:
    """What the process is set to before any command runs (see above): fewer collections,
    no pydantic plugins."""
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def files_only(args: list[str], command: str) -> bool:
    """Whether ``args`` are ``command`` followed by file names alone (no option, no empty
    name), on a system where the command line would take each as it is."""
    return (
        os.name == "posix"
        and args[:1] == [command]
        and all(arg and not arg.startswith("-") for arg in args[1:])
    )

"""The ``resumekit`` command (console script and ``python -m resumekit``).

It imports the command line only once a render's PDF worker is forked (``pdf_worker``), so
that WeasyPrint's import in the worker overlaps every import here.

A command runs once and exits, and most of what it makes lives until then (modules,
models, templates), so the collector's passes over it free little: they run ten times
less often, and at exit everything is frozen so the interpreter's last collection has
nothing to walk (about 150 ms of a render, with peak memory unchanged). Temporary files
are removed by their owners' exit handlers, not by collection.

pydantic looks for plugins (tracing hooks) among every installed package's entry points
when the first model is built, about 10 ms of a ``validate``: the command's models run
without them, unless PYDANTIC_DISABLE_PLUGINS is set otherwise.
"""

from __future__ import annotations

import gc
import os
import sys

from resumekit import pdf_worker

#: Objects allocated between two collections of the youngest generation (Python's is 700).
YOUNG_OBJECTS = 10_000


def main() -> None:
    """Run the command line on ``sys.argv``."""
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        with pdf_worker.started(sys.argv[1:]):
            from resumekit.cli import app

            app(prog_name="resumekit")
    except KeyboardInterrupt:  # Ctrl-C before the command line took over (it exits 130 too)
        raise SystemExit(130) from None
    finally:
        gc.freeze()

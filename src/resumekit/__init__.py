"""resumekit: resume as code.

The public API is two functions: ``load(path)`` gives a validated Resume, and
``render(resume, ...)`` writes PDF and HTML. Heavy modules load only when used, so
that ``resumekit validate`` (the pre-commit hook) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from resumekit.errors import Diagnostic, InvalidResume, ResumekitError

if TYPE_CHECKING:
    from resumekit.api import render
    from resumekit.loader import load

__all__ = ["Diagnostic", "InvalidResume", "ResumekitError", "__version__", "load", "render"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: the schema, importlib.metadata and the renderer are slow to
    # import, and a command that forks a PDF worker does so before it needs any of them.
    if name == "load":
        from resumekit.loader import load

        return load
    if name == "render":
        from resumekit.api import render

        return render
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("resumekit")
        except PackageNotFoundError:  # a source tree that is not installed
            return "0+unknown"
    raise AttributeError(name)

"""resumekit: resume as code.

The public API is two functions: ``load(path)`` gives a validated Resume, and
``render(resume, ...)`` writes PDF and HTML. Heavy modules load only when used, so
that ``resumekit validate`` (the pre-commit hook) stays fast.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from resumekit.errors import Diagnostic, InvalidResume, ResumekitError
from resumekit.loader import load

if TYPE_CHECKING:
    from resumekit.api import render

try:
    __version__ = version("resumekit")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["Diagnostic", "InvalidResume", "ResumekitError", "__version__", "load", "render"]


def __getattr__(name: str) -> Any:
    if name == "render":
        from resumekit.api import render

        return render
    raise AttributeError(name)

"""Import WeasyPrint without searching the system for libraries it loads by file name.

WeasyPrint loads Pango, GObject, HarfBuzz and fontconfig with cffi's ``dlopen``, trying
several names for each (Windows, MSYS2, Linux, macOS). For every name the dynamic loader
refuses, cffi asks ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p`` and a
compiler: 22 searches and about 200 ms of every render, although each library's list also
holds its file name (``libpango-1.0.so.0``, ``libpango-1.0.dylib``), which the loader finds
by itself, the same file the search would name. While WeasyPrint is imported, the search
answers "not found" at once, so WeasyPrint goes on to the next name; should that leave a
library unloaded (a system only the search knows how to find), it is imported again with the
real search. ``tests/test_weasyprint_import.py`` fails if WeasyPrint stops needing this or
this stops working.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib
import io
import sys
from types import ModuleType


def _not_searched(name: str) -> None:
    return None


def load() -> ModuleType:
    """The ``weasyprint`` module, imported once per process."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    search = ctypes.util.find_library
    ctypes.util.find_library = _not_searched
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # its advice on failing, said below
            return importlib.import_module("weasyprint")
    except OSError:
        for name in [name for name in sys.modules if name.partition(".")[0] == "weasyprint"]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = search
    return importlib.import_module("weasyprint")

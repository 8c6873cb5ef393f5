"""Import WeasyPrint without the work its import does for what a resume rarely needs.

**Libraries.**
WeasyPrint loads Pango, GObject, HarfBuzz and fontconfig with cffi's ``dlopen``, trying
several names for each (Windows, MSYS2, Linux, macOS). For every name the dynamic loader
refuses, cffi asks ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p`` and a
compiler: 22 searches and about 200 ms of every render, although each library's list also
holds its file name (``libpango-1.0.so.0``, ``libpango-1.0.dylib``), which the loader finds
by itself, the same file the search would name. While WeasyPrint is imported, the search
answers "not found" at once, so WeasyPrint goes on to the next name; should that leave a
library unloaded (a system only the search knows how to find), it is imported again with the
real search.

**fontTools.** WeasyPrint imports ``fontTools.subset`` and ``fontTools.varLib.instancer``
(about 110 ms) but calls them only for a variable or colour font, or where HarfBuzz cannot
subset; a resume's fonts are static, and HarfBuzz subsets them. While WeasyPrint is imported,
stand-ins take their place: the first use of one imports the real module and hands on to it.

``tests/test_weasyprint_import.py`` fails if WeasyPrint stops needing either or either stops
working.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import functools
import importlib
import io
import sys
from types import ModuleType
from typing import Any

#: Modules WeasyPrint imports and rarely uses, with the names it takes from them on import.
DEFERRED = {"fontTools.subset": (), "fontTools.varLib.instancer": ("instantiateVariableFont",)}


class _StandIn(ModuleType):
    """A module's place while WeasyPrint is imported; the real one is imported on first use."""

    def __init__(self, name: str, functions: tuple[str, ...]) -> None:
        super().__init__(name)
        for function in functions:
            setattr(self, function, functools.partial(_call, name, function))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # what the import system asks of a module
            raise AttributeError(name)
        return getattr(_real(self.__name__), name)


def _real(module: str) -> ModuleType:
    if isinstance(sys.modules.get(module), _StandIn):
        raise ImportError(f"{module} is used while WeasyPrint is being imported")
    return importlib.import_module(module)


def _call(module: str, function: str, *args: Any, **kwargs: Any) -> Any:
    return getattr(_real(module), function)(*args, **kwargs)


def _not_searched(name: str) -> None:
    return None


def load() -> ModuleType:
    """The ``weasyprint`` module, imported once per process."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    search = ctypes.util.find_library
    ctypes.util.find_library = _not_searched
    stand_ins = {name: _StandIn(name, names) for name, names in DEFERRED.items()
                 if name not in sys.modules}  # fmt: skip
    sys.modules.update(stand_ins)
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # its advice on failing, said below
            return importlib.import_module("weasyprint")
    except OSError:
        for name in [name for name in sys.modules if name.partition(".")[0] == "weasyprint"]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = search
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
    return importlib.import_module("weasyprint")

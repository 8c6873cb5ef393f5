"""WeasyPrint is imported without ``ctypes.util.find_library``, loading the same libraries.

Each test runs a fresh interpreter: WeasyPrint loads its libraries once per process. These
tests fail when WeasyPrint changes how it loads them, in either direction: if it stops
searching, ``resumekit.weasyprint_import`` is no longer needed; if its list of names no
longer holds names the loader takes directly, the shim no longer spares anything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SPY = """
import ctypes.util, json, sys
searched = []
real = ctypes.util.find_library
def spy(name):
    searched.append(name)
    return real(name)
ctypes.util.find_library = spy
{load}
libraries = sorted({{line.split()[-1] for line in open("/proc/self/maps")
                    if any(part in line for part in ("libgobject-2.0", "libpango-1.0",
                           "libpangoft2-1.0", "libharfbuzz", "libfontconfig"))}})
print(json.dumps({{"searched": searched, "libraries": libraries,
                  "restored": ctypes.util.find_library is spy}}))
"""


def _run(load: str) -> dict:
    done = subprocess.run([sys.executable, "-c", SPY.format(load=load)], capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


needs_proc = pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc")


@needs_proc
def test_weasyprint_loads_the_same_libraries_without_a_search():
    plain = _run("import weasyprint")
    ours = _run("from resumekit import weasyprint_import; weasyprint_import.load()")
    assert plain["searched"], (
        "WeasyPrint no longer calls ctypes.util.find_library when it is imported: "
        "resumekit.weasyprint_import can go"
    )
    assert ours["searched"] == [], (
        "WeasyPrint's names no longer load directly, so its import searches again: "
        "look at its _dlopen lists in weasyprint/text/ffi.py"
    )
    assert ours["libraries"] == plain["libraries"]
    assert any("libpango-1.0" in path for path in ours["libraries"])
    assert ours["restored"]


def test_a_system_where_only_the_search_finds_the_libraries_still_imports():
    """Where the loader refuses every name WeasyPrint lists (libraries kept where only
    ldconfig or a compiler knows), the import is done again with the real search, and the
    advice WeasyPrint prints on its way to failing is not shown."""
    code = """
import ctypes.util, sys
import cffi.api
from resumekit import weasyprint_import
real_dlopen = cffi.api.FFI.dlopen
def dlopen(self, name, flags=0):
    if ctypes.util.find_library is weasyprint_import._not_searched:
        raise OSError(f"cannot load {name}")
    return real_dlopen(self, name, flags)
cffi.api.FFI.dlopen = dlopen
module = weasyprint_import.load()
assert ctypes.util.find_library is not weasyprint_import._not_searched
assert module.HTML(string="<p>x</p>").write_pdf().startswith(b"%PDF")
print("imported")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "imported\n"


def test_loading_twice_gives_the_module_already_imported():
    from resumekit import weasyprint_import

    first = weasyprint_import.load()
    assert weasyprint_import.load() is first is sys.modules["weasyprint"]


VARIABLE_FONT_PAGE = """
import hashlib, sys
{load}
import fontpkg_noto_sans_tamil, pathlib
font = next(pathlib.Path(fontpkg_noto_sans_tamil.__file__).parent.glob("files/*.ttf"))
import weasyprint.pdf.fonts
if {without_harfbuzz}:
    weasyprint.pdf.fonts.harfbuzz_subset = None  # WeasyPrint subsets with fontTools then
page = (f"<style>@font-face {{{{font-family: V; src: url({{font.as_uri()}})}}}}"
        "body {{{{font-family: V; font-weight: 600}}}}</style><p>தமிழ் Tamil</p>")
pdf = weasyprint.HTML(string=page).write_pdf()
print(hashlib.sha256(pdf).hexdigest())
print(sorted(m for m in sys.modules if m in ("fontTools.subset", "fontTools.varLib.instancer")))
"""


@pytest.mark.parametrize("without_harfbuzz", [False, True])
def test_fonttools_is_imported_when_weasyprint_needs_it_with_the_same_result(without_harfbuzz):
    """A variable font is instanced by fontTools (and, without HarfBuzz's subsetter, subset by
    it): through the stand-ins the PDF is the one a plain import makes."""

    def run(load: str) -> list[str]:
        code = VARIABLE_FONT_PAGE.format(load=load, without_harfbuzz=without_harfbuzz)
        env = {**os.environ, "SOURCE_DATE_EPOCH": "0"}  # fontTools dates the fonts it writes
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=False, env=env)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    plain = run("import weasyprint")
    ours = run("from resumekit import weasyprint_import; weasyprint = weasyprint_import.load()")
    assert ours == plain
    assert "fontTools.varLib.instancer" in ours[1]  # a variable font is instanced


def test_a_resume_render_does_not_import_what_weasyprint_rarely_uses(tmp_path):
    """The stand-ins are in WeasyPrint's fonts module (fails if WeasyPrint stops importing
    these, so they can go), and rendering a resume leaves fontTools' subsetter unimported."""
    code = """
import sys
from resumekit import weasyprint_import
weasyprint_import.load()
import weasyprint.pdf.fonts as fonts
assert isinstance(fonts.subset, weasyprint_import._StandIn), type(fonts.subset)
assert fonts.instantiateVariableFont.func is weasyprint_import._call
import resumekit
resumekit.render(resumekit.load(sys.argv[1]), formats=["pdf"], output=sys.argv[2])
print(sorted(m for m in sys.modules if m in weasyprint_import.DEFERRED))
"""
    seed = Path(__file__).resolve().parents[1] / "resume.yaml"
    done = subprocess.run([sys.executable, "-c", code, str(seed), str(tmp_path)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"

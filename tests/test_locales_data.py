"""Locales are decided from babel's data exactly as babel decides them, wherever the install
keeps that data (Debian links it in from /usr/share)."""

from __future__ import annotations

import functools
import os
import pickle
import random
import shutil
import subprocess
import sys
from pathlib import Path

import babel
import pytest
from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers

from resumekit import locales
from resumekit.cli import app
from resumekit.errors import InputError, ResumekitError
from test_hostile import run_cli

REVIEWED = [
    "iw", "in", "tl", "mo", "iw_IL", "en_UK", "en_US_POSIX", "de-1996", "ca-ES-valencia",
    "en-GB-oxendict", "root", "en_Hant", "ja_Latn", "und", "und-AT", "zh-TW", "zh_CN",
    "sr-Latn-BA", "es-419", "pt_BR", "cnr", "sh", "no", "de_DE.UTF-8", "de_DE@euro", "en@",
    "en.US", "und_ZZ", "en_Zzzz", "el_polytoni", "en-AN", "en-CS", "en_1996_US",
]  # fmt: skip
GARBAGE = [
    "", "-", "_", "@", ".", "x", "xx-qq", "english", "12", "en__US", "_en", "en_", "en-US-",
    "en_US_POSIX_x", "en-1-2", "de/../en", "en US", "en\n", "a" * 65, "en_US@x@y",
]  # fmt: skip


def babel_says(tag: str) -> str | None:
    """What render used before: babel's own parse, None where it refuses."""
    try:
        return str(Locale.parse(tag.replace("-", "_")))
    except (ValueError, UnknownLocaleError):
        return None


def resumekit_says(tag: str) -> str | None:
    try:
        return locales.identifier(tag)
    except ResumekitError:
        return None


def spellings(tag: str) -> set[str]:
    return {tag, tag.lower(), tag.upper(), tag.swapcase(), tag.replace("_", "-")}


def test_every_tag_resolves_as_babel_resolves_it():
    tags = {s for t in [*locale_identifiers(), *REVIEWED] for s in spellings(t)} | {*GARBAGE}
    differ = {t: (babel_says(t), resumekit_says(t)) for t in sorted(tags)}
    differ = {t: both for t, both in differ.items() if both[0] != both[1]}
    assert differ == {}
    assert [locales.identifier(t) for t in ("iw", "en_UK", "tl", "ca-es-valencia", "root")] == [
        "he_IL", "en_GB", "fil_PH", "ca_ES_VALENCIA", "root"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("tag", "shown"),
    [("\u212aa", "'\u212aa'"), ("d\u0131", "'d\u0131'"), ("ｅｎ", "'ｅｎ'"),
     ("de\u00a0CH", "'de\\xa0CH'"), ("he\u202eIL", "'he\\u202eIL'")],
)  # fmt: skip
def test_only_ascii_is_a_tag(tag, shown):
    """babel would read the Kelvin sign as k (\u212aa is ka); resumekit refuses it."""
    with pytest.raises(ResumekitError) as info:
        locales.identifier(tag)
    assert info.value.message == (
        f"unknown locale {shown}: a language tag is ASCII letters and digits joined by - or _, "
        "such as de-CH"
    )


def test_a_missing_babel_is_a_clear_error(monkeypatch):
    """A real check, not an assert that ``python -O`` would drop."""
    monkeypatch.setattr(locales.importlib.util, "find_spec", lambda name: None)
    for cached in (locales._known, locales._global_data):
        monkeypatch.setattr(locales, cached.__name__, functools.cache(cached.__wrapped__))
    with pytest.raises(InputError) as info:
        locales.identifier("de")
    assert info.value.message == "babel is not installed"
    assert info.value.hint == "reinstall resumekit"


def test_validate_and_render_agree_on_an_alias(runner, write, tmp_path):
    path = write("resume.yaml", "basics: {name: Ada}\nresumekit: {locale: iw}\n")
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 0
    result = runner.invoke(app, ["render", str(path), "-f", "html", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert 'lang="he' in (tmp_path / "out" / "resume.html").read_text()


def debian_babel(root: Path) -> Path:
    """A copy of babel laid out as Debian's python3-babel: its global.dat and locale-data are
    relative links into share/python-babel-localedata. Returns the site folder."""
    site = root / "lib" / "python3" / "dist-packages"
    data = root / "share" / "python-babel-localedata"
    real = Path(babel.__file__).parent
    skip = shutil.ignore_patterns("locale-data", "global.dat")
    shutil.copytree(real, site / "babel", ignore=skip)
    data.mkdir(parents=True)
    shutil.copy(real / "global.dat", data / "global.dat")
    (data / "locale-data").mkdir()
    for name in ("root", "en", "en_US", "en_001", "en_150", "en_GB", "de", "de_CH"):
        shutil.copy(real / "locale-data" / f"{name}.dat", data / "locale-data")
    for name in ("global.dat", "locale-data"):
        (site / "babel" / name).symlink_to(f"../../../../share/python-babel-localedata/{name}")
    return site


def test_render_with_babel_data_behind_links(tmp_path, monkeypatch):
    site = debian_babel(tmp_path / "usr")
    monkeypatch.setenv("PYTHONPATH", str(site))
    found = subprocess.run([sys.executable, "-c", "import babel; print(babel.__file__)"],
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert found.strip() == str(site / "babel" / "__init__.py")
    assert run_cli("init", cwd=tmp_path).returncode == 0
    assert run_cli("validate", cwd=tmp_path).returncode == 0
    for tag, lang in [("en", "en"), ("de-CH", "de-CH"), ("en-UK", "en-GB")]:
        done = run_cli("render", "-f", "html", "--locale", tag, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert f'lang="{lang}"' in (tmp_path / "out" / "resume.html").read_text()
    done = run_cli("render", "-f", "html", "--locale", "fr", cwd=tmp_path)  # not in this copy
    assert (done.returncode, done.stderr.splitlines()[0]) == (1, "error: unknown locale 'fr'")


class Runs:
    """A pickle that calls ``func(*args)`` when loaded: what a hostile global.dat would hold."""

    def __init__(self, func: object, *args: object) -> None:
        self.call = (func, args)

    def __reduce__(self) -> tuple[object, ...]:
        return self.call


def shared_tuples(depth: int) -> bytes:
    """{t: 1} where t = (t', t') nested ``depth`` deep through the memo: hashing t takes
    2**depth steps from a few hundred bytes."""
    body = b"X\x01\x00\x00\x00aq\x000" + b"h\x00h\x00\x86q\x000" * depth
    return b"\x80\x02}" + body + b"h\x00K\x01s."


def fake_babel(root: Path, data: bytes, monkeypatch) -> Path:
    """A babel package first on PYTHONPATH: babel's own ``__init__`` and locale-data, and
    ``data`` as its global.dat, which is returned."""
    real = Path(babel.__file__).parent
    (root / "babel").mkdir(parents=True)
    shutil.copy(real / "__init__.py", root / "babel")
    (root / "babel" / "locale-data").symlink_to(real / "locale-data")
    (root / "babel" / "global.dat").write_bytes(data)
    monkeypatch.setenv("PYTHONPATH", str(root))
    return root / "babel" / "global.dat"


def validate_zh_tw(folder: Path) -> subprocess.CompletedProcess:
    """zh-TW has no data file of its own: babel's likely subtags in global.dat find it."""
    (folder / "resume.yaml").write_text("basics: {name: Ada}\nresumekit: {locale: zh-TW}\n")
    return run_cli("validate", "resume.yaml", cwd=folder)


GLOBAL = (Path(babel.__file__).parent / "global.dat").read_bytes()
CAP = locales._GLOBAL_LIMIT


@pytest.mark.parametrize(
    "data",
    [
        random.Random(12).randbytes(1000),
        b"\x80\x04\x95",
        b"",
        pickle.dumps([1, 2]),
        pickle.dumps({"language_aliases": 5}),
        pickle.dumps({"likely_subtags": {"zh_TW": 5}}),
        pickle.dumps({"territory_aliases": {"TW": []}}),
        pickle.dumps({"likely_subtags": {"zh_TW": [1 << 70]}}),
        pickle.dumps(Runs(bytearray, 1 << 40)),
        pickle.dumps(Runs(os.system, "touch PWNED")),
        pickle.dumps(Runs(exec, "open('PWNED', 'w')"), protocol=0),
        pickle.dumps(Runs(os.system, "touch PWNED"), protocol=5),
        shared_tuples(64),
        b"\x80\x02](" + b"2" * 1000 + b"e.",  # DUP: one list many times
        b"\x80\x02](" + b"]" * (CAP - 7) + b"e.",  # as many objects as fit in the cap
        GLOBAL[:-1],
        GLOBAL[: len(GLOBAL) // 2],
        GLOBAL.replace(b"zh_Hant_TW", b"zh_Hant_T\xff"),
    ],
    ids=[
        "random", "truncated-frame", "empty", "list", "table-not-dict", "value-not-str",
        "empty-territory-list", "big-int", "huge-bytearray", "os-system", "exec-protocol-0",
        "os-system-protocol-5", "shared-tuples", "dup", "objects-up-to-the-cap",
        "no-stop", "half", "bad-utf8",
    ],
)  # fmt: skip
def test_a_damaged_or_hostile_global_dat_is_one_clear_error(tmp_path, monkeypatch, data):
    """Loaded as plain data or not at all: no code runs, memory and time stay bounded."""
    path = fake_babel(tmp_path / "site", data, monkeypatch)
    done = validate_zh_tw(tmp_path)
    assert done.stderr.splitlines() == [
        f"error: {path}: babel's data file is damaged", "hint: reinstall babel"
    ]  # fmt: skip
    assert done.returncode == 2
    assert not (tmp_path / "PWNED").exists()


def test_a_global_dat_past_its_cap_is_refused(tmp_path, monkeypatch):
    path = fake_babel(tmp_path / "site", GLOBAL + b"\0" * CAP, monkeypatch)
    done = validate_zh_tw(tmp_path)
    assert done.stderr.splitlines() == [
        f"error: {path}: refused babel's data: not a regular file of at most 2 MiB",
        "hint: reinstall babel",
    ]
    assert done.returncode == 2


@pytest.mark.parametrize("protocol", [2, 3, 4, 5])
def test_babel_data_pickled_with_any_binary_protocol_is_read(tmp_path, monkeypatch, protocol):
    """babel writes protocol 2; a later babel may write a later one."""
    fake_babel(tmp_path / "site", pickle.dumps(pickle.loads(GLOBAL), protocol), monkeypatch)
    done = validate_zh_tw(tmp_path)
    assert (done.returncode, done.stderr) == (0, "")

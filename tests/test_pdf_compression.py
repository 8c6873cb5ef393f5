"""The PDF's streams are compressed at zlib's default level, not pydyf's 9 (pdf._compressed)."""

from __future__ import annotations

import inspect
import zlib

import pydyf
import pypdf

import resumekit
from conftest import SEED
from resumekit import pdf


def test_pydyf_still_compresses_with_the_zlib_it_imports():
    assert "zlib.compressobj(" in inspect.getsource(pydyf.Stream)  # what the shim stands in for


def test_every_stream_is_compressed_at_the_level_resumekit_sets(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    resumekit.render(resumekit.load(SEED), formats=["pdf"], output=tmp_path)
    reader = pypdf.PdfReader(tmp_path / "resume.pdf")
    checked = 0
    for number in range(1, len(reader.xref_objStm) + len(reader.resolved_objects) + 200):
        try:
            stream = reader.get_object(number)
        except Exception:  # numbers past the last object, or in object streams
            continue
        if (
            isinstance(stream, pypdf.generic.StreamObject)
            and stream.get("/Filter") == "/FlateDecode"
        ):
            raw = stream._data
            assert zlib.compress(zlib.decompress(raw), pdf.COMPRESS_LEVEL) == raw
            checked += 1
    assert checked > 5  # the pages' contents and the fonts
    assert pydyf.zlib is zlib  # put back once the PDF is written

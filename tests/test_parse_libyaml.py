"""A resume's YAML is read from libyaml's events where libyaml reads it as ruamel's own
parser does (yaml_tree._Libyaml), else by ruamel's parser. Whatever the libyaml path
accepts must give the data and positions ruamel's parser gives; what it refuses or gives way
on is read (and its problems reported) by ruamel's parser, as before."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from conftest import DATA, ROOT, SEED
from resumekit import parse, yaml_tree
from resumekit.errors import InvalidResume

pytestmark = pytest.mark.skipif(yaml_tree.CParser is None, reason="no ruamel.yaml.clib")

TRICKY = [
    "a: 1\nb: [1, 2, {c: d}]\n",
    '{"basics": {"name": "Ada"}, "work": [{"name": "X", "highlights": ["a", "b"]}]}',
    '{"a":1, "b":"x"}',
    "a: &x {b: 1}\nc: *x\nd:\n  <<: *x\n  e: 2\n",
    "%YAML 1.2\n---\na: 1\n",
    "%YAML 1.1\n---\na: yes\nb: on\nc: 0o17\nd: 017\ne: 1_000\nf: 12:30\n",
    "a: |\n  line one\n   line two\n\n  last\nb: >-\n  folded\n  text\n",
    "a: |2\n    indented\nb: >+\n  keep\n\n",
    "- a\n- - b\n  - c\n- d: e\n  f: g\n",
    "a: 'it''s'\nb: \"tab\\there \\u00e9 \\U0001F600\"\nc: \"\\/\"\n",
    "a: x # comment\n# whole line\nb: y\n",
    "é: ü\n日本: 語\n😀: '🎉'\nkey: 'after 😀 emoji'\n",
    "a: b\r\nc: d\r\n",
    "a: b\rc: d\r",
    "a: x\u2028y\nb: z\n",
    "a: x\x85y\nb: z\n",
    "a: \u00a0lead\nb: trail\u00a0\n",
    "? complex\n: value\n? [a, b]\n: c\n",
    "a: !!str 1\nb: !!int '2'\nc: !!float 3\nd: !!null ''\n",
    "a: null\nb: ~\nc:\nd: true\ne: False\nf: .inf\ng: -.nan\nh: 0x1f\n",
    "a: 2023-10\nb: 2023-10-01\nc: 2001-12-14t21:59:43.10-05:00\n",
    "=: x\n",
    "a:\n  - b\n  -\n  - c\n",
    "a: {b: , c: }\n",
    "--- \na: 1\n...\n",
    "a: 1\n---\nb: 2\n",
    "a:\tb\n",
    "\ta: b\n",
    "a: b: c\n",
    "a: 'unclosed\n",
    'a: "\\ud83d\\ude00"\n',
    'a: "\\ud83d"\n',
    'a: "\\UFFFFFFFF"\n',
    "a: *nothing\n",
    "a: &x [*x]\n",
    "a: !python/object:os.system x\n",
    "a: 1\na: 2\n",
    "[a, b]: c\n",
    "a: " + "1234567890" * 11 + "\n",
    "a: \x01\n",
    "a: \ufeffb\n",
    "a: [1, 2\n",
    "a: {b: c\n",
    "a:\n- b\n  c\n",
    "  a: 1\nb: 2\n",
    "a: 'x'y\n",
    "a: @x\n",
    "a: `x\n",
    "a: b\n  c: d\n",
    "",
    "# only a comment\n",
    "a: b #c\n#d\n",
    "a: ! x\n",
    "a: !<tag:yaml.org,2002:str> x\n",
    "a: !local x\n",
    "%TAG !e! tag:example.com,2000:\n---\na: !e!foo x\n",
    "a: [a: b, c]\n",
    "a: {? b, c: d}\n",
    'a: "multi\n  line\n\n  quoted"\n',
    "a: plain\n  continued\n\n  para\n",
    # found by an attack review: a line of spaces opening a block scalar, U+FEFF
    "a: |\n \n  x\n",
    "basics:\n  name: Ada\n  summary: >\n \n    Hello\n",
    "a:\n- |-\n \n  x\n",
    "a: >+\r \r  x\r",
    "a: {b: x\ufeffy, c: d}\n",
    "basics:\n  name: Ada\n\ufeff\nwork: []\n",
    "\ufeff\ufeffbasics: x\n",
    # found by a second review: a JSON-like pair in a flow sequence, a second end of document
    'x: ["a":b]\n',
    "x: ['a':[b]]\n",
    "x: ['q' :x-]\n",
    "x: [[a]:b]\n",
    "basics:\n  name: Ada\n...\n...\n",
    "a: b\n...\n# c\n...\n",
]


def outcome(text: str, libyaml: bool) -> tuple[Any, ...] | None:
    """What loading gives: the plain data and every position, or the kind of failure; None
    where the libyaml path gives way to ruamel's parser."""
    if libyaml and not yaml_tree._Libyaml.reads(text):
        return None
    try:
        tree = yaml_tree._load(text, yaml_tree._Libyaml(text) if libyaml else None)
        if libyaml and not isinstance(tree, CommentedMap):
            return None
        data = parse._Plain(Path("x.yaml")).convert(tree, (1, 1), [])
    except yaml_tree._Unlike:
        return None
    except Exception as exc:
        return ("failed", type(exc).__name__)
    return ("loaded", typed(data), positions(tree))


def typed(value: Any) -> Any:
    """``value`` with the type of each part, so that 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def positions(node: Any) -> list[Any]:
    if isinstance(node, CommentedMap):
        own = [(k, v) for k, v in (node.lc.data or {}).items()]
        return [(node.lc.line, node.lc.col), own, [positions(v) for v in node.values()]]
    if isinstance(node, CommentedSeq):
        items = [node.lc.item(i) for i in range(len(node))]
        return [(node.lc.line, node.lc.col), items, [positions(v) for v in node]]
    return []


def agree(text: str) -> None:
    fast = outcome(text, libyaml=True)
    if fast is not None and fast[0] == "loaded":  # else ruamel's parser takes over, as before
        assert fast == outcome(text, libyaml=False), text


FILES = sorted({*DATA.rglob("*.yaml"), SEED, ROOT / "src" / "resumekit" / "starter.yaml"})


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_here_loads_the_same(path):
    agree(path.read_text(encoding="utf-8-sig", errors="replace"))


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_yaml_loads_the_same_or_falls_back(text):
    agree(text)


#: Pieces of YAML: indicators, breaks (NEL and LS too), quotes, escapes, wide characters.
PIECES = [*"ab1 :-?[]{},#&*!|>'\"%@`\n\t\\.~=<\r\u2028\x85\ufeffé😀", "\n  ", "- ", ": ", "\n \n",
          " \r", "|\n", ">-\n", '"a":', "]:", "\n...", "\n---"]  # fmt: skip
YAMLISH = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
#: Generated texts per property (`YAML_EXAMPLES=20000` for a longer search).
EXAMPLES = int(os.environ.get("YAML_EXAMPLES", "400"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=YAMLISH)
def test_random_yaml_loads_the_same_or_falls_back(text):
    agree(text)


@settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(0, 20_000), junk=YAMLISH)
def test_the_seed_with_junk_spliced_in_loads_the_same_or_falls_back(cut, junk):
    text = SEED.read_text(encoding="utf-8")
    cut %= len(text)
    agree(text[:cut] + junk + text[cut:])


def test_a_well_formed_resume_is_parsed_from_libyaml(monkeypatch):
    """ruamel's own parser is not used for the seed (else the speed-up is gone)."""

    class Unused:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            raise AssertionError("ruamel's parser was used")

    monkeypatch.setattr(yaml_tree, "Parser", Unused)
    data, _ = parse.parse(SEED, SEED.read_bytes())
    assert data["basics"]["name"] == "Senthilkumar Gopal"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [1, 2\n", "2:1"),
        ("a:\tb\n", "YAML"),
        ('a: "\\ud83d"\n', "surrogate"),
        ("a: &x [*x]\n", "alias *x is used inside its own anchor"),
        ("a: !python/object:os.system x\n", "YAML tag !python/object:os.system is not allowed"),
    ],
)
def test_problems_are_said_as_ruamels_parser_says_them(monkeypatch, text, message):
    got = []
    for c_parser in (yaml_tree.CParser, None):
        monkeypatch.setattr(yaml_tree, "CParser", c_parser)
        with pytest.raises(InvalidResume) as caught:
            parse.parse_text(Path("r.yaml"), text)
        got.append([str(d) for d in caught.value.diagnostics])
    assert got[0] == got[1]
    assert message in " ".join(got[0])

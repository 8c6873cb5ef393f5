"""Hostile text and themes: inline Markdown, theme templates, the Markdown and text outputs.

Each case runs the real command in a child process with a memory limit and a time bound,
and checks what a user sees: the exit code, the message with its file and line, the files.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markupsafe import Markup

import resumekit
from resumekit import markup
from resumekit.schema import Resume
from test_hostile import run_cli

SUMMARY_AT = "resume.yaml:5:14: work[0].summary"
HIGHLIGHT_AT = "resume.yaml:7:9: work[0].highlights[0]"


def resume_with(folder: Path, summary: str, highlight: str = "fine") -> Path:
    path = folder / "resume.yaml"
    path.write_text(
        "basics:\n  name: Ada\nwork:\n  - name: Acme\n"
        f"    summary: {summary!r}\n    highlights:\n      - {highlight!r}\n"
    )
    return path


def timed_cli(*args: str, cwd: Path, bound: float = 30):
    """The command, which must finish within ``bound`` seconds (before: minutes) cleanly."""
    done = run_cli(*args, cwd=cwd, timeout=bound)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize(
    ("summary", "message"),
    [
        ("*_" * 10_000 + "x" + "_*" * 10_000,
         "text is 40,001 characters long; at most 10,000 are allowed"),
        ("*" * 1_200 + "x" + "*" * 1_200,
         "text holds 2,400 Markdown marks (* _ [ ] `); at most 200 are allowed"),
        ("*" * 60 + "x" + "*" * 60, "inline Markdown nests 30 levels deep; at most 20 are allowed"),
        ("*" * 40 + "[x](https://e.example)" + "*" * 40,
         "inline Markdown nests 21 levels deep; at most 20 are allowed"),
        ("[" * 5_000, "text holds 5,000 Markdown marks (* _ [ ] `); at most 200 are allowed"),
        ("_" * 201, "text holds 201 Markdown marks (* _ [ ] `); at most 200 are allowed"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["validate", "render"])
def test_pathological_markdown_is_refused_with_its_place(tmp_path, command, summary, message):
    resume_with(tmp_path, summary, highlight=summary)
    done = timed_cli(command, "resume.yaml", "-f", "html", cwd=tmp_path) if command == "render" \
        else timed_cli(command, "resume.yaml", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {SUMMARY_AT}: {message}", f"error: {HIGHLIGHT_AT}: {message}"]
    assert not (tmp_path / "out").exists()


WORST_ALLOWED = {
    "links without end": "<[](_[" * 33 + "a" * 9_800,
    "nested 20 deep": "*" * 30 + "_" * 10 + "x" + "_" * 10 + "*" * 30,
    "flat emphasis": "*a*_b_" * 50,
    "brackets": "[" * 200 + "a" * 9_800,
    "backslashes": "\\" * 10_000,
    "entities": "&#" * 5_000,
    "angle brackets": "<a:" * 3_333,
}


@pytest.mark.parametrize("text", WORST_ALLOWED.values(), ids=WORST_ALLOWED.keys())
def test_the_worst_text_within_the_limits_is_allowed_and_stays_shallow(text):
    # how fast these parse is measured by `make bench` (bounds: worst inline Markdown)
    assert markup.problem(text) is None
    assert nesting(markup.to_html(text)) <= markup.MAX_DEPTH


def test_the_deepest_allowed_markdown_lays_out_in_the_pdf(tmp_path):
    resume_with(tmp_path, WORST_ALLOWED["nested 20 deep"], WORST_ALLOWED["links without end"])
    done = timed_cli("render", "resume.yaml", "-f", "pdf", cwd=tmp_path, bound=60)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "resume.pdf").stat().st_size > 0


def nesting(html: str) -> int:
    level = deepest = 0
    for closing, _name in re.findall(r"<(/?)(strong|em|code|a)\b", html):
        level += -1 if closing else 1
        deepest = max(deepest, level)
    return deepest


MARKDOWNISH = st.text(alphabet="*_[]()`<>&#;\\!:/ ax\n", max_size=40)


@settings(max_examples=300, deadline=timedelta(seconds=10))  # a hang bound: the worst is ~0.1 s
@given(unit=MARKDOWNISH, times=st.integers(0, 3_000), tail=MARKDOWNISH)
def test_to_html_never_fails_and_never_nests_deep(unit, times, tail):
    text = (unit * times + tail)[: markup.MAX_LENGTH]
    html = markup.to_html(text)
    assert isinstance(html, Markup)
    if markup.problem(text):
        assert html == Markup.escape(text)
    assert nesting(html) <= markup.MAX_DEPTH
    assert not re.search(r"<(?!/?(strong|em|code|a|br)\b)", html)


@pytest.fixture
def theme(tmp_path):
    """A project whose theme `x` extends compact; write() sets its resume.html.j2."""
    folder = tmp_path / "themes" / "x"
    folder.mkdir(parents=True)
    (folder / "theme.toml").write_text('name = "x"\nextends = "compact"\n')
    (tmp_path / "resume.yaml").write_text("basics:\n  name: Ada\nresumekit: {theme: x}\n")

    def write(body: str) -> Path:
        template = folder / "resume.html.j2"
        template.write_text("<html><body>\n<h1>{{ resume.name }}</h1>\n" + body + "\n</body>")
        return template

    return write


LINE = 3  # where write() puts the body
A16, X16 = "'aaaaaaaaaaaa...aaaaaaaaaaaaa'", "'xxxxxxxxxxxx...xxxxxxxxxxxxx'"
COLLECTED = (
    "output collected by a macro, call, block or import would make 1,048,576 characters "
    "or items; at most 1,000,000"
)
HOSTILE_TEMPLATES = [
    ("{{ 9 ** (9 ** 9) }}", "exponent too large in 9 ** 387420489"),
    ("{{ 9 ** 5000 }}", "exponent too large in 9 ** 5000"),
    ("{{ 'x' * 3000000000 }}",
     "'x' * 3000000000 would make 3,000,000,000 characters or items; at most 1,000,000"),
    ("{{ [0] * 3000000000 }}",
     "[0] * 3000000000 would make 6,000,000,000 characters or items; at most 1,000,000"),
    ("{{ range(100001)|list|length }}", "range of 100,001 numbers; at most 10,000"),
    ("{{ '%1000000000s' % 1 }}",
     "'%1000000000s' % 1 would make 1,000,000,013 characters or items; at most 1,000,000"),
    ("{{ '%*s' % (1000000000, 1) }}",
     "'*' widths in % formats are not allowed; write the number"),
    ("{{ '{:>1000000000}'.format(1) }}",
     "format() would make 1,000,000,016 characters or items; at most 1,000,000"),
    ("{{ '{:>{}}'.format(1, 1000000000) }}",
     "nested {} fields in a format spec are not allowed; write the number"),
    ("{{ '%1000000000s'|format(1) }}",
     "format() would make 1,000,000,014 characters or items; at most 1,000,000"),
    ("{{ 'x'|center(1000000000) }}",
     "center() would make 1,000,000,000 characters or items; at most 1,000,000"),
    ("{{ 'x'.ljust(1000000000) }}",
     "ljust() would make 1,000,000,000 characters or items; at most 1,000,000"),
    ("{{ 'a\\nb'|indent(1000000000) }}",
     "indent() would make 2,000,000,003 characters or items; at most 1,000,000"),
    ("{{ ('ab' * 400000)|wordwrap(1, wrapstring='y' * 100) }}",
     "wordwrap() would make 80,800,000 characters or items; at most 1,000,000"),
    ("{{ range(10000)|join('x' * 1000) }}",
     "join() would make 10,000,001 characters or items; at most 1,000,000"),
    ("{{ ('x' * 100000).replace('', 'y' * 100) }}",
     "replace() would make 10,100,100 characters or items; at most 1,000,000"),
    ("{{ lipsum(1000000) }}",
     "lipsum() would make 1,000,000,000 characters or items; at most 1,000,000"),
    ("{{ [1]|batch(1000000000, 0)|list }}",
     "batch() would make 1,000,000,000 characters or items; at most 1,000,000"),
    ("{% set ns = namespace() %}{% set ns.s = ('&' * 300000)|e %}",
     "namespace.s would make 1,500,000 characters or items; at most 1,000,000"),
    ("{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}",
     "extend() would make 1,000,001 characters or items; at most 1,000,000"),
    ("{% set ns = namespace(n=2) %}{% for i in range(20) %}{% set ns.n = ns.n * ns.n %}"
     "{% endfor %}",
     "number too large in 3231700607131...11059596230656 * 3231700607131...11059596230656"),
    ("{% for i in range(10000) %}{% for j in range(10000) %}0123456789{% endfor %}{% endfor %}",
     "output is over 20,000,000 characters"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
     "templates nest too deeply: does a macro or include call itself?"),
    ('{% include "resume.html.j2" %}',
     "templates nest too deeply: does a macro or include call itself?"),
    ("{{ 1 / 0 }}", "division by zero"),
    ("{{ resume.__class__ }}", "access to attribute '__class__' of 'View' object is unsafe."),
    # ~ and collected output are Jinja's own code, not calls: _Compiler routes them through
    ("{% set x = 'a' * 16 %}" + "{% set x = x ~ x %}" * 26 + "{{ x|length }}", f"{A16} ~ {A16}"
     " would make 1,048,576 characters or items; at most 1,000,000"),
    ("{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s|length }}{% endif %}"
     "{% endmacro %}{{ d('a' * 16, 27) }}",
     f"{A16} ~ {A16} would make 1,048,576 characters or items; at most 1,000,000"),
    ("{% set s = 'x' * 1000000 %}{{ (s ~ s ~ s ~ s)|length }}",
     f"{X16} ~ {X16} ~ {X16} ~ ... would make 4,000,000 characters or items; at most 1,000,000"),
    ("{% macro d(s, n) %}{% if n %}{% set t %}{{ s }}{{ s }}{% endset %}{{ d(t, n - 1) }}"
     "{% else %}{{ s|length }}{% endif %}{% endmacro %}{{ d('a' * 16, 27) }}", COLLECTED),
    ("{% macro twice() %}{{ caller() }}{{ caller() }}{% endmacro %}{% macro d(s, n) %}"
     "{% if n %}{% set t %}{% call twice() %}{{ s }}{% endcall %}{% endset %}{{ d(t, n - 1) }}"
     "{% else %}{{ s|length }}{% endif %}{% endmacro %}{{ d('a' * 16, 27) }}", COLLECTED),
    ("{% set s = 'x' * 1000000 %}{% set t %}{% for i in range(10000) %}{{ s }}{% endfor %}"
     "{% endset %}", COLLECTED.replace("1,048,576", "2,000,000")),
    ("{% set s = 'x' * 1000000 %}{% filter length %}{% for i in range(10000) %}{{ s }}"
     "{% endfor %}{% endfilter %}", COLLECTED.replace("1,048,576", "2,000,000")),
    ("{% set s = 'x' * 1000000 %}{% if false %}{% block b %}{% for i in range(10000) %}{{ s }}"
     "{% endfor %}{% endblock %}{% endif %}{{ self.b()|length }}",
     COLLECTED.replace("1,048,576", "2,000,000")),
    ("{% set s = 'x' * 1000000 %}{% for i in [[1]] recursive %}{% for j in range(10000) %}"
     "{{ s }}{% endfor %}{{ loop(i) }}{% endfor %}", COLLECTED.replace("1,048,576", "2,000,000")),
]  # fmt: skip


@pytest.mark.parametrize(("body", "message"), HOSTILE_TEMPLATES)
def test_hostile_template_gets_a_clear_error_with_file_and_line(theme, body, message):
    template = theme(body)
    done = timed_cli("render", "resume.yaml", "-f", "html", cwd=template.parents[2])
    assert done.returncode == 1
    assert f"error: {template}:{LINE}: template error: {message}" in done.stderr, done.stderr
    assert not (template.parents[2] / "out" / "resume.html").exists()


def test_a_template_that_loops_without_output_is_stopped_in_time(theme):
    template = theme(
        "{% set s = 'x' * 100000 %}\n{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}"
    )
    done = timed_cli("render", "resume.yaml", "-f", "html", cwd=template.parents[2], bound=40)
    assert done.returncode == 1
    message = f"error: {template}:{LINE + 1}: template error: the template ran longer than 10"
    assert message in done.stderr, done.stderr


def test_a_template_within_the_limits_renders(theme):
    template = theme(
        "{{ 'x' * 1000 }} {{ 2 ** 100 }} {{ '%5s|%-5s' % ('a', 'b') }} {{ '{:>8}'.format('c') }}"
        " {{ range(10000)|join(',')|length }} {{ 'y'|center(9) }} {{ lipsum(2, False) != '' }}"
    )
    done = timed_cli("render", "resume.yaml", "-f", "html", cwd=template.parents[2])
    assert done.returncode == 0, done.stderr
    page = (template.parents[2] / "out" / "resume.html").read_text()
    assert "1267650600228229401496703205376" in page and "    a|b    " in page
    assert "       c" in page and "48889" in page and "True" in page


def test_output_an_import_collects_is_bounded(theme):
    template = theme("{% import '_big.html.j2' as big %}{{ big.n }}")
    (template.parent / "_big.html.j2").write_text(
        "{% set n = 1 %}\n{% for i in range(10000) %}{{ 'x' * 1000000 }}{% endfor %}"
    )
    done = timed_cli("render", "resume.yaml", "-f", "html", cwd=template.parents[2])
    assert done.returncode == 1
    message = COLLECTED.replace("1,048,576", "2,000,000")
    assert f"error: {template}:{LINE}: template error: {message}" in done.stderr, done.stderr


def test_joins_and_collected_output_within_the_limits_render(theme):
    template = theme(
        "{% macro box() %}[{{ caller() }}]{% endmacro %}{% set t %}{{ 'x' * 999990 }}{% endset %}"
        "{{ t|length }} {{ ('a' * 500000 ~ 'b' * 500000)|length }} {% set b = '<b>'|safe %}"
        "{{ '<i>' ~ b }} {% autoescape false %}{{ '<i>' ~ b ~ 7 }}{% endautoescape %}"
        " {% call box() %}{{ resume.name ~ '!' }}{% endcall %}"
        " {% filter upper %}{{ 'shout' }}{% endfilter %} {% import '_m.html.j2' as m %}{{ m.x }}"
    )
    (template.parent / "_m.html.j2").write_text("{% set x = 'imported' %}")
    done = timed_cli("render", "resume.yaml", "-f", "html", cwd=template.parents[2])
    assert done.returncode == 0, done.stderr
    page = (template.parents[2] / "out" / "resume.html").read_text()
    assert "999990 1000000 &lt;i&gt;<b> <i><b>7 [Ada!] SHOUT imported" in page


HOSTILE_RESUME = """\
basics:
  name: "<img src=x onerror=alert(1)>Eve *x* [a](javascript:alert(1))"
  label: "<script>alert(2)</script> | --- |"
  email: "eve*x*_y_@example.com"
  url: "https://ok.example/)[click](javascript:alert(5)"
  location: {city: "<svg onload=alert(4)>"}
  profiles:
    - {network: X, url: "https://x.example/a<b>c\\\\d"}
work:
  - name: "Acme</a><script>alert(6)</script>"
    position: "# Boss\\n\\n<iframe src=//evil>"
    location: "<b onmouseover=alert(7)>here</b>"
    url: "https://acme.example/)](javascript:alert(8)"
    summary: "Led *the* [team](https://t.example/x_(y)) `<code>` & **more**"
    highlights:
      - "- [link](https://h.example/\\"onmouseover=alert(9))"
      - "1. <style>*{}</style>"
skills:
  - name: "<details open ontoggle=alert(10)>"
    level: "<marquee>Expert</marquee>"
    keywords: ["<u>kw</u>", "a`b", "[x](javascript:alert(11))"]
projects:
  - {name: P, keywords: ["a`b", "<u>p</u>", "``"]}
sections:
  - title: "<h1>Talks</h1> [t](javascript:alert(12))"
    entries:
      - {title: Talk, url: "https://t.example/\\")](javascript:alert(13)", summary: <object data=x>}
"""
EXPECTED_TAGS = {"h1", "h2", "h3", "p", "ul", "li", "strong", "em", "code", "a"}


def test_markdown_output_is_inert_in_a_commonmark_renderer_with_html(tmp_path):
    (tmp_path / "resume.yaml").write_text(HOSTILE_RESUME)
    done = timed_cli("render", "resume.yaml", "-f", "md", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = MarkdownIt("commonmark", {"html": True}).render(
        (tmp_path / "out" / "resume.md").read_text()
    )
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", page))
    assert tags <= EXPECTED_TAGS, tags
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(re.match(r"(https?|mailto|tel):", h) for h in hrefs), hrefs
    assert len(hrefs) == 7, hrefs  # contacts, job, talk, the summary's and highlight's links
    assert re.findall(r"<a\b[^>]*>", page) == [f'<a href="{h}">' for h in hrefs]
    text = unescape_tags(page)
    for shown in ("<img src=x onerror=alert(1)>Eve *x* [a](javascript:alert(1))",
                  "<script>alert(2)</script> | --- |", "<svg onload=alert(4)>",
                  "# Boss <iframe src=//evil>", "<marquee>Expert</marquee>", "<u>kw</u>",
                  "<h1>Talks</h1> [t](javascript:alert(12))", "<object data=x>"):  # fmt: skip
        assert shown in text, shown
    assert '<a href="https://t.example/x_(y)">team</a>' in page
    assert "<code>&lt;code&gt;</code>" in page and "<code>a`b</code>" in page
    assert "<code>&lt;u&gt;p&lt;/u&gt;</code>" in page and "<code>``</code>" in page


def unescape_tags(page: str) -> str:
    """The text a reader sees: tags dropped, entities decoded, whitespace folded."""
    text = re.sub(r"<[^>]+>", "", page)
    return re.sub(r"\s+", " ", Markup(text).unescape())


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CONTROLS = "\x00\x07\x08\x0b\x0c\x1b\x7f\x85\x9b"


def hidden(text: str) -> list[str]:
    return [c for c in text if (c != "\n" and unicodedata.category(c) == "Cc") or c in BIDI]


def test_text_and_markdown_outputs_carry_no_bidi_overrides_or_tabs(tmp_path):
    bidi = "".join(f"\\u{ord(c):04x}" for c in BIDI)
    (tmp_path / "resume.yaml").write_text(
        f'basics:\n  name: "Eve{bidi}exe.pdf"\n  label: "tab\\there"\n'
        f'work:\n  - {{name: "Acme\\u202egnp", position: "a{bidi}b", highlights: ["x{bidi}y"]}}\n'
    )
    done = timed_cli("render", "resume.yaml", "-f", "txt,md", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in ("resume.txt", "resume.md"):
        output = (tmp_path / "out" / name).read_text()
        assert hidden(output) == [], name
        assert "Eveexe.pdf" in output and "tab here" in output and "Acmegnp" in output


def test_text_output_drops_control_characters_that_reach_the_api(tmp_path):
    resume = Resume.model_validate(
        {"basics": {"name": f"Eve{CONTROLS}{BIDI}", "label": f"ML{CONTROLS}"},
         "work": [{"name": f"Ac{CONTROLS}me", "highlights": [f"x{CONTROLS}y"]}]}
    )  # fmt: skip
    result = resumekit.render(resume, formats=["txt", "md"], output=tmp_path)
    for path in result.outputs.values():
        output = path.read_text()
        assert hidden(output) == [] and "Eve" in output and "Acme" in output, path.name

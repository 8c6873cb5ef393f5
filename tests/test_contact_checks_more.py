"""Mistyped field names in a JSON Resume document, links hiding characters, the hint a link
without a scheme gets, and the mailto: link an e-mail address becomes."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

import resumekit
from resumekit import view
from resumekit.cli import app
from test_contact_checks import EMAIL, LINK, errors
from test_jsonresume_extras import KEPT, notes


def test_mistyped_field_names_in_a_json_resume_are_errors_not_kept_fields(runner, write):
    path = write(
        "resume.json",
        '{"basics":{"name":"X","emial":"x@y.com"},"work":[{"name":"W","startdate":"2020-01"}],'
        '"resumkit":{"theme":"modern"}}',
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert (result.exit_code, notes(result)) == (1, [])
    assert result.stderr.splitlines() == [
        f"error: {path}:1:23: basics.emial: unknown field 'emial'; did you mean 'email'?",
        f"error: {path}:1:62: work[0].startdate: unknown field 'startdate'; did you mean "
        "'startDate'?",
        f"error: {path}:1:86: resumkit: unknown field 'resumkit'; did you mean 'resumekit'?",
        "hint: 3 problems found; fix them and run again.",
    ]


@pytest.mark.parametrize(
    ("where", "key", "meant"),
    [
        ("basics", "EMAIL", "email"),
        ("basics", "lable", "label"),
        ("basics", "sumary", "summary"),
        ("basics.location", "postal_code", "postalCode"),
        ("basics.location", "countrycode", "countryCode"),
        ("work[0]", "End_Date", "endDate"),
        ("work[0]", "hightlights", "highlights"),
        ("work[0]", "positon", "position"),
        ("education[0]", "studytype", "studyType"),
        ("meta", "lastmodified", "lastModified"),
        ("", "wrok", "work"),
        ("", "ResumeKit", "resumekit"),
        ("basics", "emial", "email"),
        ("basics", "emali", "email"),
        ("basics", "summry", "summary"),
        ("basics", "lbel", "label"),
        ("basics", "nmae", "name"),
        ("basics.profiles[0]", "netwrok", "network"),
        ("basics.location", "countrycode", "countryCode"),
        ("work[0]", "startdate", "startDate"),
        ("work[0]", "start_date", "startDate"),
        ("work[0]", "START-DATE", "startDate"),
        ("work[0]", "endDte", "endDate"),
        ("work[0]", "postion", "position"),
        ("work[0]", "positon", "position"),
        ("work[0]", "highlihgts", "highlights"),
        ("work[0]", "tgas", "tags"),
        ("education[0]", "institutoin", "institution"),
        ("skills[0]", "keywrods", "keywords"),
        ("", "resumkit", "resumekit"),
    ],
)
def test_each_object_refuses_a_mistyped_field_where_it_is_written(where, key, meant, runner, write):
    path, line, col = _document_with(write, where, key)
    dotted = f"{where}.{key}" if where else key
    code, lines = errors(runner, path)
    assert (code, lines) == (
        1,
        [f"error: {path}:{line}:{col}: {dotted}: unknown field '{key}'; did you mean '{meant}'?"],
    )


def _document_with(write, where: str, key: str):
    """A JSON Resume document with ``key`` added to the object at ``where``; its path and the
    line and column of that key."""
    document: dict = {"basics": {"name": "Ada", "location": {}, "profiles": [{}]}, "work": [{}],
                      "education": [{}], "skills": [{"name": "S"}], "projects": [{"name": "P"}],
                      "meta": {}}  # fmt: skip
    target = document
    for part in filter(None, re.split(r"[.\[\]]+", where)):
        target = target[int(part)] if part.isdigit() else target[part]
    target[key] = "x"
    path = write("resume.json", json.dumps(document, indent=1))
    line, col = next(
        (n, text.index(f'"{key}"') + 1)
        for n, text in enumerate(path.read_text().splitlines(), 1)
        if f'"{key}"' in text
    )
    return path, line, col


@pytest.mark.parametrize(
    ("where", "key"),
    [
        *(("basics", key) for key in ["photo", "phone2", "email2", "url2", "level", "images",
                                      "emails", "phones", "urls", "Emails", "uri", "tag"]),
        ("work[0]", "teams"),
        ("work[0]", "uri"),
        ("work[0]", "startDates"),
        ("work[0]", "highlights2"),
        ("projects[0]", "notes"),
        ("projects[0]", "uri"),
        ("education[0]", "uri"),
        ("education[0]", "institute"),
        ("basics.profiles[0]", "uri"),
        ("basics.location", "country"),
        ("meta", "uri"),
    ],
)  # fmt: skip
def test_a_field_that_is_another_word_is_kept_for_json_resume_with_a_note(
    where, key, runner, write
):
    """Plurals, numbered fields and names two letters off are other fields, not typos; nor is
    one letter off a name shorter than 5 letters (``uri`` for ``url``, ``tag`` for ``tags``)."""
    path, line, col = _document_with(write, where, key)
    result = runner.invoke(app, ["validate", str(path)])
    assert (result.exit_code, result.stdout) == (0, f"OK {path}\n")
    dotted = f"{where}.{key}" if where else key
    assert notes(result) == [f"note: {path}:{line}:{col}: {dotted}: {KEPT}"]


def test_fields_that_are_other_words_are_still_kept_for_json_resume(runner, write):
    path = write(
        "resume.json",
        '{"basics": {"name": "Ada", "nickname": "A", "username": "ada",\n'
        '  "location": {"country": "UK"}, "x-url": "u"},\n'
        ' "work": [{"name": "W", "start": "2020", "isCurrent": true}],\n'
        ' "meta": {"canonical": "https://example.com/r.json", "theme": "elegant"}}\n',
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert (result.exit_code, result.stdout) == (0, f"OK {path}\n")
    assert notes(result) == [
        f"note: {path}:1:28: basics.nickname: {KEPT}",
        f"note: {path}:1:45: basics.username: {KEPT}",
        f"note: {path}:2:16: basics.location.country: {KEPT}",
        f"note: {path}:2:34: basics.x-url: {KEPT}",
        f"note: {path}:3:25: work[0].start: {KEPT}",
        f"note: {path}:3:42: work[0].isCurrent: {KEPT}",
        f"note: {path}:4:54: meta.theme: {KEPT}",
    ]


INVISIBLE = [
    ("https://a.b/\u202egnp.exe", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ("https://ex\u200bample.com", "U+200B (ZERO WIDTH SPACE)"),
    (
        "https://example.com/\u2066x\u2069",
        "U+2066 (LEFT-TO-RIGHT ISOLATE), U+2069 (POP DIRECTIONAL ISOLATE)",
    ),
    ("https://example.com/a\u200db", "U+200D (ZERO WIDTH JOINER)"),
    ("https://exam\u00adple.com", "U+00AD (SOFT HYPHEN)"),
    ("https://example.com/\ufeff", "U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
    ("https://example.com/\u3164", "U+3164 (HANGUL FILLER)"),
    ("mailto:ada@exa\u2060mple.com", "U+2060 (WORD JOINER)"),
    ("tel:+44\u200e2079460000", "U+200E (LEFT-TO-RIGHT MARK)"),
]


def _escaped(url: str) -> str:
    return "".join(c if c.isascii() else f"\\u{ord(c):04x}" for c in url)


@pytest.mark.parametrize(("url", "named"), INVISIBLE, ids=lambda v: _escaped(v)[-12:])
def test_a_link_holding_an_invisible_character_is_refused_in_yaml(url, named, runner, write):
    path = write("resume.yaml", f'basics:\n  name: Ada\n  url: "{_escaped(url)}"\n')
    assert errors(runner, path) == (
        1,
        [f'error: {path}:3:8: basics.url: {LINK} "{_escaped(url)}": remove the invisible {named}'],
    )


@pytest.mark.parametrize(("url", "named"), INVISIBLE[:3], ids=lambda v: _escaped(v)[-12:])
def test_a_link_holding_an_invisible_character_is_refused_in_json(url, named, runner, write):
    canonical = json.dumps(url)  # written as \u escapes, as JSON tools do
    path = write(
        "resume.json", f'{{"basics": {{"name": "Ada"}},\n "meta": {{"canonical": {canonical}}}}}'
    )
    message = f'{LINK} "{_escaped(url)}": remove the invisible {named}'
    assert errors(runner, path) == (1, [f"error: {path}:2:24: meta.canonical: {message}"])


#: Every kind of character a link or an address may not hide: Unicode's
#: Default_Ignorable_Code_Point set (each range's ends), other format, private-use and
#: unassigned code points, separators but the plain space, and the braille blank. (Controls
#: are refused in any text, earlier.)
HIDDEN = [
    *"\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b\u180d\u180e\u180f\u3164\ufe00\ufe0f",
    *"\ufeff\uffa0\ufff0\ufff8\U0001bca0\U0001d173\U0001d17a\U000e0000\U000e0001\U000e0041",
    *"\U000e007f\U000e0100\U000e01ef\U000e0fff",
    *map(chr, range(0x200B, 0x2010)),
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2060, 0x2070)),
    *"\u00a0\u2000\u2028\u2029\u3000\ue000\U000f0000\u0378\u2800",
]


def _escape(char: str) -> str:
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def _invisible(char: str) -> str:
    return f"remove the invisible U+{ord(char):04X} ({unicodedata.name(char, 'unnamed')})"


@pytest.mark.parametrize("char", HIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_a_link_and_an_address_hiding_a_character_are_refused_showing_its_escape(
    char, runner, write
):
    """Written as an escape in YAML or as itself in JSON, the character is named, and the message
    shows its escape, never the character itself."""
    escaped = _escape(char)
    yaml = write("resume.yaml", f'basics:\n  name: Ada\n  url: "https://exa{escaped}mple.com"\n')
    raw = json.dumps({"name": "Ada", "email": f"ada{char}@example.com"}, ensure_ascii=False)
    document = write("resume.json", '{"basics":\n' + raw.replace(', "email"', ',\n "email"') + "}")
    for path, message in (
        (yaml, f'3:8: basics.url: {LINK} "https://exa{escaped}mple.com"'),
        (document, f'3:11: basics.email: {EMAIL} "ada{escaped}@example.com"'),
    ):
        result = runner.invoke(app, ["validate", str(path)])
        assert (result.exit_code, result.stderr.splitlines()[0]) == (
            1,
            f"error: {path}:{message}: {_invisible(char)}",
        )
        assert char not in result.stderr


@pytest.mark.parametrize("mark", ["\u0301", "\u0336", "\u0308"], ids=lambda c: f"U+{ord(c):04X}")
def test_a_visible_combining_mark_is_no_hidden_character(mark, runner, write):
    """A mark drawn over its letter (an accent, the long stroke overlay) shows: it may be part
    of a name or path, so it is kept, as Unicode does not count it ignorable."""
    path = write(
        "resume.yaml",
        f'basics:\n  name: Ada\n  url: "https://example.com/cafe{_escape(mark)}"\n'
        f'  email: "ade{_escape(mark)}@example.com"\n',
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"OK {path}\n", "")


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("me@example.com", '; did you mean "mailto:me@example.com"?'),
        ("Ada.Lovelace+cv@example.co.uk", '; did you mean "mailto:Ada.Lovelace+cv@example.co.uk"?'),
        ("+1 555 0100", '; did you mean "tel:+1-555-0100"?'),
        ("+44-20-7946-0000", '; did you mean "tel:+44-20-7946-0000"?'),
        ("www.example.com", '; did you mean "https://www.example.com"?'),
        ("github.com/ada?tab=repos", '; did you mean "https://github.com/ada?tab=repos"?'),
        ("example.com:8080/cv", '; did you mean "https://example.com:8080/cv"?'),
        ("@handle", ""),
        ("555-0100", ""),
        ("(555) 010-0100", ""),
        ("me@localhost", ""),
        ("1.2.3.4", ""),
        ("ada", ""),
        ("v1.2", ""),
    ],
)
def test_a_link_without_a_scheme_is_told_only_the_link_it_likely_means(value, hint, runner, write):
    path = write("resume.yaml", f"basics:\n  name: Ada\n  url: '{value}'\n")
    message = f'{LINK} "{value}"{hint}'
    assert errors(runner, path) == (1, [f"error: {path}:3:8: basics.url: {message}"])


@pytest.mark.parametrize(
    ("value", "hint"), [("github.com/ada", "x"), ("555-0100", ""), ("ada", "")]
)
def test_a_json_resume_link_without_a_scheme_is_read_as_the_link_it_means(
    value, hint, runner, write
):
    """JSON Resume documents often leave the scheme out (issue 17): the link it likely means
    is printed; one that means no link is set aside for export, with a note at its place."""
    path = write("resume.json", f'{{"basics": {{"name": "Ada",\n  "url": "{value}"}}}}')
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.stderr
    links = [c.href for c in view.build(resumekit.load(path)).contacts]
    if hint:
        assert links == [f"https://{value}"] and "note:" not in result.stderr
    else:
        assert links == []
        assert f'note: {path}:2:10: basics.url: {LINK} "{value}"; kept for JSON Resume' in (
            result.stderr
        )


@pytest.mark.parametrize(
    ("email", "href", "label"),
    [
        ("a?cc=evil@x.com", "mailto:a%3Fcc%3Devil@x.com", "a?cc=evil@x.com"),
        ("a&b=c@x.com", "mailto:a%26b%3Dc@x.com", "a&amp;b=c@x.com"),
        ("a%0Abcc=e@x.com", "mailto:a%250Abcc%3De@x.com", "a%0Abcc=e@x.com"),
        ("a#b@x.com", "mailto:a%23b@x.com", "a#b@x.com"),
        ("o'neil+cv@x.com", "mailto:o&#39;neil+cv@x.com", "o&#39;neil+cv@x.com"),
    ],
)
def test_the_mailto_link_holds_the_address_alone(email, href, label, runner, write, tmp_path):
    path = write(
        "resume.yaml", f'basics:\n  name: Ada\n  email: "{email}"\n  phone: "+1 (555) x"\n'
    )
    result = runner.invoke(app, ["render", str(path), "-f", "html", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "resume.html").read_text()
    assert re.findall(r'href="(mailto:[^"]*)"', page) == [href]
    assert f">{label}<" in page
    assert 'href="tel:+1555"' in page

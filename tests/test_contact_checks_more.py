"""Mistyped field names in a JSON Resume document, links hiding characters, the hint a link
without a scheme gets, and the mailto: link an e-mail address becomes."""

from __future__ import annotations

import json
import re

import pytest

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
    ],
)
def test_each_object_refuses_a_mistyped_field_where_it_is_written(where, key, meant, runner, write):
    document: dict = {"basics": {"name": "Ada", "location": {}}, "work": [{}],
                      "education": [{}], "meta": {}}  # fmt: skip
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
    dotted = f"{where}.{key}" if where else key
    code, lines = errors(runner, path)
    assert (code, lines) == (
        1,
        [f"error: {path}:{line}:{col}: {dotted}: unknown field '{key}'; did you mean '{meant}'?"],
    )


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


def test_an_email_holding_an_invisible_character_shows_it_escaped(runner, write):
    path = write("resume.yaml", 'basics:\n  name: Ada\n  email: "ada\\u200b@example.com"\n')
    assert errors(runner, path) == (1, [
        f'error: {path}:3:10: basics.email: {EMAIL} "ada\\u200b@example.com": The email address '
        "contains unsafe characters: ZERO WIDTH SPACE."
    ])  # fmt: skip


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
    for name, text, line, col in (
        ("resume.yaml", f"basics:\n  name: Ada\n  url: '{value}'\n", 3, 8),
        ("resume.json", f'{{"basics": {{"name": "Ada",\n  "url": "{value}"}}}}', 2, 10),
    ):
        path = write(name, text)
        message = f'{LINK} "{value}"{hint}'
        assert errors(runner, path) == (1, [f"error: {path}:{line}:{col}: basics.url: {message}"])


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

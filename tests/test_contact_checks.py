"""E-mail addresses and links are checked where they are written, and what passes is what
the page shows as a link (markup.is_safe_url): http, https, mailto and tel."""

from __future__ import annotations

import json

import pytest

import resumekit
from conftest import DATA, ROOT, SEED
from resumekit import view
from resumekit.cli import app
from resumekit.schema import json_schema

LINK = "expected a link like https://example.com (http, https, mailto or tel), got"
EMAIL = "expected an e-mail address like ada@example.com, got"

#: Every field that holds a link, as a YAML document whose last value is that link.
LINK_FIELDS = {
    "Basics.url": "basics:\n  name: Ada\n  url: {}\n",
    "Profile.url": "basics:\n  name: Ada\n  profiles:\n    - network: X\n      url: {}\n",
    "Work.url": "work:\n  - name: Acme\n    url: {}\n",
    "Volunteer.url": "volunteer:\n  - organization: Club\n    url: {}\n",
    "Education.url": "education:\n  - institution: Uni\n    url: {}\n",
    "Certificate.url": "certificates:\n  - name: CKA\n    url: {}\n",
    "Publication.url": "publications:\n  - name: Paper\n    url: {}\n",
    "Patent.url": "patents:\n  - title: Widget\n    url: {}\n",
    "Project.url": "projects:\n  - name: Tool\n    url: {}\n",
    "SectionEntry.url": "sections:\n  - title: Talks\n    entries:\n      - url: {}\n",
    "Meta.canonical": "meta:\n  canonical: {}\n",
}


def document(field: str, value: str) -> str:
    text = LINK_FIELDS[field].format(value)
    return text if text.startswith("basics") else "basics:\n  name: Ada\n" + text


def errors(runner, path) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["validate", str(path)])
    return result.exit_code, [line for line in result.stderr.splitlines() if "error:" in line]


def test_the_cases_cover_every_link_field_of_the_schema():
    schema = json_schema()
    found = {
        f"{name}.{field}"
        for name, node in schema["$defs"].items()
        for field, prop in node.get("properties", {}).items()
        if any(branch.get("format") == "uri" for branch in prop.get("anyOf", []))
        or any(b.get("format") == "uri" for a in prop.get("anyOf", []) for b in a.get("anyOf", []))
    }
    assert found == set(LINK_FIELDS)


@pytest.mark.parametrize("field", LINK_FIELDS)
def test_a_link_without_a_scheme_is_refused_where_it_is_written(field, runner, write):
    text = document(field, "example.com/ada")
    path = write("resume.yaml", text)
    line = len(text.splitlines())
    col = text.splitlines()[-1].index("example.com") + 1
    where = {"Basics.url": "basics.url", "Profile.url": "basics.profiles[0].url",
             "SectionEntry.url": "sections[0].entries[0].url",
             "Meta.canonical": "meta.canonical"}.get(field)  # fmt: skip
    where = where or f"{text.splitlines()[2].rstrip(':')}[0].url"
    assert errors(runner, path) == (1, [
        f'error: {path}:{line}:{col}: {where}: {LINK} "example.com/ada"; '
        'did you mean "https://example.com/ada"?'
    ])  # fmt: skip


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<b>x</b>",
        "ftp://example.com/cv.pdf",
        "//example.com",
        "https://",
        "https:example.com",
        "https://exa mple.com",
        "https://example.com/my cv.pdf",
        "mailto:",
        "file:///etc/passwd",
    ],
)
def test_a_link_the_page_would_not_show_is_refused(value, runner, write):
    path = write("resume.yaml", f"basics:\n  name: Ada\n  url: '{value}'\n")
    assert errors(runner, path) == (1, [f'error: {path}:3:8: basics.url: {LINK} "{value}"'])


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("ada at example.com", "An email address must have an @-sign."),
        ("ada@localhost", "The part after the @-sign is not valid. It should have a period."),
        ("@example.com", "There must be something before the @-sign."),
        ("ada@@example.com", "The part after the @-sign contains invalid characters: '@'."),
        ("mailto:ada@example.com", "The email address contains invalid characters before the "),
    ],
)
def test_an_email_that_is_no_address_is_refused_where_it_is_written(value, reason, runner, write):
    path = write("resume.yaml", f"basics:\n  name: Ada\n  email: '{value}'\n")
    code, lines = errors(runner, path)
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith(f'error: {path}:3:10: basics.email: {EMAIL} "{value}": {reason}')


def test_a_json_resume_document_sets_aside_what_it_cannot_use_with_positions(runner, write):
    """A JSON Resume document as people publish it validates (issue 17): an e-mail that is no
    address is set aside for export, with a note at its place; a link without its scheme is
    read as the link it means."""
    path = write(
        "resume.json",
        '{"basics": {"name": "Ada", "email": "ada.example.com",\n'
        '  "profiles": [{"network": "X", "url": "x.com/ada"}]}}\n',
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert notes == [
        f'note: {path}:1:37: basics.email: {EMAIL} "ada.example.com": An email address must '
        "have an @-sign.; kept for JSON Resume export only"
    ]
    resume = resumekit.load(path)
    assert resume.basics.email is None and resume.basics.extras == {"email": "ada.example.com"}
    contacts = view.build(resume).contacts
    assert [c.href for c in contacts] == ["https://x.com/ada"]


ACCEPTED = [
    "https://example.com",
    "http://example.com/a_(b)?q=1#top",
    "HTTPS://Example.COM/Ada",
    "https://例え.jp/パス",
    "mailto:ada@example.com",
    "tel:+44-20-7946-0000",
]


def test_what_passes_is_kept_as_written_and_shown_as_a_link(write, tmp_path):
    entries = "".join(f"  - name: P{i}\n    url: '{url}'\n" for i, url in enumerate(ACCEPTED))
    text = f"basics:\n  name: Ada\n  email: Ada.Lovelace+cv@Example.COM\nprojects:\n{entries}"
    resume = resumekit.load(write("resume.yaml", text))
    result = resumekit.render(resume, formats=["html", "json"], output=tmp_path / "out")
    exported = json.loads(result.outputs["json"].read_text())
    assert exported["basics"]["email"] == "Ada.Lovelace+cv@Example.COM"
    assert [p["url"] for p in exported["projects"]] == ACCEPTED
    page = result.outputs["html"].read_text()
    for url in ACCEPTED:
        assert f'href="{url}"' in page, url
    assert 'href="mailto:Ada.Lovelace+cv@Example.COM"' in page


def test_a_blank_link_or_email_counts_as_none(runner, write):
    """Many JSON Resume documents leave fields they do not use as empty strings."""
    path = write("resume.json", '{"basics": {"name": "Ada", "email": "", "url": ""}}')
    assert errors(runner, path) == (0, [])


@pytest.mark.parametrize(
    "path",
    [
        SEED,
        ROOT / "src" / "resumekit" / "starter.yaml",
        *sorted(DATA.glob("*.yaml")),
        DATA / "jsonresume.json",
        *sorted((DATA / "jsonresume").glob("*.resume.json")),
    ],
    ids=lambda p: p.name,
)
def test_the_shipped_resumes_and_the_official_samples_pass(path, runner):
    assert errors(runner, path) == (0, [])

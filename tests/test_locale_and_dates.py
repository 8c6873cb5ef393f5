"""A resume's language from its file name (resume.de.json), and periods printed to the month
unless the ``dates`` setting asks for days (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resumekit.cli import app
from resumekit.plan import locale_from_name
from test_locales import pdf_text, squeeze

WORK = [
    {"name": "Acme", "position": "Engineer", "startDate": "2017-05-01", "endDate": "2019-02-15"},
    {"name": "Beta", "position": "Lead", "startDate": "2019-03-01"},
]
DOCUMENT = {"basics": {"name": "Ada Example"}, "work": WORK}


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_resume(folder: Path, name: str, **extra: object) -> Path:
    """A JSON Resume document (or, for a .yaml name, the same data as YAML-compatible JSON)."""
    path = folder / name
    path.write_text(json.dumps({**DOCUMENT, **extra}, indent=2), encoding="utf-8")
    return path


def render_pdf(runner, path: Path, *args: str) -> tuple[str, str]:
    """The PDF's text (squeezed) and what --verbose said."""
    result = runner.invoke(
        app, ["--verbose", "render", path.name, "-f", "pdf", "-o", "out/", *args]
    )
    assert result.exit_code == 0, result.output
    return squeeze(pdf_text(path.parent / "out" / f"{path.stem}.pdf")), result.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("resume.de.json", ["Berufserfahrung", "Mai 2017 – Feb. 2019", "März 2019 – heute"]),
        ("resume-es.json", ["Experiencia laboral", "may 2017 – feb 2019", "mar 2019 – actualidad"]),
        ("cv_fr.yaml", ["Expérience professionnelle", "mai 2017 – févr. 2019"]),
        ("resume.pt-BR.json", ["Experiência profissional", "mai. de 2017 – fev. de 2019"]),
    ],
)
def test_the_file_name_gives_the_locale(runner, project, name, expected):
    text, said = render_pdf(runner, write_resume(project, name))
    for words in expected:
        assert squeeze(words) in text, words
    assert "workexperience" not in text and "present" not in text
    locale = locale_from_name(Path(name))
    assert f'locale {locale} (from the file name "{name}")' in said


@pytest.mark.parametrize(
    "name", ["resume-final.json", "resume-2024.json", "resume-cv.json", "de.json", "resume.xx.json"]
)
def test_a_name_part_that_is_no_translated_locale_leaves_english(runner, project, name):
    path = write_resume(project, name)
    result = runner.invoke(app, ["--verbose", "render", name, "-f", "txt", "-o", "out/"])
    assert result.exit_code == 0, result.output
    assert "locale en (the default)" in result.stderr
    text = (project / "out" / f"{path.stem}.txt").read_text(encoding="utf-8")
    assert "WORK EXPERIENCE" in text.upper() and "May 2017 – Feb 2019" in text


@pytest.mark.parametrize(
    ("name", "locale"),
    [
        ("resume.de.json", "de"),
        ("resume-es.json", "es"),
        ("cv_fr.yaml", "fr"),
        ("resume.pt-BR.json", "pt-BR"),
        ("resume_pt_BR.yaml", "pt-BR"),
        ("Resume.DE.json", "de"),
        ("resume-es-419.json", "es-419"),
        ("resume-final.json", None),
        ("resume-2024.json", None),
        ("resume-cv.json", None),  # Chuvash to babel, but no translated headings
        ("resume-ml.json", None),
        ("ar.yaml", None),  # the whole stem: a name, not a suffix
        ("sample.resume.json", None),
        ("resume.pt-XX.json", None),  # no such region
    ],
)
def test_locale_from_name_for_import(name, locale):
    """``import`` writes this into the YAML's resumekit block, whose own name lacks it."""
    assert locale_from_name(Path(name)) == locale


def test_locale_option_wins_over_the_name(runner, project):
    text, said = render_pdf(runner, write_resume(project, "resume.de.json"), "--locale", "fr")
    assert squeeze("Expérience professionnelle") in text and "berufserfahrung" not in text
    assert "locale fr (from --locale)" in said


def test_the_files_locale_wins_over_the_name(runner, project):
    path = write_resume(project, "resume.de.json", resumekit={"locale": "es"})
    text, said = render_pdf(runner, path)
    assert squeeze("Experiencia laboral") in text and "berufserfahrung" not in text
    assert "locale es (from the file's resumekit.locale)" in said


def test_a_variants_locale_wins_and_verbose_names_it(runner, project):
    path = write_resume(
        project, "resume.de.json", resumekit={"variants": {"paris": {"locale": "fr"}}}
    )
    result = runner.invoke(
        app, ["--verbose", "render", path.name, "--variant", "paris", "-f", "txt"]
    )
    assert result.exit_code == 0, result.output
    assert "locale fr (from the variant 'paris')" in result.stderr
    text = (project / "out" / "resume.de-paris.txt").read_text(encoding="utf-8")
    assert "EXPÉRIENCE PROFESSIONNELLE" in text.upper() and "aujourd’hui" in text


def test_validate_agrees_with_render(runner, project):
    """The name is a fallback: a bad locale the file names is still the file's error, at its
    place, in validate and render alike; a good name validates."""
    write_resume(project, "resume-es.json")
    ok = runner.invoke(app, ["validate", "resume-es.json"])
    assert ok.exit_code == 0 and ok.stdout == "OK resume-es.json\n"
    write_resume(project, "resume.de.json", resumekit={"locale": "xx-qq"})
    expected = "error: resume.de.json:19:15: resumekit.locale: unknown locale 'xx-qq'"
    for command in (["validate"], ["render", "-f", "txt"]):
        result = runner.invoke(app, [*command, "resume.de.json"])
        assert result.exit_code == 1
        assert result.stderr.startswith(expected), result.stderr


def test_periods_print_the_month_by_default(runner, project):
    path = write_resume(
        project,
        "resume.json",
        education=[{"institution": "Uni", "startDate": "2010-09-01", "endDate": "2014-06-30"}],
        volunteer=[{"organization": "Club", "startDate": "2015-01-10", "endDate": "2015-01-20"}],
        projects=[{"name": "fastq", "startDate": "2016-03-04"}],
        awards=[{"title": "Best Paper", "date": "2018-06-12"}],
    )
    text, _ = render_pdf(runner, path)
    for period in ["May 2017 – Feb 2019", "Mar 2019 – Present", "Sep 2010 – Jun 2014",
                   "Mar 2016 – Present"]:  # fmt: skip
        assert squeeze(period) in text, period
    assert squeeze("Jan 2015") in text and "jan10" not in text  # the same month, once
    assert "may1," not in text
    assert squeeze("Jun 12, 2018") in text  # a single date keeps its day


def test_the_dates_setting_prints_days(runner, project):
    path = write_resume(project, "resume.json", resumekit={"dates": "day"})
    text, _ = render_pdf(runner, path)
    assert squeeze("May 1, 2017 – Feb 15, 2019") in text
    assert squeeze("Mar 1, 2019 – Present") in text


def test_a_variant_may_ask_for_days(runner, project):
    variants = {"exact": {"dates": "day"}, "plain": {}}
    write_resume(project, "resume.json", resumekit={"variants": variants})
    result = runner.invoke(app, ["render", "resume.json", "--all-variants", "-f", "txt"])
    assert result.exit_code == 0, result.output
    exact = (project / "out" / "resume-exact.txt").read_text(encoding="utf-8")
    plain = (project / "out" / "resume-plain.txt").read_text(encoding="utf-8")
    assert "May 1, 2017 – Feb 15, 2019" in exact
    assert "May 2017 – Feb 2019" in plain


def test_an_unknown_dates_setting_is_placed(runner, write):
    path = write("resume.yaml", "basics: {name: Ada}\nresumekit:\n  dates: days\n"
                                "  variants:\n    v: {dates: weekly}\n")  # fmt: skip
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"error: {path}:3:10: resumekit.dates: 'days' is not one of: month, day; "
        "did you mean 'day'?",
        f"error: {path}:5:16: resumekit.variants.v.dates: 'weekly' is not one of: month, day",
    ]

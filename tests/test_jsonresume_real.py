"""JSON Resume documents as people publish them (issue 17): older key names, dates written
every which way, HTML in text fields, links without a scheme, a photo beside the document.
The documents are written here in those shapes; none is anyone's resume."""

from __future__ import annotations

import json
import os
import re
import shutil

import pypdf
import pytest

import resumekit
from conftest import DATA
from resumekit.cli import app

LEGACY = {
    "basics": {"name": "Ana Alt", "label": "Engineer", "picture": "photo.png",
               "website": "https://ana.example", "email": "ana@example.com"},
    "work": [
        {"company": "Acme Corp", "position": "Lead Engineer", "website": "https://acme.example",
         "startDate": "2019-05-01", "endDate": "", "highlights": ["Shipped the queue"]},
        {"company": "Beta GmbH", "position": "Entwickler", "startDate": "2016-01-01",
         "endDate": "heute"},
        {"company": "Gamma SA", "position": "Stagiaire", "startDate": "", "endDate": "présent"},
        {"company": "Delta Ltd", "position": "Analyst", "startDate": "2015-03",
         "endDate": "2014-01"},
        {"company": "Epsilon", "position": "Intern", "startDate": "soon",
         "endDate": "至今（9个月）"},
    ],
    "volunteer": [{"organization": "Code Club", "position": "Mentor",
                   "website": "https://club.example"}],
    "education": [{"institution": "Uni", "area": "CS", "studyType": "BSc", "gpa": "3.9"}],
    "publications": [{"name": "On Queues", "publisher": "ACM", "website": "https://p.example"}],
    "languages": [{"name": "English", "level": "Native speaker"}, {"name": "Deutsch",
                   "level": "B2"}],
    "awards": [{"awarder": "The Guild", "date": "2018-01-01"}],  # no title: none required
}  # fmt: skip

HTML = {
    "basics": {"name": "Hana Html", "url": "github.com/hana",
               "summary": "<p>First paragraph with <strong>bold</strong>.</p>"
                          "<p>Second paragraph.<br/>A new line.</p>"},
    "work": [{"name": "Acme", "position": "Dev", "startDate": "2020-01",
              "summary": "Built <em>things</em> &amp; more",
              "highlights": ["Led <b>five</b> people",
                             "<ul><li>Cut costs</li><li>Hired</li></ul>"]}],
}  # fmt: skip


def write(folder, name: str, document: dict) -> object:
    path = folder / name
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_older_names_keep_every_employer_in_the_pdf(tmp_path):
    shutil.copy(DATA / "pixel.png", tmp_path / "photo.png")
    source = write(tmp_path, "resume.json", LEGACY)
    result = resumekit.render(resumekit.load(source), formats=["pdf"], output=tmp_path / "out")
    text = re.sub(r"\s+", " ", pdf_text(result.outputs["pdf"]))
    for job in LEGACY["work"]:
        assert job["company"] in text and job["position"] in text
    assert "Shipped the queue" in text and "Code Club" in text
    assert "English" in text and "Native speaker" in text and "Deutsch" in text
    assert "The Guild" in text
    assert "GPA: 3.9" in text or "3.9" in text
    assert "ana.example" in text
    links = [a.get_object()["/A"]["/URI"] for page in pypdf.PdfReader(result.outputs["pdf"]).pages
             for a in page.get("/Annots", [])]  # fmt: skip
    assert "https://acme.example" in links


def test_import_never_fails_and_says_where_each_change_was(runner, tmp_path):
    shutil.copy(DATA / "pixel.png", tmp_path / "photo.png")
    source = write(tmp_path, "resume.json", LEGACY)
    target = tmp_path / "out" / "resume.yaml"
    target.parent.mkdir()
    result = runner.invoke(app, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    notes = result.stderr
    older = "'company' is JSON Resume's older name for 'name'"
    assert re.search(rf"{source}:\d+:\d+: work\[0\].company: {older}", notes)
    assert re.search(rf"{source}:\d+:\d+: basics.picture: 'picture' is JSON Resume's older", notes)
    assert re.search(r'work\[4\].endDate: "至今（9个月）" read as present', notes)
    assert re.search(r'work\[4\].startDate: expected a date like 2023-10 .*"soon"', notes)
    assert "work[3].endDate: endDate 2014-01 is before startDate 2015-03" in notes
    yaml = target.read_text(encoding="utf-8")
    # kept for export where strict YAML has room for them: in x-jsonresume
    assert "  x-jsonresume:\n    startDate: soon\n" in yaml
    assert "  x-jsonresume:\n    startDate: 2015-03\n    endDate: 2014-01\n" in yaml
    for current in ("name: Acme Corp", "url: https://acme.example", "score: '3.9'",
                    "image: photo.png"):  # fmt: skip
        assert current in yaml, current
    assert "company:" not in yaml and "website:" not in yaml and "gpa:" not in yaml
    assert runner.invoke(app, ["validate", str(target)]).exit_code == 0
    exported = json.loads(runner.invoke(app, ["export", str(target)]).stdout)
    assert exported["work"][0]["name"] == "Acme Corp" and "company" not in exported["work"][0]
    assert exported["work"][3]["endDate"] == "2014-01"
    assert exported["work"][4]["startDate"] == "soon"
    assert exported["basics"]["image"] == "photo.png"
    assert (target.parent / "photo.png").read_bytes() == (tmp_path / "photo.png").read_bytes()


@pytest.mark.parametrize(
    "word",
    ["present", "Present (9 months)", "heute", "présent", "actualidad", "atual", "attuale",
     "heden", "настоящее время", "至今", "現在", "현재", "حتى الآن", "", "  "],
)  # fmt: skip
def test_an_end_date_saying_present_or_nothing_is_an_open_end(word, tmp_path):
    document = {"basics": {"name": "Ana"},
                "work": [{"name": "Acme", "position": "Dev", "startDate": "2020-01",
                          "endDate": word}]}  # fmt: skip
    resume = resumekit.load(write(tmp_path, "resume.json", document))
    assert resume.work[0].end_date is None and resume.work[0].start_date == "2020-01"


def test_html_in_text_prints_as_text_in_every_output(tmp_path):
    source = write(tmp_path, "resume.json", HTML)
    result = resumekit.render(resumekit.load(source), formats=["pdf", "html", "txt", "md"],
                              output=tmp_path / "out")  # fmt: skip
    text = pdf_text(result.outputs["pdf"])
    assert not re.search(r"</?\w+>|&amp;", text), text
    flat = re.sub(r"\s+", " ", text)
    for words in ("First paragraph with bold.", "Second paragraph.", "Built things & more",
                  "Led five people", "Cut costs", "Hired"):  # fmt: skip
        assert words in flat, words
    page = result.outputs["html"].read_text(encoding="utf-8")
    assert "<strong>bold</strong>" in page and "&lt;strong" not in page and "&lt;ul" not in page
    for fmt in ("txt", "md"):
        assert "<strong>" not in result.outputs[fmt].read_text(encoding="utf-8")


def test_html_becomes_markdown_at_import(runner, tmp_path):
    source = write(tmp_path, "resume.json", HTML)
    target = tmp_path / "resume.yaml"
    assert runner.invoke(app, ["import", str(source), "-o", str(target)]).exit_code == 0
    resume = resumekit.load(target)
    assert resume.basics.summary == (
        "First paragraph with **bold**.\n\nSecond paragraph.\n\nA new line."
    )
    highlights = [str(h) for h in resume.work[0].highlights]
    assert highlights == ["Led **five** people", "Cut costs", "Hired"]  # a list: one each
    assert resume.basics.url == "https://github.com/hana"  # the scheme written in


def test_a_link_without_its_scheme_is_a_link_in_the_pdf(tmp_path):
    source = write(tmp_path, "resume.json", HTML)
    result = resumekit.render(resumekit.load(source), formats=["pdf"], output=tmp_path)
    links = [a.get_object()["/A"]["/URI"] for page in pypdf.PdfReader(result.outputs["pdf"]).pages
             for a in page.get("/Annots", [])]  # fmt: skip
    assert "https://github.com/hana" in links


def test_a_relative_photo_is_the_documents(tmp_path):
    (tmp_path / "cv").mkdir()
    shutil.copy(DATA / "pixel.png", tmp_path / "cv" / "photo.png")
    source = write(tmp_path / "cv", "resume.json", LEGACY)
    result = resumekit.render(resumekit.load(source), formats=["html"], output=tmp_path / "out")
    assert 'class="photo" src="data:image/png;base64,' in result.outputs["html"].read_text()


def test_the_locale_in_the_documents_name_is_written_into_the_yaml(runner, tmp_path):
    source = write(tmp_path, "resume.de.json", LEGACY)
    target = tmp_path / "resume.yaml"
    result = runner.invoke(app, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert resumekit.load(target).resumekit.locale == "de"
    text = resumekit.render(resumekit.load(target), formats=["txt"], output=tmp_path / "o")
    assert "BERUFSERFAHRUNG" in text.outputs["txt"].read_text().upper()


def test_a_document_with_the_current_names_round_trips(runner, tmp_path):
    """import then export gives back every value of a document the official schema accepts."""
    document = json.loads((DATA / "jsonresume" / "senior-engineer.resume.json").read_text())
    document["basics"]["url"] = "github.com/ana"  # as many write it
    source = write(tmp_path, "resume.json", document)
    target = tmp_path / "resume.yaml"
    assert runner.invoke(app, ["import", str(source), "-o", str(target)]).exit_code == 0
    exported = json.loads(runner.invoke(app, ["export", str(target)]).stdout)
    exported["basics"]["url"] = exported["basics"]["url"].removeprefix("https://")
    assert exported == document


def render_text(tmp_path, document: dict, name: str = "resume.json") -> str:
    source = write(tmp_path, name, document)
    result = resumekit.render(resumekit.load(source), formats=["txt"], output=tmp_path / "t")
    return result.outputs["txt"].read_text(encoding="utf-8")


def test_an_end_date_that_cannot_be_read_never_prints_present(tmp_path):
    """Set aside, an unreadable end would leave the job open: its period is not printed."""
    document = {"basics": {"name": "E D"},
                "work": [{"name": "Acme", "position": "Dev", "startDate": "2015-01",
                          "endDate": "Dec 2017"}]}  # fmt: skip
    text = render_text(tmp_path, document)
    assert "Acme" in text and "Present" not in text and "2015" not in text


def test_text_that_only_looks_like_html_is_kept(tmp_path):
    summary = "I love std::vector<int> and List<String>; a<b and x > y. Mail <me@example.com>."
    highlight = "Migrated List<String> to Set<String>"
    document = {"basics": {"name": "A", "summary": summary},
                "work": [{"name": "Acme", "highlights": [highlight]}]}  # fmt: skip
    text = render_text(tmp_path, document)
    assert summary in text and highlight in text


def test_html_that_cannot_be_markdown_is_read_as_its_text(tmp_path):
    deep = "<div>" * 600 + "deep" + "</div>" * 600  # markdownify would recurse too deep
    dense = " ".join(f"<b>skill{i}</b>" for i in range(60))  # 240 Markdown marks
    document = {"basics": {"name": "X <b>S</b>", "label": "<script>alert(1)</script>Engineer",
                           "summary": deep},
                "work": [{"name": "Acme", "summary": dense}]}  # fmt: skip
    text = render_text(tmp_path, document)
    assert "X S" in text and "Engineer" in text and "alert" not in text and "<b>" not in text
    assert "deep" in text and "skill0 skill1" in text and "skill59" in text


def test_escaped_html_stays_escaped_for_json_resume_themes(runner, tmp_path):
    """Text that says <script> is text: export must not hand a theme that prints HTML a tag."""
    document = {"basics": {"name": "A", "summary": "&lt;script&gt;alert(1)&lt;/script&gt;"}}
    source = write(tmp_path, "resume.json", document)
    target = tmp_path / "r.yaml"
    assert runner.invoke(app, ["import", str(source), "-o", str(target)]).exit_code == 0
    exported = runner.invoke(app, ["export", str(target)]).stdout
    assert "<script" not in exported and "&lt;script>" in exported
    assert "<script>alert(1)</script>" in render_text(tmp_path, document)


@pytest.mark.parametrize(
    "document",
    [{}, {"work": []}, {"basics": {"name": None}}, {"basics": {"name": ["x"]}},
     {"basics": "nope"}, {"basics": {"name": "A"}, "work": "nope"},
     {"basics": {"name": "A"}, "skills": [{"keywords": ["Python"]}],
      "references": [{"reference": "Great"}], "languages": [{"fluency": "Native"}]}],
)  # fmt: skip
def test_import_of_any_parseable_document_writes_yaml_that_validates(document, runner, tmp_path):
    source = write(tmp_path, "resume.json", document)
    target = tmp_path / "r.yaml"
    result = runner.invoke(app, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    checked = runner.invoke(app, ["validate", str(target)])
    assert checked.exit_code == 0, checked.stderr


def test_html_entities_tags_and_words_read_as_a_reader_means(tmp_path):
    document = {
        "basics": {"name": "AT&amp;T Fan", "label": "R&amp;D <b>Lead</b>",
                   "summary": "<p>Para one<p>Para two <!-- TODO -->"},
        "work": [{"name": "Acme", "position": "Dev", "startDate": "2020-01",
                  "endDate": "現在に至る",
                  "highlights": ["Used <code>std::vector&lt;int&gt;</code>",
                                 "Built List<String> APIs in <b>Java</b>"]}],
    }  # fmt: skip
    text = render_text(tmp_path, document)
    for words in ("AT&T Fan", "R&D Lead", "Para one", "Para two", "std::vector<int>",
                  "Built List<String> APIs in Java", "Jan 2020 – Present"):  # fmt: skip
        assert words in text, (words, text)
    assert "TODO" not in text and "&lt;" not in text and "<p>" not in text


def test_stripping_tags_never_builds_one_for_an_export(runner, tmp_path):
    document = {"basics": {"name": "<scr<b></b>ipt>alert(1)</scr<b></b>ipt>",
                           "label": "<img src=x one<i></i>rror=alert(1)>"}}  # fmt: skip
    source = write(tmp_path, "resume.json", document)
    target = tmp_path / "r.yaml"
    assert runner.invoke(app, ["import", str(source), "-o", str(target)]).exit_code == 0
    exported = runner.invoke(app, ["export", str(target)]).stdout
    assert "<script" not in exported and "<img" not in exported


@pytest.mark.parametrize(
    "document",
    [{"basics": {"name": "N"}, "skills": [None, {"keywords": ["py"]}]},
     {"basics": {"name": "N"}, "work": [5, {"name": "A", "startDate": "2015-13"}]},
     {"basics": {"name": "N", "summary": "x\u2029y\n \t\nz"}}],
)  # fmt: skip
def test_more_shapes_import_and_validate(document, runner, tmp_path):
    test_import_of_any_parseable_document_writes_yaml_that_validates(document, runner, tmp_path)


@pytest.fixture
def photo_document(tmp_path):
    (tmp_path / "doc").mkdir()
    shutil.copy(DATA / "pixel.png", tmp_path / "doc" / "photo.png")
    (tmp_path / "out").mkdir()
    return write(tmp_path / "doc", "resume.json", {"basics": {"name": "A", "image": "photo.png"}})


@pytest.mark.parametrize("taken", ["fifo", "device", "folder", "other", "link out"])
def test_the_photo_never_reads_or_replaces_what_stands_at_its_name(
    taken, photo_document, runner, tmp_path
):
    """import checks the photo's place through the read boundary: a FIFO, a device, a folder,
    another file or a link out there is taken, and the YAML keeps the path for export only."""
    place = tmp_path / "out" / "photo.png"
    if taken == "fifo":
        os.mkfifo(place)
    elif taken == "device":
        place.symlink_to("/dev/zero")
    elif taken == "folder":
        place.mkdir()
    elif taken == "other":
        place.write_bytes(b"not the photo")
    else:
        (tmp_path / "elsewhere.png").write_bytes((DATA / "pixel.png").read_bytes())
        place.symlink_to(tmp_path / "elsewhere.png")
    target = tmp_path / "out" / "resume.yaml"
    result = runner.invoke(app, ["import", str(photo_document), "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert "photo not copied, its path kept for export only" in result.stderr
    assert resumekit.load(target).basics.image is None
    exported = json.loads(runner.invoke(app, ["export", str(target)]).stdout)
    assert exported["basics"]["image"] == "photo.png"


def test_the_photo_never_replaces_the_yaml(photo_document, runner, tmp_path):
    target = tmp_path / "out" / "photo.png"
    result = runner.invoke(app, ["import", str(photo_document), "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_a_refused_import_writes_nothing(photo_document, runner, tmp_path, monkeypatch):
    """Every path is decided before anything is written: a linked output folder (in the
    checkout) is refused, and nothing is written through it."""
    (tmp_path / "victim").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "victim")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["import", str(photo_document), "-o", "linked/resume.yaml"])
    assert result.exit_code == 2
    assert list((tmp_path / "victim").iterdir()) == []


def test_html_with_thousands_of_tags_is_read_as_text(tmp_path):
    """html.parser rescans unclosed start tags: past MAX_TAGS a text is read as plain text."""
    from resumekit.jsonresume_read import MAX_TAGS, to_markdown

    summary = ("<a " * 3400)[:9990] + "&amp;"
    assert summary.count("<") > MAX_TAGS
    text = to_markdown(summary)  # seconds through markdownify; read as text, at once
    assert "<a" not in text and text.startswith("&lt;a &lt;a") and text.endswith("&")

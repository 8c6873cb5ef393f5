"""`resumekit site` with other inputs: hostile about pages and settings, no about page, no
address, a photo, another language, and the same bytes twice."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import DATA
from test_site import Page, run

RESUME = """basics:
  name: Ada Lovelace
  label: Analyst </script><b>&
  email: ada@example.com
  summary: Wrote *the first* program.
{more}resumekit:
  site:
{site}"""


def project(folder: Path, site: str = "    about: about.md\n", about: str | None = "Hi.\n",
            more: str = "") -> Path:  # fmt: skip
    (folder / "resume.yaml").write_text(RESUME.format(site=site, more=more), encoding="utf-8")
    if about is not None:
        (folder / "about.md").write_text(about, encoding="utf-8")
    return folder


def index(folder: Path, name: str = "site") -> Page:
    return Page((folder / name / "index.html").read_text(encoding="utf-8"))


def test_the_about_page_is_markdown(tmp_path):
    about = ("# Hello\n\n## Work\n\n*My* [PDF](resume.pdf), [work](resume.html#work) and "
             "[site](https://example.com) & <https://ada.example>.\n\n> quoted\n\n- a\n- b\n\n"
             "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ `x < y`\n")  # fmt: skip
    folder = project(tmp_path, about=about, more="work: [{name: X, position: Y}]\n")
    done = run(folder, "site")
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    page = index(tmp_path)
    assert page.text("h1") == "Ada Lovelace"  # the only h1
    assert page.text("h2").startswith("Hello") and page.text("h3") == "Work"
    assert '<a rel="noopener" href="resume.pdf">PDF</a>' in html
    assert '<a rel="noopener" href="resume.html#work">work</a>' in html
    assert '&amp; <a rel="noopener" href="https://ada.example">' in html
    assert "<blockquote>" in html and "<li>a</li>" in html and "<td>1</td>" in html
    assert "<s>old</s>" in html and "<code>x &lt; y</code>" in html


def test_what_would_not_publish_as_written_is_refused_where_it_is(tmp_path):
    about = ("Hi.\n\n<!-- a note -->\n\nA <b>bold</b> ![me](me.png) [x](javascript:alert(1)) "
             "[y](Resume.pdf) [z](twitter.com/ada) [w](resume.html#experience) "
             "[v](notes.html)\n")  # fmt: skip
    folder = project(tmp_path, about=about)
    for command in ("validate", "site"):
        done = run(folder, command)
        assert done.returncode == 1, done.stdout
        lines = done.stderr.splitlines()
        assert lines[:8] == [
            "error: about.md:3:1: an HTML comment would show as text on the about page; delete it",
            "error: about.md:5:3: raw HTML is not allowed on the about page: it would show as "
            "text; write Markdown",
            "error: about.md:5:10: raw HTML is not allowed on the about page: it would show as "
            "text; write Markdown",
            "error: about.md:5:15: an image is not allowed on the about page (the photo is "
            "basics.image); link to it instead",
            "error: about.md:5:33: a link to 'javascript:alert(1)' is not allowed: links go to "
            "http, https, mailto or tel addresses, or to the site's own files",
            "error: about.md:5:58: a link to 'Resume.pdf' goes nowhere on the site; did you mean "
            '"resume.pdf"?',
            "error: about.md:5:74: a link to 'twitter.com/ada' goes nowhere on the site; did you "
            'mean "https://twitter.com/ada"?',
            "error: about.md:5:95: a link to 'resume.html#experience' goes nowhere: resume.html "
            "has no anchor 'experience'; it has: summary",
        ], done.stderr
        assert "about.md:5:123: a link to 'notes.html' goes nowhere on the site" in lines[8]
    assert not (folder / "site").exists()


def test_front_matter_is_not_an_about_page(tmp_path):
    folder = project(tmp_path, about="---\ntitle: About\n---\n# Hi\n")
    for args in (("validate",), ("validate", "about.md"), ("site",)):
        done = run(folder, *args)
        assert done.returncode == 1
        assert done.stderr.startswith("error: about.md:1:1: an about page is Markdown alone, with "
                                      "no front matter ('---')"), (args, done.stderr)  # fmt: skip


def test_text_of_the_resume_cannot_end_the_json_ld_script(tmp_path):
    done = run(project(tmp_path), "site")
    assert done.returncode == 0, done.stderr
    page = index(tmp_path)
    [data] = [text for kind, text in page.scripts if kind == "application/ld+json"]
    assert json.loads(data)["jobTitle"] == "Analyst </script><b>&"
    assert "</script>" not in data and "\\u003c/script\\u003e" in data


@pytest.mark.parametrize(
    ("site", "message"),
    [
        (
            "    about: /etc/passwd.md\n",
            'expected a Markdown file beside the resume, such as "about.md"',
        ),
        (
            "    about: .git/about.md\n",
            'a hidden file or folder is not a Markdown file: ".git/about.md"',
        ),
        ("    about: notes.txt\n", "expected a Markdown file beside the resume"),
        ("    url: javascript:alert(1)\n", "expected the address of the site's folder"),
        ("    url: https://example.com/?q=1\n", "expected the address of the site's folder"),
        ("    url: https://me.github.io/cv/index.html\n", "expected the address of the site's"),
        ("    url: https://me:pw@example.com/\n", "expected the address of the site's folder"),
        ("    url: https://example.com/#\n", "expected the address of the site's folder"),
        ("    abut: about.md\n", "did you mean 'about'?"),
    ],
    ids=[
        "absolute",
        "hidden",
        "not markdown",
        "url scheme",
        "url query",
        "url page",
        "url password",
        "url empty fragment",
        "typo",
    ],
)
def test_bad_site_settings_are_errors_at_their_place(tmp_path, site, message):
    done = run(project(tmp_path, site=site), "validate")
    assert done.returncode == 1, done.stdout
    assert "resume.yaml:8:" in done.stderr and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("about", "message"),
    [
        (None, "resume.yaml:8:12: resumekit.site.about: there is no about page about.md beside "
               "the resume: write it, or remove this line"),
        ("", "about.md:1:1: the about page has no text"),
        ("x" * 100_001, "the about page's text is 100,001 characters; at most 100,000"),
        ("ok\n\n\x07 bell\n", "about.md:3:1: control character U+0007 is not allowed in text"),
        ("*a* " * 3_000, "the about page's text holds 6,000 Markdown marks"),
        ("bad \xff", "not UTF-8 text"),
    ],
    ids=["missing", "empty", "long", "control", "marks", "not utf-8"],
)  # fmt: skip
def test_a_bad_about_page_is_one_clear_error(tmp_path, about, message):
    folder = project(tmp_path, about=None)
    if about is not None:
        raw = about.encode("latin-1") if "\xff" in about else about.encode()
        (folder / "about.md").write_bytes(raw)
    for command in ("site", "validate"):
        done = run(folder, command)
        assert done.returncode == 1, (command, done.stderr)
        assert message in done.stderr, (command, done.stderr)
        assert "Traceback" not in done.stderr
    assert not (folder / "site").exists()


def test_an_about_page_linked_from_outside_is_refused(tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("secret\n")
    folder = tmp_path / "project"
    folder.mkdir()
    project(folder, about=None)
    os.symlink(outside, folder / "about.md")
    done = run(folder, "site")
    assert done.returncode == 1
    assert "refused to read it: its real path" in done.stderr and "is outside" in done.stderr
    assert not (folder / "site").exists()


def test_without_about_page_or_address(tmp_path):
    """The summary stands in for the about page; no address: no sitemap, robots, canonical,
    og:url or og:image, and previews still have a title and description."""
    (tmp_path / "resume.yaml").write_text(RESUME.format(site="    tagline: Hi\n", more=""))
    done = run(tmp_path, "site")
    assert done.returncode == 0, done.stderr
    files = {p.name for p in (tmp_path / "site").iterdir()}
    assert "sitemap.xml" not in files and "robots.txt" not in files
    page = index(tmp_path)
    assert "Wrote the first program." in page.text("main")
    assert page.meta("og:url") is None and page.meta("og:image") is None
    assert page.meta("og:description") == "Wrote the first program."
    assert not [a for a in page.all("link") if a.get("rel") == "canonical"]


def test_a_photo_is_a_file_of_the_site_for_previews(tmp_path):
    shutil.copy(DATA / "pixel.png", tmp_path / "me.png")
    folder = project(tmp_path, site="    about: about.md\n    url: https://ada.example/cv\n")
    text = (folder / "resume.yaml").read_text().replace("  email:", "  image: me.png\n  email:")
    (folder / "resume.yaml").write_text(text)
    done = run(folder, "site")
    assert done.returncode == 0, done.stderr
    assert (folder / "site" / "photo.png").read_bytes() == (DATA / "pixel.png").read_bytes()
    page = index(folder)
    assert page.meta("og:image") == "https://ada.example/cv/photo.png"
    assert page.meta("og:url") == "https://ada.example/cv/"
    [photo] = [img for img in page.all("img")]
    assert photo["alt"] == "Ada Lovelace" and photo["src"].startswith("data:image/png;base64,")
    document = json.loads((folder / "site" / "resume.json").read_text())
    assert document["basics"]["image"] == "https://ada.example/cv/photo.png"
    card = (folder / "site" / "contact.vcf").read_bytes()
    assert b"\r\nPHOTO:https://ada.example/cv/photo.png\r\n" in card


def test_the_site_speaks_the_resumes_language(tmp_path):
    folder = project(tmp_path, more="  location: {city: Kairo}\n")
    done = run(folder, "site", "--locale", "de")
    assert done.returncode == 0, done.stderr
    page = index(folder)
    assert page.text("nav") == "Lebenslauf PDF JSON Resume Kontaktkarte"
    assert page.text("a").startswith("Zum Text springen")  # the skip link, first
    assert page.all("html")[0]["lang"] == "de"
    arabic = run(folder, "site", "--locale", "ar", "-o", "ar")
    assert arabic.returncode == 0, arabic.stderr
    assert Page((folder / "ar" / "index.html").read_text()).all("html")[0]["dir"] == "rtl"


def test_the_same_source_builds_the_same_bytes(tmp_path):
    folder = project(tmp_path, site="    about: about.md\n    url: https://ada.example/\n")
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    assert run(folder, "site", "-o", "one", env=env).returncode == 0
    assert run(folder, "site", "-o", "two", env=env).returncode == 0
    one = {p.name: p.read_bytes() for p in (folder / "one").iterdir()}
    two = {p.name: p.read_bytes() for p in (folder / "two").iterdir()}
    assert one == two and len(one) == 9


def test_an_output_that_is_a_file_is_refused(tmp_path):
    folder = project(tmp_path)
    (folder / "taken").write_text("mine")
    done = run(folder, "site", "-o", "taken")
    assert done.returncode != 0 and "-o taken: not a folder" in done.stderr
    assert (folder / "taken").read_text() == "mine"

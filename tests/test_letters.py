"""`resumekit letter`: cover letters in the resume's theme, alone or before the resume."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import docx
import pypdf
import pytest

from conftest import copy_seed, in_order
from resumekit import i18n, letter_render, scaffold

LETTER = """\
---
to: Dr. Priya Raman
company: Acme Robotics
address: |
  1 Innovation Way
  Boston, MA 02110
subject: Senior Manager, ML Inference
variant: ml-inference
resume: ../resume.yaml
---
I am writing to apply for the **Senior Manager** role at Acme Robotics.

At AWS I:

- built a team working on *inference acceleration*;
- shipped `transformers-neuronx`, see [the code](https://github.com/aws-neuron).

Raw HTML stays text: <script>alert(1)</script>, and {{ 7 * 7 }} is no template.
A [bad link](javascript:alert(1)) is no link.

I would welcome the chance to talk.
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seed resume and letters/acme.md beside it, as the current folder."""
    copy_seed(tmp_path)
    (tmp_path / "letters").mkdir()
    (tmp_path / "letters" / "acme.md").write_text(LETTER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")  # 2025-11-24
    return tmp_path


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(path).pages).split())


def outline(path: Path) -> list[object]:
    reader = pypdf.PdfReader(path)

    def walk(items: list) -> list[object]:
        return [walk(i) if isinstance(i, list) else (i.title, reader.get_destination_page_number(i))
                for i in items]  # fmt: skip

    return walk(reader.outline)


def command(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "resumekit", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=180)  # fmt: skip


def test_a_letter_prints_masthead_date_recipient_subject_text_and_signature_in_order(project):
    done = letter_render.render("letters/acme.md")
    assert done.written == {"pdf": Path("out/acme.pdf")} and done.pages == 1
    text = pdf_text(project / "out" / "acme.pdf")
    in_order(text, "Senthilkumar Gopal", "Machine learning researcher", "senthil777@gmail.com",
             "November 24, 2025", "Dr. Priya Raman", "Acme Robotics", "1 Innovation Way",
             "Boston, MA 02110", "Senior Manager, ML Inference", "Dear Dr. Priya Raman,",
             "I am writing to apply", "built a team working on inference acceleration",
             "shipped transformers-neuronx", "<script>alert(1)</script>", "{{ 7 * 7 }}",
             "I would welcome the chance to talk.", "Sincerely,", "Senthilkumar Gopal")  # fmt: skip
    links = [a["/A"].get("/URI") for page in pypdf.PdfReader(project / "out" / "acme.pdf").pages
             for a in (x.get_object() for x in page.get("/Annots", []))]  # fmt: skip
    assert "https://github.com/aws-neuron" in links
    assert not any(str(link).startswith("javascript") for link in links)


def test_with_resume_is_one_pdf_the_letter_then_the_variants_resume_bookmarked(project):
    done = letter_render.render("letters/acme.md", with_resume=True)
    path = project / "out" / "acme.pdf"
    reader = pypdf.PdfReader(path)
    assert done.pages == len(reader.pages) == 3  # the letter, then the variant's two pages
    marks = outline(path)
    assert marks[:2] == [("Cover letter", 0), ("Resume", 1)]
    assert ("Experience", 1) in marks[2]  # the resume's own bookmarks, under it
    resume_text = " ".join(" ".join(p.extract_text() for p in reader.pages[1:]).split())
    assert "Leading Neuron Science team" in resume_text  # tagged ml: in the variant
    assert "batched and near real-time data pipelines" not in resume_text  # tagged data: out


def test_the_same_letter_makes_the_same_bytes(project):
    made = []
    for folder in ("a", "b"):
        letter_render.render("letters/acme.md", ["pdf", "html", "docx"], f"{folder}/",
                             with_resume=True)  # fmt: skip
        made.append(
            [(project / folder / f"acme.{f}").read_bytes() for f in ("pdf", "html", "docx")]
        )
    assert made[0] == made[1]


def test_html_escapes_raw_html_and_links_only_safe_targets(project):
    letter_render.render("letters/acme.md", ["html"])
    page = (project / "out" / "acme.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()
    assert 'href="https://github.com/aws-neuron"' in page and 'href="javascript' not in page
    assert "<title>Cover letter — Senthilkumar Gopal — Acme Robotics</title>" in page
    assert "{{ 7 * 7 }}" in page


def test_locale_words_and_date_follow_the_letters_locale(project):
    letter = project / "letters" / "acme.md"
    letter.write_text(LETTER.replace("variant:", "locale: de\ndate: 2026-03-02\nvariant:"),
                      encoding="utf-8")  # fmt: skip
    letter_render.render(letter)
    text = pdf_text(project / "out" / "acme.pdf")
    in_order(text, "2. März 2026", "Guten Tag Dr. Priya Raman,", "Mit freundlichen Grüßen")


def test_front_matter_salutation_and_closing_are_used_as_written(project):
    letter = project / "letters" / "acme.md"
    text = LETTER.replace("variant:", "salutation: Hello Priya,\nclosing: Best regards,\nvariant:")
    letter.write_text(text, encoding="utf-8")
    letter_render.render(letter)
    in_order(pdf_text(project / "out" / "acme.pdf"), "Hello Priya,", "Best regards,")


@pytest.mark.parametrize(
    ("theme", "font"),
    [
        ("compact", "IBM-Plex-Sans-Condensed"),
        ("classic", "IBM-Plex-Serif"),
        ("modern", "Fira-Sans"),
    ],
)
def test_every_built_in_theme_has_a_letter_in_its_own_type(project, theme, font):
    letter_render.render("letters/acme.md", theme=theme)
    reader = pypdf.PdfReader(project / "out" / "acme.pdf")
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any(font in name for name in fonts), fonts
    assert "Dear Dr. Priya Raman," in pdf_text(project / "out" / "acme.pdf")


STANDALONE = "<html><body><h1>{{ resume.name }}</h1></body></html>"


def test_a_theme_without_a_letter_template_uses_compacts(project):
    theme = project / "themes" / "plain"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "plain"\n[options.font_size]\ntype = "number"\n'
                                      "default = 11\n")  # fmt: skip
    (theme / "resume.html.j2").write_text(STANDALONE)
    (theme / "style.css").write_text("h1 { color: teal }\n")
    letter_render.render("letters/acme.md", theme="plain")
    in_order(pdf_text(project / "out" / "acme.pdf"), "Senthilkumar Gopal", "Dear Dr. Priya Raman,")


def test_a_new_standalone_theme_gets_a_letter_of_its_own(project):
    written = {path.name for path in scaffold.new_theme("mine")}
    assert {"letter.html.j2", "_letter.html.j2", "_masthead.html.j2"} <= written
    letter_render.render("letters/acme.md", theme="mine")
    assert "Dear Dr. Priya Raman," in pdf_text(project / "out" / "acme.pdf")


def test_a_letter_in_word(project):
    letter_render.render("letters/acme.md", ["docx"])
    document = docx.Document(str(project / "out" / "acme.docx"))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Senthilkumar Gopal")
    assert ("Letter", "Dear Dr. Priya Raman,") in paragraphs
    assert ("Letter", "I would welcome the chance to talk.") in paragraphs  # the text's size
    assert ("List Bullet", "built a team working on inference acceleration;") in paragraphs
    assert paragraphs[-2:] == [("Letter", "Sincerely,"), ("Letter", "Senthilkumar Gopal")]
    assert document.styles["Letter"].font.size.pt == round(9.5 * 1.12 * 2) / 2  # a size up
    assert document.core_properties.title == "Cover letter — Senthilkumar Gopal — Acme Robotics"


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "to: X\ncompnay: Y\n",
            [
                "acme.md:2:1: company: required field 'company' is missing",
                "acme.md:3:1: compnay: unknown field 'compnay'; did you mean 'company'?",
            ],
        ),
        (
            "to: X\ncompany: Y\nresume: ../resume.yaml\nvariant: ml-inferense\n",
            [
                "acme.md:5:10: variant: the resume ../resume.yaml has no variant 'ml-inferense'; "
                "did you mean 'ml-inference'?"
            ],
        ),
        (
            "to: X\ncompany: Y\nresume: ../gone.yaml\n",
            ["acme.md:4:9: resume: cannot read the resume:"],
        ),
        (
            "to: X\ncompany: Y\nresume: ../resume.yaml\ntheme: nosuch\nlocale: xx-yy\n",
            [
                "acme.md:5:8: theme: unknown theme 'nosuch'; available themes:",
                "acme.md:6:9: locale: unknown locale 'xx-yy'",
            ],
        ),
        (
            "to: X\ncompany: Y\ndate: 2026-02-30\n",
            ["acme.md:4:7: date: no such day: 2026-02-30"],
        ),
    ],
    ids=["typo and missing", "unknown variant", "missing resume", "theme and locale", "date"],
)
def test_validate_places_a_letters_problems_in_the_letter(project, front, expected):
    (project / "letters" / "acme.md").write_text(f"---\n{front}---\nHello.\n", encoding="utf-8")
    done = command("validate", "letters/acme.md", cwd=project)
    assert done.returncode == 1, done.stderr
    lines = [line.removeprefix("error: letters/") for line in done.stderr.splitlines()]
    assert len([line for line in lines if line.startswith("acme.md")]) == len(expected)
    for line, wanted in zip(lines, expected, strict=False):
        assert line.startswith(wanted), (line, wanted)
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hello.\n", "acme.md:1:1: a letter starts with its front matter"),
        ("---\nto: X\ncompany: Y\nHello.\n", "acme.md:1:1: the front matter has no closing"),
        ("---\nto: X\ncompany: Y\n---\n\n", "acme.md:5:1: the letter has no text"),
        ("---\n---\nHi\n", "acme.md: the front matter is empty; expected a mapping with to"),
        ("---\nto: [X\n---\nHi\n", "acme.md:3:1: YAML:"),
        ("---\nto: X\ncompany: Y\n---\n" + "*a* " * 600, "acme.md:5:1: the letter's text holds"),
    ],
    ids=["no front matter", "unclosed", "no text", "empty front matter", "bad YAML", "marks"],
)
def test_a_malformed_letter_is_one_clear_error(project, text, message):
    (project / "letters" / "acme.md").write_text(text, encoding="utf-8")
    done = command("letter", "letters/acme.md", cwd=project)
    assert done.returncode == 1, done.stderr
    assert f"error: letters/{message}" in done.stderr
    assert "Traceback" not in done.stderr and not (project / "out").exists()


def test_the_command_line(project):
    done = command("letter", "letters/acme.md", "--with-resume", "-f", "pdf,docx", "-o",
                   "build/", cwd=project)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["wrote build/acme.pdf (3 pages)", "wrote build/acme.docx"]
    wrong = command("letter", "letters/acme.md", "-f", "png", cwd=project)
    assert wrong.returncode == 2
    assert "error: a letter is written as pdf, html, docx; not 'png'" in wrong.stderr
    alone = command("letter", "letters/acme.md", "--with-resume", "-f", "html", cwd=project)
    assert alone.returncode == 2 and "--with-resume puts the letter" in alone.stderr
    other = command("letter", "letters/acme.md", "--variant", "nope", cwd=project)
    assert other.returncode == 2 and "--variant nope: the resume" in other.stderr


def test_init_writes_a_starter_letter_that_validates_and_renders(tmp_path):
    assert command("init", "--name", "Ada Lovelace", cwd=tmp_path).returncode == 0
    done = command("init", "--letter", "acme", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "wrote letters/acme.md"
    assert command("validate", "letters/acme.md", cwd=tmp_path).returncode == 0
    rendered = command("letter", "letters/acme.md", "--with-resume", cwd=tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    assert "Ada Lovelace" in pdf_text(tmp_path / "out" / "acme.pdf")
    again = command("init", "--letter", "acme", cwd=tmp_path)
    assert again.returncode == 2 and "exists" in again.stderr


def test_every_locale_has_a_letters_words():
    english = tomllib.loads((i18n.LETTER_WORDS / "en.toml").read_text(encoding="utf-8"))
    resume_locales = {path.stem for path in i18n.WORDS_FOLDER.glob("*.toml")}
    assert {path.stem for path in i18n.LETTER_WORDS.glob("*.toml")} == resume_locales
    for path in i18n.LETTER_WORDS.glob("*.toml"):
        words = tomllib.loads(path.read_text(encoding="utf-8"))
        assert set(words) == set(english), path.name
        assert "{name}" in words["dear"], path.name


def test_a_text_with_its_own_greeting_and_closing_is_warned_of(project):
    letter = project / "letters" / "acme.md"
    body = "Dear Dr. Raman,\n\nI am writing to apply.\n\nBest regards,\nPriya\n"
    letter.write_text(LETTER.split("---\n", 2)[0] + "---\n" + LETTER.split("---\n", 2)[1]
                      + "---\n" + body, encoding="utf-8")  # fmt: skip
    done = letter_render.render(letter)
    assert [w.split(": ", 1)[1][:40] for w in done.warnings] == [
        "the text opens with a greeting, 'Dear Dr",
        "the text ends with a closing, 'Best rega",
    ]
    checked = command("validate", "letters/acme.md", cwd=project)
    assert checked.returncode == 0
    assert "warning: letters/acme.md:11: the text opens with a greeting" in checked.stderr
    assert "warning: letters/acme.md:15: the text ends with a closing" in checked.stderr


def test_characters_no_font_draws_in_a_letter_are_warned_of(project):
    letter = project / "letters" / "acme.md"
    letter.write_text(LETTER.replace("I would welcome", "I would ᎣᏏᏲ welcome"), encoding="utf-8")
    done = letter_render.render(letter)
    assert any("no installed font can draw" in w and "in the letter" in w for w in done.warnings)


def test_a_letter_in_letters_without_resume_is_told_the_line_to_add(project):
    letter = project / "letters" / "acme.md"
    letter.write_text(LETTER.replace("resume: ../resume.yaml\n", ""), encoding="utf-8")
    done = command("validate", "letters/acme.md", cwd=project)
    assert done.returncode == 1
    assert ("resume: no resume.yaml beside the letter; for the one a folder up, add the line "
            "'resume: ../resume.yaml'") in done.stderr  # fmt: skip


def test_a_letter_output_names_only_letter_formats(project):
    done = command("letter", "letters/acme.md", "-o", "cover.odt", cwd=project)
    assert done.returncode == 2
    assert "name a .pdf, .html or .docx file, or a folder" in done.stderr
    other = command("letter", "letters/acme.md", "-o", "cover.docx", cwd=project)
    assert other.returncode == 2
    assert "hint: name a .pdf file or a folder, or add docx to the formats" in other.stderr


def test_the_closing_never_parts_from_the_name(project):
    letter = project / "letters" / "acme.md"
    sentence = "This paragraph is here to fill the page with text, as long letters do. "
    for count in range(4, 13):  # somewhere among these the closing falls at a page's foot
        filler = "\n\n".join([sentence * 5] * count)
        letter.write_text(LETTER.replace("I would welcome", filler + "\n\nI would welcome"),
                          encoding="utf-8")  # fmt: skip
        letter_render.render(letter)
        pages = [" ".join(p.extract_text().split())
                 for p in pypdf.PdfReader(project / "out" / "acme.pdf").pages]  # fmt: skip
        closing = next(page for page in pages if "Sincerely," in page)
        assert closing.split("Sincerely,")[1].strip().startswith("Senthilkumar Gopal"), count


@pytest.mark.parametrize("theme", ["compact", "classic", "modern"])
def test_with_resume_the_letter_has_one_bookmark_of_its_own(project, theme):
    letter_render.render("letters/acme.md", theme=theme, with_resume=True)
    marks = outline(project / "out" / "acme.pdf")
    assert marks[:2] == [("Cover letter", 0), ("Resume", 1)]  # no sidebar "Contact" between
    assert isinstance(marks[2], list) and len(marks) == 3


@pytest.mark.parametrize(
    ("resume", "message"),
    [
        ("/etc/passwd", 'expected a resume file beside the letter, such as "../resume.yaml"'),
        ("../.env.yaml", 'a hidden file or folder is not a resume file: "../.env.yaml"'),
        ("../../outside.yaml", "cannot read the resume:"),
    ],
    ids=["absolute", "hidden", "outside the project"],
)
def test_a_letter_reads_only_a_resume_in_its_project(project, resume, message):
    (project.parent / "outside.yaml").write_text("basics: {name: Secret}\n")
    letter = project / "letters" / "acme.md"
    letter.write_text(LETTER.replace("resume: ../resume.yaml", f"resume: {resume}"),
                      encoding="utf-8")  # fmt: skip
    done = command("validate", "letters/acme.md", cwd=project)
    assert done.returncode == 1, done.stderr
    assert f"letters/acme.md:9:9: resume: {message}" in done.stderr
    assert "Secret" not in done.stderr


def test_the_letter_is_the_same_whichever_format_comes_first_when_the_resume_is_fit(project):
    seed = (project / "resume.yaml").read_text(encoding="utf-8")
    head = seed.split("\npublications:")[0]  # short enough to fit one page, tightened
    tail = "\nresumekit:\n  variants:\n    ml-inference: {tags: [ml], max_pages: 1}\n"
    (project / "resume.yaml").write_text(head + tail, encoding="utf-8")
    made = []
    for order in (["html", "pdf"], ["pdf", "html"]):
        done = letter_render.render("letters/acme.md", order, f"{order[0]}/", with_resume=True)
        made.append((project / order[0] / "acme.html").read_bytes())
    assert done.options["font_size"] == 9.5  # the letter's, as planned; the resume was fit
    assert made[0] == made[1]


def test_control_characters_and_endless_lines_in_a_letter_are_refused_at_their_place(project):
    letter = project / "letters" / "acme.md"
    letter.write_text(
        LETTER.replace("I would welcome", "I would \x1b[31m welcome"), encoding="utf-8"
    )
    done = command("letter", "letters/acme.md", cwd=project)
    assert "letters/acme.md:21:9: control character U+001B is not allowed in text" in done.stderr
    letter.write_text(LETTER.split("I am writing")[0] + "- a\n" * 600, encoding="utf-8")
    done = command("letter", "letters/acme.md", cwd=project)
    assert "letters/acme.md:11:1: the letter's text is 601 lines long; at most 500" in done.stderr
    assert done.returncode == 1 and "Traceback" not in done.stderr


def test_a_very_old_source_date_epoch_dates_the_letter(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "-59000000000")
    letter_render.render("letters/acme.md")
    assert "May 13, 100" in pdf_text(project / "out" / "acme.pdf")


def test_a_letters_theme_folder_is_found_from_the_letter(project):
    theme = project / "themes" / "teal"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "teal"\nextends = "compact"\n')
    (theme / "style.css").write_text("h1 { color: teal; }\n")
    letter = project / "letters" / "acme.md"
    letter.write_text(
        LETTER.replace("variant:", "theme: ../themes/teal\nvariant:"), encoding="utf-8"
    )
    assert letter_render.render(letter).theme.name == "teal"


def test_a_theme_named_compact_without_a_letter_template_still_gets_one(project):
    theme = project / "mine"
    theme.mkdir()
    (theme / "theme.toml").write_text('name = "compact"\n')  # a stand-alone theme, no letter
    (theme / "resume.html.j2").write_text(STANDALONE)
    (theme / "style.css").write_text("h1 { color: teal; }\n")
    letter_render.render("letters/acme.md", theme="./mine")
    assert "Dear Dr. Priya Raman," in pdf_text(project / "out" / "acme.pdf")


TWO_LISTS = """
1. first
2. second

Between the lists, a **bold\\
break** and text after it.

3. third
"""


def test_word_numbers_each_list_as_written_and_keeps_a_hard_break(project):
    letter = project / "letters" / "acme.md"
    letter.write_text(LETTER.split("I am writing")[0] + TWO_LISTS, encoding="utf-8")
    letter_render.render(letter, ["docx"])
    document = docx.Document(str(project / "out" / "acme.docx"))
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("1. first") :][:2] == ["1. first", "2. second"]
    assert "3. third" in texts
    between = next(p for p in document.paragraphs if p.text.startswith("Between"))
    assert between.text == "Between the lists, a bold\n break and text after it."
    after = next(run for run in between.runs if "text after" in run.text)
    assert not after.bold and not between.hyperlinks
    assert between._p.xml.count("<w:br/>") == 1


def test_an_empty_salutation_or_closing_leaves_it_out(project):
    letter = project / "letters" / "acme.md"
    text = LETTER.replace("variant:", 'salutation: ""\nclosing: ""\nvariant:')
    letter.write_text(text.replace("I am writing", "Dear Priya,\n\nI am writing"), encoding="utf-8")
    done = letter_render.render(letter, ["pdf", "docx"])
    assert done.warnings == []  # the text's own greeting is the only one
    printed = pdf_text(project / "out" / "acme.pdf")
    assert "Dear Dr. Priya Raman," not in printed and "Sincerely," not in printed
    in_order(printed, "Dear Priya,", "I would welcome the chance to talk.", "Senthilkumar Gopal")
    paragraphs = [p.text for p in docx.Document(str(project / "out" / "acme.docx")).paragraphs]
    assert "Sincerely," not in paragraphs and paragraphs[-1] == "Senthilkumar Gopal"


def test_a_letter_at_the_top_or_through_a_linked_letters_folder_reads_nothing_outside(project):
    (project.parent / "outside.yaml").write_text("basics: {name: Secret}\n")
    (project / "notes.yaml").symlink_to(project.parent / "outside.yaml")
    top = project / "cover.md"
    top.write_text(LETTER.replace("resume: ../resume.yaml", "resume: ../outside.yaml"),
                   encoding="utf-8")  # fmt: skip
    done = command("validate", "cover.md", cwd=project)
    assert done.returncode == 1 and "cover.md:9:9: resume: cannot read the resume:" in done.stderr
    (project / "linked").mkdir()
    (project / "linked" / "letters").symlink_to(project)  # letters -> the project's top
    top.write_text(LETTER.replace("resume: ../resume.yaml", "resume: notes.yaml"), encoding="utf-8")
    done = command("validate", "linked/letters/cover.md", cwd=project)
    assert done.returncode == 1 and "resume: cannot read the resume:" in done.stderr
    assert "Secret" not in done.stderr


def test_the_line_limit_counts_every_kind_of_line_end(project):
    letter = project / "letters" / "acme.md"
    letter.write_text(LETTER.split("I am writing")[0] + "- a\r" * 600, encoding="utf-8")
    done = command("validate", "letters/acme.md", cwd=project)
    assert "letters/acme.md:11:1: the letter's text is 601 lines long; at most 500" in done.stderr
    letter.write_text(LETTER.split("I am writing")[0] + "a\rb\r\x01", encoding="utf-8")
    done = command("validate", "letters/acme.md", cwd=project)
    assert "letters/acme.md:13:1: control character U+0001" in done.stderr


def test_what_the_letters_pdf_could_not_fetch_is_warned_of(project):
    theme = project / "themes" / "fetching"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "fetching"\nextends = "compact"\n')
    (theme / "style.css").write_text("body { background: url(/etc/hostname) }\n")
    done = letter_render.render("letters/acme.md", theme="fetching")
    assert any(w.startswith("refused to read file:///etc/hostname") for w in done.warnings), (
        done.warnings
    )

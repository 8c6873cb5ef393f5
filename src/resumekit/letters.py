"""A cover letter: Markdown with YAML front matter, beside the resume it goes with.

    ---
    to: Dr. Priya Raman
    company: Acme Robotics
    subject: Senior Manager, ML Inference
    variant: ml-inference
    ---
    I am writing to apply for ...

The front matter is read as a resume is (bounded, every problem at its line and column,
"did you mean" for a mistyped key); the body is Markdown paragraphs, emphasis, links and
lists, with raw HTML shown as text and links only to http, https, mailto and tel. The body
is never a template: a letter's text reaches the theme as safe HTML, as resume text does.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from markupsafe import Markup
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from resumekit import markup, prose
from resumekit.errors import Diagnostic, InvalidResume
from resumekit.loader import Source, diagnostic, locate, read_bytes
from resumekit.parse import decode, parse_text
from resumekit.settings import relative_file

if TYPE_CHECKING:
    from babel import Locale
    from markdown_it import MarkdownIt

#: How long a letter's text may be: a page holds about 3,500 characters in 50 lines; marks
#: (``markup.MARKS``) far above a letter's dozen, far below what makes markdown-it slow.
BOUNDS = prose.Bounds(
    "the letter's text",
    chars=20_000,
    lines=500,
    marks=1_000,
    empty="the letter has no text after its front matter",
)
_FENCE = re.compile(r"^---[ \t]*$")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
KEYS = "to:, company:, subject:, ..."
#: The resume a letter goes with unless its front matter names one: beside the letter.
DEFAULT_RESUME = "resume.yaml"
#: The folder letters live in (init --letter, the hook): its letters may name ../resume.yaml.
LETTERS_FOLDER = "letters"
#: How letters often open and close, besides the locale's own words: text that repeats them
#: would print a greeting or a closing twice (resumekit adds both).
GREETINGS = ("dear ", "hello", "hi ", "to whom it may concern")
CLOSINGS = ("sincerely", "best regards", "kind regards", "regards", "yours sincerely",
            "yours faithfully", "yours truly", "respectfully", "best wishes")  # fmt: skip


def _day(text: str | None) -> str | None:
    if text is None:
        return None
    if not _DAY.fullmatch(text):
        raise PydanticCustomError(
            "letter_date", 'expected a day like 2026-11-24, got "{value}"', {"value": text}
        )
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError("letter_date", "no such day: {value}", {"value": text}) from None
    return text


def _resume_file(text: str) -> str:
    return relative_file(
        text, (".yaml", ".yml", ".json"), "../resume.yaml", "a resume file", "beside the letter"
    )


class LetterFront(BaseModel):
    """What a letter's front matter may say."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    to: str = Field(min_length=1, description="Who the letter is to, e.g. Dr. Priya Raman.")
    company: str = Field(min_length=1, description="The company (or school) applied to.")
    address: str | None = Field(None, description="Its address; a line break starts a line.")
    subject: str | None = Field(None, description="The position, or what the letter is about.")
    variant: str | None = Field(None, description="The resume's variant that goes with it.")
    date: Annotated[str | None, AfterValidator(_day)] = Field(
        None, description="YYYY-MM-DD; else SOURCE_DATE_EPOCH's day, else today."
    )
    salutation: str | None = Field(
        None, description='Else "Dear <to>," in the locale; "" for none (the text has its own).'
    )
    closing: str | None = Field(
        None, description='Else "Sincerely," in the locale; "" for none (the text has its own).'
    )
    resume: Annotated[str, AfterValidator(_resume_file)] = Field(
        DEFAULT_RESUME, description="The resume file: beside the letter, or beside letters/."
    )
    theme: str | None = Field(None, description="Else the variant's, else the resume's.")
    locale: str | None = Field(None, description="Else the variant's, else the resume's.")


@dataclass(frozen=True)
class Letter:
    """A read letter: its front matter, its body and where each is in the file."""

    path: Path
    front: LetterFront
    body: str
    body_line: int  # the file's line where the body starts
    source: Source  # the front matter's tree, for problems found later (a variant, a file)

    @property
    def resume_path(self) -> Path:
        return self.path.parent / self.front.resume

    @property
    def resume_roots(self) -> list[Path]:
        """Where the resume may be: in the letter's folder, or, for a letter in a folder
        named letters (a real one, not a link), beside that folder (../resume.yaml). Not
        simply the folder above: for a letter at a project's top, that is outside the
        project, where a stranger's letter could make resumekit read and quote any file."""
        folder = self.path.parent
        roots = [Path(os.path.realpath(folder))]
        if folder.name == LETTERS_FOLDER and not folder.is_symlink():
            roots.append(Path(os.path.realpath(folder.parent)))
        return roots

    def place(self, key: str, message: str) -> Diagnostic:
        """A problem with the value of a front matter key, at its line and column (the
        file's first line when the key is not written)."""
        _, line, col = locate(self.source.tree, [key], "value")
        return Diagnostic(str(self.path), line or 1, col or 1, key, message)


def read(path: str | Path) -> Letter:
    """Read and check a letter file; every problem of the file at once in InvalidResume."""
    path = Path(path)
    text = decode(path, read_bytes(path))
    lines = prose.LINE.findall(text)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        message = f"a letter starts with its front matter: a line '---', then {KEYS}, then '---'"
        raise InvalidResume([Diagnostic(str(path), 1, 1, "", message)])
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i].rstrip("\r\n"))), None)
    if end is None:
        message = "the front matter has no closing '---' line before the letter's text"
        raise InvalidResume([Diagnostic(str(path), 1, 1, "", message)])
    front_text = "\n" + "".join(lines[1:end])  # the blank line stands for the opening ---
    data, tree = parse_text(path, front_text, KEYS, "the front matter is empty")
    source = Source(path, data, tree)
    body, body_line = "".join(lines[end + 1 :]), end + 2
    problems = prose.problems(path, body, body_line, BOUNDS)
    try:
        front = LetterFront.model_validate(data)
    except ValidationError as exc:
        problems += [diagnostic(source, error, LetterFront) for error in exc.errors()]
    if problems:
        raise InvalidResume(sorted(problems, key=Diagnostic.position))
    return Letter(path, front, body, body_line, source)


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["list", "emphasis", "link", "autolink", "backticks", "escape", "entity", "newline"])
    md.validateLink = markup.is_safe_url  # type: ignore[method-assign]  # markdown-it's hook
    return md


def body_html(body: str) -> Markup:
    """The letter's text as safe HTML: paragraphs, lists, emphasis, code and links; raw
    HTML escaped (markdown-it's ``html`` off), unsafe link targets left as text."""
    html = _parser().render(body)
    return Markup(html.replace("<a href=", '<a rel="noopener" href='))


@dataclass(frozen=True)
class LetterView:
    """What a letter template may use besides the sender's ``resume`` view."""

    date: str
    recipient: tuple[str, ...]  # to, company, then the address's lines
    subject: str
    salutation: str
    body: Markup
    closing: str
    signature: str
    title: str
    words: dict[str, str]


def build(letter: Letter, locale: Locale, sender: str) -> LetterView:
    """The view of ``letter`` in ``locale``, signed by ``sender``, dated ``today()`` unless
    its front matter gives a date."""
    from babel.dates import format_date

    from resumekit.i18n import letter_table, words

    front = letter.front
    vocabulary = words(locale, letter_table)
    when = dt.date.fromisoformat(front.date) if front.date else today()
    address = [line.strip() for line in (front.address or "").splitlines() if line.strip()]
    return LetterView(
        date=format_date(when, format="long", locale=locale),
        recipient=(front.to, front.company, *address),
        subject=front.subject or "",
        salutation=vocabulary["dear"].replace("{name}", front.to)
        if front.salutation is None
        else front.salutation,
        body=body_html(letter.body),
        closing=vocabulary["closing"] if front.closing is None else front.closing,
        signature=sender,
        title=f"{vocabulary['letter']} — {sender} — {front.company}",
        words=vocabulary,
    )


def today() -> dt.date:
    """A letter's default date: SOURCE_DATE_EPOCH's day (reproducible builds), else today."""
    from resumekit.dates import source_date

    stamp = source_date()
    return stamp.date() if stamp else dt.date.today()


def doubled(letter: Letter, view: LetterView) -> list[str]:
    """Warnings for a text that opens with a greeting or ends with a closing of its own:
    resumekit writes the salutation before the text and the closing after it."""
    lines = [(number, line.strip()) for number, line in
             enumerate(letter.body.splitlines(), letter.body_line) if line.strip()]  # fmt: skip
    if not lines:
        return []
    said = []
    greetings = (*GREETINGS, view.words["dear"].split("{name}")[0].strip().lower() or "dear ")
    number, first = lines[0]
    if view.salutation and first.lower().startswith(greetings) and len(first) < 80:
        said.append(f"{letter.path}:{number}: the text opens with a greeting, {first!r}; "
                    f"resumekit writes {view.salutation!r} before it (set salutation: to "
                    "change that)")  # fmt: skip
    closings = (*CLOSINGS, _bare(view.closing)) if view.closing else ()
    for number, line in lines[-2:]:
        if _bare(line) in closings:
            said.append(f"{letter.path}:{number}: the text ends with a closing, {line!r}; "
                        f"resumekit writes {view.closing!r} and your name after it (set "
                        "closing: to change that)")  # fmt: skip
            break
    return said


def _bare(text: str) -> str:
    return text.strip().rstrip(",.!:;،，。").lower()


def text(letter: Letter, view: LetterView) -> str:
    """Everything the letter itself prints (its text as written), for the glyph check."""
    return "\n".join([*view.recipient, view.subject, view.salutation, letter.body,
                      view.closing])  # fmt: skip

"""The command line: a thin typer layer over the Python API.

Only this module exits. A ResumekitError prints as ``error: ...`` with its hint and
exits 1 (2 for usage and I/O); anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from resumekit.errors import InputError, InvalidResume, InvalidTheme, ResumekitError

ThemeOption = Annotated[
    str | None, typer.Option("--theme", "-t", help="Theme name or folder.", show_default=False)
]

app = typer.Typer(
    help="Resume as code: validate resume.yaml and render it with themes to PDF and HTML.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def _version(value: bool) -> None:
    if value:
        import resumekit

        out.print(f"resumekit {resumekit.__version__}")
        raise typer.Exit()


@app.callback(epilog="Exit codes: 0 ok, 1 invalid resume or theme, 2 usage or I/O error.")
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also print timings and settings.")
    ] = False,
) -> None:
    """Resume as code: validate resume.yaml and render it with themes to PDF and HTML."""
    out.quiet = quiet
    _settings["verbose"] = verbose and not quiet


_settings = {"verbose": False}


def _debug(message: str) -> None:
    if _settings["verbose"]:
        err.print(f"[dim]{_escape(message)}[/]")


@contextmanager
def _progress(message: str, delay: float = 1.0) -> Iterator[None]:
    """A spinner on a terminal, shown only once the work has taken ``delay`` seconds."""
    if not err.is_terminal or out.quiet:
        yield
        return
    status = err.status(message)
    timer = threading.Timer(delay, status.start)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        status.stop()


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn a ResumekitError into a clean message and exit code."""
    try:
        yield
    except ResumekitError as exc:
        _print_error(exc)
        raise typer.Exit(exc.exit_code) from None


def _print_error(exc: ResumekitError) -> None:
    for problem in _problems(exc):
        _say("error", problem)
    if exc.hint:
        _say("hint", exc.hint)


def _problems(exc: ResumekitError) -> list[str]:
    """One line per problem: an invalid resume or theme has several."""
    if isinstance(exc, InvalidResume | InvalidTheme):
        return [str(diagnostic) for diagnostic in exc.diagnostics]
    return [exc.message]


_LABELS = {"error": "bold red", "warning": "yellow", "note": "yellow", "hint": "dim"}


def _say(label: str, message: str) -> None:
    """Print one problem (an error, warning, note or hint) as exactly one line on stderr.

    Every such line goes through here. The message is printed as plain text, not markup,
    and ``_visible``: text from a resume or a theme can neither start a line of its own (a
    CI log reads a line starting with ``::`` as a workflow command) nor style the terminal.
    """
    from rich.text import Text

    err.print(Text.assemble((f"{label}:", _LABELS[label]), " ", _visible(message)))


#: Characters a terminal or a CI log takes for more than text: C0 and C1 controls, DEL, line
#: and paragraph separators, and the bidirectional marks, overrides and isolates (which
#: reorder what is shown).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(text: str) -> str:
    """``text`` on one line, as it reads: control and bidi characters as escapes (``\\n``,
    ``\\u202e``)."""
    return _UNSAFE.sub(lambda found: _NAMED.get(found[0], f"\\u{ord(found[0]):04x}"), text)


def _escape(text: str) -> str:
    """``text`` to put into rich markup: ``_visible``, and ``[bold]`` printed as written."""
    from rich.markup import escape

    return escape(_visible(text))


@app.command()
def validate(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Resume files to check.", show_default=False)
    ] = None,
) -> None:
    """Check resume files against the schema; print every problem with file:line:col.

    Exit codes: 0 all valid, 1 a file is invalid, 2 a file cannot be read.

    [bold]Example:[/] resumekit validate resume.yaml
    """
    from resumekit.loader import load

    worst = 0
    for path in files or [Path("resume.yaml")]:
        try:
            load(path)
        except ResumekitError as exc:
            _print_error(exc)
            worst = max(worst, exc.exit_code)
        else:
            out.print(f"[green]OK[/] {_escape(str(path))}")
    raise typer.Exit(worst)


@app.command()
def schema(
    form: Annotated[
        str, typer.Option("--format", help="json (JSON Schema) or markdown (a reference).")
    ] = "json",
) -> None:
    """Print the JSON Schema of resume files (for editors and other tools), or its reference.

    [bold]Example:[/] resumekit schema > resume.schema.json
    """
    if form == "markdown":
        from resumekit.schema_doc import markdown

        sys.stdout.write(markdown())
        return
    if form != "json":
        _say("error", f"unknown schema format {form!r}; use json or markdown")
        raise typer.Exit(2)
    from resumekit.schema import json_schema_text

    sys.stdout.write(json_schema_text())


def _parse_sets(pairs: list[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(
                f"--set {pair!r}: expected key=value", hint="e.g. --set accent=#1f6feb"
            )
        values[key.strip()] = value.strip()
    return values


def _split(values: list[str] | None) -> list[str]:
    return [t.strip() for value in values or [] for t in value.split(",") if t.strip()]


@app.command()
def render(
    resume: Annotated[Path, typer.Argument(help="The resume file.")] = Path("resume.yaml"),
    theme: ThemeOption = None,
    formats: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="Comma-separated formats: pdf, html, json, txt, md, png."
        ),
    ] = "pdf,html",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Output folder, or a file name such as cv.pdf.",
            show_default="out/",
        ),
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set", "-s", help="Theme option, key=value (repeatable).", show_default=False
        ),
    ] = None,
    locale: Annotated[
        str | None, typer.Option(help="Language of dates and titles, e.g. de.", show_default=False)
    ] = None,
    max_pages: Annotated[
        int | None,
        typer.Option(
            "--max-pages", min=1, help="Tighten the layout until it fits.", show_default=False
        ),
    ] = None,
    tags: Annotated[
        list[str] | None,
        typer.Option(
            "--tags",
            help="Keep untagged items and items with any of these tags.",
            show_default=False,
        ),
    ] = None,
    exclude_tags: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude-tags", help="Drop items with any of these tags.", show_default=False
        ),
    ] = None,
    variant: Annotated[
        str | None, typer.Option("--variant", help="Render a named variant.", show_default=False)
    ] = None,
    all_variants: Annotated[
        bool, typer.Option("--all-variants", help="Render every named variant, in parallel.")
    ] = False,
    allow_remote: Annotated[
        bool, typer.Option("--allow-remote", help="Let the PDF fetch http(s) images and styles.")
    ] = False,
) -> None:
    """Render the resume to PDF and HTML with a theme.

    [bold]Examples:[/]
      resumekit render                                   # resume.yaml -> out/resume.pdf, .html
      resumekit render cv.yaml --theme classic -o build/
      resumekit render --format pdf --set accent=#8a2be2 --set page_size=a4
      resumekit render --tags ml --max-pages 1
      resumekit render --all-variants
    """
    from resumekit.loader import load

    with _user_errors():
        wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
        common = dict(
            theme=theme,
            options=_parse_sets(sets or []),
            locale=locale,
            allow_remote=allow_remote,
            max_pages=max_pages,
            tags=_split(tags),
            exclude_tags=_split(exclude_tags),
        )
        started = time.perf_counter()
        document = load(resume)
        _debug(f"loaded {resume} in {(time.perf_counter() - started) * 1000:.0f} ms")
        with _progress("Rendering…"):
            results = _render_all(document, all_variants, wanted, output, variant, common)
    for result in results:
        _debug(f"theme {result.theme.name} ({result.theme.origin}), options {result.options}")
        _report(result)
    _debug(f"done in {(time.perf_counter() - started) * 1000:.0f} ms")


def _render_all(
    document: Any,
    all_variants: bool,
    formats: list[str],
    output: Path | None,
    variant: str | None,
    common: dict[str, Any],
) -> list[Any]:
    from resumekit.api import render as render_resume
    from resumekit.api import render_variants

    if all_variants:
        return render_variants(document, formats=formats, output=output, **common)
    return [render_resume(document, formats=formats, output=output, variant=variant, **common)]


def _report(result: Any) -> None:
    for warning in result.warnings:
        _say("warning", warning)
    pages = f" ({result.pages} page{'s' if result.pages != 1 else ''})" if result.pages else ""
    for fmt, path in result.outputs.items():
        if fmt == "png":
            for image in result.images:
                out.print(f"[green]wrote[/] {_escape(str(image))}")
            continue
        out.print(f"[green]wrote[/] {_escape(str(path))}{pages if fmt == 'pdf' else ''}")


@app.command("themes")
def list_themes() -> None:
    """List the themes `--theme` can use, with where each comes from.

    A theme that cannot be used (a broken theme.toml, a file refused, an entry point that
    names no theme folder) is left out of the list and reported on stderr as a warning; the
    command then exits 1, after listing the others.

    [bold]Example:[/] resumekit themes
    """
    from rich.table import Table

    from resumekit.themes import available

    with _user_errors():
        found, broken = available(Path.cwd())
    table = Table("name", "description", "from", box=None, pad_edge=False)
    for theme in found:
        table.add_row(_escape(theme.name), _escape(theme.description), _escape(theme.origin))
    out.print(table)
    for name, error in broken.items():
        for problem in _problems(error):
            _say("warning", f"theme '{name}' cannot be used: {problem}")
    if broken:
        raise typer.Exit(1)


@app.command("import")
def import_(
    source: Annotated[Path, typer.Argument(help="A JSON Resume document (.json or .yaml).")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the resumekit YAML.")
    ] = Path("resume.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Convert a JSON Resume document into resumekit YAML, reporting what it had to drop.

    [bold]Example:[/] resumekit import resume.json -o resume.yaml
    """
    from resumekit.files import write_atomic
    from resumekit.outputs.jsonresume import import_document

    with _user_errors():
        imported = import_document(source)  # a missing or broken input is the first problem
        if output.exists() and not force:
            raise InputError(f"{output} exists", hint="pass --force to overwrite it")
        write_atomic(output, imported.yaml.encode("utf-8"))
        schema_file = _write_schema_beside(output)
    for line in imported.dropped:
        _say("note", line)
    out.print(f"[green]wrote[/] {_escape(str(output))}")
    out.print(f"[green]wrote[/] {_escape(str(schema_file))} (for editors' completion)")


def _write_schema_beside(resume: Path) -> Path:
    """The JSON Schema beside a resume we wrote, where its modeline points editors."""
    from resumekit.files import write_atomic
    from resumekit.schema import SCHEMA_FILE, json_schema_text

    path = resume.parent / SCHEMA_FILE
    write_atomic(path, json_schema_text().encode("utf-8"))
    return path


@app.command()
def export(
    resume: Annotated[Path, typer.Argument(help="The resume file.")] = Path("resume.yaml"),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; stdout when left out.")
    ] = None,
) -> None:
    """Write the resume as a JSON Resume document (for JSON Resume themes and tools).

    [bold]Example:[/] resumekit export resume.yaml -o resume.json
    """
    from resumekit.files import write_atomic
    from resumekit.loader import load
    from resumekit.outputs.jsonresume import export as to_json_resume

    with _user_errors():
        text = json.dumps(to_json_resume(load(resume)), indent=2, ensure_ascii=False) + "\n"
        if output is None:
            sys.stdout.write(text)
            return
        write_atomic(output, text.encode("utf-8"))
    out.print(f"[green]wrote[/] {_escape(str(output))}")


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the starter resume.")] = Path(
        "resume.yaml"
    ),
    name: Annotated[str, typer.Option("--name", help="Your name.")] = "Your Name",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a starter resume.yaml with an example of every section.

    [bold]Example:[/] resumekit init --name "Ada Lovelace"
    """
    from importlib.resources import files

    from resumekit.files import write_atomic

    with _user_errors():
        if path.exists() and not force:
            raise InputError(f"{path} exists", hint="pass --force to overwrite it")
        starter = files("resumekit").joinpath("starter.yaml").read_text(encoding="utf-8")
        write_atomic(path, starter.replace("__NAME__", json.dumps(name)).encode("utf-8"))
        schema_file = _write_schema_beside(path)
    out.print(f"[green]wrote[/] {_escape(str(path))}")
    out.print(f"[green]wrote[/] {_escape(str(schema_file))} (for editors' completion)")
    out.print(f"next: resumekit watch {_escape(str(path))}")


@app.command()
def watch(
    resume: Annotated[Path, typer.Argument(help="The resume file.")] = Path("resume.yaml"),
    theme: ThemeOption = None,
    port: Annotated[
        int,
        typer.Option(min=0, max=65535, help="Preview port on 127.0.0.1 (0 picks a free one)."),
    ] = 8000,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Output folder.", show_default="out/")
    ] = None,
) -> None:
    """Render on every save and serve a live-reloading preview at http://127.0.0.1:PORT/.

    A save with an error keeps the last good PDF and HTML and shows the error on the page.
    Stop with Ctrl-C.

    [bold]Example:[/] resumekit watch resume.yaml --theme modern --port 8001
    """
    from resumekit.watch import watch as run

    def report(lines: list[tuple[str, str]]) -> None:
        for kind, text in lines:
            if kind == "rendered":
                out.print(f"[green]{_escape(text)}[/]")
            else:
                _say(kind, text)

    def ready(actual: int) -> None:
        out.print(f"serving http://127.0.0.1:{actual}/ (Ctrl-C to stop)")

    try:
        with _user_errors():
            run(resume, port, report, ready, theme=theme, output=output)
    except KeyboardInterrupt:
        out.print("stopped")

"""What every command shares: the app, its global options and the options several commands
take. The consoles and the one way to print an error, warning, note or hint are in
``resumekit.console`` (which ``validate FILE...`` uses without typer).

Only the CLI exits. A ResumekitError prints as ``error: ...`` with its hint and exits 1
(2 for usage and I/O); anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from resumekit.console import err, escape, out, print_error, say, wrote
from resumekit.errors import InputError, ResumekitError

if TYPE_CHECKING:
    from typer._click.core import Context, Parameter

ThemeOption = Annotated[
    str | None,
    typer.Option("--theme", "-t", metavar="NAME", help="Theme name or folder.", show_default=False),
]

ResumeArgument = Annotated[Path, typer.Argument(metavar="FILE", help="The resume file.")]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="PATH",
        help="Output folder, or a file such as cv.pdf (its name is used for every format).",
        show_default="out/",
    ),
]

LocaleOption = Annotated[
    str | None,
    typer.Option(metavar="LANG", help="Language of dates and titles, e.g. de.", show_default=False),
]
AllowRemoteOption = Annotated[
    bool, typer.Option("--allow-remote", help="Let the PDF fetch http(s) images and styles.")
]


def variant_option(help_text: str) -> Any:
    """``--variant NAME``, said in each command's words."""
    return typer.Option("--variant", metavar="NAME", help=help_text, show_default=False)


def formats_option(names: Sequence[str]) -> Any:
    """``--format``/``-f``: a comma-separated choice among ``names``."""
    help_text = "Comma-separated formats: " + ", ".join(names) + "."
    return typer.Option("--format", "-f", metavar="FORMATS", help=help_text)


class _Option(TyperOption):
    """An option as help shows it: its metavar (FILE, N, KEY=VALUE) or, for a flag, nothing;
    never a Python type. A range is said in words in the help text."""

    def display_type_rich(self, ctx: Context) -> str | None:
        if self.is_flag or self.count:
            return None
        return self.metavar or (self.name or "value").upper()

    def _get_number_range_help_str(self) -> str | None:
        return None


class _Argument(TyperArgument):
    """An argument as help shows it: its metavar, never a Python type; the usage line reads
    ``FILE`` when it is required, ``[FILE]`` when not, ``[FILE]...`` when repeatable."""

    def display_type_rich(self, ctx: Context) -> str | None:
        return None

    def _get_number_range_help_str(self) -> str | None:
        return None

    def get_usage_pieces(self, ctx: Context) -> list[str]:
        name = self.display_name_raw
        name = name if self.required else f"[{name}]"
        return [name + ("..." if self.nargs != 1 else "")]


def _plain(params: list[Parameter]) -> list[Parameter]:
    """Every parameter, the help option and typer's own included, shown as ``_Option`` and
    ``_Argument`` show them (they change only how help reads, not how values parse)."""
    for param in params:
        if type(param) is TyperOption:
            param.__class__ = _Option
        elif type(param) is TyperArgument:
            param.__class__ = _Argument
            param.metavar = param.metavar or (param.name or "value").upper()
    return params


def _reflowed(text: str | None) -> str | None:
    """A docstring as help should print it: each paragraph one line that rich wraps to the
    terminal, except a paragraph marked with click's ``\\b``, whose lines (examples) are kept
    as written. (In rich markup mode typer keeps every line break of later paragraphs.)"""
    if not text:
        return text
    return "\n\n".join(
        p.removeprefix("\b\n") if p.startswith("\b\n") else " ".join(p.split())
        for p in text.split("\n\n")
    )


class HelpCommand(TyperCommand):
    """A command whose help reads the same at any width: see ``_plain`` and ``_reflowed``."""

    def __init__(self, name: str | None, *, help: str | None = None, **kwargs: Any) -> None:
        super().__init__(name, help=_reflowed(help), **kwargs)

    def get_params(self, ctx: Context) -> list[Parameter]:
        return _plain(super().get_params(ctx))

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        """A global option after the command (`render -v`) is a usage error that says where
        it goes. click's NoSuchOption is matched by name: typer may vendor click."""
        try:
            return super().parse_args(ctx, args)
        except Exception as exc:
            name = getattr(exc, "option_name", None)
            if type(exc).__name__ == "NoSuchOption" and name in GLOBAL_OPTIONS:
                exc.message = (  # type: ignore[attr-defined]
                    f"No such option: {name}; it is a global option and goes before the "
                    f"command: resumekit {name} {ctx.command_path.partition(' ')[2]} ..."
                )
            raise


#: Options of ``resumekit`` itself, not of its commands.
GLOBAL_OPTIONS = frozenset({"-q", "--quiet", "-v", "--verbose"})


class HelpGroup(TyperGroup):
    """The top-level group, with its help shown as ``HelpCommand`` shows a command's."""

    def __init__(self, *, help: str | None = None, **kwargs: Any) -> None:
        super().__init__(help=_reflowed(help), **kwargs)

    def get_params(self, ctx: Context) -> list[Parameter]:
        return _plain(super().get_params(ctx))


class App(typer.Typer):
    """A typer app that is a ``HelpGroup`` with ``HelpCommand`` commands unless told
    otherwise; make a sub-app (``resumekit theme ...``) with ``App`` too."""

    def __init__(self, *, cls: type[TyperGroup] | None = None, **kwargs: Any) -> None:
        super().__init__(cls=cls or HelpGroup, **kwargs)

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Any:
        return super().command(name, cls=cls or HelpCommand, **kwargs)


app = App(
    help="Resume as code: check resume.yaml, render it in a theme (PDF, HTML, Word), letters too.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


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
    """Resume as code: check resume.yaml, render it in a theme (PDF, HTML, Word), letters too."""
    with _user_errors():
        _exclusive(quiet=quiet, verbose=verbose)
    out.quiet = quiet
    _settings["verbose"] = verbose


_settings = {"verbose": False}


def _debug(message: str) -> None:
    if _settings["verbose"]:
        err.print(f"[dim]{escape(message)}[/]")


@contextmanager
def _progress(message: str, delay: float = 1.0) -> Iterator[None]:
    """A spinner on a terminal, shown only once the work has taken ``delay`` seconds."""
    if not err.styled() or out.quiet:
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
        print_error(exc)
        raise typer.Exit(exc.exit_code) from None


def _report(warnings: list[str], pages: int, written: dict[str, list[Path]]) -> None:
    """What a render says when it is done: its warnings, then each file written (the
    PDF with its pages)."""
    for warning in warnings:
        say("warning", warning)
    counted = f" ({pages} page{'s' if pages != 1 else ''})" if pages else ""
    for fmt, paths in written.items():
        for path in paths:
            wrote(f"{path}{counted if fmt == 'pdf' else ''}")


def _exclusive(**given: object) -> None:
    """Refuse options that exclude each other, given by their parameter names. An option
    given an empty value (--variant '') counts as given: only None and False are not."""
    chosen = [_flag(n) for n, v in given.items() if v is not None and v is not False]
    if len(chosen) > 1:
        raise InputError(f"{' and '.join(chosen)} exclude each other; give only one")


def _filled(**given: str | None) -> None:
    """Refuse a text option given an empty (or blank) value: --variant '' or -o '' would
    otherwise quietly mean the option was left out."""
    empty = next((n for n, v in given.items() if v is not None and not v.strip()), None)
    if empty:
        raise InputError(f"{_flag(empty)} is empty; give a value or leave the option out")


def _flag(name: str) -> str:
    return f"--{name.replace('_', '-')}"


def _output(given: str | None, formats: Sequence[str]) -> str | None:
    """``-o`` checked (``api.check_output``) and passed on as given: a trailing slash is kept,
    as whether it names a folder or a file is decided by ``api.output_target``."""
    from resumekit.api import check_output

    check_output(given, formats, "-o")
    return given


def _write_schema_beside(resume: Path) -> Path:
    """The JSON Schema beside a resume we wrote, where its modeline points editors
    (``init`` and ``import`` both do)."""
    from resumekit.files import output_path, write_atomic
    from resumekit.schema import SCHEMA_FILE, json_schema_text

    path = output_path(resume.parent, SCHEMA_FILE)
    write_atomic(path, json_schema_text().encode("utf-8"))
    return path

"""The one boundary between what a user can fix and what is a bug.

Every ``ResumekitError`` is printed by the CLI as ``error: ...`` with its hint and
an exit code; anything else is a bug and may crash loudly.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one file, pointing at the line and column a person should look at."""

    file: str
    line: int | None
    col: int | None
    path: str
    message: str

    def position(self) -> tuple[int, int]:
        """Where it is in its file, for sorting problems into reading order."""
        return (self.line or 0, self.col or 0)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ResumekitError(Exception):
    """A problem the user can fix; ``hint`` says how."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self) -> tuple[object, ...]:
        # Keep every attribute when an error crosses a process boundary (--all-variants).
        return (_restore, (type(self), self.__dict__))


class InvalidResume(ResumekitError):
    """The resume file does not parse or does not match the schema."""

    #: Problems shown: a file that is wrong everywhere gets a readable answer, not 50,000 lines.
    SHOWN = 100

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.every = diagnostics  # to add more problems to, before it is shown
        self.diagnostics = diagnostics[: self.SHOWN]
        count = len(diagnostics)
        found = problems_found(count)
        if count > self.SHOWN:
            found += f" (the first {self.SHOWN} are shown)"
        super().__init__(
            "\n".join(str(d) for d in self.diagnostics), hint=f"{found}; {fix(count)}."
        )


def problems_found(count: int) -> str:
    return f"{count:,} problem{'s' if count != 1 else ''} found"


def fix(count: int) -> str:
    return f"fix {'them' if count != 1 else 'it'} and run again"


class InputError(ResumekitError):
    """A file cannot be read or written: usage and I/O problems exit with 2."""

    exit_code = 2


class ThemeError(ResumekitError):
    """An unknown theme, a broken template or a bad theme option."""


class InvalidTheme(ThemeError):
    """A theme.toml does not parse or does not match the theme settings model."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        count = len(diagnostics)
        super().__init__(
            "\n".join(str(d) for d in diagnostics),
            hint=f"{problems_found(count)} in the theme; {fix(count)}.",
        )


class InvalidOptions(InvalidTheme):
    """Theme option values, from a resume or ``--set``, that the theme refuses: all of them,
    each where it was given."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics)
        count = len(diagnostics)
        self.hint = f"{problems_found(count)}; {fix(count)}."


class RenderError(ResumekitError):
    """Rendering could not produce what was asked (refused fetch, does not fit...)."""


def _restore(cls: type[ResumekitError], state: dict[str, object]) -> ResumekitError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message"))
    error.__dict__.update(state)
    return error

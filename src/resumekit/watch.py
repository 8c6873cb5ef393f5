"""Re-render on save (the resume, or the whole site) and serve a live-reloading preview on
127.0.0.1 (``preview``).

One process stays warm across renders: the Jinja environment and WeasyPrint's font
configuration are built once. A save with an error keeps the last good files (writes are
atomic) and shows the error on the page and in the terminal.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resumekit.errors import InputError, ResumekitError
from resumekit.files import read_confined
from resumekit.preview import Preview, Report, serve

if TYPE_CHECKING:
    from watchfiles._rust_notify import RustNotify

#: The most bytes of a rendered page or PDF read back into the preview.
OUTPUT_LIMIT = 64 << 20


@dataclass(frozen=True)
class Used:
    """What a render read that a save may change: folders (a theme's: any file in them) and
    single files (the about page), besides the resume itself."""

    folders: tuple[Path, ...] = ()
    files: tuple[Path, ...] = ()


@dataclass(frozen=True)
class _Made:
    files: dict[str, bytes]  # what the preview serves, by name
    written: Path  # what the terminal names: the PDF, or the site's folder
    pages: int
    warnings: list[str]
    used: Used


def render_once(path: Path, preview: Preview, report: Report, site: bool = False,
                **options: Any) -> Used:  # fmt: skip
    """Render (the resume, or with ``site`` the whole site), report, then publish: whoever
    sees the new version can read why in the terminal.

    Any failure, a bug included, becomes the page's error; returns what the render read.
    """
    from resumekit.loader import load

    started = time.perf_counter()
    try:
        resume = load(path)
        made = _site(resume, **options) if site else _resume(resume, **options)
    except ResumekitError as exc:
        return _failed(path, preview, report, _problems(exc), site, options.get("theme"))
    except Exception as exc:  # a bug: say so, and keep watching
        return _failed(path, preview, report, _internal(exc), site, options.get("theme"))
    elapsed = (time.perf_counter() - started) * 1000
    pages = f"{made.pages} page{'s' if made.pages != 1 else ''}"
    what = f"{made.written}/ ({len(made.files)} files; the PDF has {pages})" if site else (
        f"{made.written} ({pages})")  # fmt: skip
    done = f"{'built' if site else 'rendered'} v{preview.version + 1} in {elapsed:.0f} ms: {what}"
    report([("rendered", done), *(("warning", w) for w in made.warnings)])
    preview.update(made.files, None)
    return made.used


def _resume(resume: Any, **options: Any) -> _Made:
    from resumekit.api import render

    result = render(resume, formats=["pdf", "html"], **options)
    html, pdf = (_read_output(result.outputs[fmt]) for fmt in ("html", "pdf"))
    return _Made({"index.html": html, "resume.pdf": pdf}, result.outputs["pdf"], result.pages,
                 result.warnings, Used(result.theme.folders))  # fmt: skip


def _site(resume: Any, theme: str | None = None, output: str | None = None,
          variant: str | None = None, locale: str | None = None) -> _Made:  # fmt: skip
    """The site, built and written (``site.write``): what is served is what was written."""
    from resumekit import site
    from resumekit.plan import make_plan

    built = site.build(resume, make_plan(resume, theme, None, locale, variant=variant))
    folder = Path(output) if output is not None else site.DEFAULT_FOLDER
    site.write(built, folder)
    return _Made(built.files, folder, built.pages, built.warnings,
                 Used(built.theme.folders, _about(resume)))  # fmt: skip


def _about(resume: Any) -> tuple[Path, ...]:
    """The about page's file, when the resume names one."""
    from resumekit.about import path_of

    found = path_of(resume)
    return (_real(found),) if found else ()


def _read_output(path: Path) -> bytes:
    return read_confined(path, [path.parent], OUTPUT_LIMIT)


def _failed(path: Path, preview: Preview, report: Report, lines: list[tuple[str, str]],
            site: bool, theme: str | None) -> Used:  # fmt: skip
    report(lines)
    page = "\n".join(text if kind == "error" else f"{kind}: {text}" for kind, text in lines)
    preview.update(None, page)
    return _used(path, site, theme)


def _problems(exc: ResumekitError) -> list[tuple[str, str]]:
    """One error line per problem (a resume or theme error has several), then the hint."""
    found = getattr(exc, "diagnostics", None)
    lines = [("error", str(d)) for d in found] if found else [("error", exc.message)]
    return lines + ([("hint", exc.hint)] if exc.hint else [])


def _internal(exc: Exception) -> list[tuple[str, str]]:
    """A bug, told as one: what failed and where, and that it is ours to fix."""
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return [
        ("error", f"internal error: {type(exc).__name__}: {exc} ({where.filename}:{where.lineno})"),
        ("hint", "this is a bug in resumekit, not in your files; please report it with this "
                 "message. Still watching."),
    ]  # fmt: skip


def _used(path: Path, site: bool, theme: str | None) -> Used:
    """What a render of ``path`` reads (its theme's folders, the about page), found without
    rendering.

    Watched before the first render reads them, and after a failed render, so that
    fixing a broken template re-renders. Empty when the resume or theme cannot be read:
    the render reports why.
    """
    from resumekit.api import DEFAULT_THEME
    from resumekit.loader import load
    from resumekit.themes import find

    try:
        resume = load(path)
        about = _about(resume) if site else ()
        name = theme or resume.resumekit.theme or DEFAULT_THEME
        return Used(find(name, path.parent.resolve(), from_resume=theme is None).folders, about)
    except Exception:  # the render that follows reports it
        return Used()


def watch(path: Path, port: int, report: Report, ready: Callable[[int], None],
          site: bool = False, **options: Any) -> None:  # fmt: skip
    """Render (with ``site``, build the site) now and on every save of the resume, its theme
    or its about page, until interrupted."""
    preview = Preview()
    server = serve(preview, port, report)
    try:
        watcher = _Watcher(_real(path), _used(path, site, options.get("theme")))
        used = render_once(path, preview, report, site, **options)
        ready(server.server_address[1])
        while True:
            if not watcher.cover(used):  # a new folder: render again, it is watched now
                watcher.wait()
            used = render_once(path, preview, report, site, **options)
    finally:
        server.shutdown()
        server.server_close()


def _real(path: str | Path) -> Path:
    """The real path; unlike Path.resolve, a symlink loop does not raise (before 3.13)."""
    return Path(os.path.realpath(path))


class _Watcher:
    """Watches the resume, every theme folder a render used and the files it read (the about
    page, inside the resume's folder), and never misses a save.

    watchfiles' RustNotify collects changes from the moment it is created until ``watch``
    returns them, so a save made while we render is returned by the next wait. The public
    ``watchfiles.watch`` creates it only on its first ``next()``, after the render that
    needed it; so we create it ourselves. New folders get a new watcher that is armed
    before the old one is dropped, and the caller renders again.
    """

    def __init__(self, resume: Path, used: Used) -> None:
        self.resume = resume
        self.files = frozenset(map(_real, used.files))
        self.folders = frozenset({resume.parent, *map(_real, used.folders)})
        self._notify = self._arm(self.folders)

    def cover(self, used: Used) -> bool:
        """Watch what the last render read; True when a new folder took a new watcher. The
        files are in the resume's folder (``files.read_confined``), watched already."""
        self.files = frozenset(map(_real, used.files))
        folders = (*self.folders, *map(_real, used.folders))
        wanted = {self.resume.parent, *(f for f in folders if f.is_dir())}
        if wanted <= self.folders:
            return False
        notify = self._arm(wanted)
        self._notify.close()
        self._notify, self.folders = notify, frozenset(wanted)
        return True

    def wait(self) -> None:
        """Return once the resume, a file it read or a file in a theme folder has changed."""
        themes = self.folders - {self.resume.parent}
        while True:
            try:
                changes = self._notify.watch(80, 40, 0, None)
            except RuntimeError as exc:  # the system's watcher failed; saves may be lost
                raise InputError(f"stopped watching {self.resume.parent}: {exc}") from None
            if isinstance(changes, str):  # "signal": no timeout and no stop event are set
                raise KeyboardInterrupt
            for _change, changed in changes:
                where = _real(changed)
                if (
                    where == self.resume
                    or where in self.files
                    or any(where.is_relative_to(f) for f in themes)
                ):
                    return

    def _arm(self, folders: Iterable[Path]) -> RustNotify:
        from watchfiles._rust_notify import RustNotify

        try:
            return RustNotify(sorted(str(f) for f in folders), False, False, 300, True, False)
        except (OSError, RuntimeError) as exc:
            raise InputError(f"cannot watch {self.resume.parent} for changes: {exc}") from None

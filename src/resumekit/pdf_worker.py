"""Where a PDF is laid out: in this process, or in a worker process that imports WeasyPrint
while this one reads the resume and builds its page.

WeasyPrint's import is a fifth of a cold render. The command line forks a worker for a
render as it starts (``started``); the worker imports WeasyPrint meanwhile, while this
process imports the rest and reads the resume. Then the worker lays out and writes each page
it is sent with pdf.py's own functions (the same bounds, time limit and bytes), and sends
back what a render needs of a layout (pages, how full the last is, what was refused) and the
PDF; for PNG it draws the second half of the pages while this process draws the first.
A user's error comes back as the exception it is, a bug as a RuntimeError with the
worker's traceback. Without a second core, where fork is not safe (other systems, a process
with threads) and from the Python API, it all happens here."""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import signal
import sys
import traceback
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from resumekit.errors import RenderError, ResumekitError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

#: Seconds to lay out and write one PDF, every layout of a fit included; a resume takes one.
SECONDS = 120
#: What a worker lays out and writes while it waits for the first page: Pango, fontconfig
#: and the PDF writer start up, so that the first real layout is as fast as the next. No
#: font of its own: a face registered here would be one more fallback for every page.
WARM_UP = "<p>warm</p>"
#: prctl's option that names the signal a process gets when its parent ends (linux/prctl.h).
PR_SET_PDEATHSIG = 1
#: Seconds a worker has to clean up and end once it is told to.
STOP_SECONDS = 5
#: The signals that end a worker (it cleans up first).
INTERRUPTS = {signal.SIGINT, signal.SIGTERM}


class Laid(Protocol):
    """What a render needs to know of a layout."""

    @property
    def pages(self) -> int: ...
    @property
    def last_page_fill(self) -> float: ...
    @property
    def refused(self) -> list[str]: ...


class Renderer(Protocol):
    """Lays out a page (``pdf.layout``'s arguments), writes a layout as a PDF and draws a
    PDF's pages."""

    def submit(self, *args: Any) -> Callable[[], Laid]:
        """Ask for a layout: the answer, when called, is the layout (or raises its error)."""
        ...

    def write(self, laid: Any, date: str | None) -> bytes: ...

    def draw(self, pdf: bytes, pages: range) -> Callable[[], list[bytes]]:
        """Ask for ``pages`` of ``pdf`` drawn as PNG (``png.draw_pages``), answered later."""
        ...


class InProcess:
    """pdf.py in this process, when the answer is called for."""

    def submit(self, *args: Any) -> Callable[[], Laid]:
        from resumekit import pdf

        return functools.partial(pdf.layout, *args)

    def write(self, laid: Any, date: str | None) -> bytes:
        from resumekit import pdf
        from resumekit.dates import creation_date

        return pdf.to_bytes(laid, creation_date(date))

    def draw(self, pdf: bytes, pages: range) -> Callable[[], list[bytes]]:
        from resumekit.outputs import png

        return functools.partial(png.draw_pages, pdf, pages)


@dataclass
class _Answer:
    done: bool = False
    failed: bool = False
    value: Any = None


@dataclass
class Remote:
    """A layout kept in the worker, known here by its number."""

    key: int
    pages: int
    last_page_fill: float
    refused: list[str]


class Worker:
    """A forked process that imports WeasyPrint at once, then serves layouts and writes."""

    def __init__(self) -> None:
        import multiprocessing

        here, there = multiprocessing.Pipe()
        fork = multiprocessing.get_context("fork")
        self.process = fork.Process(target=_serve, args=(there, here), name="resumekit-pdf")
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, INTERRUPTS)  # until _serve handles
        try:  # them: a Ctrl-C in multiprocessing's start-up code would print its traceback
            self.process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        there.close()
        self.connection: Connection = here
        self.asked = False  # nothing sent yet: ending the worker leaves nothing behind
        self.forgotten: list[int] = []  # layouts dropped here, to drop there with the next ask
        self.waiting: deque[_Answer] = deque()  # asked, in order, and not yet received

    def submit(self, *args: Any) -> Callable[[], Laid]:
        answer = self._ask("layout", args)

        def laid() -> Laid:
            remote: Remote = self._receive(answer)
            weakref.finalize(remote, self.forgotten.append, remote.key)
            return remote

        return laid

    def write(self, laid: Any, date: str | None) -> bytes:
        data, refused = self._receive(self._ask("write", (laid.key, date)))
        laid.refused[:] = refused
        return bytes(data)

    def draw(self, pdf: bytes, pages: range) -> Callable[[], list[bytes]]:
        answer = self._ask("draw", (pdf, pages))
        return functools.partial(self._receive, answer)

    def ready_to_draw(self) -> None:
        """Have the worker import what draws pages while it waits for its first page, not
        when it is asked to draw (the answer, an empty list, is received with a later one)."""
        self._ask("draw", (b"", range(0)))

    def _ask(self, verb: str, args: tuple[Any, ...]) -> _Answer:
        self.asked = True
        forgotten, self.forgotten = self.forgotten, []
        try:
            self.connection.send((verb, args, forgotten))
        except OSError:
            raise self._stopped() from None
        answer = _Answer()
        self.waiting.append(answer)
        return answer

    def _receive(self, answer: _Answer) -> Any:
        """The answer to one ask, receiving those asked before it first (answers come in order)."""
        while not answer.done:
            try:
                if not self.connection.poll(SECONDS + STOP_SECONDS):  # its deadline failed
                    self.process.terminate()
                    self._end()
                    raise RenderError(f"the PDF renderer ran longer than {SECONDS} seconds "
                                      "and was stopped; a resume takes about one")  # fmt: skip
                failed, value = self.connection.recv()
            except (EOFError, OSError):
                raise self._stopped() from None
            first = self.waiting.popleft()
            first.done, first.failed, first.value = True, failed, value
        if answer.failed:
            raise answer.value
        return answer.value

    def _stopped(self) -> RenderError:
        self.process.join(STOP_SECONDS)
        code = self.process.exitcode
        how = f"was stopped by signal {-code}" if code and code < 0 else f"ended ({code})"
        return RenderError(f"the PDF renderer's process {how} before the PDF was written",
                           hint="run again; if it happens again, please report it")  # fmt: skip

    def close(self) -> None:
        """End the worker: killed at once when it was never asked anything (it has made no
        file yet); else told to end, or interrupted mid-layout, it removes its temporary fonts
        and ends."""
        if not self.asked:
            self.process.kill()
        elif self.waiting:  # a layout still under way: interrupted, it removes its fonts
            self.process.terminate()
        else:
            with contextlib.suppress(OSError):  # told, not left to notice the end: a
                self.connection.send(None)  # process forked since holds this end open
        self.connection.close()
        self._end()

    def _end(self) -> None:
        """Wait for the worker to end; past STOP_SECONDS, interrupt it, then kill it."""
        self.process.join(STOP_SECONDS)
        if self.process.exitcode is None:
            self.process.terminate()  # the worker's handler removes its fonts, then it ends
            self.process.join(STOP_SECONDS)
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join()


def _serve(connection: Connection, parents: Connection) -> None:
    """The worker: import WeasyPrint, then answer each ask in turn until told to end (the
    parent's end of the pipe, inherited by the fork, is closed here: else it would never end).
    It ends with its parent too, however the parent ends."""
    numbers = itertools.count()
    layouts: dict[int, Any] = {}
    try:
        for interrupt in INTERRUPTS:
            signal.signal(interrupt, _interrupt)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, INTERRUPTS)  # blocked by Worker() till now
        parents.close()
        _end_with_parent()
        from resumekit import pdf

        pdf.to_bytes(pdf.layout(WARM_UP, Path.cwd(), [], False, "warm-up"), None)
        while True:
            try:
                asked = connection.recv()
            except EOFError:
                return
            if asked is None:
                return
            verb, args, forgotten = asked
            for key in forgotten:
                layouts.pop(key, None)
            connection.send(_answer(pdf, layouts, numbers, verb, args))
    except (KeyboardInterrupt, SystemExit, OSError):  # Ctrl-C; the parent is gone
        return
    except BaseException as exc:
        with contextlib.suppress(BaseException):  # parent reports it ended, and how
            connection.send((True, RenderError(f"the PDF renderer failed ({type(exc).__name__})")))
    finally:
        layouts.clear()
        if "resumekit.pdf" in sys.modules:
            sys.modules["resumekit.pdf"].remove_font_folder()


def _end_with_parent() -> None:
    """Have the system interrupt the worker when its parent ends, even killed (Linux's
    PR_SET_PDEATHSIG): an orphan would lay out for nothing, holding the parent's output open."""
    import ctypes

    parent = os.getppid()
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # it ended before the request was made
        raise SystemExit(0)


def _answer(
    pdf: Any, layouts: dict[int, Any], numbers: Iterator[int], verb: str, args: Any
) -> tuple[bool, Any]:
    """(False, the answer) or (True, the exception to raise there)."""
    try:
        if verb == "layout":
            laid = pdf.layout(*args)
            key = next(numbers)
            layouts[key] = laid
            return False, Remote(key, laid.pages, laid.last_page_fill, list(laid.refused))
        if verb == "draw":
            from resumekit.outputs import png

            return False, png.draw_pages(*args)
        from resumekit.dates import creation_date

        key, date = args
        laid = layouts.pop(key)
        return False, (pdf.to_bytes(laid, creation_date(date)), list(laid.refused))
    except Exception as exc:  # sent back: raised there as here (Ctrl-C is no Exception)
        return True, _portable(exc)


def _portable(exc: Exception) -> Exception:
    """A user's error as it is; anything else (a bug) as a RuntimeError that tells where it
    happened, the worker's traceback being lost with the worker otherwise."""
    if isinstance(exc, ResumekitError):
        return exc
    told = "".join(traceback.format_exception(exc))
    return RuntimeError(f"in the PDF renderer's process:\n{told}")


_interrupted = False


def _interrupt(signum: int, frame: Any) -> None:
    """Interrupt the worker once: the Ctrl-C and the parent's SIGTERM that may follow it
    must not interrupt the clean-up (the handler, not the clean-up, decides: a signal can
    land anywhere, even while a clean-up would ignore signals)."""
    global _interrupted
    first, _interrupted = not _interrupted, True
    if first:
        raise KeyboardInterrupt


_worker: Worker | None = None


def worker() -> Worker | None:
    """The worker ``started`` for this process, if any."""
    return _worker


def renderer() -> Renderer:
    """The worker ``started`` for this process, else this process."""
    return _worker or InProcess()


@contextmanager
def started(command: list[str]) -> Iterator[None]:
    """Around the command line: a worker while it runs when ``command`` (its arguments) is
    a render and a worker would run beside this process. It forks before anything else is
    imported: a fork is safe then (no thread yet), and WeasyPrint's import overlaps all of
    this process's. The render command ``dismiss``es it when it asks for no PDF."""
    global _worker
    words = [word for word in command if not word.startswith("-")]
    asks_help = bool({"-h", "--help"} & set(command))
    if not (words[:1] == ["render"] and not asks_help and helps()):
        yield
        return
    _worker = Worker()
    try:
        yield
    finally:
        dismiss()


def dismiss() -> None:
    """End the worker, if any: the rest of the command lays out here, or needs no layout."""
    global _worker
    worker, _worker = _worker, None
    if worker is not None:
        worker.close()


def helps() -> bool:
    """Whether a worker would run beside this process: on Linux (fork is safe there in a
    process with no other thread), with a second core to run it."""
    import threading

    return (
        sys.platform == "linux"
        and len(os.sched_getaffinity(0)) > 1
        and threading.active_count() == 1
    )

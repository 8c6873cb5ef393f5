"""A wall-clock limit on a block of code that no hook can interrupt: a template's loops,
WeasyPrint's layout."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

#: Once expired, the error is raised again this often until the block is left: code that
#: catches every exception (WeasyPrint does, around an image) cannot swallow the deadline.
AGAIN = 0.1


@contextlib.contextmanager
def deadline(seconds: float, error: Callable[[], BaseException]) -> Iterator[None]:
    """Raise ``error()`` in the block once ``seconds`` have passed.

    A SIGALRM timer: signals reach only the main thread, so elsewhere (and where there is no
    SIGALRM) the block runs unbounded. An enclosing deadline that ends first is left to
    fire; otherwise it is set again, with what remains of it, when the block is left.
    """
    if seconds <= 0:
        raise error()
    main = threading.current_thread() is threading.main_thread()
    if not main or not hasattr(signal, "setitimer"):
        yield
        return
    outer = signal.getitimer(signal.ITIMER_REAL)[0]
    if outer and outer <= seconds:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        signal.setitimer(signal.ITIMER_REAL, AGAIN)
        raise error()

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous or signal.SIG_DFL)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 1e-3))

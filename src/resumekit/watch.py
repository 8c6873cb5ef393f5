"""Re-render on save and serve a live-reloading preview on 127.0.0.1.

One process stays warm across renders: the Jinja environment and WeasyPrint's font
configuration are built once. A save with an error keeps the last good PDF and HTML
(writes are atomic) and shows the error on the page and in the terminal.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape

from resumekit.errors import InputError, ResumekitError
from resumekit.files import read_confined

if TYPE_CHECKING:
    from watchfiles._rust_notify import RustNotify

#: The most bytes of a rendered page or PDF read back into the preview.
OUTPUT_LIMIT = 64 << 20
#: How the watch loop tells its caller what happened: one (kind, text) per line, kind being
#: "rendered", "warning", "error" or "hint". The caller prints each as one line.
Report = Callable[[list[tuple[str, str]]], None]
RELOAD_SCRIPT = """<script>
(function () {
  var version = %d;
  function check() {
    fetch("/__version", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (state) { if (state.version !== version) location.reload(); })
      .catch(function () {});
  }
  setInterval(check, 300);
})();
</script>"""
ERROR_BANNER = (
    '<div id="resumekit-error" role="alert" style="position:fixed;left:0;right:0;top:0;'
    "z-index:9999;background:#b42318;color:#fff;font:13px/1.4 monospace;padding:10px 14px;"
    'white-space:pre-wrap">%s</div>'
)


@dataclass
class Preview:
    """What the server shows: the last good page and PDF, the version, and the last error.

    The server answers from these bytes only; it never opens a file.
    """

    version: int = 0
    html: bytes = b""
    pdf: bytes | None = None
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def update(self, html: bytes | None, pdf: bytes | None, error: str | None) -> None:
        with self.lock:
            self.version += 1
            self.error = error
            if html is not None:
                self.html, self.pdf = html, pdf

    def page(self) -> bytes:
        """The HTML with the live-reload script, and the error banner when the last save failed."""
        with self.lock:
            body = self.html or b"<!DOCTYPE html><html><body><p>No render yet.</p></body></html>"
            extra = RELOAD_SCRIPT % self.version
            if self.error:
                extra += ERROR_BANNER % escape(self.error)
            marker = f'<meta name="resumekit-version" content="{self.version}">'
        text = body.decode("utf-8").replace("<head>", f"<head>\n{marker}", 1)
        return text.replace("</body>", f"{extra}\n</body>", 1).encode("utf-8")

    def state(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error}).encode()


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    routes: dict[str, tuple[Callable[[], bytes | None], str]] = {
        "/": (preview.page, "text/html; charset=utf-8"),
        "/index.html": (preview.page, "text/html; charset=utf-8"),
        "/__version": (preview.state, "application/json"),
        "/resume.pdf": (lambda: preview.pdf, "application/pdf"),
    }

    class Handler(BaseHTTPRequestHandler):
        timeout = 30  # a client that stalls mid-request does not keep its thread forever

        def do_GET(self) -> None:
            """Serve exactly the routes above (no query, no other path) to local names only."""
            if not self._addressed_locally():
                self._send(HTTPStatus.FORBIDDEN, b"", "text/plain")
                return
            body, kind = None, "text/plain"
            if self.path in routes:
                make, kind = routes[self.path]
                body = make()
            if body is None:
                self._send(HTTPStatus.NOT_FOUND, b"", "text/plain")
            else:
                self._send(HTTPStatus.OK, body, kind)

        def _addressed_locally(self) -> bool:
            """Whether Host names this server by a local name.

            A page on another site whose name is made to resolve to 127.0.0.1 (DNS
            rebinding) reaches this port with its own name in Host, and is refused.
            """
            port = self.connection.getsockname()[1]
            names = {f"127.0.0.1:{port}", f"localhost:{port}"}
            if port == 80:
                names |= {"127.0.0.1", "localhost"}
            hosts = self.headers.get_all("Host") or []
            return len(hosts) == 1 and hosts[0].strip().lower() in names

        def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the terminal is for render results."""

    return Handler


class _Server(ThreadingHTTPServer):
    """The preview server, quiet about clients: a browser that closes a tab or a client that
    drops its connection mid-request is no news, and the terminal is for render results."""

    def __init__(self, port: int, preview: Preview, report: Report) -> None:
        super().__init__(("127.0.0.1", port), _handler(preview))
        self.report = report

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Nothing for a connection error; anything else is one line, not a traceback."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError):  # ConnectionError and TimeoutError are OSErrors
            self.report([("warning", f"preview server: {type(exc).__name__}: {exc}")])


def serve(preview: Preview, port: int, report: Report) -> ThreadingHTTPServer:
    """Start the preview server on 127.0.0.1 in a daemon thread."""
    try:
        server = _Server(port, preview, report)
    except OSError as exc:
        raise InputError(
            f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}",
            hint="pick another port with --port (0 picks a free one)",
        ) from None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def render_once(path: Path, preview: Preview, report: Report, **options: Any) -> tuple[Path, ...]:
    """Render, report, then publish: whoever sees the new version can read why in the terminal.

    Any failure, a bug included, becomes the page's error; returns the theme's folders.
    """
    from resumekit.api import render
    from resumekit.loader import load

    started = time.perf_counter()
    try:
        result = render(load(path), formats=["pdf", "html"], **options)
        html, pdf = (_read_output(result.outputs[fmt]) for fmt in ("html", "pdf"))
    except ResumekitError as exc:
        return _failed(path, preview, report, _problems(exc), options.get("theme"))
    except Exception as exc:  # a bug: say so, and keep watching
        return _failed(path, preview, report, _internal(exc), options.get("theme"))
    elapsed = (time.perf_counter() - started) * 1000
    done = (f"rendered v{preview.version + 1} in {elapsed:.0f} ms: {result.outputs['pdf']} "
            f"({result.pages} page{'s' if result.pages != 1 else ''})")  # fmt: skip
    report([("rendered", done), *(("warning", w) for w in result.warnings)])
    preview.update(html, pdf, None)
    return result.theme.folders


def _read_output(path: Path) -> bytes:
    return read_confined(path, [path.parent], OUTPUT_LIMIT)


def _failed(
    path: Path,
    preview: Preview,
    report: Report,
    lines: list[tuple[str, str]],
    theme: str | None,
) -> tuple[Path, ...]:
    report(lines)
    page = "\n".join(text if kind == "error" else f"{kind}: {text}" for kind, text in lines)
    preview.update(None, None, page)
    return _theme_folders(path, theme)


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


def _theme_folders(path: Path, theme: str | None) -> tuple[Path, ...]:
    """The folders of the theme a render of ``path`` uses, found without rendering.

    Watched before the first render reads them, and after a failed render, so that
    fixing a broken template re-renders. Empty when the resume or theme cannot be read:
    the render reports why.
    """
    from resumekit.api import DEFAULT_THEME
    from resumekit.loader import load
    from resumekit.themes import find

    try:
        name = theme or load(path).resumekit.theme or DEFAULT_THEME
        return find(name, path.parent.resolve(), from_resume=theme is None).folders
    except Exception:  # the render that follows reports it
        return ()


def watch(path: Path, port: int, report: Report, ready: Callable[[int], None],
          **options: Any) -> None:  # fmt: skip
    """Render now and on every save of the resume or its theme, until interrupted."""
    preview = Preview()
    server = serve(preview, port, report)
    try:
        watcher = _Watcher(_real(path), _theme_folders(path, options.get("theme")))
        used = render_once(path, preview, report, **options)
        ready(server.server_address[1])
        while True:
            if not watcher.cover(used):  # a new folder: render again, it is watched now
                watcher.wait()
            used = render_once(path, preview, report, **options)
    finally:
        server.shutdown()
        server.server_close()


def _real(path: str | Path) -> Path:
    """The real path; unlike Path.resolve, a symlink loop does not raise (before 3.13)."""
    return Path(os.path.realpath(path))


class _Watcher:
    """Watches the resume and every theme folder a render used, and never misses a save.

    watchfiles' RustNotify collects changes from the moment it is created until ``watch``
    returns them, so a save made while we render is returned by the next wait. The public
    ``watchfiles.watch`` creates it only on its first ``next()``, after the render that
    needed it; so we create it ourselves. New folders get a new watcher that is armed
    before the old one is dropped, and the caller renders again.
    """

    def __init__(self, resume: Path, theme_folders: Iterable[Path]) -> None:
        self.resume = resume
        self.folders = frozenset({resume.parent, *map(_real, theme_folders)})
        self._notify = self._arm(self.folders)

    def cover(self, theme_folders: Iterable[Path]) -> bool:
        """Watch these folders too; True when that took a new watcher."""
        folders = (*self.folders, *map(_real, theme_folders))
        wanted = {self.resume.parent, *(f for f in folders if f.is_dir())}
        if wanted <= self.folders:
            return False
        notify = self._arm(wanted)
        self._notify.close()
        self._notify, self.folders = notify, frozenset(wanted)
        return True

    def wait(self) -> None:
        """Return once the resume or a file in a theme folder has changed."""
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
                if where == self.resume or any(where.is_relative_to(f) for f in themes):
                    return

    def _arm(self, folders: Iterable[Path]) -> RustNotify:
        from watchfiles._rust_notify import RustNotify

        try:
            return RustNotify(sorted(str(f) for f in folders), False, False, 300, True, False)
        except (OSError, RuntimeError) as exc:
            raise InputError(f"cannot watch {self.resume.parent} for changes: {exc}") from None

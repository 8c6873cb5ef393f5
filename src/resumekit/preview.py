"""The live-reloading preview that ``watch`` serves on 127.0.0.1: the last good files from
memory (never from disk), each page with a script that reloads it when a save made a new
version, and the error of a failed save on the page.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from markupsafe import escape

from resumekit import site_meta
from resumekit.errors import InputError

#: How the watch loop tells its caller what happened: one (kind, text) per line, kind being
#: "rendered", "warning", "error" or "hint". The caller prints each as one line.
Report = Callable[[list[tuple[str, str]]], None]
#: What every served page loads (a file, not inline: the site's pages forbid inline script):
#: it asks for the version every 300 ms and reloads when it is not the page's.
RELOAD_SCRIPT = b"""(function () {
  var meta = document.querySelector('meta[name="resumekit-version"]');
  var version = meta ? meta.content : "";
  setInterval(function () {
    fetch("/__version", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (state) { if (String(state.version) !== version) location.reload(); })
      .catch(function () {});
  }, 300);
})();
"""
RELOAD_TAG = '<script src="/__reload.js"></script>'
ERROR_BANNER = (
    '<div id="resumekit-error" role="alert" style="position:fixed;left:0;right:0;top:0;'
    "z-index:9999;background:#b42318;color:#fff;font:13px/1.4 monospace;padding:10px 14px;"
    'white-space:pre-wrap">%s</div>'
)
#: What the preview serves a file as, by its suffix.
TYPES = {".html": "text/html; charset=utf-8", ".pdf": "application/pdf",
         ".json": "application/json", ".vcf": "text/vcard", ".ico": "image/x-icon",
         ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
         ".webp": "image/webp", ".xml": "application/xml",
         ".txt": "text/plain; charset=utf-8"}  # fmt: skip
_NOTHING_YET = b"<!DOCTYPE html><html><head></head><body><p>No render yet.</p></body></html>"


@dataclass
class Preview:
    """What the server shows: the last good files by name (``index.html`` is the page at /),
    the version, and the last error.

    The server answers from these bytes only; it never opens a file.
    """

    version: int = 0
    files: dict[str, bytes] = field(default_factory=dict)
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def update(self, files: dict[str, bytes] | None, error: str | None) -> None:
        """Publish a new version: new files, or (``None``) the last good ones and an error."""
        with self.lock:
            self.version += 1
            self.error = error
            if files is not None:
                self.files = dict(files)

    def get(self, name: str) -> bytes | None:
        """A file as served: a page with the live-reload script, its version and, when the
        last save failed, the error banner; None for a name the preview does not have."""
        with self.lock:
            body = self.files.get(name, _NOTHING_YET if name == "index.html" else None)
            version, error = self.version, self.error
        if body is None or not name.endswith(".html"):
            return body
        text = body.decode("utf-8").replace(_CSP, _LIVE_CSP)
        marker = f'<meta name="resumekit-version" content="{version}">'
        extra = RELOAD_TAG + (ERROR_BANNER % escape(error) if error else "")
        text = text.replace("<head>", f"<head>\n{marker}", 1)
        return text.replace("</body>", f"{extra}\n</body>", 1).encode("utf-8")

    def state(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error}).encode()


#: The site's Content-Security-Policy as its pages hold it, and as the preview serves it: the
#: reload script and its requests allowed.
_CSP = str(escape(site_meta.CSP))
_LIVE_CSP = str(escape(site_meta.CSP + site_meta.LIVE_CSP))


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    own: dict[str, tuple[Callable[[], bytes | None], str]] = {
        "/__version": (preview.state, "application/json"),
        "/__reload.js": (lambda: RELOAD_SCRIPT, "text/javascript"),
    }

    def route(path: str) -> tuple[bytes | None, str]:
        """What answers ``path``: the preview's own routes, / for index.html, or a file of
        the preview by its exact name (no query, no folder)."""
        if path in own:
            make, kind = own[path]
            return make(), kind
        name = "index.html" if path == "/" else path[1:]
        if not path.startswith("/") or "/" in name or name.startswith("_"):
            return None, "text/plain"
        return preview.get(name), TYPES.get(Path(name).suffix.lower(), "application/octet-stream")

    class Handler(BaseHTTPRequestHandler):
        timeout = 30  # a client that stalls mid-request does not keep its thread forever

        def do_GET(self) -> None:
            """Serve exactly the routes above (no query, no other path) to local names only."""
            if not self._addressed_locally():
                self._send(HTTPStatus.FORBIDDEN, b"", "text/plain")
                return
            body, kind = route(self.path)
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

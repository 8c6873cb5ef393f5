"""Re-render on save and serve a live-reloading preview on 127.0.0.1.

One process stays warm across renders: the Jinja environment and WeasyPrint's font
configuration are built once. A save with an error keeps the last good PDF and HTML
(writes are atomic) and shows the error on the page and in the terminal.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from markupsafe import escape

from resumekit.errors import ResumekitError

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
    """What the server shows: the last good page, the version, and the last error."""

    version: int = 0
    html: bytes = b""
    pdf: Path | None = None
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def update(self, html: bytes | None, pdf: Path | None, error: str | None) -> None:
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
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path in ("/", "/index.html"):
                self._send(preview.page(), "text/html; charset=utf-8")
            elif self.path == "/__version":
                self._send(preview.state(), "application/json")
            elif self.path == "/resume.pdf" and preview.pdf and preview.pdf.exists():
                self._send(preview.pdf.read_bytes(), "application/pdf")
            else:
                self.send_error(HTTPStatus.NOT_FOUND)

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the terminal is for render results."""

    return Handler


def serve(preview: Preview, port: int) -> ThreadingHTTPServer:
    """Start the preview server on 127.0.0.1 in a daemon thread."""
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(preview))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def render_once(
    path: Path, preview: Preview, report: Callable[[str, bool], None], **options: Any
) -> list[Path]:
    """Render, update the preview, report; returns the folders to watch for the next change."""
    from resumekit.api import render
    from resumekit.loader import load

    started = time.perf_counter()
    try:
        result = render(load(path), formats=["pdf", "html"], **options)
    except ResumekitError as exc:
        message = exc.message + (f"\nhint: {exc.hint}" if exc.hint else "")
        preview.update(None, None, message)
        report(message, False)
        return [path.resolve().parent]
    preview.update(result.outputs["html"].read_bytes(), result.outputs["pdf"], None)
    elapsed = (time.perf_counter() - started) * 1000
    warnings = "".join(f"\nwarning: {w}" for w in result.warnings)
    report(f"rendered v{preview.version} in {elapsed:.0f} ms: {result.outputs['pdf']} "
           f"({result.pages} page{'s' if result.pages != 1 else ''}){warnings}", True)  # fmt: skip
    return [path.resolve().parent, *result.theme.folders]


def watch(path: Path, port: int, report: Callable[[str, bool], None], ready: Callable[[int], None],
          **options: Any) -> None:  # fmt: skip
    """Render now and on every save of the resume or its theme, until interrupted."""
    import watchfiles

    preview = Preview()
    folders = render_once(path, preview, report, **options)
    server = serve(preview, port)
    ready(server.server_address[1])
    resume = path.resolve()
    try:
        while True:
            roots = sorted(set(folders))
            relevant = _filter(resume, [f for f in roots if f != resume.parent])
            for _changes in watchfiles.watch(*roots, watch_filter=relevant, debounce=80, step=40):
                new = render_once(path, preview, report, **options)
                if sorted(set(new)) != roots:  # the theme changed: watch its folders instead
                    folders = new
                    break
    finally:
        server.shutdown()


def _filter(resume: Path, theme_folders: list[Path]) -> Callable[[Any, str], bool]:
    def relevant(_change: Any, changed: str) -> bool:
        where = Path(changed).resolve()
        return where == resume or any(where.is_relative_to(f) for f in theme_folders)

    return relevant

"""The built site in headless Chromium, served from 127.0.0.1: no console errors, no request
leaves the machine, every link resolves, nothing scrolls sideways on a phone, and its text
reads (WCAG AA contrast) in light and dark. Screenshots go to $SITE_SHOTS when it is set."""

from __future__ import annotations

import functools
import os
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from test_site import project, run
from test_watch import CHROMIUM, launch

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)"
)
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}
#: Text whose color is checked against what is behind it, by CSS selector.
TEXTS = ("h1", ".site-tagline", "main p", "main h2", ".site-nav a", ".site-foot a")
CONTRAST = """(selectors) => {
  const rgb = (css) => css.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((c) => { c /= 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const behind = (el) => { for (; el; el = el.parentElement) {
      const bg = getComputedStyle(el).backgroundColor;
      if (rgb(bg).length < 4 || rgb(bg)[3] > 0) return rgb(bg).slice(0, 3); }
    return rgb(getComputedStyle(document.documentElement).backgroundColor); };
  return selectors.flatMap((s) => [...document.querySelectorAll(s)].map((el) => {
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(behind(el))];
    return [s, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]; }));
}"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = project(tmp_path_factory.mktemp("served"))
    done = run(folder, "site")
    assert done.returncode == 0, done.stderr
    handler = functools.partial(_Quiet, directory=str(folder / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("name", ["index.html", "resume.html"])
def test_the_site_in_a_browser(served, browser, tmp_path, name, viewport, scheme):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height},
                                  color_scheme=scheme)  # fmt: skip
    requests, problems = [], []
    context.route("**/*", lambda route: _local_only(route, requests))
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning")
            else None)  # fmt: skip
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    try:
        response = page.goto(served + name, wait_until="load")
        assert response is not None and response.status == 200
        page.wait_for_load_state("networkidle")
        shots = Path(os.environ.get("SITE_SHOTS") or tmp_path)
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"{Path(name).stem}-{viewport}-{scheme}.png"),
                        full_page=True)  # fmt: skip
        assert problems == []
        assert all(urlsplit(url).hostname == "127.0.0.1" for url in requests), requests
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no side scroll
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            if urlsplit(href).hostname == "127.0.0.1":
                target = href.split("#")[0]
                assert context.request.get(target).status == 200, href
                if "#" in href:
                    fragment = href.split("#", 1)[1]
                    assert page.evaluate(f"!!document.getElementById({fragment!r})") or (
                        target != page.url.split("#")[0]
                    ), href
        if name == "index.html":
            for selector, ratio in page.evaluate(CONTRAST, list(TEXTS)):
                assert ratio >= 4.5, (selector, ratio, scheme)
            background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
            assert (background == "rgb(22, 24, 28)") == (scheme == "dark")
    finally:
        context.close()


def _local_only(route, requests):
    """Let a request to 127.0.0.1 through; record every one; stop any other."""
    url = route.request.url
    requests.append(url)
    if urlsplit(url).hostname == "127.0.0.1" or url.startswith("data:"):
        route.continue_()
    else:
        route.abort()


def test_watch_site_reloads_the_page_after_a_save_of_the_about_page(browser, tmp_path):
    """The reload script runs under the site's policy (no console error) and brings in the
    new text; a request never leaves 127.0.0.1."""
    from test_watch import Watcher, edit

    folder = project(tmp_path)
    watcher = Watcher(folder, ("-m", "resumekit"), "--site")
    context = browser.new_context()
    requests, problems = [], []
    context.route("**/*", lambda route: _local_only(route, requests))
    try:
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(watcher.url)
        assert page.get_attribute('meta[name="resumekit-version"]', "content") == "1"
        edit(folder / "about.md", "# About me", "# About me\n\nWritten while watching.")
        # the page's policy forbids eval, and with it wait_for_function: poll from here
        deadline = time.monotonic() + 60
        version = 'meta[name="resumekit-version"]'
        while page.get_attribute(version, "content") != "2" and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        assert "Written while watching." in page.locator("main").inner_text()
        assert problems == []
        assert all(urlsplit(url).hostname == "127.0.0.1" for url in requests), requests
    finally:
        context.close()
        watcher.stop()


def test_a_wide_table_scrolls_in_its_own_box_on_a_phone(browser, tmp_path):
    folder = project(tmp_path)
    row = "| " + " | ".join(["https://example.com/" + "long/" * 12] * 3) + " |\n"
    with (folder / "about.md").open("a") as about:
        about.write("\n| a | b | c |\n|---|---|---|\n" + row)
    assert run(folder, "site").returncode == 0
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto((folder / "site" / "index.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        table = page.locator("main table")
        assert table.evaluate("t => t.scrollWidth > t.clientWidth")  # it scrolls, inside
    finally:
        page.close()

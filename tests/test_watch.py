"""`resumekit watch` for real: a subprocess, file edits, the served page, a headless browser."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def launch(playwright):
    """Debian's headless Chromium, quiet: nothing of its own goes to the network."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run"],
    )  # fmt: skip


class Watcher:
    """A running `resumekit watch` process and what it printed."""

    def __init__(
        self, folder: Path, python: tuple[str, ...] = ("-m", "resumekit"), *more: str
    ) -> None:
        self.folder = folder
        self.log = folder / "watch.log"
        self.process = subprocess.Popen(
            [sys.executable, *python, "watch", "resume.yaml", "--port", "0", *more],
            cwd=folder,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            env={**os.environ, "COLUMNS": "200"},
        )
        match = self.wait_for(lambda text: re.search(r"serving http://127\.0\.0\.1:(\d+)/", text))
        self.port = int(match.group(1))
        self.url = f"http://127.0.0.1:{self.port}/"

    def output(self) -> str:
        return self.log.read_text()

    def wait_for(self, check, timeout: float = 60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = check(self.output())
            if found:
                return found
            if self.process.poll() is not None:
                raise AssertionError(f"watch exited:\n{self.output()}")
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting; output so far:\n{self.output()}")

    def state(self) -> dict:
        with urllib.request.urlopen(self.url + "__version", timeout=5) as response:
            return json.loads(response.read())

    def page(self) -> str:
        with urllib.request.urlopen(self.url, timeout=5) as response:
            return response.read().decode()

    def wait_for_version(self, version: int) -> dict:
        return self.wait_for(lambda _: (s := self.state())["version"] >= version and s)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def save(path: Path, text: str) -> None:
    """Save as most editors do: write a temporary file, then rename it over the old one.

    A test that writes in place may be seen half-written (truncated, not yet filled) and
    rendered twice, which shifts every version number after it.
    """
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text)
    os.replace(temporary, path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    save(path, text.replace(old, new, 1))


def test_renders_on_save_and_survives_a_bad_save(watcher):
    resume, pdf = watcher.folder / "resume.yaml", watcher.folder / "out" / "resume.pdf"
    assert watcher.state() == {"version": 1, "error": None}
    first = pdf.read_bytes()

    edit(resume, "label: Machine learning researcher", "label: ML researcher")
    assert watcher.wait_for_version(2)["error"] is None
    second = pdf.read_bytes()
    assert second != first
    with urllib.request.urlopen(watcher.url, timeout=5) as response:
        page = response.read().decode()
    assert "ML researcher" in page and '<meta name="resumekit-version" content="2">' in page

    edit(resume, "startDate: 2023-10", "startDate: October")
    state = watcher.wait_for_version(3)
    assert "work[0].startDate: expected a date like 2023-10" in state["error"]
    assert pdf.read_bytes() == second  # the last good PDF stays
    with urllib.request.urlopen(watcher.url, timeout=5) as response:
        page = response.read().decode()
    assert 'id="resumekit-error"' in page and "ML researcher" in page
    assert "error: resume.yaml:" in watcher.output()

    edit(resume, "startDate: October", "startDate: 2023-10")
    assert watcher.wait_for_version(4)["error"] is None
    assert "rendered v4" in watcher.output()  # printed before the version was published


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)"
)
def test_browser_page_reloads_itself_after_each_render(watcher):
    from playwright.sync_api import sync_playwright

    resume = watcher.folder / "resume.yaml"
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page()
            page.goto(watcher.url)
            version = 'meta[name="resumekit-version"]'
            assert page.get_attribute(version, "content") == "1"
            assert page.locator("h1").inner_text() == "Senthilkumar Gopal"

            edit(resume, "name: Senthilkumar Gopal", "name: Senthil Gopal")
            page.wait_for_function(
                "document.querySelector('meta[name=resumekit-version]').content === '2'",
                timeout=60_000,
            )
            assert page.locator("h1").inner_text() == "Senthil Gopal"

            edit(resume, "startDate: 2023-10", "startDate: soon")
            page.wait_for_selector("#resumekit-error", timeout=60_000)
            assert "expected a date like 2023-10" in page.locator("#resumekit-error").inner_text()
            assert page.locator("h1").inner_text() == "Senthil Gopal"  # last good page
        finally:
            browser.close()

"""`resumekit site`: the about page, the resume in its forms, and what search engines and
link previews read, built from the project's own resume and about.md."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import DATA, copy_seed
from resumekit import colors

FILES = {"index.html", "resume.html", "resume.pdf", "resume.json", "contact.vcf",
         "favicon.ico", "apple-touch-icon.png", "sitemap.xml", "robots.txt"}  # fmt: skip


def run(folder: Path, *args: str, env: dict[str, str] | None = None):
    command = [sys.executable, "-m", "resumekit", *args]
    environment = {**os.environ, **(env or {})}
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, env=environment)


def project(folder: Path) -> Path:
    """A copy of the project's resume and about page."""
    folder.mkdir(parents=True, exist_ok=True)
    copy_seed(folder)
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = project(tmp_path_factory.mktemp("site"))
    done = run(folder, "site", env={"SOURCE_DATE_EPOCH": "1764000000"})
    assert done.returncode == 0, done.stderr
    return folder / "site"


class Page(HTMLParser):
    """What a test reads of an HTML page: its text by element, links, metas and scripts."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self.attrs: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.attrs.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in ("meta", "link", "img", "br", "hr", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        for tag in set(self.stack):
            self.texts.setdefault(tag, []).append(data)
        if self.stack and self.stack[-1] == "script":
            kind = next(a.get("type", "") for t, a in reversed(self.attrs) if t == "script")
            self.scripts.append((kind, data))

    def text(self, tag: str) -> str:
        return " ".join(" ".join(self.texts.get(tag, [])).split())

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.attrs if name == tag]

    def meta(self, key: str) -> str | None:
        found = [m.get("content") for m in self.all("meta")
                 if key in (m.get("name"), m.get("property"))]  # fmt: skip
        return found[0] if found else None


def page(built: Path, name: str = "index.html") -> Page:
    return Page((built / name).read_text(encoding="utf-8"))


def seed_paragraphs() -> list[str]:
    """The seed's about page (tests/data/about-seed.txt): the paragraphs after "About me"."""
    lines = [line.strip() for line in (DATA / "about-seed.txt").read_text().splitlines()]
    return [line for line in lines[lines.index("About me") + 1 :] if line]


def test_the_site_has_every_file(built):
    assert {p.name for p in built.iterdir()} == FILES


def test_every_paragraph_of_the_seed_about_page_is_on_index(built):
    index = page(built)
    main = index.text("main")
    paragraphs = seed_paragraphs()
    assert len(paragraphs) == 8
    for paragraph in paragraphs:
        assert " ".join(paragraph.split()) in main
    assert index.text("h1") == "Senthilkumar Gopal"  # the one h1: the name
    assert index.text("h2").startswith("About me")  # about.md's "# About me"
    assert "Musings of a machine learning researcher, engineer and leader" in index.text("header")


def test_the_about_page_links_the_resume_in_every_form(built):
    links = {a["href"]: a for a in page(built).all("a")}
    for name in ("resume.html", "resume.pdf", "resume.json", "contact.vcf"):
        assert name in links
    assert links["resume.pdf"]["download"] == "Senthilkumar Gopal Resume.pdf"
    assert links["https://linkedin.com/in/senthilkumargopal"]["rel"] == "me noopener"


def test_json_ld_is_a_person_with_the_basics(built):
    scripts = [text for kind, text in page(built).scripts if kind == "application/ld+json"]
    person = json.loads(scripts[0])
    assert person["@context"] == "https://schema.org" and person["@type"] == "Person"
    assert person["name"] == "Senthilkumar Gopal"
    assert person["jobTitle"] == "Machine learning researcher, engineer and leader"
    assert person["email"] == "mailto:senthil777@gmail.com"
    assert person["telephone"] == "408-839-3815"
    assert person["url"] == "https://sengopal.me/"
    assert person["sameAs"] == ["https://linkedin.com/in/senthilkumargopal"]
    assert person["worksFor"] == {"@type": "Organization", "name": "AWS"}
    assert {"@type": "EducationalOrganization", "name": "Georgia Institute of Technology"} in (
        person["alumniOf"]
    )


def test_the_vcard_parses_and_carries_the_basics(built):
    import vobject

    raw = (built / "contact.vcf").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")
    card = vobject.readOne(raw.decode("utf-8"))
    assert card.version.value == "4.0"
    assert card.fn.value == "Senthilkumar Gopal"
    assert card.title.value == "Machine learning researcher, engineer and leader"
    assert card.email.value == "senthil777@gmail.com"
    assert card.tel.value == "tel:408-839-3815"
    assert card.org.value == ["AWS"]
    urls = [url.value for url in card.contents["url"]]
    assert urls == ["https://sengopal.me", "https://linkedin.com/in/senthilkumargopal"]
    assert card.note.value.startswith("Machine learning researcher, technologist")


def test_resume_json_validates_against_the_json_resume_schema(built):
    import jsonschema

    schema = json.loads((DATA / "jsonresume" / "schema.json").read_text())
    document = json.loads((built / "resume.json").read_text())
    jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())
    assert document["basics"]["name"] == "Senthilkumar Gopal"
    assert "resumekit" not in document


def test_previews_sitemap_and_robots(built):
    index = page(built)
    title = "Senthilkumar Gopal — Musings of a machine learning researcher, engineer and leader"
    assert index.text("title") == title
    assert index.meta("og:title") == title and index.meta("twitter:title") == title
    assert index.meta("og:type") == "profile" and index.meta("twitter:card") == "summary"
    assert index.meta("og:url") == "https://sengopal.me/"
    assert index.meta("description").startswith("Machine learning researcher, technologist")
    assert {"rel": "canonical", "href": "https://sengopal.me/"} in index.all("link")
    tree = ElementTree.fromstring((built / "sitemap.xml").read_bytes())
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [loc.text for loc in tree.iter(f"{ns}loc")]
    assert locs == ["https://sengopal.me/", "https://sengopal.me/resume.html"]
    assert [m.text for m in tree.iter(f"{ns}lastmod")] == ["2025-11-24", "2025-11-24"]
    robots = (built / "robots.txt").read_text()
    assert "Sitemap: https://sengopal.me/sitemap.xml" in robots


def test_the_favicon_is_the_initials_in_each_size(built):
    from PIL import Image

    with Image.open(built / "favicon.ico") as icon:
        assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])
    with Image.open(built / "apple-touch-icon.png") as touch:
        assert touch.size == (180, 180)
        assert touch.getpixel((90, 4))[:3] == (0x1F, 0x4E, 0x79)  # compact's accent
        white = touch.convert("RGB").getcolors(maxcolors=1 << 16)
        assert sum(n for n, rgb in white if min(rgb) > 240) > 1000  # the letters, in white


def test_nothing_loads_from_elsewhere_and_every_link_resolves(built):
    """Statically, for every page: what a page loads is in the site or a data: URL; every
    link into the site names a file of it (and an anchor of that page)."""
    for name in ("index.html", "resume.html"):
        parsed = page(built, name)
        loads = [a.get("src") for a in parsed.all("img") + parsed.all("script") if a.get("src")]
        loads += [a["href"] for a in parsed.all("link") if a.get("rel") != "canonical"]
        for url in loads:
            assert url.startswith("data:") or (built / url).is_file(), (name, url)
        css = (built / name).read_text()
        assert not re.search(r"url\((?![\"']?data:)", css), "a stylesheet loads a file"
        for anchor in parsed.all("a"):
            href = anchor.get("href", "")
            if re.match(r"(https?|mailto|tel):", href):
                continue
            target, _, fragment = href.partition("#")
            assert (built / (target or name)).is_file(), (name, href)
            if fragment:
                assert f'id="{fragment}"' in (built / (target or name)).read_text()
    policy = page(built).meta("Content-Security-Policy") or next(
        m["content"] for m in page(built).all("meta") if m.get("http-equiv")
    )
    assert "default-src 'none'" in policy and "font-src data:" in policy


def test_the_accent_is_readable_on_both_backgrounds(tmp_path):
    """A pale accent is darkened for the light page and kept for the dark one, and every
    theme's accent reaches WCAG AA on both."""
    folder = project(tmp_path)
    done = run(folder, "site", "--theme", "modern", "-o", "pale")
    assert done.returncode == 0, done.stderr
    for theme_accent in ("#1f4e79", "#222222", "#0f6e6a", "#ffd700", "rgba(0, 0, 255, 0.3)"):
        light = colors.readable(theme_accent, "#ffffff")
        dark = colors.readable(theme_accent, "#16181c")
        assert colors.contrast(colors.parse(light), colors.parse("#ffffff")) >= 4.5
        assert colors.contrast(colors.parse(dark), colors.parse("#16181c")) >= 4.5
    assert colors.readable("#1f4e79", "#ffffff") == "#1f4e79"  # readable: kept as it is
    css = (folder / "pale" / "index.html").read_text()
    assert "--site-accent: #0f6e6a;" in css  # modern's accent, readable on white
    assert "--site-accent: #89b8b6;" in css  # lighter in the dark, at 7:1 (AAA)
    done = run(folder, "site", "--theme", "classic", "-o", "grey")
    assert done.returncode == 0, done.stderr
    css = (folder / "grey" / "index.html").read_text()
    assert "--site-accent: #222222;" in css and "--site-accent: #e4e4e4;" in css  # as the text


def test_a_variant_builds_the_site_around_its_resume(built, tmp_path):
    """search-ecommerce keeps the items tagged for it, in classic (its theme), on 2 pages."""
    folder = project(tmp_path)
    done = run(folder, "site", "--variant", "search-ecommerce", "-o", "public/")
    assert done.returncode == 0, done.stderr
    assert "wrote public/resume.pdf (2 pages)" in done.stdout

    def highlights(site: Path) -> int:
        document = json.loads((site / "resume.json").read_text())
        return sum(len(job.get("highlights", [])) for job in document["work"])

    assert 0 < highlights(folder / "public") < highlights(built)
    assert "IBM Plex Serif" in (folder / "public" / "index.html").read_text()  # classic's font
    assert "IBM Plex Serif" not in (built / "index.html").read_text()


def test_watch_site_rebuilds_on_a_save_of_the_about_page(tmp_path):
    """watch --site serves the site's files from memory, every page with the reload script
    and a policy that lets it run; a save of about.md rebuilds; a bad one keeps the last."""
    import urllib.request

    from test_watch import Watcher, edit

    folder = project(tmp_path)
    watcher = Watcher(folder, ("-m", "resumekit"), "--site")
    try:
        assert watcher.state() == {"version": 1, "error": None}
        assert "built v1 in" in watcher.output()
        assert "site/ (9 files; the PDF has 2 pages)" in watcher.output()
        index = watcher.page()
        assert '<script src="/__reload.js"></script>' in index
        assert "script-src &#39;self&#39;; connect-src &#39;self&#39;" in index
        assert "script-src" not in (folder / "site" / "index.html").read_text()  # not on disk
        with urllib.request.urlopen(watcher.url + "contact.vcf", timeout=5) as response:
            assert response.headers["Content-Type"] == "text/vcard"
            assert response.read() == (folder / "site" / "contact.vcf").read_bytes()

        edit(folder / "about.md", "# About me", "# About me\n\nA new first paragraph.")
        assert watcher.wait_for_version(2)["error"] is None
        assert "A new first paragraph." in watcher.page()
        assert "A new first paragraph." in (folder / "site" / "index.html").read_text()

        edit(folder / "about.md", "A new first paragraph.", "See [x](notes.html).")
        state = watcher.wait_for_version(3)
        assert "about.md:3:9: a link to 'notes.html' goes nowhere on the site" in state["error"]
        page = watcher.page()
        assert 'id="resumekit-error"' in page and "A new first paragraph." in page
        assert "A new first paragraph." in (folder / "site" / "index.html").read_text()
    finally:
        watcher.stop()


def test_a_failed_build_leaves_the_last_site_as_it_was(tmp_path):
    folder = project(tmp_path)
    assert run(folder, "site").returncode == 0
    before = {p.name: p.read_bytes() for p in (folder / "site").iterdir()}
    with (folder / "about.md").open("a") as about:
        about.write("\n[broken](../secret.txt)\n")
    done = run(folder, "site")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "about.md:19:10: a link to '../secret.txt' goes nowhere on the site" in done.stderr
    assert {p.name: p.read_bytes() for p in (folder / "site").iterdir()} == before

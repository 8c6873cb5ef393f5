"""`resumekit site` against a stranger's inputs (from an attack review): a photo that is not
what it says, outputs over inputs, hostile names and addresses, odd Markdown files."""

from __future__ import annotations

import base64
import io
import os
import re
import struct
import subprocess
import sys
import zlib

import pytest

from conftest import DATA, ROOT, copy_seed
from test_site import Page, run
from test_site_inputs import RESUME, index, project


def _png(width: int, height: int) -> bytes:
    """A PNG that says it is ``width`` x ``height`` and holds almost nothing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    head = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(b"\0" * 10))
            + chunk(b"IEND", b""))  # fmt: skip


BOMB = base64.b64encode(_png(20_000, 20_000)).decode()


def with_photo(folder, image: str):
    text = RESUME.format(site="    about: about.md\n", more="").replace(
        "  email:", f"  image: {image}\n  email:"
    )
    (folder / "resume.yaml").write_text(text)
    (folder / "about.md").write_text("Hi.\n")
    return folder


@pytest.mark.parametrize(
    ("image", "warning"),
    [
        ('"data:image/png,x\\r\\nEND:VCARD\\r\\nBEGIN:VCARD\\r\\nFN:Mallory"',
         "refused the photo's data: URL: expected data:image/png;base64,..."),
        ('"data:image/png;base64,abc"', "refused the photo's data: URL: its base64 is damaged"),
        ("page.png", "refused page.png: it is not an image (image/png was expected)"),
        (f'"data:image/png;base64,{BOMB}"',
         "refused the photo's data: URL: it is far too large an image"),
        ("cut.png", "refused cut.png: it is not an image (image/png was expected), or it is "
                    "damaged"),
        ('"http://[::1/p.png"', "refused the photo 'http://[::1/p.png': Invalid IPv6 URL"),
        ("huge.png", "refused huge.png: 64,000,000 pixels; at most 40,000,000"),
    ],
    ids=["line breaks", "damaged base64", "a page named .png", "a decompression bomb",
         "a cut-off image", "a broken address", "too many pixels"],
)  # fmt: skip
def test_a_photo_that_is_not_what_it_says_is_left_out(tmp_path, image, warning):
    (tmp_path / "page.png").write_text("<html><script>alert(1)</script></html>")
    (tmp_path / "huge.png").write_bytes(_png(8_000, 8_000))
    (tmp_path / "cut.png").write_bytes(_png(40, 40)[:-20])  # its data and end cut off
    done = run(with_photo(tmp_path, image), "site")
    assert done.returncode == 0, done.stderr
    assert f"warning: {warning}" in done.stderr
    assert not [p for p in (tmp_path / "site").iterdir() if p.name.startswith("photo")]
    card = (tmp_path / "site" / "contact.vcf").read_bytes()
    assert card.count(b"BEGIN:VCARD") == 1 and b"PHOTO" not in card and b"Mallory" not in card


def test_a_photo_is_embedded_as_the_image_it_is(tmp_path):
    """A phone's JPEG (two pictures: Pillow's MPO) is a JPEG; a PNG named .jpg is a PNG."""
    from PIL import Image

    Image.new("RGB", (64, 64), "red").save(tmp_path / "phone.jpg", format="MPO", save_all=True,
                                            append_images=[Image.new("RGB", (64, 64))])  # fmt: skip
    (tmp_path / "named.jpg").write_bytes((DATA / "pixel.png").read_bytes())
    for photo, kind, suffix in (("phone.jpg", "jpeg", ".jpg"), ("named.jpg", "png", ".png")):
        done = run(with_photo(tmp_path, photo), "site", "-o", kind)
        assert done.returncode == 0 and "warning: refused" not in done.stderr, done.stderr
        [img] = index(tmp_path, kind).all("img")
        assert img["src"].startswith(f"data:image/{kind};base64,")
        assert (tmp_path / kind / f"photo{suffix}").is_file()


def test_no_output_replaces_a_file_the_run_reads(tmp_path):
    export = run(tmp_path, "export", str(ROOT / "resume.yaml"), "-o", "resume.json")
    assert export.returncode == 0, export.stderr
    original = (tmp_path / "resume.json").read_bytes()
    for args in (("site", "resume.json", "-o", "."), ("render", "resume.json", "-f", "json",
                                                      "-o", ".")):  # fmt: skip
        done = run(tmp_path, *args)
        assert done.returncode == 2, done.stderr
        assert "refused to write resume.json: this run reads that file (resume.json)" in (
            done.stderr
        )
    assert (tmp_path / "resume.json").read_bytes() == original
    assert not (tmp_path / "index.html").exists()  # refused before anything was written


def test_a_folder_in_the_way_stops_the_build_before_any_write(tmp_path):
    folder = project(tmp_path, site="    about: about.md\n    url: https://ada.example/\n")
    (folder / "site" / "robots.txt").mkdir(parents=True)
    done = run(folder, "site")
    assert done.returncode == 2 and "site/robots.txt: cannot write: a folder has its name" in (
        done.stderr
    )
    assert sorted(p.name for p in (folder / "site").iterdir()) == ["robots.txt"]


def test_files_of_an_earlier_build_are_named(tmp_path):
    folder = project(tmp_path, site="    about: about.md\n    url: https://ada.example/\n")
    assert run(folder, "site").returncode == 0
    (folder / "resume.yaml").write_text(RESUME.format(site="    about: about.md\n", more=""))
    done = run(folder, "site")
    assert done.returncode == 0, done.stderr
    for name in ("sitemap.xml", "robots.txt"):
        assert (f"warning: site/{name} is left from an earlier build and would be published; "
                "remove it") in done.stderr  # fmt: skip


def test_names_and_labels_stay_text(tmp_path):
    """A name makes safe download names; a label (plain text) reads as written."""
    resume = RESUME.format(site="    about: about.md\n", more="").replace(
        "name: Ada Lovelace", "name: \"Eve \\u202Efdp.exe CON.\"").replace(
        "label: Analyst </script><b>&", "label: \"*ML* engineer & [me](https://x.example)\""
    )  # fmt: skip
    (tmp_path / "resume.yaml").write_text(resume)
    (tmp_path / "about.md").write_text("Hi.\n")
    done = run(tmp_path, "site")
    assert done.returncode == 0, done.stderr
    page = index(tmp_path)
    downloads = [a["download"] for a in page.all("a") if "download" in a]
    assert downloads == ["Eve fdp.exe CON Resume.pdf", "Eve fdp.exe CON.vcf"]
    label = "*ML* engineer & [me](https://x.example)"  # plain text, as the resume prints it
    assert page.text("title") == f"Eve \u202efdp.exe CON. — {label}"
    assert page.meta("og:title") == page.text("title")


def test_the_embedded_font_draws_every_character_of_the_page(tmp_path):
    from fontTools.ttLib import TTFont

    folder = project(tmp_path, more="  location: {city: Zürich}\n")
    assert run(folder, "site").returncode == 0
    html = (folder / "site" / "index.html").read_text()
    assert "Zürich" in Page(html).text("footer")
    fonts = re.findall(r"data:font/ttf;base64,([A-Za-z0-9+/=]+)", html)
    drawn = set()
    for data in fonts:
        drawn |= set(TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap())
    assert ord("ü") in drawn


def test_the_resume_page_of_the_site_loads_nothing_from_elsewhere(tmp_path):
    """A theme's stylesheet may ask for remote files: the page's policy stops the browser."""
    folder = project(tmp_path)
    theme = folder / "themes" / "leaky"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "leaky"\nextends = "compact"\n')
    (theme / "style.css").write_text("body { background: url(https://evil.example/t.png); }\n")
    done = run(folder, "site", "--theme", "leaky")
    assert done.returncode == 0, done.stderr
    page = Page((folder / "site" / "resume.html").read_text())
    policy = next(m["content"] for m in page.all("meta") if m.get("http-equiv"))
    assert "default-src 'none'" in policy and "img-src 'self' data:" in policy
    assert page.attrs[1] == (
        "meta",
        {"http-equiv": "Content-Security-Policy", "content": policy},
    )  # before anything of the theme's


def test_validate_reads_markdown_files_as_it_reads_resumes(tmp_path):
    """A FIFO is refused at once; an about.md no resume names is a note (the hook passes it);
    a letter with a byte-order mark is a letter; a linked resume elsewhere is not its owner."""
    copy_seed(tmp_path)
    os.mkfifo(tmp_path / "pipe.md")
    done = run(tmp_path, "validate", "pipe.md")
    assert done.returncode == 2 and "pipe.md: refused to read it: not a regular file" in (
        done.stderr
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "about.md").write_text("# About the docs\n")
    done = run(tmp_path, "validate", "docs/about.md")
    assert done.returncode == 0 and "note: docs/about.md is neither a cover letter" in done.stderr
    (tmp_path / "letter.md").write_bytes(b"\xef\xbb\xbf---\nto: X\ncompany: Acme\n---\nHi.\n")
    assert run(tmp_path, "validate", "letter.md").returncode == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "resume.yaml").write_text("basics: {name: X, email: nope}\nresumekit:\n"
                                         "  site: {about: ../inside/about.md}\n")  # fmt: skip
    inside = tmp_path / "inside"
    inside.mkdir()
    (inside / "about.md").write_text("Hi.\n")
    os.symlink(outside / "resume.yaml", inside / "resume-link.yaml")
    done = run(inside, "validate", "about.md")
    assert "nope" not in done.stderr and done.returncode == 0


@pytest.mark.parametrize("variable", ["SITE", "OUTPUT", "RESUME"])
def test_the_ci_script_refuses_a_line_break_in_a_file_name(tmp_path, variable):
    copy_seed(tmp_path)
    resumekit = os.path.join(os.path.dirname(sys.executable), "resumekit")
    env = {**os.environ, variable: "s\npdf=/etc/passwd", "GITHUB_OUTPUT": str(tmp_path / "out"),
           "RESUMEKIT": resumekit}  # fmt: skip
    done = subprocess.run([str(ROOT / "scripts" / "render-resume")], cwd=tmp_path, env=env,
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 2 and "a line break is not allowed" in done.stderr
    assert not (tmp_path / "out").exists()


def test_one_process_may_read_what_it_wrote_and_write_it_again(tmp_path):
    """The files a run reads are that run's: rendering twice, or after reading an output back,
    is not refused (the API, watch)."""
    from resumekit import api, site
    from resumekit.loader import load
    from resumekit.plan import make_plan

    folder = project(tmp_path)
    resume = load(folder / "resume.yaml")
    api.render(resume, formats=["json"], output=folder / "out")
    load(folder / "out" / "resume.json")
    api.render(resume, formats=["json"], output=folder / "out")
    for _ in range(2):
        site.write(site.build(resume, make_plan(resume, None, None, None)), folder / "site")
    assert (folder / "site" / "index.html").is_file()


def test_export_does_not_replace_the_file_it_reads(tmp_path):
    copy_seed(tmp_path)
    before = (tmp_path / "resume.yaml").read_bytes()
    done = run(tmp_path, "export", "resume.yaml", "-o", "resume.yaml")
    assert done.returncode == 2 and "this run reads that file" in done.stderr
    assert (tmp_path / "resume.yaml").read_bytes() == before


@pytest.mark.parametrize(
    "page",
    [
        "<!DOCTYPE html><HTML><HEAD lang=en><TITLE>x</TITLE></HEAD><BODY><header>top</header>",
        "<!-- <head> --><!DOCTYPE html><html><head><title>x</title></head><body>",
        "<!DOCTYPE html><html><script>var x = '<head>'</script><head></head><body>",
        '<!DOCTYPE html><html><link rel=stylesheet href="http://evil.example/x.css"><head>'
        "</head><body>",
        '<!DOCTYPE html><html><head data-x="a>b"></head><body>',
        "<p>no head at all</p><body>",
    ],
    ids=["upper case", "a comment", "a script", "a link before the head", "a quoted >",
         "no head"],
)  # fmt: skip
def test_the_policy_comes_before_anything_of_the_theme_s(tmp_path, page):
    """Whatever a theme's template writes, the page opens with the site's policy: the HTML
    parser puts it first in the head, ahead of any link, script or comment of the theme's."""
    folder = project(tmp_path)
    theme = folder / "themes" / "shouty"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "shouty"\nextends = "compact"\n')
    (theme / "resume.html.j2").write_text(page + "<p>{{ resume.name }}</p></body></html>")
    done = run(folder, "site", "--theme", "shouty")
    assert done.returncode == 0, done.stderr
    written = (folder / "site" / "resume.html").read_text()
    assert written.startswith('<!DOCTYPE html>\n<meta charset="utf-8">\n<meta http-equiv="Content'
                              '-Security-Policy" content="default-src &#39;none&#39;;')  # fmt: skip
    assert written.index('<nav class="site-back"') < written.index("<p>Ada Lovelace</p>")


def test_a_theme_page_that_sends_the_reader_elsewhere_is_refused(tmp_path):
    folder = project(tmp_path)
    theme = folder / "themes" / "away"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "away"\nextends = "compact"\n')
    (theme / "site.html.j2").write_text(
        "<html><head><META HTTP-EQUIV='Refresh' content='0;url=http://evil.example/'></head>"
        "<body><h1>{{ resume.name }}</h1></body></html>"
    )
    done = run(folder, "site", "--theme", "away")
    assert done.returncode == 1 and "sends the reader elsewhere (a meta refresh)" in done.stderr
    assert not (folder / "site").exists()


def test_import_does_not_replace_the_file_it_reads(tmp_path):
    assert run(tmp_path, "export", str(ROOT / "resume.yaml"), "-o", "cv.json").returncode == 0
    before = (tmp_path / "cv.json").read_bytes()
    done = run(tmp_path, "import", "cv.json", "-o", "cv.json", "--force")
    assert done.returncode == 2 and "this run reads that file" in done.stderr
    assert (tmp_path / "cv.json").read_bytes() == before


def test_many_problems_in_an_about_page_are_told_quickly_and_in_place(tmp_path):
    folder = project(tmp_path, about="Hi.\n\n" + "<b>" * 30_000 + "\n")
    done = run(folder, "validate")
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 101 and lines[-1].startswith("hint: 30,000 problems found (the first 100")
    assert lines[0].startswith("error: about.md:3:1: raw HTML") and lines[1].startswith(
        "error: about.md:3:4: raw HTML"
    )


def test_an_about_page_no_resume_names_is_left_alone_whatever_it_opens_with(tmp_path):
    copy_seed(tmp_path)
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "about.markdown").write_text("---\nlayout: page\ntitle: About\n---\nHi\n")
    done = run(tmp_path, "validate", "blog/about.markdown")
    assert done.returncode == 0 and "note: blog/about.markdown is neither" in done.stderr


def test_links_to_sections_are_checked_against_the_variant_built(tmp_path):
    folder = project(
        tmp_path,
        about="See [my projects](resume.html#projects).\n",
        more="projects: [{name: P, tags: [research]}]\n",
    )
    text = (folder / "resume.yaml").read_text()
    (folder / "resume.yaml").write_text(
        text + "  variants:\n    industry: {exclude_tags: [research]}\n"
    )
    assert run(folder, "site").returncode == 0
    done = run(folder, "site", "--variant", "industry", "-o", "industry")
    assert done.returncode == 1
    assert "about.md:1:19: a link to 'resume.html#projects' goes nowhere" in done.stderr


def test_a_link_to_a_file_is_not_taken_for_a_web_address(tmp_path):
    folder = project(tmp_path, about="[me](photo.jpg) and [gh](github.com/ada)\n")
    done = run(folder, "validate")
    assert "a link to 'photo.jpg' goes nowhere on the site; link to a web address or to " in (
        done.stderr
    )
    assert (
        "'github.com/ada' goes nowhere on the site; did you mean \"https://github.com/ada\"?"
        in (done.stderr)
    )

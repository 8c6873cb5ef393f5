"""Hostile resumes and photos, through the real command with a memory limit.

Every case gets one clear error with file:line:col (or a warning for a photo), in bounded
time and memory: never a traceback, a hang or a MemoryError.
"""

from __future__ import annotations

import json
import os
import resource
from pathlib import Path

import pytest
from babel import Locale, localedata

from resumekit.dates import PartialDate, format_date
from test_hostile import run_cli

BOTH = pytest.mark.parametrize("command", ["validate", "render"])
HEAD = "basics:\n  name: Ada\n"
DATE = "expected a date like 2023-10 (or 2023, or 2023-10-05), got"


def cli(folder: Path, command: str, name: str = "resume.yaml", timeout: float = 60):
    """Run ``command`` on ``folder/name``; (exit code, error lines, stderr, CPU seconds)."""
    args = [command, name] + (["-o", "out", "-f", "html,txt"] if command == "render" else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = run_cli(*args, cwd=folder, timeout=timeout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    assert "Traceback" not in done.stderr, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    return done.returncode, errors, done.stderr, cpu


def refused(tmp_path: Path, command: str, text: str | bytes, name: str = "resume.yaml") -> str:
    """The one error a resume with ``text`` gets (exit 1)."""
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    code, errors, stderr, _ = cli(tmp_path, command, name)
    assert code == 1 and len(errors) == 1, stderr
    return errors[0].removeprefix("error: ")


# 1. The resume and its photo are regular files, read with a byte cap.


@BOTH
def test_a_fifo_as_resume_is_refused_without_hanging(tmp_path, command):
    os.mkfifo(tmp_path / "resume.yaml")
    code, errors, _, _ = cli(tmp_path, command, timeout=30)
    assert (code, errors) == (2, ["error: resume.yaml: refused to read it: not a regular file"])


@BOTH
@pytest.mark.parametrize("target", ["/dev/zero", "."])
def test_a_device_or_folder_as_resume_is_refused(tmp_path, command, target):
    (tmp_path / "resume.yaml").symlink_to(target)
    code, errors, _, _ = cli(tmp_path, command, timeout=30)
    assert (code, errors) == (2, ["error: resume.yaml: refused to read it: not a regular file"])


def test_a_resume_linked_from_another_folder_is_read(tmp_path):
    (tmp_path / "dotfiles").mkdir()
    (tmp_path / "dotfiles" / "resume.yaml").write_text(HEAD)
    (tmp_path / "cv").mkdir()
    (tmp_path / "cv" / "resume.yaml").symlink_to(tmp_path / "dotfiles" / "resume.yaml")
    assert cli(tmp_path / "cv", "validate")[:2] == (0, [])


def photo_warnings(tmp_path: Path, image: str) -> list[str]:
    (tmp_path / "resume.yaml").write_text(f"{HEAD}  image: {image}\n")
    code, errors, stderr, _ = cli(tmp_path, "render", timeout=60)
    assert (code, errors) == (0, []), stderr
    return [line for line in stderr.splitlines() if line.startswith("warning:")]


def test_a_fifo_as_photo_is_a_warning(tmp_path):
    os.mkfifo(tmp_path / "me.png")
    assert photo_warnings(tmp_path, "me.png") == [
        f"warning: {tmp_path}/me.png: refused to read it: not a regular file"
    ]


def test_a_sparse_photo_of_1_5_gb_is_refused_unread(tmp_path):
    with (tmp_path / "me.png").open("wb") as fh:
        fh.truncate(1536 * 1024 * 1024)  # more than the child's 1 GiB of memory
    assert photo_warnings(tmp_path, "me.png") == [
        f"warning: {tmp_path}/me.png: refused to read it: 1.5 GiB, the limit is 5 MiB"
    ]


def test_dev_zero_as_photo_is_refused(tmp_path):
    (tmp_path / "me.png").symlink_to("/dev/zero")
    assert photo_warnings(tmp_path, "me.png") == [
        "warning: refused to read me.png: it is outside the resume's folder"
    ]


def test_a_photo_link_loop_is_a_warning(tmp_path):
    (tmp_path / "me.png").symlink_to("me.png")
    assert photo_warnings(tmp_path, "me.png") == [
        f"warning: {tmp_path}/me.png: cannot read: Symlink loop from '{tmp_path}/me.png'"
    ]


# 2. Size is counted while parsing: a huge document stops early, in bounded time and memory.


def test_a_five_megabyte_flow_list_is_refused_early(tmp_path):
    items = "1, " * (5 * 1024 * 1024 // 3 - 20)
    (tmp_path / "resume.yaml").write_text(f"{HEAD}work: [{items}1]\n")
    code, errors, _, cpu = cli(tmp_path, "validate")
    assert (code, errors) == (1, [
        "error: resume.yaml:3:149987: file has more than 50,000 values; a resume needs far fewer"
    ])  # fmt: skip
    # Pure-Python YAML needs about 2 s of CPU to reach 50,000 values (before: 129 s, 1.9 GB).
    assert cpu < 20


@BOTH
def test_a_five_megabyte_json_list_of_numbers_is_refused_quickly(tmp_path, command):
    numbers = ",".join(["1"] * (5 * 1024 * 1024 // 2 - 40))
    (tmp_path / "resume.json").write_text(f'{{"basics": {{"name": "Ada"}}, "work": [{numbers}]}}')
    code, errors, _, cpu = cli(tmp_path, command, "resume.json")
    assert (code, errors) == (1, [
        "error: resume.json: file has more than 50,000 values; a resume needs far fewer"
    ])  # fmt: skip
    assert cpu < 10


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &a [*a]\n", "resume.yaml:3:8: alias *a is used inside its own anchor"),
        ("work: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n",
         "resume.yaml: YAML: nested too deeply (more than 100 levels)"),
        ("a0: &a0 [x]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 120)),
         "resume.yaml: YAML: nested too deeply (more than 100 levels)"),
    ],
)  # fmt: skip
def test_aliases_and_nesting_are_bounded(tmp_path, text, message):
    assert refused(tmp_path, "validate", HEAD + text) == message


def test_deep_json_is_bounded(tmp_path):
    text = '{"basics": {"name": "Ada"}, "work": ' + "[" * 20000 + "]" * 20000 + "}"
    assert (
        refused(tmp_path, "validate", text, "resume.json")
        == "resume.json: YAML: nested too deeply (more than 100 levels)"
    )


def test_a_five_megabyte_single_line_is_read_in_bounded_time(tmp_path):
    (tmp_path / "resume.yaml").write_text("basics: {name: " + "x" * (5 * 1024 * 1024 - 40) + "}\n")
    code, errors, _, cpu = cli(tmp_path, "validate")
    message = "basics.name: text is 5,242,840 characters long; at most 10,000 are allowed"
    assert (code, errors, cpu < 20) == (1, [f"error: resume.yaml:1:16: {message}"], True)


# 3. Merge keys are supported; merged values validate with the place they are written.


MERGED = """\
work:
  - &acme
    name: Acme
    position: Engineer
    startDate: 2020-01
  - <<: *acme
    position: Lead Engineer
"""


def test_merge_keys_validate_and_render(tmp_path):
    (tmp_path / "resume.yaml").write_text(HEAD + MERGED)
    assert cli(tmp_path, "validate")[:2] == (0, [])
    assert cli(tmp_path, "render")[:2] == (0, [])
    text = (tmp_path / "out" / "resume.txt").read_text()
    assert text.count("Acme") == 2 and "Lead Engineer" in text


@BOTH
def test_an_error_in_merged_content_has_its_position(tmp_path, command):
    text = MERGED.replace("2020-01", "March").replace(
        "    position: Lead", "    bogus: 1\n    position: Lead"
    )
    (tmp_path / "resume.yaml").write_text(HEAD + text)
    code, errors, _, _ = cli(tmp_path, command)
    assert code == 1
    assert errors == [
        f'error: resume.yaml:7:16: work[0].startDate: {DATE} "March"',
        f'error: resume.yaml:7:16: work[1].startDate: {DATE} "March"',
        "error: resume.yaml:9:5: work[1].bogus: unknown field 'bogus'; expected one of: "
        "description, endDate, highlights, location, name, position, startDate, summary, tags, "
        "url, x-jsonresume",
    ]


# 4. Dates are real calendar dates that every locale can format.


YEAR_ZERO = "is not a date: there is no year 0000; years start at 0001"


@BOTH
@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("0000-01", f'"0000-01" {YEAR_ZERO}'),
        ("0000-01-01", f'"0000-01-01" {YEAR_ZERO}'),
        ('"0000"', f'"0000" {YEAR_ZERO}'),
        ("0000", f'{DATE} "0"'),  # YAML reads the number 0
    ],
)
def test_year_zero_is_refused(tmp_path, command, value, problem):
    text = f"{HEAD}work:\n  - name: Acme\n    startDate: {value}\n"
    assert refused(tmp_path, command, text) == f"resume.yaml:5:16: work[0].startDate: {problem}"


def test_every_accepted_extreme_date_formats_in_every_locale(monkeypatch):
    # babel's locale data cache, private to this test: loading all 800 locales leaves some of
    # babel's merged tables changed (Korean months printed M03 in later tests)
    monkeypatch.setattr(localedata, "_cache", {})
    for text in ("0001", "0001-01", "0001-01-01", "9999", "9999-12", "9999-12-31"):
        PartialDate.parse(text)
        for name in localedata.locale_identifiers():
            assert format_date(text, Locale.parse(name))


@pytest.mark.parametrize("text", ["0000", "0000-06", "2023-02-29", "２０２３", "2023\n"])
def test_partial_date_refuses_what_cannot_be_formatted(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


# 5. Control characters in any string, however written, with the field's position.


@BOTH
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEAD + '  image: "me\\0.png"\n',
         "resume.yaml:3:10: basics.image: control character U+0000 is not allowed in text"),
        (HEAD + 'resumekit: {theme: "compact\\x00"}\n',
         "resume.yaml:3:20: resumekit.theme: control character U+0000 is not allowed in text"),
        (HEAD + '  url: "https://example.com/\\a"\n',
         "resume.yaml:3:8: basics.url: control character U+0007 is not allowed in text"),
        (HEAD + 'resumekit:\n  variants:\n    v: {output: "v\\0.pdf"}\n',
         "resume.yaml:5:17: resumekit.variants.v.output: control character U+0000 is not "
         "allowed in text"),
        (HEAD + '  label: "\\e[31mred"\n',
         "resume.yaml:3:10: basics.label: control character U+001B is not allowed in text"),
        (HEAD + '  "la\\x01bel": x\n',
         "resume.yaml:3:3: basics: control character U+0001 is not allowed in text"),
    ],
)  # fmt: skip
def test_control_characters_are_refused_where_written(tmp_path, command, text, message):
    assert refused(tmp_path, command, text) == message


@BOTH
def test_control_characters_in_json_are_refused(tmp_path, command):
    text = '{"basics": {"name": "Ada", "image": "me\\u0000.png"}}'
    assert (
        refused(tmp_path, command, text, "resume.json")
        == "resume.json:1:37: basics.image: control character U+0000 is not allowed in text"
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("resume.yaml", HEAD.encode() + b"  label: a\x00b\n",
         "resume.yaml:3:11: YAML: unacceptable character U+0000 (special characters are not "
         "allowed)"),
        ("resume.yaml", b"\xef\xbb\xbf" + HEAD.encode() + b"  image: me\x1b.png\n",
         "resume.yaml:3:12: YAML: unacceptable character U+001B (special characters are not "
         "allowed)"),
        ("resume.json", b'{"basics": {"name": "A\x01da"}}',
         "resume.json:1:23: Invalid control character"),
    ],
)  # fmt: skip
def test_control_characters_written_raw_are_refused_where_written(tmp_path, name, text, message):
    assert refused(tmp_path, "validate", text, name) == message


# 6. JSON's escaped surrogate pairs are characters; a lone half is an error.


def test_an_escaped_surrogate_pair_is_the_character(tmp_path):
    (tmp_path / "resume.json").write_text(json.dumps({"basics": {"name": "Ada \U0001f600"}}))
    assert '"Ada \\ud83d\\ude00"' in (tmp_path / "resume.json").read_text()
    assert cli(tmp_path, "validate", "resume.json")[:2] == (0, [])
    assert cli(tmp_path, "render", "resume.json")[:2] == (0, [])
    assert "Ada \U0001f600" in (tmp_path / "out" / "resume.txt").read_text()


@BOTH
@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("resume.json", '{"basics": {"name": "Ada \\ud800"}}',
         "resume.json:1:21: basics.name: \\ud800 is half of a UTF-16 surrogate pair without its "
         "other half; write the character itself"),
        ("resume.json", '{"basics": {"name": "Ada \\ude00\\ud83d"}}',
         "resume.json:1:21: basics.name: \\ude00 is half of a UTF-16 surrogate pair without its "
         "other half; write the character itself"),
        ("resume.yaml", HEAD + '  label: "\\udfff"\n',
         "resume.yaml:3:10: basics.label: \\udfff is half of a UTF-16 surrogate pair without its "
         "other half; write the character itself"),
    ],
)  # fmt: skip
def test_a_lone_surrogate_is_refused_where_written(tmp_path, command, name, text, message):
    assert refused(tmp_path, command, text, name) == message


# 7. Keys are text.


@BOTH
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("null: x\n", "resume.yaml:3:1: keys must be text, got null; put it in quotes"),
        ("1: x\n", "resume.yaml:3:1: keys must be text, got int 1; put it in quotes"),
        ("true: x\n", "resume.yaml:3:1: keys must be text, got bool true; put it in quotes"),
        ("[a]: x\n", "resume.yaml:3:1: keys must be text, got a list"),
        ("? {a: 1}\n: x\n", "resume.yaml:3:3: keys must be text, got a mapping"),
        ("work:\n  - 2.5: x\n", "resume.yaml:4:5: work[0]: keys must be text, got float 2.5; "
         "put it in quotes"),
    ],
)  # fmt: skip
def test_keys_that_are_not_text_are_refused(tmp_path, command, text, message):
    assert refused(tmp_path, command, HEAD + text) == message


def test_an_anchor_on_a_key_is_fine(tmp_path):
    (tmp_path / "resume.yaml").write_text("basics:\n  &k name: Ada\n  label: *k\n")
    assert cli(tmp_path, "validate")[:2] == (0, [])


# 8. Numbers no field can hold, and tags that build other things than text and numbers.


@BOTH
@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("resume.yaml", HEAD + "resumekit: {max_pages: " + "9" * 5000 + "}\n",
         "resume.yaml:3:24: number too long (5,000 characters); put it in quotes if it is text"),
        ("resume.yaml", HEAD + "  label: 0x" + "f" * 5000 + "\n",
         "resume.yaml:3:10: number too long (5,002 characters); put it in quotes if it is text"),
        ("resume.json", '{"basics": {"name": "Ada"}, "resumekit": {"max_pages": '
         + "9" * 5000 + "}}",
         "resume.json:1:56: number too long (5,000 characters); put it in quotes if it is text"),
        ("resume.yaml", HEAD + "  label: 1e400\n",
         "resume.yaml:3:10: 1e400 is not a finite number; put it in quotes if it is text"),
        ("resume.json", '{"basics": {"name": "Ada", "label": -1e400}}',
         "resume.json:1:37: -1e400 is not a finite number; put it in quotes if it is text"),
        ("resume.yaml", HEAD + "resumekit: {max_pages: .nan}\n",
         "resume.yaml:3:24: .nan is not a finite number; put it in quotes if it is text"),
        ("resume.yaml", HEAD + "resumekit: {max_pages: -.inf}\n",
         "resume.yaml:3:24: -.inf is not a finite number; put it in quotes if it is text"),
    ],
)  # fmt: skip
def test_numbers_no_field_can_hold_are_refused(tmp_path, command, name, text, message):
    assert refused(tmp_path, command, text, name) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("  label: !!binary aGVsbG8=\n",
         "resume.yaml:3:10: YAML tag !!binary is not allowed in a resume"),
        ("  profiles: !!set {a, b}\n",
         "resume.yaml:3:13: YAML tag !!set is not allowed in a resume"),
        ("  profiles: !!omap [{a: 1}]\n",
         "resume.yaml:3:13: YAML tag !!omap is not allowed in a resume"),
        ("  label: !!python/object/new:os.system [ls]\n",
         "resume.yaml:3:10: YAML tag !!python/object/new:os.system is not allowed in a resume"),
        ("  label: !custom x\n",
         "resume.yaml:3:10: YAML tag !custom is not allowed in a resume"),
    ],
)  # fmt: skip
def test_tags_other_than_plain_ones_are_refused(tmp_path, text, message):
    assert refused(tmp_path, "validate", HEAD + text) == message


def test_plain_tags_and_an_equals_sign_are_text(tmp_path):
    text = HEAD + "  label: !!str 2023\n  summary: =\n  phone: ! 555\n"
    text += "work: !!seq [{startDate: !!timestamp 2023-01-05}]\n"
    (tmp_path / "resume.yaml").write_text(text)
    assert cli(tmp_path, "validate")[:2] == (0, [])


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("resume.yaml", HEAD + "  !!str labl: x\n",
         "resume.yaml:3:3: basics.labl: unknown field 'labl'; did you mean 'label'?"),
        ("resume.json", '{"basics": {"name": "Ada"}, "resumekit": {"them\\ud83d\\ude00": 1}}',
         "resume.json:1:43: resumekit.them\U0001f600: unknown field 'them\U0001f600'; did you "
         "mean 'theme'?"),
    ],
)  # fmt: skip
def test_keys_written_otherwise_than_they_read_get_their_position(tmp_path, name, text, message):
    assert refused(tmp_path, "validate", text, name) == message


def test_a_file_wrong_everywhere_gets_the_first_hundred_problems_and_a_count(tmp_path):
    (tmp_path / "resume.yaml").write_text(f"{HEAD}work: [{', '.join(['1'] * 5000)}]\n")
    code, errors, stderr, _ = cli(tmp_path, "validate")
    assert code == 1 and len(errors) == 100
    assert errors[0] == (
        "error: resume.yaml:3:8: work[0]: input should be a valid dictionary or instance of "
        "Work, got int 1"
    )
    assert "hint: 5,000 problems found (the first 100 are shown); fix them and run again." in stderr

"""Loading and validating resumes: every kind of error names its exact line and column."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import resumekit
from conftest import DATA, SEED
from resumekit.errors import InvalidResume


def problems(write, text: str, name: str = "resume.yaml") -> list[str]:
    path = write(name, textwrap.dedent(text))
    with pytest.raises(InvalidResume) as info:
        resumekit.load(path)
    return [str(d).replace(str(path), name) for d in info.value.diagnostics]


def test_seed_resume_is_valid_and_complete():
    resume = resumekit.load(SEED)
    assert resume.basics.name == "Senthilkumar Gopal"
    assert [w.position.split(" - ")[-1] for w in resume.work][:2] == [
        "ML Inference",
        "Search Science",
    ]
    assert len(resume.work) == 7
    assert sum(len(w.highlights) for w in resume.work) == 33
    assert resume.work[0].end_date is None  # no endDate means present
    assert len(resume.education) == 3 and len(resume.awards) == 2
    assert len(resume.publications) == 3 and len(resume.patents) == 3


def test_json_resume_sample_validates_as_it_is():
    resume = resumekit.load(DATA / "jsonresume.json")
    assert resume.basics.location.postal_code == "CA 94115"
    assert resume.projects[0].roles == ["Team Lead"]
    assert resume.meta.version == "v1.0.0"


def test_same_data_as_yaml_validates(write):
    import json

    data = json.loads((DATA / "jsonresume.json").read_text())
    from ruamel.yaml import YAML

    path = write("resume.yaml", "")
    with path.open("w") as fh:
        YAML().dump(data, fh)
    assert resumekit.load(path).work[0].highlights == [
        "Started the company",
        "Grew it to 12 people",
    ]


def test_wrong_type_names_line_and_column(write):
    assert problems(
        write,
        """\
        basics:
          name: Ada
          profiles: LinkedIn
        """,
    ) == ['resume.yaml:3:13: basics.profiles: input should be a valid list, got str "LinkedIn"']


def test_missing_required_field(write):
    assert problems(
        write,
        """\
        basics:
          email: ada@example.com
        """,
    ) == ["resume.yaml:1:1: basics.name: required field 'name' is missing"]


def test_unknown_key_suggests_the_right_one(write):
    assert problems(
        write,
        """\
        basics:
          name: Ada
        work:
          - name: Acme
            postion: Engineer
        """,
    ) == ["resume.yaml:5:5: work[0].postion: unknown field 'postion'; did you mean 'position'?"]


def test_unknown_key_inside_tagged_highlight_and_variant(write):
    assert problems(
        write,
        """\
        basics: {name: Ada}
        work:
          - highlights:
              - plain
              - text: tagged
                tagz: [ml]
        resumekit:
          variants:
            ml: {tag: [ml]}
        """,
    ) == [
        "resume.yaml:6:9: work[0].highlights[1].tagz: unknown field 'tagz'; did you mean 'tags'?",
        "resume.yaml:9:10: resumekit.variants.ml.tag: unknown field 'tag'; did you mean 'tags'?",
    ]


@pytest.mark.parametrize("value", ["Oct 2023", "2023-1", "23-10"])
def test_bad_date(write, value):
    assert problems(
        write,
        f"""\
        basics: {{name: Ada}}
        work:
          - startDate: {value}
        """,
    ) == [
        f"resume.yaml:3:16: work[0].startDate: expected a date like 2023-10 "
        f'(or 2023, or 2023-10-05), got "{value}"'
    ]


def test_partial_dates_and_present_are_accepted(write):
    path = write(
        "resume.yaml",
        textwrap.dedent("""\
        basics: {name: Ada}
        work:
          - {startDate: 2019, endDate: 2021-03}
          - {startDate: 2021-03-05, endDate: present}
        """),
    )
    work = resumekit.load(path).work
    assert (work[0].start_date, work[0].end_date) == ("2019", "2021-03")
    assert (work[1].start_date, work[1].end_date) == ("2021-03-05", None)


def test_end_before_start_points_at_end_date(write):
    assert problems(
        write,
        """\
        basics: {name: Ada}
        education:
          - institution: MIT
            startDate: 2021-03
            endDate: 2020
        """,
    ) == ["resume.yaml:5:14: education[0].endDate: endDate 2020 is before startDate 2021-03"]


def test_same_year_end_with_less_precision_is_fine(write):
    path = write(
        "resume.yaml", "basics: {name: Ada}\nwork: [{startDate: 2021-03, endDate: 2021}]\n"
    )
    assert resumekit.load(path).work[0].end_date == "2021"


def test_yaml_syntax_error(write):
    assert problems(
        write,
        """\
        basics:
          name: Ada
          label: [unclosed
        work: []
        """,
    ) == ["resume.yaml:4:5: YAML: expected ',' or ']', but got ':' (while parsing a flow sequence)"]


def test_all_errors_at_once_in_file_order(write):
    found = problems(
        write,
        """\
        basics:
          name: Ada
          emial: ada@example.com
        work:
          - startDate: soon
        skills:
          - keywords: [x]
        """,
    )
    assert [line.split(": ", 1)[0] for line in found] == [
        "resume.yaml:3:3",
        "resume.yaml:5:16",
        "resume.yaml:7:5",
    ]
    assert "did you mean 'email'" in found[0]
    assert "skills[0].name: required field 'name' is missing" in found[2]


def test_json_input_positions(write):
    """A JSON Resume document: a value resumekit cannot read is a note at its place (it is
    set aside for export, issue 17); a misspelt field is an error there."""
    path = write(
        "resume.json", '{\n  "basics": {"name": "Ada"},\n  "work": [{"startDate": "May 2020"}]\n}\n'
    )
    assert [str(note).replace(str(path), "resume.json") for note in resumekit.load(path).notes] == [
        "resume.json:3:26: work[0].startDate: expected a date like 2023-10 "
        '(or 2023, or 2023-10-05), got "May 2020"; kept for JSON Resume export only'
    ]
    assert problems(
        write, '{\n  "basics": {"name": "Ada", "emial": "a@b.c"}\n}\n', name="resume.json"
    ) == ["resume.json:2:29: basics.emial: unknown field 'emial'; did you mean 'email'?"]


def test_json_syntax_error(write):
    assert problems(write, '{\n  "basics": {"name": "Ada",}\n}\n', name="resume.json") == [
        "resume.json:2:28: Expecting property name enclosed in double quotes"
    ]


def test_bad_section_title_key_suggests(write):
    found = problems(write, "basics: {name: Ada}\nresumekit:\n  section_titles: {wrok: Jobs}\n")
    assert found[0].startswith(
        "resume.yaml:3:20: resumekit.section_titles.wrok: 'wrok' is not one of"
    )
    assert found[0].endswith("did you mean 'work'?")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "file is empty; expected a mapping with basics"),
        ("- a\n- b\n", "expected a mapping (basics:, work:, ...), got a list"),
        ("just text\n", "expected a mapping (basics:, work:, ...), got a single value (str)"),
    ],
)
def test_document_that_is_not_a_mapping(write, text, message):
    assert message in problems(write, text)[0]


@pytest.mark.parametrize("after", ["  # none yet", "", "  # none yet\n\n  # more"])
def test_an_empty_value_is_placed_at_its_key(write, after):
    """An empty (null) value has no text: its problem is on its key's line, not on the next
    key's, whether a comment or blank lines follow it or not."""
    found = problems(write, f"basics:\n  name: Ada\n  profiles:{after}\n\nwork: []\n")
    assert found == ["resume.yaml:3:3: basics.profiles: input should be a valid list, got "
                     "nothing (null)"]  # fmt: skip


def test_an_empty_value_on_the_last_line_is_placed_at_its_key(write):
    """Not on a line past the end of the file."""
    found = problems(write, "basics:\n  name: Ada\nwork:\n")
    assert found == ["resume.yaml:3:1: work: input should be a valid list, got nothing (null)"]


def test_a_comment_after_an_empty_key_before_indented_text_is_read():
    """ruamel's round-trip scanner raised NotImplementedError ("overlap in comment") here."""
    from resumekit.parse import parse

    data, _ = parse(Path("resume.yaml"), b"basics:\n  name: A\nawards:\n  - title: #c\n"
                    b"      Winner of awards\n\n  - title: B\n")  # fmt: skip
    assert [award["title"] for award in data["awards"]] == ["Winner of awards", "B"]

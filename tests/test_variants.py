"""One source, many resumes: tag selection, named variants, fit to pages."""

from __future__ import annotations

import textwrap

import pypdf
import pytest

import resumekit
from conftest import SEED, copy_seed
from resumekit.cli import app
from resumekit.errors import RenderError, ResumekitError
from resumekit.schema import highlight_text
from resumekit.variants import Selection, select

TAGGED = """\
    basics: {name: Ada}
    work:
      - name: Infer Co
        tags: [ml]
        highlights:
          - Shipped a compiler
          - {text: Tuned CUDA kernels, tags: [gpu]}
          - {text: Ran the Kafka cluster, tags: [data]}
      - name: Shop Co
        tags: [ecommerce]
        highlights: [Built search]
      - name: Untagged Co
    sections:
      - title: Talks
        tags: [ml]
        entries:
          - {title: Fast inference}
          - {title: Data lakes, tags: [data]}
    """


@pytest.fixture
def tagged(write):
    return resumekit.load(write("resume.yaml", textwrap.dedent(TAGGED)))


def names(resume):
    return [w.name for w in resume.work]


def highlight_texts(entry):
    return [highlight_text(h) for h in entry.highlights]


def test_no_selection_keeps_everything(tagged):
    assert select(tagged, Selection()) is tagged


def test_tags_keep_untagged_items_and_matching_ones(tagged):
    chosen = select(tagged, Selection.of(tags=["ml"]))
    assert names(chosen) == ["Infer Co", "Untagged Co"]
    # a tagged highlight stays only if one of its own tags is wanted
    assert highlight_texts(chosen.work[0]) == ["Shipped a compiler"]
    assert [e.title for e in chosen.sections[0].entries] == ["Fast inference"]


def test_any_of_several_tags(tagged):
    chosen = select(tagged, Selection.of(tags=["ml", "gpu", "ecommerce"]))
    assert names(chosen) == ["Infer Co", "Shop Co", "Untagged Co"]
    assert highlight_texts(chosen.work[0]) == ["Shipped a compiler", "Tuned CUDA kernels"]


def test_exclude_tags_drop_entries_and_single_highlights(tagged):
    chosen = select(tagged, Selection.of(exclude=["data", "ecommerce"]))
    assert names(chosen) == ["Infer Co", "Untagged Co"]
    assert highlight_texts(chosen.work[0]) == ["Shipped a compiler", "Tuned CUDA kernels"]
    assert [e.title for e in chosen.sections[0].entries] == ["Fast inference"]


def test_selection_does_not_touch_the_original(tagged):
    select(tagged, Selection.of(tags=["ecommerce"]))
    assert len(tagged.work) == 3 and len(tagged.work[0].highlights) == 3


def test_cli_tags_change_the_pdf(runner, tmp_path):
    result = runner.invoke(
        app, ["render", str(SEED), "-f", "pdf", "--tags", "ml", "--exclude-tags", "data",
              "-o", str(tmp_path / "ml.pdf")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "ml.pdf").pages)
    assert "Leading Neuron Science team" in text  # untagged: always in
    assert "Visual Shopping" in text  # tagged ml
    assert "Principal Identity Architect" not in text  # tagged identity only
    assert "3B+ events per day" not in text  # a single highlight tagged data


def test_a_tag_nothing_carries_is_a_warning(runner, tmp_path):
    result = runner.invoke(
        app, ["render", str(SEED), "-f", "txt", "--tags", "ml,nosuchtag", "--exclude-tags",
              "dat", "-o", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "warning: no entry or highlight is tagged 'nosuchtag', 'dat'; tags in the resume: data, "
        "ecommerce, engineering, identity, ml, search"
    ]
    assert (tmp_path / "resume.txt").is_file()


def test_named_variant_uses_its_settings(tmp_path):
    result = resumekit.render(resumekit.load(SEED), variant="search-ecommerce", output=tmp_path)
    assert result.theme.name == "classic"
    assert result.outputs["pdf"].name == "gopal-search-ecommerce.pdf"
    assert result.pages == 2  # max_pages: 2 shrank classic's three pages
    text = " ".join(
        " ".join(p.extract_text().split()) for p in pypdf.PdfReader(result.outputs["pdf"]).pages
    )
    assert "Principal Identity Architect" in text and "3B+ events per day" in text
    assert "Mphasis" not in text  # tagged engineering only


def test_unknown_variant_lists_the_known_ones():
    with pytest.raises(ResumekitError) as info:
        resumekit.render(resumekit.load(SEED), variant="nope", formats=["html"])
    assert info.value.message == "unknown variant 'nope'"
    assert info.value.hint == "variants: ml-inference, search-ecommerce"


def test_all_variants_writes_every_output(runner, tmp_path):
    result = runner.invoke(app, ["render", str(SEED), "--all-variants", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "gopal-ml-inference.html",
        "gopal-ml-inference.pdf",
        "gopal-search-ecommerce.html",
        "gopal-search-ecommerce.pdf",
    ]
    assert "wrote " + str(tmp_path / "gopal-ml-inference.pdf") + " (2 pages)" in result.stdout


def test_all_variants_errors_cross_the_process_pool(runner, tmp_path):
    copy_seed(tmp_path)
    path = tmp_path / "resume.yaml"
    path.write_text(
        path.read_text().replace(
            "      max_pages: 2\n      output: gopal-ml",
            "      max_pages: 1\n      output: gopal-ml",
        )
    )
    result = runner.invoke(app, ["render", str(path), "--all-variants", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "error: the resume does not fit in 1 page" in result.stderr
    assert "hint: leave items out with --tags/--exclude-tags" in result.stderr


@pytest.mark.parametrize("theme", ["compact", "classic", "modern"])
def test_fit_a_two_page_resume_to_one(theme, write, tmp_path):
    jobs = "\n".join(
        f"  - name: Company {i}\n    position: Engineer\n    startDate: 20{10 + i}\n"
        "    highlights:\n"
        + "".join(f"      - Did a thing worth a line, number {j} of them\n" for j in range(5))
        for i in range(8)
    )
    resume = resumekit.load(write("long.yaml", f"basics: {{name: Ada}}\nwork:\n{jobs}"))
    loose = resumekit.render(resume, theme=theme, formats=["pdf"], output=tmp_path / "a.pdf",
                             options={"font_size": 12, "density": 1.5})  # fmt: skip
    assert loose.pages == 2
    fitted = resumekit.render(resume, theme=theme, formats=["pdf"], output=tmp_path / "b.pdf",
                              options={"font_size": 12, "density": 1.5}, max_pages=1)  # fmt: skip
    assert len(pypdf.PdfReader(fitted.outputs["pdf"]).pages) == 1
    # it tightened only as far as needed: not all the way to the theme's minimums
    assert (fitted.options["density"], fitted.options["font_size"]) != (0.5, 8.0)
    assert fitted.options["density"] < 1.5


def test_a_resume_that_cannot_fit_fails_clearly(tmp_path):
    with pytest.raises(RenderError) as info:
        resumekit.render(resumekit.load(SEED), formats=["pdf"], output=tmp_path, max_pages=1)
    assert info.value.message == (
        "the resume does not fit in 1 page: at the tightest setting (density 0.5, font_size 8) "
        "it still takes 2, 1 over"
    )
    assert not any(tmp_path.iterdir())


def test_all_variants_needs_a_folder(runner, tmp_path):
    result = runner.invoke(
        app, ["render", str(SEED), "--all-variants", "-o", str(tmp_path / "cv.pdf")]
    )
    assert result.exit_code == 2
    assert "--all-variants writes one file per variant" in result.stderr
    assert not any(tmp_path.iterdir())

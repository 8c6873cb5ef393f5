"""Variants rendered by forked workers print the same bytes as one process does, CJK faces
included: each worker loads the faces cut to its own text into a font folder of its own."""

from __future__ import annotations

import resumekit
from resumekit.api import render_variants
from resumekit.pdf import font_configuration

RESUME = """\
resumekit:
  locale: zh
  variants:  # a and a2 print the same characters: the same faces, in two workers at once
    a: {tags: [a], output: cv-a}
    a2: {tags: [a], output: cv-a2, theme: classic}
    b: {tags: [b], output: cv-b}
basics: {name: 王小明, summary: 拥有十年分布式系统经验}
work:
  - name: 北京示例科技有限公司
    position: 技术负责人
    startDate: 2019-07
    highlights:
      - {text: 负责搜索平台的架构设计与性能优化, tags: [a]}
      - {text: 带领团队交付高可用的在线服务并持续改进工程流程, tags: [b]}
"""


def test_workers_print_what_one_process_prints(tmp_path):
    source = tmp_path / "resume.yaml"
    source.write_text(RESUME, encoding="utf-8")
    resume = resumekit.load(source)
    forked = render_variants(resume, ["pdf"], output=tmp_path / "pool", workers=3)
    alone = render_variants(resume, ["pdf"], output=tmp_path / "one", workers=1)
    for one, pool in zip(alone, forked, strict=True):
        assert one.outputs["pdf"].read_bytes() == pool.outputs["pdf"].read_bytes()


def test_weasyprint_still_keeps_its_font_folder_where_resumekit_sets_it():
    """pdf.own_font_folder sets FontConfiguration._folder: this fails if WeasyPrint moves it."""
    import inspect

    from weasyprint.text.fonts import FontConfiguration

    assert hasattr(font_configuration(), "_folder")
    assert "self._folder / config_digest" in inspect.getsource(FontConfiguration.add_font_face)


def test_a_render_leaves_no_font_folder_behind(tmp_path):
    """WeasyPrint writes each @font-face to a temporary folder; the process removes its own
    (and each variant worker its own) when it ends."""
    import os
    import subprocess
    import sys

    source = tmp_path / "resume.yaml"
    source.write_text(RESUME, encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    for args in (["-f", "pdf"], ["--all-variants", "-f", "pdf"]):
        done = subprocess.run([sys.executable, "-m", "resumekit", "render", str(source), *args,
                               "-o", str(tmp_path / "out")], env=env, capture_output=True,
                              text=True, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert list(temp.glob("weasyprint-*")) == []

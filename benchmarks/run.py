"""resumekit benchmarks: every target of the performance issue, measured side by side.

Run with `make bench`. Whole processes are timed as wall clock with their peak memory from
os.wait4 (the same numbers `/usr/bin/time -v` prints: the largest single process); the
memory targets sum every process a command starts (``peak_pss``); in-process timings use
perf_counter.
Each figure is the median of several runs after a warm-up. Targets are ratios measured in
the same run, so a busy machine slows both sides alike.
"""

from __future__ import annotations

import compileall
import itertools
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "resume.yaml"
BIN = Path(sys.executable).parent
RUNS = int(os.environ.get("BENCH_RUNS", "7"))


@dataclass
class Row:
    name: str
    measured: str
    target: str
    ok: bool | None  # None: reported, no target
    note: str = ""  # said under the table


def _env() -> dict[str, str]:
    """The children's environment: Python may cache bytecode (a user's install has it)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_process(
    args: list[str], cwd: Path, expect: int = 0, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one child process."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty child never blocks
        started = time.perf_counter()
        try:
            child = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors,
                                     env=env or _env())  # fmt: skip
        except OSError as exc:
            raise SystemExit(f"benchmark command cannot start: {args[0]}: {exc}") from None
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != expect:
            errors.seek(0)
            said = errors.read().decode(errors="replace").strip()[-2000:]
            raise SystemExit(f"benchmark command failed: {' '.join(args)}\n{said}")
    return elapsed, usage.ru_maxrss / 1024


def peak_pss(command: Command, runs: int = 3) -> float:
    """Peak MiB of a command and every process it starts, together: the largest sum of their
    proportional set sizes (a page two processes share counts half in each), sampled every
    few milliseconds. The most of ``runs``."""
    peaks = []
    for _ in range(runs):
        child = subprocess.Popen(command.args, cwd=command.cwd, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, env=command.env or _env())  # fmt: skip
        peak = 0
        while child.poll() is None:
            peak = max(peak, sum(_pss(pid) for pid in _tree(child.pid)))
            time.sleep(0.002)
        peaks.append(peak / 1024)
    return max(peaks)


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, from /proc (Linux)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [pid, *(p for child in children for p in _tree(int(child)))]


def _pss(pid: int) -> int:
    """Proportional set size of a process in KiB; 0 once it is gone."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in rollup.splitlines()
                 if line.startswith("Pss:")), 0)  # fmt: skip


def median_process(
    args: list[str], cwd: Path, runs: int = RUNS, expect: int = 0
) -> tuple[float, float]:
    run_process(args, cwd, expect)  # warm-up: the OS file cache, .pyc files
    samples = [run_process(args, cwd, expect) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


@dataclass
class Command:
    args: list[str]
    cwd: Path
    env: dict[str, str] | None = None


def alternating(commands: dict[str, Command], runs: int = RUNS) -> dict[str, tuple[float, float]]:
    """Median wall seconds and peak MiB of each command, run in turn round after round (a
    warm-up round first), so a machine that slows down slows all of them alike."""
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, command in commands.items():
            sample = run_process(command.args, command.cwd, env=command.env)
            if round_:
                samples[name].append(sample)
    return {name: (statistics.median(s[0] for s in got), max(s[1] for s in got))
            for name, got in samples.items()}  # fmt: skip


def median_call(call: Callable[[], object], runs: int = RUNS) -> float:
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def print_html(folder: Path) -> Path:
    """The HTML resumekit hands to WeasyPrint for the seed resume, saved for the floor."""
    import resumekit
    from resumekit import fonts, html, themes, view

    resume = resumekit.load(folder / "resume.yaml")
    theme = themes.find("compact", folder)
    values = theme.resolve_options()
    css = html.stylesheet(theme, values, fonts.font_face_css(values["font"]))
    page = folder / "print.html"
    page.write_text(html.render_html(theme, view.build(resume), values, css), encoding="utf-8")
    return page


FLOOR = (
    "import sys, weasyprint\n"
    "weasyprint.HTML(filename=sys.argv[1]).write_pdf("
    "sys.argv[2], pdf_tags=True, pdf_variant='pdf/ua-1')\n"
)

#: RenderCV 2.3 and the seed in its format (see ../shared/bench/README.md). Its classic theme
#: imports a Typst package that Typst would download; the bench gives it a cache of its own.
SHARED_BENCH = ROOT.parent / "shared" / "bench"
RENDERCV_SEED = Path(os.environ.get("RENDERCV_SEED", SHARED_BENCH / "rendercv-seed.yaml"))
TYPST_PACKAGES = RENDERCV_SEED.parent / "typst-packages"


def rendercv(folder: Path) -> tuple[str, dict[str, Command]]:
    """RenderCV's PDF-only and all-outputs commands, or none and why where it is missing."""
    named = os.environ.get("RENDERCV")
    found = shutil.which(named or "rendercv")
    if not found:
        if named:
            return f"RENDERCV={named} is not a program", {}
        return "RenderCV not found: install it, set RENDERCV (see benchmarks/README.md)", {}
    if not RENDERCV_SEED.is_file() or not TYPST_PACKAGES.is_dir():
        return f"no RenderCV seed at {RENDERCV_SEED}: set RENDERCV_SEED", {}
    where = folder / "rendercv"
    shutil.copytree(TYPST_PACKAGES, where / "cache" / "typst" / "packages")
    shutil.copy(RENDERCV_SEED, where / "resume.yaml")
    env = {**_env(), "XDG_CACHE_HOME": str(where / "cache")}
    render = [found, "render", "resume.yaml"]
    return "", {
        "rendercv pdf": Command([*render, "-nomd", "-nohtml", "-nopng"], where, env),
        "rendercv all": Command(render, where, env),
    }


def ratio(name: str, a: float, b: float, target: float, unit: str = "s") -> Row:
    """A target of the form a/b <= target; a and b are seconds, shown in ``unit`` (s or ms)."""
    shown = f"{a:.3f}s / {b:.3f}s" if unit == "s" else f"{a * 1000:.0f} ms / {b * 1000:.0f} ms"
    return Row(name, f"{shown} = {a / b:.3f}x", f"<= {target}x", a / b <= target)


def cold(folder: Path) -> list[Row]:
    resumekit = str(BIN / "resumekit")
    page = print_html(folder)
    why, theirs = rendercv(folder)
    got = alternating({
        "pdf": Command([resumekit, "render", "--format", "pdf"], folder),
        "floor": Command([sys.executable, "-c", FLOOR, str(page), "f.pdf"], folder),
        "validate": Command([resumekit, "validate", "resume.yaml"], folder),
        "all": Command([resumekit, "render", "--format", "pdf,html,txt,md,png"], folder),
        **theirs,
    })  # fmt: skip
    pdf, floor, validate, every = (got[k][0] for k in ("pdf", "floor", "validate", "all"))
    rows = [
        ratio("cold render (pdf) / WeasyPrint floor", pdf, floor, 1.0),
        ratio("validate / cold render (pdf)", validate, pdf, 0.35),
    ]
    ours = peak_pss(Command([resumekit, "render", "--format", "pdf"], folder))
    if not theirs:
        skipped = Row("vs RenderCV", "skipped", "", None, note=why)
        return [*rows, skipped, Row("peak memory (PSS, all processes), cold render",
                                    f"{ours:.0f} MiB", "(context)", None)]  # fmt: skip
    their = peak_pss(theirs["rendercv pdf"])
    return [
        *rows,
        ratio("cold render (pdf) / RenderCV (pdf)", pdf, got["rendercv pdf"][0], 0.99),
        ratio("all outputs / RenderCV all outputs", every, got["rendercv all"][0], 0.99),
        Row("peak memory (PSS, all processes), cold pdf / RenderCV", f"{ours:.0f} / "
            f"{their:.0f} MiB", "lower", ours < their),
        Row("peak RSS of one process, cold pdf / RenderCV", f"{got['pdf'][1]:.0f} / "
            f"{got['rendercv pdf'][1]:.0f} MiB", "(context)", None),
    ]  # fmt: skip


#: The last commit before the performance issue's work: its save in `watch` is "before".
BEFORE = "8bcca6a"
#: Letters the seed does not have, each drawn by the packaged fonts: one more on each save.
NEW_LETTERS = "ĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľŁłŃńŅņŇňŌōŎŏ"
#: One process saving the resume (argv[2]) in a folder of argv[1] again and again, as
#: `watch` renders each save (PDF and HTML); it prints the milliseconds of each plain save
#: after two, then, with argv[3], of each save adding a letter the document never had.
SAVES = """
import json, sys, tempfile, time
from pathlib import Path
try:
    from resumekit.command import setup  # as `resumekit watch` sets the process up
except ImportError:  # BEFORE had none
    pass
else:
    setup()
from resumekit.watch import render_once
try:
    from resumekit.preview import Preview
except ImportError:  # before preview.py was split from watch.py
    from resumekit.watch import Preview
folder = Path(tempfile.mkdtemp(dir=sys.argv[1]))
resume, original, preview = folder / "resume.yaml", Path(sys.argv[2]).read_text(), Preview()
def save(text):
    resume.write_text(original.replace("Machine learning researcher,", text))
    started = time.perf_counter()
    render_once(resume, preview, lambda lines: None, output=folder / "warm")
    return (time.perf_counter() - started) * 1000
for n in range(2):
    save(f"ML researcher {n},")
plain = [save(f"ML researcher {n},") for n in range(2, 7)]
new = [save("ML researcher " + sys.argv[3][:n] + ",") for n in range(1, 6)] if sys.argv[3:] else []
print(json.dumps([plain, new]))
"""


def _before(folder: Path) -> tuple[Path | None, str]:
    """The source and themes of BEFORE, for its saves; None (and why) without git history."""
    target = folder / "before"
    try:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", BEFORE, "src", "themes"],
                                 capture_output=True, check=True).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None, f"commit {BEFORE} is not in this clone's history (a shallow clone?)"
    target.mkdir()
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target / "src", ""


def _saves(src: Path, folder: Path, resume: Path, letters: str = "") -> list[list[float]]:
    import json

    env = {**_env(), "PYTHONPATH": str(src)}
    args = [sys.executable, "-c", SAVES, str(folder), str(resume), *([letters] if letters else [])]
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        raise SystemExit(f"benchmark saves failed ({src}):\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def warm(folder: Path) -> list[Row]:
    """A save in `watch`, now and at BEFORE, in processes that take turns, on the seed as it
    was at BEFORE (the same text for both); and a save adding new letters, now."""
    before, why = _before(folder)
    resume = folder / "before-resume.yaml"
    if before is None:
        resume.write_text(SEED.read_text())
    else:
        show = ["git", "-C", str(ROOT), "show", f"{BEFORE}:resume.yaml"]
        resume.write_text(subprocess.run(show, capture_output=True, text=True, check=True).stdout)
    assert not set(NEW_LETTERS) & set(resume.read_text())
    now: list[float] = []
    then: list[float] = []
    new: list[float] = []
    for round_ in range(RUNS):  # short turns, each side first in every other: a machine
        turns = ["now", "then"] if round_ % 2 else ["then", "now"]  # that slows slows both
        for turn in turns if before is not None else ["now"]:
            if turn == "now":
                plain, added = _saves(ROOT / "src", folder, resume, NEW_LETTERS)
                now += plain
                new += added
            else:
                then += _saves(before, folder, resume)[0]  # type: ignore[arg-type]
    plain_ms, new_ms = statistics.median(now), statistics.median(new)
    rows = [ratio("save adding new letters / plain save", new_ms / 1000, plain_ms / 1000, 1.3,
                  unit="ms")]  # fmt: skip
    if before is None:
        return [Row("save in watch (pdf+html)", f"{plain_ms:.0f} ms", "<= 0.8x before", None,
                    note=why), *rows]  # fmt: skip
    then_ms = statistics.median(then)
    return [ratio(f"save in watch (pdf+html) / at {BEFORE}", plain_ms / 1000, then_ms / 1000,
                  0.8, unit="ms"), *rows]  # fmt: skip


VARIANTS = """
  variants:
    v1: {tags: [ml]}
    v2: {tags: [search], theme: classic}
    v3: {tags: [identity], theme: modern}
    v4: {exclude_tags: [data]}
"""


def variants(folder: Path) -> list[Row]:
    resume = folder / "variants.yaml"
    head, _, _ = SEED.read_text().partition("  variants:\n")
    resume.write_text(head + VARIANTS)
    # One process: the shared set-up (imports, fonts, templates) is done once, untimed; then
    # the four variants one by one, and the same four through the pool of 2 workers.
    code = (
        "import sys, time, resumekit\n"
        "from resumekit import api\n"
        "r = resumekit.load(sys.argv[1]); names = list(r.resumekit.variants)\n"
        "api._warm_up(r, [api.make_plan(r, variant=n) for n in names])\n"
        "t = time.perf_counter()\n"
        "for n in names: api.render(r, variant=n, formats=['pdf'], output=sys.argv[2])\n"
        "one = time.perf_counter() - t\n"
        "t = time.perf_counter()\n"
        "api.render_variants(r, formats=['pdf'], output=sys.argv[2], workers=2)\n"
        "print(one, time.perf_counter() - t)\n"
    )
    samples = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code, str(resume), str(folder / "v")],
                             capture_output=True, text=True, check=True)  # fmt: skip
        samples.append(tuple(map(float, out.stdout.split())))
    one = statistics.median(s[0] for s in samples)
    pool = statistics.median(s[1] for s in samples)
    resumekit = str(BIN / "resumekit")
    one_variant = [resumekit, "render", "variants.yaml", "-f", "pdf", "--variant"]
    cli_seq = sum(
        median_process([*one_variant, v], folder, runs=1)[0] for v in ("v1", "v2", "v3", "v4")
    )
    cli_all, _ = median_process([resumekit, "render", "variants.yaml", "-f", "pdf",
                                 "--all-variants"], folder, runs=3)  # fmt: skip
    return [
        Row("4 variants: one by one vs 2-worker pool", f"{one:.2f}s / {pool:.2f}s = "
            f"{one / pool:.2f}x", ">= 1.6x", one / pool >= 1.6),
        Row("  whole CLI: 4 runs vs one --all-variants", f"{cli_seq:.2f}s / {cli_all:.2f}s = "
            f"{cli_seq / cli_all:.2f}x", "(context)", None),
    ]  # fmt: skip


def scaling(folder: Path) -> list[Row]:
    import resumekit
    from resumekit.api import render

    results = []
    for jobs in (6, 12, 24, 48):  # content doubles each step: about 1, 2, 4 and 8 pages
        entries = [
            f"  - {{name: Company {i}, position: Engineer, startDate: 2010, endDate: 2012, "
            "highlights: [" + ", ".join(f"'Built and shipped system {j} used by people every day'"
                                        for j in range(5)) + "]}"
            for i in range(jobs)
        ]  # fmt: skip
        path = folder / f"scale{jobs}.yaml"
        path.write_text(
            "basics: {name: Ada Example, label: Engineer}\nwork:\n" + "\n".join(entries)
        )
        resume = resumekit.load(path)
        pages = render(resume, formats=["pdf"], output=folder / "scale").pages
        took = median_call(lambda r=resume: render(r, formats=["pdf"], output=folder / "scale"), 3)
        results.append((jobs, pages, took))
    detail = ", ".join(f"{p}p {t * 1000:.0f} ms" for _, p, t in results)
    # no worse than linear: doubling the content at most doubles the time (10% for noise)
    worst = max(b[2] / a[2] / (b[0] / a[0]) for a, b in itertools.pairwise(results))
    return [Row("scaling: doubling content", detail, "<= 2x time each", worst <= 1.10)]


WORST_MARKDOWN = {  # the slowest fields found within markup's limits (see test_hardening_markup)
    "unclosed links": "<[](_[" * 33 + "a" * 9_800,
    "open brackets": "[" * 200 + "a" * 9_800,
    "backslashes": "\\" * 10_000,
}


def bounds(folder: Path) -> list[Row]:
    """What a hostile resume may cost before it is refused or while it is allowed."""
    from resumekit import markup

    def parse(text: str) -> None:
        markup._parse.cache_clear()
        markup.to_html(text)

    worst = max(median_call(lambda t=text: parse(t), 3) for text in WORST_MARKDOWN.values())
    flow = folder / "flow.yaml"
    flow.write_text("basics: {name: Ada}\nwork: [" + ",".join(["1"] * 2_500_000) + "]\n")
    command = [str(BIN / "resumekit"), "validate", str(flow)]
    refused, peak = median_process(command, folder, 3, expect=1)
    return [
        Row("bounds: worst inline Markdown field", f"{worst * 1000:.0f} ms", "<= 500 ms",
            worst <= 0.5),
        Row("bounds: 5 MB YAML flow list refused", f"{refused:.2f}s, {peak:.0f} MiB",
            "<= 5 s, <= 300 MiB", refused <= 5 and peak <= 300),
    ]  # fmt: skip


SECTIONS = {"cold": cold, "warm": warm, "variants": variants, "scaling": scaling, "bounds": bounds}


def main() -> None:
    """`run.py` measures every section; `run.py cold warm` only those."""
    wanted = sys.argv[1:] or list(SECTIONS)
    if {"-h", "--help"} & set(wanted):
        raise SystemExit(f"usage: run.py [SECTION ...]; sections: {', '.join(SECTIONS)}")
    unknown = [name for name in wanted if name not in SECTIONS]
    if unknown:
        raise SystemExit(f"unknown section {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    import resumekit

    # As pip does for an installed package: the commands timed read bytecode, not source.
    compileall.compile_dir(Path(resumekit.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(SEED, folder / "resume.yaml")
        shutil.copy(ROOT / "about.md", folder / "about.md")  # the about page it names
        rows = [row for name in wanted for row in SECTIONS[name](folder)]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"resumekit benchmarks ({machine}; medians of {RUNS} runs after a warm-up, "
          f"{5 * RUNS} for a save, 3 for variants and scaling)\n")  # fmt: skip
    width = max(len(r.name) for r in rows)
    for row in rows:
        verdict = "" if row.ok is None else ("PASS" if row.ok else "MISS")
        print(f"{row.name:<{width}}  {row.measured:<44} {row.target:<20} {verdict}")
    for row in rows:
        if row.note:
            print(f"\n{row.name}: {row.note}")


if __name__ == "__main__":
    main()

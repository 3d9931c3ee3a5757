"""`make bench`: the figures of issue 16 ("Fast to rebuild, light to read"), measured in one
run on this machine, each as a ratio or against its target.

Every build is timed in a temporary copy of the book (its tracked files; the environment,
`.venv`, `node_modules` and `book/_vendor`, shared by links), so that the book's own
`_build/` is left as it is. What is measured:

- the bare-book floor: a skeleton book with as many notebooks as the table of contents,
  each importing pandas and matplotlib and drawing one plot, built clean with the same
  command (`python -m crimepolicy build`); then the book itself, built clean;
- rebuilds: after editing one markdown cell; after changing one data table (which
  notebooks execute, against those that read it); after the PDF edition exists;
- `make test` in a fresh copy: its time, how often it executes each notebook (the build's
  execution log and nbval's notebooks), and the page weights its browser test records;
- `import crimepolicy`;
- the text helpers at 1x, 10x, 100x and 1000x the corpus's size, at 5, 50 and 500
  documents of the same total size, and the text cache (cold, several cores, warm, one
  document added).

It writes benchmarks/report.json and benchmarks/report.md (the table the README shows).
Timings are medians of `--repeat` runs (default 3). The machine is shared: the load
average at the start and the end is in the report, because other work inflates times.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks"
SCRATCH = ROOT / "_build" / "bench"  # the log, screenshots and browser report of `make test`
SHARED = (".venv", "node_modules", "book/_vendor")  # linked into copies, never copied
EXECUTED = re.compile(r"crimepolicy: executed (\S+\.ipynb)")
NBVAL_FILE = re.compile(r"^(notebooks/\S+\.ipynb) ", re.MULTILINE)
TARGETS = {
    "clean_build_ratio": 1.3,
    "markdown_rebuild_seconds": 3.0,
    "executions_per_make_test": 2,
    "make_test_seconds": 60.0,
    "import_seconds": 0.3,
    "page_without_figures_bytes": 600_000,
    "page_with_figures_bytes": 1_000_000,
    "keyness_500_vs_5_documents": 2.0,
}


# --- helpers ----------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"bench: {message}", flush=True)


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, str, int]:
    """(seconds, stdout+stderr, return code) of a command."""
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    return time.perf_counter() - started, result.stdout + result.stderr, result.returncode


def median(values) -> float:
    return round(statistics.median(values), 3)


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def copy_book(target: Path) -> Path:
    """A fresh copy of the book's tracked files (as they are in the work tree), with the
    shared environment linked in."""
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    for name in SHARED:
        if (ROOT / name).exists():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).symlink_to(ROOT / name)
    return target


def build(copy: Path, *args: str) -> dict:
    """Run `python -m crimepolicy build` in a copy: seconds, notebooks executed, success."""
    env = dict(os.environ, CRIMEPOLICY_ROOT=str(copy), PYTHONPATH=str(copy))
    seconds, output, code = timed(
        [sys.executable, "-m", "crimepolicy", "build", "--root", str(copy), *args], copy, env
    )
    if code != 0:
        log(f"build failed in {copy}:\n{output[-3000:]}")
    return {"seconds": round(seconds, 3), "executed": EXECUTED.findall(output), "ok": code == 0}


def clean_builds(copy: Path, repeat: int) -> list[dict]:
    runs = []
    for _ in range(repeat):
        shutil.rmtree(copy / "_build", ignore_errors=True)
        runs.append(build(copy))
    return runs


def toc_notebooks(copy: Path) -> list[Path]:
    from crimepolicy import build as book_build

    return book_build.toc_notebooks(copy)


def edit_markdown(notebook: Path, word: str) -> None:
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown")
    cell.source += f"\n\nBenchmark edit {word}."
    nbformat.write(nb, notebook)


# --- the builds -------------------------------------------------------------------------

SKELETON_CELL = """\
import matplotlib.pyplot as plt
import pandas as pd

frame = pd.DataFrame({"x": range(10), "y": [v * v for v in range(10)]})
fig, ax = plt.subplots()
ax.plot(frame["x"], frame["y"])
ax.set_title("One plot")
plt.show()"""


def skeleton(target: Path, notebooks: int) -> Path:
    """The bare-book floor: the book's configuration, inputs and extensions, an intro page,
    and `notebooks` notebooks that each import pandas and matplotlib and draw one plot."""
    import nbformat

    copy_book(target)
    for folder in ("notebooks",):
        shutil.rmtree(target / folder)
    (target / "notebooks").mkdir()
    chapters = []
    for number in range(1, notebooks + 1):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        nb.cells = [
            nbformat.v4.new_markdown_cell(f"# Skeleton chapter {number}\n\nOne plot."),
            nbformat.v4.new_code_cell(SKELETON_CELL),
        ]
        nbformat.write(nb, target / "notebooks" / f"skeleton-{number}.ipynb")
        chapters.append(f"  - file: notebooks/skeleton-{number}")
    (target / "book" / "skeleton.md").write_text("# A skeleton book\n\nIts chapters follow.\n")
    (target / "_toc.yml").write_text(
        "format: jb-book\nroot: book/skeleton\nchapters:\n" + "\n".join(chapters) + "\n"
    )
    return target


def bench_builds(work: Path, repeat: int) -> dict:
    book = copy_book(work / "book")
    notebooks = toc_notebooks(book)
    log(f"skeleton floor: {len(notebooks)} notebooks, {repeat} clean builds")
    floor = clean_builds(skeleton(work / "skeleton", len(notebooks)), repeat)
    log(f"the book: {repeat} clean builds")
    clean = clean_builds(book, repeat)
    result = {
        "notebooks": len(notebooks),
        "skeleton_clean": floor,
        "book_clean": clean,
        "skeleton_clean_seconds": median(r["seconds"] for r in floor),
        "book_clean_seconds": median(r["seconds"] for r in clean),
    }
    result["clean_build_ratio"] = round(
        result["book_clean_seconds"] / result["skeleton_clean_seconds"], 2
    )

    log("rebuilds after a markdown edit")
    markdown = []
    for run in range(repeat):
        edit_markdown(notebooks[0], f"number {run}")
        markdown.append(build(book))
    result["markdown_rebuilds"] = markdown
    result["markdown_rebuild_seconds"] = median(r["seconds"] for r in markdown)
    result["markdown_rebuild_executions"] = max(len(r["executed"]) for r in markdown)

    result["data_table"] = bench_table_change(book, repeat)

    log("the PDF edition, then rebuilds of the HTML book after a markdown edit")
    pdf = book / "_build" / "pdf" / "book.pdf"
    made = build(book, "--pdf")
    stamp = pdf.stat().st_mtime_ns if pdf.exists() else None
    with_pdf = []
    for run in range(repeat):
        edit_markdown(notebooks[0], f"after the PDF {run}")
        with_pdf.append(build(book))
    result["pdf_build"] = made
    result["rebuilds_with_pdf"] = with_pdf
    result["rebuild_with_pdf_seconds"] = median(r["seconds"] for r in with_pdf)
    result["rebuild_with_pdf_executions"] = max(len(r["executed"]) for r in with_pdf)
    result["pdf_untouched_by_html_build"] = stamp is not None and pdf.stat().st_mtime_ns == stamp
    return result


def bench_table_change(book: Path, repeat: int) -> dict:
    """Change one data table that only some notebooks read (by the build's records) and
    see which notebooks execute."""
    records = {
        path.stem: json.loads(path.read_text())["reads"]
        for path in (book / "_build" / ".executions").glob("*.json")
    }
    readers: dict[str, set] = {}
    for notebook, reads in records.items():
        for read in reads:
            if read.startswith("data/") and read.endswith(".csv"):
                readers.setdefault(read, set()).add(notebook)

    def rows(table: str) -> int:
        return len((book / table).read_text(encoding="utf-8").splitlines()) - 1

    # A table with rows to reorder (two different rows at least), read by the fewest
    # notebooks, preferably not by all.
    changeable = {t: r for t, r in readers.items() if rows(t) >= 2}
    partial = sorted((len(r), t) for t, r in changeable.items() if len(r) < len(records))
    table = (partial or sorted((len(r), t) for t, r in changeable.items()))[0][1]
    log(f"rebuilds after a change in {table} (read by {sorted(readers[table])})")
    path = book / table
    runs = []
    for _ in range(repeat):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        # The same rows in the opposite order: valid, and different content.
        path.write_text(lines[0] + "".join(reversed(lines[1:])), encoding="utf-8")
        runs.append(build(book))
    executed = sorted({Path(n).stem for r in runs for n in r["executed"]})
    wanted = sorted(readers[table])
    return {
        "table": table,
        "readers": sorted(readers[table]),
        "runs": runs,
        "seconds": median(r["seconds"] for r in runs),
        "executed": executed,
        "only_readers_executed": all(
            r["ok"] and sorted(Path(n).stem for n in r["executed"]) == wanted for r in runs
        ),
    }


# `make test`, target by target in its own order, so that the report can say where the
# time goes; together they are exactly what `make test` runs.
MAKE_TEST = ("lint", "check", "unit", "nbval", "pdf", "book", "built-tests")


def bench_make_test(work: Path) -> dict:
    """`make test` in a fresh copy: its time (by target), notebook executions, page
    weights."""
    copy = copy_book(work / "fresh")
    log("make test in a fresh copy, target by target (several minutes)")
    env = {k: v for k, v in os.environ.items() if k not in ("CRIMEPOLICY_ROOT", "PYTHONPATH")}
    phases, outputs, ok = {}, [], True
    for target in MAKE_TEST:
        seconds, output, code = timed(["make", target], copy, env)
        phases[target] = round(seconds, 1)
        outputs.append(f"### make {target} ({seconds:.1f} s, exit {code})\n{output}")
        ok = ok and code == 0
        if code != 0:
            # `make test` would stop here; the benchmark goes on, to measure the rest.
            log(f"make {target} failed (see {SCRATCH / 'make-test.log'})")
    output = "\n".join(outputs)
    SCRATCH.mkdir(parents=True, exist_ok=True)
    (SCRATCH / "make-test.log").write_text(output, encoding="utf-8")
    executions: dict[str, int] = {}
    for name in NBVAL_FILE.findall(output):
        executions[name] = executions.get(name, 0) + 1
    for name in EXECUTED.findall(output):
        executions[name] = executions.get(name, 0) + 1
    summary = re.findall(r"^=+ (.*(?:passed|failed).*) in [\d.]+s", output, re.MULTILINE)
    report = copy / "_build" / "browser-report.json"
    for kept in ("screenshots", "browser-report.json"):
        source, target = copy / "_build" / kept, SCRATCH / kept
        if target.is_dir():
            shutil.rmtree(target)
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.is_file():
            shutil.copy2(source, target)
    pages = {}
    if report.exists():
        for page, visit in json.loads(report.read_text())["pages"].items():
            sizes = visit["transferred"]
            pages[page] = {
                "without_figures": sizes["html"] + sizes["assets"],
                "with_figures": sizes["html"] + sizes["assets"] + sizes["images"],
            }
    return {
        "seconds": round(sum(phases.values()), 1),
        "seconds_by_target": phases,
        "ok": ok,
        "failed_targets": [
            t
            for t in MAKE_TEST
            if f"### make {t} (" in output
            and not re.search(rf"### make {t} \([\d.]+ s, exit 0\)", output)
        ],
        "pytest_summaries": summary,
        "executions": executions,
        "max_executions": max(executions.values(), default=0),
        "pages": pages,
    }


def bench_import(repeat: int) -> dict:
    code = (
        "import sys, time; t = time.perf_counter(); import crimepolicy; "
        "print(time.perf_counter() - t); "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'great_tables', 'frictionless', "
        "'pysbd', 'numpy') if m in sys.modules))"
    )
    seconds, heavy, processes = [], None, []
    for _ in range(max(repeat, 5)):
        wall, output, _ = timed([sys.executable, "-c", code], ROOT)
        lines = output.strip().splitlines()
        seconds.append(float(lines[0]))
        heavy = lines[1]
        processes.append(wall)
    return {
        "seconds": median(seconds),
        "interpreter_and_import_seconds": median(processes),
        "heavy_modules_loaded": heavy,
    }


# --- the text helpers -------------------------------------------------------------------


def _time(function, *args, **kwargs) -> float:
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


def split_documents(texts, parts: int):
    """The corpus's text cut into `parts` documents of about equal size, at line ends."""
    import pandas as pd

    lines = "\n".join(texts).splitlines(keepends=True)
    size = sum(map(len, lines)) / parts
    documents, current, filled = [], [], 0
    for line in lines:
        current.append(line)
        filled += len(line)
        if filled >= size * (len(documents) + 1) and len(documents) < parts - 1:
            documents.append("".join(current))
            current = []
    documents.append("".join(current))
    return pd.Series(documents, index=[f"doc{i:04d}" for i in range(len(documents))])


def bench_text(sentences_up_to: int) -> dict:
    import crimepolicy as cp
    from crimepolicy import artefacts, text, themes

    corpus = cp.load_corpus(ROOT)
    texts = corpus["text"]
    lexicon = themes.load_lexicon(ROOT)
    text.sentence_spans("Warm up. Twice.")  # pysbd's start-up is not throughput
    result = {"corpus_megabytes": round(sum(map(len, texts)) / 1e6, 4), "by_size": {}}

    def keyness_all(frame_texts):
        counts = text.corpus_counts(frame_texts, cache=None)
        for doc_id in frame_texts.index:
            text.keyness(frame_texts, doc_id, counts=counts)

    for factor in (1, 10, 100, 1000):
        scaled = texts.map(lambda t, f=factor: "\n".join([t] * f))
        megabytes = sum(map(len, scaled)) / 1e6
        frame = corpus.assign(text=scaled)
        timings = {
            "words": _time(lambda s=scaled: [text.words(t) for t in s]),
            "keyword_in_context": _time(
                lambda s=scaled: [text.keyword_in_context(t, "cybercrime") for t in s]
            ),
            "term_counts": _time(text.corpus_counts, scaled, cache=None),
            "keyness_every_document": _time(keyness_all, scaled),
            "theme_scores_by_paragraph": _time(
                themes.theme_scores, frame, lexicon, by="paragraph", root=ROOT
            ),
        }
        if factor <= sentences_up_to:
            timings["sentences_one_core"] = _time(
                artefacts.derived, "s", scaled, text.sentence_spans, workers=1, cache=None
            )
        result["by_size"][f"{factor}x"] = {
            "megabytes": round(megabytes, 3),
            "seconds": {k: round(v, 3) for k, v in timings.items()},
            "seconds_per_megabyte": {k: round(v / megabytes, 3) for k, v in timings.items()},
        }
        log(f"text helpers at {factor}x ({megabytes:.1f} MB): {result['by_size'][f'{factor}x']}")

    ten = texts.map(lambda t: "\n".join([t] * 10))
    result["by_documents"] = {}
    for parts in (5, 50, 500):
        documents = split_documents(ten, parts)
        result["by_documents"][str(parts)] = {
            "keyness_every_document": round(_time(keyness_all, documents), 3),
            "term_counts": round(_time(text.corpus_counts, documents, cache=None), 3),
        }
    by_docs = result["by_documents"]
    result["keyness_500_vs_5_documents"] = round(
        by_docs["500"]["keyness_every_document"] / by_docs["5"]["keyness_every_document"], 2
    )
    result["cache"] = bench_cache(ten)
    return result


def bench_cache(texts) -> dict:
    """Sentence splitting of the corpus at 10x (5 documents): cold on one core, cold on
    every core, warm; then 50 documents cached and one added."""
    from crimepolicy import artefacts, text

    megabytes = sum(map(len, texts)) / 1e6
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        one = _time(artefacts.derived, "s", texts, text.sentence_spans, workers=1, cache=cache)
        shutil.rmtree(cache / "s")
        cores = os.cpu_count() or 1
        every = _time(
            artefacts.derived, "s", texts, text.sentence_spans, workers=cores, cache=cache
        )
        warm = _time(artefacts.derived, "s", texts, text.sentence_spans, cache=cache)
        documents = split_documents(texts, 51)
        grown, added = documents.iloc[:50], documents.iloc[50:]
        artefacts.derived("g", grown, text.sentence_spans, cache=cache)
        alone = _time(artefacts.derived, "alone", added, text.sentence_spans, cache=None)
        adding = _time(artefacts.derived, "g", documents, text.sentence_spans, cache=cache)
    return {
        "megabytes": round(megabytes, 3),
        "cores": cores,
        "cold_one_core_seconds_per_megabyte": round(one / megabytes, 3),
        "cold_every_core_seconds_per_megabyte": round(every / megabytes, 3),
        "warm_seconds_per_megabyte": round(warm / megabytes, 4),
        "one_document_alone_seconds": round(alone, 3),
        "adding_it_to_50_cached_seconds": round(adding, 3),
    }


# --- the report -------------------------------------------------------------------------


def verdict(value, target, lower_is_better=True) -> str:
    if value is None:
        return "not measured"
    return "met" if (value <= target if lower_is_better else value >= target) else "missed"


def markdown(report: dict) -> str:
    b, t, m, i = report.get("builds"), report.get("text"), report.get("make_test"), report["import"]
    rows = []
    if b:
        rows += [
            (
                "clean build / skeleton clean build",
                f"{b['clean_build_ratio']}× ({b['book_clean_seconds']:.1f} s / "
                f"{b['skeleton_clean_seconds']:.1f} s)",
                "≤ 1.3×",
                verdict(b["clean_build_ratio"], 1.3),
            ),
            (
                "rebuild after editing one markdown cell",
                f"{b['markdown_rebuild_seconds']:.1f} s, "
                f"{b['markdown_rebuild_executions']} notebooks executed",
                "≤ 3 s, none executed",
                "met"
                if b["markdown_rebuild_seconds"] <= 3 and not b["markdown_rebuild_executions"]
                else "missed",
            ),
            (
                f"rebuild after changing `{b['data_table']['table']}`",
                f"{b['data_table']['seconds']:.1f} s; executed "
                f"{', '.join(b['data_table']['executed']) or 'none'} "
                f"(readers: {', '.join(b['data_table']['readers'])})",
                "only its readers execute",
                "met" if b["data_table"]["only_readers_executed"] else "missed",
            ),
            (
                "rebuild once a PDF exists (markdown edit)",
                f"{b['rebuild_with_pdf_seconds']:.1f} s, "
                f"{b['rebuild_with_pdf_executions']} executed, PDF "
                f"{'untouched' if b['pdf_untouched_by_html_build'] else 'rebuilt'}",
                "PDF only by `make pdf`",
                "met" if b["pdf_untouched_by_html_build"] else "missed",
            ),
        ]
    if m:
        pages = m["pages"]
        worst = max(pages.items(), key=lambda kv: kv[1]["without_figures"]) if pages else None
        heaviest = max(pages.items(), key=lambda kv: kv[1]["with_figures"]) if pages else None
        rows += [
            (
                "notebook executions per `make test`",
                f"{m['max_executions']} per notebook at most",
                "≤ 2",
                verdict(m["max_executions"], 2),
            ),
            (
                "`make test` (browser tests included)",
                f"{m['seconds']:.0f} s ("
                + ("passed" if m["ok"] else "failed: " + ", ".join(m.get("failed_targets", [])))
                + "; "
                + ", ".join(f"{k} {v:.0f} s" for k, v in m.get("seconds_by_target", {}).items())
                + ")",
                "≤ 60 s",
                verdict(m["seconds"], 60),
            ),
        ]
        if worst:
            rows += [
                (
                    "page weight without its figures (heaviest page)",
                    f"{worst[1]['without_figures'] / 1000:.0f} kB ({worst[0]})",
                    "≤ 600 kB",
                    verdict(worst[1]["without_figures"], 600_000),
                ),
                (
                    "page weight with its figures (heaviest page)",
                    f"{heaviest[1]['with_figures'] / 1000:.0f} kB ({heaviest[0]})",
                    "≤ 1 MB",
                    verdict(heaviest[1]["with_figures"], 1_000_000),
                ),
            ]
    rows.append(
        (
            "`import crimepolicy`",
            f"{i['seconds']:.3f} s (heavy modules loaded: {i['heavy_modules_loaded']})",
            "≤ 0.3 s",
            verdict(i["seconds"], 0.3),
        )
    )
    if t:
        c = t["cache"]
        rows += [
            (
                "keyness of every document, 500 vs 5 documents of the same size",
                f"{t['keyness_500_vs_5_documents']}×",
                "≤ 2×",
                verdict(t["keyness_500_vs_5_documents"], 2),
            ),
            (
                "sentence splitting (pysbd), per MB",
                f"{c['cold_one_core_seconds_per_megabyte']:.1f} s on one core, "
                f"{c['cold_every_core_seconds_per_megabyte']:.1f} s on {c['cores']}, "
                f"{c['warm_seconds_per_megabyte']:.3f} s cached",
                "cached, several cores",
                "met",
            ),
            (
                "adding one document to 50 cached ones",
                f"{c['adding_it_to_50_cached_seconds']:.2f} s "
                f"(that document alone: {c['one_document_alone_seconds']:.2f} s)",
                "costs only that document",
                "met"
                if c["adding_it_to_50_cached_seconds"] < 3 * c["one_document_alone_seconds"] + 0.5
                else "missed",
            ),
        ]
    lines = [
        "| figure | measured | target | |",
        "|---|---|---|---|",
        *(f"| {a} | {b_} | {c_} | {d} |" for a, b_, c_, d in rows),
    ]
    if t:
        lines += [
            "",
            "Text helpers, seconds per MB of text, by corpus size "
            f"(1× = the corpus, {t['corpus_megabytes'] * 1000:.0f} kB):",
            "",
        ]
        helpers = list(t["by_size"]["1x"]["seconds_per_megabyte"])
        lines.append("| helper | " + " | ".join(t["by_size"]) + " |")
        lines.append("|---|" + "---|" * len(t["by_size"]))
        for helper in helpers:
            cells = [
                f"{size['seconds_per_megabyte'][helper]:.2f}"
                if helper in size["seconds_per_megabyte"]
                else "–"
                for size in t["by_size"].values()
            ]
            lines.append(f"| {helper} | " + " | ".join(cells) + " |")
    meta = report["machine"]
    lines += [
        "",
        f"Measured {report['date']} on {meta['cores']} cores (load average "
        f"{meta['load_at_start']} at the start, {meta['load_at_end']} at the end), "
        f"medians of {report['repeat']} runs.",
    ]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (median)")
    parser.add_argument("--skip-builds", action="store_true", help="no book builds")
    parser.add_argument("--skip-make-test", action="store_true", help="no `make test`")
    parser.add_argument("--skip-text", action="store_true", help="no text helpers")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the sections of the last report.json that this run skips",
    )
    parser.add_argument(
        "--sentences-up-to",
        type=int,
        default=100,
        help="largest corpus factor for sentence splitting (1000 takes many minutes)",
    )
    args = parser.parse_args(argv)
    previous = {}
    if args.merge and (OUT / "report.json").exists():
        previous = json.loads((OUT / "report.json").read_text(encoding="utf-8"))
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "repeat": args.repeat,
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "load_at_start": load(),
        },
        "targets": TARGETS,
    }
    report["import"] = bench_import(args.repeat)
    log(f"import crimepolicy: {report['import']}")
    with tempfile.TemporaryDirectory(prefix="crimepolicy-bench-") as folder:
        work = Path(folder)
        if not args.skip_text:
            report["text"] = bench_text(args.sentences_up_to)
        if not args.skip_builds:
            report["builds"] = bench_builds(work, args.repeat)
        if not args.skip_make_test:
            report["make_test"] = bench_make_test(work)
    report["machine"]["load_at_end"] = load()
    for section in ("text", "builds", "make_test"):
        if section not in report and section in previous:
            report[section] = previous[section]
    (OUT / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    table = markdown(report)
    (OUT / "report.md").write_text(table, encoding="utf-8")
    print(table)
    log(f"wrote {OUT / 'report.json'} and {OUT / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

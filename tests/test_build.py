"""The build never presents a stale book: freshness is decided by the content of every
input (not by file times), only the notebooks whose inputs changed execute, a prose edit
executes nothing, and a failed build leaves nothing that looks current.

These tests build a small book (two tiny notebooks and a page) in a temporary copy of the
real inputs, so that they exercise the mechanism without executing the real chapters.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from crimepolicy import build

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent

TOC = """\
format: jb-book
root: book/index
chapters:
  - file: notebooks/figures
  - file: notebooks/themes
"""
INDEX = "(index)=\n# A small book\n\nIt has two chapters.\n"


def _notebook(title: str, code: str, text: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}\n\n{text}"),
        nbformat.v4.new_code_cell(code),
    ]
    return nb


FIGURES = _notebook(
    "Figures",
    "from myst_nb import glue\nimport crimepolicy as cp\n\n"
    'glue("n", len(cp.evidence.load_table("figures")), display=False)',
    "The figures table has {glue:text}`n` rows.",
)
THEMES = _notebook(
    "Themes",
    "from myst_nb import glue\nimport crimepolicy as cp\n\n"
    'glue("t", len(cp.themes.load_themes()), display=False)',
    "There are {glue:text}`t` themes.",
)


def _make_copy(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("_config.yml", "requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, target / name)
    for folder in ("seeds", "data", "crimepolicy"):
        shutil.copytree(
            ROOT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    for folder in ("_ext", "_css"):
        shutil.copytree(
            ROOT / "book" / folder,
            target / "book" / folder,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    (target / "book" / "_vendor").mkdir()
    for name in ("references.bib", "favicon.svg"):
        shutil.copy2(ROOT / "book" / name, target / "book" / name)
    (target / "book" / "index.md").write_text(INDEX, encoding="utf-8")
    (target / "_toc.yml").write_text(TOC, encoding="utf-8")
    (target / "notebooks").mkdir()
    nbformat.write(FIGURES, target / "notebooks" / "figures.ipynb")
    nbformat.write(THEMES, target / "notebooks" / "themes.ipynb")
    return target


def run_build(copy: Path) -> subprocess.CompletedProcess:
    # The copy's own package shadows the installed one, so that its code is what runs.
    env = dict(os.environ, PYTHONPATH=str(copy), CRIMEPOLICY_ROOT=str(copy))
    return subprocess.run(
        [sys.executable, "-m", "crimepolicy", "build", "--root", str(copy)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def page(copy: Path, name: str) -> str:
    """The text of a rendered page, without its tags."""
    html = (copy / "_build" / "html" / "notebooks" / f"{name}.html").read_text(encoding="utf-8")
    return re.sub(r"<[^>]+>", "", html)


def executed(result) -> list[str]:
    return sorted(
        line.split("executed ")[1].split(" ")[0]
        for line in result.stdout.splitlines()
        if "crimepolicy: executed" in line
    )


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    copy = _make_copy(tmp_path_factory.mktemp("built") / "book")
    result = run_build(copy)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return copy, result


@pytest.fixture
def book(first_build, tmp_path) -> Path:
    """A private copy of the built small book (inputs, build and cache), to change."""
    copy = tmp_path / "book"
    shutil.copytree(first_build[0], copy, symlinks=True)
    return copy


def test_the_first_build_executes_every_notebook_and_renders_its_values(first_build):
    copy, result = first_build
    assert executed(result) == ["notebooks/figures.ipynb", "notebooks/themes.ipynb"]
    assert "figures table has 13 rows" in page(copy, "figures")
    assert "the book is built" in result.stdout


def test_nothing_changed_means_no_build(first_build):
    copy, _ = first_build
    index = copy / "_build" / "html" / "index.html"
    before = index.stat().st_mtime_ns
    result = run_build(copy)
    assert result.returncode == 0
    assert "up to date" in result.stdout and executed(result) == []
    assert index.stat().st_mtime_ns == before


def _add_figure_row(copy: Path) -> None:
    path = copy / "data" / "figures.csv"
    row = "fig-014,3,areas,a test row,2018,false,review-mechanism,untoc-cop-2018,Three main areas\n"
    path.write_text(path.read_text(encoding="utf-8") + row, encoding="utf-8")


def test_a_changed_table_re_executes_only_the_notebook_that_reads_it(book):
    _add_figure_row(book)
    result = run_build(book)
    assert result.returncode == 0, result.stderr[-3000:]
    assert executed(result) == ["notebooks/figures.ipynb"]
    assert "figures table has 14 rows" in page(book, "figures")


def test_an_old_version_restored_with_its_old_time_stamp_rebuilds(book, tmp_path):
    original = tmp_path / "figures.csv"
    shutil.copy2(book / "data" / "figures.csv", original)  # keeps the old time stamp
    _add_figure_row(book)
    assert run_build(book).returncode == 0
    assert "figures table has 14 rows" in page(book, "figures")
    shutil.copy2(original, book / "data" / "figures.csv")  # `cp -p`: old content, old time
    result = run_build(book)
    assert result.returncode == 0
    assert executed(result) == ["notebooks/figures.ipynb"]
    assert "figures table has 13 rows" in page(book, "figures")


def test_a_prose_edit_executes_nothing_and_reaches_the_page(book):
    path = book / "notebooks" / "themes.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source = nb.cells[0].source.replace("There are", "The book has")
    nbformat.write(nb, path)
    result = run_build(book)
    assert result.returncode == 0
    assert executed(result) == []
    assert "The book has" in page(book, "themes")


@pytest.mark.parametrize(
    ("remove", "words"),
    [
        (
            "seeds/000_a25e390ca3eecba6.txt",
            "the catalogued file seeds/000_a25e390ca3eecba6.txt is missing",
        ),
        ("data/figures.csv", "data/figures.csv: the file is missing"),
    ],
)
def test_a_deleted_input_fails_and_leaves_no_current_looking_book(book, remove, words):
    (book / remove).unlink()
    result = run_build(book)
    assert result.returncode == 1
    assert words in result.stderr
    assert "the book is built" not in result.stdout
    assert not (book / "_build" / "html").exists()
    assert (book / "_build" / "html-stale" / "index.html").is_file()
    assert not (book / "_build" / "html-stale" / build.STAMP).exists()
    assert "Traceback" not in result.stderr


def test_after_a_failure_the_next_good_build_is_current_again(book):
    seed = book / "seeds" / "000_a25e390ca3eecba6.txt"
    saved = seed.read_bytes()
    seed.unlink()
    assert run_build(book).returncode == 1
    seed.write_bytes(saved)
    result = run_build(book)
    assert result.returncode == 0
    assert (book / "_build" / "html" / "index.html").is_file()
    assert "figures table has 13 rows" in page(book, "figures")


def test_a_failing_notebook_is_named_with_its_cell_and_the_projects_message(book):
    path = book / "notebooks" / "figures.ipynb"
    nb = nbformat.read(path, as_version=4)
    failing = 'raise cp.CrimePolicyError("data/figures.csv", "a problem only the notebook sees", 3, "value")'
    nb.cells.append(nbformat.v4.new_code_cell(failing))
    nbformat.write(nb, path)
    result = run_build(book)
    assert result.returncode == 1
    first = result.stderr.strip().splitlines()[0]
    assert first == (
        "crimepolicy: bad input: data/figures.csv, line 3, column 'value': a problem only the "
        "notebook sees (while running notebooks/figures.ipynb, code cell 2)"
    )
    assert "Sphinx" not in result.stderr and "Traceback" not in result.stderr
    assert not (book / "_build" / "html").exists()


def test_the_build_never_writes_into_seeds_or_data(book):
    def snapshot():
        return {
            p.relative_to(book).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in ("seeds", "data")
            for p in (book / folder).rglob("*")
            if p.is_file()
        }

    before = snapshot()
    _add_figure_row(book)
    changed = snapshot()
    assert run_build(book).returncode == 0
    assert snapshot() == changed != before


def test_the_inputs_digest_follows_content_not_time(tmp_path):
    copy = _make_copy(tmp_path / "book")
    digest, files = build.inputs_digest(copy)
    path = copy / "data" / "figures.csv"
    os.utime(path, (time.time() + 1000, time.time() + 1000))
    assert build.inputs_digest(copy)[0] == digest
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build.inputs_digest(copy)[0] != digest
    assert "data/figures.csv" in files and "seeds/catalog.csv" in files
    assert not any("__pycache__" in name for name in files)


def test_the_execution_record_lists_what_a_notebook_read(first_build):
    copy, _ = first_build
    record = json.loads((copy / "_build" / ".executions" / "figures.json").read_text())
    assert "data/figures.csv" in record["reads"]
    themes = json.loads((copy / "_build" / ".executions" / "themes.json").read_text())
    assert "data/themes.csv" in themes["reads"] and "data/figures.csv" not in themes["reads"]


def test_the_input_check_runs_again_only_when_what_it_reads_changed(tmp_path, monkeypatch):
    for folder in ("seeds", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "intro.md").write_text("# Intro\n", encoding="utf-8")
    calls = []
    from crimepolicy import validate

    real = validate.check_all
    monkeypatch.setattr(validate, "check_all", lambda root: calls.append(1) or real(root))
    assert build._check(tmp_path) == [] and len(calls) == 1
    (tmp_path / "book" / "intro.md").write_text("# Intro, edited\n", encoding="utf-8")
    assert build._check(tmp_path) == [] and len(calls) == 1  # prose: not checked again
    figures = tmp_path / "data" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8") + "x\n", encoding="utf-8")
    problems = build._check(tmp_path)
    assert len(calls) == 2 and problems and "figures.csv" in problems[0]
    assert len(build._check(tmp_path)) == len(problems) and len(calls) == 3  # still bad

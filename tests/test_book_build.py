"""The rendered book follows its inputs: after a change in data/ or seeds/, `make book`
renders the new result (no stale cache), with nothing changed it does not rebuild, and the
build never writes into seeds/ or data/. Runs in a temporary copy of the repository."""

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("_config.yml", "_toc.yml", "Makefile", "pyproject.toml", "requirements.txt")
FOLDERS = ("seeds", "data", "book", "notebooks", "crimepolicy")


def _snapshot(folder: Path) -> dict:
    return {
        p.relative_to(folder): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _make_book(copy: Path) -> subprocess.CompletedProcess:
    venv = Path(sys.prefix)
    stamp = venv / ".installed-requirements"
    # Use this interpreter's environment; the copy's own package shadows the installed one.
    env = dict(os.environ, PYTHONPATH=str(copy), CRIMEPOLICY_ROOT=str(copy))
    return subprocess.run(
        ["make", "-C", str(copy), "book", f"VENV={venv}", "-o", str(stamp)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory):
    copy = tmp_path_factory.mktemp("stale") / "book"
    copy.mkdir()
    for name in COPIED:
        shutil.copy2(ROOT / name, copy / name)
    for folder in FOLDERS:
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    inputs = {name: _snapshot(copy / name) for name in ("seeds", "data")}
    result = _make_book(copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return copy, inputs


@pytest.mark.build
def test_build_does_not_write_into_seeds_or_data(built_copy):
    copy, inputs = built_copy
    assert {name: _snapshot(copy / name) for name in ("seeds", "data")} == inputs


@pytest.mark.build
def test_nothing_changed_means_no_rebuild(built_copy):
    copy, _ = built_copy
    index = copy / "_build" / "html" / "index.html"
    before = index.stat().st_mtime_ns
    result = _make_book(copy)
    assert result.returncode == 0
    assert "jupyter-book build" not in result.stdout
    assert index.stat().st_mtime_ns == before


@pytest.mark.build
def test_a_change_in_the_inputs_reaches_the_rendered_page(built_copy):
    copy, _ = built_copy
    page = copy / "_build" / "html" / "notebooks" / "01-corpus.html"
    catalog = copy / "seeds" / "catalog.csv"
    old = "GI-TOC on the 31st CCPCJ session (May 2022)"
    new = "GI-TOC on the thirty-first CCPCJ session (relabelled in a test)"
    assert old in page.read_text(encoding="utf-8")
    time.sleep(1.1)  # make's timestamps must see the edit as newer than the last build
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = _make_book(copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = page.read_text(encoding="utf-8")
    assert new in html and old not in html


@pytest.mark.build
def test_a_bad_seed_stops_the_build_with_one_message(built_copy):
    copy, _ = built_copy
    seed = sorted((copy / "seeds").glob("0*.txt"))[0]
    time.sleep(1.1)
    seed.write_text(seed.read_text(encoding="utf-8") + "\nTampered.", encoding="utf-8")
    result = _make_book(copy)
    assert result.returncode != 0
    assert f"{seed.name}: checksum differs" in result.stderr
    assert "Traceback" not in result.stderr

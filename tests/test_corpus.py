"""The corpus loader: the real seeds load, and every kind of bad input stops with one clear
message naming the file (and catalog line) and the problem."""

import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import crimepolicy as cp
from crimepolicy.corpus import publication_window

SHARED_SUMS = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "SHA256SUMS"


def test_real_corpus_loads_in_publication_order(corpus):
    assert list(corpus.index) == [
        "crime-congress13-2015",
        "untoc-cop-2018",
        "kyoto-followup-2021",
        "ccpcj31-2022",
        "ccpcj33-2024",
    ]
    assert corpus.loc["ccpcj31-2022", "text"].startswith("Posted on 27 May 2022")
    assert corpus.loc["kyoto-followup-2021", "author"] == "Ian Tennant"
    assert corpus["n_words"].between(600, 3000).all()


def test_catalog_checksums_match_the_files(root, corpus):
    for doc_id, row in corpus.iterrows():
        digest = hashlib.sha256((root / "seeds" / row["file"]).read_bytes()).hexdigest()
        assert digest == row["sha256"], doc_id


@pytest.mark.skipif(not SHARED_SUMS.is_file(), reason="../shared/seeds is not beside this clone")
def test_seeds_are_the_shared_seeds_byte_for_byte(corpus):
    shared = dict(line.split()[::-1] for line in SHARED_SUMS.read_text().splitlines() if line)
    assert dict(zip(corpus["file"], corpus["sha256"], strict=True)) == shared


def test_publication_window_follows_precision(corpus):
    day = publication_window(corpus.loc["ccpcj31-2022"])
    assert day == (pd.Timestamp("2022-05-27"), pd.Timestamp("2022-05-27"))
    year = publication_window(corpus.loc["untoc-cop-2018"])
    # An undated commentary was written after its meeting ended, within the stated year.
    assert year == (pd.Timestamp("2018-10-19"), pd.Timestamp("2018-12-31"))


def _rewrite_catalog(book_copy, change):
    path = book_copy / "seeds" / "catalog.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _damage(book_copy, kind):
    seeds = book_copy / "seeds"
    first = sorted(seeds.glob("0*.txt"))[0]
    if kind == "tampered":
        first.write_text(first.read_text(encoding="utf-8") + " (edited)", encoding="utf-8")
        return first.name, "checksum differs"
    if kind == "missing":
        first.unlink()
        return first.name, "catalogued file is missing"
    if kind == "uncatalogued":
        (seeds / "005_extra.txt").write_text("A new document.", encoding="utf-8")
        return "005_extra.txt", "not in catalog.csv"
    if kind == "empty":
        first.write_text("  \n", encoding="utf-8")
        return first.name, "the file is empty"
    if kind == "not-utf8":
        first.write_bytes("Caf\u00e9".encode("latin-1"))
        return first.name, "not valid UTF-8"
    if kind == "missing-field":
        _rewrite_catalog(book_copy, lambda rows: rows[2].update(published=""))
        return "catalog.csv, line 4, column 'published'", "required field is empty"
    if kind == "impossible-date":
        _rewrite_catalog(book_copy, lambda rows: rows[0].update(event_start="2015-02-30"))
        return "catalog.csv, line 2, column 'event_start'", "not a real date"
    raise ValueError(kind)


BAD_INPUTS = [
    "tampered",
    "missing",
    "uncatalogued",
    "empty",
    "not-utf8",
    "missing-field",
    "impossible-date",
]


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_bad_input_raises_one_clear_error(book_copy, kind):
    where, problem = _damage(book_copy, kind)
    with pytest.raises(cp.CrimePolicyError) as raised:
        cp.load_corpus(book_copy)
    message = str(raised.value)
    assert where in message and problem in message


@pytest.mark.parametrize("kind", ["tampered", "missing-field"])
def test_check_command_prints_one_line_and_no_traceback(book_copy, kind):
    where, problem = _damage(book_copy, kind)
    result = subprocess.run(
        [sys.executable, "-m", "crimepolicy", "check", str(book_copy)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and where in lines[0] and problem in lines[0]
    assert "Traceback" not in result.stderr


def test_check_command_passes_on_the_real_inputs(root):
    result = subprocess.run(
        [sys.executable, "-m", "crimepolicy", "check", str(root)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "5 documents" in result.stdout


def test_loading_never_writes_into_seeds_or_data(book_copy):
    before = {p: p.stat().st_mtime_ns for p in book_copy.rglob("*") if p.is_file()}
    cp.load_corpus(book_copy)
    cp.themes.load_lexicon(book_copy)
    after = {p: p.stat().st_mtime_ns for p in book_copy.rglob("*") if p.is_file()}
    assert before == after


def test_period_and_midpoint_of_reduced_precision_dates():
    from crimepolicy.corpus import midpoint, period

    assert period("2022") == (pd.Timestamp("2022-01-01"), pd.Timestamp("2022-12-31"))
    assert period("2024-02") == (pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-29"))
    assert period("2015-04-17") == (pd.Timestamp("2015-04-17"),) * 2
    assert midpoint("2021") == pd.Timestamp("2021-07-02")
    assert midpoint("2018-10") == pd.Timestamp("2018-10-16")
    with pytest.raises(cp.CrimePolicyError, match="not a real date"):
        period("2022-02-30")


def test_context_beyond_the_corpus_loads_and_rejects_a_bad_row(book_copy):
    context = cp.context.load_context(book_copy)
    assert context["source_url"].str.startswith("https://").all()
    assert context["id"].is_unique
    path = book_copy / "data" / "context.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("2003-09-29,day", "2003-09,day")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(cp.CrimePolicyError, match=r"context.csv, line 3, column 'date_precision'"):
        cp.context.load_context(book_copy)


def test_missing_catalog_and_extra_fields_are_named(book_copy):
    from crimepolicy.csvfile import read_rows

    path = book_copy / "seeds" / "catalog.csv"
    path.write_text(path.read_text(encoding="utf-8") + "x,y,z" + "," * 20 + "\n", encoding="utf-8")
    with pytest.raises(cp.CrimePolicyError, match="catalog.csv, line 7: more fields"):
        read_rows(path)
    path.unlink()
    with pytest.raises(cp.CrimePolicyError, match="catalog.csv: the file is missing"):
        cp.load_corpus(book_copy)

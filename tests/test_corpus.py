"""The corpus loader: the real seeds load in publication order, match the shared seeds byte
for byte, and a damaged seed stops loading with the catalog line that describes it.
(Every kind of bad input to `check` is in test_check.py.)"""

import shutil
from pathlib import Path

import pandas as pd
import pytest

import crimepolicy as cp
from crimepolicy.corpus import publication_window

ROOT = Path(__file__).resolve().parent.parent
SHARED_SUMS = ROOT.parent / "shared" / "seeds" / "SHA256SUMS"


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


@pytest.mark.skipif(not SHARED_SUMS.is_file(), reason="../shared/seeds is not beside this clone")
def test_seeds_are_the_shared_seeds_byte_for_byte(corpus):
    shared = dict(line.split()[::-1] for line in SHARED_SUMS.read_text().splitlines() if line)
    assert dict(zip(corpus["file"], corpus["sha256"], strict=True)) == shared


def test_publication_window_is_the_catalogs(corpus):
    assert publication_window(corpus.loc["ccpcj31-2022"]) == (pd.Timestamp("2022-05-27"),) * 2
    # Written after its session (13-17 May) and before the Ad Hoc Committee session of
    # 29 July that it announces.
    assert publication_window(corpus.loc["ccpcj33-2024"]) == (
        pd.Timestamp("2024-05-17"),
        pd.Timestamp("2024-07-28"),
    )


def test_only_one_document_states_its_full_date(corpus):
    stated = corpus["published_basis"].str.startswith("stated")
    assert list(corpus.index[stated & (corpus["published_precision"] == "day")]) == ["ccpcj31-2022"]


def test_a_changed_seed_stops_loading(tmp_path):
    for folder in ("seeds", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "_config.yml", tmp_path)
    seed = sorted((tmp_path / "seeds").glob("0*.txt"))[0]
    seed.write_text(seed.read_text(encoding="utf-8") + " (edited)", encoding="utf-8")
    with pytest.raises(cp.CrimePolicyError, match=r"seeds/catalog.csv, line \d, column 'sha256'"):
        cp.load_corpus(tmp_path)

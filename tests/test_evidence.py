"""Tests for crimepolicy.evidence: the real tables validate, every quote is verbatim, bad
rows in a temporary copy raise one clear error, and the coded states match the states
the mention extraction finds."""

import csv
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from crimepolicy import actors, evidence
from crimepolicy.corpus import load_corpus
from crimepolicy.errors import CrimePolicyError
from crimepolicy.paths import THEMES

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _quoted_cells() -> list:
    """(table file, line, column, doc_id, quote) for every non-empty quote cell."""
    package = json.loads((DATA / evidence.PACKAGE).read_text(encoding="utf-8"))
    cells = []
    for resource in package["resources"]:
        if resource["name"] == evidence.CATALOG_RESOURCE:
            continue
        with (DATA / resource["path"]).open(encoding="utf-8", newline="") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                for column, value in row.items():
                    if column.endswith("quote") and value:
                        cells.append((resource["path"], line, column, row["doc_id"], value))
    return cells


QUOTED = _quoted_cells()


@pytest.fixture(scope="module")
def texts() -> dict:
    return {d: evidence.collapse(t) for d, t in load_corpus(ROOT)["text"].items()}


@pytest.fixture(scope="module")
def tables() -> dict:
    return evidence.load_evidence(ROOT)


@pytest.mark.parametrize(
    "table, line, column, doc_id, quote", QUOTED, ids=[f"{t}:{n}:{c}" for t, n, c, *_ in QUOTED]
)
def test_quote_is_verbatim_in_its_document(texts, table, line, column, doc_id, quote):
    assert evidence.collapse(quote) in texts[doc_id]


def test_there_are_quotes_to_check():
    assert len(QUOTED) > 300


def test_all_tables_validate():
    assert evidence.check_evidence(ROOT) is None


def test_every_table_of_the_package_loads(tables):
    assert list(tables) == evidence.table_names(ROOT)
    assert all(len(frame) > 0 for frame in tables.values())


def test_tables_are_typed(tables):
    assert str(tables["positions"]["year"].dtype) == "Int64"
    assert str(tables["events"]["approximate"].dtype) == "boolean"
    assert str(tables["figures"]["value"].dtype) == "Float64"
    assert tables["positions"]["event"].isna().any()  # empty cells are missing, not ""


def test_themes_and_stances_use_the_codebook_values(tables):
    assert set(tables["positions"]["theme"]) == set(THEMES)
    assert set(tables["positions"]["stance"]) <= {"supports", "qualified", "opposes", "silent"}


def test_unknown_table_is_an_error():
    with pytest.raises(CrimePolicyError, match="no table named 'nope'"):
        evidence.load_table("nope", ROOT)


# --- bad rows, on a temporary copy of the inputs


@pytest.fixture
def book(tmp_path) -> Path:
    """A copy of the book's inputs (seeds/, data/, _config.yml) to break."""
    for folder in ("seeds", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    return tmp_path


def edit(book: Path, table: str, line: int, column: str, value: str) -> None:
    """Set one cell of data/<table>.csv (line 1 is the header)."""
    path = book / "data" / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def cell(table: str, line: int, column: str) -> str:
    frame = pd.read_csv(DATA / f"{table}.csv", dtype=str, keep_default_na=False)
    return frame.loc[line - 2, column]


def assert_names(error: CrimePolicyError, table: str, line: int, column: str) -> None:
    message = str(error)
    assert f"{table}.csv" in message
    assert f"line {line}" in message
    assert f"column '{column}'" in message
    assert (error.row, error.column) == (line, column)


BAD_ROWS = [
    # (what, table, line, column, value, words in the problem)
    ("unknown doc_id", "positions", 5, "doc_id", "no-such-doc-2020", "not a known doc_id"),
    (
        "quote not in document",
        "positions",
        5,
        "quote",
        "words the document never says",
        "not verbatim",
    ),
    ("invalid ISO3", "positions", 5, "iso3", "XYZ", "not an ISO 3166"),
    ("unknown stance", "positions", 5, "stance", "maybe", "not one of"),
    ("unknown theme", "positions", 5, "theme", "drugs", "not one of"),
    ("impossible date", "events", 5, "start", "2022-02-30", "not a real date"),
    ("unknown proposition", "positions", 5, "proposition", "cyber-nothing", "not a known id"),
    ("unknown event", "positions", 5, "event", "no-such-event", "not a known event_key"),
    ("unknown resolution", "sponsors", 3, "resolution_id", "res-999", "not a known id"),
    ("bad strength rank", "cs_channels", 2, "strength_rank", "7", "breaks the rule"),
]


@pytest.mark.parametrize(
    "table, line, column, value, words", [r[1:] for r in BAD_ROWS], ids=[r[0] for r in BAD_ROWS]
)
def test_bad_row_raises_one_clear_error(book, table, line, column, value, words):
    edit(book, table, line, column, value)
    with pytest.raises(CrimePolicyError) as caught:
        evidence.load_table(table, book)
    assert_names(caught.value, table, line, column)
    assert words in caught.value.problem


def test_duplicate_id_names_the_repeating_line(book):
    edit(book, "positions", 6, "id", cell("positions", 5, "id"))
    with pytest.raises(CrimePolicyError) as caught:
        evidence.load_table("positions", book)
    assert_names(caught.value, "positions", 6, "id")
    assert "duplicate" in caught.value.problem


def test_check_evidence_raises_the_same_error(book):
    edit(book, "figures", 3, "as_of", "2015-13")
    with pytest.raises(CrimePolicyError) as caught:
        evidence.check_evidence(book)
    assert_names(caught.value, "figures", 3, "as_of")


def test_date_precision_must_match_the_date(book):
    assert cell("events", 5, "date_precision") == "day"
    edit(book, "events", 5, "start", "2015-04")
    with pytest.raises(CrimePolicyError) as caught:
        evidence.load_table("events", book)
    assert_names(caught.value, "events", 5, "start")


def test_proposition_must_belong_to_the_theme(book):
    assert cell("positions", 2, "theme") == "cybercrime-treaty"
    edit(book, "positions", 2, "proposition", "wildlife-new-protocol")
    with pytest.raises(CrimePolicyError) as caught:
        evidence.load_table("positions", book)
    assert_names(caught.value, "positions", 2, "proposition")


def test_state_with_a_stance_cannot_be_listed_without_one(book):
    edit(book, "states_without_stance", 2, "iso3", "EGY")  # Egypt is coded in 2015
    assert cell("states_without_stance", 2, "doc_id") == "crime-congress13-2015"
    with pytest.raises(CrimePolicyError) as caught:
        evidence.load_table("states_without_stance", book)
    assert_names(caught.value, "states_without_stance", 2, "iso3")


# --- completeness against the automatic mention extraction


@pytest.fixture(scope="module")
def extracted() -> set:
    found = actors.mentions(load_corpus(ROOT), ROOT)
    states = found[found["actor_type"] == "state"]
    return set(zip(states["doc_id"], states["iso3"], strict=True))


def test_every_coded_state_is_mentioned_in_its_document(tables, extracted):
    positions = tables["positions"].dropna(subset=["iso3"])
    coded = set(zip(positions["doc_id"], positions["iso3"], strict=True))
    assert sorted(coded - extracted) == []


def test_every_mentioned_state_is_coded_or_explained(tables, extracted):
    positions = tables["positions"].dropna(subset=["iso3"])
    coded = set(zip(positions["doc_id"], positions["iso3"], strict=True))
    without = tables["states_without_stance"]
    explained = set(zip(without["doc_id"], without["iso3"], strict=True))
    assert sorted(extracted - coded - explained) == []


def test_states_without_stance_are_all_mentioned(tables, extracted):
    without = tables["states_without_stance"]
    assert sorted(set(zip(without["doc_id"], without["iso3"], strict=True)) - extracted) == []


# --- the codebook documents every code and quotes its sources verbatim

CODEBOOK = ROOT / "book" / "codebook.md"


def enum(table: str, column: str) -> set:
    """The allowed values of a column, from the data package."""
    fields = evidence.schema(table, ROOT)["schema"]["fields"]
    return set(next(f for f in fields if f["name"] == column)["constraints"]["enum"])


def test_codebook_defines_every_proposition_and_value(tables):
    text = CODEBOOK.read_text(encoding="utf-8")
    codes = set(tables["propositions"]["id"]) | set(THEMES)
    for table, column in [
        ("positions", "stance"),
        ("positions", "actor_type"),
        ("access_moments", "direction"),
        ("access_moments", "kind"),
        ("arguments", "side"),
    ]:
        codes |= enum(table, column)
    assert sorted(c for c in codes if f"`{c}`" not in text) == []
    assert text.startswith("(codebook)=\n# Codebook\n")


def test_codebook_quotes_are_verbatim_in_the_cited_document(texts):
    """Every "..." on a line is checked against the next {cite} on that line."""
    cite = re.compile(r"\{cite\}`([a-z0-9-]+)`")
    checked = 0
    for number, line in enumerate(CODEBOOK.read_text(encoding="utf-8").splitlines(), 1):
        assert line.count('"') % 2 == 0, f"line {number}: unbalanced quotes"
        for match in re.finditer(r"\"([^\"]+)\"", line):
            source = cite.search(line, match.end())
            assert source, f"line {number}: quote without a citation after it"
            assert evidence.collapse(match.group(1)) in texts[source.group(1)], (number, match[1])
            checked += 1
    assert checked >= 30

"""The evidence tables: every quote is verbatim, tables load typed, the coded states match
the states the mention extraction finds, and the codebook documents every table and code."""

import csv
import re
from pathlib import Path

import pytest

from crimepolicy import actors, evidence, quotes, registry, validate
from crimepolicy.corpus import load_corpus
from crimepolicy.errors import CrimePolicyError

ROOT = Path(__file__).resolve().parent.parent


def _quoted_cells() -> list:
    """(file, line, column, doc_id, quote) for every non-empty quote cell of every table."""
    cells = []
    for res in registry.resources(ROOT):
        columns = [f["name"] for f in res["schema"]["fields"] if f.get("x-check") == "quote"]
        if not columns:
            continue
        path = registry.path_of(res["name"], ROOT)
        with path.open(encoding="utf-8-sig", newline="") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                for column in columns:
                    if row[column]:
                        cells.append((path.name, line, column, row["doc_id"], row[column]))
    return cells


QUOTED = _quoted_cells()


@pytest.fixture(scope="module")
def texts() -> dict:
    return dict(load_corpus(ROOT)["text"])


@pytest.mark.parametrize(
    "table, line, column, doc_id, quote", QUOTED, ids=[f"{t}:{n}:{c}" for t, n, c, *_ in QUOTED]
)
def test_quote_is_verbatim_in_its_document(texts, table, line, column, doc_id, quote):
    assert quotes.contains(texts[doc_id], quote)


def test_every_table_with_quotes_is_covered():
    """The parametrised test above reads the tables itself; it must see every quote column
    of the package (so that a new table cannot escape it)."""
    tables = {t for t, *_ in QUOTED}
    # A table with no rows yet (a new table, header only) has no quote to check.
    expected = {
        registry.path_of(r["name"], ROOT).name
        for r in registry.resources(ROOT)
        if any(f.get("x-check") == "quote" for f in r["schema"]["fields"])
        and len(registry.path_of(r["name"], ROOT).read_text(encoding="utf-8").splitlines()) > 1
    }
    assert tables == expected


def test_all_inputs_validate_with_no_problem():
    found, summary = validate.check_all(ROOT)
    assert found == []
    assert summary["documents"] == 5
    assert summary["tables"] == len(registry.names(ROOT))


def test_tables_are_typed_and_empty_cells_are_missing():
    tables = evidence.load_tables(["positions", "events", "figures"], ROOT)
    assert str(tables["positions"]["year"].dtype) == "Int64"
    assert str(tables["events"]["approximate"].dtype) == "boolean"
    assert str(tables["figures"]["value"].dtype) == "Float64"
    assert tables["positions"]["event"].isna().any()
    assert not (tables["positions"]["event"] == "").any()


def test_loading_a_table_raises_the_problem_of_a_table_it_depends_on(tmp_path):
    import shutil

    for folder in ("data", "seeds"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "_config.yml", tmp_path)
    path = tmp_path / "data" / "propositions.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",cybercrime-treaty,", ",cyber,", 1))
    with pytest.raises(CrimePolicyError, match="propositions.csv, line 2, column 'theme'"):
        evidence.load_table("positions", tmp_path)


def test_unknown_table_is_an_error():
    with pytest.raises(CrimePolicyError, match="no table named 'nope'"):
        evidence.load_table("nope", ROOT)


def test_field_table_describes_the_checks_in_words():
    fields = evidence.field_table("positions", ROOT).set_index("field")
    assert "one of: supports, qualified, opposes, silent" in fields.loc["stance", "constraints"]
    assert "refers to propositions.id" in fields.loc["proposition", "constraints"]
    assert "agrees with actor" in fields.loc["iso3", "constraints"]
    assert fields.loc["quote", "required"] == "yes"


# --- completeness against the automatic mention extraction ------------------------------


@pytest.fixture(scope="module")
def tables() -> dict:
    return evidence.load_evidence(ROOT)


@pytest.fixture(scope="module")
def extracted() -> set:
    found = actors.mentions(load_corpus(ROOT), ROOT)
    states = found[found["actor_type"] == "state"]
    return set(zip(states["doc_id"], states["iso3"], strict=True))


def _coded(tables) -> set:
    positions = tables["positions"].dropna(subset=["iso3"])
    return set(zip(positions["doc_id"], positions["iso3"], strict=True))


def test_every_coded_state_is_mentioned_in_its_document(tables, extracted):
    assert sorted(_coded(tables) - extracted) == []


def test_every_mentioned_state_is_coded_or_explained(tables, extracted):
    without = tables["states_without_stance"]
    explained = set(zip(without["doc_id"], without["iso3"], strict=True))
    assert sorted(extracted - _coded(tables) - explained) == []


def test_states_without_stance_are_all_mentioned(tables, extracted):
    without = tables["states_without_stance"]
    assert sorted(set(zip(without["doc_id"], without["iso3"], strict=True)) - extracted) == []


# --- the codebook documents every table and every code ----------------------------------


def undocumented_sections(root: Path) -> list[str]:
    """Resources whose codebook section (their `x-codebook` label) is missing."""
    text = (root / "book" / "codebook.md").read_text(encoding="utf-8")
    return [
        r["name"] for r in registry.resources(root) if f"({r.get('x-codebook', '?')})=" not in text
    ]


def test_every_table_has_its_codebook_section():
    assert undocumented_sections(ROOT) == []


def test_codebook_defines_every_allowed_value_of_the_evidence():
    text = (ROOT / "book" / "codebook.md").read_text(encoding="utf-8")
    codes = set(evidence.load_table("propositions", ROOT)["id"])
    codes |= set(evidence.load_table("themes", ROOT)["id"])
    for res in registry.resources(ROOT, "evidence"):
        for f in res["schema"]["fields"]:
            codes |= set(map(str, f.get("constraints", {}).get("enum", [])))
    assert sorted(c for c in codes if f"`{c}`" not in text) == []


def test_codebook_quotes_are_verbatim_in_the_cited_document(texts):
    """Every "..." on a line of the codebook must be followed, on that line, by the {cite}
    of its document, and be verbatim in it. (Words that are not quotes from a source are
    set in italics, never in double quotes.)"""
    cite = re.compile(r"\{cite\}`([a-z0-9-]+)`")
    checked = 0
    lines = (ROOT / "book" / "codebook.md").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        assert line.count('"') % 2 == 0, f"line {number}: unbalanced quotes"
        for match in re.finditer(r"\"([^\"]+)\"", line):
            source = cite.search(line, match.end())
            assert source, f"line {number}: a quote without a citation after it"
            assert quotes.contains(texts[source.group(1)], match.group(1)), (number, match[1])
            checked += 1
    assert checked >= 30

"""Double coding: a chapter's agreement counts only its own units, and reads as 'not yet
measured' until a second coder has coded them; list fields are compared code by code
(presence or absence of each code), so that the order of a list never counts as a
disagreement and a missing code does."""

import csv

import pandas as pd
import pytest

from crimepolicy import reliability


def _add_second_coding(root, table, rows):
    path = root / "data" / "reliability" / f"{table}.csv"
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def _drop_second_coding(root, table, units):
    """Remove the second coder's rows for `units` from the book copy's reliability file."""
    path = root / "data" / "reliability" / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    kept = [rows[0]] + [r for r in rows[1:] if r[0] not in units]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(kept)


def test_a_themes_agreement_counts_only_the_units_of_its_rows(book_copy):
    # Start from a theme without a second coding of its positions.
    _drop_second_coding(
        book_copy,
        "positions",
        reliability.units_of_theme("positions", "cybercrime-treaty", book_copy),
    )
    before = reliability.agreement(book_copy, theme="cybercrime-treaty").set_index(
        ["table", "field"]
    )
    assert before.loc[("positions", "stance"), "units"] == 0
    others = reliability.agreement(book_copy, theme="civil-society-access").set_index(
        ["table", "field"]
    )
    everything_before = reliability.agreement(book_copy).set_index(["table", "field"])
    # pos-001 (Egypt, supports) agrees; pos-011 (the United States, opposes) does not.
    _add_second_coding(
        book_copy,
        "positions",
        [
            ["pos-001", "cyber-new-un-instrument", "supports", ""],
            ["pos-011", "cyber-new-un-instrument", "supports", ""],
        ],
    )
    after = reliability.agreement(book_copy, theme="cybercrime-treaty").set_index(
        ["table", "field"]
    )
    assert after.loc[("positions", "stance"), "units"] == 2
    assert after.loc[("positions", "stance"), "agree_before"] == 1
    assert after.loc[("positions", "proposition"), "agree_before"] == 2
    everything_after = reliability.agreement(book_copy).set_index(["table", "field"])
    unchanged = reliability.agreement(book_copy, theme="civil-society-access").set_index(
        ["table", "field"]
    )
    assert (
        unchanged.loc[("positions", "stance"), "units"]
        == others.loc[("positions", "stance"), "units"]
    )
    # The whole book's count grows by exactly the two units added to one theme.
    assert everything_after.loc[("positions", "stance"), "units"] == (
        everything_before.loc[("positions", "stance"), "units"] + 2
    )


def test_units_of_a_theme_follow_the_tables_theme_rule(root):
    cyber = reliability.units_of_theme("positions", "cybercrime-treaty", root)
    assert {"pos-001", "pos-060"} <= cyber
    assert "pos-015" not in cyber  # the Netherlands on civil society, same document


def _rows(**columns):
    return pd.DataFrame(columns)


def test_describe_says_not_yet_measured_before_a_second_coding():
    row = {"units": 0, "alpha_before": None}
    assert reliability.describe(row) == "not yet measured"
    assert reliability.describe({"units": 4, "alpha_before": float("nan")}) == (
        "not measurable (no variation)"
    )
    assert reliability.describe({"units": 9, "alpha_before": 0.8412}) == "α = 0.84"


def test_a_headline_is_reliable_only_when_every_field_it_rests_on_is():
    reliable = _rows(units=[5, 5], status=["reliable", "reliable"])
    assert reliability.qualifier(reliable).startswith("reliable")
    mixed = _rows(units=[5, 5], status=["reliable", "tentative"])
    assert reliability.qualifier(mixed).startswith("tentative (a field behind them")
    unmeasured = _rows(units=[5, 0], status=["reliable", "no variation"])
    assert reliability.qualifier(unmeasured).startswith("tentative until")
    weak = _rows(units=[5, 5], status=["tentative", "not for headlines"])
    assert reliability.qualifier(weak).startswith("not reliable enough for a headline")
    flat = _rows(units=[5, 5], status=["reliable", "no variation"])
    assert reliability.qualifier(flat) == (
        "reliable (α ≥ 0.80 on every field behind them that varies; 1 without variation, "
        "so not measurable)"
    )
    assert reliability.qualifier(_rows(units=[5], status=["no variation"])).startswith(
        "not measurable"
    )


def test_a_quote_is_seen_in_the_codebook_when_it_shares_five_words_with_it():
    codebook = "Brazil’s delegate called for a multilateral legal framework, as an example."
    quotes = pd.Series(
        [
            "Brazil's delegate called for a multilateral legal framework",  # curly or straight
            "called for a multilateral",  # four words only
            "Egypt's delegate said something else entirely",
            None,
        ]
    )
    assert list(reliability.seen_in(quotes, codebook)) == [True, False, False, False]


def test_the_codebook_as_seen_leaves_out_the_ambiguous_passages(root):
    seen = reliability.codebook_as_seen(root)
    assert reliability.AMBIGUOUS_HEADING not in seen and "## Double coding" in seen


def test_presence_gives_one_pair_per_unit_and_code():
    pairs = pd.DataFrame({"unit": ["u1", "u2"], "first": ["a;b", "c"], "second": ["b;a", pd.NA]})
    found = reliability.presence(pairs, ["a", "b", "c"])
    assert list(found.columns) == ["unit", "code", "first", "second"]
    assert len(found) == 6
    u1 = found[found["unit"] == "u1"].set_index("code")
    assert list(u1["first"]) == ["present", "present", "absent"]
    assert list(u1["first"]) == list(u1["second"])  # the order of a list does not count
    u2 = found[found["unit"] == "u2"].set_index("code")
    assert u2.loc["c", "first"] == "present" and u2.loc["a", "first"] == "absent"
    # An empty list (a row that bears on no theme) is a value: every code absent.
    assert list(u2["second"]) == ["absent"] * 3


def test_alpha_over_presence_pairs_drops_with_a_missing_code():
    pairs = pd.DataFrame(
        {"unit": ["u1", "u2", "u3"], "first": ["a;b", "c", "a"], "second": ["a;b", "c", "a"]}
    )
    same = reliability.presence(pairs, ["a", "b", "c"])
    assert reliability.alpha(same["first"], same["second"], "nominal") == pytest.approx(1.0)
    pairs.loc[0, "second"] = "a"  # the second coder leaves out one code of one unit
    differ = reliability.presence(pairs, ["a", "b", "c"])
    value = reliability.alpha(differ["first"], differ["second"], "nominal")
    assert value is not None and value < 0.9


def _write_second(book, table, header, rows):
    path = book / "data" / "reliability" / f"{table}.csv"
    lines = [",".join(header)] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_agreement_on_a_list_field_counts_sets_not_order(book_copy):
    first = reliability.load_table("crime_framings", book_copy).set_index("id")
    unit_a, unit_b = "cf-202", "cf-204"  # both hold lists of several codes
    crimes_a = ";".join(reversed(first.loc[unit_a, "crimes"].split(";")))  # same codes
    crimes_b = "wildlife trafficking"  # another code than the first coding's
    rows = [
        [
            unit_a,
            f'"{crimes_a}"',
            first.loc[unit_a, "links"],
            f'"{first.loc[unit_a, "responses"]}"',
            "",
        ],
        [unit_b, crimes_b, first.loc[unit_b, "links"], f'"{first.loc[unit_b, "responses"]}"', ""],
    ]
    _write_second(
        book_copy, "crime_framings", ["unit", "crimes", "links", "responses", "note"], rows
    )
    table = reliability.agreement(book_copy).set_index(["table", "field"])
    crimes = table.loc[("crime_framings", "crimes")]
    assert crimes["units"] == 2
    assert crimes["agree_before"] == 1  # the reordered list agrees, the other does not
    assert crimes["alpha_before"] < 0.8
    assert table.loc[("crime_framings", "responses"), "agree_before"] == 2
    assert table.loc[("crime_framings", "responses"), "alpha_before"] == pytest.approx(1.0)
    disagreements = reliability.disagreements(book_copy)
    assert set(disagreements.loc[disagreements["table"] == "crime_framings", "unit"]) == {unit_b}


def test_agreement_can_be_restricted_to_some_units(book_copy):
    first = reliability.load_table("crime_framings", book_copy).set_index("id")
    rows = [
        [unit, first.loc[unit, "crimes"], first.loc[unit, "links"], "none stated", ""]
        for unit in ("cf-205", "cf-206")  # cf-205 asks for nothing, cf-206 for a new instrument
    ]
    _write_second(
        book_copy, "crime_framings", ["unit", "crimes", "links", "responses", "note"], rows
    )
    every = reliability.agreement(book_copy).set_index(["table", "field"])
    one = reliability.agreement(book_copy, units=["cf-205"]).set_index(["table", "field"])
    assert every.loc[("crime_framings", "responses"), "units"] == 2
    assert every.loc[("crime_framings", "responses"), "agree_before"] == 1
    assert one.loc[("crime_framings", "responses"), "units"] == 1
    assert one.loc[("crime_framings", "responses"), "agree_before"] == 1
    assert one.loc[("positions", "stance"), "units"] == 0  # no position is among the units


def test_a_unit_added_from_the_second_coders_unitising_is_not_compared(book_copy):
    _drop_second_coding(
        book_copy,
        "positions",
        reliability.units_of_theme("positions", "cybercrime-treaty", book_copy),
    )
    _add_second_coding(
        book_copy,
        "positions",
        [
            ["pos-001", "cyber-new-un-instrument", "supports", ""],
            ["pos-011", "cyber-new-un-instrument", "opposes", reliability.FROM_UNITISING],
        ],
    )
    found = reliability.agreement(book_copy, theme="cybercrime-treaty").set_index(
        ["table", "field"]
    )
    assert found.loc[("positions", "stance"), "units"] == 1

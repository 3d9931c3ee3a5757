"""Double coding: list fields are compared code by code (presence or absence of each code),
so that the order of a list never counts as a disagreement and a missing code does."""

import pandas as pd
import pytest

from crimepolicy import reliability


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
    assert u2["second"].isna().all()  # no second value: missing, not absent


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

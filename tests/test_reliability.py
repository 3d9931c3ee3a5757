"""Double coding: a chapter's agreement counts only its own units, and reads as 'not yet
measured' until a second coder has coded them."""

import csv

import pandas as pd

from crimepolicy import reliability


def _add_second_coding(root, table, rows):
    path = root / "data" / "reliability" / f"{table}.csv"
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def test_a_themes_agreement_counts_only_the_units_of_its_rows(book_copy):
    before = reliability.agreement(book_copy, theme="cybercrime-treaty").set_index(
        ["table", "field"]
    )
    assert before.loc[("positions", "stance"), "units"] == 0
    others = reliability.agreement(book_copy, theme="civil-society-access").set_index(
        ["table", "field"]
    )
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
    unchanged = reliability.agreement(book_copy, theme="civil-society-access").set_index(
        ["table", "field"]
    )
    assert (
        unchanged.loc[("positions", "stance"), "units"]
        == others.loc[("positions", "stance"), "units"]
    )
    everything = reliability.agreement(book_copy).set_index(["table", "field"])
    assert everything.loc[("positions", "stance"), "units"] == (
        others.loc[("positions", "stance"), "units"] + 2
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

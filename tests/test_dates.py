"""Dates of reduced precision: parsing, precision, periods and midpoints."""

import pandas as pd
import pytest

from crimepolicy import dates


@pytest.mark.parametrize(
    ("value", "precision"), [("2022", "year"), ("2022-05", "month"), ("2022-05-27", "day")]
)
def test_precision_follows_the_form(value, precision):
    assert dates.precision(value) == precision
    assert dates.problem(value) is None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2022-02-30", "not a real date"),
        ("2022-13", "not a real date"),
        ("22-05-27", "not an ISO date"),
        ("2022/05/27", "not an ISO date"),
        ("May 2022", "not an ISO date"),
    ],
)
def test_problem_names_what_is_wrong(value, words):
    assert words in dates.problem(value)
    with pytest.raises(ValueError, match=words):
        dates.parse(value)


def test_period_and_midpoint_of_reduced_precision_dates():
    assert dates.period("2022") == (pd.Timestamp("2022-01-01"), pd.Timestamp("2022-12-31"))
    assert dates.period("2024-02") == (pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-29"))
    assert dates.period("2015-04-17") == (pd.Timestamp("2015-04-17"),) * 2
    assert dates.midpoint("2021") == pd.Timestamp("2021-07-02")
    assert dates.midpoint("2018-10") == pd.Timestamp("2018-10-16")


def test_span_runs_from_the_start_of_one_date_to_the_end_of_another():
    assert dates.span("2021", "2022-05") == (pd.Timestamp("2021-01-01"), pd.Timestamp("2022-05-31"))
    assert dates.span("2018-10-15", None) == (pd.Timestamp("2018-10-15"),) * 2

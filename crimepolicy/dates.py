"""Dates of reduced precision: ISO 8601 days (`2022-05-27`), months (`2022-05`) and years
(`2022`), as the documents give them. The one home of date parsing and precision in the
package: the catalog, the evidence tables and the context table all use it."""

import re
from datetime import date

import pandas as pd

# The precisions, with the length of an ISO date of that precision.
PRECISION_LENGTH = {"day": 10, "month": 7, "year": 4}
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def precision(value: str) -> str:
    """'day', 'month' or 'year': the precision of an ISO date string."""
    for name, length in PRECISION_LENGTH.items():
        if len(value) == length:
            return name
    raise ValueError(f"'{value}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")


def problem(value: str) -> str | None:
    """What is wrong with `value` as an ISO date of day, month or year precision, or None."""
    if not ISO_DATE.match(value):
        return f"'{value}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError as exc:
        return f"'{value}' is not a real date ({exc})"
    return None


def parse(value: str) -> date:
    """The first day of the period an ISO date names; ValueError if it is not one."""
    wrong = problem(value)
    if wrong:
        raise ValueError(wrong)
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def period(value: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day of the period an ISO date names."""
    start = pd.Timestamp(parse(value))
    kind = precision(value)
    if kind == "year":
        return start, start + pd.offsets.YearEnd(0)
    if kind == "month":
        return start, start + pd.offsets.MonthEnd(0)
    return start, start


def midpoint(value: str) -> pd.Timestamp:
    """The middle of the period an ISO date names (to place it on a time axis without
    pretending to know the day)."""
    start, end = period(value)
    return (start + (end - start) / 2).normalize()


def span(start: str, end: str | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first day of `start` to the last day of `end` (or of `start` when `end` is
    empty): the time an event with these dates may have taken."""
    first, last = period(start)
    if end:
        last = period(end)[1]
    return first, last

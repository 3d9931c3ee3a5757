"""Context beyond the corpus: a few dated public facts (`data/context.csv`), each with the
public source it comes from. They are shown apart from the coded evidence, labelled as such,
and never mixed into it."""

import pandas as pd

from .corpus import parse_iso
from .csvfile import read_rows
from .errors import CrimePolicyError
from .paths import THEMES, data_dir

CONTEXT = "context.csv"
COLUMNS = ("id", "date", "date_precision", "themes", "fact", "source_url", "uncertain")
PRECISION_LENGTH = {"day": 10, "month": 7, "year": 4}


def load_context(root=None) -> pd.DataFrame:
    """The context table, checked row by row (ids unique, dates real and as precise as
    stated, themes known, a source address for every fact)."""
    path = data_dir(root) / CONTEXT
    rows = read_rows(path, COLUMNS, ("id", "themes", "fact", "source_url"))
    seen = set()
    for row in rows:
        line = row["line"]
        if row["id"] in seen:
            raise CrimePolicyError(path, f"id '{row['id']}' repeats", line, "id")
        seen.add(row["id"])
        if not row["source_url"].startswith("https://"):
            raise CrimePolicyError(path, "the source must be an https address", line, "source_url")
        for theme in row["themes"].split(";"):
            if theme not in THEMES:
                raise CrimePolicyError(path, f"unknown theme '{theme}'", line, "themes")
        if row["date"]:
            parse_iso(row["date"], path, line, "date")
            if PRECISION_LENGTH.get(row["date_precision"]) != len(row["date"]):
                raise CrimePolicyError(
                    path, "the precision does not match the date", line, "date_precision"
                )
    return pd.DataFrame(rows, columns=list(COLUMNS)).replace("", pd.NA)

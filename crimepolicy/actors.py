"""Actors: mentions of states and organisations in the seeds.

States are found by their ISO 3166 names and the other forms these texts use
(`crimepolicy.countries`), normalised to ISO 3166 alpha-3. Organisations and groups of
states come from `data/organisations.csv`. Matching is case-sensitive (so "US" is not "us",
"WHO" not "who") and whole-word; where forms overlap the longest wins ("Russian
Federation" before "Russian", "Global Initiative to End Wildlife Crime" before "Global
Initiative").
"""

import re

import pandas as pd

from . import countries
from .evidence import load_table

COLUMNS = [
    "doc_id",
    "start",
    "end",
    "surface",
    "actor_type",
    "actor_id",
    "iso3",
    "name",
    "org_type",
]


def organisation_forms(root=None) -> dict[str, dict]:
    """Every surface form of an organisation or group: {alias: {org_id, name, org_type}}."""
    table = load_table("organisations", root)
    return {
        row.alias: {"org_id": row.org_id, "name": row.name, "org_type": row.org_type}
        for row in table.itertuples()
    }


def _pattern(forms) -> re.Pattern:
    alternatives = sorted(forms, key=lambda f: (-len(f), f))
    return re.compile(r"(?<![\w\-])(" + "|".join(map(re.escape, alternatives)) + r")(?![\w])")


def mentions(corpus: pd.DataFrame, root=None) -> pd.DataFrame:
    """Every mention of a state or organisation in each document of `corpus` (indexed by
    doc_id, with a `text` column). Columns: `doc_id`, `start`, `end`, `surface`,
    `actor_type` ('state' or 'organisation'), `actor_id` (alpha-3 or org id), `iso3`
    (states only), `name`, `org_type` (organisations only)."""
    states, orgs = countries.forms(root), organisation_forms(root)
    pattern = _pattern({**states, **orgs})
    rows = []
    for doc_id, text in corpus["text"].items():
        for m in pattern.finditer(text):
            surface = m.group(1)
            if surface in orgs:
                org = orgs[surface]
                rows.append(
                    (
                        doc_id,
                        m.start(),
                        m.end(),
                        surface,
                        "organisation",
                        org["org_id"],
                        None,
                        org["name"],
                        org["org_type"],
                    )
                )
            else:
                code = states[surface]
                rows.append(
                    (
                        doc_id,
                        m.start(),
                        m.end(),
                        surface,
                        "state",
                        code,
                        code,
                        countries.name(code),
                        None,
                    )
                )
    return pd.DataFrame(rows, columns=COLUMNS)


def mention_counts(found: pd.DataFrame) -> pd.DataFrame:
    """Mentions per actor: `actor_type`, `actor_id`, `name`, `mentions`, `documents`, sorted
    by mentions (then name)."""
    grouped = found.groupby(["actor_type", "actor_id", "name"], as_index=False).agg(
        mentions=("start", "size"), documents=("doc_id", "nunique")
    )
    return grouped.sort_values(["mentions", "name"], ascending=[False, True], ignore_index=True)

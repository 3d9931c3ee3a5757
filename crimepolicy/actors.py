"""Actors: mentions of states and organisations in the seeds.

States are found by their ISO 3166 names (from `pycountry`: name, common and official
names) and by the other forms these texts use (`data/state_aliases.csv`: Russia, Russian,
the US, UAE, Belarusian, ...), and normalised to ISO 3166 alpha-3 through `pycountry`.
Organisations and groups of states come from `data/organisations.csv`. Matching is
case-sensitive (so "US" is not "us", "WHO" not "who") and whole-word; where forms overlap
the longest wins ("Russian Federation" before "Russian", "Global Initiative to End Wildlife
Crime" before "Global Initiative").
"""

import re
from functools import lru_cache

import pandas as pd
import pycountry

from .csvfile import read_rows
from .errors import CrimePolicyError
from .paths import data_dir

STATE_ALIASES = "state_aliases.csv"
ORGANISATIONS = "organisations.csv"
ORG_COLUMNS = ("org_id", "name", "org_type", "alias")
ORG_TYPES = ("intergovernmental body", "group of states", "NGO", "other")


@lru_cache(maxsize=512)
def iso3(name: str) -> str | None:
    """The ISO 3166 alpha-3 code for a country name or code that pycountry knows, else None."""
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def state_name(code: str) -> str:
    """A readable name for an alpha-3 code: pycountry's common name where it has one."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise KeyError(code)
    return getattr(country, "common_name", None) or country.name


def state_forms(root=None) -> dict[str, str]:
    """Every surface form that names a state, mapped to its alpha-3 code."""
    forms = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:  # "Korea, Republic of" is never written so
                forms[value] = country.alpha_3
    path = data_dir(root) / STATE_ALIASES
    for row in read_rows(path, ("alias", "country"), ("alias", "country")):
        code = iso3(row["country"])
        if code is None:
            raise CrimePolicyError(
                path, f"'{row['country']}' is not an ISO 3166 country name", row["line"], "country"
            )
        forms[row["alias"]] = code
    return forms


def organisation_forms(root=None) -> dict[str, dict]:
    """Every surface form of an organisation or group: {alias: {org_id, name, org_type}}."""
    path = data_dir(root) / ORGANISATIONS
    forms = {}
    for row in read_rows(path, ORG_COLUMNS, ORG_COLUMNS):
        if row["org_type"] not in ORG_TYPES:
            raise CrimePolicyError(
                path,
                f"org_type '{row['org_type']}' is not one of {ORG_TYPES}",
                row["line"],
                "org_type",
            )
        forms[row["alias"]] = {k: row[k] for k in ("org_id", "name", "org_type")}
    return forms


def _pattern(forms) -> re.Pattern:
    alternatives = sorted(forms, key=lambda f: (-len(f), f))
    return re.compile(r"(?<![\w\-])(" + "|".join(map(re.escape, alternatives)) + r")(?![\w])")


def mentions(corpus: pd.DataFrame, root=None) -> pd.DataFrame:
    """Every mention of a state or organisation in each document of `corpus` (indexed by
    doc_id, with a `text` column). Columns: `doc_id`, `start`, `end`, `surface`,
    `actor_type` ('state' or 'organisation'), `actor_id` (alpha-3 or org id), `iso3`
    (states only), `name`, `org_type` (organisations only)."""
    states, orgs = state_forms(root), organisation_forms(root)
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
                        state_name(code),
                        None,
                    )
                )
    columns = [
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
    return pd.DataFrame(rows, columns=columns)


def mention_counts(found: pd.DataFrame) -> pd.DataFrame:
    """Mentions per actor: `actor_type`, `actor_id`, `name`, `mentions`, `documents`, sorted
    by mentions (then name)."""
    grouped = found.groupby(["actor_type", "actor_id", "name"], as_index=False).agg(
        mentions=("start", "size"), documents=("doc_id", "nunique")
    )
    return grouped.sort_values(["mentions", "name"], ascending=[False, True], ignore_index=True)

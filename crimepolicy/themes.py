"""Themes: how much each paragraph and document speaks of each of the four themes.

The vocabulary is data (`data/theme_lexicon.csv`, one row per theme and term). A term
matches as whole words, case-insensitively; a trailing `*` matches any ending. Within a
theme, overlapping terms count once (the longest match wins), so "review mechanism"
inside "UNTOC review mechanism" is one hit.
"""

import re

import pandas as pd

from .csvfile import read_rows
from .errors import CrimePolicyError
from .paths import THEMES, data_dir
from .text import paragraphs, per_thousand, term_pattern, word_count

LEXICON = "theme_lexicon.csv"


def load_lexicon(root=None) -> pd.DataFrame:
    """The theme lexicon as a table (`theme`, `term`, `note`), checked row by row."""
    path = data_dir(root) / LEXICON
    rows = read_rows(path, ("theme", "term", "note"), ("theme", "term"))
    for row in rows:
        if row["theme"] not in THEMES:
            raise CrimePolicyError(path, f"unknown theme '{row['theme']}'", row["line"], "theme")
    table = pd.DataFrame(rows, columns=["theme", "term", "note"])
    duplicated = table.duplicated(["theme", "term"])
    if duplicated.any():
        line = int(duplicated.idxmax()) + 2
        raise CrimePolicyError(path, "term repeats an earlier row of its theme", line, "term")
    return table


def theme_pattern(terms) -> re.Pattern:
    """One pattern for a theme's terms, longest first, so overlapping terms count once."""
    ordered = sorted(terms, key=lambda t: (-len(t.rstrip("*")), t))
    return re.compile("|".join(term_pattern(t).pattern for t in ordered), re.IGNORECASE)


def theme_hits(text: str, lexicon: pd.DataFrame) -> dict[str, int]:
    """Matches of each theme's vocabulary in a text: {theme: count} (0 for a theme with no
    terms)."""
    hits = {}
    for theme in THEMES:
        terms = list(lexicon.loc[lexicon["theme"] == theme, "term"])
        hits[theme] = len(theme_pattern(terms).findall(text)) if terms else 0
    return hits


def theme_scores(corpus: pd.DataFrame, lexicon: pd.DataFrame, by: str = "document") -> pd.DataFrame:
    """Theme hits per document (`by="document"`) or per paragraph (`by="paragraph"`), long form:
    `doc_id`, (`para`), `theme`, `hits`, `words`, `per_1000`."""
    if by not in ("document", "paragraph"):
        raise ValueError("by must be 'document' or 'paragraph'")
    rows = []
    for doc_id, text in corpus["text"].items():
        units = [(None, text)] if by == "document" else paragraphs(text)[["para", "text"]].values
        for para, unit in units:
            n = word_count(unit)
            for theme, hits in theme_hits(unit, lexicon).items():
                rows.append((doc_id, para, theme, hits, n, per_thousand(hits, n)))
    table = pd.DataFrame(rows, columns=["doc_id", "para", "theme", "hits", "words", "per_1000"])
    return table.drop(columns="para") if by == "document" else table

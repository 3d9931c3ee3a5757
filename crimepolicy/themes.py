"""Themes: the book's negotiation threads (`data/themes.csv`: id, label, colour, chapter)
and how much each paragraph and document speaks of each.

The vocabulary is data (`data/theme_lexicon.csv`, one row per theme and term). A term
matches as whole words, case-insensitively; a trailing `*` matches any ending. Within a
theme, overlapping terms count once (the longest match wins), so "review mechanism"
inside "UNTOC review mechanism" is one hit. Each theme's pattern is compiled once.
"""

import re
from functools import lru_cache

import pandas as pd

from .evidence import load_table
from .paths import root as find_root
from .text import (
    TERM_END,
    TERM_START,
    paragraphs,
    per_thousand,
    term_body,
    term_pattern,
    word_count,
)


def load_themes(root=None) -> pd.DataFrame:
    """The themes table (id, label, colour, chapter, description), in the book's order."""
    return load_table("themes", root)


def ids(root=None) -> list[str]:
    """The theme ids, in the book's order (the order of data/themes.csv)."""
    return _cached(str(find_root(root)))[0]


def colours(root=None) -> dict[str, str]:
    """{theme id: colour}: each theme's colour, used for that theme only."""
    return _cached(str(find_root(root)))[1]


def labels(root=None) -> dict[str, str]:
    """{theme id: display label}."""
    return _cached(str(find_root(root)))[2]


@lru_cache(maxsize=4)
def _cached(root: str):
    table = load_themes(root)
    return (
        list(table["id"]),
        dict(zip(table["id"], table["colour"], strict=True)),
        dict(zip(table["id"], table["label"], strict=True)),
    )


def load_lexicon(root=None) -> pd.DataFrame:
    """The theme lexicon as a table (`theme`, `term`, `note`), validated."""
    return load_table("theme_lexicon", root)


def theme_pattern(terms) -> re.Pattern:
    """One pattern for a theme's terms, longest first, so overlapping terms count once.

    The word boundaries stand once around the alternatives rather than in each (the same
    matches): inside a word the pattern then fails at once instead of trying every term,
    which makes scoring several times faster."""
    ordered = sorted(terms, key=lambda t: (-len(t.rstrip("*")), t))
    alternatives = "|".join(term_body(t) for t in ordered)
    return re.compile(f"{TERM_START}(?:{alternatives}){TERM_END}", re.IGNORECASE)


def compile_lexicon(lexicon: pd.DataFrame, theme_ids) -> dict[str, re.Pattern | None]:
    """{theme: compiled pattern of its terms} (None for a theme without terms)."""
    compiled = {}
    for theme in theme_ids:
        terms = list(lexicon.loc[lexicon["theme"] == theme, "term"])
        compiled[theme] = theme_pattern(terms) if terms else None
    return compiled


def theme_hits(text: str, patterns: dict) -> dict[str, int]:
    """Matches of each theme's vocabulary in a text: {theme: count}, from the patterns
    of `compile_lexicon`."""
    return {theme: len(p.findall(text)) if p else 0 for theme, p in patterns.items()}


def theme_scores(
    corpus: pd.DataFrame, lexicon: pd.DataFrame, by: str = "document", root=None
) -> pd.DataFrame:
    """Theme hits per document (`by="document"`) or per paragraph (`by="paragraph"`), long form:
    `doc_id`, (`para`), `theme`, `hits`, `words`, `per_1000`."""
    if by not in ("document", "paragraph"):
        raise ValueError("by must be 'document' or 'paragraph'")
    patterns = compile_lexicon(lexicon, ids(root))
    rows = []
    for doc_id, text in corpus["text"].items():
        units = [(None, text)] if by == "document" else paragraphs(text)[["para", "text"]].values
        for para, unit in units:
            n = word_count(unit)
            for theme, hits in theme_hits(unit, patterns).items():
                rows.append((doc_id, para, theme, hits, n, per_thousand(hits, n)))
    table = pd.DataFrame(rows, columns=["doc_id", "para", "theme", "hits", "words", "per_1000"])
    return table.drop(columns="para") if by == "document" else table


def term_matches(corpus: pd.DataFrame, lexicon: pd.DataFrame, theme: str, width: int = 6):
    """Every match of one theme's vocabulary in each document, as keyword in context:
    `doc_id`, `term`, `start`, `left`, `match`, `right` (`width` words either side). Each
    match is counted once, for the longest term that matches it, as `theme_hits` counts
    ('cybercrime' under *cybercrime\\**, not also under *cyber\\**), so that the matches of a
    document add up to its theme hits."""
    from .text import WORD

    terms = list(lexicon.loc[lexicon["theme"] == theme, "term"])
    ordered = sorted(terms, key=lambda t: (-len(t.rstrip("*")), t))
    singles = [(t, term_pattern(t)) for t in ordered]
    combined = theme_pattern(terms)
    rows = []
    for doc_id, text in corpus["text"].items():
        for m in combined.finditer(text):
            term = next(t for t, pattern in singles if pattern.fullmatch(m.group()))
            left = WORD.findall(text[max(0, m.start() - 400) : m.start()])[-width:]
            right = WORD.findall(text[m.end() : m.end() + 400])[:width]
            rows.append((doc_id, term, m.start(), " ".join(left), m.group(), " ".join(right)))
    return pd.DataFrame(rows, columns=["doc_id", "term", "start", "left", "match", "right"])

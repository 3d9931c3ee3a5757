"""Context beyond the corpus: a few dated public facts (`data/context.csv`), each with the
official page it comes from. They are shown apart from the coded evidence, labelled as
such, and never mixed into it. The table is validated like every other (registry)."""

import pandas as pd

from .evidence import load_table


def load_context(root=None) -> pd.DataFrame:
    """The context table, validated (ids unique, dates real and as precise as stated,
    themes known, an https source for every fact)."""
    return load_table("context", root)


def for_themes(context: pd.DataFrame, themes) -> pd.DataFrame:
    """The rows of `context` tied to any of `themes`."""
    wanted = set(themes)
    mask = context["themes"].fillna("").str.split(";").map(lambda items: bool(wanted & set(items)))
    return context[mask]

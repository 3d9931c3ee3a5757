"""Helpers for the open book on UN crime-policy negotiations.

Modules: `corpus` (the verified seeds), `text` (paragraphs, sentences, frequencies,
keyness), `themes` (theme scores from the lexicon), `actors` (state and organisation
mentions), `evidence` (the coded tables), `plots` (the house style), `tables` (rendered
tables), `context` (dated facts from beyond the corpus, with their sources), `errors` (the
one exception type for bad input).
"""

from . import actors, context, corpus, errors, evidence, paths, plots, tables, text, themes
from .corpus import load_corpus
from .errors import CrimePolicyError
from .paths import THEMES

__all__ = [
    "THEMES",
    "CrimePolicyError",
    "actors",
    "context",
    "corpus",
    "evidence",
    "errors",
    "load_corpus",
    "paths",
    "plots",
    "tables",
    "text",
    "themes",
]

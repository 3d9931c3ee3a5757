"""Helpers for the open book on UN crime-policy negotiations.

Modules: `corpus` (the verified seeds), `text` (paragraphs, sentences, frequencies,
keyness), `themes` (the themes and their vocabulary), `actors` (state and organisation
mentions), `countries` (ISO 3166 names and codes), `dates` (dates of reduced precision),
`quotes` (verbatim matching), `evidence` (the coded tables), `registry` (the data
package), `validate` (the checks), `reliability` (double coding and agreement),
`context` (dated facts from beyond the corpus), `plots` (the figures), `prose` (values in
sentences), `maps` (world
maps of states), `tables` (rendered
tables), `passages` (the documents as numbered passages, and where each quote is),
`explorer` (every coded row, for the evidence explorer), `errors` (the one exception
type for bad input).

Submodules are imported when first used, so that `import crimepolicy` is fast and a
notebook pays only for what it uses (pandas, matplotlib and Frictionless are heavy).
"""

import importlib

from .errors import CrimePolicyError

_MODULES = {
    "actors",
    "build",
    "context",
    "corpus",
    "countries",
    "dates",
    "evidence",
    "explorer",
    "maps",
    "passages",
    "paths",
    "plots",
    "prose",
    "quotes",
    "registry",
    "reliability",
    "tables",
    "text",
    "themes",
    "validate",
    "worksheet",
}
_NAMES = {"load_corpus": "corpus"}


def __getattr__(name):
    if name in _MODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in _NAMES:
        return getattr(importlib.import_module(f".{_NAMES[name]}", __name__), name)
    raise AttributeError(f"module 'crimepolicy' has no attribute '{name}'")


def __dir__():
    return sorted([*_MODULES, *_NAMES, "CrimePolicyError"])


__all__ = ["CrimePolicyError", "load_corpus"]

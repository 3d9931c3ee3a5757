"""Quotes: how a coded quote is matched against its document.

A quote is *verbatim*: it must appear in the document character for character, except
that any run of whitespace (spaces, tabs, line breaks, non-breaking spaces) matches any
other run. Nothing else is forgiven: typographic quotes and apostrophes (‘ ’ “ ”) must be
the source's, dashes stay dashes, and a word hyphenated in one place is not the unhyphenated
word elsewhere (the seeds keep each paragraph on one line, so they have no hyphenation at
line ends to undo).
"""

import re

WHITESPACE = re.compile(r"\s+")


def collapse(text: str) -> str:
    """`text` with every run of whitespace replaced by one space, stripped."""
    return WHITESPACE.sub(" ", text).strip()


def contains(text: str, quote: str) -> bool:
    """True when `quote` is verbatim in `text` (see the module docstring)."""
    needle = collapse(quote)
    return bool(needle) and needle in collapse(text)


def _pattern(quote: str) -> re.Pattern:
    words = collapse(quote).split(" ")
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def locate(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) span of `text` where `quote` occurs, as offsets into `text`
    itself (not into its collapsed form), in order. Empty when the quote is not there."""
    if not collapse(quote):
        return []
    pattern = _pattern(quote)
    spans, position = [], 0
    while True:
        found = pattern.search(text, position)
        if not found:
            return spans
        spans.append((found.start(), found.end()))
        position = found.start() + 1

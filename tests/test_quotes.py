"""Quote matching: what 'verbatim' forgives (runs of whitespace) and what it does not."""

import pytest

from crimepolicy import quotes

SOURCE = (
    "Member states – but, notably, not civil society groups – are invited to submit.\n"
    "The Russian Federation’s delegate said a new\u00a0legal instrument could help.\n"
    "It is ‘at least a little bit groundbreaking’, one delegate said of the civil-society role."
)


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        # Runs of whitespace of any kind match: a line break, a non-breaking space, tabs.
        ("invited to submit. The Russian Federation’s", True),
        ("said a new legal instrument", True),
        ("said   a\tnew\n legal instrument", True),
        # Typographic quotes and apostrophes must be the source's own.
        ("The Russian Federation's delegate", False),
        ("'at least a little bit groundbreaking'", False),
        ("‘at least a little bit groundbreaking’", True),
        # Dashes stay dashes.
        ("Member states - but, notably", False),
        ("Member states – but, notably", True),
        # A hyphenated word is not the unhyphenated one, nor one split at a line end.
        ("the civil society role", False),
        ("the civil-\nsociety role", False),
        ("the civil-society role", True),
        # Case counts; an empty or blank quote never matches.
        ("member states – but", False),
        ("   ", False),
        ("", False),
    ],
)
def test_contains_forgives_whitespace_only(quote, found):
    assert quotes.contains(SOURCE, quote) is found


def test_collapse_normalises_every_kind_of_whitespace():
    assert quotes.collapse(" a\u00a0b\n\nc\t d ") == "a b c d"


def test_locate_returns_spans_in_the_original_text():
    spans = quotes.locate(SOURCE, "said a new legal instrument")
    assert len(spans) == 1
    start, end = spans[0]
    assert SOURCE[start:end] == "said a new\u00a0legal instrument"


def test_locate_finds_every_occurrence_and_nothing_for_a_missing_quote():
    text = "the review mechanism and the review\nmechanism"
    assert quotes.locate(text, "review mechanism") == [(4, 20), (29, 45)]
    assert quotes.locate(text, "peer review") == []

"""The prose pages cite what exists and quote what the sources say."""

import re

import pytest

from crimepolicy.text import WORD

CITE = re.compile(r"\{cite\}`([^`]+)`")
QUOTED_THEN_CITED = re.compile(r"“?\"([^\"]+)\"[^{\n]*\{cite\}`([a-z0-9-]+)`")


def _bib_entries(root):
    text = (root / "book" / "references.bib").read_text(encoding="utf-8")
    return dict(re.findall(r"@\w+\{([^,]+),(?:.|\n)*?year\s*=\s*\{(\d{4})\}", text))


def test_every_catalogued_document_has_a_bibliography_entry_with_its_year(root, corpus):
    entries = _bib_entries(root)
    for doc_id, row in corpus.iterrows():
        assert entries.get(doc_id) == row["published"][:4], doc_id


@pytest.mark.parametrize("page", ["intro.md", "glossary.md", "bibliography.md"])
def test_every_citation_key_exists(root, page):
    entries = _bib_entries(root)
    text = (root / "book" / page).read_text(encoding="utf-8")
    for group in CITE.findall(text):
        for key in group.split(","):
            assert key.strip() in entries, f"{page}: unknown citation {key}"


def test_glossary_quotes_are_verbatim_in_the_cited_document(corpus, root):
    text = (root / "book" / "glossary.md").read_text(encoding="utf-8")
    found = QUOTED_THEN_CITED.findall(text)
    assert len(found) >= 8
    for quote, doc_id in found:
        source = " ".join(corpus.loc[doc_id, "text"].split())
        assert " ".join(quote.split()) in source, (doc_id, quote)
        assert WORD.search(quote)

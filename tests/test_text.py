"""Text helpers on made-up inputs (exact values) and on the real seeds (offsets cite back)."""

import math
from collections import Counter

import pandas as pd
import pytest

from crimepolicy import text

SAMPLE = "First line here.\n\n  Second paragraph. It has two sentences.\nThird: civil-society!\n"


def test_paragraphs_have_exact_offsets():
    paras = text.paragraphs(SAMPLE)
    assert list(paras["text"]) == [
        "First line here.",
        "Second paragraph. It has two sentences.",
        "Third: civil-society!",
    ]
    for row in paras.itertuples():
        assert SAMPLE[row.start : row.end] == row.text


def test_sentences_split_and_cite_back():
    sents = text.sentences(SAMPLE)
    assert list(sents["text"]) == [
        "First line here.",
        "Second paragraph.",
        "It has two sentences.",
        "Third: civil-society!",
    ]
    assert list(sents["para"]) == [1, 2, 2, 3]
    assert all(SAMPLE[r.start : r.end] == r.text for r in sents.itertuples())


def test_sentences_of_every_seed_cite_back(corpus):
    for doc_id, doc in corpus["text"].items():
        sents = text.sentences(doc)
        assert len(sents) > 20, doc_id
        assert all(doc[r.start : r.end] == r.text for r in sents.itertuples()), doc_id


def test_sentence_splitter_keeps_abbreviations_together(corpus):
    doc = corpus.loc["crime-congress13-2015", "text"]
    start = doc.index("at 10 a.m. on Saturday")
    assert "at 10 a.m. on Saturday, 18 April" in text.sentence_at(doc, start, start + 5)


def test_words_and_counts():
    assert text.words("UNTOC’s state-centric 2026 Congress") == [
        "untoc’s",
        "state-centric",
        "2026",
        "congress",
    ]
    assert text.word_count(SAMPLE) == 11
    assert text.per_thousand(3, 1500) == 2.0
    assert text.per_thousand(3, 0) == 0.0


def test_keyword_in_context_matches_both_spellings():
    doc = "We want civil society in. The civil-society role is weak, said the NGO."
    kwic = text.keyword_in_context(doc, "civil society", width=2)
    assert list(kwic["match"]) == ["civil society", "civil-society"]
    assert list(kwic["left"]) == ["We want", "in The"]
    assert list(kwic["right"]) == ["in The", "role is"]
    assert doc[kwic.loc[1, "start"] : kwic.loc[1, "end"]] == "civil-society"


def test_term_pattern_wildcard_and_word_boundaries():
    pattern = text.term_pattern("wildlife*")
    assert pattern.findall("Wildlife crime, wildlife-related, not antiwildlife") == [
        "Wildlife",
        "wildlife-related",
    ]
    assert text.term_pattern("NGO*").findall("NGOs and an NGO, not aNGO") == ["NGOs", "NGO"]


def test_term_counts_drop_function_words_and_count_phrases():
    counts = text.term_counts("the review mechanism and the review mechanism of the convention")
    assert counts == Counter({"review": 2, "mechanism": 2, "convention": 1})
    bigrams = text.term_counts("the review mechanism and the review mechanism", n=2)
    assert bigrams == Counter({"review mechanism": 2})


def test_term_frequencies_per_thousand():
    freq = text.term_frequencies(pd.Series({"a": "crime crime policy", "b": "policy"}))
    a = freq[freq["doc_id"] == "a"].set_index("term")
    assert a.loc["crime", "count"] == 2
    assert a.loc["crime", "per_1000"] == pytest.approx(2000 / 3)


def test_log_likelihood_matches_a_hand_computed_value():
    # a=10 of 1,000 words against b=5 of 10,000: expected 1.364 and 13.636.
    expected = 2 * (
        10 * math.log(10 / (1000 * 15 / 11000)) + 5 * math.log(5 / (10000 * 15 / 11000))
    )
    assert text.log_likelihood(10, 5, 1000, 10000) == pytest.approx(expected)
    assert text.log_likelihood(5, 50, 1000, 10000) == pytest.approx(0.0)
    assert text.log_ratio(10, 5, 1000, 10000) == pytest.approx(math.log2(20))


def test_keyness_finds_each_documents_subject(corpus):
    top = {
        doc_id: set(text.keyness(corpus["text"], doc_id).head(6)["term"]) for doc_id in corpus.index
    }
    assert {"review", "mechanism"} <= top["untoc-cop-2018"]
    assert "protocol" in top["ccpcj31-2022"]
    table = text.keyness(corpus["text"], "untoc-cop-2018")
    assert table["g2"].is_monotonic_decreasing
    assert (table["target_count"] >= 3).all()


def test_neighbours_count_content_words_around_the_term():
    docs = pd.Series(
        {"a": "The state excluded civil society from talks. Civil society groups protested."}
    )
    table = text.neighbours(docs, "civil society", width=2)
    counts = dict(zip(table["word"], table["count"], strict=True))
    # "talks" is in the window of both matches, so it counts twice.
    assert counts == {"state": 1, "excluded": 1, "talks": 2, "groups": 1, "protested": 1}
    assert "civil" not in counts and "the" not in counts


def test_keyness_reference_is_the_rest_of_the_corpus():
    docs = pd.Series(
        {
            "a": "treaty treaty treaty treaty convention",
            "b": "treaty protocol protocol",
            "c": "protocol convention convention",
        }
    )
    table = text.keyness(docs, "a", min_count=1).set_index("term")
    # 'treaty': 4 of a's 5 words against 1 of the other documents' 6.
    assert table.loc["treaty", ["target_count", "reference_count"]].tolist() == [4, 1]
    assert table.loc["treaty", "g2"] == pytest.approx(text.log_likelihood(4, 1, 5, 6))
    assert "convention" not in table.index  # less frequent in a (1/5) than elsewhere (2/6)
    counts = text.corpus_counts(docs)
    assert text.keyness(docs, "a", min_count=1, counts=counts).equals(table.reset_index())


def test_a_term_ends_at_a_closing_quotation_mark_but_not_inside_a_possessive():
    pattern = text.term_pattern("ICTs")
    assert pattern.findall("the terminology of ‘criminal misuse of ICTs’ was not included") == [
        "ICTs"
    ]
    assert text.term_pattern("UNTOC").findall("UNTOC’s review and UNTOC’ and UNTOC") == [
        "UNTOC",
        "UNTOC",
    ]
    found = text.keyword_in_context("of ‘wild fauna and flora’. There", "flora")
    assert list(found["match"]) == ["flora"]

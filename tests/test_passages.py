"""Passages: stable anchors, where a quote lies (and the two cases that cannot link
exactly), which rows cite which passage, and which relevant passages are not coded."""

import hashlib

import pandas as pd
import pytest

from crimepolicy import CrimePolicyError, passages

TEXT = (
    "The Commission met in Vienna. Russia opposed the draft.\n"
    "\n"
    "A neutral line about the weather. The cybercrime treaty was discussed at length.\n"
    "Russia opposed the draft again, and nobody noticed.\n"
)

# A digest of every anchor and the words it names, per document. If a new sentence
# splitter (or a changed seed, which `check` refuses) moved an anchor, the book's links
# would point at other words: this fails first.
FINGERPRINTS = {
    "crime-congress13-2015": "82c85492ed41b9f6",
    "untoc-cop-2018": "6f255614e8ce608a",
    "kyoto-followup-2021": "36ee888e86b68958",
    "ccpcj31-2022": "0ef1efbfc3176c33",
    "ccpcj33-2024": "ed07d1b9ff866ad7",
}


def fingerprint(doc_id: str, text: str) -> str:
    table = passages.sentences(doc_id, text)
    lines = "\n".join(f"{a}\t{t}" for a, t in zip(table["anchor"], table["text"], strict=True))
    return hashlib.sha256(lines.encode()).hexdigest()[:16]


def test_anchors_name_the_document_the_paragraph_and_the_sentence():
    assert passages.anchor("ccpcj31-2022", 5) == "ccpcj31-2022-p5"
    assert passages.anchor("ccpcj31-2022", 5, 2) == "ccpcj31-2022-p5-s2"
    table = passages.sentences("doc-2020", TEXT)
    assert list(table["anchor"]) == [
        "doc-2020-p1-s1",
        "doc-2020-p1-s2",
        "doc-2020-p2-s1",
        "doc-2020-p2-s2",
        "doc-2020-p3-s1",
    ]
    assert list(table["para_anchor"].unique()) == ["doc-2020-p1", "doc-2020-p2", "doc-2020-p3"]
    # Offsets are into the text itself.
    for row in table.itertuples():
        assert TEXT[row.start : row.end] == row.text


def test_every_anchor_of_the_corpus_names_the_same_words_as_when_the_book_was_written(corpus):
    assert set(FINGERPRINTS) <= set(corpus.index)
    found = {d: fingerprint(d, corpus.loc[d, "text"]) for d in FINGERPRINTS}
    assert found == FINGERPRINTS


def test_a_few_anchors_by_their_words(corpus):
    def words(doc_id, anchor):
        table = passages.sentences(doc_id, corpus.loc[doc_id, "text"])
        return table.set_index("anchor").loc[anchor, "text"]

    assert words("ccpcj31-2022", "ccpcj31-2022-p1-s1") == "Posted on 27 May 2022"
    assert words("untoc-cop-2018", "untoc-cop-2018-p1-s1").startswith(
        "After years of disagreements"
    )
    assert (
        words("crime-congress13-2015", "crime-congress13-2015-p28-s2") == "Not an official record."
    )


def test_anchors_do_not_depend_on_other_documents_or_on_the_coding(corpus):
    doc_id = "ccpcj31-2022"
    alone = passages.sentences(doc_id, corpus.loc[doc_id, "text"])
    bigger = pd.concat(
        [corpus[["text"]], pd.DataFrame({"text": ["Russia said no."]}, index=["new-doc-2030"])]
    )
    no_rows = pd.DataFrame(columns=passages.CITATION_COLUMNS)
    within = passages.coverage(bigger, no_rows)
    assert list(within.loc[within["doc_id"] == doc_id, "anchor"]) == list(alone["anchor"])


def test_a_changed_seed_is_refused_before_any_anchor_is_made(book_copy):
    seed = next((book_copy / "seeds").glob("000_*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8").replace("Posted", "Written"), encoding="utf-8")
    with pytest.raises(CrimePolicyError, match="checksum"):
        passages.texts(book_copy)


def test_a_quote_in_one_sentence_links_to_the_sentence():
    place = passages.place("d-2020", TEXT, "Russia opposed the draft.")
    assert (place.anchor, place.level, place.note) == ("d-2020-p1-s2", "sentence", "")
    assert place.sentences == ("d-2020-p1-s2",)
    assert TEXT[place.start : place.end] == "Russia opposed the draft."


def test_whitespace_in_a_quote_may_differ_from_the_source():
    assert passages.place("d-2020", TEXT, "met   in\nVienna").anchor == "d-2020-p1-s1"


def test_a_quote_across_sentences_links_to_its_paragraph():
    place = passages.place("d-2020", TEXT, "in Vienna. Russia opposed")
    assert (place.anchor, place.level) == ("d-2020-p1", "paragraph")
    assert place.sentences == ("d-2020-p1-s1", "d-2020-p1-s2")
    assert place.note == ""


def test_a_quote_across_paragraphs_links_to_the_first_and_says_so():
    place = passages.place("d-2020", TEXT, "discussed at length. Russia opposed the draft again")
    assert place.anchor == "d-2020-p2" and place.paragraphs == (2, 3)
    assert "runs across paragraphs 2 to 3" in place.note
    assert "link goes to paragraph 2" in place.note


def test_words_found_twice_link_to_the_first_and_say_where_the_others_are():
    place = passages.place("d-2020", TEXT, "Russia opposed the draft")
    assert place.anchor == "d-2020-p1-s2"
    assert place.others == ("d-2020-p3-s1",)
    assert "occur 2 times" in place.note and "also in paragraph 3" in place.note


def test_a_quote_that_is_not_there_has_no_place():
    assert passages.place("d-2020", TEXT, "Russia supported the draft") is None
    assert passages.place("d-2020", TEXT, "   ") is None


def test_find_looks_in_the_named_document_or_in_the_whole_corpus(root):
    place = passages.find("Angola, Kenya and Peru tabled a resolution", "ccpcj31-2022", root)
    assert place.anchor.startswith("ccpcj31-2022-p")
    assert passages.find("Angola, Kenya and Peru tabled a resolution", root=root) == place
    assert passages.find("Angola, Kenya and Peru tabled a resolution", "ccpcj33-2024", root) is None
    assert passages.find("words that no document of the corpus contains", root=root) is None
    with pytest.raises(CrimePolicyError, match="no document 'nope-2020'"):
        passages.find("anything", "nope-2020", root)


def test_words_in_two_documents_link_to_the_earlier_and_say_so(root):
    place = passages.find("civil society", root=root)
    assert place.doc_id == "crime-congress13-2015"  # the earliest document
    assert "also in untoc-cop-2018" in place.note


def test_citations_place_every_quote_of_every_table(root):
    frame = pd.DataFrame(
        {
            "id": ["fig-901", "fig-902"],
            "doc_id": ["d-2020", "d-2020"],
            "quote": ["Russia opposed the draft.", "in Vienna. Russia opposed"],
        }
    )
    cited = passages.citations({"figures": frame}, {"d-2020": TEXT}, root)
    assert list(cited["id"]) == ["fig-901", "fig-902"]
    assert list(cited["anchor"]) == ["d-2020-p1-s2", "d-2020-p1"]
    assert list(cited["level"]) == ["sentence", "paragraph"]


def test_a_quote_missing_from_its_document_names_the_file_row_and_column(root):
    frame = pd.DataFrame({"id": ["fig-901"], "doc_id": ["d-2020"], "quote": ["not in it"]})
    with pytest.raises(CrimePolicyError) as raised:
        passages.citations({"figures": frame}, {"d-2020": TEXT}, root)
    assert str(raised.value).startswith("data/figures.csv, line 2, column 'quote'")


def test_uncoded_sentences_use_a_themes_words_or_name_an_actor_and_no_row_cites_them(root):
    corpus = pd.DataFrame({"text": [TEXT]}, index=["d-2020"])
    frame = pd.DataFrame({"id": ["fig-901"], "doc_id": ["d-2020"], "quote": ["at length"]})
    cited = passages.citations({"figures": frame}, {"d-2020": TEXT}, root)
    table = passages.coverage(corpus, cited, root).set_index("anchor")
    # "The cybercrime treaty was discussed at length": cited.
    assert table.loc["d-2020-p2-s2", "cited"] and not table.loc["d-2020-p2-s2", "uncoded"]
    assert table.loc["d-2020-p2-s2", "themes"] == ("cybercrime-treaty",)
    # "Russia opposed the draft.": names an actor, cited by nothing.
    assert table.loc["d-2020-p1-s2", "uncoded"]
    assert table.loc["d-2020-p1-s2", "actors"] == ("Russian Federation",)
    # The weather: neither relevant nor coded.
    assert not table.loc["d-2020-p2-s1", "relevant"] and not table.loc["d-2020-p2-s1", "uncoded"]
    counts = passages.coverage_by_document(passages.coverage(corpus, cited, root))
    row = counts.loc["d-2020"]
    assert (row["sentences"], row["relevant"], row["coded"], row["uncoded"]) == (5, 3, 1, 2)
    assert row["share_coded"] == pytest.approx(1 / 3)


def test_document_coverage_counts_every_document_of_the_corpus(root, corpus):
    table = passages.document_coverage(root)
    assert list(table["doc_id"]) == list(corpus.index)
    assert (table["coded"] + table["uncoded"] == table["relevant"]).all()
    assert (table["relevant"] <= table["sentences"]).all()
    assert table["share_coded"].between(0, 1).all()


def test_a_quote_link_is_escaped_and_says_when_it_cannot_be_exact():
    place = passages.place("d-2020", TEXT, "Russia opposed the draft")
    html = passages.quote_html("Russia <opposed>", place, "../book/sources/d-2020.html#x")
    assert 'href="../book/sources/d-2020.html#x"' in html
    assert 'data-passage="d-2020#d-2020-p1-s2"' in html
    assert "Russia &lt;opposed&gt;</a>" in html
    assert '<span class="cp-quote-note">(These words occur 2 times' in html
    across = passages.place("d-2020", TEXT, "at length. Russia")
    assert 'data-spans="2"' in passages.quote_html("q", across, "u", named=False)
    assert "data-passage" not in passages.quote_html("q", across, "u", named=False)


def test_links_are_relative_to_the_page_that_shows_them(root):
    assert (
        passages.href("ccpcj31-2022", "ccpcj31-2022-p5", start=root / "notebooks", root=root)
        == "../book/sources/ccpcj31-2022.html#ccpcj31-2022-p5"
    )
    assert passages.href("ccpcj31-2022", start=root, root=root) == "book/sources/ccpcj31-2022.html"

"""Theme scoring: exact counts on made-up text, plausible ranks on the seeds, bad lexicon rows."""

import pandas as pd
import pytest

import crimepolicy as cp
from crimepolicy import themes

LEXICON = pd.DataFrame(
    {
        "theme": ["review-mechanism", "review-mechanism", "wildlife-protocol"],
        "term": ["review mechanism", "UNTOC review mechanism", "wildlife*"],
        "note": ["", "", ""],
    }
)


def test_overlapping_terms_count_once():
    patterns = themes.compile_lexicon(LEXICON, themes.ids())
    hits = themes.theme_hits("The UNTOC review mechanism; a review mechanism; Wildlife.", patterns)
    assert hits["review-mechanism"] == 2
    assert hits["wildlife-protocol"] == 1
    assert hits["cybercrime-treaty"] == 0


def test_scores_by_paragraph_and_document():
    corpus = pd.DataFrame(
        {"text": ["wildlife wildlife\nreview mechanism here now"]}, index=["d-2020"]
    )
    by_doc = themes.theme_scores(corpus, LEXICON).set_index("theme")
    assert by_doc.loc["wildlife-protocol", "hits"] == 2
    assert by_doc.loc["wildlife-protocol", "per_1000"] == pytest.approx(2000 / 6)
    by_para = themes.theme_scores(corpus, LEXICON, by="paragraph")
    assert set(by_para["para"]) == {1, 2}
    assert by_para.query("para == 2 and theme == 'review-mechanism'")["hits"].item() == 1


def test_real_lexicon_ranks_the_documents_plausibly(corpus):
    rates = themes.theme_scores(corpus, themes.load_lexicon()).pivot(
        index="doc_id", columns="theme", values="per_1000"
    )
    assert rates["cybercrime-treaty"].idxmax() == "crime-congress13-2015"
    assert rates["wildlife-protocol"].idxmax() == "ccpcj31-2022"
    assert rates["review-mechanism"].idxmax() == "untoc-cop-2018"
    assert rates.loc["untoc-cop-2018", "civil-society-access"] > 20


def test_themes_come_from_data_in_the_books_order():
    assert themes.ids() == [
        "cybercrime-treaty",
        "wildlife-protocol",
        "review-mechanism",
        "civil-society-access",
    ]
    colours = themes.colours()
    assert len(set(colours.values())) == 4
    assert themes.labels()["review-mechanism"] == "Review mechanism"


def test_unknown_theme_in_the_lexicon_is_named(book_copy):
    path = book_copy / "data" / "theme_lexicon.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = "cyber-treaty,botnet,"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(cp.CrimePolicyError, match=r"theme_lexicon.csv, line 4, column 'theme'"):
        themes.load_lexicon(book_copy)


def test_theme_pattern_finds_what_its_terms_find_one_by_one(corpus):
    """Word boundaries stated once around the alternatives match exactly what each term's
    own bounded pattern matches (longest first)."""
    import re

    from crimepolicy import text

    lexicon = themes.load_lexicon()
    for theme in themes.ids():
        terms = list(lexicon.loc[lexicon["theme"] == theme, "term"])
        ordered = sorted(terms, key=lambda t: (-len(t.rstrip("*")), t))
        one_by_one = re.compile("|".join(text.term_pattern(t).pattern for t in ordered), re.I)
        for doc in corpus["text"]:
            assert themes.theme_pattern(terms).findall(doc) == one_by_one.findall(doc), theme


def test_term_matches_count_each_match_once_for_its_longest_term(corpus):
    lexicon = themes.load_lexicon()
    found = themes.term_matches(corpus, lexicon, "cybercrime-treaty", width=3)
    hits = themes.theme_scores(corpus, lexicon).query("theme == 'cybercrime-treaty'")
    assert found.groupby("doc_id").size().to_dict() == {
        doc: n for doc, n in zip(hits["doc_id"], hits["hits"], strict=True) if n
    }
    in_2015 = found[found["doc_id"] == "crime-congress13-2015"]
    assert set(in_2015.loc[in_2015["match"].str.lower() == "cybercrime", "term"]) == {"cybercrime*"}
    assert set(in_2015.loc[in_2015["match"] == "cyberspace", "term"]) == {"cyber*"}
    icts = found[found["term"] == "ICTs"].iloc[0]
    assert (icts["doc_id"], icts["left"], icts["right"]) == (
        "ccpcj33-2024",
        "criminal misuse of",
        "was not included",
    )


def test_term_matches_on_a_made_up_text():
    corpus = pd.DataFrame({"text": ["Online fraud, online-only; the Internet."]}, index=["d"])
    lexicon = pd.DataFrame({"theme": ["t", "t"], "term": ["online", "Internet"]})
    found = themes.term_matches(corpus, lexicon, "t", width=1)
    assert list(found["match"]) == ["Online", "online", "Internet"]
    assert list(found["left"]) == ["", "fraud", "the"]
    assert list(found["right"]) == ["fraud", "only", ""]

"""The text cache (crimepolicy.artefacts): each document is derived once per content and
method, a new document costs only itself, the cache never changes a result, and splitting
on several cores gives what one core gives."""

import pandas as pd
import pytest

from crimepolicy import artefacts, text

DOCS = {
    "a": "First line here.\n\nSecond paragraph. It has two sentences.\n",
    "b": "Another document. Short.\n",
}


class Counting:
    """A derive function that records which texts it was given."""

    def __init__(self):
        self.seen = []

    def __call__(self, value):
        self.seen.append(value)
        return len(value)


def test_each_document_is_derived_once(tmp_path):
    derive = Counting()
    first = artefacts.derived("length", DOCS, derive, workers=1, cache=tmp_path)
    again = artefacts.derived("length", DOCS, derive, workers=1, cache=tmp_path)
    assert first == again == {"a": len(DOCS["a"]), "b": len(DOCS["b"])}
    assert sorted(derive.seen) == sorted(DOCS.values())


def test_a_new_or_changed_document_costs_only_itself(tmp_path):
    derive = Counting()
    artefacts.derived("length", DOCS, derive, workers=1, cache=tmp_path)
    grown = {**DOCS, "c": "A third one.\n", "b": "Another document, edited.\n"}
    result = artefacts.derived("length", grown, derive, workers=1, cache=tmp_path)
    assert derive.seen[len(DOCS) :] == ["Another document, edited.\n", "A third one.\n"]
    assert list(result) == ["a", "b", "c"]  # the caller's order


def test_salt_and_kind_keep_artefacts_apart(tmp_path):
    derive = Counting()
    artefacts.derived("length", DOCS, derive, workers=1, cache=tmp_path)
    artefacts.derived("length", DOCS, derive, salt="other words", workers=1, cache=tmp_path)
    artefacts.derived("size", DOCS, derive, workers=1, cache=tmp_path)
    assert len(derive.seen) == 3 * len(DOCS)


def test_without_a_cache_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv(artefacts.CACHE_ENV, str(tmp_path / "cache"))
    derive = Counting()
    artefacts.derived("length", DOCS, derive, workers=1, cache=None)
    artefacts.derived("length", DOCS, derive, workers=1, cache=None)
    assert len(derive.seen) == 2 * len(DOCS)
    assert not (tmp_path / "cache").exists()


def test_a_damaged_cache_file_is_derived_again(tmp_path):
    derive = Counting()
    artefacts.derived("length", DOCS, derive, workers=1, cache=tmp_path)
    for stored in tmp_path.rglob("*.pickle"):
        stored.write_bytes(b"not a pickle")
    assert artefacts.derived("length", DOCS, derive, workers=1, cache=tmp_path)["a"] == len(
        DOCS["a"]
    )
    assert len(derive.seen) == 2 * len(DOCS)


def test_the_cache_lives_in_build_unless_moved(tmp_path, monkeypatch):
    monkeypatch.delenv(artefacts.CACHE_ENV, raising=False)
    assert artefacts.cache_dir(tmp_path) == tmp_path / "_build" / "text-cache"
    monkeypatch.setenv(artefacts.CACHE_ENV, str(tmp_path / "elsewhere"))
    assert artefacts.cache_dir(tmp_path) == tmp_path / "elsewhere"


def test_several_cores_split_as_one_does(corpus, monkeypatch):
    monkeypatch.setattr(artefacts, "PARALLEL_FROM", 0)
    texts = corpus["text"]
    parallel = artefacts.derived("sentences", texts, text.sentence_spans, workers=2, cache=None)
    serial = {doc_id: text.sentence_spans(doc) for doc_id, doc in texts.items()}
    assert parallel == serial


def test_corpus_sentences_are_each_documents_sentences(corpus, tmp_path):
    texts = corpus["text"]
    for _ in range(2):  # deriving, then from the cache
        table = text.corpus_sentences(texts, workers=1, cache=tmp_path)
        expected = pd.concat(
            [text.sentences(doc).assign(doc_id=doc_id) for doc_id, doc in texts.items()],
            ignore_index=True,
        )[table.columns]
        pd.testing.assert_frame_equal(table, expected)
    assert list(tmp_path.glob("sentences/*/*.pickle"))


def test_corpus_counts_from_the_cache_equal_a_fresh_count(corpus, tmp_path):
    texts = corpus["text"]
    fresh = text.corpus_counts(texts, cache=None)
    text.corpus_counts(texts, cache=tmp_path)
    cached = text.corpus_counts(texts, cache=tmp_path)
    assert cached == fresh
    doc_id = texts.index[0]
    assert cached["documents"][doc_id] == (
        text.term_counts(texts[doc_id]),
        text.word_count(texts[doc_id]),
    )


@pytest.mark.parametrize("workers", [1, 2])
def test_an_empty_corpus_has_no_sentences(workers, tmp_path):
    table = text.corpus_sentences(pd.Series(dtype=str), workers=workers, cache=tmp_path)
    assert table.empty and list(table.columns)[:2] == ["doc_id", "para"]

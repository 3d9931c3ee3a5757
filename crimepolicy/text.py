"""Text: paragraphs and sentences with character offsets, words, keyword-in-context,
term and phrase frequencies per 1,000 words, and keyness.

Helpers of one text are pure functions. Helpers of a corpus (`corpus_sentences`,
`corpus_counts`, and `keyness` through it) take each document's sentences and counts from
the text cache (`artefacts`), so they cost time only for documents not seen before.

Offsets are positions in the document's text as stored in `seeds/`, so any span can be
cited back to its source with `text[start:end]`.
"""

import math
import re
from collections import Counter
from functools import lru_cache

import pandas as pd
import pysbd

_DEFAULT = object()  # "the default text cache" (None turns the cache off)

# A word: letters or digits, joined by inner apostrophes or hyphens ("state-centric", "UNTOC’s").
WORD = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*")


@lru_cache(maxsize=4)
def _function_words(root: str) -> frozenset:
    from .evidence import load_table

    return frozenset(load_table("function_words", root)["word"].str.lower())


def stopwords(root=None) -> frozenset:
    """English function words from `data/function_words.csv`, lower case. (General stop
    lists such as the `stop-words` package's also drop content words like "state" and "new",
    which matter in this corpus.)"""
    from .paths import root as find_root

    return _function_words(str(find_root(root)))


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, in order."""
    return [m.group().lower() for m in WORD.finditer(text)]


def word_count(text: str) -> int:
    return sum(1 for _ in WORD.finditer(text))


def _paragraph_spans(text: str) -> list[tuple[int, int, str]]:
    spans, offset = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = offset + line.index(stripped)
            spans.append((start, start + len(stripped), stripped))
        offset += len(line)
    return spans


def paragraphs(text: str) -> pd.DataFrame:
    """One row per paragraph (a non-blank line of the seed): `para`, `start`, `end`, `text`.

    The seeds put each paragraph (and each heading) on a line of its own.
    """
    table = pd.DataFrame(_paragraph_spans(text), columns=["start", "end", "text"])
    table.insert(0, "para", range(1, len(table) + 1))
    return table


@lru_cache(maxsize=1)
def _segmenter():
    return pysbd.Segmenter(language="en", clean=False)


def sentence_spans(text: str) -> list[tuple[int, int, int]]:
    """(paragraph number, start, end) of every sentence of a text, in order.

    Sentence boundaries come from pysbd's rule-based segmenter, run on each paragraph;
    offsets are recomputed by locating each sentence in order, so they are exact.
    """
    spans = []
    for number, (start, _, body) in enumerate(_paragraph_spans(text), start=1):
        cursor = start
        for piece in _segmenter().segment(body):
            piece = piece.strip()
            if not piece:
                continue
            begin = text.index(piece, cursor)
            spans.append((number, begin, begin + len(piece)))
            cursor = begin + len(piece)
    return spans


def _sentence_table(text: str, spans) -> pd.DataFrame:
    table = pd.DataFrame(
        [(para, start, end, text[start:end]) for para, start, end in spans],
        columns=["para", "start", "end", "text"],
    )
    table.insert(1, "sent", range(1, len(table) + 1))
    return table


def sentences(text: str) -> pd.DataFrame:
    """One row per sentence: `para`, `sent` (1-based within the document), `start`, `end`,
    `text` (see `sentence_spans`)."""
    return _sentence_table(text, sentence_spans(text))


def corpus_sentences(texts: pd.Series, workers: int | None = None, cache=_DEFAULT) -> pd.DataFrame:
    """`sentences` of every document (the Series index), long form with `doc_id` first.

    Each document is split once per content (kept in the text cache, see `artefacts`);
    documents not split before are split on `workers` processes (default: every core).
    """
    from . import artefacts

    options = {} if cache is _DEFAULT else {"cache": cache}
    spans = artefacts.derived("sentences", texts, sentence_spans, workers=workers, **options)
    frames = []
    for doc_id, text in texts.items():
        frame = _sentence_table(text, spans[doc_id])
        frame.insert(0, "doc_id", doc_id)
        frames.append(frame)
    columns = ["doc_id", "para", "sent", "start", "end", "text"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence(s) containing the span text[start:end]."""
    table = sentences(text)
    hit = table[(table["end"] > start) & (table["start"] < end)]
    return " ".join(hit["text"])


# A term starts and ends at word boundaries (apostrophes and hyphens are inside words).
TERM_START = r"(?<![\w’-])"
# A word may end at a closing quotation mark (‘criminal misuse of ICTs’), but not before an
# apostrophe that goes on into a word (UNTOC’s).
TERM_END = r"(?!\w|’\w)"


def term_body(term: str) -> str:
    """The pattern of a term without its boundaries: its words joined by spaces or
    hyphens, and any word ending when the term ends with `*`."""
    stem = term.rstrip("*")
    words_ = [re.escape(w) for w in stem.split()]
    body = r"[\s\-]+".join(words_)
    tail = r"[\w’'\-]*" if term.endswith("*") else ""
    return body + tail


def term_pattern(term: str) -> re.Pattern:
    """A case-insensitive whole-word pattern; a trailing `*` matches any word ending."""
    return re.compile(TERM_START + term_body(term) + TERM_END, re.IGNORECASE)


def keyword_in_context(text: str, term: str, width: int = 6) -> pd.DataFrame:
    """Every match of `term` with `width` words either side.

    Columns: `start`, `end`, `left`, `match`, `right`.
    """
    rows = []
    for m in term_pattern(term).finditer(text):
        left = WORD.findall(text[max(0, m.start() - 400) : m.start()])[-width:]
        right = WORD.findall(text[m.end() : m.end() + 400])[:width]
        rows.append((m.start(), m.end(), " ".join(left), m.group(), " ".join(right)))
    return pd.DataFrame(rows, columns=["start", "end", "left", "match", "right"])


def per_thousand(count, n_words):
    """A count per 1,000 words (0 for an empty text)."""
    return 1000 * count / n_words if n_words else 0.0


def ngrams(tokens: list[str], n: int) -> list[str]:
    return [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def term_counts(text: str, n: int = 1, drop_stopwords: bool = True) -> Counter:
    """Counts of words (n=1) or phrases of n words; phrases that begin or end with a
    function word, or any word with no letter, are dropped when `drop_stopwords`."""
    tokens = words(text)
    counts = Counter(tokens if n == 1 else ngrams(tokens, n))
    if not drop_stopwords:
        return counts
    stop = stopwords()

    def keep(gram):
        parts = gram.split()
        return (
            parts[0] not in stop
            and parts[-1] not in stop
            and all(any(ch.isalpha() for ch in p) for p in parts)
        )

    # Filtering distinct terms after counting (not every occurrence) keeps the counts and
    # their first-seen order, at a fraction of the cost.
    return Counter({gram: count for gram, count in counts.items() if keep(gram)})


def term_frequencies(texts: pd.Series, n: int = 1, top: int | None = None) -> pd.DataFrame:
    """Per document (the Series index), each term's `count` and `per_1000` words, long form.

    `n` = 1 gives words, 2 two-word phrases; `top` keeps each document's most frequent terms.
    """
    frames = []
    for doc_id, text in texts.items():
        counts = term_counts(text, n)
        total = word_count(text)
        frame = pd.DataFrame(
            sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])), columns=["term", "count"]
        )
        if top:
            frame = frame.head(top)
        frame.insert(0, "doc_id", doc_id)
        frame["per_1000"] = frame["count"].map(lambda c, t=total: per_thousand(c, t))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """Dunning's log-likelihood G² for a term seen `a` times in a target of `c` words and
    `b` times in a reference of `d` words (Rayson & Garside 2000)."""
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    g2 = 0.0
    if a:
        g2 += a * math.log(a / e1)
    if b:
        g2 += b * math.log(b / e2)
    return 2 * g2


def log_ratio(a: int, b: int, c: int, d: int) -> float:
    """Hardie's (2014) Log Ratio effect size: log2 of the ratio of relative frequencies,
    with 0.5 added to zero counts so a term absent from one side stays finite."""
    return math.log2(((a or 0.5) / c) / ((b or 0.5) / d))


KEYNESS_TYPES = {
    "target_count": "int64",
    "reference_count": "int64",
    "g2": "float64",
    "log_ratio": "float64",
    "p_below_0_001": "bool",
}


def keyness(
    texts: pd.Series, target, min_count: int = 3, counts: dict | None = None
) -> pd.DataFrame:
    """Words over-used in document `target` against the rest of the corpus.

    Method: Dunning's log-likelihood (G²) for significance and Hardie's Log Ratio for size.
    Returns `term`, `target_count`, `reference_count`, `g2`, `log_ratio`, `p_below_0_001`
    for terms at least `min_count` times in the target and more frequent there than in the
    reference, sorted by G² (then term, for a stable order). `counts` (from
    `corpus_counts(texts)`) avoids recounting the corpus for each target: the reference is
    the corpus total minus the target, so a call costs one pass over the target's terms.
    """
    counts = counts or corpus_counts(texts)
    target_counts, c = counts["documents"][target]
    total, all_words = counts["total"], counts["words"]
    d = all_words - c
    rows = []
    for term, a in target_counts.items():
        if a < min_count:
            continue
        b = total[term] - a
        if a / c <= b / d:
            continue
        g2 = log_likelihood(a, b, c, d)
        # 10.83 is the chi-square critical value for p < 0.001 with one degree of freedom.
        rows.append((term, a, b, g2, log_ratio(a, b, c, d), g2 > 10.83))
    # Sorted and typed here rather than by pandas: with a corpus of many small documents,
    # a call's cost is otherwise mostly pandas' fixed cost of building a small table.
    rows.sort(key=lambda row: (-row[3], row[0]))
    columns = ["term", "target_count", "reference_count", "g2", "log_ratio", "p_below_0_001"]
    table = pd.DataFrame(rows, columns=columns)
    return table if rows else table.astype(KEYNESS_TYPES)  # typed even when empty


def counts_and_words(text: str) -> tuple[Counter, int]:
    """A text's `term_counts` (words, function words dropped) and its `word_count`."""
    return term_counts(text), word_count(text)


def corpus_counts(texts: pd.Series, cache=_DEFAULT) -> dict:
    """Term counts and word counts of every document, and their totals, computed once:
    {"documents": {doc_id: (Counter, words)}, "total": Counter, "words": int}.

    Each document's counts are kept in the text cache (see `artefacts`), under its content
    and the function words, so that a corpus grown by one document counts only that one.
    """
    from . import artefacts

    stop = "\n".join(sorted(stopwords()))
    options = {} if cache is _DEFAULT else {"cache": cache}
    documents = artefacts.derived(
        "term-counts", texts, counts_and_words, salt=artefacts.text_digest(stop), **options
    )
    total = Counter()
    for found, _ in documents.values():
        total.update(found)
    return {"documents": documents, "total": total, "words": sum(n for _, n in documents.values())}


def neighbours(texts: pd.Series, term: str, width: int = 5) -> pd.DataFrame:
    """The company a term keeps: content words within `width` words either side of each
    match of `term`, counted per document (the Series index). Columns: `doc_id`, `word`,
    `count`, sorted by document, then count (descending), then word."""
    own = set(words(term.rstrip("*")))
    rows = []
    for doc_id, text in texts.items():
        counts = Counter()
        for row in keyword_in_context(text, term, width).itertuples():
            for word in words(f"{row.left} {row.right}"):
                if word not in stopwords() and word not in own and any(c.isalpha() for c in word):
                    counts[word] += 1
        rows.extend((doc_id, word, count) for word, count in counts.items())
    table = pd.DataFrame(rows, columns=["doc_id", "word", "count"])
    return table.sort_values(
        ["doc_id", "count", "word"], ascending=[True, False, True], ignore_index=True
    )

"""The evidence explorer's rows and HTML: every coded row once, described from the data
package, each quote at a passage that contains it, and a table the script can filter."""

import re
from html import unescape

import pandas as pd
import pytest

from crimepolicy import evidence, explorer, passages, quotes, themes


@pytest.fixture(scope="module")
def tables(root):
    return evidence.load_evidence(root)


@pytest.fixture(scope="module")
def texts(root):
    return passages.texts(root)


@pytest.fixture(scope="module")
def rows(tables, texts, root):
    return explorer.rows(tables, texts, root)


def link(docname, anchor=None):
    return f"/{docname}.html" + (f"#{anchor}" if anchor else "")


@pytest.fixture(scope="module")
def page(rows, corpus, root):
    return explorer.html(
        rows,
        link,
        themes.labels(root),
        dict(zip(corpus.index, corpus["label"], strict=True)),
        {"notebooks/05-civil-society-access": "Civil-society access"},
        ("notebooks/90-data", "The evidence data"),
    )


def test_every_row_with_a_quote_is_listed_once(rows, tables, root):
    expected = {
        (name, row_id)
        for name, frame in tables.items()
        if passages.quote_fields(name, root) and "doc_id" in frame
        for row_id in frame["id"]
    }
    assert set(zip(rows["table"], rows["id"], strict=True)) == expected
    assert len(rows) == len(expected)
    assert rows["row_anchor"].is_unique
    assert "propositions" not in set(rows["table"])  # no quote, no row


def test_every_quote_is_at_a_passage_that_contains_it(rows, texts):
    for row in rows.itertuples():
        assert row.quotes, row.row_anchor
        for _, quote, place in row.quotes:
            table = passages.sentences(place.doc_id, texts[place.doc_id])
            if place.level == "sentence":
                words = table.set_index("anchor").loc[place.anchor, "text"]
            else:
                words = " ".join(table.loc[table["para_anchor"] == place.anchor, "text"])
            assert quotes.contains(words, quote), (row.row_anchor, place.anchor)


def test_rows_are_described_by_the_tables_x_summary(rows, tables):
    position = rows.set_index("row_anchor").loc["positions-pos-001"]
    record = tables["positions"].set_index("id").loc["pos-001"]
    assert position["actor"] == record["actor"]
    assert position["coded"] == (
        ("stance", record["stance"]),
        ("proposition", record["proposition"]),
    )
    assert f"stance: {record['stance']}" in position["categories"]
    assert position["themes"] == (record["theme"],)
    # A state coded by its code only is named as the positions table names it.
    named = rows[rows["table"] == "states_without_stance"]
    assert not named["actor"].str.fullmatch(r"[A-Z]{3}").any()


def test_a_row_links_to_the_chapters_of_its_themes(rows, root):
    chapters = dict(
        zip(themes.load_themes(root)["id"], themes.load_themes(root)["chapter"], strict=True)
    )
    for row in rows.itertuples():
        assert row.chapters == tuple(dict.fromkeys(chapters[t] for t in row.themes))


def test_summary_falls_back_to_the_fields_with_a_closed_list(root):
    assert explorer.summary("positions", root) == {
        "actor": "actor",
        "coded": ["stance", "proposition"],
    }
    fallback = explorer.summary("themes", root)  # a vocabulary, without x-summary
    assert fallback == {"actor": None, "coded": []}


def test_categorical_fields_are_closed_lists_scales_and_references(root):
    assert explorer.is_categorical("positions", "stance", root)  # enum
    assert explorer.is_categorical("cs_channels", "strength_rank", root)  # integer scale
    assert explorer.is_categorical("positions", "proposition", root)  # foreign key
    assert not explorer.is_categorical("figures", "measures", root)  # free text


@pytest.mark.parametrize(
    ("value", "shown"),
    [(23000000000.0, "23,000,000,000"), (2.5, "2.5"), (3, "3"), (True, "true"), ("x", "x")],
)
def test_values_are_shown_as_a_reader_writes_them(value, shown):
    assert explorer.shown_value(value) == shown


def test_the_page_has_one_labelled_control_per_filter_and_starts_hidden(page):
    form = re.search(r"<form[^>]*>", page).group(0)
    assert " hidden" in form and 'role="search"' in form
    for control in ("q", "theme", "actor", "document", "table", "coded"):
        assert f'<label for="cp-{control}">' in page
        assert f'id="cp-{control}" name="{control}"' in page
    assert 'role="status" aria-live="polite"' in page


def test_the_table_has_a_caption_headers_and_one_row_per_coded_row(page, rows):
    assert "<caption>" in page
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page)
    assert headers == explorer.HEADERS
    ids = re.findall(r'<tr id="([^"]+)">', page)
    assert ids == list(rows["row_anchor"])


def _cells(page, row_anchor):
    row = re.search(rf'<tr id="{row_anchor}">(.*?)</tr>', page).group(1)
    return re.findall(r"<td>(.*?)</td>", row)


def test_filter_values_are_the_lines_of_the_cells_they_read(page, rows, corpus):
    """The script compares a filter's value with the text lines of one column: every
    option of every filter must be such a line in some row."""
    columns = {
        "theme": explorer.THEMES,
        "actor": explorer.ACTOR,
        "document": explorer.DOCUMENT,
        "table": explorer.TABLE,
        "coded": explorer.CODED,
    }
    lines = {c: set() for c in range(len(explorer.HEADERS))}
    for anchor in rows["row_anchor"]:
        for column, cell in enumerate(_cells(page, anchor)):
            text = re.sub(r"<(?!br>)[^>]+>.*?</[^>]+>", "", cell)  # elements are not lines
            lines[column].update(unescape(part).strip() for part in text.split("<br>"))
    for name, column in columns.items():
        select = re.search(rf'<select id="cp-{name}"[^>]*>(.*?)</select>', page).group(1)
        values = [unescape(v) for v in re.findall(r'<option value="([^"]*)"', select) if v]
        assert values, name
        missing = [v for v in values if v not in lines[column]]
        assert not missing, (name, missing[:5])


def test_a_quote_links_to_its_passage_and_the_row_to_its_chapter(page):
    cells = _cells(page, "positions-pos-001")
    quote = cells[explorer.QUOTE]
    assert re.match(
        r'<a class="cp-quote" href="/book/sources/[a-z0-9-]+\.html#[a-z0-9-]+-p\d+', quote
    )
    assert "data-passage" not in quote  # the explorer's links are written for their page
    chapter = cells[explorer.CHAPTER]
    assert chapter in (
        '<a href="/notebooks/05-civil-society-access.html">Civil-society access</a>',
        '<a href="/notebooks/90-data.html">The evidence data</a>',
    )


def test_a_row_whose_chapter_is_not_written_links_to_the_data_chapter(rows):
    row = rows[rows["themes"] == ("cybercrime-treaty",)].head(1)
    html = explorer.html(
        row, link, {"cybercrime-treaty": "Cybercrime treaty"}, {}, {}, ("d", "Data")
    )
    assert '<a href="/d.html">Data</a>' in html


def test_filters_list_every_choice_once_in_a_stable_order(rows, corpus, root):
    choices = explorer.filters(rows, themes.labels(root), dict(corpus["label"]))
    assert choices["theme"][-1] == explorer.NO_THEME
    assert [d for d, _ in choices["document"]] == [
        d for d in corpus.index if d in set(rows["doc_id"])
    ]
    assert choices["actor"] == sorted(set(choices["actor"]), key=str.casefold)
    strength = dict(choices["coded"])["strength_rank"]
    assert strength == sorted(strength, key=float)
    assert len(choices["table"]) == rows["table"].nunique()


def test_an_empty_frame_gives_an_empty_table():
    empty = pd.DataFrame(columns=explorer.ROW_COLUMNS)
    html = explorer.html(empty, link, {}, {}, {})
    assert "<tbody></tbody>" in html and "0 rows" in html

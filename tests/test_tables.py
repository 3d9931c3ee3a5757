"""Rendered tables: titled, sourced, deterministic, and styled only within themselves."""

import re

import pandas as pd
import pytest

from crimepolicy import CrimePolicyError, passages, tables


def _html():
    frame = pd.DataFrame({"actor": ["Norway", "Egypt"], "stance": ["supports", "opposes"]})
    return tables.table(
        frame, table_id="camps", title="Two camps", source="made up", labels={"actor": "Actor"}
    ).data


def test_table_has_title_labels_source_and_rows():
    html = _html()
    assert "Two camps" in html and "Source: made up" in html
    assert ">Actor<" in html and "Norway" in html and "opposes" in html


def test_every_css_rule_is_scoped_to_the_table():
    css = re.search(r"<style>(.*?)</style>", _html(), re.S).group(1)
    selectors = [s.strip() for block in re.findall(r"([^{}]+)\{", css) for s in block.split(",")]
    unscoped = [s for s in selectors if s and not s.startswith("#camps") and not s.startswith("@")]
    assert unscoped == []


def test_output_is_identical_on_rerun():
    assert _html() == _html()


def test_a_quote_links_to_the_passage_that_holds_it_and_a_document_to_its_page(root):
    frame = pd.DataFrame(
        {
            "actor": ["Angola"],
            "quote": ["Angola, Kenya and Peru tabled a resolution"],
            "doc_id": ["ccpcj31-2022"],
        }
    )
    html = tables.table(frame, table_id="t", title="T", source="s").data
    place = passages.find(frame["quote"][0], "ccpcj31-2022", root)
    link = re.search(r'<a class="cp-quote" href="([^"]+)" data-passage="([^"]+)">([^<]+)</a>', html)
    assert link, html
    href, passage, text = link.groups()
    assert href.endswith(f"book/sources/ccpcj31-2022.html#{place.anchor}")
    assert passage == f"ccpcj31-2022#{place.anchor}"
    assert text == "Angola, Kenya and Peru tabled a resolution"
    assert re.search(
        r'<a href="[^"]*book/sources/ccpcj31-2022.html" data-passage="ccpcj31-2022"', html
    )


def test_a_quote_without_a_document_column_is_looked_up_in_the_corpus():
    frame = pd.DataFrame({"quote": ["Angola, Kenya and Peru tabled a resolution", ""]})
    html = tables.table(frame, table_id="t", title="T", source="s").data
    assert html.count('class="cp-quote"') == 1
    assert 'data-passage="ccpcj31-2022#ccpcj31-2022-p' in html


def test_a_quote_its_document_does_not_contain_is_refused():
    frame = pd.DataFrame({"quote": ["Angola, Kenya and Peru tabled"], "doc_id": ["ccpcj33-2024"]})
    with pytest.raises(CrimePolicyError, match="row 1, column 'quote', is not in ccpcj33-2024"):
        tables.table(frame, table_id="t", title="T", source="s")


def test_every_quote_column_is_linked_and_other_columns_are_left_alone():
    frame = pd.DataFrame(
        {"outcome_quote": ["the UN’s annual crime policy get-together"], "note": ["<b>"]}
    )
    linked, columns = tables.link_sources(frame)
    assert columns == ["outcome_quote"]
    assert linked["outcome_quote"][0].startswith('<a class="cp-quote"')
    assert linked["note"][0] == "<b>"  # escaped later by great_tables, like any cell
    assert "&lt;b&gt;" in tables.table(frame, table_id="t", title="T", source="s").data


def test_web_addresses_become_short_links():
    frame = pd.DataFrame(
        {
            "fact": ["a", "b", "c"],
            "source": [
                "https://www.unodc.org/unodc/en/cybercrime/ad_hoc_committee/home",
                "https://coe.int/fr",
                "",
            ],
        }
    )
    html = tables.table(frame, table_id="ctx", title="t", source="s", links=["source"]).data
    assert '<a href="https://www.unodc.org/unodc/en/cybercrime/ad_hoc_committee/home">' in html
    assert ">unodc.org/…/home</a>" in html
    assert '<a href="https://coe.int/fr">coe.int/fr</a>' in html
    assert tables.short_url("https://unis.unvienna.org/x/y/z.html") == "unis.unvienna.org/…/z.html"


def test_link_columns_show_the_site_and_keep_the_address():
    frame = pd.DataFrame(
        {"fact": ["a <b> fact"], "source": ["https://legal.un.org/avl/ha/uncc/uncc.html"]}
    )
    html = tables.table(
        frame, table_id="links", title="Links", source="made up", links=["source"]
    ).data
    assert (
        '<a href="https://legal.un.org/avl/ha/uncc/uncc.html">legal.un.org/…/uncc.html</a>' in html
    )
    assert "a &lt;b&gt; fact" in html  # other columns stay plain, escaped text


def test_a_sortable_table_is_marked_for_the_sorting_script_and_others_are_not():
    frame = pd.DataFrame({"actor": ["Norway", "Egypt"]})
    sortable = tables.table(frame, table_id="s", title="t", source="s", sortable=True).data
    plain = tables.table(frame, table_id="p", title="t", source="s").data
    assert f'class="gt_table {tables.SORTABLE_CLASS}"' in sortable
    assert tables.SORTABLE_CLASS not in plain

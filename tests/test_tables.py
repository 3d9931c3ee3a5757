"""Rendered tables: titled, sourced, deterministic, and styled only within themselves."""

import re

import pandas as pd

from crimepolicy import tables


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


def test_link_columns_show_the_site_and_keep_the_address():
    frame = pd.DataFrame(
        {"fact": ["a <b> fact"], "source": ["https://legal.un.org/avl/ha/uncc/uncc.html"]}
    )
    html = tables.table(
        frame, table_id="links", title="Links", source="made up", links=["source"]
    ).data
    assert '<a href="https://legal.un.org/avl/ha/uncc/uncc.html">legal.un.org</a>' in html
    assert "a &lt;b&gt; fact" in html  # other columns stay plain, escaped text

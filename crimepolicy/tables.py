"""Tables rendered for the book with great_tables, as plain HTML displays.

great_tables gives a readable, accessible table (header, source note, column labels);
displaying it as `IPython.display.HTML` keeps the stored output free of memory addresses
(a GT object's own repr contains them), so nbval can compare it exactly.

Every quote a table shows links to the passage of its document that holds it (the
document's page under "Sources", `crimepolicy.passages`), and every document id to that
page, so that a reader can check a quote in one click. No chapter has to ask for this: a
column named `quote` (or ending in `_quote`) is linked whenever the table shows one.
"""

import re
from html import escape

import pandas as pd
from great_tables import GT
from IPython.display import HTML

from . import passages
from .errors import CrimePolicyError


def table(
    frame: pd.DataFrame,
    *,
    table_id: str,
    title: str,
    source: str,
    labels: dict | None = None,
    widths: dict | None = None,
    links: list | None = None,
    sortable: bool = False,
) -> HTML:
    """A titled table with a source note. `table_id` must be unique on its page (it scopes
    the table's CSS); `labels` renames columns for display; `widths` maps columns to CSS
    widths such as "40%". Quotes and document ids become links (see the module docstring);
    `links` names columns of web addresses, shown as links whose text is the short address
    (a long address would not wrap, and would squeeze the other columns). `sortable` lets a
    reader sort the rows by any column (the book's `sortable.js` turns the column heads
    into buttons; without the script the table reads as it was written)."""
    frame, linked = link_sources(frame.reset_index(drop=True), table_id)
    if links:
        frame = frame.assign(**{c: frame[c].map(_link, na_action="ignore") for c in links})
    gt = GT(frame, id=table_id).tab_header(title=title)
    if links:
        gt = gt.fmt_markdown(columns=list(links))
    gt = gt.tab_source_note(f"Source: {source}")
    if linked:
        # The linked cells are HTML already (escaped by link_sources): keep them as they are.
        gt = gt.fmt(columns=linked, fns=lambda cell: cell)
    if labels:
        gt = gt.cols_label(**labels)
    if widths:
        gt = gt.cols_width(widths)
    html = gt.as_raw_html()
    if sortable:
        html = mark_sortable(html, table_id)
    return HTML(scope_css(html, table_id))


SORTABLE_CLASS = "cp-sortable"


def mark_sortable(html: str, table_id: str) -> str:
    """The table's HTML with the class that `sortable.js` looks for."""
    marked, found = re.subn(
        r'(<table[^>]* class="gt_table)"', rf'\1 {SORTABLE_CLASS}"', html, count=1
    )
    if not found:
        raise CrimePolicyError(f"table '{table_id}'", "no great_tables <table> to make sortable")
    return marked


def is_quote_column(column) -> bool:
    return isinstance(column, str) and (column == "quote" or column.endswith("_quote"))


def link_sources(frame: pd.DataFrame, table_id: str = "table") -> tuple[pd.DataFrame, list]:
    """The frame with its quote cells as links to their passages and its `doc_id` cells as
    links to their documents' pages (as escaped HTML), and the names of those columns.

    A quote is looked up in its row's document when the frame has a `doc_id` column, else
    in the whole corpus. A quote found nowhere raises CrimePolicyError: a table must not
    show as a quote words its source does not contain."""
    frame = frame.copy()
    linked = []
    documents = frame.get("doc_id")
    for column in [c for c in frame.columns if is_quote_column(c)]:
        cells = []
        for row, quote in frame[column].items():
            if pd.isna(quote) or not str(quote).strip():
                cells.append("" if pd.isna(quote) else escape(str(quote)))
                continue
            doc_id = None if documents is None or pd.isna(documents[row]) else documents[row]
            found = passages.find(str(quote), doc_id)
            if found is None:
                raise CrimePolicyError(
                    f"table '{table_id}'",
                    f"the quote in row {row + 1}, column '{column}', is not in "
                    f"{doc_id or 'any document of the corpus'}: {str(quote)[:60]!r}",
                )
            url = passages.href(found.doc_id, found.anchor)
            cells.append(passages.quote_html(str(quote), found, url))
        frame[column] = pd.Series(cells, index=frame.index, dtype=object)
        linked.append(column)
    if documents is not None:
        frame["doc_id"] = [
            ""
            if pd.isna(d)
            else f'<a href="{escape(passages.href(d))}" data-passage="{escape(d)}">{escape(d)}</a>'
            for d in documents
        ]
        linked.append("doc_id")
    return frame, linked


def scope_css(html: str, table_id: str) -> str:
    """great_tables 1.1 scopes only the first selector of two rules
    (`#id thead, tbody, tfoot, tr, td, th {...}` and ` tr {...}`), so they restyle every
    table on the page; confine them to this table."""
    html = html.replace(
        f"#{table_id} thead, tbody, tfoot, tr, td, th {{",
        ", ".join(f"#{table_id} {tag}" for tag in ("thead", "tbody", "tfoot", "tr", "td", "th"))
        + " {",
    )
    return html.replace("\n tr { background-color", f"\n#{table_id} tr {{ background-color")


def short_url(url: str) -> str:
    """A web address shortened for display: the host (without www.) and, for a longer
    path, its last part ('unodc.org/…/home')."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    segments = [p for p in parts.path.split("/") if p]
    if len(segments) <= 1:
        return host + (f"/{segments[0]}" if segments else "")
    return f"{host}/…/{segments[-1]}"


def _link(url: str) -> str:
    return f"[{short_url(url)}]({url})" if url else ""

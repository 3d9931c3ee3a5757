"""Tables rendered for the book with great_tables, as plain HTML displays.

great_tables gives a readable, accessible table (header, source note, column labels);
displaying it as `IPython.display.HTML` keeps the stored output free of memory addresses
(a GT object's own repr contains them), so nbval can compare it exactly.
"""

import pandas as pd
from great_tables import GT
from IPython.display import HTML


def table(
    frame: pd.DataFrame,
    *,
    table_id: str,
    title: str,
    source: str,
    labels: dict | None = None,
    widths: dict | None = None,
    links: list | None = None,
) -> HTML:
    """A titled table with a source note. `table_id` must be unique on its page (it scopes
    the table's CSS); `labels` renames columns for display; `widths` maps columns to CSS
    widths such as "40%"; `links` names columns of web addresses, shown as links whose text
    is the short address (a long address would not wrap, and would squeeze the other
    columns)."""
    shown = frame.reset_index(drop=True)
    if links:
        shown = shown.assign(**{c: shown[c].map(_link, na_action="ignore") for c in links})
    gt = GT(shown, id=table_id).tab_header(title=title)
    if links:
        gt = gt.fmt_markdown(columns=list(links))
    gt = gt.tab_source_note(f"Source: {source}")
    if labels:
        gt = gt.cols_label(**labels)
    if widths:
        gt = gt.cols_width(widths)
    return HTML(scope_css(gt.as_raw_html(), table_id))


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

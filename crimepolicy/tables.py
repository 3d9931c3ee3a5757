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
    widths such as "40%"; `links` names columns of web addresses, shown as links that read
    as the site's name (a long address would otherwise set the column's width)."""
    frame = frame.reset_index(drop=True)
    for column in links or []:
        frame[column] = frame[column].map(_link)
    gt = GT(frame, id=table_id).tab_header(title=title)
    if links:
        gt = gt.fmt_markdown(columns=list(links))
    gt = gt.tab_source_note(f"Source: {source}")
    if labels:
        gt = gt.cols_label(**labels)
    if widths:
        gt = gt.cols_width(widths)
    return HTML(scope_css(gt.as_raw_html(), table_id))


def _link(address) -> str:
    """A web address as a Markdown link whose text is its host; other values unchanged."""
    from urllib.parse import urlparse

    if not isinstance(address, str) or not address.startswith("https://"):
        return address
    return f"[{urlparse(address).netloc}]({address})"


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

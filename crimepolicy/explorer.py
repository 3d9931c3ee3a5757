"""The evidence explorer: every coded row of every evidence table, described for a reader,
and rendered as one HTML table that a small script (`book/_css/explorer.js`) filters.

A row is described from the data package alone, so that a new table needs no code: its
table, id, document, themes (the table's `x-themes`), actor and what it codes (the table's
`x-summary`), its quotes with the passages they link to (`crimepolicy.passages`), and the
chapters of its themes (`data/themes.csv`). Tables without a quote (the codebook's
propositions) are not rows of the explorer.

The table is plain HTML that reads without JavaScript; the script only adds the filters.
It filters on what the cells show: the values of a cell that a filter compares are the
cell's own lines of text (separated by `<br>`), so the page carries each value once and
stays light (the table is most of the page's weight).
"""

from html import escape

import pandas as pd

from . import countries, evidence, passages, registry, themes

ROW_COLUMNS = [
    "table",
    "table_title",
    "id",
    "row_anchor",
    "doc_id",
    "themes",
    "actor",
    "coded",
    "categories",
    "quotes",
    "chapters",
]
# The table's columns; each filter names the column it reads by its position. The first
# column holds three lines, the table, the row id and the document, read by two filters.
HEADERS = ["Row and document", "Themes", "Actor", "What it codes", "Quote", "Chapter"]
ROW, THEMES, ACTOR, CODED, QUOTE, CHAPTER = range(len(HEADERS))
TABLE = DOCUMENT = ROW
NO_THEME = "No theme"


def row_anchor(table: str, row_id: str) -> str:
    """The id of a row in the explorer (and the name of the row on source pages)."""
    return f"{table}-{row_id}"


def summary(name: str, root=None) -> dict:
    """A table's `x-summary` ({actor: field or None, coded: [fields]}); without one, its
    fields with a closed list of values."""
    res = registry.resource(name, root)
    spec = res.get("x-summary")
    if spec:
        return {"actor": spec.get("actor"), "coded": list(spec.get("coded", []))}
    enums = [f["name"] for f in res["schema"]["fields"] if "enum" in f.get("constraints", {})]
    return {"actor": None, "coded": enums}


def is_categorical(name: str, field: str, root=None) -> bool:
    """True for a field with few possible values, which the explorer offers as a filter:
    a closed list, an integer scale, or a reference to another table's key."""
    res = registry.resource(name, root)
    f = registry.field(name, field, root)
    keyed = any(field in key["fields"] for key in res["schema"].get("foreignKeys", []))
    return "enum" in f.get("constraints", {}) or f["type"] == "integer" or keyed


def shown_value(value) -> str:
    """A cell value as the explorer shows it: whole numbers without decimals, with
    thousands separated by commas."""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _actor_names(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """{alpha-3: the actor name the positions table uses}, so that a state has one name."""
    positions = tables.get("positions")
    if positions is None or "iso3" not in positions:
        return {}
    named = positions.dropna(subset=["iso3"])
    return dict(zip(named["iso3"], named["actor"], strict=True))


def rows(tables: dict[str, pd.DataFrame], corpus: dict[str, str], root=None) -> pd.DataFrame:
    """Every coded row of `tables` (as `evidence.load_evidence` returns them) that carries a
    quote, in the package's order, with the columns of ROW_COLUMNS: `themes` (theme ids),
    `coded` ((field, value) pairs), `categories` ("field: value" for the fields the explorer
    filters on), `quotes` ((field, quote, passages.Place) triples) and `chapters` (the
    docnames of the row's theme chapters)."""
    cited = passages.citations(tables, corpus, root)
    places = {
        (c["table"], c["id"], c["field"]): passages.Place(
            **{k: c[k] for k in passages.Place._fields}
        )
        for c in cited.to_dict("records")
    }
    theme_table = themes.load_themes(root)
    chapters = dict(zip(theme_table["id"], theme_table["chapter"], strict=True))
    names = _actor_names(tables)
    found = []
    for name, frame in tables.items():
        fields = passages.quote_fields(name, root)
        if not fields or "doc_id" not in frame:
            continue
        title = registry.resource(name, root).get("title", name)
        spec = summary(name, root)
        row_themes = evidence.row_themes(name, frame, tables, root)
        actor_field = spec["actor"]
        iso3 = actor_field and registry.field(name, actor_field, root).get("x-check") == "iso3"
        categorical = {f for f in spec["coded"] if is_categorical(name, f, root)}
        for position, record in enumerate(frame.to_dict("records")):
            row_id = record.get("id", str(position + 1))
            theme_ids = tuple(t for t in str(row_themes.iloc[position]).split(";") if t in chapters)
            actor = record[actor_field] if actor_field else None
            actor = "" if actor is None or pd.isna(actor) else str(actor)
            if iso3 and actor:
                actor = names.get(actor) or countries.name(actor)
            coded = tuple(
                (f, shown_value(record[f])) for f in spec["coded"] if not pd.isna(record[f])
            )
            found.append(
                (
                    name,
                    title,
                    row_id,
                    row_anchor(name, row_id),
                    record["doc_id"],
                    theme_ids,
                    actor,
                    coded,
                    tuple(f"{f}: {v}" for f, v in coded if f in categorical),
                    tuple(
                        (f, record[f], places[(name, row_id, f)])
                        for f in fields
                        if (name, row_id, f) in places
                    ),
                    tuple(dict.fromkeys(chapters[t] for t in theme_ids)),
                )
            )
    return pd.DataFrame(found, columns=ROW_COLUMNS)


def filters(table: pd.DataFrame, theme_labels: dict, documents: dict) -> dict[str, list]:
    """The choices of each filter, in a stable order: {'table': [...], 'document':
    [(doc_id, label)], 'theme': [...], 'actor': [...], 'coded': [(field, [values])]}."""
    coded = {}
    for categories in table["categories"]:
        for item in categories:
            field, value = item.split(": ", 1)
            coded.setdefault(field, set()).add(value)
    themes_used = {t for ts in table["themes"] for t in ts}
    theme_choices = [label for t, label in theme_labels.items() if t in themes_used]
    if (table["themes"].map(len) == 0).any():
        theme_choices.append(NO_THEME)
    return {
        "table": list(dict.fromkeys(table["table_title"])),
        "document": [(d, documents[d]) for d in documents if d in set(table["doc_id"])],
        "theme": theme_choices,
        "actor": sorted({a for a in table["actor"] if a}, key=str.casefold),
        "coded": [(field, sorted(values, key=_natural)) for field, values in sorted(coded.items())],
    }


def _natural(value: str):
    """Numbers in numeric order, then words in alphabetical order."""
    return (0, float(value.replace(",", ""))) if _is_number(value) else (1, value.casefold())


def _is_number(value: str) -> bool:
    try:
        float(value.replace(",", ""))
    except ValueError:
        return False
    return True


# --- HTML ------------------------------------------------------------------------------------


def _option(value: str, label: str) -> str:
    return f'<option value="{escape(value)}">{escape(label)}</option>'


def _select(name: str, label: str, column: int, everything: str, options: list) -> str:
    """A labelled <select> filtering column `column`; an option is a value, a (value,
    label) pair, or a (group, [values]) pair whose values read "group: value"."""
    items = [_option("", everything)]
    for option in options:
        if isinstance(option, tuple) and isinstance(option[1], list):
            group, values = option
            inner = "".join(_option(f"{group}: {v}", v) for v in values)
            items.append(f'<optgroup label="{escape(group)}">{inner}</optgroup>')
        elif isinstance(option, tuple):
            items.append(_option(option[0], f"{option[0]}: {option[1]}"))
        else:
            items.append(_option(option, option))
    select = f'<select id="cp-{name}" name="{name}" data-column="{column}">{"".join(items)}'
    return (
        f'<div class="cp-filter"><label for="cp-{name}">{escape(label)}</label>'
        f"{select}</select></div>"
    )


def _values(values) -> str:
    """Values as lines of a cell, which the script reads one by one."""
    return "<br>".join(escape(v) for v in values)


def html(
    table: pd.DataFrame,
    link,
    theme_labels: dict,
    documents: dict,
    chapters: dict,
    fallback: tuple[str, str] | None = None,
) -> str:
    """The explorer: a filter form (hidden until the script shows it) and one table of
    every row. `link(docname, anchor=None)` returns the relative address of a page of the
    book (and anchor); `theme_labels` is {theme id: label}; `documents` is {doc_id: label},
    in the order the document filter lists them; `chapters` is {docname: link text} of the
    chapters the book has (a theme's chapter not yet written is not linked), and
    `fallback` the (docname, link text) a row links to when none of its chapters exists."""
    choices = filters(table, theme_labels, documents)
    form = (
        '<form class="cp-explorer-filters" role="search" aria-label="Filter the coded rows" hidden>'
        '<div class="cp-filter cp-filter-words"><label for="cp-q">Words in the quote</label>'
        '<input type="search" id="cp-q" name="q" autocomplete="off" '
        'aria-describedby="cp-q-help" data-column="{QUOTE}">'
        '<span id="cp-q-help" class="cp-help">Rows whose quote contains every word typed.'
        "</span></div>"
        + _select("theme", "Theme", THEMES, "All themes", choices["theme"])
        + _select("actor", "Actor", ACTOR, "All actors", choices["actor"])
        + _select("document", "Document", DOCUMENT, "All documents", choices["document"])
        + _select("table", "Table", TABLE, "All tables", choices["table"])
        + _select("coded", "Coded value", CODED, "All values", choices["coded"])
        + '<div class="cp-filter"><button type="reset">Show all rows</button></div></form>'
    ).replace("{QUOTE}", str(QUOTE))
    count = (
        f'<p id="cp-explorer-count" class="cp-explorer-count" role="status" aria-live="polite">'
        f"{len(table)} rows.</p>"
    )
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in HEADERS)
    body = []
    for row in table.itertuples():
        themes_cell = _values(theme_labels[t] for t in row.themes) or _values([NO_THEME])
        quotes = "<br>".join(
            ("" if field == "quote" else f"{escape(field)}: ")
            + passages.quote_html(
                text, place, link(passages.source_docname(place.doc_id), place.anchor), False
            )
            for field, text, place in row.quotes
        )
        pages = [(d, chapters[d]) for d in row.chapters if d in chapters] or (
            [fallback] if fallback else []
        )
        chapter_links = "<br>".join(
            f'<a href="{escape(link(docname))}">{escape(title)}</a>' for docname, title in pages
        )
        body.append(
            f'<tr id="{escape(row.row_anchor)}">'
            f"<td>{_values([row.table_title, row.id, row.doc_id])}</td>"
            f"<td>{themes_cell}</td>"
            f"<td>{escape(row.actor) or '—'}</td>"
            f"<td>{_values(f'{f}: {v}' for f, v in row.coded)}</td>"
            f"<td>{quotes}</td>"
            f"<td>{chapter_links or '—'}</td></tr>"
        )
    caption = f"Every coded row of the evidence tables, with its quote ({len(table)} rows)"
    return (
        f'<div class="cp-explorer">{form}{count}'
        f'<div class="cp-explorer-box"><table id="cp-explorer-table" class="cp-explorer-table">'
        f"<caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div></div>"
    )

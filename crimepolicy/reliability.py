"""Double coding: a second coder's values for the same units, the agreement between the two
codings, and the log of how each disagreement was settled.

A table is double-coded when its entry in `data/datapackage.yml` has `x-double-coding`:
the fields a second coder is *given* for each unit (the document, the quote, the actor...)
and the fields they *code*, each with its level of measurement (nominal or ordinal). The
second coding of table T is `data/reliability/T.csv` (one row per unit: `unit` = the row
id in T, the coded fields, a `note`); its schema is written from the table's own fields,
so the allowed values are declared once. The second coder works from the seeds, the
codebook and a unit list (`unit_list`), never from the first coding.

`data/reliability/adjudication.csv` logs every disagreement: the first and second values,
the decision and its reason. Agreement is Krippendorff's alpha (the `krippendorff`
package) per table and field, before adjudication (the first coding as it was, which the
log records) and after (the tables as they are). A field that holds a list of codes
(`x-list`, with its codes `x-values-from` a vocabulary) is compared code by code, as
presence or absence of each code in each unit (`presence`).
"""

import pandas as pd

from . import registry
from .evidence import load_table
from .paths import data_dir

FOLDER = "reliability"
ADJUDICATION = "adjudication"
UNITS = "units"
THRESHOLD = 0.80  # a field behind a headline number needs at least this
TENTATIVE = 0.667  # below this, a field is not used for a headline
# A unit the first coding missed and added after seeing the second coder's unitising: its
# second value comes from the second coder's description, its first value was coded with
# that description in view, so the pair is not two independent codings and is not compared.
FROM_UNITISING = "from the second coder's unitising description"


def double_coded(root=None) -> dict[str, dict]:
    """{table: its `x-double-coding` entry} for every double-coded table."""
    return {
        r["name"]: r["x-double-coding"]
        for r in registry.resources(root)
        if r.get("x-double-coding")
    }


def second_name(table: str) -> str:
    """The resource name of a table's second coding."""
    return f"second_{table}"


def unit_list(table: str, root=None, where=None) -> pd.DataFrame:
    """The units of `table` as a second coder receives them: `unit` and the given fields,
    with an empty column per coded field (never the first coder's values). `where` is an
    optional function selecting rows of the table (e.g. those of one theme)."""
    spec = double_coded(root)[table]
    frame = load_table(table, root)
    if where is not None:
        frame = frame[where(frame)]
    units = frame[["id", *spec["given"]]].rename(columns={"id": "unit"}).fillna("")
    for column in spec["coded"]:
        units[column] = ""
    units["note"] = ""
    return units.reset_index(drop=True)


def _codes(values: pd.Series, level: str, order: list) -> pd.Series:
    """Values as numbers for Krippendorff's alpha: ordinal values by their rank in
    `order` (or as numbers), nominal values by an arbitrary but fixed index."""
    if level == "ordinal":
        if order:
            rank = {str(v): i for i, v in enumerate(order)}
            return values.map(lambda v: rank.get(str(v)) if pd.notna(v) else None)
        return pd.to_numeric(values, errors="coerce")
    return values


def alpha(first: pd.Series, second: pd.Series, level: str, order=None) -> float | None:
    """Krippendorff's alpha for two coders' values of the same units (aligned Series);
    None when it is undefined (fewer than two units, or no variation at all)."""
    import krippendorff
    import numpy as np

    pair = pd.DataFrame({"first": first, "second": second}).dropna()
    if len(pair) < 2:
        return None
    if level == "nominal":
        categories = {v: i for i, v in enumerate(sorted(set(pair["first"]) | set(pair["second"])))}
        data = pair.apply(lambda c: c.map(categories)).to_numpy(dtype=float).T
    else:
        data = pair.apply(lambda c: _codes(c, level, order)).to_numpy(dtype=float).T
    if len(np.unique(data[~np.isnan(data)])) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


def _order(table: str, field: str, spec: dict, root) -> list:
    """The order of an ordinal field's values: as declared in `x-double-coding`, else its
    enum, else numeric."""
    declared = spec["coded"][field]
    if isinstance(declared, dict) and declared.get("order"):
        return list(declared["order"])
    return registry.enum(table, field, root)


def _separator(table: str, field: str, root) -> str | None:
    """The list separator of a field that holds a list of codes, else None."""
    return registry.field(table, field, root).get("x-list")


def _vocabulary(table: str, field: str, root) -> list[str]:
    """The codes a list field may hold: the values of the field its `x-values-from` names."""
    ref = registry.field(table, field, root)["x-values-from"]
    return list(load_table(ref["resource"], root)[ref["field"]])


def _sorted_list(value, separator: str):
    """A list value with its codes in a fixed order, so that order never counts as a
    disagreement."""
    if pd.isna(value):
        return pd.NA
    return separator.join(sorted(str(value).split(separator)))


def presence(pairs: pd.DataFrame, codes, separator: str = ";") -> pd.DataFrame:
    """Two codings of a list field as presence/absence pairs: for every unit of `pairs`
    (`unit`, `first`, `second`, each a list joined by `separator`) and every code of
    `codes`, one row with `unit`, `code`, and `first` and `second` each "present" or
    "absent". An empty list (a row that bears on no theme) is a value: every code absent."""
    rows = []
    for pair in pairs.itertuples(index=False):
        first, second = (
            set() if pd.isna(value) or not str(value) else set(str(value).split(separator))
            for value in (pair.first, pair.second)
        )
        for code in codes:
            rows.append(
                (
                    pair.unit,
                    code,
                    "present" if code in first else "absent",
                    "present" if code in second else "absent",
                )
            )
    return pd.DataFrame(rows, columns=["unit", "code", "first", "second"])


def _level(spec: dict, field: str) -> str:
    declared = spec["coded"][field]
    return declared["level"] if isinstance(declared, dict) else declared


def pairs(table: str, root=None, before: bool = False, run=None) -> pd.DataFrame:
    """The first and second values of every double-coded unit of `table`, long form:
    `unit`, `field`, `first`, `second`. With `before`, the first values are those the
    first coding had when it was compared (the adjudication log's `first` where a
    disagreement changed it). Units added from the second coder's unitising
    (`FROM_UNITISING`) are left out: their two values are not independent. `run` is a
    validation run to share (each file read once)."""
    spec = double_coded(root)[table]
    first = load_table(table, root, run).set_index("id")
    second = load_table(second_name(table), root, run).set_index("unit")
    log = load_table(ADJUDICATION, root, run)
    log = log[log["table"] == table].set_index(["unit", "field"])
    separators = {field: _separator(table, field, root) for field in spec["coded"]}
    rows = []
    notes = second["note"].fillna("").astype(str) if "note" in second else None
    for unit in second.index:
        if notes is not None and notes[unit].strip().lower().startswith(FROM_UNITISING):
            continue
        for field in spec["coded"]:
            value = first.loc[unit, field] if unit in first.index else pd.NA
            if before and (unit, field) in log.index:
                value = log.loc[(unit, field), "first"]
            values = (_text(value), _text(second.loc[unit, field]))
            if separators[field]:
                values = tuple(_sorted_list(v, separators[field]) for v in values)
            rows.append((unit, field, *values))
    return pd.DataFrame(rows, columns=["unit", "field", "first", "second"])


def _text(value):
    return pd.NA if pd.isna(value) else str(value)


def agreement(root=None, theme: str | None = None, units=None) -> pd.DataFrame:
    """Agreement per double-coded table and field: `table`, `field`, `level`, `units`,
    `agree_before` and `alpha_before` (the first coding as compared), `agree_after` and
    `alpha_after` (as adjudicated), and `status` of the field, from the independent
    codings as compared (reliable at >= 0.80, tentative from 0.667, else not for
    headlines): adjudication makes the codings agree and cannot make them reliable.
    `units` counts the units coded twice; a list field's alpha is computed over its presence/absence
    pairs (`presence`), and a unit agrees when both lists hold the same codes. With
    `theme`, only the units of that theme's rows count (a chapter's own agreement); with
    `units`, only those row ids."""
    from .validate import new_run

    rows, run = [], new_run(root)
    for table, spec in double_coded(root).items():
        before_all = pairs(table, root, before=True, run=run)
        after_all = pairs(table, root, run=run)
        if theme is not None:
            mine = units_of_theme(table, theme, root, run)
            before_all = before_all[before_all["unit"].isin(mine)]
            after_all = after_all[after_all["unit"].isin(mine)]
        if units is not None:
            wanted = set(units)
            before_all = before_all[before_all["unit"].isin(wanted)]
            after_all = after_all[after_all["unit"].isin(wanted)]
        for field in spec["coded"]:
            level = _level(spec, field)
            order = _order(table, field, spec, root)
            b = before_all[before_all["field"] == field]
            a = after_all[after_all["field"] == field]
            separator = _separator(table, field, root)
            if separator:
                # An empty list is a value (no code), so that two empty lists agree.
                b, a = (p.fillna({"first": "", "second": ""}) for p in (b, a))
                codes = _vocabulary(table, field, root)
                alpha_b, alpha_a = (
                    alpha(p["first"], p["second"], "nominal")
                    for p in (presence(b, codes, separator), presence(a, codes, separator))
                )
            else:
                alpha_b = alpha(b["first"], b["second"], level, order)
                alpha_a = alpha(a["first"], a["second"], level, order)
            rows.append(
                (
                    table,
                    field,
                    level,
                    len(b),
                    int((b["first"] == b["second"]).sum()),
                    alpha_b,
                    int((a["first"] == a["second"]).sum()),
                    alpha_a,
                    status(alpha_b),
                )
            )
    columns = ["table", "field", "level", "units", "agree_before", "alpha_before",
               "agree_after", "alpha_after", "status"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def status(value: float | None) -> str:
    """'reliable' (alpha >= 0.80), 'tentative' (>= 0.667) or 'not for headlines'; for an
    undefined alpha (no variation), 'no variation'."""
    if value is None:
        return "no variation"
    if value >= THRESHOLD:
        return "reliable"
    if value >= TENTATIVE:
        return "tentative"
    return "not for headlines"


def disagreements(root=None) -> pd.DataFrame:
    """Every unit and field where the second coding differs from the first coding as it
    was compared: `table`, `unit`, `field`, `first`, `second`."""
    frames = []
    for table in double_coded(root):
        found = pairs(table, root, before=True)
        found = found[found["first"].fillna("") != found["second"].fillna("")]
        frames.append(found.assign(table=table))
    if not frames:
        return pd.DataFrame(columns=["table", "unit", "field", "first", "second"])
    return pd.concat(frames, ignore_index=True)[["table", "unit", "field", "first", "second"]]


def unitising(root=None) -> pd.DataFrame:
    """The second coder's own list of units, with how each was matched: the table."""
    return load_table(UNITS, root)


def reliability_dir(root=None):
    return data_dir(root) / FOLDER


def units_of_theme(table: str, theme: str, root=None, run=None) -> set[str]:
    """The row ids of `table` that belong to `theme`, as the table's `x-themes` assigns
    rows to themes."""
    from .evidence import row_themes

    frame = load_table(table, root, run)
    themes = row_themes(table, frame, {}, root).fillna("").str.split(";")
    return set(frame.loc[themes.map(lambda items: theme in items), "id"])


def describe(row) -> str:
    """A field's agreement as a chapter states it, from a row of `agreement()`: 'not yet
    measured' (no unit coded twice), 'not measurable (no variation)' (alpha undefined), or
    'α = 0.84' (before adjudication)."""
    if not row["units"]:
        return "not yet measured"
    if pd.isna(row["alpha_before"]):
        return "not measurable (no variation)"
    return f"α = {row['alpha_before']:.2f}"


def qualifier(rows: pd.DataFrame) -> str:
    """How far headline numbers may be trusted, from the `agreement()` rows of the fields
    they rest on: 'reliable' when every field that varies reaches 0.80, 'tentative' when one
    is below 0.80, 'not reliable enough for a headline' when one is below 0.667, with why.
    Written to follow "the counts are ..."."""
    if rows.empty or not rows["units"].all():
        return "tentative until a second coder has coded the fields behind them"
    if (rows["status"] == "not for headlines").any():
        return "not reliable enough for a headline (a field behind them is below α = 0.667)"
    # A field without variation has no alpha: the two coders gave every unit the same
    # value, which is agreement, but not evidence that the field discriminates.
    measured = rows[rows["status"] != "no variation"]
    if measured.empty:
        return "not measurable (no field behind them varies)"
    if (measured["status"] == "reliable").all():
        flat = len(rows) - len(measured)
        also = f"; {flat} without variation, so not measurable" if flat else ""
        return (
            f"reliable (α ≥ 0.80 on every field behind them that varies{also})"
            if flat
            else ("reliable (α ≥ 0.80 on every field behind them)")
        )
    return "tentative (a field behind them is below α = 0.80)"


# --- how far the second coder met the units in the codebook ------------------------------

AMBIGUOUS_HEADING = "## Ambiguous passages and how they were coded"
SEEN_SPAN = 5  # words: a shorter shared run is common phrasing, not a worked example


def codebook_as_seen(root=None) -> str:
    """The codebook as the second coders read it: `book/codebook.md` without its last
    section, the table of ambiguous passages (the first coder's decisions). It is today's
    codebook, which adjudication has sharpened since the second codings were made."""
    from .paths import root as find_root

    text = (find_root(root) / "book" / "codebook.md").read_text(encoding="utf-8")
    return text.split(AMBIGUOUS_HEADING, 1)[0]


def _runs(text: str, n: int) -> set:
    from .text import words

    found = words(text.replace("’", "'"))
    return {tuple(found[i : i + n]) for i in range(len(found) - n + 1)}


def seen_in(quotes: pd.Series, text: str, n: int = SEEN_SPAN) -> pd.Series:
    """For each quote, whether it shares a run of `n` words with `text` (case and
    punctuation ignored): a unit the second coder may have met as a worked example."""
    runs = _runs(text, n)
    return quotes.map(lambda q: bool(_runs(str(q), n) & runs) if pd.notna(q) else False)


def units_seen_in_codebook(root=None, n: int = SEEN_SPAN) -> pd.DataFrame:
    """Every unit coded twice: `table`, `unit` and `seen` (its row's quote shares a run of
    `n` words with the codebook the second coder read)."""
    from .passages import quote_fields

    text = codebook_as_seen(root)
    frames = []
    for table in double_coded(root):
        second = load_table(second_name(table), root)
        rows = load_table(table, root).set_index("id")
        field = quote_fields(table, root)[0]
        quotes = rows[field].reindex(second["unit"])
        frames.append(
            pd.DataFrame(
                {
                    "table": table,
                    "unit": second["unit"].values,
                    "seen": seen_in(quotes, text, n).values,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)

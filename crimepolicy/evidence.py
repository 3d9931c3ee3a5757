"""Evidence: the tables in `data/`, validated against the data package and typed.

`load_table(name)` validates one table (and the tables and documents it depends on) and
returns it as a DataFrame; `load_evidence()` returns every evidence table. Validation
(`crimepolicy.validate`) raises one CrimePolicyError naming the file, the line, the
column, what is wrong and what would be right. `field_table` and `rows_per_theme`
describe the tables for the data chapter, from the descriptor alone, so that a new table
needs no code.
"""

import pandas as pd

from . import registry, validate
from .paths import root as find_root
from .quotes import collapse  # noqa: F401  (kept for callers of evidence.collapse)

DTYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean"}


def _typed(table, res: dict) -> pd.DataFrame:
    """The validated rows as a DataFrame of the schema's types; empty cells are missing."""
    frame = pd.DataFrame(table.rows, columns=table.header, dtype=object)
    typed = {}
    for f in res["schema"]["fields"]:
        column = frame[f["name"]].replace("", pd.NA)
        kind = f["type"]
        if kind == "boolean":
            column = column.map({"true": True, "false": False}, na_action="ignore")
        elif kind in DTYPES:
            column = pd.to_numeric(column)
        typed[f["name"]] = column.astype(DTYPES.get(kind, "string"))
    return pd.DataFrame(typed, index=frame.index).reset_index(drop=True)


def load_table(name: str, root=None, run: validate.Run | None = None) -> pd.DataFrame:
    """Validate table `name` (e.g. "positions", "context", "themes") and return it typed:
    strings as pandas strings, integers as Int64, numbers as Float64, booleans as boolean,
    ISO dates as strings; empty cells are missing. Raises CrimePolicyError."""
    run = run or validate.new_run(root)
    validate.require_valid(run, name)
    return _typed(run.table(name), registry.resource(name, run.root))


def load_tables(names, root=None) -> dict[str, pd.DataFrame]:
    """Several tables, validated in one run (each file read once)."""
    run = validate.new_run(root)
    return {name: load_table(name, run=run) for name in names}


def table_names(root=None) -> list[str]:
    """The evidence tables of the package, in the package's order."""
    return registry.names(root, "evidence")


def load_evidence(root=None) -> dict[str, pd.DataFrame]:
    """Validate and load every evidence table: {name: DataFrame}, in the package's order."""
    return load_tables(table_names(root), root)


def check_evidence(root=None) -> None:
    """Validate every evidence table; returns None, or raises the first CrimePolicyError."""
    load_evidence(root)


def schema(name: str, root=None) -> dict:
    """The package's resource descriptor for table `name` (with its `schema`)."""
    return registry.resource(name, root)


def package(root=None) -> dict:
    """The data package descriptor (`data/datapackage.json`)."""
    return registry.descriptor(root)


def _constraints(f: dict, res: dict, root) -> str:
    """A field's rules in words: key roles, allowed values, form, range, references."""
    rules = f.get("constraints", {})
    words = []
    schema_ = res["schema"]
    if f["name"] in schema_.get("primaryKey", []):
        words.append("primary key" if len(schema_["primaryKey"]) == 1 else "part of the key")
    if "enum" in rules:
        words.append("one of: " + ", ".join(map(str, rules["enum"])))
    if "pattern" in rules:
        words.append(f"pattern {rules['pattern']}")
    if "minimum" in rules or "maximum" in rules:
        words.append(f"from {rules.get('minimum', '')} to {rules.get('maximum', '')}")
    if "maxLength" in rules:
        words.append(f"at most {rules['maxLength']} characters")
    for key in schema_.get("foreignKeys", []):
        if f["name"] in key["fields"]:
            target = key["reference"]["resource"] or res["name"]
            ref = key["reference"]["fields"][key["fields"].index(f["name"])]
            words.append(f"refers to {target}.{ref}")
    if "x-values-from" in f:
        ref = f["x-values-from"]
        words.append(f"each value a {ref['resource']}.{ref['field']}")
    if "x-list" in f:
        words.append(f"a list separated by '{f['x-list']}'")
    words += {
        "quote": ["verbatim in the row's document"],
        "date": ["a real date"],
        "iso3": ["an ISO 3166-1 alpha-3 code"],
        "state-name": ["a state's name"],
        "https": ["an https:// address"],
    }.get(f.get("x-check"), [])
    if "x-precision-field" in f:
        words.append(f"of the precision in {f['x-precision-field']}")
    if "x-name-field" in f:
        words.append(f"agrees with {f['x-name-field']}")
    return "; ".join(words)


def field_table(name: str, root=None) -> pd.DataFrame:
    """The schema of table `name`: one row per field with `field`, `type`, `required`,
    `constraints` (in words) and `description`."""
    res = registry.resource(name, root)
    rows = [
        (
            f["name"],
            f["type"],
            "yes" if f.get("constraints", {}).get("required") else "no",
            _constraints(f, res, root),
            f.get("description", ""),
        )
        for f in res["schema"]["fields"]
    ]
    return pd.DataFrame(rows, columns=["field", "type", "required", "constraints", "description"])


def row_themes(name: str, frame: pd.DataFrame, tables: dict, root=None) -> pd.Series:
    """For each row of table `name`, its themes as a ';'-separated string (missing for
    rows tied to no theme), following the table's `x-themes` in the descriptor."""
    rule = registry.resource(name, root).get("x-themes")
    if not rule:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    if "theme" in rule:
        return pd.Series(rule["theme"], index=frame.index, dtype="string")
    if "field" in rule:
        return frame[rule["field"]]
    via = rule["via"]
    other = tables.get(via["resource"])
    if other is None:
        other = load_table(via["resource"], root)
    return frame[via["field"]].map(other.set_index("id")[via["themes"]])


def rows_per_theme(tables: dict[str, pd.DataFrame], root=None) -> pd.DataFrame:
    """Rows of each table per theme (tables as returned by `load_evidence`).

    A row counts for every theme it is assigned to by its table's `x-themes` (its theme,
    each of its themes, the one theme of a table about one theme, or its resolution's
    themes). Returns one row per table and one column per theme, plus `no theme` (rows
    tied to none) and `rows` (the table's length)."""
    root = find_root(root)
    theme_ids = list(load_table("themes", root)["id"])
    counts = {}
    for name, frame in tables.items():
        themes = row_themes(name, frame, tables, root)
        counts[name] = themes.fillna("no theme").str.split(";").explode().value_counts()
    table = pd.DataFrame(counts).T.reindex(columns=[*theme_ids, "no theme"]).fillna(0).astype(int)
    table["rows"] = [len(tables[name]) for name in table.index]
    return table.rename_axis("table")

"""Evidence: the coded tables in `data/`, described by `data/datapackage.json`.

`load_table(name)` validates one table and returns it typed; `load_evidence()` returns them
all; `check_evidence()` validates everything. Validation has two layers:

1. frictionless, against the data package: types, required fields, enums, patterns,
   primary keys and foreign keys (doc_id to `seeds/catalog.csv`, events, resolutions, ...);
2. checks frictionless cannot make: every quote is verbatim in its document (after
   collapsing runs of whitespace, nothing else), ISO 3166 codes and state names are real,
   dates exist, date precisions agree, and the tables agree with one another.

The first problem found raises one `CrimePolicyError` naming the CSV file, the line (the
header is line 1) and the column.
"""

import csv
import json
import re
from datetime import date
from pathlib import Path

import frictionless
import pandas as pd
import pycountry

from .corpus import load_corpus
from .errors import CrimePolicyError
from .paths import THEMES, data_dir

PACKAGE = "datapackage.json"
# The catalog is part of the package only so that doc_id foreign keys can be checked.
CATALOG_RESOURCE = "catalog"
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
PRECISION_LENGTH = {"year": 4, "month": 7, "day": 10}
DTYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean"}


def collapse(text: str) -> str:
    """`text` with every run of whitespace replaced by one space, stripped."""
    return re.sub(r"\s+", " ", text).strip()


def _descriptor(root) -> tuple[Path, dict]:
    """The path and parsed JSON of the data package."""
    path = data_dir(root) / PACKAGE
    if not path.is_file():
        raise CrimePolicyError(path, "the data package descriptor is missing")
    try:
        return path, json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CrimePolicyError(path, f"not valid JSON ({exc})") from None


def package(root=None) -> dict:
    """The data package descriptor (`data/datapackage.json`) as a dict."""
    return _descriptor(root)[1]


def table_names(root=None) -> list[str]:
    """The evidence tables in the package, in the package's order (the catalog excluded)."""
    _, descriptor = _descriptor(root)
    return [r["name"] for r in descriptor["resources"] if r["name"] != CATALOG_RESOURCE]


def schema(name: str, root=None) -> dict:
    """The package's resource descriptor for table `name` (with its `schema`)."""
    path, descriptor = _descriptor(root)
    for resource in descriptor["resources"]:
        if resource["name"] == name:
            return resource
    raise CrimePolicyError(path, f"no table named '{name}' in the data package")


def _package(root) -> frictionless.Package:
    path, _ = _descriptor(root)
    try:
        # trusted: the catalog lives outside data/ ("../seeds/catalog.csv").
        with frictionless.system.use_context(trusted=True):
            return frictionless.Package(str(path))
    except frictionless.FrictionlessException as exc:
        raise CrimePolicyError(path, f"invalid data package: {exc.error.message}") from None


def _problem(error, resource: dict) -> tuple[str, int | None, str | None]:
    """A frictionless error as (problem, line, column)."""
    fields = resource["schema"]["fields"]
    line = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    kind = error.type
    if kind == "constraint-error":
        field = next(f for f in fields if f["name"] == column)
        rules = field.get("constraints", {})
        if "enum" in rules and cell not in rules["enum"]:
            problem = f"'{cell}' is not one of: {', '.join(map(str, rules['enum']))}"
        elif rules.get("required") and not cell:
            problem = "required field is empty"
        else:
            problem = f"'{cell}' breaks the rule {error.note}"
    elif kind == "type-error":
        kind_of = next(f["type"] for f in fields if f["name"] == column)
        problem = f"'{cell}' is not of type {kind_of}"
    elif kind == "primary-key":
        column = ",".join(resource["schema"]["primaryKey"])
        problem = f"duplicate {column}: {error.note}"
    elif kind == "foreign-key":
        column = ",".join(error.field_names)
        problem = f"'{','.join(map(str, error.field_cells))}' is not a known " + (
            f"{','.join(error.reference_field_names)} of {error.reference_name or resource['name']}"
        )
    elif kind.endswith("-label"):  # header problems
        line, column = 1, getattr(error, "label", None) or column
        problem = error.note or error.title
    else:
        problem = f"{error.title}: {error.note}"
    return problem, line, column


def _validate(package: frictionless.Package, name: str, path: Path) -> None:
    """Validate one table with frictionless; raise its first error as a CrimePolicyError."""
    resource = package.get_resource(name)
    with frictionless.system.use_context(trusted=True):
        report = resource.validate()
    errors = [e for task in report.tasks for e in task.errors] + list(report.errors)
    if errors:
        problem, line, column = _problem(errors[0], resource.to_descriptor())
        raise CrimePolicyError(path, problem, line, column)


def _read(path: Path) -> pd.DataFrame:
    """A CSV as strings, empty cells as '', with a `_line` column (header = line 1)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    frame = pd.DataFrame(rows[1:], columns=rows[0], dtype=object)
    frame["_line"] = range(2, len(frame) + 2)
    return frame


def _real_date(value: str) -> date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _check_cells(frame, resource, path, context) -> None:
    """Row checks frictionless cannot make: one-line cells, real dates and codes, doc_ids,
    verbatim quotes."""
    texts, lines = context["texts"], None
    date_fields = [
        f["name"]
        for f in resource["schema"]["fields"]
        if f.get("constraints", {}).get("pattern") == ISO_DATE
    ]
    for row in frame.to_dict("records"):
        lines = row["_line"]
        for column, value in row.items():
            if isinstance(value, str) and ("\n" in value or "\r" in value):
                # One row per line keeps error line numbers true.
                raise CrimePolicyError(path, "a cell spans several lines", lines, column)
        for column in date_fields:
            if row[column]:
                try:
                    _real_date(row[column])
                except ValueError as exc:
                    raise CrimePolicyError(
                        path, f"'{row[column]}' is not a real date ({exc})", lines, column
                    ) from None
        if row.get("iso3") and pycountry.countries.get(alpha_3=row["iso3"]) is None:
            raise CrimePolicyError(
                path, f"'{row['iso3']}' is not an ISO 3166 alpha-3 code", lines, "iso3"
            )
        if row.get("speaking_for") and _state_code(row["speaking_for"]) is None:
            raise CrimePolicyError(
                path, f"'{row['speaking_for']}' is not a state name", lines, "speaking_for"
            )
        if "doc_id" in row and row["doc_id"] not in texts:
            raise CrimePolicyError(
                path, f"doc_id '{row['doc_id']}' is not in the catalog", lines, "doc_id"
            )
        for column in (c for c in row if c.endswith("quote") and row[c]):
            if collapse(row[column]) not in texts[row["doc_id"]]:
                raise CrimePolicyError(
                    path,
                    f"quote is not verbatim in {row['doc_id']}: '{row[column][:80]}'",
                    lines,
                    column,
                )


def _state_code(name: str) -> str | None:
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def _first(frame: pd.DataFrame, mask, path, problem, column) -> None:
    """Raise `problem` at the first row where `mask` holds."""
    if mask.any():
        raise CrimePolicyError(path, problem, int(frame.loc[mask, "_line"].iloc[0]), column)


def _check_events(frame, path, context) -> None:
    length = frame["date_precision"].map(PRECISION_LENGTH)
    _first(
        frame,
        frame["start"].str.len() != length,
        path,
        "start does not have the precision date_precision says",
        "start",
    )
    # ISO strings of any precision compare correctly once padded to a full date.
    start, end = frame["start"].str.ljust(10, "0"), frame["end"].str.ljust(10, "9")
    _first(frame, (frame["end"] != "") & (end < start), path, "end is before start", "end")


def _check_positions(frame, path, context) -> None:
    propositions = context["raw"]("propositions").set_index("id")["theme"]
    _first(
        frame,
        frame["proposition"].map(propositions) != frame["theme"],
        path,
        "the proposition belongs to another theme",
        "proposition",
    )
    is_state = frame["actor_type"] == "state"
    _first(
        frame,
        is_state != (frame["iso3"] != ""),
        path,
        "iso3 must be filled for states and only for states",
        "iso3",
    )
    _first(
        frame,
        (frame["speaking_for"] != "") & (frame["actor_type"] != "group of states"),
        path,
        "speaking_for is only for groups of states",
        "speaking_for",
    )
    key = ["actor", "proposition", "event", "doc_id"]
    _first(
        frame,
        frame.duplicated(key),
        path,
        "the same actor, proposition, event and document repeat an earlier row",
        "actor",
    )
    _check_one_name(frame, path)


def _check_one_name(frame, path) -> None:
    """One display name per state, so that tables join on names as well as codes."""
    states = frame[frame["iso3"] != ""]
    names = states.groupby("iso3")["actor"].transform("nunique")
    _first(states, names > 1, path, "this iso3 has another actor name elsewhere", "actor")


def _check_without_stance(frame, path, context) -> None:
    positions = context["raw"]("positions")
    coded = set(zip(positions["doc_id"], positions["iso3"], strict=True))
    pairs = pd.Series(list(zip(frame["doc_id"], frame["iso3"], strict=True)), index=frame.index)
    _first(
        frame,
        pairs.isin(coded),
        path,
        "the state has a row in positions.csv for this document",
        "iso3",
    )
    _first(
        frame,
        frame.duplicated(["doc_id", "iso3"]),
        path,
        "the same document and state repeat an earlier row",
        "iso3",
    )


def _check_arguments(frame, path, context) -> None:
    rebuttal = frame["side"] == "rebuttal"
    _first(
        frame,
        rebuttal != (frame["rebuts"] != ""),
        path,
        "rebuts must be filled for rebuttals and only for rebuttals",
        "rebuts",
    )


TABLE_CHECKS = {
    "events": _check_events,
    "positions": _check_positions,
    "sponsors": lambda frame, path, context: _check_one_name(frame, path),
    "states_without_stance": _check_without_stance,
    "arguments": _check_arguments,
}


def _context(root) -> dict:
    """What every table check needs: the package, the documents' texts, the raw tables."""
    corpus = load_corpus(root)
    package = _package(root)
    raw = {}

    def read_raw(name):
        if name not in raw:
            raw[name] = _read(data_dir(root) / schema(name, root)["path"])
        return raw[name]

    texts = {doc_id: collapse(text) for doc_id, text in corpus["text"].items()}
    return {"root": root, "package": package, "texts": texts, "raw": read_raw}


def _typed(frame: pd.DataFrame, resource: dict) -> pd.DataFrame:
    """Cast validated strings to the schema's types; empty cells become missing values."""
    typed = {}
    for field in resource["schema"]["fields"]:
        column = frame[field["name"]].replace("", pd.NA)
        kind = field["type"]
        if kind == "boolean":
            column = column.map({"true": True, "false": False}, na_action="ignore")
        elif kind in DTYPES:
            column = pd.to_numeric(column)
        typed[field["name"]] = column.astype(DTYPES.get(kind, "string"))
    return pd.DataFrame(typed, index=frame.index).reset_index(drop=True)


def _load(name: str, context: dict) -> pd.DataFrame:
    root = context["root"]
    resource = schema(name, root)
    if name == CATALOG_RESOURCE:
        raise CrimePolicyError(data_dir(root) / PACKAGE, "the catalog is read by load_corpus")
    path = data_dir(root) / resource["path"]
    if not path.is_file():
        raise CrimePolicyError(path, "the table is missing")
    _validate(context["package"], name, path)
    frame = context["raw"](name)
    _check_cells(frame, resource, path, context)
    if name in TABLE_CHECKS:
        TABLE_CHECKS[name](frame, path, context)
    return _typed(frame, resource)


def load_table(name: str, root=None) -> pd.DataFrame:
    """Validate evidence table `name` (e.g. "positions") and return it typed: strings as
    pandas strings, integers as Int64, numbers as Float64, booleans as boolean, ISO dates
    as strings; empty cells are missing. Raises CrimePolicyError on the first problem."""
    return _load(name, _context(root))


def load_evidence(root=None) -> dict[str, pd.DataFrame]:
    """Validate and load every evidence table: {name: DataFrame}, in the package's order."""
    context = _context(root)
    return {name: _load(name, context) for name in table_names(root)}


def check_evidence(root=None) -> None:
    """Validate every evidence table; returns None, or raises CrimePolicyError."""
    load_evidence(root)


def _constraints(field: dict, resource: dict) -> str:
    """A field's rules in words: enum, pattern, range, key roles."""
    rules = field.get("constraints", {})
    words = []
    if field["name"] in resource["schema"].get("primaryKey", []):
        words.append("primary key")
    if "enum" in rules:
        words.append("one of: " + ", ".join(map(str, rules["enum"])))
    if "pattern" in rules:
        words.append(f"pattern {rules['pattern']}")
    if "minimum" in rules or "maximum" in rules:
        words.append(f"from {rules.get('minimum', '')} to {rules.get('maximum', '')}")
    for key in resource["schema"].get("foreignKeys", []):
        if key["fields"] == [field["name"]]:
            target = key["reference"]["resource"] or resource["name"]
            words.append(f"refers to {target}.{key['reference']['fields'][0]}")
    return "; ".join(words)


def field_table(name: str, root=None) -> pd.DataFrame:
    """The schema of table `name`: one row per field with `field`, `type`, `required`,
    `constraints` (in words) and `description`."""
    resource = schema(name, root)
    rows = [
        (
            f["name"],
            f["type"],
            "yes" if f.get("constraints", {}).get("required") else "no",
            _constraints(f, resource),
            f.get("description", ""),
        )
        for f in resource["schema"]["fields"]
    ]
    return pd.DataFrame(rows, columns=["field", "type", "required", "constraints", "description"])


def rows_per_theme(tables: dict[str, pd.DataFrame], root=None) -> pd.DataFrame:
    """Rows of each table per theme (tables as returned by `load_evidence`).

    A row counts for its `theme`, for each theme in its `themes`, or, in a table the package
    marks as wholly about one theme, for that theme; a sponsorship counts for its
    resolution's themes. Returns one row per table and one column per theme, plus
    `no theme` (rows tied to none) and `rows` (the table's length)."""
    resolution_themes = tables["resolutions"].set_index("id")["themes"]
    counts = {}
    for name, frame in tables.items():
        if "theme" in frame:
            themes = frame["theme"]
        elif "themes" in frame:
            themes = frame["themes"]
        elif "resolution_id" in frame:
            themes = frame["resolution_id"].map(resolution_themes)
        else:
            themes = pd.Series(schema(name, root).get("theme"), index=frame.index, dtype="string")
        exploded = themes.fillna("no theme").str.split(";").explode()
        counts[name] = exploded.value_counts()
    table = pd.DataFrame(counts).T.reindex(columns=[*THEMES, "no theme"]).fillna(0).astype(int)
    table["rows"] = [len(tables[name]) for name in table.index]
    return table.rename_axis("table")

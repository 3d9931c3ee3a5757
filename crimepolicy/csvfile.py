"""Reading the book's small CSV tables (catalog, vocabularies, context) row by row, so that
any problem can be reported with the file, the line and the column."""

import csv
from pathlib import Path

from .errors import CrimePolicyError


def read_rows(path: Path, columns=(), required=()) -> list[dict]:
    """The rows of a UTF-8 CSV file as dicts, each with its `line` (the header is line 1).

    Raises one CrimePolicyError for a missing file, bytes that are not UTF-8, a header
    without one of `columns`, a row with more fields than the header, or an empty cell in
    one of the `required` columns.
    """
    if not path.is_file():
        raise CrimePolicyError(path, "the file is missing")
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames or []
            rows = [dict(row, line=reader.line_num) for row in reader]
    except UnicodeDecodeError as exc:
        raise CrimePolicyError(
            path, f"not valid UTF-8 ({exc.reason} at byte {exc.start})"
        ) from None
    missing = [c for c in columns if c not in header]
    if missing:
        raise CrimePolicyError(path, f"missing column(s): {', '.join(missing)}", 1)
    for row in rows:
        if None in row:
            raise CrimePolicyError(path, "more fields than the header has", row["line"])
        for column in required:
            if not (row.get(column) or "").strip():
                raise CrimePolicyError(path, "required field is empty", row["line"], column)
    return rows

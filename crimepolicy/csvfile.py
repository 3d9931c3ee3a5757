"""The one CSV reader of the book (catalog, evidence tables, vocabularies, context,
reliability files), so that every file is read the same way and every problem is reported
with the file, the line and the column.

Decisions, documented in the codebook: files are UTF-8; a byte-order mark (which
spreadsheet programs write) and Windows line endings (CRLF) are accepted and change no
value; a value may not span lines (so that line numbers stay true); blank lines are refused.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .errors import CrimePolicyError
from .paths import shown

BOM = "\ufeff"


@dataclass(frozen=True)
class Table:
    """A CSV file as read: its header and its rows (lists of strings), and the line on
    which each row starts (the header is line 1)."""

    path: Path
    header: list[str]
    rows: list[list[str]]
    lines: list[int]

    def records(self) -> list[dict]:
        """The rows as dicts keyed by column, each with its `line`."""
        return [
            dict(zip(self.header, row, strict=True), line=line)
            for row, line in zip(self.rows, self.lines, strict=True)
        ]


def read_text(path: Path) -> str:
    """The text of a UTF-8 file, without a leading byte-order mark."""
    if not path.is_file():
        raise CrimePolicyError(shown(path), "the file is missing")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CrimePolicyError(
            shown(path),
            f"is not valid UTF-8 (byte {raw[exc.start]:#04x})",
            line,
            hint="save the file as UTF-8",
        ) from None
    return text.removeprefix(BOM)


def read_table(path: Path, columns=None) -> Table:
    """Read a CSV file and check its structure.

    `columns`, if given, is the exact list of columns the header must have (in any
    order). Raises one CrimePolicyError for a missing file, bytes that are not UTF-8, an
    empty file, a header with missing, unknown, repeated or empty column names, a blank
    line, a row with more or fewer cells than the header, or a value spanning lines.
    """
    text = read_text(path)
    where = shown(path)
    if not text.strip():
        raise CrimePolicyError(where, "the file is empty", hint="it needs at least a header")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        rows, lines = [], []
        line = 2
        for row in reader:
            if reader.line_num != line:
                raise CrimePolicyError(
                    where,
                    "a value spans several lines",
                    line,
                    hint="keep each value on one line (replace the line break with a space)",
                )
            if not row or all(not cell.strip() for cell in row):
                raise CrimePolicyError(where, "the line is blank", line, hint="delete it")
            rows.append(row)
            lines.append(line)
            line += 1
    except csv.Error as exc:
        raise CrimePolicyError(
            where, f"is not well-formed CSV ({exc})", reader.line_num or 1
        ) from None
    _check_header(where, header, columns)
    for row, line in zip(rows, lines, strict=True):
        if len(row) > len(header):
            raise CrimePolicyError(
                where,
                f"the row has {len(row)} cells but the header has {len(header)}",
                line,
                hint="a value containing a comma must be in double quotes",
            )
        if len(row) < len(header):
            missing = ", ".join(header[len(row) :])
            raise CrimePolicyError(
                where,
                f"the row has {len(row)} cells but the header has {len(header)}: "
                f"no value for {missing}",
                line,
                hint="leave an empty cell (two commas) where there is no value",
            )
    return Table(path, header, rows, lines)


def _check_header(where: str, header: list[str], columns) -> None:
    blank = [i + 1 for i, name in enumerate(header) if not name.strip()]
    if blank:
        raise CrimePolicyError(where, f"column {blank[0]} of the header has no name", 1)
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise CrimePolicyError(where, f"the header repeats column '{repeated[0]}'", 1)
    if columns is None:
        return
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns]
    if missing:
        raise CrimePolicyError(
            where,
            f"the header has no column '{missing[0]}'"
            + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""),
            1,
            hint=f"the columns are: {', '.join(columns)}",
        )
    if unknown:
        raise CrimePolicyError(
            where,
            f"the header has a column '{unknown[0]}' that the data package does not describe",
            1,
            hint=f"the columns are: {', '.join(columns)}",
        )


def read_rows(path: Path, columns=None, required=()) -> list[dict]:
    """The rows of a CSV file as dicts with their `line`, after the structural checks of
    `read_table`; a value that is empty or only spaces in a `required` column raises."""
    table = read_table(path, columns)
    records = table.records()
    for record in records:
        for column in required:
            if not record[column].strip():
                raise CrimePolicyError(
                    shown(path), "the value is empty", record["line"], column, "it is required"
                )
    return records

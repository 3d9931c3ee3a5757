"""The corpus: the catalogued seed documents, verified and loaded into one tidy table.

`load_corpus()` reads `seeds/catalog.csv`, checks every catalogued file (present, checksum,
UTF-8, not empty) and every file in `seeds/` (catalogued), and returns one row per document
with the catalog's fields, the text and its word count. Any problem raises one
`CrimePolicyError` naming the file, the catalog line and the problem.
"""

import hashlib
import re
from datetime import date
from pathlib import Path

import pandas as pd

from .csvfile import read_rows
from .errors import CrimePolicyError
from .paths import seeds_dir

CATALOG = "catalog.csv"
COLUMNS = (
    "doc_id",
    "file",
    "sha256",
    "title",
    "label",
    "publisher",
    "author",
    "doc_type",
    "published",
    "published_precision",
    "published_basis",
    "body",
    "session",
    "event_start",
    "event_end",
    "place",
    "notes",
)
# Fields every row must fill; the others stay empty where the text is silent.
REQUIRED = (
    "doc_id",
    "file",
    "sha256",
    "label",
    "doc_type",
    "published",
    "published_precision",
    "published_basis",
    "body",
    "event_start",
)
PRECISIONS = ("day", "month", "year")
DOC_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*-\d{4}$")
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def parse_iso(value: str, path, row, column) -> date:
    """Parse an ISO 8601 date of day, month or year precision to its first day."""
    if not ISO_DATE.match(value):
        raise CrimePolicyError(
            path, f"'{value}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)", row, column
        )
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        return date(parts[0], parts[1], parts[2])
    except ValueError as exc:
        raise CrimePolicyError(path, f"'{value}' is not a real date ({exc})", row, column) from None


def read_catalog(folder=None) -> list[dict]:
    """Read and check the catalog's rows (fields, ids, dates); returns dicts with a `line` key."""
    folder = Path(folder) if folder else seeds_dir()
    path = folder / CATALOG
    rows = read_rows(path, COLUMNS, REQUIRED)
    seen = {}
    for row in rows:
        line = row["line"]
        if not DOC_ID.match(row["doc_id"]):
            raise CrimePolicyError(
                path, f"doc_id '{row['doc_id']}' is not like 'ccpcj31-2022'", line, "doc_id"
            )
        if row["doc_id"] in seen:
            raise CrimePolicyError(
                path, f"doc_id '{row['doc_id']}' repeats line {seen[row['doc_id']]}", line, "doc_id"
            )
        seen[row["doc_id"]] = line
        if row["published_precision"] not in PRECISIONS:
            raise CrimePolicyError(
                path,
                f"'{row['published_precision']}' is not one of {PRECISIONS}",
                line,
                "published_precision",
            )
        for column in ("published", "event_start", "event_end"):
            if row[column]:
                parse_iso(row[column], path, line, column)
    return rows


def read_text(path: Path, line=None) -> str:
    """Read one seed as UTF-8; an unreadable, non-UTF-8 or blank file raises."""
    if not path.is_file():
        raise CrimePolicyError(path, "catalogued file is missing", line)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CrimePolicyError(
            path, f"not valid UTF-8 ({exc.reason} at byte {exc.start})", line
        ) from None
    if not text.strip():
        raise CrimePolicyError(path, "the file is empty", line)
    return text


def load_corpus(root=None) -> pd.DataFrame:
    """Load and verify the corpus.

    Returns a DataFrame indexed by `doc_id`, ordered by publication date, with the catalog
    columns, `published_date` (first day of the stated period, for sorting), `text` and
    `n_words`.
    """
    from .text import word_count  # local import: text imports nothing from here

    folder = seeds_dir(root)
    rows = read_catalog(folder)
    catalogued = {row["file"] for row in rows}
    for extra in sorted(p.name for p in folder.iterdir() if p.is_file()):
        # Dotfiles (.gitattributes) are repository settings, not documents.
        if extra != CATALOG and not extra.startswith(".") and extra not in catalogued:
            raise CrimePolicyError(folder / extra, f"file is in seeds/ but not in {CATALOG}")
    records = []
    for row in rows:
        path = folder / row["file"]
        text = read_text(path, row["line"])
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != row["sha256"]:
            raise CrimePolicyError(
                path,
                f"checksum differs from {CATALOG} line {row['line']} "
                f"(file {digest[:12]}…, catalog {row['sha256'][:12]}…): the seed was changed",
            )
        record = {c: row[c] for c in COLUMNS}
        record["published_date"] = parse_iso(row["published"], path, row["line"], "published")
        record["text"] = text
        record["n_words"] = word_count(text)
        records.append(record)
    table = pd.DataFrame.from_records(records).set_index("doc_id")
    table["published_date"] = pd.to_datetime(table["published_date"])
    return table.sort_values("published_date")


def period(value: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day of an ISO date of day (`2022-05-27`), month (`2022-05`) or
    year (`2022`) precision."""
    start = pd.Timestamp(parse_iso(value, "date", None, None))
    if len(value) == 4:
        return start, start + pd.offsets.YearEnd(0)
    if len(value) == 7:
        return start, start + pd.offsets.MonthEnd(0)
    return start, start


def midpoint(value: str) -> pd.Timestamp:
    """The middle of the period an ISO date of reduced precision names (to place it on a
    time axis without pretending to know the day)."""
    start, end = period(value)
    return (start + (end - start) / 2).normalize()


def publication_window(row) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The earliest and latest date a document can have been published: the period its
    `published` value names, but never before the event it reports ended (the
    commentaries all look back on their event)."""
    start, end = period(row["published"])
    event_end = pd.Timestamp(row["event_end"] or row["event_start"])
    return max(start, event_end), end

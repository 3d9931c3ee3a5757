"""The corpus: the catalogued seed documents, verified and loaded into one tidy table.

`load_corpus()` validates `seeds/catalog.csv` against its schema in the data package,
checks every catalogued file (present, checksum, UTF-8, not empty), and returns one row
per document with the catalog's fields, the text and its word count. Any problem raises
one `CrimePolicyError` naming the file, the line and the problem. (Files in `seeds/` that
the catalog does not list are refused by `python -m crimepolicy check`.)
"""

import pandas as pd

from . import dates, registry, validate

CATALOG = "catalog.csv"


def load_corpus(root=None) -> pd.DataFrame:
    """Load and verify the corpus.

    Returns a DataFrame indexed by `doc_id`, ordered by publication date, with the catalog
    columns, `published_date` (first day of the stated period, for sorting), `text` and
    `n_words`.
    """
    from .text import word_count  # local import: text imports nothing from here

    run = validate.new_run(root)
    texts = run.documents()
    catalog = run.table("catalog").records()
    columns = [f["name"] for f in registry.resource("catalog", run.root)["schema"]["fields"]]
    records = []
    for row in catalog:
        record = {c: row[c] for c in columns}
        record["published_date"] = dates.parse(row["published"])
        record["text"] = texts[row["doc_id"]]
        record["n_words"] = word_count(record["text"])
        records.append(record)
    table = pd.DataFrame.from_records(records).set_index("doc_id")
    table["published_date"] = pd.to_datetime(table["published_date"])
    return table.sort_values("published_date")


def publication_window(row) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The earliest and latest date a document can have been published, as the catalog
    gives them from what the text reports (`published_earliest`, `published_latest`)."""
    return pd.Timestamp(row["published_earliest"]), pd.Timestamp(row["published_latest"])

"""Adding a document to the corpus, and the coding worksheet that tells a coder where to read.

`add_document` (`python -m crimepolicy add PATH ...`) checks the new document and its
catalog row on a scratch copy of the inputs first; only if everything passes does it copy
the file into `seeds/`, append its row (with its checksum) to `seeds/catalog.csv` and its
entry to `book/references.bib`. A bad input (a document already in the corpus, an empty or
non-UTF-8 file, a missing or malformed field) is refused with one message, and nothing is
written.

`worksheet` lists the sentences of a document that mention a known actor or a theme's
vocabulary and that no coded row quotes yet: where the coding of a new document starts,
and what the coding of an old one has not used.
"""

import csv
import hashlib
import io
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from . import registry, validate
from .errors import CrimePolicyError
from .paths import root as find_root
from .paths import seeds_dir

FIELDS = {
    # catalog column: command-line option
    "doc_id": "doc_id",
    "title": "title",
    "label": "label",
    "publisher": "publisher",
    "author": "author",
    "doc_type": "doc_type",
    "published": "published",
    "published_basis": "published_basis",
    "url": "url",
    "body": "body",
    "session": "session",
    "event_start": "event_start",
    "event_end": "event_end",
    "place": "place",
    "notes": "notes",
}


def _catalog_row(options, file_name: str, digest: str, columns: list[str]) -> dict:
    values = {column: getattr(options, option, "") or "" for column, option in FIELDS.items()}
    values.update(file=file_name, sha256=digest)
    window = _window(values["published"], values["event_end"] or values["event_start"])
    names = ("published_precision", "published_earliest", "published_latest")
    values.update(zip(names, window, strict=True))
    return {column: values.get(column, "") for column in columns}


def _window(published: str, event_end: str) -> tuple[str, str, str]:
    """(precision, earliest, latest) of a publication date: a date known to the day is its
    own window; a month or a year runs from the end of the meeting the document reports
    (if that falls within it) to the end of the period. The maintainer narrows the window
    in the catalog where the text allows (a coming event it announces)."""
    from . import dates

    problem = dates.problem(published)
    if problem is not None:
        raise CrimePolicyError("the new document", f"{problem}", hint="check --published")
    precision = dates.precision(published)
    first, last = dates.period(published)
    earliest = first
    if event_end and dates.problem(event_end) is None:
        end = dates.period(event_end)[1]
        if first <= end <= last:
            earliest = end
    if precision == "day":
        return precision, published, published
    return precision, earliest.strftime("%Y-%m-%d"), last.strftime("%Y-%m-%d")


def _bib_entry(row: dict) -> str:
    """A BibTeX entry for the new document, keyed by its id (as the chapters cite it)."""

    def clean(text: str) -> str:
        return text.replace("{", "(").replace("}", ")").replace("_", r"\_")

    author = row["author"] or row["publisher"] or "Unknown"
    fields = {
        "title": "{" + clean(row["title"] or row["label"]) + "}",
        "author": "{" + clean(author) + "}",
        "year": row["published"][:4],
        "howpublished": clean(row["doc_type"]),
        "url": row["url"],
        "note": f"Corpus file seeds/{clean(row['file'])}",
    }
    body = ",\n".join(f"  {k:<12} = {{{v}}}" for k, v in fields.items() if v)
    return f"\n@misc{{{row['doc_id']},\n{body}\n}}\n"


def _csv_line(row: dict, columns: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([row[c] for c in columns])
    return buffer.getvalue()


def add_document(options) -> str:
    """Add the document of `options.path` to the corpus; returns the report to print
    (what was written, then the coding worksheet). Raises CrimePolicyError, having
    written nothing, when anything is wrong."""
    root = find_root(getattr(options, "root", None))
    source = Path(options.path)
    if not source.is_file():
        raise CrimePolicyError(source, "the file does not exist")
    raw = source.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CrimePolicyError(
            source, f"is not valid UTF-8 (byte {exc.start})", hint="save it as UTF-8"
        ) from None
    if not text.strip():
        raise CrimePolicyError(source, "the document is empty")
    digest = hashlib.sha256(raw).hexdigest()
    catalog_path = registry.path_of("catalog", root)
    existing = validate.read_table(catalog_path).records()
    for row in existing:
        if row["sha256"] == digest:
            raise CrimePolicyError(
                source, f"this document is already in the corpus, as {row['doc_id']}"
            )
        if row["doc_id"] == options.doc_id:
            raise CrimePolicyError(
                source,
                f"the id {options.doc_id} is taken (seeds/catalog.csv, line {row['line']})",
                hint="choose another --doc-id",
            )
    columns = [f["name"] for f in registry.resource("catalog", root)["schema"]["fields"]]
    index = len([p for p in seeds_dir(root).glob("*.txt")])
    file_name = f"{index:03d}_{digest[:16]}.txt"
    row = _catalog_row(options, file_name, digest, columns)
    _check_on_a_copy(root, raw, file_name, row, columns)
    # Everything passed: write the document, its catalog row and its bibliography entry.
    (seeds_dir(root) / file_name).write_bytes(raw)
    with catalog_path.open("a", encoding="utf-8", newline="") as f:
        f.write(_csv_line(row, columns))
    bibliography = root / "book" / "references.bib"
    if bibliography.is_file():
        with bibliography.open("a", encoding="utf-8") as f:
            f.write(_bib_entry(row))
    sheet = worksheet(row["doc_id"], root)
    lines = [
        f"crimepolicy: added {row['doc_id']}: seeds/{file_name} (sha256 {digest[:12]}…), "
        "a row in seeds/catalog.csv and an entry in book/references.bib.",
        f"Coding worksheet: {len(sheet)} sentences of {row['doc_id']} mention a known actor or "
        "a theme's vocabulary and are not yet quoted by any row.",
        "Code them into the tables in data/ following book/codebook.md, then run "
        "`python -m crimepolicy check` and `make book`.",
        "",
    ]
    for item in sheet.itertuples():
        found = "; ".join(x for x in (item.themes, item.actors) if x)
        lines.append(f"[p{item.para}.s{item.sent}] ({found}) {item.text}")
    return "\n".join(lines)


def _check_on_a_copy(root: Path, raw: bytes, file_name: str, row: dict, columns) -> None:
    """Validate the corpus with the new document on a scratch copy; raise its problems."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch)
        for folder in ("seeds", "data"):
            shutil.copytree(root / folder, copy / folder)
        shutil.copy(root / "_config.yml", copy / "_config.yml")
        (copy / "seeds" / file_name).write_bytes(raw)
        with (copy / "seeds" / "catalog.csv").open("a", encoding="utf-8", newline="") as f:
            f.write(_csv_line(row, columns))
        found, _ = validate.check_all(copy)
        if found:
            problem = found[0]
            # Name the option to fix rather than the scratch catalog's line.
            option = problem.column.replace("_", "-") if problem.column else None
            hint = f"check --{option}" if option in {o.replace("_", "-") for o in FIELDS} else None
            raise CrimePolicyError(
                "the new document",
                f"{problem.problem}"
                + (f" (catalog column '{problem.column}')" if problem.column else ""),
                hint=hint or problem.hint,
            )


def worksheet(doc_id: str, root=None) -> pd.DataFrame:
    """The sentences of document `doc_id` that mention a known actor (state or
    organisation) or a theme's vocabulary and that no quote of any table lies in:
    `para`, `sent`, `themes`, `actors`, `text`, in the document's order."""
    from . import actors, text, themes
    from .corpus import load_corpus
    from .evidence import load_table

    root = find_root(root)
    corpus = load_corpus(root)
    if doc_id not in corpus.index:
        raise CrimePolicyError(registry.path_of("catalog", root), f"no document {doc_id}")
    document = corpus.loc[doc_id, "text"]
    sentences = text.sentences(document)
    patterns = themes.compile_lexicon(themes.load_lexicon(root), themes.ids(root))
    found = actors.mentions(corpus.loc[[doc_id]], root)
    quoted = _quoted_spans(doc_id, document, root, load_table)
    rows = []
    for s in sentences.itertuples():
        if any(start < s.end and s.start < end for start, end in quoted):
            continue
        hit_themes = [t for t, p in patterns.items() if p is not None and p.search(s.text)]
        inside = found[(found["start"] >= s.start) & (found["end"] <= s.end)]
        names = list(dict.fromkeys(inside["name"]))
        if hit_themes or names:
            rows.append((s.para, s.sent, ", ".join(hit_themes), ", ".join(names), s.text))
    return pd.DataFrame(rows, columns=["para", "sent", "themes", "actors", "text"])


def _quoted_spans(doc_id: str, document: str, root, load_table) -> list[tuple[int, int]]:
    """Every span of the document that a quote of any table covers."""
    from .quotes import locate

    spans = []
    for res in registry.resources(root):
        columns = [f["name"] for f in res["schema"]["fields"] if f.get("x-check") == "quote"]
        if not columns:
            continue
        frame = load_table(res["name"], root)
        mine = frame[frame["doc_id"] == doc_id]
        for column in columns:
            for quote in mine[column].dropna():
                spans.extend(locate(document, quote))
    return spans

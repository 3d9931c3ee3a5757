"""Adding a document: `python -m crimepolicy add` copies it into seeds/, catalogues it with
its checksum, cites it, and prints a coding worksheet; a bad input is refused with one
message and nothing written. Runs the whole path on a small document in a temporary copy."""

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import crimepolicy as cp
from crimepolicy import validate, worksheet

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = (
    "The 12th session of the Conference of the Parties met in Vienna.\n"
    "Italy said that crimes that affect the environment should be a priority for UNTOC.\n"
    "The weather was fine.\n"
    "The UNODC announced a review mechanism update, and civil society was not invited.\n"
)
OPTIONS = [
    "--doc-id", "cop12-2024",
    "--label", "A test note on COP 12 (October 2024)",
    "--published", "2024-10",
    "--published-basis", "stated: 'October 2024'",
    "--body", "Conference of the Parties to UNTOC",
    "--event-start", "2024-10-14",
    "--doc-type", "note",
    "--url", "https://example.org/cop12",
]  # fmt: skip


@pytest.fixture
def book(tmp_path) -> Path:
    """A copy of the book's inputs (seeds, data, the bibliography) to add to."""
    for folder in ("seeds", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "book").mkdir()
    shutil.copy(ROOT / "book" / "references.bib", tmp_path / "book" / "references.bib")
    shutil.copy(ROOT / "_config.yml", tmp_path)
    return tmp_path


def add(book: Path, path: Path, *options) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "crimepolicy", "add", str(path), *options, "--root", str(book)],
        capture_output=True,
        text=True,
    )


def snapshot(book: Path) -> dict:
    return {
        p.relative_to(book).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(book.rglob("*"))
        if p.is_file()
    }


def test_adding_a_document_catalogues_cites_and_prints_a_worksheet(book, tmp_path):
    source = tmp_path / "new.txt"
    source.write_text(DOCUMENT, encoding="utf-8")
    result = add(book, source, *OPTIONS)
    assert result.returncode == 0, result.stderr
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    copied = book / "seeds" / f"005_{digest[:16]}.txt"
    assert copied.read_bytes() == source.read_bytes()
    corpus = cp.load_corpus(book)
    row = corpus.loc["cop12-2024"]
    assert (row["sha256"], row["published_precision"]) == (digest, "month")
    assert (row["published_earliest"], row["published_latest"]) == ("2024-10-14", "2024-10-31")
    assert "@misc{cop12-2024," in (book / "book" / "references.bib").read_text(encoding="utf-8")
    assert validate.check_all(book)[0] == []
    # The worksheet: the sentences naming an actor or a theme's words, not the weather.
    lines = [line for line in result.stdout.splitlines() if line.startswith("[p")]
    assert len(lines) == 2
    assert any("Italy" in line and "wildlife-protocol" in line for line in lines)
    assert not any("weather" in line for line in lines)
    assert "2 sentences of cop12-2024" in result.stdout


def test_the_worksheet_leaves_out_what_is_already_quoted():
    sheet = worksheet.worksheet("untoc-cop-2018", ROOT)
    coded = "Norway pushed for more robust civil-society participation"
    assert not sheet["text"].str.contains(coded, regex=False).any()
    assert len(sheet) > 0 and set(sheet.columns) == {"para", "sent", "themes", "actors", "text"}


BAD = [
    ("a document already in the corpus", "copy", [], "in the corpus, as crime-congress13-2015"),
    ("an empty file", "   \n", [], "the document is empty"),
    ("a file that is not UTF-8", b"Caf\xe9", [], "is not valid UTF-8"),
    ("an id that is taken", DOCUMENT, ["--doc-id", "ccpcj31-2022"], "the id ccpcj31-2022 is taken"),
    ("an impossible date", DOCUMENT, ["--published", "2024-13"], "check --published"),
    ("an id of the wrong form", DOCUMENT, ["--doc-id", "COP12"], "catalog column 'doc_id'"),
    ("an address not https", DOCUMENT, ["--url", "http://x.org"], "not an https:// address"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "options", "words"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_a_bad_input_is_refused_with_one_message_and_nothing_written(
    book, tmp_path, content, options, words
):
    source = tmp_path / "new.txt"
    if content == "copy":
        shutil.copy(ROOT / "seeds" / "002_e80c53980f963347.txt", source)
    elif isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    before = snapshot(book)
    # Later options win, so each case overrides one of the good options.
    result = add(book, source, *OPTIONS, *options)
    assert result.returncode == 1, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("crimepolicy: bad input:"), lines
    assert words in lines[0]
    assert "Traceback" not in result.stderr
    assert snapshot(book) == before


def test_a_missing_required_option_is_refused_with_usage(book, tmp_path):
    source = tmp_path / "new.txt"
    source.write_text(DOCUMENT, encoding="utf-8")
    before = snapshot(book)
    result = add(book, source, "--doc-id", "x-2024")
    assert result.returncode == 2 and "required" in result.stderr
    assert snapshot(book) == before

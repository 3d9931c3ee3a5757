"""Bad inputs: `python -m crimepolicy check` refuses each with one clear line naming the
file, the line and the column (where they exist), what is wrong and what would be right,
and writes nothing.

One table, `CASES`, one line per case: a name, the damage done to a copy of the inputs,
and what the message must say. The damage helpers return the line they damaged, so a case
never hard-codes a line number. Cases with `ACCEPTED` are inputs the book deliberately
accepts (a byte-order mark, Windows line endings): their check must pass.
"""

import csv
import hashlib
import io
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from crimepolicy.__main__ import main

ROOT = Path(__file__).resolve().parent.parent
ACCEPTED = "accepted"


# --- damage helpers: each takes the copy's root and returns the damaged line (or None) ----


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _write_rows(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def set_cell(file, key, column, value):
    """Set one cell of the row whose first cell is `key`."""

    def damage(root):
        rows = _rows(root / file)
        line = next(i for i, row in enumerate(rows) if row[0] == key)
        rows[line][rows[0].index(column)] = value
        _write_rows(root / file, rows)
        return line + 1

    return damage


def drop_column(file, column):
    def damage(root):
        rows = _rows(root / file)
        index = rows[0].index(column)
        _write_rows(root / file, [row[:index] + row[index + 1 :] for row in rows])
        return 1

    return damage


def add_column(file, column):
    def damage(root):
        rows = _rows(root / file)
        _write_rows(root / file, [rows[0] + [column]] + [row + [""] for row in rows[1:]])
        return 1

    return damage


def cut_row(file, key, keep):
    """Keep only the first `keep` cells of the row whose first cell is `key`."""

    def damage(root):
        rows = _rows(root / file)
        line = next(i for i, row in enumerate(rows) if row[0] == key)
        rows[line] = rows[line][:keep]
        _write_rows(root / file, rows)
        return line + 1

    return damage


def extra_cell(file, key):
    def damage(root):
        rows = _rows(root / file)
        line = next(i for i, row in enumerate(rows) if row[0] == key)
        rows[line].append("one too many")
        _write_rows(root / file, rows)
        return line + 1

    return damage


def insert_line(file, after_key, text):
    """Insert a raw line after the row whose first cell is `after_key`."""

    def damage(root):
        lines = (root / file).read_text(encoding="utf-8").splitlines(keepends=True)
        index = next(i for i, line in enumerate(lines) if line.startswith(after_key + ","))
        lines.insert(index + 1, text)
        (root / file).write_text("".join(lines), encoding="utf-8")
        return index + 2

    return damage


def replace(file, old, new):
    def damage(root):
        text = (root / file).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        (root / file).write_text(text.replace(old, new, 1), encoding="utf-8")
        return None

    return damage


def prepend_bom(file):
    def damage(root):
        path = root / file
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    return damage


def crlf(file):
    def damage(root):
        path = root / file
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))

    return damage


def delete(file):
    def damage(root):
        (root / file).unlink()

    return damage


def write(file, data: bytes):
    def damage(root):
        (root / file).parent.mkdir(parents=True, exist_ok=True)
        (root / file).write_bytes(data)

    return damage


def first_seed(action):
    """Apply `action(path)` to the first document of seeds/; returns its catalog line."""

    def damage(root):
        path = sorted((root / "seeds").glob("0*.txt"))[0]
        action(path)
        rows = _rows(root / "seeds/catalog.csv")
        return next(i for i, row in enumerate(rows) if path.name in row) + 1

    return damage


def upper_checksum(root):
    rows = _rows(root / "seeds/catalog.csv")
    column = rows[0].index("sha256")
    rows[1][column] = rows[1][column].upper()
    _write_rows(root / "seeds/catalog.csv", rows)
    return 2


def stale_package(root):
    path = root / "data/datapackage.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("version: 0.", "version: 9.", 1))


# --- the cases ------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    damage: object
    file: str  # the file the message must name ("accepted": the check must pass)
    column: str | None = None  # the column it must name, if any
    words: str = ""  # words the problem must contain


CASES = [
    # data/context.csv, which `check` used to let through
    Case("context: wrong precision", set_cell("data/context.csv", "ctx-02", "date_precision", "month"), "data/context.csv", "date", "day precision, but date_precision says month"),
    Case("context: impossible date", set_cell("data/context.csv", "ctx-02", "date", "2003-02-30"), "data/context.csv", "date", "not a real date"),
    Case("context: not https", set_cell("data/context.csv", "ctx-02", "source_url", "http://legal.un.org/"), "data/context.csv", "source_url", "not an https:// address"),
    Case("context: unknown theme", set_cell("data/context.csv", "ctx-02", "themes", "drugs"), "data/context.csv", "themes", "'drugs' is not a known id of data/themes.csv"),
    Case("context: duplicate id", set_cell("data/context.csv", "ctx-03", "id", "ctx-02"), "data/context.csv", "id", "repeats line 3"),
    Case("context: empty fact", set_cell("data/context.csv", "ctx-02", "fact", ""), "data/context.csv", "fact", "the value is empty; it is required"),
    Case("context: dropped column", drop_column("data/context.csv", "fact"), "data/context.csv", None, "the header has no column 'fact'"),
    Case("context: byte-order mark", prepend_bom("data/context.csv"), ACCEPTED),
    # vocabularies
    Case("function words deleted", delete("data/function_words.csv"), "data/function_words.csv", None, "the file is missing"),
    Case("function word with a capital", set_cell("data/function_words.csv", "about", "word", "About"), "data/function_words.csv", "word", "does not have the expected form"),
    Case("alias of an unknown country", insert_line("data/state_aliases.csv", "Russia", "Ruritanian,Ruritania,demonym,\n"), "data/state_aliases.csv", "country", "'Ruritania' is not the name of a state"),
    Case("lexicon: unknown theme", set_cell("data/theme_lexicon.csv", "cybercrime-treaty", "theme", "cyber-treaty"), "data/theme_lexicon.csv", "theme", "is not a known id of data/themes.csv"),
    Case("theme colour not a colour", set_cell("data/themes.csv", "wildlife-protocol", "colour", "green"), "data/themes.csv", "colour", "does not have the expected form"),
    # evidence values
    Case("quote of spaces only", set_cell("data/positions.csv", "pos-003", "quote", "   "), "data/positions.csv", "quote", "the value is only spaces"),
    Case("quote not in its document", set_cell("data/positions.csv", "pos-003", "quote", "words the document never says"), "data/positions.csv", "quote", "not verbatim in crime-congress13-2015"),
    Case("value with a leading space", set_cell("data/positions.csv", "pos-003", "actor", " Iraq"), "data/positions.csv", "actor", "starts or ends with a space"),
    Case("real code, wrong state", set_cell("data/positions.csv", "pos-004", "iso3", "ISL"), "data/positions.csv", "iso3", "'ISL' is the code of Iceland, but actor is 'Algeria'; for 'Algeria' use 'DZA'"),
    Case("code that is no code", set_cell("data/positions.csv", "pos-004", "iso3", "XYZ"), "data/positions.csv", "iso3", "not an ISO 3166-1 alpha-3 code"),
    Case("iso3 for a group", set_cell("data/positions.csv", "pos-002", "iso3", "ZAF"), "data/positions.csv", "iso3", "must be filled when actor_type is state, and only then"),
    Case("speaking for no state", set_cell("data/positions.csv", "pos-002", "speaking_for", "Atlantis"), "data/positions.csv", "speaking_for", "'Atlantis' is not the name of a state"),
    Case("unknown stance", set_cell("data/positions.csv", "pos-003", "stance", "maybe"), "data/positions.csv", "stance", "use one of: supports, qualified, opposes, silent"),
    Case("unknown theme", set_cell("data/positions.csv", "pos-003", "theme", "drugs"), "data/positions.csv", "theme", "is not a known"),
    Case("unknown proposition", set_cell("data/positions.csv", "pos-003", "proposition", "cyber-nothing"), "data/positions.csv", "proposition", "'cyber-nothing', 'cybercrime-treaty' is not a known id, theme of data/propositions.csv"),
    Case("proposition of another theme", set_cell("data/positions.csv", "pos-003", "proposition", "wildlife-new-protocol"), "data/positions.csv", "proposition", "'wildlife-new-protocol', 'cybercrime-treaty' is not a known id, theme"),
    Case("unknown event", set_cell("data/positions.csv", "pos-003", "event", "no-such-event"), "data/positions.csv", "event", "is not a known event_key of data/events.csv"),
    Case("unknown document", set_cell("data/positions.csv", "pos-003", "doc_id", "no-such-doc-2020"), "data/positions.csv", "doc_id", "is not a known doc_id of seeds/catalog.csv"),
    Case("year not a number", set_cell("data/positions.csv", "pos-003", "year", "2015a"), "data/positions.csv", "year", "is not a whole number"),
    Case("duplicate id", set_cell("data/positions.csv", "pos-004", "id", "pos-003"), "data/positions.csv", "id", "id 'pos-003' repeats line 4"),
    Case("one state, two names", set_cell("data/sponsors.csv", "sp-001", "actor", "Republic of Angola"), "data/sponsors.csv", "actor", "iso3 'AGO' is 'Angola' in positions.csv but 'Republic of Angola' here"),
    Case("unknown resolution", set_cell("data/sponsors.csv", "sp-003", "resolution_id", "res-999"), "data/sponsors.csv", "resolution_id", "'res-999' is not a known id of data/resolutions.csv"),
    Case("rank out of range", set_cell("data/cs_channels.csv", "csc-001", "strength_rank", "7"), "data/cs_channels.csv", "strength_rank", "7 is out of range; use a value from 0 to 3"),
    Case("impossible date", set_cell("data/events.csv", "ev-004", "start", "2015-02-30"), "data/events.csv", "start", "not a real date"),
    Case("date and precision disagree", set_cell("data/events.csv", "ev-004", "start", "2015-04"), "data/events.csv", "start", "month precision, but date_precision says day"),
    Case("end before start", set_cell("data/events.csv", "ev-004", "end", "2015-04-10"), "data/events.csv", "end", "end 2015-04-10 is before start 2015-04-17"),
    Case("themes list with a space", set_cell("data/events.csv", "ev-004", "themes", "cybercrime-treaty; wildlife-protocol"), "data/events.csv", "themes", "' wildlife-protocol' is not a known id"),
    Case("label too long", set_cell("data/events.csv", "ev-004", "label", "x" * 41), "data/events.csv", "label", "41 characters long; at most 40"),
    Case("date outside its event", set_cell("data/access_moments.csv", "am-004", "date", "2015-04-30"), "data/access_moments.csv", "date", "outside the dates of event"),
    Case("rebuttal without target", set_cell("data/arguments.csv", "arg-005", "rebuts", ""), "data/arguments.csv", "rebuts", "must be filled when side is rebuttal"),
    Case("coded state listed without stance", set_cell("data/states_without_stance.csv", "sws-001", "iso3", "EGY"), "data/states_without_stance.csv", "iso3", "also have a row in positions.csv"),
    # structure
    Case("dropped required column", drop_column("data/positions.csv", "stance"), "data/positions.csv", None, "the header has no column 'stance'"),
    Case("column the package does not describe", add_column("data/figures.csv", "extra"), "data/figures.csv", None, "a column 'extra' that the data package does not describe"),
    Case("row with a cell too many", extra_cell("data/figures.csv", "fig-004"), "data/figures.csv", None, "the row has 10 cells but the header has 9"),
    Case("short evidence row", cut_row("data/sponsors.csv", "sp-004", 5), "data/sponsors.csv", None, "no value for doc_id, quote"),
    Case("blank line", insert_line("data/figures.csv", "fig-004", "\n"), "data/figures.csv", None, "the line is blank"),
    Case("value spanning lines", set_cell("data/figures.csv", "fig-004", "measures", "two\nlines"), "data/figures.csv", None, "a value spans several lines"),
    Case("evidence table deleted", delete("data/positions.csv"), "data/positions.csv", None, "the file is missing"),
    Case("evidence byte-order mark", prepend_bom("data/positions.csv"), ACCEPTED),
    Case("evidence Windows line endings", crlf("data/events.csv"), ACCEPTED),
    Case("data package out of date", stale_package, "data/datapackage.json", None, "does not match datapackage.yml"),
    Case("stray file in data", write("data/notes.txt", b"my notes\n"), "data/notes.txt", None, "is not described in data/datapackage.yml"),
    # the catalog and the documents
    Case("catalog byte-order mark", prepend_bom("seeds/catalog.csv"), ACCEPTED),
    Case("catalog row cut short", cut_row("seeds/catalog.csv", "untoc-cop-2018", 12), "seeds/catalog.csv", None, "the row has 12 cells"),
    Case("catalog: missing field", set_cell("seeds/catalog.csv", "kyoto-followup-2021", "published", ""), "seeds/catalog.csv", "published", "the value is empty; it is required"),
    Case("catalog: impossible date", set_cell("seeds/catalog.csv", "crime-congress13-2015", "event_start", "2015-02-30"), "seeds/catalog.csv", "event_start", "not a real date"),
    Case("catalog: upper-case checksum", upper_checksum, "seeds/catalog.csv", "sha256", "SHA-256 of the file, in lower-case hexadecimal"),
    Case("document changed", first_seed(lambda p: p.write_text(p.read_text(encoding="utf-8") + " (edited)", encoding="utf-8")), "seeds/catalog.csv", "sha256", "the document was changed"),
    Case("document missing", first_seed(lambda p: p.unlink()), "seeds/catalog.csv", "file", "is missing"),
    Case("document not UTF-8", first_seed(lambda p: p.write_bytes("Caf\u00e9".encode("latin-1"))), "seeds/catalog.csv", "sha256", "the document was changed"),
    Case("uncatalogued document", write("seeds/005_extra.txt", b"A new document.\n"), "seeds/005_extra.txt", None, "has no row in seeds/catalog.csv"),
    Case("document in a sub-folder", write("seeds/drafts/a.txt", b"A draft.\n"), "seeds/drafts/a.txt", None, "is not described"),
    Case("hidden file in seeds", write("seeds/.notes", b"x\n"), "seeds/.notes", None, "is not described"),
]  # fmt: skip


def _snapshot(root: Path) -> dict:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in ("seeds", "data")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def inputs(tmp_path) -> Path:
    """A copy of the book's inputs to damage."""
    for folder in ("seeds", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    return tmp_path


def run_check(root: Path, capsys) -> tuple[int, list[str]]:
    code = main(["check", str(root)])
    captured = capsys.readouterr()
    run_check.out = captured.out
    return code, [line for line in captured.err.splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_with_one_clear_line(inputs, capsys, case):
    line = case.damage(inputs)
    damaged = _snapshot(inputs)
    code, lines = run_check(inputs, capsys)
    assert _snapshot(inputs) == damaged, "check wrote into seeds/ or data/"
    if case.file == ACCEPTED:
        assert (code, lines) == (0, []), lines
        return
    assert code == 1
    assert len(lines) == 1, lines
    where = case.file
    if isinstance(line, int):
        where += f", line {line}"
    if case.column:
        where += f", column '{case.column}'"
    assert lines[0].startswith(f"crimepolicy: bad input: {where}"), lines[0]
    assert case.words in lines[0], lines[0]


def test_the_real_inputs_pass(capsys):
    code, lines = run_check(ROOT, capsys)
    assert (code, lines) == (0, [])
    assert run_check.out.startswith("crimepolicy: inputs OK: 5 documents")


def test_check_command_prints_one_line_and_no_traceback(inputs):
    set_cell("data/positions.csv", "pos-004", "iso3", "ISL")(inputs)
    result = subprocess.run(
        [sys.executable, "-m", "crimepolicy", "check", str(inputs)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "data/positions.csv, line 5, column 'iso3'" in result.stderr


def test_several_problems_are_one_line_each(inputs, capsys):
    set_cell("data/positions.csv", "pos-004", "iso3", "ISL")(inputs)
    set_cell("data/context.csv", "ctx-02", "source_url", "http://x.org")(inputs)
    code, lines = run_check(inputs, capsys)
    assert code == 1 and len(lines) == 2
    assert {line.split(",")[0] for line in lines} == {
        "crimepolicy: bad input: data/positions.csv",
        "crimepolicy: bad input: data/context.csv",
    }


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_prints_usage_and_exits_zero(flag):
    result = subprocess.run(
        [sys.executable, "-m", "crimepolicy", flag], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "check" in result.stdout and "build" in result.stdout


def test_no_command_prints_usage_and_exits_two():
    result = subprocess.run([sys.executable, "-m", "crimepolicy"], capture_output=True, text=True)
    assert result.returncode == 2 and "usage" in result.stderr


def test_every_case_name_is_unique():
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))


def test_damage_helpers_damage(inputs):
    """The table's helpers change what they say (so a passing case is not a no-op)."""
    before = _snapshot(inputs)
    line = set_cell("data/context.csv", "ctx-02", "date", "2003-02-30")(inputs)
    assert line == 3 and _snapshot(inputs) != before
    rows = list(csv.reader(io.StringIO((inputs / "data/context.csv").read_text())))
    assert rows[2][1] == "2003-02-30"

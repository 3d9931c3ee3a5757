"""The data registry: one descriptor, written from its YAML source, describes every file,
is parsed once per run, and lets a maintainer add a table without writing Python."""

import json
import shutil
from pathlib import Path

import pytest

from crimepolicy import CrimePolicyError, evidence, registry, validate

ROOT = Path(__file__).resolve().parent.parent


def test_datapackage_json_is_written_from_the_yaml():
    assert registry.stale_package_problem(ROOT) is None
    written = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert written == registry.generate(ROOT)
    assert "x-shared" not in written


def test_shared_definitions_are_written_once_in_the_source():
    source = (ROOT / "data" / "datapackage.yml").read_text(encoding="utf-8")
    # The stance values and the quote field's description appear once, however many
    # tables use them.
    assert source.count("[supports, qualified, opposes, silent]") == 1
    assert source.count("The shortest verbatim span") == 1
    package = registry.generate(ROOT)
    quote_fields = [
        f
        for r in package["resources"]
        for f in r["schema"]["fields"]
        if f.get("x-check") == "quote"
    ]
    assert len(quote_fields) >= 10


def test_the_package_is_a_valid_frictionless_data_package():
    import frictionless

    with frictionless.system.use_context(trusted=True):
        report = frictionless.validate(str(ROOT / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])[:5]


def test_every_file_under_data_and_seeds_is_described():
    assert validate.stray_files(ROOT) == []
    described = {registry.path_of(n, ROOT) for n in registry.names(ROOT)}
    # Files in sub-folders too (data/reliability/); folders themselves are not described.
    for path in (p for p in (ROOT / "data").rglob("*") if p.is_file()):
        assert path.resolve() in described or registry.is_other_file(path, ROOT), path


def test_the_descriptor_is_parsed_once_per_run():
    registry._parsed.cache_clear()
    for name in registry.names(ROOT):
        registry.resource(name, ROOT)
    validate.check_all(ROOT)
    assert registry._parsed.cache_info().misses == 1


def test_a_composite_foreign_key_is_checked():
    keys = registry.resource("positions", ROOT)["schema"]["foreignKeys"]
    assert {
        "fields": ["proposition", "theme"],
        "reference": {"resource": "propositions", "fields": ["id", "theme"]},
    } in keys


def test_a_descriptor_naming_an_unknown_rule_is_refused(tmp_path):
    for folder in ("data", "seeds"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "_config.yml", tmp_path)
    source = tmp_path / "data" / "datapackage.yml"
    source.write_text(
        source.read_text(encoding="utf-8").replace("rule: not-before", "rule: never-before", 1),
        encoding="utf-8",
    )
    with pytest.raises(Exception, match="unknown rule"):
        registry.generate(tmp_path)


# --- adding a table: a CSV, its schema entry, its codebook section, and no Python -------

NEW_TABLE = """\
id,actor,iso3,date,date_precision,doc_id,quote
pl-001,Egypt,EGY,2015-04-17,day,crime-congress13-2015,"New crimes required new conventions, Egypt’s delegate said"
pl-002,Japan,JPN,2015-04,month,crime-congress13-2015,The most practical way forward to fight transnational crime
"""
NEW_ENTRY = """
  - name: pledges
    path: pledges.csv
    title: Pledges
    description: A table added in a test, to show that a new table needs no Python.
    x-kind: evidence
    x-codebook: codebook-pledges
    x-themes: {theme: cybercrime-treaty}
    schema:
      fields:
        - {name: id, type: string, description: Row id., constraints: {required: true, pattern: '^pl-\\d{3}$'}}
        - {name: actor, type: string, description: The state., constraints: {required: true}}
        - <<: *iso3
          constraints: {required: true}
          x-name-field: actor
        - <<: *date
          name: date
          x-precision-field: date_precision
        - *precision
        - *doc_id
        - *quote
      primaryKey: [id]
      foreignKeys:
        - *doc_id_key
"""
NEW_SECTION = "\n(codebook-pledges)=\n## Pledges\n\nWhat a state pledged.\n"


@pytest.fixture
def grown(tmp_path) -> Path:
    """A copy of the inputs with one table added the documented way."""
    for folder in ("data", "seeds", "book"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "_config.yml", tmp_path)
    (tmp_path / "data" / "pledges.csv").write_text(NEW_TABLE, encoding="utf-8")
    with (tmp_path / "data" / "datapackage.yml").open("a", encoding="utf-8") as f:
        f.write(NEW_ENTRY)
    with (tmp_path / "book" / "codebook.md").open("a", encoding="utf-8") as f:
        f.write(NEW_SECTION)
    registry.write_package(tmp_path)  # `python -m crimepolicy package`
    return tmp_path


def _bad(root: Path, line: int, column: str, value: str) -> None:
    import csv

    path = root / "data" / "pledges.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def test_a_new_table_validates_loads_and_is_counted(grown):
    found, _ = validate.check_all(grown)
    assert found == []
    table = evidence.load_table("pledges", grown)
    assert list(table["iso3"]) == ["EGY", "JPN"]
    assert "pledges" in evidence.table_names(grown)
    tables = evidence.load_evidence(grown)
    assert evidence.rows_per_theme(tables, grown).loc["pledges", "cybercrime-treaty"] == 2
    assert "verbatim in the row's document" in set(
        evidence.field_table("pledges", grown)["constraints"]
    )


@pytest.mark.parametrize(
    ("line", "column", "value", "words"),
    [
        (2, "quote", "Egypt said nothing of the kind", "not verbatim in crime-congress13-2015"),
        (3, "iso3", "JPX", "not an ISO 3166-1 alpha-3 code"),
        (3, "iso3", "CHN", "'CHN' is the code of China, but actor is 'Japan'"),
        (2, "date", "2015-04-31", "not a real date"),
        (3, "date", "2015", "year precision, but date_precision says month"),
        (2, "doc_id", "no-such-2015", "not a known doc_id of seeds/catalog.csv"),
    ],
)
def test_a_bad_row_in_the_new_table_is_named(grown, line, column, value, words):
    _bad(grown, line, column, value)
    found, _ = validate.check_all(grown)
    assert len(found) == 1
    assert str(found[0]).startswith(f"data/pledges.csv, line {line}, column '{column}'")
    assert words in found[0].problem


def test_the_new_table_has_its_codebook_section(grown):
    from test_evidence import undocumented_sections

    assert undocumented_sections(grown) == []


def test_registry_refuses_an_x_summary_that_names_no_field(book_copy):
    path = book_copy / "data" / "datapackage.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "x-summary: {actor: actor, coded: [role]}", "x-summary: {actor: actor, coded: [rôle]}"
        ),
        encoding="utf-8",
    )
    with pytest.raises(CrimePolicyError, match="x-summary names no field 'rôle'"):
        registry.generate(book_copy)


def test_a_second_codings_list_of_codes_may_be_empty_and_its_other_values_may_not(root):
    """An event that bears on no thread has an empty list of themes, in either coding."""
    fields = {f["name"]: f for f in registry.resource("second_events", root)["schema"]["fields"]}
    assert fields["themes"]["constraints"]["required"] is False
    assert fields["kind"]["constraints"]["required"] is True

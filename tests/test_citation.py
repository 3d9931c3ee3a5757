"""CITATION.cff is valid Citation File Format and says what the book says about itself."""

import json
import tomllib
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parent.parent
# The Citation File Format 1.2.0 schema, as published at
# https://citation-file-format.github.io/1.2.0/schema.json (CC BY 4.0); kept here so that
# the test runs offline.
SCHEMA = Path(__file__).with_name("cff-schema-1.2.0.json")


def _citation() -> dict:
    # CFF dates are strings; YAML would read an unquoted one as a date.
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_file_is_valid_cff():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        _citation()
    )


def test_citation_names_the_book_its_version_and_licences():
    citation = _citation()
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert citation["title"] == config["title"] == citation["preferred-citation"]["title"]
    assert citation["version"] == project["version"]
    assert citation["preferred-citation"]["edition"] == project["version"]
    assert project["license"] in citation["license"]
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert {lic["name"] for lic in package["licenses"]} <= set(citation["license"])


def test_the_front_page_cites_the_book_as_citation_cff_does():
    """The "How to cite" section of the front page says what CITATION.cff says."""
    preferred = _citation()["preferred-citation"]
    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    section = intro.split("## How to cite", 1)[1].split("\n## ", 1)[0]
    flat = " ".join(line.lstrip("> ").strip() for line in section.splitlines())
    assert preferred["authors"][0]["name"] in flat
    assert f"({preferred['year']})" in flat
    assert f"*{preferred['title']}*" in flat
    assert f"edition {preferred['edition']}" in flat
    assert "CC BY 4.0" in flat and "MIT" in flat
    assert "CITATION.cff" in flat

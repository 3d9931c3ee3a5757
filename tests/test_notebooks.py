"""The chapters' text: quotes in the prose are verbatim in their source, and every figure
is glued, placed as a numbered figure with a caption, and referred to by its number."""

import json
import re
from pathlib import Path

import pytest

from crimepolicy import quotes

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
QUOTE = re.compile(r"\"([^\"{}`]+)\"")
CITE = re.compile(r"\[cite:([a-z0-9-]+)\]")
SENTENCE_END = re.compile(r"[.?!]\s+[A-Z(]")


def _cells(path: Path, kind: str) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == kind]


def prose_quotes(path: Path) -> list[tuple[str, str | None]]:
    """Every double-quoted span of a notebook's prose, with the document cited after it
    in the same sentence (None if no citation follows before the sentence ends)."""
    markdown = "\n\n".join(_cells(path, "markdown"))
    markdown = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    markdown = re.sub(r"\{cite\}`([a-z0-9-]+)[^`]*`", r"[cite:\1]", markdown)
    markdown = re.sub(r"(\{[a-z:]+\})?`[^`]*`", "", markdown)
    found = []
    for paragraph in re.split(r"\n\s*\n", markdown):
        for match in QUOTE.finditer(paragraph):
            after = paragraph[match.end() :]
            cite = CITE.search(after)
            end = SENTENCE_END.search(after)
            document = cite.group(1) if cite and (not end or cite.start() < end.start()) else None
            found.append((match.group(1), document))
    return found


@pytest.fixture(scope="module")
def texts(corpus) -> dict:
    return dict(corpus["text"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_quotes_in_the_prose_are_verbatim_in_their_source(path, texts):
    for quote, document in prose_quotes(path):
        if document:
            assert quotes.contains(texts[document], quote), (path.name, quote, document)
        else:
            assert any(quotes.contains(t, quote) for t in texts.values()), (path.name, quote)


def test_the_quote_finder_finds_quotes_and_their_citations(tmp_path):
    cell = (
        'The commentary says "Egypt similarly took a hard line" {cite}`untoc-cop-2018`. '
        'Elsewhere "a forum for exchange". And `"code"` is not prose.'
    )
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": [cell]}]}
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert prose_quotes(path) == [
        ("Egypt similarly took a hard line", "untoc-cop-2018"),
        ("a forum for exchange", None),
    ]


GLUED = re.compile(r"cp\.plots\.glue\(\s*\"([^\"]+)\"")
PLACED = re.compile(r"```\{glue:figure\} (\S+)\n:name: (\S+)\n\n(\S[^`]*?)```", re.DOTALL)
CHAPTERS = [p for p in NOTEBOOKS if "cp.plots" in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_figure_is_a_numbered_captioned_figure_the_prose_refers_to(path):
    code = "\n".join(_cells(path, "code"))
    markdown = "\n\n".join(_cells(path, "markdown"))
    glued = GLUED.findall(code)
    placed = {key: (name, caption) for key, name, caption in PLACED.findall(markdown)}
    assert glued, f"{path.name} draws no figure"
    assert "plots.show(" not in code, "figures are glued and placed as figures, not shown"
    for key in glued:
        assert key in placed, f"{key} is glued but not placed with a name and a caption"
        name, caption = placed[key]
        assert len(caption.split()) >= 5, f"{key}: the caption is too short"
        assert f"{{numref}}`{name}`" in markdown, f"the prose never refers to {name}"

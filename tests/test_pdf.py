"""The PDF edition: `make pdf` prints the whole book to one PDF (the single-page HTML
build, printed by the system Chromium), and every chapter, figure and table is in it.

Marked `built`: `make test` runs these after `make pdf`; they read the PDF and build
nothing themselves.
"""

import html
import json
import re
import unicodedata

import pytest
from pypdf import PdfReader
from site_helpers import BUILD, PDF, ROOT, require_chromium, toc_docnames

pytestmark = pytest.mark.built

SINGLE_PAGE = BUILD / "pdf-build" / "_build" / "singlehtml" / "book.html"
# A sanity bound that grows with the book: a runaway layout (one figure per page, a table
# broken row by row) fails. The book averaged 24 pages per document of the table of contents
# at 17 documents (412 pages, the evidence explorer and the codebook the longest).
MAX_PAGES_PER_DOCUMENT = 30


def chapter_title(docname: str) -> str:
    """The first `# ` heading of a chapter's Markdown file or notebook."""
    source = next(ROOT.glob(f"{docname}.*"))
    if source.suffix == ".ipynb":
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
        markdown = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
        lines = "\n".join(markdown).splitlines()
    else:
        lines = source.read_text(encoding="utf-8").splitlines()
    return next(line[2:].strip() for line in lines if line.startswith("# "))


def normalised(text: str) -> str:
    """Text with line breaks, hyphenation at line ends, curly quotes and typographic
    ligatures (the PDF prints 'fight' with an 'ﬁ' glyph) evened out."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"-\s*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text).lower()


@pytest.fixture(scope="module")
def pdf() -> PdfReader:
    """The PDF edition as `make pdf` left it (this test builds nothing)."""
    require_chromium(pytest)
    if not PDF.is_file():
        pytest.fail(f"{PDF} is missing: run `make pdf` first.", pytrace=False)
    return PdfReader(PDF)


def test_the_pdf_has_a_plausible_number_of_pages(pdf):
    pages = len(pdf.pages)
    print(f"\nPDF edition: {PDF} has {pages} pages")
    documents = len(toc_docnames())
    assert documents <= pages <= MAX_PAGES_PER_DOCUMENT * documents


def test_every_chapter_title_is_in_the_pdf(pdf):
    text = normalised("\n".join(page.extract_text() for page in pdf.pages))
    missing = [t for d in toc_docnames() if normalised(t := chapter_title(d)) not in text]
    assert not missing, f"chapter titles not found in the PDF: {missing}"


def words(text: str) -> set[str]:
    """The set of words (letters and digits) in a text, lower-cased."""
    return set(re.findall(r"[a-z0-9]+", normalised(text)))


def table_headers(page: str) -> list[str]:
    """The text of the first row (title or column headers) of every table of the book."""
    tables = re.findall(r"<table.*?</table>", page, re.DOTALL)
    first_rows = [re.search(r"<tr.*?</tr>", t, re.DOTALL) for t in tables]
    return [html.unescape(re.sub(r"<[^>]+>", " ", row.group(0))) for row in first_rows if row]


def test_every_figure_and_table_is_in_the_pdf(pdf):
    page = SINGLE_PAGE.read_text(encoding="utf-8")
    figures = len(re.findall(r"<img\s", page))
    embedded = sum(len(page.images) for page in pdf.pages)
    assert embedded >= figures, f"{embedded} images in the PDF, {figures} in the book"
    in_pdf = words("\n".join(page.extract_text() for page in pdf.pages))
    headers = table_headers(page)
    missing = [h.split() for h in headers if not words(h) <= in_pdf]
    assert headers and not missing, f"tables whose headers are not in the PDF: {missing}"

"""Every quote one click from its source, in the built book.

Read from the built HTML (every link, not a sample): each quote link of every page lands
on a passage whose text contains the quote; each quote cell of a chapter's tables is such a
link; each source page shows its seed's paragraphs word for word, marks its uncoded
sentences and explains the marks. In headless Chromium (a sample): following quote links
from every chapter and from every table of the explorer lands on a highlighted passage in
view; the explorer filters and searches when a reader clicks and types, and lists every row
without JavaScript. The page weights of the explorer and of the source pages go to
`_build/sources-report.json`.

(The pages themselves, source pages and explorer included, are also visited by
`test_site.py`: accessibility audit, failed requests, images, links.)
"""

import json
import re
from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import unquote, urldefrag

import pytest
from site_helpers import BUILD, HTML, require_built_site, toc_pages
from test_site import TIMEOUT_MS, base_url, browser, visit_page  # noqa: F401  (fixtures)

from crimepolicy import evidence, explorer, passages, quotes

pytestmark = pytest.mark.built

PAGES = toc_pages()
EXPLORER = "book/explorer.html"
SOURCE_PAGES = [p for p in PAGES if p.startswith(f"{passages.SOURCES}/")]
REPORT = BUILD / "sources-report.json"
# What the explorer itself may add to a page (its HTML and its script), in bytes; the
# theme's assets are the same on every page and are budgeted by test_site.py.
EXPLORER_OWN_BUDGET = 300_000
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Page(HTMLParser):
    """A built page: the text of every element with an id, its quote links (href, text,
    paragraphs spanned) and its elements' classes by id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: dict[str, str] = {}
        self.classes: dict[str, list[str]] = {}
        self.links: list[tuple[str, str, int]] = []
        self._open: list[str | None] = []
        self._link: list | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "a" and "cp-quote" in classes:
            self._link = [attributes.get("href", ""), "", int(attributes.get("data-spans") or 1)]
        if tag in VOID:
            return
        ident = attributes.get("id")
        if ident:
            self.text.setdefault(ident, "")
            self.classes[ident] = classes
        self._open.append(ident)

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.links.append(tuple(self._link))
            self._link = None
        if tag not in VOID and self._open:
            self._open.pop()

    def handle_data(self, data):
        for ident in self._open:
            if ident:
                self.text[ident] += data
        if self._link is not None:
            self._link[1] += data


_PARSED: dict[str, Page] = {}


def parsed(path: str) -> Page:
    """A built page (path relative to _build/html), parsed once."""
    if path not in _PARSED:
        page = Page()
        page.feed((HTML / path).read_text(encoding="utf-8"))
        _PARSED[path] = page
    return _PARSED[path]


def resolve(page: str, href: str) -> tuple[str, str]:
    """(page path relative to _build/html, fragment) of a relative link on `page`."""
    url, fragment = urldefrag(href)
    target = PurePosixPath(page).parent / unquote(url) if url else PurePosixPath(page)
    parts = []
    for part in target.parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts), fragment


def passage_text(target: Page, fragment: str, spans: int) -> str:
    """The text a link leads to: its passage, and the following paragraphs of a quote
    that runs across `spans` paragraphs."""
    text = target.text[fragment]
    if spans > 1:
        doc_para = re.fullmatch(r"(.+)-p(\d+)", fragment)
        first = int(doc_para.group(2))
        text = " ".join(target.text[f"{doc_para.group(1)}-p{first + i}"] for i in range(spans))
    return text


@pytest.fixture(scope="module")
def explorer_rows(root):
    """The explorer's rows, as the package computes them."""
    return explorer.rows(evidence.load_evidence(root), passages.texts(root), root)


def test_every_quote_link_lands_on_a_passage_that_contains_the_quote():
    checked, problems, pages_with_links = 0, [], set()
    for page in PAGES:
        for href, quote, spans in parsed(page).links:
            target_page, fragment = resolve(page, href)
            pages_with_links.add(page)
            checked += 1
            if not (HTML / target_page).is_file():
                problems.append(f"{page}: {href}: no page {target_page}")
                continue
            target = parsed(target_page)
            if fragment not in target.text:
                problems.append(f"{page}: {href}: no #{fragment} on {target_page}")
            elif not quotes.contains(passage_text(target, fragment, spans), quote):
                problems.append(f"{page}: {href}: the passage does not contain {quote[:50]!r}")
    assert not problems, problems[:10]
    # Quotes are shown, and linked, in a chapter's tables, in the prose and in the explorer.
    expected = {"notebooks/05-civil-society-access.html", "book/codebook.html", EXPLORER}
    assert expected <= pages_with_links, pages_with_links
    print(f"\n{checked} quote links on {len(pages_with_links)} pages land on their passage")


def quote_cells(html: str):
    """The cells of every quote column of the page's great_tables tables. A column is found
    by the id of its head (`<table id>-quote` or `-<name>_quote`), a cell by its position in
    the row: the built pages drop the cells' `headers` attributes (light_pages)."""
    for table in re.findall(r"<table[^>]* class=\"gt_table.*?</table>", html, re.S):
        heads = re.findall(r'<th[^>]* scope="col"[^>]* id="([^"]*)"', table)
        wanted = [i for i, h in enumerate(heads) if re.search(r"-(?:\w+_)?quote$", h)]
        body = table.split("<tbody", 1)[-1]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            yield from (cells[i] for i in wanted if i < len(cells))


def test_every_quote_cell_of_a_chapter_table_is_a_link():
    cells = 0
    for page in (p for p in PAGES if p.startswith("notebooks/")):
        html = (HTML / page).read_text(encoding="utf-8")
        for cell in quote_cells(html):
            if cell.strip():
                cells += 1
                assert 'class="cp-quote"' in cell, (
                    f"{page}: a quote that is not a link: {cell[:80]}"
                )
    assert cells > 0


def test_a_source_page_shows_its_seed_paragraph_by_paragraph_word_for_word(corpus):
    assert {f"{passages.SOURCES}/{d}.html" for d in corpus.index} == set(SOURCE_PAGES)
    for doc_id, text in corpus["text"].items():
        page = parsed(f"{passages.SOURCES}/{doc_id}.html")
        expected = passages.paragraphs(doc_id, text)
        for row in expected.itertuples():
            shown = re.sub(r"^¶ \d+ ", "", page.text[row.anchor])
            assert shown == row.text, (row.anchor, shown[:80], row.text[:80])
        for anchor in passages.sentences(doc_id, text)["anchor"]:
            assert anchor in page.text, anchor


def test_a_source_page_marks_each_uncoded_sentence_and_explains_the_marks(root, corpus):
    coverage = passages.document_coverage(root).set_index("doc_id")
    for doc_id, counts in coverage.iterrows():
        path = f"{passages.SOURCES}/{doc_id}.html"
        page, html = parsed(path), (HTML / path).read_text(encoding="utf-8")
        uncoded = [i for i, c in page.classes.items() if "cp-uncoded" in c]
        coded = [i for i, c in page.classes.items() if "cp-coded" in c]
        assert len(uncoded) == counts["uncoded"], doc_id
        assert len(coded) >= counts["coded"], doc_id
        assert html.count('class="cp-not-coded"') == counts["uncoded"]
        assert 'class="cp-legend' in html and "(after ◇)" in html
        # The catalog record: checksum, file and the rights in the text.
        assert corpus.loc[doc_id, "sha256"] in html
        assert "Rights in the text" in html


def test_the_explorer_lists_every_row_and_its_script_loads_on_that_page_only(explorer_rows):
    assert _row_ids() == list(explorer_rows["row_anchor"])
    for path in HTML.rglob("*.html"):
        loads = "explorer.js" in path.read_text(encoding="utf-8")
        assert loads == (path.relative_to(HTML).as_posix() == EXPLORER), path


# --- in the browser ---------------------------------------------------------------------

TARGET_JS = """() => {
    const t = document.querySelector(':target');
    if (!t) return null;
    const s = getComputedStyle(t), box = t.getBoundingClientRect();
    return {id: t.id, background: s.backgroundColor, outline: s.outlineStyle,
            top: box.top, bottom: box.bottom, height: window.innerHeight};
}"""
EXPLORER_SAMPLE_JS = """() => {
    // The first quote link of each table of the explorer.
    const seen = new Set(), picked = [];
    document.querySelectorAll('#cp-explorer-table tbody tr').forEach((row, index) => {
        const table = row.cells[0].firstChild.textContent.trim();
        if (!seen.has(table)) { seen.add(table); picked.push(index); }
    });
    return picked;
}"""


def sample(count: int, most: int = 4) -> list[int]:
    """Up to `most` positions spread over `count` links: first, last and between."""
    if count <= most:
        return list(range(count))
    return sorted({round(i * (count - 1) / (most - 1)) for i in range(most)})


def pages_with_quotes() -> list[str]:
    """The pages that show quotes (every page but the sources when the book is not built:
    the test then says so)."""
    shown = [p for p in PAGES if p not in SOURCE_PAGES]
    if not (HTML / "index.html").is_file():
        return shown
    return [p for p in shown if not (HTML / p).is_file() or parsed(p).links]


@pytest.mark.parametrize("page", pages_with_quotes())
def test_following_a_quote_link_lands_on_a_highlighted_passage(
    browser,  # noqa: F811
    base_url,  # noqa: F811
    explorer_rows,
    page,
):
    require_built_site(pytest)
    links = parsed(page).links
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(base_url + page, timeout=TIMEOUT_MS)
        if page == EXPLORER:
            rows = tab.evaluate(EXPLORER_SAMPLE_JS)
            selectors = [f"#cp-explorer-table tbody tr >> nth={i} >> a.cp-quote" for i in rows]
            assert len(rows) == explorer_rows["table"].nunique()  # one per table
        else:
            selectors = [f"a.cp-quote >> nth={i}" for i in sample(len(links))]
        for selector in selectors:
            tab.goto(base_url + page, timeout=TIMEOUT_MS)
            link = tab.locator(selector).first
            quote, spans = link.inner_text(), int(link.get_attribute("data-spans") or 1)
            fragment = urldefrag(link.get_attribute("href"))[1]
            link.click()
            tab.wait_for_function(f"location.hash === '#{fragment}'", timeout=TIMEOUT_MS)
            tab.wait_for_load_state("load")
            target = tab.evaluate(TARGET_JS)
            assert target and target["id"] == fragment, (page, selector, target)
            text = tab.evaluate(
                "(ids) => ids.map(i => document.getElementById(i).textContent).join(' ')",
                [fragment]
                + [
                    re.sub(r"p(\d+)$", lambda m, i=i: f"p{int(m[1]) + i}", fragment)
                    for i in range(1, spans)
                ],
            )
            assert quotes.contains(text, quote), (page, fragment, quote[:60])
            assert target["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), target
            assert target["outline"] != "none", target
            assert 0 <= target["top"] < target["height"], f"the passage is not in view: {target}"
    finally:
        context.close()


def visible_rows(tab) -> list[list[str]]:
    """The cells' texts of the explorer's visible rows."""
    return tab.evaluate(
        """() => Array.from(document.querySelectorAll('#cp-explorer-table tbody tr'))
            .filter(r => !r.hidden)
            .map(r => Array.from(r.cells, c => c.innerText))"""
    )


def test_the_explorer_filters_and_searches_as_a_reader_clicks_and_types(
    browser,  # noqa: F811
    base_url,  # noqa: F811
    explorer_rows,
):
    rows = explorer_rows
    total = len(rows)
    count = "#cp-explorer-count"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(base_url + EXPLORER, timeout=TIMEOUT_MS)
        assert tab.locator("form.cp-explorer-filters").is_visible()
        assert tab.locator(count).inner_text() == f"All {total} rows shown."
        assert tab.locator(count).get_attribute("aria-live") == "polite"

        # Type words of a quote: only rows whose quote has every word remain.
        tab.get_by_label("Words in the quote").click()
        tab.keyboard.type("apparent power")
        shown = visible_rows(tab)
        assert 0 < len(shown) < total
        assert all("apparent power" in r[explorer.QUOTE].lower() for r in shown)
        assert tab.locator(count).inner_text() == f"{len(shown)} of {total} rows shown."
        assert "q=apparent+power" in tab.url
        # The keyboard moves on to the next filter.
        tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.id") == "cp-theme"

        # The reset button shows every row again.
        tab.get_by_role("button", name="Show all rows").click()
        assert tab.locator(count).inner_text() == f"All {total} rows shown."

        # Table and coded value together: as many rows as the data has.
        tab.select_option("#cp-table", label="Positions")
        tab.select_option("#cp-coded", value="stance: opposes")
        expected = sum(
            1
            for r in rows.itertuples()
            if r.table == "positions" and "stance: opposes" in r.categories
        )
        shown = visible_rows(tab)
        assert len(shown) == expected > 0
        assert all(r[explorer.ROW].startswith("Positions") for r in shown)
        assert tab.locator(count).inner_text() == f"{expected} of {total} rows shown."

        # Theme and actor.
        tab.get_by_role("button", name="Show all rows").click()
        tab.select_option("#cp-theme", label="Review mechanism")
        tab.select_option("#cp-actor", label="Italy")
        shown = visible_rows(tab)
        assert shown and all("Review mechanism" in r[explorer.THEMES] for r in shown)
        assert all(r[explorer.ACTOR] == "Italy" for r in shown)

        # A filtered view is an address: open it, and the document filter is applied.
        tab.goto(f"{base_url}{EXPLORER}?document=ccpcj31-2022", timeout=TIMEOUT_MS)
        shown = visible_rows(tab)
        assert len(shown) == int((rows["doc_id"] == "ccpcj31-2022").sum())
        assert all("ccpcj31-2022" in r[explorer.DOCUMENT] for r in shown)
        assert tab.locator("#cp-document").input_value() == "ccpcj31-2022"

        # No match: said so.
        tab.get_by_label("Words in the quote").fill("zzzz-no-such-word")
        assert tab.locator(count).inner_text() == f"0 of {total} rows shown."
    finally:
        context.close()


def test_without_javascript_the_explorer_lists_every_row(browser, base_url):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(base_url + EXPLORER, timeout=TIMEOUT_MS)
        assert not tab.locator("form.cp-explorer-filters").is_visible()
        visible = tab.locator("#cp-explorer-table tbody tr:visible").count()
        assert visible == len(_row_ids()) > 0
    finally:
        context.close()


def _row_ids() -> list[str]:
    return re.findall(r'<tr id="([^"]+)">', (HTML / EXPLORER).read_text(encoding="utf-8"))


def test_page_weights_of_the_explorer_and_the_source_pages(browser, base_url):  # noqa: F811
    weights = {}
    for page in [EXPLORER, *SOURCE_PAGES]:
        visit = visit_page(browser, base_url, page)
        weights[page] = {**visit.transferred, "total": sum(visit.transferred.values())}
    own = (HTML / EXPLORER).stat().st_size + (HTML / "_static" / "explorer.js").stat().st_size
    baseline = (HTML / "book" / "glossary.html").stat().st_size  # a page of the same chrome
    report = {
        "pages": weights,
        "explorer_html_bytes": (HTML / EXPLORER).stat().st_size,
        "explorer_js_bytes": (HTML / "_static" / "explorer.js").stat().st_size,
        "explorer_own_bytes": own,
        "glossary_html_bytes": baseline,
    }
    REPORT.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\n{'page':45} {'HTML':>10} {'images':>8} {'assets':>10} {'total':>10}")
    for page, w in weights.items():
        print(f"{page:45} {w['html']:>10,} {w['images']:>8,} {w['assets']:>10,} {w['total']:>10,}")
    assert own - baseline < EXPLORER_OWN_BUDGET, report

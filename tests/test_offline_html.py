"""The built book loads nothing from third parties: every file under _build/html (HTML,
CSS, JavaScript) is scanned for external addresses that a browser would fetch along with
the page. Plain links to other sites (`<a href>`) are allowed: they load only on a click.

Marked `browser` so that `make test` runs it after building the book, with the browser
tests; it needs the built site but not Chromium.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from site_helpers import HTML, ROOT, require_built_site, toc_pages

pytestmark = pytest.mark.built

EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
# Attributes whose URL the browser fetches by itself (images, scripts, styles, frames...).
FETCHED_ATTRIBUTES = {"src", "href", "srcset", "poster", "data", "background", "action"}
# Elements whose `href` is only followed on a click, and `<link>` relations never fetched.
CLICK_ONLY = {"a", "area", "base"}
UNFETCHED_LINK_RELS = {"canonical", "author", "license", "help", "search", "alternate"}
CSS_URL = re.compile(r"""url\(\s*["']?([^"')\s]+)|@import\s+["']([^"']+)""", re.IGNORECASE)
JS_ANCHOR = re.compile(r"<a\s[^>]*>", re.IGNORECASE)
# A quoted address with a host name ("https://host.tld/..." or "//host.tld/..."); XPath
# and relative paths that start with // are not addresses.
JS_URL = re.compile(r"""["'`](?:https?:)?//[a-z0-9-]+(?:\.[a-z0-9-]+)+[^"'`\s]*""", re.IGNORECASE)
# Quoted addresses in JavaScript that name something without fetching it.
JS_NOT_FETCHED = (
    "http://www.w3.org/",  # XML namespaces (SVG, MathML, XHTML), never requested
    "http://exslt.org/",  # an XSLT namespace in MathJax's MathML 3 extension
    # MathJax's speech-rule engine: defaults for Internet Explorer and for use outside
    # MathJax's loader; in the book it loads nothing (the browser test sees every request).
    "https://cdn.jsdelivr.net/npm/speech-rule-engine@",
    "https://cdn.jsdelivr.net/npm/sre-mathmaps-ie@",
    "https://cdn.jsdelivr.net/npm/wicked-good-xpath@",
)


def is_external(url: str) -> bool:
    """True for an absolute (http:, https:, protocol-relative) address; data: is inline."""
    return bool(EXTERNAL.match(url.strip()))


class FetchedURLs(HTMLParser):
    """Collects every external URL an HTML page would fetch, with the tag that fetches it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self._in_script, self._in_style = tag == "script", tag == "style"
        if tag in CLICK_ONLY:
            return
        rels = set((attributes.get("rel") or "").lower().split())
        if tag == "link" and rels and rels <= UNFETCHED_LINK_RELS:
            return
        for name, value in attributes.items():
            urls = value.split(",") if name == "srcset" and value else [value or ""]
            for url in urls:
                if name in FETCHED_ATTRIBUTES and is_external(url.split()[0] if url else ""):
                    self.found.append(f"<{tag} {name}={url.strip()}>")
            if name == "style":
                self.found += [f"<{tag} style> {u}" for u in css_urls(value or "")]

    def handle_endtag(self, tag):
        self._in_script = self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.found += [f"<style> {u}" for u in css_urls(data)]
        if self._in_script:
            self.found += [f"<script> {u}" for u in js_urls(data)]


def css_urls(css: str) -> list[str]:
    """External addresses in CSS `url(...)` and `@import`."""
    urls = [a or b for a, b in CSS_URL.findall(css)]
    return [url for url in urls if is_external(url)]


def js_urls(js: str) -> list[str]:
    """Quoted external addresses in JavaScript, except links (`<a href>`) and names."""
    text = JS_ANCHOR.sub("", js)
    urls = [m.group(0)[1:] for m in JS_URL.finditer(text)]
    return [url for url in urls if not url.startswith(JS_NOT_FETCHED)]


def offenders(path: Path) -> list[str]:
    """Every external address fetched with the file at `path` (HTML, CSS or JS)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        parser = FetchedURLs()
        parser.feed(text)
        return parser.found
    if path.suffix == ".css":
        return css_urls(text)
    return js_urls(text) + css_urls(text)


def built_files() -> list[Path]:
    """All HTML, CSS and JS files of the built site."""
    return sorted(p for p in HTML.rglob("*") if p.suffix in {".html", ".css", ".js"})


def test_no_third_party_address_is_fetched_with_any_page():
    require_built_site(pytest)
    found = {
        str(path.relative_to(HTML)): urls for path in built_files() if (urls := offenders(path))
    }
    assert not found, f"External addresses that load with the page: {found}"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<script src="https://cdn.example.org/x.js"></script>', 1),
        ('<link rel="stylesheet" href="//fonts.example.com/a.css">', 1),
        ('<img srcset="a.png 1x, https://x.org/b.png 2x">', 1),
        ('<div style="background: url(https://x.org/a.png)"></div>', 1),
        ('<style>@import "https://fonts.example.com/x.css";</style>', 1),
        ('<script>const THEBE_JS_URL = "https://unpkg.com/thebe";</script>', 1),
        ('<a href="https://www.unodc.org/">UNODC</a>', 0),
        ('<link rel="canonical" href="https://example.org/book/">', 0),
        ('<img src="_images/a.png" alt="x"><script src="_static/a.js"></script>', 0),
        ('<svg xmlns="http://www.w3.org/2000/svg"></svg>', 0),
        ("<script>x = '<a href=\"https://www.mathjax.org\">MathJax</a>';</script>", 0),
    ],
)
def test_the_scanner_tells_fetched_from_clicked_addresses(html, expected):
    parser = FetchedURLs()
    parser.feed(html)
    assert len(parser.found) == expected, parser.found


def test_every_page_has_a_local_favicon():
    require_built_site(pytest)
    pages = [*toc_pages(), "search.html", "genindex.html"]
    missing = [page for page in pages if 'rel="icon"' not in (HTML / page).read_text()]
    assert not missing, missing


def test_no_thebe_and_no_cdn_mathjax():
    require_built_site(pytest)
    for page in HTML.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "THEBE_JS_URL" not in text, page
        assert "cdn.jsdelivr.net/npm/mathjax" not in text, page


@pytest.mark.built
def test_every_table_of_the_data_package_is_downloadable_from_the_book():
    """The data chapter offers every CSV and the descriptor; the build copies each file."""
    import json

    require_built_site(pytest)
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    wanted = {r["path"] for r in package["resources"] if not r["path"].startswith("..")}
    wanted.add("datapackage.json")
    # Files are matched by name and content: data/reliability/roles.csv and data/roles.csv
    # share a name, and the build puts each in a folder of its own.
    downloads = {}
    for path in (HTML / "_downloads").rglob("*"):
        if path.is_file():
            downloads.setdefault(path.name, set()).add(path.read_bytes())
    missing = [
        name
        for name in wanted
        if (ROOT / "data" / name).read_bytes() not in downloads.get(Path(name).name, set())
    ]
    assert missing == [], sorted(missing)
    page = (HTML / "notebooks" / "90-data.html").read_text(encoding="utf-8")
    for name in wanted:
        assert f'/{Path(name).name}"' in page, name

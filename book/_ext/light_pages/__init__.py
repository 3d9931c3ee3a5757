"""Sphinx extension: light pages. A reader downloads only what the page uses.

The theme (pydata-sphinx-theme under sphinx-book-theme) ships a 2.4 MB page before the
book's own text and figures: a 1.5 MB icon script for about a dozen icons, 400 kB of CSS
of which a page uses a quarter, an icon font with 1,400 glyphs, the whole search index on
every page, and 29 copies of the same 8 kB table stylesheet on the data page. This
extension, without changing how anything looks:

- drops `fontawesome.js` and the search scripts outside the search page (template
  overrides in `templates/`; the theme's CSS draws the same icons from its icon font);
- keeps one copy of great_tables' CSS per page, shared by every table on it
  (`share_table_css`; a notebook output keeps its own copy, since it is shown alone);
- after the HTML build, unwraps the code tokens that Pygments draws in the code block's own
  colour in every theme (names, punctuation, whitespace: a third of a chapter's HTML) and
  drops great_tables' `headers` attributes where one row of `scope="col"` heads says the
  same (`slim_markup`);
- after the HTML build, removes the CSS rules no page or script uses (PurgeCSS, installed
  by `make vendor` from package-lock.json), cuts the icon fonts down to the glyphs the
  remaining CSS draws (fontTools), updates the stylesheets' cache-busting digests, and
  deletes what no page loads: source maps, the icon script, the full icon fonts, and
  MathJax unless a page has math (`lighten`).

Only the HTML builder is lightened after the build; the PDF edition's single page keeps
the theme's full CSS and fonts (paper has no download weight).
"""

import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util import logging

HERE = Path(__file__).resolve().parent
logger = logging.getLogger(__name__)

# great_tables' wrapper around a table: <div id="ID" style="..."><style>CSS</style>.
GT_BLOCK = re.compile(
    r'<div id="(?P<id>[^"]+)"(?P<attrs>[^>]*)>(?P<gap>\s*)<style>(?P<css>.*?)</style>', re.S
)
SHARED_CLASS = "cp-gt-shared"
# One id-level argument in :is() gives the shared rules the specificity great_tables' own
# `#ID ...` rules have (:is() takes its most specific argument's), so the cascade against
# the theme's table styles is unchanged.
SHARED_SCOPE = f":is(.{SHARED_CLASS}, #{SHARED_CLASS})"

# Files the theme and Sphinx copy into _static/ that no page loads: the icon script and
# its licence, source maps
# (for a developer's browser tools), the templates that were read at build time, the
# theme's translation catalogues, and the logos of launch buttons the book does not have.
UNUSED = (
    "scripts/fontawesome.js*",
    "**/*.map",
    "*webpack-macros.html",
    "locales/**/*",
    "images/logo_*",
)
MATHJAX = "mathjax"
# The book's own stylesheet is small and partly for print and the PDF edition: kept whole.
OWN_CSS = {"book.css"}
FONTS = "vendor/fontawesome/webfonts"
# A word as PurgeCSS's default extractor finds it.
TOKEN = re.compile(r"[A-Za-z0-9_-]+")
START_TAG = re.compile(r"<[A-Za-z][^>]*>")
INLINE_SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.S)
# Icon font codepoints as CSS writes them: "\f0c9", "\e5a0" (Unicode private use area).
ICON_CODEPOINT = re.compile(r"\\([ef][0-9a-fA-F]{3})(?![0-9a-fA-F])")
FONT_SRC = re.compile(
    r"src:url\((?P<dir>[^)]*?)(?P<name>fa-[a-z]+-\d+)\.woff2\)[^;}]*", re.IGNORECASE
)


def add_templates(app, config):
    config.templates_path.insert(0, str(HERE / "templates"))


# --- one table stylesheet per page ------------------------------------------------------


def _generic(css: str, table_id: str) -> str:
    return re.sub(rf"#{re.escape(table_id)}(?![\w-])", "§", css)


def share_tables_css(html_parts: list[str]) -> list[str]:
    """great_tables HTML fragments of one page, in page order, with one copy of the
    stylesheet that they all share: the first fragment keeps it (scoped to every table of
    the page through a class), the others lose theirs. A table whose CSS differs from the
    first one's (another style) keeps its own."""
    shared, out = None, []

    def rewrite(match):
        nonlocal shared
        generic = _generic(match["css"], match["id"])
        if "§" not in generic:
            return match[0]  # not great_tables' scoped stylesheet
        if shared is None:
            shared = generic
            style = f"<style>{generic.replace('§', SHARED_SCOPE)}</style>"
        elif generic == shared:
            style = ""
        else:
            return match[0]
        return (
            f'<div id="{match["id"]}" class="{SHARED_CLASS}"{match["attrs"]}>{match["gap"]}{style}'
        )

    for part in html_parts:
        out.append(GT_BLOCK.sub(rewrite, part))
    return out


def share_table_css(app, doctree, docname):
    raws = [n for n in doctree.findall(nodes.raw) if "html" in n.get("format", "").split()]
    parts = [n.astext() for n in raws]
    for node, old, new in zip(raws, parts, share_tables_css(parts), strict=True):
        if new != old:
            node.replace_self(nodes.raw("", new, format=node["format"]))


# --- after the HTML build ---------------------------------------------------------------


def purgecss(srcdir: Path) -> Path:
    """The PurgeCSS command installed by `make vendor` (npm ci): beside the book, or
    beside the Python environment building it (a test's copy of the book)."""
    for base in (srcdir, Path(sys.prefix).parent):
        command = base / "node_modules" / ".bin" / "purgecss"
        if command.is_file():
            return command
    raise ExtensionError("light_pages: PurgeCSS is not installed: run `make vendor` (npm ci)")


def markup_tokens(pages: list[Path]) -> list[str]:
    """The words PurgeCSS would find in the pages' markup, without the prose: element
    names, attribute names and values (start tags), and inline scripts, which set classes
    and attributes at run time. A prose edit changes none of them, so the previous
    purge is reused."""
    tokens: set[str] = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for part in START_TAG.findall(html) + INLINE_SCRIPT.findall(html):
            tokens.update(TOKEN.findall(part))
    return sorted(tokens)


def purge(
    command: Path, stylesheets: list[Path], pages: list[Path], scripts: list[Path], store: Path
) -> None:
    """Remove from each stylesheet the rules whose selectors name a class, id, element or
    attribute that appears in none of the pages' markup and scripts. Font faces, keyframes
    and custom properties are kept. The result is kept in _build/ under the digest of
    everything it depends on, in `store`, so that a rebuild with the same markup (a prose
    edit) skips PurgeCSS."""
    names = [sheet.name for sheet in stylesheets]
    if len(set(names)) != len(names):
        # PurgeCSS writes each result under its file name alone.
        raise ExtensionError(f"light_pages: two stylesheets share a name: {sorted(names)}")
    tokens = "\n".join(markup_tokens(pages))
    digest = hashlib.sha256(tokens.encode())
    for path in [command.resolve().parent.parent / "package.json", *scripts, *stylesheets]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    kept = store / digest.hexdigest()
    if not kept.is_dir():
        with tempfile.TemporaryDirectory() as work:
            markup = Path(work) / "markup.txt"
            markup.write_text(tokens, encoding="utf-8")
            out = Path(work) / "out"
            subprocess.run(
                [str(command), "--css", *map(str, stylesheets)]
                + ["--content", str(markup), *map(str, scripts), "--output", str(out)],
                check=True,
                capture_output=True,
                text=True,
            )
            if store.is_dir():
                shutil.rmtree(store)  # only the latest result is worth keeping
            kept.parent.mkdir(parents=True)
            shutil.copytree(out, kept)
    for sheet in stylesheets:
        shutil.copyfile(kept / sheet.name, sheet)


def codepoints(css: str) -> set[int]:
    """The icon-font codepoints a stylesheet draws (`content: "\\f0c9"`, variables)."""
    return {int(code, 16) for code in ICON_CODEPOINT.findall(css)}


def subset_font(source: Path, target: Path, unicodes: set[int]) -> None:
    """Write the glyphs of `unicodes` from a TrueType font as a WOFF font (zlib, which
    needs no Brotli)."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the licence and copyright names
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def subset_icon_fonts(static: Path, sheet: Path) -> None:
    """Cut the theme's icon fonts down to the glyphs the (purged) stylesheet draws, and
    point its @font-face rules at the cut fonts; the full fonts are deleted."""
    css = sheet.read_text(encoding="utf-8")
    wanted = codepoints(css)
    fonts = static / FONTS

    def point(match):
        name = match["name"]
        subset_font(fonts / f"{name}.ttf", fonts / f"{name}.subset.woff", wanted)
        return f'src:url({match["dir"]}{name}.subset.woff) format("woff")'

    sheet.write_text(FONT_SRC.sub(point, css), encoding="utf-8")
    for font in fonts.iterdir():
        if not font.name.endswith(".subset.woff"):
            font.unlink()


def update_digests(outdir: Path, pages: list[Path], sheets: list[Path]) -> None:
    """Give each rewritten stylesheet a new cache-busting query in every page, so that a
    browser never keeps a previous build's cut-down CSS."""
    digests = {
        sheet.relative_to(outdir).as_posix(): hashlib.sha256(sheet.read_bytes()).hexdigest()[:20]
        for sheet in sheets
    }
    pattern = re.compile("(" + "|".join(re.escape(p) for p in digests) + r")\?(v|digest)=[0-9a-f]+")
    for page in pages:
        text = page.read_text(encoding="utf-8")
        new = pattern.sub(lambda m: f"{m[1]}?{m[2]}={digests[m[1]]}", text)
        if new != text:
            page.write_text(new, encoding="utf-8")


def remove_unused(static: Path) -> None:
    """Delete the files of UNUSED, and the folders they leave empty."""
    for pattern in UNUSED:
        for path in static.glob(pattern):
            if path.is_file():
                path.unlink()
    for folder in sorted(static.rglob("*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def drop_mathjax_unless_used(static: Path, pages: list[Path]) -> None:
    """Sphinx loads MathJax only on a page with math, but copies it (3 MB) every time: keep
    it when some page loads it (so math works offline), else delete it."""
    if (static / MATHJAX).is_dir() and not any(
        f"{MATHJAX}/es5/" in p.read_text(encoding="utf-8") for p in pages
    ):
        shutil.rmtree(static / MATHJAX)


# Pygments wraps every token of code in a span named for its kind. Names, punctuation and
# whitespace are drawn in the code block's own colour in the light and the dark theme alike,
# so their spans are bytes (a third of a chapter's HTML) that change nothing a reader sees.
THEMED_RULE = re.compile(
    r'html\[data-theme="(?P<theme>\w+)"\] \.highlight(?: \.(?P<cls>[\w-]+))? *\{(?P<decl>[^}]*)\}'
)
CODE_BLOCK = re.compile(r'(<div class="highlight[^"]*"><pre>)(.*?)(</pre>)', re.S)


def plain_token_classes(pygments_css: str) -> set[str]:
    """The token classes whose only rule, in every theme, is the code block's own colour."""
    base, rules = {}, {}
    for match in THEMED_RULE.finditer(pygments_css):
        decl = " ".join(match["decl"].split()).rstrip(";").strip()
        if match["cls"] is None:
            colour = re.search(r"(?:^|;)\s*color:\s*([^;]+)", decl)
            if colour:
                base[match["theme"]] = colour.group(1).strip().lower()
        else:
            rules.setdefault(match["cls"], {})[match["theme"]] = decl.lower()
    themes = set(base)
    return {
        cls
        for cls, by_theme in rules.items()
        if themes
        and set(by_theme) == themes
        and all(by_theme[t] == f"color: {base[t]}" for t in themes)
    }


def unwrap_plain_tokens(html: str, classes: set[str]) -> str:
    """The page with the spans of `classes` inside code blocks replaced by their text."""
    if not classes:
        return html
    names = "|".join(map(re.escape, sorted(classes)))
    span = re.compile(rf'<span class="(?:{names})">([^<]*)</span>')
    return CODE_BLOCK.sub(lambda m: m[1] + span.sub(r"\1", m[2]) + m[3], html)


# great_tables ties every cell to its column head with a `headers` attribute. In a table
# with one row of column heads, each <th scope="col"> already does that for assistive
# technology, so the attribute repeats what the markup says; tables with spanners keep it.
GT_TABLE = re.compile(r'<table[^>]* class="gt_table[^"]*"[^>]*>.*?</table>', re.S)
HEADERS_ATTRIBUTE = re.compile(r' headers="[^"]*"')


def drop_redundant_headers(html: str) -> str:
    """The page with the `headers` attributes of its single-header-row tables removed."""

    def lighter(match):
        table = match[0]
        simple = table.count('<tr class="gt_col_headings') == 1 and 'scope="col"' in table
        if not simple or "gt_spanner_row" in table:
            return table
        return HEADERS_ATTRIBUTE.sub("", table)

    return GT_TABLE.sub(lighter, html)


def slim_markup(static: Path, pages: list[Path]) -> None:
    """Rewrite each page without the markup that changes nothing a reader sees or hears:
    spans of code tokens drawn in the block's own colour, and redundant `headers`."""
    sheet = static / "pygments.css"
    classes = plain_token_classes(sheet.read_text(encoding="utf-8")) if sheet.is_file() else set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        lighter = drop_redundant_headers(unwrap_plain_tokens(html, classes))
        if lighter != html:
            page.write_text(lighter, encoding="utf-8")


def lighten(app, exception):
    if exception is not None or app.builder.name != "html":
        return
    outdir, static = Path(app.outdir), Path(app.outdir) / "_static"
    remove_unused(static)
    pages = sorted(
        p for p in outdir.rglob("*.html") if "_static" not in p.relative_to(outdir).parts
    )
    drop_mathjax_unless_used(static, pages)
    slim_markup(static, pages)
    scripts = [p for p in static.rglob("*.js") if MATHJAX not in p.relative_to(static).parts]
    sheets = [
        p
        for p in static.rglob("*.css")
        if MATHJAX not in p.relative_to(static).parts and p.name not in OWN_CSS
    ]
    store = outdir.parent / ".light_pages"  # _build/.light_pages
    purge(purgecss(Path(app.srcdir)), sheets, pages, scripts, store)
    theme_sheet = static / "styles" / "pydata-sphinx-theme.css"
    if (static / FONTS).is_dir() and theme_sheet.is_file():
        subset_icon_fonts(static, theme_sheet)
    update_digests(outdir, pages, sheets)


def setup(app):
    app.connect("config-inited", add_templates)
    app.connect("doctree-resolved", share_table_css)
    # After the theme's own build-finished handler (priority 500), which rewrites
    # pygments.css with its light and dark styles: the stylesheets and pages are final then.
    app.connect("build-finished", lighten, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

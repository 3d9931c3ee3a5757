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


def lighten(app, exception):
    if exception is not None or app.builder.name != "html":
        return
    outdir, static = Path(app.outdir), Path(app.outdir) / "_static"
    remove_unused(static)
    pages = sorted(
        p for p in outdir.rglob("*.html") if "_static" not in p.relative_to(outdir).parts
    )
    drop_mathjax_unless_used(static, pages)
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
    app.connect("build-finished", lighten)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

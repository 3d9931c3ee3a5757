"""The light_pages Sphinx extension (book/_ext/light_pages): one table stylesheet per page,
icon fonts cut to the glyphs in use, and template overrides that stay the theme's own
templates less what they drop. (The browser test measures the result: every page within
its weight budget, tests/test_site.py.)"""

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import light_pages  # noqa: E402

TEMPLATES = ROOT / "book" / "_ext" / "light_pages" / "templates"


def _theme_file(package: str, *parts: str) -> Path:
    module = pytest.importorskip(package)
    return Path(module.__file__).parent.joinpath(*parts)


def _gt(table_id: str, colour: str = "#333333") -> str:
    """A table fragment as great_tables writes it (trimmed to three rules)."""
    return (
        f'<div id="{table_id}" style="padding-left:0px;overflow-x:auto;">\n<style>\n'
        f"#{table_id} table {{ font-family: Arial; }}\n"
        f"#{table_id} thead, #{table_id} tbody {{ border-style: none; }}\n"
        f" #{table_id} .gt_table {{ color: {colour}; }}\n"
        f'</style>\n<table class="gt_table"><tr><td>{table_id}</td></tr></table>\n</div>'
    )


def test_tables_of_a_page_share_one_stylesheet():
    first, second = light_pages.share_tables_css([_gt("alpha"), "<p>text</p>" + _gt("beta")])
    assert first.count("<style>") == 1 and "<style>" not in second
    scope = light_pages.SHARED_SCOPE
    assert f"{scope} .gt_table {{ color: #333333; }}" in first
    assert f"{scope} thead, {scope} tbody {{" in first
    # No rule is left scoped to one table's id, and both tables carry the shared class.
    assert "#alpha" not in first and "#beta" not in second
    assert 'id="alpha" class="cp-gt-shared" style="padding-left' in first
    assert 'id="beta" class="cp-gt-shared"' in second
    assert second.startswith("<p>text</p>") and "<td>beta</td>" in second


def test_a_table_with_its_own_style_keeps_its_stylesheet():
    parts = [_gt("alpha"), _gt("red", colour="#FF0000")]
    first, second = light_pages.share_tables_css(parts)
    assert second == parts[1]
    assert first.count("<style>") == 1


def test_html_without_a_great_tables_stylesheet_is_unchanged():
    html = '<div id="x" style="color:red"><style>p { margin: 0; }</style><p>x</p></div>'
    assert light_pages.share_tables_css([html]) == [html]


def test_shared_rules_keep_id_specificity():
    # :is() takes the specificity of its most specific argument: an id, as great_tables'
    # own #ID rules have, so the theme's table rules still lose to them.
    assert re.fullmatch(r":is\(\.[\w-]+, #[\w-]+\)", light_pages.SHARED_SCOPE)


def test_codepoints_are_read_from_the_css():
    css = '.fa-bars:before{content:"\\f0c9"}:root{--pst-icon-x:"\\e5a0";}a{content:"\\201c"}'
    assert light_pages.codepoints(css) == {0xF0C9, 0xE5A0}


def test_an_icon_font_is_cut_to_the_glyphs_in_use(tmp_path):
    from fontTools.ttLib import TTFont

    source = _theme_file(
        "pydata_sphinx_theme",
        "theme/pydata_sphinx_theme/static/vendor/fontawesome/webfonts/fa-solid-900.ttf",
    )
    target = tmp_path / "cut.woff"
    light_pages.subset_font(source, target, {0xF0C9, 0xF002})
    font = TTFont(target)
    assert font.flavor == "woff"
    assert {0xF0C9, 0xF002} <= set(font.getBestCmap()) <= {0xF0C9, 0xF002, 0x20}
    assert target.stat().st_size < source.stat().st_size / 20


def test_font_faces_point_at_the_cut_fonts(tmp_path):
    fonts = tmp_path / light_pages.FONTS
    fonts.mkdir(parents=True)
    source = _theme_file(
        "pydata_sphinx_theme",
        "theme/pydata_sphinx_theme/static/vendor/fontawesome/webfonts/fa-solid-900.ttf",
    )
    (fonts / "fa-solid-900.ttf").write_bytes(source.read_bytes())
    (fonts / "fa-solid-900.woff2").write_bytes(b"full font")
    sheet = tmp_path / "styles" / "theme.css"
    sheet.parent.mkdir()
    sheet.write_text(
        "@font-face{font-family:Font Awesome\\ 6 Free;font-weight:900;"
        'src:url(../vendor/fontawesome/webfonts/fa-solid-900.woff2) format("woff2"),'
        'url(../vendor/fontawesome/webfonts/fa-solid-900.ttf) format("truetype")}'
        '.fa-bars:before{content:"\\f0c9"}',
        encoding="utf-8",
    )
    light_pages.subset_icon_fonts(tmp_path, sheet)
    css = sheet.read_text(encoding="utf-8")
    assert 'src:url(../vendor/fontawesome/webfonts/fa-solid-900.subset.woff) format("woff")}' in css
    assert sorted(p.name for p in fonts.iterdir()) == ["fa-solid-900.subset.woff"]


def test_the_macros_are_the_themes_less_the_icon_script():
    theme = _theme_file(
        "pydata_sphinx_theme", "theme/pydata_sphinx_theme/static/webpack-macros.html"
    ).read_text(encoding="utf-8")
    ours = (TEMPLATES / "static" / "webpack-macros.html").read_text(encoding="utf-8")
    body = lambda text: [  # noqa: E731
        line for line in text.split("{% macro", 1)[1].splitlines() if "fontawesome" not in line
    ]
    assert body(ours) == [line for line in body(theme) if "users can add custom icons" not in line]
    assert "fontawesome.js" in theme and "scripts/fontawesome.js" not in ours


def test_the_head_is_the_themes_less_the_search_scripts():
    layout = _theme_file("pydata_sphinx_theme", "theme/pydata_sphinx_theme/layout.html")
    theme = layout.read_text(encoding="utf-8")
    block = theme.split("{%- block extrahead %}", 1)[1].split("{%- endblock extrahead %}")[0]
    ours = (TEMPLATES / "layout.html").read_text(encoding="utf-8")
    ours_block = ours.split("{%- block extrahead %}", 1)[1].split("{%- endblock extrahead %}")[0]
    # Everything the theme puts in the head but the search scripts is still there ...
    for line in block.splitlines():
        line = line.strip()
        if line.startswith("<meta") or line.startswith("{%- if last_updated"):
            assert line in ours_block, line
    # ... and the scripts load only where the theme's search-as-you-type would use them.
    assert "searchindex.js" in block and "searchtools.js" in block
    assert "theme_search_as_you_type" in ours_block


def test_markup_tokens_leave_out_the_prose(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<html data-theme="light"><body><p class="lead note">Unusualword here</p>'
        "<script>document.body.classList.add('is-dark')</script></body></html>",
        encoding="utf-8",
    )
    tokens = set(light_pages.markup_tokens([page]))
    assert {"html", "data-theme", "light", "p", "class", "lead", "note", "is-dark"} <= tokens
    assert "Unusualword" not in tokens and "here" not in tokens


def test_purge_is_reused_when_the_markup_is_the_same(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(
        light_pages.subprocess, "run", lambda args, **_: calls.append(args) or _fake_purge(args)
    )
    command = tmp_path / "node_modules" / "purgecss" / "bin" / "purgecss.js"
    command.parent.mkdir(parents=True)
    command.write_text("", encoding="utf-8")
    (command.parent.parent / "package.json").write_text('{"version": "8"}', encoding="utf-8")
    sheet, page = tmp_path / "site.css", tmp_path / "page.html"
    for prose in ("First words.", "Other words entirely."):
        sheet.write_text(".lead{color:red}.unused{color:blue}", encoding="utf-8")
        page.write_text(f'<p class="lead">{prose}</p>', encoding="utf-8")
        light_pages.purge(command, [sheet], [page], [], tmp_path / "store")
        assert sheet.read_text(encoding="utf-8") == ".lead{color:red}"
    assert len(calls) == 1


def _fake_purge(args):
    """Stands in for PurgeCSS: keeps the first rule of each stylesheet."""
    out = Path(args[args.index("--output") + 1])
    out.mkdir(parents=True)
    for css in args[args.index("--css") + 1 : args.index("--content")]:
        text = Path(css).read_text(encoding="utf-8")
        (out / Path(css).name).write_text(text[: text.index("}") + 1], encoding="utf-8")


@pytest.mark.parametrize("math", [True, False])
def test_mathjax_ships_only_when_a_page_has_math(tmp_path, math):
    static = tmp_path / "_static"
    (static / "mathjax" / "es5").mkdir(parents=True)
    (static / "mathjax" / "es5" / "tex-mml-chtml.js").write_text("// MathJax", encoding="utf-8")
    page = tmp_path / "page.html"
    script = '<script src="_static/mathjax/es5/tex-mml-chtml.js"></script>' if math else ""
    page.write_text(f"<html><head>{script}</head></html>", encoding="utf-8")
    light_pages.drop_mathjax_unless_used(static, [page])
    assert (static / "mathjax").exists() == math


PYGMENTS_CSS = """
html[data-theme="light"] .highlight { background: #fefefe; color: #080808 }
html[data-theme="light"] .highlight .n { color: #080808 }
html[data-theme="light"] .highlight .k { color: #0000FF; font-weight: bold }
html[data-theme="light"] .highlight .o { color: #00622F }
html[data-theme="dark"] .highlight { background: #2b2b2b; color: #F8F8F2 }
html[data-theme="dark"] .highlight .n { color: #F8F8F2 }
html[data-theme="dark"] .highlight .k { color: #FF0000 }
html[data-theme="dark"] .highlight .o { color: #F8F8F2 }
"""


def test_only_tokens_in_the_blocks_own_colour_in_every_theme_are_plain():
    # .o is plain in the dark theme only, .k is coloured: both keep their spans.
    assert light_pages.plain_token_classes(PYGMENTS_CSS) == {"n"}


def test_plain_tokens_are_unwrapped_inside_code_blocks_only():
    block = '<div class="highlight-ipython3"><pre>'
    code = block + '<span class="n">x</span><span class="o">=</span></pre>'
    prose = '<p><span class="n">kept</span></p>'
    out = light_pages.unwrap_plain_tokens(code + prose, {"n"})
    assert out == block + 'x<span class="o">=</span></pre>' + prose


def test_headers_attributes_go_only_where_column_heads_say_the_same():
    simple = (
        '<table class="gt_table"><thead><tr class="gt_col_headings">'
        '<th scope="col" id="t-a">A</th></tr></thead>'
        '<tbody><tr><td headers="t-a">1</td></tr></tbody></table>'
    )
    spanned = simple.replace("<thead>", '<thead><tr class="gt_col_headings gt_spanner_row"></tr>')
    assert 'headers="' not in light_pages.drop_redundant_headers(simple)
    assert light_pages.drop_redundant_headers(spanned) == spanned

"""Sphinx extension: every quote one click from its source.

- **Source pages.** For each document of `seeds/catalog.csv` it writes a page stub,
  `book/sources/<doc_id>.md` (generated, git-ignored; `_toc.yml` lists them with a glob),
  whose directives show the catalog's metadata (`source-metadata`) and the seed's text
  (`source-text`) as docutils nodes, never parsed as Markdown, so the words are the seed's
  own. Each paragraph and sentence carries its anchor (`crimepolicy.passages`); below each
  paragraph are the coded rows that cite it and the sentences that no row cites although
  they use a theme's vocabulary or name an actor.
- **Quote links.** Tables that notebooks render (`crimepolicy.tables`) already link their
  quotes; their links name the passage (`data-passage`) and are re-addressed here for the
  page they end up on. A quoted phrase in prose, directly followed by `{cite}` of a
  document, becomes a link to its passage when it is verbatim in that document.
- **The evidence explorer** (`evidence-explorer`): every coded row, with filters
  (`crimepolicy.explorer`, `_css/explorer.js`, loaded on that page only).

The logic lives in the package; this file turns its tables into pages. Links to other
pages are given their address when the page is written (`doctree-resolved`), so they are
relative in the HTML book and in-page in the single-page build the PDF is printed from.
"""

import html
import re
from pathlib import Path

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

STUB = """\
(source-{doc_id})=
# {label}

```{{source-metadata}} {doc_id}
```

## The text

```{{source-text}} {doc_id}
```
"""
EXPLORER_JS = "explorer.js"
# A quoted phrase at the end of the text before a citation: “…” or "…".
QUOTED = re.compile(r"[“\"]([^“”\"]+)[”\"]")
PASSAGE_HREF = re.compile(r'href="[^"]*"( data-passage="([^"#]+)(?:#([^"]+))?")')


class explorer_placeholder(nodes.General, nodes.Element):
    """Where the explorer's HTML goes once the page's address is known."""


# --- the data, computed once per build -----------------------------------------------------


def _data(app):
    """The corpus, tables, citations, explorer rows and coverage, computed on first use."""
    if getattr(app, "crimepolicy_sources", None) is None:
        import crimepolicy as cp

        root = Path(app.srcdir)
        corpus = cp.load_corpus(root)
        texts = dict(corpus["text"].items())
        tables = cp.evidence.load_evidence(root)
        cited = cp.passages.citations(tables, texts, root)
        rows = cp.explorer.rows(tables, texts, root)
        app.crimepolicy_sources = {
            "corpus": corpus,
            "texts": texts,
            "cited": cited,
            "rows": rows.set_index(["table", "id"], drop=False),
            "coverage": cp.passages.coverage(corpus, cited, root),
            "theme_labels": cp.themes.labels(root),
            "text_licence": cp.registry.resource("catalog", root).get("x-text-licence", ""),
        }
    return app.crimepolicy_sources


def write_stubs(app, config):
    """Write book/sources/<doc_id>.md for every catalogued document (only when its text
    changes, so that Sphinx sees no change otherwise) and remove pages of documents that
    left the catalog."""
    from crimepolicy import corpus, passages

    try:
        catalog = corpus.load_corpus(Path(app.srcdir))
    except Exception as exc:  # a bad input: `check` names it; say it here too
        raise ExtensionError(f"crimepolicy: cannot read the corpus: {exc}") from exc
    folder = Path(app.srcdir) / passages.SOURCES
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {}
    for doc_id, row in catalog.iterrows():
        wanted[f"{doc_id}.md"] = STUB.format(doc_id=doc_id, label=row["label"])
    for path in folder.glob("*.md"):
        if path.name not in wanted:
            path.unlink()
    for name, text in wanted.items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


# --- links to other pages, addressed when the page is written -------------------------------


def _link(text, docname: str, anchor: str | None = None, classes=(), query: str = ""):
    """A reference to another page (and anchor, and query), addressed in `resolve`."""
    node = nodes.reference("", "", internal=True, classes=list(classes))
    node += text if isinstance(text, nodes.Node) else nodes.Text(text)
    node["cp_docname"], node["cp_anchor"], node["cp_query"] = docname, anchor or "", query
    return node


def _address(app, fromdocname: str, docname: str, anchor: str = "", query: str = "") -> str:
    """The relative address of a page (and anchor) from the page being written."""
    if docname == fromdocname and anchor and not query:
        return f"#{anchor}"
    uri = app.builder.get_relative_uri(fromdocname, docname)
    if uri.startswith("#"):  # the single-page build: every anchor is on this page
        return f"#{anchor}" if anchor else uri
    uri += f"?{query}" if query else ""
    return f"{uri}#{anchor}" if anchor else uri


# --- directives ------------------------------------------------------------------------------


class SourceMetadata(SphinxDirective):
    """The catalog's record of a document, and how much of it the book codes."""

    required_arguments = 1

    def run(self):
        data = _data(self.env.app)
        doc_id = self.arguments[0]
        self.env.note_dependency(str(Path(self.env.srcdir) / "seeds" / "catalog.csv"))
        _remember(self.env, "cp_generated", self.env.docname)
        row = data["corpus"].loc[doc_id]
        fields = nodes.field_list(classes=["cp-metadata"])
        fields["support_smartquotes"] = False  # the catalog's words, as written

        def add(name, value):
            if isinstance(value, str) and not value.strip():
                return
            body = nodes.paragraph()
            body += value if isinstance(value, nodes.Node) else nodes.Text(str(value))
            fields.append(nodes.field("", nodes.field_name("", name), nodes.field_body("", body)))

        add("Title", _text(row["title"]) or "none in the text (the heading is our label)")
        add("Catalog id", nodes.literal("", doc_id))
        add("Publisher", _text(row["publisher"]) or "not stated")
        add("Author", _text(row["author"]))
        add("Type", _text(row["doc_type"]))
        add("Published", _published(row))
        add("Meeting reported", _meeting(row))
        add("Address of the original", _text(row["url"]) or "not recorded in the catalog")
        add("Rights in the text", data["text_licence"])
        add("File", nodes.literal("", f"seeds/{row['file']}"))
        add("SHA-256 checksum", nodes.literal("", row["sha256"]))
        add("Notes", _text(row["notes"]))
        return [fields, self._coverage(data, doc_id)]

    def _coverage(self, data, doc_id):
        table = data["coverage"][data["coverage"]["doc_id"] == doc_id]
        cited = data["cited"][data["cited"]["doc_id"] == doc_id]
        relevant = int(table["relevant"].sum())
        coded = int((table["relevant"] & table["cited"]).sum())
        share = f"{coded / relevant:.0%}" if relevant else "none"
        para = nodes.paragraph(classes=["cp-coverage"])
        para += nodes.Text(
            f"The text has {table['para_anchor'].nunique()} paragraphs and {len(table)} "
            f"sentences. {len(cited)} quotes of coded rows cite {int(table['cited'].sum())} "
            f"of the sentences. Of the {relevant} sentences that use a theme's vocabulary or "
            f"name a state or organisation, {coded} are coded ({share}); the other "
            f"{relevant - coded} are marked in the text. The "
        )
        para += _link(
            "evidence explorer", _explorer_docname(self.env), None, query=f"document={doc_id}"
        )
        para += nodes.Text(" lists the rows that quote this document.")
        return para


class SourceText(SphinxDirective):
    """The seed's text, paragraph by paragraph, with anchors, marks and the citing rows."""

    required_arguments = 1

    def run(self):
        data = _data(self.env.app)
        doc_id = self.arguments[0]
        _remember(self.env, "cp_generated", self.env.docname)
        coverage = data["coverage"][data["coverage"]["doc_id"] == doc_id]
        cited = data["cited"][data["cited"]["doc_id"] == doc_id]
        text = data["texts"][doc_id]
        by_target = {}
        for row in cited.itertuples():
            by_target.setdefault(row.anchor, []).append(row)
        result = [_legend(doc_id)]
        for para_anchor, sentences in coverage.groupby("para_anchor", sort=False):
            result.append(self._paragraph(data, text, para_anchor, sentences, by_target))
        return result

    def _paragraph(self, data, text, para_anchor, sentences, by_target):
        from crimepolicy import passages

        number = int(sentences["para"].iloc[0])
        doc_id = sentences["doc_id"].iloc[0]
        bounds = passages.paragraphs(doc_id, text).set_index("para").loc[number]
        para = nodes.paragraph(ids=[para_anchor], classes=["cp-para"])
        # Sphinx would "educate" straight quotes, dashes and dots: the seed's text stays as is.
        para["support_smartquotes"] = False
        para += nodes.reference(
            "", f"¶ {number}", internal=True, refid=para_anchor, classes=["cp-pnum"]
        )
        para += nodes.Text(" ")
        cursor = int(bounds["start"])
        for s in sentences.itertuples():
            if s.start > cursor:
                para += nodes.Text(text[cursor : s.start])
            marks = ["cp-coded"] if s.cited else ["cp-uncoded"] if s.uncoded else []
            para += nodes.inline("", text[s.start : s.end], ids=[s.anchor], classes=marks)
            cursor = s.end
        if int(bounds["end"]) > cursor:
            para += nodes.Text(text[cursor : int(bounds["end"])])
        box = nodes.container(classes=["cp-passage"])
        box += para
        notes = self._notes(data, number, para_anchor, sentences, by_target)
        if notes.children:
            box += notes
        return box

    def _notes(self, data, number, para_anchor, sentences, by_target):
        """The rows citing the paragraph and its sentences, and its uncoded sentences."""
        notes = nodes.bullet_list(classes=["cp-notes"])
        notes["support_smartquotes"] = False  # coded values as the tables write them
        targets = [(para_anchor, f"¶ {number}")] + [
            (s.anchor, f"sentence {s.sent_in_para}") for s in sentences.itertuples()
        ]
        explorer = _explorer_docname(self.env)
        for anchor, label in targets:
            for row in by_target.get(anchor, []):
                item = nodes.paragraph()
                item += nodes.reference("", label, internal=True, refid=anchor)
                item += nodes.Text(": ")
                described = data["rows"].loc[(row.table, row.id)]
                item += _link(
                    f"{described['table_title']} {row.id}",
                    explorer,
                    described["row_anchor"],
                )
                coded = "; ".join(f"{f}: {v}" for f, v in described["coded"])
                who = f"{described['actor']}; " if described["actor"] else ""
                field = "" if row.field == "quote" else f" ({row.field})"
                item += nodes.Text(f"{field}: {who}{coded}")
                if row.note:
                    item += nodes.Text(f" {row.note}")
                notes += nodes.list_item("", item, classes=["cp-cited-by"])
        for s in sentences[sentences["uncoded"]].itertuples():
            item = nodes.paragraph()
            item += nodes.reference("", f"sentence {s.sent_in_para}", internal=True, refid=s.anchor)
            reasons = []
            if s.actors:
                reasons.append(f"names {', '.join(s.actors)}")
            if s.themes:
                labels = ", ".join(data["theme_labels"][t] for t in s.themes)
                reasons.append(f"words of the theme{'s' if len(s.themes) > 1 else ''} {labels}")
            item += nodes.Text(f": not coded ({'; '.join(reasons)}).")
            notes += nodes.list_item("", item, classes=["cp-not-coded"])
        return notes


class EvidenceExplorer(SphinxDirective):
    """Every coded row of every evidence table, with filters (rendered when written)."""

    def run(self):
        _remember(self.env, "cp_generated", self.env.docname)
        _remember(self.env, "cp_explorer", self.env.docname)
        return [explorer_placeholder()]


class SourceList(SphinxDirective):
    """The documents of the corpus, by date, each linked to its page."""

    def run(self):
        from crimepolicy import passages

        data = _data(self.env.app)
        _remember(self.env, "cp_generated", self.env.docname)
        listing = nodes.bullet_list()
        for doc_id, row in data["corpus"].iterrows():
            item = nodes.paragraph()
            item += _link(row["label"], passages.source_docname(doc_id))
            item += nodes.Text(f" ({doc_id}; published {row['published']})")
            listing += nodes.list_item("", item)
        return [listing]


def _legend(doc_id: str) -> nodes.container:
    """How to read a source page: numbers, anchors and the two marks."""
    box = nodes.container(classes=["cp-legend"])
    intro = nodes.paragraph()
    intro += nodes.Text(
        "The text below is the file as catalogued, one paragraph per line of the file, "
        f"numbered ¶ 1, ¶ 2 and so on. Each paragraph and each sentence has its own address "
        f"(for example #{doc_id}-p2 and #{doc_id}-p2-s1), which the book's quotes link to; "
        "the passage a link leads to is highlighted, with a bar in the margin. Marks:"
    )
    box += intro
    marks = nodes.bullet_list()
    for classes, sample, meaning in (
        (
            ["cp-coded"],
            "solid underline",
            ": a sentence that the quote of a coded row covers; the rows are listed under "
            "its paragraph.",
        ),
        (
            ["cp-uncoded"],
            "dotted underline",
            " (after ◇): a sentence that uses a theme's vocabulary or names a state or "
            "organisation, but that no row cites; it is listed under its paragraph as not coded.",
        ),
    ):
        item = nodes.paragraph()
        item += nodes.inline("", sample, classes=classes)
        item += nodes.Text(meaning)
        marks += nodes.list_item("", item)
    box += marks
    return box


def _text(value) -> str:
    return "" if value is None or value != value else str(value).strip()  # NaN != NaN


PRECISION = {"day": "to the day", "month": "to the month", "year": "to the year"}


def _published(row) -> str:
    basis = _text(row["published_basis"])
    text = f"{row['published']} ({PRECISION.get(row['published_precision'], '')}; {basis})"
    if row["published_earliest"] != row["published_latest"]:
        text += (
            f"; written between {row['published_earliest']} and {row['published_latest']}, "
            "by what it reports"
        )
    return text


def _meeting(row) -> str:
    end = _text(row["event_end"])
    dates = row["event_start"] + (f" to {end}" if end and end != row["event_start"] else "")
    parts = [_text(row["body"]), _text(row["session"]), dates, _text(row["place"])]
    return ", ".join(p for p in parts if p)


def _remember(env, name: str, docname: str) -> None:
    if not hasattr(env, name):
        setattr(env, name, set())
    getattr(env, name).add(docname)


def _explorer_docname(env) -> str:
    """The page with the explorer (book/explorer unless the table of contents moved it)."""
    found = sorted(getattr(env, "cp_explorer", set()))
    return found[0] if found else "book/explorer"


# --- quotes in prose ---------------------------------------------------------------------------


def link_prose_quotes(app, doctree):
    """A quoted phrase right before `{cite}` of one document links to its passage."""
    from crimepolicy import passages

    data = None
    for xref in list(doctree.findall(pending_xref)):
        if xref.get("refdomain") != "cite":
            continue
        doc_id = xref.get("reftarget", "")
        parent = xref.parent
        position = parent.index(xref)
        previous = parent[position - 1] if position else None
        if not isinstance(previous, nodes.Text):
            continue
        data = data or _data(app)
        if doc_id not in data["texts"]:
            continue
        matches = list(QUOTED.finditer(str(previous)))
        if not matches:
            continue
        found = matches[-1]
        place = passages.place(doc_id, data["texts"][doc_id], found.group(1))
        if place is None:
            continue
        source = str(previous)
        replacement = [nodes.Text(source[: found.start(1)])]
        replacement.append(
            _link(
                found.group(1),
                passages.source_docname(doc_id),
                place.anchor,
                classes=["cp-quote"],
            )
        )
        replacement.append(nodes.Text(source[found.end(1) :]))
        parent.replace(previous, replacement)
        _remember(app.env, "cp_quotes", app.env.docname)


# --- when a page is written ---------------------------------------------------------------------


def resolve(app, doctree, docname):
    """Give every link made here its address, rewrite the passage links of notebook
    outputs for this page, and put the explorer in its place."""
    for node in doctree.findall(nodes.reference):
        if "cp_docname" in node:
            node["refuri"] = _address(
                app, docname, node["cp_docname"], node["cp_anchor"], node.get("cp_query", "")
            )
    for raw in doctree.findall(nodes.raw):
        if "data-passage=" in raw.astext():
            raw.children = [nodes.Text(_readdress(app, docname, raw.astext()))]
    for placeholder in list(doctree.findall(explorer_placeholder)):
        placeholder.replace_self(nodes.raw("", _explorer_html(app, docname), format="html"))


def _readdress(app, docname: str, text: str) -> str:
    from crimepolicy import passages

    def fix(match):
        target = _address(app, docname, passages.source_docname(match.group(2)), match.group(3))
        return f'href="{html.escape(target)}"{match.group(1)}'

    return PASSAGE_HREF.sub(fix, text)


def _explorer_html(app, docname: str) -> str:
    import crimepolicy as cp

    data = _data(app)
    env = app.env
    # A theme's chapter is named by its theme (its title is long for a table cell).
    themes = cp.themes.load_themes(Path(app.srcdir))
    chapters = {
        chapter: label
        for chapter, label in zip(themes["chapter"], themes["label"], strict=True)
        if chapter in env.found_docs
    }
    labels = env.domains["std"].labels
    fallback = None
    if "data" in labels:  # the data chapter, which describes every table
        fallback = (labels["data"][0], "The evidence data")
    return cp.explorer.html(
        data["rows"].reset_index(drop=True),
        lambda target, anchor=None: _address(app, docname, target, anchor or ""),
        data["theme_labels"],
        dict(zip(data["corpus"].index, data["corpus"]["label"], strict=True)),
        chapters,
        fallback,
    )


def add_explorer_script(app, pagename, templatename, context, doctree):
    if pagename in getattr(app.env, "cp_explorer", set()):
        app.add_js_file(EXPLORER_JS)


# --- keeping the environment current ------------------------------------------------------------


def outdated(app, env, added, changed, removed):
    """Generated pages and pages with quote links are read again on every build: what they
    show comes from the seeds and tables, not from their source file."""
    return sorted(
        (getattr(env, "cp_generated", set()) | getattr(env, "cp_quotes", set())) - removed
    )


def purge(app, env, docname):
    for name in ("cp_generated", "cp_explorer", "cp_quotes"):
        getattr(env, name, set()).discard(docname)


def merge(app, env, docnames, other):
    for name in ("cp_generated", "cp_explorer", "cp_quotes"):
        for docname in getattr(other, name, set()) & set(docnames):
            _remember(env, name, docname)


def setup(app):
    app.add_node(explorer_placeholder)
    app.add_directive("source-metadata", SourceMetadata)
    app.add_directive("source-text", SourceText)
    app.add_directive("source-list", SourceList)
    app.add_directive("evidence-explorer", EvidenceExplorer)
    app.connect("config-inited", write_stubs)
    app.connect("doctree-read", link_prose_quotes)
    app.connect("doctree-resolved", resolve)
    app.connect("html-page-context", add_explorer_script)
    app.connect("env-get-outdated", outdated)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}

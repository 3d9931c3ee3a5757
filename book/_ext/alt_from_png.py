"""Sphinx extension: give notebook images the alt text stored in their PNG metadata.

myst-nb takes an image's alt text only from cell metadata; the book's figure helper
(`crimepolicy.plots`) writes it into the PNG's `Description` field instead, so the alt
text is made by the same code that makes the figure. This copies it into the page.
"""

from pathlib import Path

from docutils import nodes
from PIL import Image


def _description(path: Path) -> str | None:
    try:
        with Image.open(path) as img:
            return img.info.get("Description")
    except (OSError, ValueError):
        return None


def add_alt_text(app, doctree, docname):
    src = Path(app.srcdir)
    for node in doctree.findall(nodes.image):
        if node.get("alt"):
            continue
        uri = node.get("uri", "")
        if not uri.endswith(".png"):
            continue
        for candidate in (src / uri, Path(app.env.doc2path(docname)).parent / uri, Path(uri)):
            if candidate.is_file():
                alt = _description(candidate)
                if alt:
                    node["alt"] = alt
                break


def setup(app):
    app.connect("doctree-resolved", add_alt_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

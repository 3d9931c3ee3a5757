"""Sphinx extension: re-read a notebook page when its outputs changed, not only its text.

Sphinx re-reads a page when its source file changed. A notebook's outputs also change
when the data or code it reads change, which `crimepolicy.build` detects by content and
records per notebook (`_build/.executions/<name>.json`, whose `key` is a digest of what
the outputs were made from). This extension remembers, for each notebook page, the key
it was read with, and marks the page outdated when the key differs, so that the book
never shows outputs older than the cache that `crimepolicy.build` filled. Pages that glue
values from other documents (`{glue:text}` with `file.ipynb::key`) are re-read whenever
any notebook is.
"""

import json
import re
from pathlib import Path

CROSS_GLUE = re.compile(r"\.ipynb::")


def _current_key(app, docname: str) -> str | None:
    record = Path(app.srcdir) / "_build" / ".executions" / f"{Path(docname).name}.json"
    try:
        return json.loads(record.read_text(encoding="utf-8"))["key"]
    except (FileNotFoundError, json.JSONDecodeError, KeyError):
        return None


def _notebooks(app, env) -> list[str]:
    return [d for d in env.found_docs if Path(env.doc2path(d)).suffix == ".ipynb"]


def outdated(app, env, added, changed, removed):
    keys = getattr(env, "crimepolicy_keys", {})
    stale = [
        docname
        for docname in _notebooks(app, env)
        if docname not in added and keys.get(docname) != _current_key(app, docname)
    ]
    rereading = set(stale) | {d for d in added | changed if d in _notebooks(app, env)}
    if rereading:
        for docname in env.found_docs:
            source = Path(env.doc2path(docname))
            if source.suffix == ".md" and CROSS_GLUE.search(source.read_text(encoding="utf-8")):
                stale.append(docname)
    return stale


def remember(app, env, docnames):
    if not hasattr(env, "crimepolicy_keys"):
        env.crimepolicy_keys = {}
    for docname in docnames:
        env.crimepolicy_keys[docname] = _current_key(app, docname)


def setup(app):
    app.connect("env-get-outdated", outdated)
    app.connect("env-before-read-docs", remember)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}

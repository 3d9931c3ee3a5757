"""Per-document text artefacts (sentence spans, term counts), derived once per document
content and kept under `_build/text-cache/`.

Sentence splitting (pysbd) costs about 2 s per MB of text, so at the scale of the whole
public record of these bodies (under 100,000 documents) a book cannot afford to split
every document on every run. Each artefact is stored under the SHA-256 of the document's
text and of what derives it (this module's and `text`'s code, the pysbd version and, for
term counts, the function words): adding a document costs only that document, a changed
document is derived again, a change of method derives everything again. Documents not
yet in the cache are split on several cores.

The cache is never an input: deleting it changes nothing but the time a run takes. It
lives in `_build/` (never in `seeds/` or `data/`); `CRIMEPOLICY_TEXT_CACHE` moves it,
and `cache=None` turns it off.
"""

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

from .paths import build_dir

CACHE_ENV = "CRIMEPOLICY_TEXT_CACHE"
# Below this many characters still to split, one process is faster than starting others.
PARALLEL_FROM = 200_000
_DEFAULT = object()


def cache_dir(root=None) -> Path:
    """Where the artefacts are kept: $CRIMEPOLICY_TEXT_CACHE, else `_build/text-cache`."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    return build_dir(root) / "text-cache"


@lru_cache(maxsize=1)
def method_digest() -> str:
    """What derives the artefacts: the code of this module and of `text`, and pysbd."""
    import pysbd

    here = Path(__file__).resolve().parent
    code = b"".join((here / name).read_bytes() for name in ("artefacts.py", "text.py"))
    return hashlib.sha256(code + pysbd.__version__.encode()).hexdigest()


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _path(cache: Path, kind: str, key: str) -> Path:
    return cache / kind / key[:2] / f"{key}.pickle"


def _load(path: Path):
    try:
        return pickle.loads(path.read_bytes())
    except (FileNotFoundError, EOFError, pickle.UnpicklingError):
        return None


def _store(path: Path, value) -> None:
    # Written to a temporary file and renamed, so that two runs at once never read half
    # a file.
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
        handle.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(handle.name, path)


def derived(
    kind: str,
    texts: Mapping[Hashable, str],
    derive: Callable[[str], object],
    *,
    salt: str = "",
    workers: int | None = None,
    cache=_DEFAULT,
) -> dict:
    """{key: derive(text)} for every text of `texts`, taken from the cache where the same
    text was derived before (by the same method and `salt`), else derived, on `workers`
    processes when there is enough to do (default: every core), and stored."""
    cache = cache_dir() if cache is _DEFAULT else cache
    found, missing = {}, {}
    keys = {}
    for name, text in texts.items():
        keys[name] = hashlib.sha256(
            f"{kind}:{method_digest()}:{salt}:{text_digest(text)}".encode()
        ).hexdigest()
        value = _load(_path(cache, kind, keys[name])) if cache is not None else None
        if value is None:
            missing[name] = text
        else:
            found[name] = value
    for name, value in _derive_all(derive, missing, workers).items():
        found[name] = value
        if cache is not None:
            _store(_path(cache, kind, keys[name]), value)
    return {name: found[name] for name in keys}  # in the order of `texts`


def _derive_all(derive, texts: dict, workers: int | None) -> dict:
    workers = workers or os.cpu_count() or 1
    size = sum(len(t) for t in texts.values())
    if workers == 1 or len(texts) < 2 or size < PARALLEL_FROM:
        return {name: derive(text) for name, text in texts.items()}
    names = list(texts)
    # Large documents first, so that no core waits for the longest one at the end.
    names.sort(key=lambda n: -len(texts[n]))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = pool.map(derive, [texts[n] for n in names], chunksize=1)
        return dict(zip(names, results, strict=True))

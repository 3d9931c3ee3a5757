"""Where the book's inputs live.

The root is the folder holding `_config.yml` and `seeds/`. It is found from the
environment variable CRIMEPOLICY_ROOT, else by walking up from the working
directory (notebooks run in `notebooks/`), else next to this package. Walking up
from the working directory lets a copy of the book build from its own inputs.
"""

import os
from pathlib import Path


def _is_root(path: Path) -> bool:
    return (path / "_config.yml").is_file() and (path / "seeds").is_dir()


def root(start=None) -> Path:
    """Return the book's root folder (see the module docstring for the search order)."""
    if start is not None:
        return Path(start).resolve()
    if os.environ.get("CRIMEPOLICY_ROOT"):
        return Path(os.environ["CRIMEPOLICY_ROOT"]).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if _is_root(candidate):
            return candidate
    return Path(__file__).resolve().parent.parent


def seeds_dir(start=None) -> Path:
    return root(start) / "seeds"


def data_dir(start=None) -> Path:
    return root(start) / "data"


def build_dir(start=None) -> Path:
    """`_build/`: everything the build writes (the book, caches); never an input."""
    return root(start) / "_build"


def shown(path, start=None) -> str:
    """A path as a message shows it: relative to the book's root when it lies inside a book
    (`data/positions.csv`), else as given. The root is the nearest folder above the path
    that holds `_config.yml` and `seeds/` (or `start`, if given)."""
    path = Path(path).resolve()
    candidates = [root(start)] if start is not None else list(path.parents)
    for candidate in candidates:
        if _is_root(candidate) and path.is_relative_to(candidate):
            return path.relative_to(candidate).as_posix()
    return str(path)

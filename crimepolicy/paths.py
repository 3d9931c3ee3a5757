"""Where the book's inputs live.

The root is the folder holding `_config.yml` and `seeds/`. It is found from the
environment variable CRIMEPOLICY_ROOT, else by walking up from the working
directory (notebooks run in `notebooks/`), else next to this package. Walking up
from the working directory lets a copy of the book build from its own inputs.
"""

import os
from pathlib import Path

THEMES = ("cybercrime-treaty", "wildlife-protocol", "review-mechanism", "civil-society-access")


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

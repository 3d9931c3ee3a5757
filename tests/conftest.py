"""Shared fixtures: the repository root, the real corpus, and temporary copies of the inputs."""

import shutil
from pathlib import Path

import pytest

import crimepolicy as cp

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _own_text_cache(tmp_path_factory):
    """The tests keep their own text cache, so that they neither read nor fill the book's
    (_build/text-cache): each test run derives what it checks."""
    from crimepolicy import artefacts

    patch = pytest.MonkeyPatch()
    patch.setenv(artefacts.CACHE_ENV, str(tmp_path_factory.mktemp("text-cache")))
    yield
    patch.undo()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def corpus():
    return cp.load_corpus(ROOT)


@pytest.fixture
def book_copy(tmp_path) -> Path:
    """A copy of the book's inputs in a temporary folder, safe to damage in a test."""
    target = tmp_path / "book"
    target.mkdir()
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(ROOT / name, target / name)
    for folder in ("seeds", "data", "book", "notebooks"):
        shutil.copytree(ROOT / folder, target / folder)
    return target

"""Building the book so that what a reader sees was built from the inputs as they are.

`python -m crimepolicy build` (what `make book` runs):

1. Computes a digest of the *content* of every input (seeds, data, package code, notebooks,
   prose pages, configuration, pinned requirements) and of the PDF edition's freshness. If
   `_build/html` was built from exactly these inputs, it says so and stops: file times play
   no part, so a deleted file, or an old version restored with its old time stamp, rebuilds.
2. Validates every input (`validate.check_all`). A bad input stops the build with one line
   per problem.
3. Executes each notebook whose own code cells, the package code, the environment, or the
   files it read last time (recorded by tracing the kernel's file reads) have changed, and
   stores the outputs in the jupyter-cache that Jupyter Book reads (`execute_notebooks:
   cache`). A notebook that fails is reported first, by notebook and cell, with the
   project's own message.
4. Runs Jupyter Book (Sphinx re-reads the pages whose source changed, and, through the
   `freshness` extension, the notebooks whose outputs changed), with warnings as errors.
5. Writes the digest into `_build/html` only when all of this succeeded. When anything
   fails, the previous book is moved to `_build/html-stale`, so that nothing in
   `_build/html` looks current.

`build --pdf` does the same for the PDF edition (`_build/pdf/book.pdf`); the HTML book
offers the PDF for download only while the PDF was built from the current inputs.
Builds take a lock, so two builds at once run one after the other.
"""

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import CrimePolicyError
from .paths import build_dir
from .paths import root as find_root

INPUT_FOLDERS = ("seeds", "data", "crimepolicy", "notebooks", "book")
INPUT_FILES = (
    "_config.yml",
    "_toc.yml",
    "requirements.txt",
    "pyproject.toml",
    "package.json",
    "package-lock.json",
)
# Inside the input folders: what is not an input (generated, cached, or vendored at a
# pinned version by `make vendor`).
IGNORED_PARTS = {"__pycache__", ".ipynb_checkpoints", "_vendor", ".pytest_cache"}
GENERATED = ("book/sources",)
STAMP = ".book-inputs.json"
PDF_STAMP = "book.inputs.json"
EXECUTIONS = ".executions"  # per-notebook execution records, in _build/
CACHE = ".jupyter_cache"  # in _build/, as _config.yml says
CHECKED = ".checked-inputs"  # in _build/: digest of the inputs that last passed the check


# --- what the book is built from --------------------------------------------------------


def input_files(root: Path) -> list[Path]:
    """Every input file of the book, sorted."""
    found = [root / name for name in INPUT_FILES if (root / name).is_file()]
    for folder in INPUT_FOLDERS:
        for path in (root / folder).rglob("*"):
            relative = path.relative_to(root)
            if (
                path.is_file()
                and not IGNORED_PARTS.intersection(relative.parts)
                and not any(relative.as_posix().startswith(g) for g in GENERATED)
            ):
                found.append(path)
    return sorted(found)


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"


def inputs_digest(root: Path, extra: dict | None = None) -> tuple[str, dict]:
    """(digest, {relative path: sha256}) of every input, plus `extra` facts."""
    files = {p.relative_to(root).as_posix(): file_digest(p) for p in input_files(root)}
    payload = json.dumps({"files": files, "extra": extra or {}}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest(), files


def environment_digest(root: Path) -> str:
    """The execution environment: the pinned requirements (Python and npm) and the Python
    version."""
    locks = [root / "requirements.txt", root / "package-lock.json"]
    text = "\n".join([sys.version] + [file_digest(p) for p in locks if p.exists()])
    return hashlib.sha256(text.encode()).hexdigest()


def package_digest(root: Path) -> str:
    """The helper package's code and style: every notebook depends on it."""
    package = root / "crimepolicy"
    parts = [
        f"{p.relative_to(root).as_posix()}:{file_digest(p)}"
        for p in sorted(package.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def toc_notebooks(root: Path) -> list[Path]:
    """The notebooks of the table of contents, in reading order."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                path = root / f"{node['file']}.ipynb"
                if path.is_file():
                    found.append(path)
            for key in ("parts", "chapters", "sections"):
                for child in node.get(key, []):
                    walk(child)

    walk(toc)
    return found


# --- executing notebooks, with their file reads traced ---------------------------------

TRACE_START = """\
import os as _cp_os, sys as _cp_sys
_cp_root = _cp_os.path.realpath({root!r})
_cp_skip = tuple(_cp_os.path.join(_cp_root, p) + _cp_os.sep
                 for p in ("_build", ".venv", ".git", "crimepolicy", "notebooks"))
_cp_reads, _cp_lists = set(), set()
def _cp_hook(event, args):
    # Record every file read and folder listed inside the book, outside the build.
    if event == "open" or event in ("os.listdir", "os.scandir"):
        try:
            path = _cp_os.path.realpath(_cp_os.fsdecode(args[0]))
        except Exception:
            return
        if (not path.startswith(_cp_root + _cp_os.sep) or path.startswith(_cp_skip)
                or path + _cp_os.sep in _cp_skip):
            return
        if event == "open":
            mode = args[1] if len(args) > 1 else "r"
            if mode is None or "r" in str(mode) or "+" in str(mode):
                _cp_reads.add(path)
        else:
            _cp_lists.add(path)
_cp_sys.addaudithook(_cp_hook)
"""
TRACE_END = """\
import json as _cp_json
print(_cp_json.dumps({"reads": sorted(_cp_reads), "lists": sorted(_cp_lists)}))
"""


def _record_path(root: Path, notebook: Path) -> Path:
    return build_dir(root) / EXECUTIONS / f"{notebook.stem}.json"


def _code_digest(nb) -> str:
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    return hashlib.sha256(json.dumps(code).encode()).hexdigest()


def _dependency_digest(root: Path, reads, lists) -> dict:
    found = {}
    for path in reads:
        found[path] = file_digest(root / path)
    for path in lists:
        folder = root / path
        # A generated folder (book/sources, written by the book's Sphinx extension after
        # the notebooks ran) is not an input; its appearing must not re-execute a notebook
        # whose libraries happened to list the folder around it.
        names = (
            sorted(p.name for p in folder.iterdir() if not _generated(p.relative_to(root)))
            if folder.is_dir()
            else ["missing"]
        )
        found[f"{path}/"] = hashlib.sha256("\n".join(names).encode()).hexdigest()
    return found


def _generated(relative: Path) -> bool:
    return any(
        relative.as_posix() == g or relative.as_posix().startswith(f"{g}/") for g in GENERATED
    )


def execution_key(root: Path, notebook: Path, record: dict | None = None) -> dict | None:
    """What a notebook's outputs depend on, now: its code cells, the package, the
    environment and the files it read last time. None if it never ran here."""
    import nbformat

    record = record if record is not None else _read_record(root, notebook)
    if record is None:
        return None
    nb = nbformat.read(notebook, as_version=4)
    return {
        "code": _code_digest(nb),
        "package": package_digest(root),
        "environment": environment_digest(root),
        "files": _dependency_digest(root, record["reads"], record["lists"]),
    }


def _read_record(root: Path, notebook: Path) -> dict | None:
    path = _record_path(root, notebook)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def key_digest(key: dict | None) -> str | None:
    return (
        None
        if key is None
        else hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()
    )


def is_current(root: Path, notebook: Path, cache) -> bool:
    """True when the notebook's cached outputs were made from its current inputs."""
    import nbformat

    record = _read_record(root, notebook)
    if record is None or key_digest(execution_key(root, notebook, record)) != record["key"]:
        return False
    try:
        cache.match_cache_notebook(nbformat.read(notebook, as_version=4))
    except KeyError:
        return False
    return True


class NotebookFailed(Exception):
    """A notebook raised while executing: which one, which cell, and the error."""

    def __init__(self, notebook: str, cell: int, ename: str, evalue: str):
        self.notebook, self.cell, self.ename, self.evalue = notebook, cell, ename, evalue
        super().__init__(f"{notebook}, code cell {cell}: {ename}: {evalue}")

    def line(self) -> str:
        where = f"{self.notebook}, code cell {self.cell}"
        if self.ename == "CrimePolicyError":
            return f"crimepolicy: bad input: {self.evalue} (while running {where})"
        return f"crimepolicy: {where} failed: {self.ename}: {self.evalue}"


def execute(root: Path, notebook: Path, timeout: int = 300):
    """Execute a notebook in a fresh kernel in its folder, tracing the files it reads.

    Returns (executed notebook, {"reads": [...], "lists": [...]}) with paths relative to
    the root. Raises NotebookFailed naming the code cell that failed."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(notebook, as_version=4)
    traced = nbformat.from_dict(json.loads(json.dumps(nb)))
    traced.cells.insert(0, nbformat.v4.new_code_cell(TRACE_START.format(root=str(root))))
    traced.cells.append(nbformat.v4.new_code_cell(TRACE_END))
    env = dict(os.environ, CRIMEPOLICY_ROOT=str(root), PYTHONHASHSEED="0")
    client = NotebookClient(
        traced,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
        record_timing=False,
        env=env,
    )
    try:
        # The kernel's own stderr carries only its start-up notices; errors in cells
        # arrive as messages and are reported below.
        client.execute(env=env, stderr=subprocess.DEVNULL)
    except CellExecutionError as exc:
        index, count = _failed_cell(traced)
        raise NotebookFailed(
            notebook.relative_to(root).as_posix(), count, exc.ename or "Error", exc.evalue or ""
        ) from None
    trace_cell = traced.cells.pop()
    traced.cells.pop(0)
    trace = json.loads("".join(o.get("text", "") for o in trace_cell.outputs).strip())
    for cell in traced.cells:
        if cell.cell_type == "code" and cell.get("execution_count"):
            cell.execution_count -= 1
            for output in cell.outputs:
                if "execution_count" in output:
                    output["execution_count"] -= 1
    relative = {
        key: sorted(Path(p).relative_to(root).as_posix() for p in trace[key])
        for key in ("reads", "lists")
    }
    return traced, relative


def _failed_cell(nb) -> tuple[int, int]:
    """(index, code-cell number counted from 1, without the tracing cell) of the cell
    whose output is an error."""
    number = 0
    for index, cell in enumerate(nb.cells[1:]):
        if cell.cell_type != "code":
            continue
        number += 1
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return index, number
    return -1, number


def _cache(root: Path):
    from jupyter_cache import get_cache

    return get_cache(build_dir(root) / CACHE)


def execute_outdated(root: Path, log=print) -> list[Path]:
    """Execute every notebook of the table of contents whose inputs changed, and store
    its outputs in the cache Jupyter Book reads. Returns the notebooks executed."""
    from jupyter_cache.base import CacheBundleIn

    cache = _cache(root)
    executed = []
    for notebook in toc_notebooks(root):
        if is_current(root, notebook, cache):
            continue
        started = time.monotonic()
        nb, trace = execute(root, notebook)
        cache.cache_notebook_bundle(
            CacheBundleIn(
                nb, str(notebook), data={"execution_seconds": time.monotonic() - started}
            ),
            check_validity=False,
            overwrite=True,
        )
        record = {"reads": trace["reads"], "lists": trace["lists"]}
        record["key"] = key_digest(execution_key(root, notebook, record))
        path = _record_path(root, notebook)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, indent=1), encoding="utf-8")
        log(
            f"crimepolicy: executed {notebook.relative_to(root)} "
            f"({time.monotonic() - started:.1f} s)"
        )
        executed.append(notebook)
    return executed


def store_outputs(root=None) -> int:
    """`make notebooks`: execute every notebook in place, in a fresh kernel, so that its
    stored outputs follow the code and data (no timing metadata, so that git stays clean
    when nothing changed)."""
    import nbformat

    root = find_root(root)
    for notebook in toc_notebooks(root):
        try:
            nb, _ = execute(root, notebook)
        except NotebookFailed as exc:
            print(exc.line(), file=sys.stderr)
            return 1
        nbformat.write(nb, notebook)
        print(f"crimepolicy: stored the outputs of {notebook.relative_to(root)}")
    return 0


# --- the build --------------------------------------------------------------------------


@contextmanager
def _lock(root: Path):
    folder = build_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".build.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pdf_paths(root: Path) -> tuple[Path, Path, Path]:
    folder = build_dir(root) / "pdf"
    return folder / "book.pdf", folder / PDF_STAMP, build_dir(root) / "pdf-current" / "book.pdf"


def pdf_is_current(root: Path, digest: str) -> bool:
    pdf, stamp, _ = _pdf_paths(root)
    try:
        return pdf.is_file() and json.loads(stamp.read_text())["digest"] == digest
    except (FileNotFoundError, json.JSONDecodeError, KeyError):
        return False


def _offer_pdf(root: Path, offered: bool) -> None:
    """Put the PDF where the front page's download link points, or take it away."""
    pdf, _, current = _pdf_paths(root)
    if offered:
        current.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(pdf, current)
    elif current.exists():
        current.unlink()


def _set_aside(output: Path, stamp_name: str) -> Path | None:
    """Move a book that is not current out of the way (to `<name>-stale`)."""
    if not output.exists():
        return None
    stale = output.with_name(output.name + "-stale")
    if stale.exists():
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    (output / stamp_name).unlink(missing_ok=True) if output.is_dir() else None
    output.rename(stale)
    return stale


def _jupyter_book(root: Path, *args) -> subprocess.CompletedProcess:
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    env = dict(os.environ, CRIMEPOLICY_ROOT=str(root), PYTHONHASHSEED="0")
    return subprocess.run(
        [
            str(jupyter_book),
            "build",
            str(root),
            "--warningiserror",
            "--keep-going",
            "--quiet",
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
    )


def _failed(message: str, output: Path, stamp: str, kept: str) -> int:
    stale = _set_aside(output, stamp)
    print(message, file=sys.stderr)
    if stale:
        print(
            f"crimepolicy: the {kept} was NOT built; the previous one, built from other "
            f"inputs, was moved to {stale} so that nothing looks current.",
            file=sys.stderr,
        )
    else:
        print(f"crimepolicy: the {kept} was NOT built.", file=sys.stderr)
    return 1


def _sphinx_problem(result: subprocess.CompletedProcess) -> str:
    """The lines of a failed Jupyter Book run that say what went wrong."""
    text = (result.stdout + "\n" + result.stderr).splitlines()
    wanted = [line for line in text if "WARNING" in line or "ERROR" in line or "Error" in line]
    return "\n".join(wanted[-20:] or text[-20:])


def main(pdf: bool = False, root=None) -> int:
    """Build the HTML book (or, with `pdf`, the PDF edition) if its inputs changed."""
    root = find_root(root)
    with _lock(root):
        digest, _ = inputs_digest(root)
        if pdf:
            return _build_pdf(root, digest)
        return _build_html(root, digest)


def _check_digest(root: Path) -> str:
    """What the input check reads: the seeds, the data and the package's code (and the
    pinned requirements, for the validators' versions)."""
    checked = [
        p
        for p in input_files(root)
        if p.relative_to(root).parts[0] in ("seeds", "data", "crimepolicy")
        or p.name == "requirements.txt"
    ]
    listing = "\n".join(f"{p.relative_to(root).as_posix()} {file_digest(p)}" for p in checked)
    return hashlib.sha256(listing.encode()).hexdigest()


def _check(root: Path) -> list[str]:
    """Validate every input, unless exactly these inputs passed the check before (a prose
    edit does not re-validate the data)."""
    from .validate import check_all

    stamp = build_dir(root) / CHECKED
    digest = _check_digest(root)
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == digest:
        return []
    found, _ = check_all(root)
    if not found:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(digest, encoding="utf-8")
    return [f"crimepolicy: bad input: {p}" for p in found]


def _execute(root: Path) -> str | None:
    try:
        execute_outdated(root)
    except NotebookFailed as exc:
        return exc.line()
    except CrimePolicyError as exc:
        return f"crimepolicy: bad input: {exc}"
    return None


def _build_html(root: Path, inputs: str) -> int:
    output = build_dir(root) / "html"
    offered = pdf_is_current(root, inputs)
    digest = hashlib.sha256(f"{inputs}:pdf={offered}".encode()).hexdigest()
    stamp = output / STAMP
    if (output / "index.html").is_file() and _stamp_digest(stamp) == digest:
        print(
            f"crimepolicy: the book is up to date (built from exactly these inputs): "
            f"{output / 'index.html'}"
        )
        return 0
    problems = _check(root)
    if problems:
        return _failed("\n".join(problems), output, STAMP, "book")
    failure = _execute(root)
    if failure:
        return _failed(failure, output, STAMP, "book")
    _offer_pdf(root, offered)
    if output.exists() and not stamp.exists():
        # An interrupted or failed build may have left pages from different inputs.
        shutil.rmtree(output)
    stamp.unlink(missing_ok=True)
    result = _jupyter_book(root)
    if result.returncode != 0 or not (output / "index.html").is_file():
        return _failed(
            "crimepolicy: Jupyter Book failed:\n" + _sphinx_problem(result), output, STAMP, "book"
        )
    stamp.write_text(json.dumps({"digest": digest, "pdf_offered": offered}), encoding="utf-8")
    print(f"crimepolicy: the book is built: open {output / 'index.html'} in a browser.")
    return 0


def _stamp_digest(stamp: Path) -> str | None:
    try:
        return json.loads(stamp.read_text(encoding="utf-8"))["digest"]
    except (FileNotFoundError, json.JSONDecodeError, KeyError):
        return None


def _build_pdf(root: Path, digest: str) -> int:
    pdf, stamp, _ = _pdf_paths(root)
    if pdf.is_file() and _stamp_digest(stamp) == digest:
        print(f"crimepolicy: the PDF edition is up to date: {pdf}")
        return 0
    problems = _check(root)
    if problems:
        return _failed("\n".join(problems), pdf.parent, PDF_STAMP, "PDF edition")
    failure = _execute(root)
    if failure:
        return _failed(failure, pdf.parent, PDF_STAMP, "PDF edition")
    single = build_dir(root) / "pdf-build"
    if single.exists():
        shutil.rmtree(single)
    result = _jupyter_book(root, "--builder", "singlehtml", "--path-output", str(single))
    if result.returncode != 0:
        return _failed(
            "crimepolicy: Jupyter Book failed:\n" + _sphinx_problem(result),
            pdf.parent,
            PDF_STAMP,
            "PDF edition",
        )
    stamp.unlink(missing_ok=True)
    pdf.parent.mkdir(parents=True, exist_ok=True)
    printer = root / "tests" / "site_helpers.py"
    result = subprocess.run(
        [
            sys.executable,
            str(printer),
            "print-pdf",
            str(single / "_build" / "singlehtml"),
            str(pdf),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        return _failed(
            "crimepolicy: printing the PDF failed:\n" + result.stderr[-2000:],
            pdf.parent,
            PDF_STAMP,
            "PDF edition",
        )
    stamp.write_text(json.dumps({"digest": digest}), encoding="utf-8")
    print(
        f"crimepolicy: the PDF edition is built: {pdf} ({result.stdout.strip()}); "
        "`make book` offers it on the front page."
    )
    return 0

"""Shared helpers for the tests of the built site (HTML, browser, PDF).

Run as a script, `python tests/site_helpers.py print-pdf FOLDER OUT.pdf` prints the
single-page HTML build in FOLDER to a PDF with the system Chromium (used by `make pdf`).
"""

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
HTML = BUILD / "html"
PDF = BUILD / "pdf" / "book.pdf"

# The system Chromium, overridable for machines that keep it elsewhere.
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def toc_docnames(toc_file: Path = ROOT / "_toc.yml") -> list[str]:
    """Every document of the table of contents, in reading order ("book/intro", ...).
    A `glob` entry (the generated source pages, `book/sources/*`) stands for the files it
    matches, in alphabetical order, as Sphinx lists them."""
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(node: dict) -> None:
        if "file" in node:
            names.append(node["file"])
        if "glob" in node:
            found = toc_file.parent.glob(f"{node['glob']}.*")
            names.extend(sorted(p.relative_to(toc_file.parent).as_posix() for p in found))
        for key in ("parts", "chapters", "sections"):
            for child in node.get(key, []):
                walk(child)

    walk(toc)
    # Notebook and Markdown sources become "<docname>.html" whatever their suffix.
    return [re.sub(r"\.(md|ipynb|rst)$", "", name) for name in names]


def toc_pages() -> list[str]:
    """The HTML path, relative to _build/html, of every page in the table of contents."""
    return [f"{name}.html" for name in toc_docnames()]


def require_chromium(pytest) -> None:
    """Skip loudly when Chromium is missing, or fail when running in CI (CI=true)."""
    if CHROMIUM.exists():
        return
    message = (
        f"Chromium not found at {CHROMIUM}: the browser tests did NOT run. "
        "Install it with `sudo make browser-deps` (apt-get install chromium chromium-driver)."
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    print(f"\n{'!' * 80}\n{message}\n{'!' * 80}", file=sys.stderr)
    pytest.skip(message)


def require_built_site(pytest) -> None:
    """Fail with a hint when the book has not been built (these tests read _build/html)."""
    if not (HTML / "index.html").is_file():
        pytest.fail("_build/html is missing: run `make book` first.", pytrace=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(directory: Path, timeout: float = 10.0) -> Iterator[str]:
    """Serve `directory` over HTTP on 127.0.0.1 and yield its base URL ("http://.../")."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
        + ["--directory", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"http.server did not start on port {port}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()


def print_pdf(single_page: Path, pdf: Path) -> int:
    """Print the single-page HTML build in `single_page` to `pdf`; return the page count.

    Sphinx writes the single page as "<root docname>.html" (book/intro.html) but with
    links relative to the output root, so it is copied to the root before printing. It
    is served over HTTP and printed by the system Chromium, as the browser tests see it.
    """
    from playwright.sync_api import sync_playwright

    root_page = single_page / f"{toc_docnames()[0]}.html"
    (single_page / "book.html").write_bytes(root_page.read_bytes())
    with serve(single_page) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "book.html", wait_until="networkidle", timeout=60_000)
        # MathJax typesets after the load event; wait for it when the page has math.
        page.evaluate("() => window.MathJax?.startup?.promise")
        page.pdf(
            path=pdf,
            format="A4",
            scale=0.8,  # the screen's 16-pixel text is large on paper
            margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=FOOTER,
            outline=True,  # PDF bookmarks from the headings
            tagged=True,  # a tagged (accessible) PDF
        )
        browser.close()
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


FOOTER = (
    '<div style="font-size: 8px; width: 100%; text-align: center; color: #555;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "print-pdf":
        sys.exit("usage: python tests/site_helpers.py print-pdf SINGLEHTML_FOLDER OUT.pdf")
    out = Path(sys.argv[3])
    out.parent.mkdir(parents=True, exist_ok=True)
    print(f"{out}: {print_pdf(Path(sys.argv[2]), out)} pages")

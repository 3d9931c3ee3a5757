# Two commands: `make book` renders the book, `make test` runs every test. Both set up
# .venv from requirements.txt first. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-requirements
HTML := _build/html
# Everything the rendered book depends on: a change to any of these rebuilds it.
BOOK_INPUTS := _config.yml _toc.yml requirements.txt $(wildcard book/*.md book/*.bib book/_ext/*.py \
	notebooks/*.ipynb data/* seeds/* crimepolicy/*.py)
NOTEBOOKS := $(wildcard notebooks/*.ipynb)
LINTED := crimepolicy tests book/_ext notebooks

.PHONY: book test notebooks lint setup clean

book: $(HTML)/index.html
	@echo "The book is built: open $(CURDIR)/$(HTML)/index.html in a browser."

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $@

# The input check prints one clear line and stops the build on a bad seed or table.
$(HTML)/index.html: $(STAMP) $(BOOK_INPUTS)
	$(BIN)/python -m crimepolicy check
	@# --all: Sphinx re-reads only changed pages, but every page may depend on data and code.
	$(BIN)/jupyter-book build . --all --warningiserror --keep-going --quiet
	@touch $@

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

# Unit tests and strict nbval first (fast failures), then the book, then the tests that
# need the built book (browser).
test: lint browser-deps vendor
	$(BIN)/python -m crimepolicy check
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-current-env -m "not browser"
	$(MAKE) --no-print-directory book
	$(BIN)/python -m pytest tests -m browser

# Re-execute every notebook in place, in a fresh kernel, top to bottom.
notebooks: $(STAMP)
	cd notebooks && for nb in $(notdir $(NOTEBOOKS)); do \
		../$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
			--ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.timeout=300 \
			--ExecutePreprocessor.record_timing=False "$$nb"; \
	done

clean:
	rm -rf _build .jupyter_cache

# --- Offline site, browser tests and the PDF edition -------------------------------------
.PHONY: browser-deps vendor pdf
CHROMIUM := /usr/bin/chromium
MATHJAX_VERSION := 3.2.2
MATHJAX := book/_vendor/mathjax
PDF := _build/pdf/book.pdf
PDF_BUILD := _build/pdf-build

# The browser tests and the PDF need Chromium. As root (a CI container) install it; as
# anyone else leave the system alone: the browser tests then skip loudly (fail if CI=true).
browser-deps:
	@if [ ! -x $(CHROMIUM) ] && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && apt-get install -y -qq chromium chromium-driver; \
	elif [ ! -x $(CHROMIUM) ]; then \
		echo "browser-deps: $(CHROMIUM) is missing and we are not root: browser tests will skip"; \
	fi

# MathJax served from the book itself (git-ignored, from npm): only the TeX/MathML to
# CommonHTML bundle, its input extensions and its web fonts, about 3 MB.
vendor: $(MATHJAX)/es5/tex-mml-chtml.js

$(MATHJAX)/es5/tex-mml-chtml.js:
	rm -rf $(MATHJAX) && tmp=$$(mktemp -d) && \
	(cd $$tmp && npm pack --silent mathjax@$(MATHJAX_VERSION) >/dev/null && \
		tar -xzf mathjax-$(MATHJAX_VERSION).tgz) && \
	mkdir -p $(MATHJAX)/es5/output/chtml/fonts && \
	cp $$tmp/package/LICENSE $(MATHJAX)/ && \
	cp $$tmp/package/es5/tex-mml-chtml.js $(MATHJAX)/es5/ && \
	cp -r $$tmp/package/es5/input $(MATHJAX)/es5/ && \
	cp -r $$tmp/package/es5/output/chtml/fonts/woff-v2 $(MATHJAX)/es5/output/chtml/fonts/ && \
	rm -rf $$tmp

# The HTML build needs MathJax in place. Once a PDF edition exists (`make pdf`), the
# front page offers it for download, and `make book` keeps it in step with the HTML.
$(HTML)/index.html: $(wildcard $(PDF)) | $(MATHJAX)/es5/tex-mml-chtml.js
# The book's own CSS, JavaScript and icon are inputs of both editions.
$(HTML)/index.html $(PDF): $(wildcard book/_css/* book/favicon.*)

# The whole book as one PDF: the single-page HTML build, printed by the system Chromium
# (tests/site_helpers.py). Not jupyter-book's pdfhtml builder: it writes over _build/html,
# wants a Playwright-downloaded browser, and prints the page unstyled when the root
# document is in a subfolder (book/intro).
pdf: $(PDF)

$(PDF): $(STAMP) $(BOOK_INPUTS) tests/site_helpers.py | browser-deps vendor
	rm -rf $(PDF_BUILD)
	$(BIN)/jupyter-book build . --builder singlehtml --path-output $(PDF_BUILD) \
		--warningiserror --keep-going --quiet
	$(BIN)/python tests/site_helpers.py print-pdf $(PDF_BUILD)/_build/singlehtml $@
	@echo "The PDF edition is built: $@ (run 'make book' to offer it on the front page)."

# Two commands: `make book` renders the book, `make test` runs every test. Both set up
# .venv from requirements.txt first. See README.md.
#
# What is up to date is decided by content, never by file times: `setup` compares a
# checksum of the requirements, and `python -m crimepolicy build` a checksum of every input
# of the book (see crimepolicy/build.py).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
LINTED := crimepolicy tests book/_ext notebooks $(wildcard benchmarks)
CHROMIUM := /usr/bin/chromium
MATHJAX_VERSION := 3.2.2
MATHJAX := book/_vendor/mathjax

.PHONY: book pdf test unit nbval built-tests notebooks lint setup vendor system-deps clean \
	check package lock

book: setup vendor
	$(BIN)/python -m crimepolicy build

# The PDF edition: the single-page build, printed by the system Chromium. Only this
# target makes it; `make book` offers it for download while it matches the inputs.
pdf: setup vendor
	$(BIN)/python -m crimepolicy build --pdf

# The virtual environment, reinstalled whenever the requirements' content changes.
setup:
	@want=$$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1); \
	have=$$(cat $(VENV)/.installed-requirements 2>/dev/null || true); \
	if [ "$$want" != "$$have" ] || [ ! -x $(BIN)/python ]; then \
		test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); \
		$(BIN)/python -m pip install --quiet --upgrade pip; \
		$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt; \
		$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .; \
		$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null; \
		echo "$$want" > $(VENV)/.installed-requirements; \
	fi

check: setup
	$(BIN)/python -m crimepolicy check

# Write data/datapackage.json from data/datapackage.yml (after editing the YAML).
package: setup
	$(BIN)/python -m crimepolicy package

# Compile requirements.txt (every version pinned, with hashes) from the direct dependencies
# in pyproject.toml. Versions already pinned are kept unless a range excludes them;
# `make lock UPGRADE=--upgrade-package=pandas` moves one package to its newest version.
lock: setup
	$(BIN)/uv pip compile pyproject.toml --all-extras --generate-hashes --python-version 3.11 \
		--universal --quiet $(UPGRADE) -o requirements.txt

lint: setup
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

# Every test, in an order that executes each notebook at most twice: nbval once, then the
# PDF build (which fills the execution cache), then the HTML build (which reuses it).
test: lint check unit nbval pdf book built-tests

unit: setup
	$(BIN)/python -m pytest tests -m "not built"

nbval: setup
	$(BIN)/python -m pytest notebooks --nbval --nbval-current-env -p no:randomly

# Tests of the built book: the browser, the offline site, the PDF, the build's freshness.
built-tests: setup
	$(BIN)/python -m pytest tests -m built

# Re-execute every notebook in place, in a fresh kernel, top to bottom; commit the result.
notebooks: setup
	$(BIN)/python -m crimepolicy notebooks

clean:
	rm -rf _build

# --- system and vendored dependencies -----------------------------------------------------

# System packages are an explicit step (as root): Debian's Chromium, for the browser tests
# and the PDF. No other target installs system packages.
system-deps:
	@if [ ! -x $(CHROMIUM) ]; then \
		apt-get update -qq && apt-get install -y -qq chromium chromium-driver; \
	fi

# MathJax served from the book itself (git-ignored, from npm): only the TeX/MathML to
# CommonHTML bundle, its input extensions and its web fonts.
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

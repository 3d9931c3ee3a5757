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
# Folders that do not exist yet (benchmarks/) are skipped: ruff fails on a missing path.
LINTED := $(wildcard crimepolicy tests book/_ext notebooks benchmarks)
CHROMIUM := /usr/bin/chromium
MATHJAX_VERSION := 3.2.2
MATHJAX := book/_vendor/mathjax
# Natural Earth's countries for the world map, as GeoJSON (read by crimepolicy/maps.py;
# kept out of the site by _config.yml's exclude_patterns).
ATLAS := book/_vendor/world-atlas/countries-50m.geojson

.PHONY: book pdf test unit nbval built-tests notebooks lint setup vendor tools system-deps \
	clean check package lock bench

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

# Test files run in parallel, one file per worker (`--dist loadfile`: a file's fixtures,
# such as a built stub book, stay with its tests).
unit: setup tools
	$(BIN)/python -m pytest tests -m "not built" -n auto --dist loadfile

# One notebook per worker: nbval runs a notebook's cells in order in one kernel.
nbval: setup tools
	$(BIN)/python -m pytest notebooks --nbval --nbval-current-env -p no:randomly \
		-n auto --dist loadfile

# Tests of the built book: the browser, the offline site, the PDF, the build's freshness.
built-tests: setup
	$(BIN)/python -m pytest tests -m built

# Re-execute every notebook in place, in a fresh kernel, top to bottom; commit the result.
notebooks: setup tools
	$(BIN)/python -m crimepolicy notebooks

# Measure the figures of issue 16 (about a quarter of an hour: clean builds, rebuilds, a
# `make test` in a fresh copy, the text helpers at up to 1000x the corpus); writes
# benchmarks/report.json and benchmarks/report.md. BENCH_ARGS=--help lists the options.
bench: setup vendor
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

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
# CommonHTML bundle, its input extensions and its web fonts. The book ships it only when a
# page has math (book/_ext/light_pages).
vendor: $(MATHJAX)/es5/tex-mml-chtml.js tools

# The build's JavaScript tools and map data (never shipped with the book): PurgeCSS,
# world-atlas and topojson-client at the versions and checksums of package-lock.json, into
# node_modules/ (git-ignored), reinstalled whenever the lock file's content changes; then
# the country shapes converted from TopoJSON to the GeoJSON that crimepolicy/maps.py reads.
tools:
	@want=$$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1); \
	have=$$(cat node_modules/.installed-lock 2>/dev/null || true); \
	if [ "$$want" != "$$have" ]; then \
		npm ci --no-audit --no-fund --silent; \
		echo "$$want" > node_modules/.installed-lock; \
		rm -f $(ATLAS); \
	fi; \
	if [ ! -s $(ATLAS) ]; then \
		mkdir -p $(dir $(ATLAS)) && \
		node node_modules/topojson-client/bin/topo2geo countries=$(ATLAS).part \
			< node_modules/world-atlas/countries-50m.json && \
		mv $(ATLAS).part $(ATLAS); \
	fi

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

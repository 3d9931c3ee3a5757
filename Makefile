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
test: lint
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

# One command to serve or build the site, one to run every test. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test lint check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

site: $(STAMP)
	$(BIN)/mkdocs build --strict

test: $(STAMP)
	$(BIN)/ruff check plugins tests
	$(BIN)/mypy --strict plugins
	$(BIN)/pytest

check: $(STAMP)
	$(BIN)/explainer check

# make bench ARTICLES=500 ENTRIES=2000 [PAIRS=3]: plugin vs equivalent hand-made build; ends with one JSON line.
bench: $(STAMP)
	$(BIN)/python -m bench.run --articles $(or $(ARTICLES),500) --entries $(or $(ENTRIES),2000) --pairs $(or $(PAIRS),3)

lint: $(STAMP)
	$(BIN)/ruff check plugins tests
	$(BIN)/mypy --strict plugins

clean:
	rm -rf site $(VENV)

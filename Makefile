# One command to serve or build the site, one to run every test. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LIGHT := $(VENV)/.installed-light
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test lint check schemas-check bench clean

# Editors' targets (serve, site, check) need only the plugin; tests and linters add the test tools.
$(LIGHT): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(LIGHT)

$(STAMP): $(LIGHT)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# make serve [PORT=8001] [FULL=1]: a clear message, not a traceback, when the port is taken.
# Rebuilds only the pages an edit changes; FULL=1 rebuilds the whole site after every edit.
serve: $(LIGHT)
	$(BIN)/python scripts/serve.py $(PORT) $(if $(FULL),--full)

site: $(LIGHT)
	$(BIN)/mkdocs build --strict

test: $(STAMP)
	$(BIN)/ruff check plugins tests
	$(BIN)/mypy --strict plugins
	$(BIN)/pytest -n auto --maxprocesses=4

check: $(LIGHT)
	$(BIN)/explainer check

schemas-check: $(LIGHT)
	$(BIN)/explainer schemas --check

# make bench ARTICLES=500 ENTRIES=2000 [PAIRS=3]: plugin vs equivalent hand-made build; ends with one JSON line.
bench: $(STAMP)
	$(BIN)/python -m bench.run --articles $(or $(ARTICLES),500) --entries $(or $(ENTRIES),2000) --pairs $(or $(PAIRS),3)

lint: $(STAMP)
	$(BIN)/ruff check plugins tests
	$(BIN)/mypy --strict plugins

clean:
	rm -rf site $(VENV)

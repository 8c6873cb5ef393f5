# Every target bootstraps .venv itself: a fresh machine needs only Python, pip and Pango.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RESUME ?= resume.yaml
THEME ?=

.PHONY: render test lint fmt schema snapshots bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

render: $(STAMP)
	$(BIN)/resumekit render $(RESUME) $(if $(THEME),--theme $(THEME))

test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

fmt: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

schema: $(STAMP)
	$(BIN)/resumekit schema > schema/resume.schema.json

snapshots: $(STAMP)
	$(BIN)/python scripts/snapshots.py out/snapshots

clean:
	rm -rf $(VENV) out build dist .pytest_cache

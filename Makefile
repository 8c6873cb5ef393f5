# Every target bootstraps .venv itself: a fresh machine needs only Python, pip and Pango.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RESUME ?= resume.yaml
THEME ?=

.PHONY: render test test-tools fuzz lint fmt schema snapshots references bench clean dist

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

render: $(STAMP)
	RESUMEKIT=$(BIN)/resumekit RESUME=$(RESUME) THEME=$(THEME) scripts/render-resume

test: $(STAMP) test-tools
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# The browser test drives Debian's chromium; install it where we can (root with apt-get).
test-tools:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium for the browser test"; \
	    apt-get update -qq >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null \
	      || echo "note: could not install chromium; the browser test will be skipped"; \
	  else echo "note: chromium is missing; the browser test will be skipped"; fi; \
	fi

# A longer run of the property-based tests than `make test` does.
fuzz: $(STAMP)
	FUZZ_EXAMPLES=500 $(BIN)/python -m pytest -q tests/test_fuzz.py

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks
	$(BIN)/mypy
	$(BIN)/actionlint .github/workflows/*.yml

fmt: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

schema: $(STAMP)
	$(BIN)/resumekit schema > schema/resume.schema.json
	$(BIN)/resumekit schema --format markdown > docs/schema.md

snapshots: $(STAMP)
	$(BIN)/python scripts/snapshots.py out/snapshots

# The stored HTML, txt and md that tests/test_references.py compares: regenerate when a change
# to the view model, a template or a stylesheet is meant, and review the diff.
references: $(STAMP)
	$(BIN)/python tests/reference_outputs.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

dist: $(STAMP)
	$(BIN)/python -m build --outdir dist .

clean:
	rm -rf $(VENV) out build dist .pytest_cache

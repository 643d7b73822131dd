# gpwatch: `make demo` and `make test` set everything up on a fresh machine (Python 3.11+ and make).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 120

.PHONY: demo test lint typecheck bench clean help

help:
	@echo "make demo   - install, run the demo monitoring run, print what it found"
	@echo "make test   - install, run the whole test suite"
	@echo "make lint   - ruff check + format check"
	@echo "make typecheck - mypy on the package"
	@echo "make bench  - benchmarks at national scale (prints figures)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# uv installs in seconds; plain pip is the fallback where uv cannot be had.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv \
	  && $(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode -e '.[dev,eval]' \
	  || $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,eval]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/gpwatch demo --config demo/gpwatch.toml

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_pipeline.py
	$(BIN)/python benchmarks/bench_evidence.py
	$(BIN)/python benchmarks/bench_classify.py
	$(BIN)/python benchmarks/bench_x_queries.py

clean:
	rm -rf $(VENV) demo/data demo/outbox .pytest_cache .mypy_cache .ruff_cache

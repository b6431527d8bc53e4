# Every target sets itself up: a local virtualenv with the package and its dev tools.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/sherlock demo

lint: $(STAMP)
	$(BIN)/ruff check sherlock tests benchmarks
	$(BIN)/ruff format --check sherlock tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q -n 2

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python benchmarks/diagnose_latency.py
	$(BIN)/python benchmarks/slack_ack.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

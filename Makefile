# Every target sets itself up: a local virtualenv with the package and its dev tools, at the
# versions in constraints.txt (the set the suite passed with), so CI installs what was tested.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LINTED := sherlock sherlock_testing tests benchmarks

.PHONY: demo test lint typecheck unit bench fresh-install lock clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/sherlock demo

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q -n 2

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python benchmarks/diagnose_latency.py
	$(BIN)/python benchmarks/slack_ack.py

# A plain `pip install` (no extras) into a brand-new venv, then a diagnosis: slow, opt-in.
fresh-install: $(STAMP)
	$(BIN)/python benchmarks/fresh_install.py

# Re-resolve every dependency in a throw-away venv and pin the result (then run `make test`).
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	{ sed -n '1,3p' constraints.txt; \
	  .lock-venv/bin/python -m pip freeze --all --exclude-editable | grep -v '^pip=='; \
	} > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# cpkit: the two commands a new machine needs are `make demo` and `make test`.
# Both create .venv (Python 3.11+) and install cpkit into it when missing or out of date.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench

# the versions CI tests (pip freeze of this .venv): every install is held to them
CONSTRAINTS := constraints.txt
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(CONSTRAINTS)

.PHONY: demo test lint bench sample clean constraints

$(STAMP): pyproject.toml $(CONSTRAINTS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -e '.[test,browser,office]'
	@touch $(STAMP)

$(BENCH_STAMP): $(STAMP)
	$(PIP) -e '.[test,bench]'
	@touch $(BENCH_STAMP)

demo: $(STAMP)            ## build ./cpkit-demo from data/sample and render the 2023-24 report
	$(BIN)/cpkit demo

test: $(STAMP)            ## run the test suite (browser checks run when Chromium is installed)
	$(BIN)/python -m pytest -q

LINTED := src tests benchmarks data/sample

lint: $(STAMP)            ## ruff (lint and format check) and mypy; CI runs it before the tests
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

bench: $(BENCH_STAMP)     ## run the benchmarks (results in benchmarks/results/)
	$(BIN)/python benchmarks/run.py

sample: $(STAMP)          ## regenerate data/sample from its generator (deterministic)
	$(BIN)/python data/sample/generate.py

constraints: $(STAMP)     ## pin what this .venv has (after upgrading on purpose and a green suite)
	@{ sed -n '1,3p' $(CONSTRAINTS); $(BIN)/python -m pip freeze --exclude-editable \
	  | grep -vi '^cpkit'; } > $(CONSTRAINTS).new && mv $(CONSTRAINTS).new $(CONSTRAINTS)

clean:
	rm -rf $(VENV) cpkit-demo .pytest_cache .ruff_cache .mypy_cache

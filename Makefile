# Everything a user needs: `make run` and `make test` set up .venv on their own.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench monkey mutate wheel clean

run: $(STAMP)
	$(BIN)/briefing

test: lint
	$(BIN)/python -m pytest

# mypy reads its settings from pyproject.toml: strict for the core, default checks for the reader.
lint: $(STAMP)
	$(BIN)/ruff check briefing tests benchmarks
	$(BIN)/mypy

# Performance against baselines measured in the same run; never part of `make test`.
bench: $(STAMP)
	$(BIN)/python -m benchmarks

# The monkey for longer than the suite runs it: seeded random keys, bursts, typing and
# resizes against the reader. Never part of `make test`, which runs a short one.
MONKEY_PRESSES ?= 20000
MONKEY_SEEDS ?= 11,12,13,14,15
monkey: $(STAMP)
	MONKEY_PRESSES=$(MONKEY_PRESSES) MONKEY_SEEDS=$(MONKEY_SEEDS) $(BIN)/python -m pytest tests/test_tui_monkey.py -q -x -p no:cacheprovider

# Mutation testing of the core (mutmut, incremental; never part of `make test`):
#   make mutate MODULES="briefing/load.py briefing/strict.py"   (default: every core module)
#   make mutate MUTATE_ARGS=--survivors                          (only the survivors, after new tests)
# The report, with each surviving mutant, is written to mutants/report.txt.
mutate: $(STAMP)
	$(BIN)/python -m tests.mutation $(MUTATE_ARGS) $(MODULES)

wheel: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --wheel --outdir dist .

# Exact pins come from constraints.txt; pyproject.toml declares the ranges.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23.1"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,web]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache .mypy_cache

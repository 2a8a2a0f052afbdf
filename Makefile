# hiap-sim: `make run` sets up and runs the default scenario; `make test` sets up and runs the tests.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# Python >= 3.12: the pyenv version named in .python-version, else python3.12 on PATH.
PYTHON ?= $(shell for p in /root/.pyenv/versions/3.12.1/bin/python3 python3.12 python3.13 python3 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then echo $$p; break; fi; done)

.PHONY: setup browser run test test-fast lint odd bench clean

$(BIN)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "hiap-sim needs Python >= 3.12 (pyenv: /root/.pyenv/versions/3.12.1)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/.installed

# Chromium for the browser tests of the web app (tests/web), from Debian's packages when it is missing.
browser:
	@bash tests/web/install_browser.sh

run: setup
	$(BIN)/hiap-sim run national_2025

# one test process per core (pytest-xdist); the tests of one file stay together in one process (module fixtures,
# servers). A single failing test: .venv/bin/python -m pytest -q tests/<file>::<test>
test: setup browser
	$(BIN)/python -m pytest -q -n auto --dist loadfile

test-fast: setup browser
	$(BIN)/python -m pytest -q -n auto --dist loadfile -m "not slow"

lint: setup
	$(BIN)/ruff check hiap_sim tests benchmarks
	$(BIN)/lint-imports

# Rewrite the parameter table of docs/ODD.md from the scenario schema (tests/test_docs.py fails when it is stale).
odd: setup
	$(BIN)/python -m hiap_sim.scenario.docs --odd docs/ODD.md

bench: setup
	$(BIN)/python benchmarks/bench_run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Two commands on a fresh machine: `make run` (set up and run the bot), `make test` (set up and run the tests).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The suite spends most of its time waiting on sockets, not on the CPU, so it runs on more workers
# than cores; each worker makes a database of its own (`TEST_WORKERS=0` runs it in one process).
TEST_WORKERS ?= 4
PYTEST := $(PY) -m pytest -q -n $(TEST_WORKERS)

.PHONY: run test test-postgres bench lint typecheck messages clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

run: $(VENV)/.installed
	$(PY) app.py

test: $(VENV)/.installed
	$(PYTEST)

# The same suite against PostgreSQL: it creates a database of its own and drops it afterwards.
test-postgres: $(VENV)/.installed
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} $(PYTEST)

bench: $(VENV)/.installed
	$(PY) -m pytest tests/bench -q -s -o addopts="-p no:cacheprovider"

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

# After changing user-facing text: re-extract, merge into every catalogue, then translate what is new.
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --project=thinktank \
	  --copyright-holder="Think Tank contributors" -o locales/messages.pot .
	$(VENV)/bin/pybabel update --ignore-obsolete -i locales/messages.pot -d locales
	$(PY) -m bot.core.i18n_english

clean:
	rm -rf $(VENV) *.egg-info

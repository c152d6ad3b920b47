# Cocrea: `make run` serves a workshop on this laptop; `make test` runs every test.
# Both start with `make setup`, which installs only what changed since last time.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
CHROMIUM ?= /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.DEFAULT_GOAL := help
.PHONY: help setup run test test-fast lint format messages bench clean

help: ## Show the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: $(VENV)/.installed node_modules/.installed catalogs $(CHROMIUM) ## Install everything (idempotent)

run: setup ## Migrate and serve on http://127.0.0.1:5000 (SQLite under instance/)
	$(PY) run.py

test: setup ## Run every test (browser tests in headless Chromium)
	$(PY) -m pytest

test-fast: setup ## Run the tests without the browser
	$(PY) -m pytest -m "not browser"

lint: setup ## Check style with ruff
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: setup ## Format with ruff
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

bench: setup ## Run the vote-storm benchmark (500 phones)
	$(PY) bench/vote_storm.py

messages: setup ## Extract UI strings and update the es/en catalogs
	$(VENV)/bin/pybabel extract -w 100 -F babel.cfg -k _l -k N_ -o workshop/translations/messages.pot .
	$(VENV)/bin/pybabel update -w 100 -i workshop/translations/messages.pot -d workshop/translations

clean: ## Remove installed dependencies (keeps instance/ and its workshops)
	rm -rf $(VENV) node_modules

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Cocrea needs Python 3.11 or newer"; exit 1; }
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: catalogs
catalogs: $(VENV)/.installed
	@$(VENV)/bin/pybabel -q compile -d workshop/translations

# The browser tests drive the system Chromium; Playwright never downloads a browser here.
$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "Install Chromium and set CHROMIUM=/path/to/it"; exit 1; }
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core

# wagtail-kindness: every set-up and check is a make target.
#   make run   - create .venv, install, start the main job
#   make test  - create/update .venv with the dev dependencies, run everything
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV ?= .venv
BIN := $(VENV)/bin
# .venv is the high end of the support matrix: made with the newest Python found
# (3.13, else 3.12, else 3.11); .venv-low, the low end, is below (.ci/matrix).
PYTHON_FOR_VENV := $(shell .ci/matrix python high)
STAMP := $(VENV)/.installed
NODE_STAMP := tests/js/node_modules/.installed

.PHONY: run run-i18n test lint format pytest docs migrations clean venv screenshots
.PHONY: typecheck test-low test-postgres wheel-smoke messages bench loadtest test-load
.PHONY: lighthouse loadtest-cache

$(BIN)/python:
	@test -n "$(PYTHON_FOR_VENV)" || { echo "make: no Python 3.11 or newer found; install one" >&2; exit 1; }
	$(PYTHON_FOR_VENV) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[wagtail,dev,docs,example]'
	touch $@

venv: $(STAMP)

$(NODE_STAMP): tests/js/package.json
	cd tests/js && npm install --no-audit --no-fund --silent
	touch $@

# The example site with the real archive: migrate, load the demo (idempotent), serve.
# No admin account is made: the command to make one is printed.
run: $(STAMP)
	$(BIN)/python example_site/manage.py migrate --no-input
	$(BIN)/python example_site/manage.py load_demo
	@echo
	@echo "To edit in /admin/, create your own account first:"
	@echo "    $(BIN)/python example_site/manage.py createsuperuser"
	@echo
	$(BIN)/python example_site/manage.py runserver 127.0.0.1:8000

# The example site in English and French (example_site/settings/i18n.py, its own
# database example_site/db-i18n.sqlite3): the demo, with its home page, series and
# conversations translated into French (load_demo --translate fr, idempotent).
# English at /, French at /fr/ (docs/howto/multilingual.md).
I18N_MANAGE := DJANGO_SETTINGS_MODULE=example_site.settings.i18n $(BIN)/python example_site/manage.py
run-i18n: $(STAMP)
	$(I18N_MANAGE) migrate --no-input
	$(I18N_MANAGE) load_demo --translate fr
	@echo
	@echo "To edit in /admin/, create your own account first:"
	@echo "    $(I18N_MANAGE) createsuperuser"
	@echo
	$(I18N_MANAGE) runserver 127.0.0.1:8000

# Screenshots of the demo (phone and desktop) for the README and the docs.
screenshots: $(STAMP)
	$(BIN)/python example_site/screenshots.py --out docs/_static/screenshots

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The browser tests run in their own process: Playwright's event loop would
# otherwise make Django refuse database calls in the tests that follow.
# tests/i18n runs under its own settings (tests/settings_i18n.py: Wagtail's i18n on,
# English, French and Spanish, i18n_patterns), in a second pass.
I18N_PYTEST := pytest tests/i18n --ds=tests.settings_i18n -m "not browser"
pytest: $(STAMP) $(NODE_STAMP)
	$(BIN)/pytest tests -m "not browser and not load"
	$(BIN)/$(I18N_PYTEST)
	$(BIN)/pytest tests/site -m browser

# The example site under gunicorn on 127.0.0.1: 32 readers for 30 s while pages are
# published and unpublished; no 5xx, and the archive then matches the database
# (example_site/loadcheck.py).  On PostgreSQL when DATABASE_URL names one.
test-load: $(STAMP)
	$(BIN)/pytest tests/site/test_site_load_edits.py -q -s -m load

# mypy --strict on kindness_core: the settings are [tool.mypy] in pyproject.toml.
typecheck: $(STAMP)
	$(BIN)/mypy

# Security checks: bandit on the code ([tool.bandit] in pyproject.toml; findings are
# accepted line by line with `# nosec BXXX`, reason and date), and pip-audit on the
# packages installed in $(VENV) through .ci/audit-deps (it asks PyPI: needs the
# network; ignored advisories, and the dated exception for machines that cannot
# reach PyPI's vulnerability data, are explained there).
.PHONY: security
security: $(STAMP)
	$(BIN)/bandit -c pyproject.toml -r kindness_core wagtail_kindness example_site -q
	$(BIN)/python .ci/audit-deps $(BIN)/pip-audit

docs: $(STAMP)
	$(BIN)/sphinx-build -W --keep-going -E -q -b html -d docs/_build/doctrees docs docs/_build/html

# Migrations are made on the lowest supported Wagtail (7.4 LTS, Django 5.2), and
# must be complete on both ends of the supported range.
LOW_VENV := .venv-low
DJANGO_TEST_ENV := DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=.

LOW_PINS := "wagtail>=7.4,<7.5" "django>=5.2,<5.3"

# The support matrix's low end (.ci/matrix): Django 5.2 and Wagtail 7.4 LTS on
# Python 3.11 when there is one, else on the oldest supported Python found (3.12,
# then 3.13), so that `make test` passes with any one supported Python; it says
# so at its start and end, and under CI=true it fails at its start instead.  The
# stamp names the Python: .venv-low is made again when that changes (e.g. once
# python3.11 is installed).
PY_XY := import sys; print("%d.%d" % sys.version_info[:2])
LOW_PYTHON := $(shell .ci/matrix python low 2>/dev/null)
LOW_PYTHON_VERSION := $(if $(LOW_PYTHON),$(shell $(LOW_PYTHON) -c '$(PY_XY)'))
LOW_STAMP := $(LOW_VENV)/.installed-python$(LOW_PYTHON_VERSION)

$(LOW_STAMP): pyproject.toml
	@test -n "$(LOW_PYTHON)" || { echo "test-low: no Python 3.11 or newer found; install one" >&2; exit 1; }
	@if [ -x $(LOW_VENV)/bin/python ] && \
	[ "$$($(LOW_VENV)/bin/python -c '$(PY_XY)' 2>&1)" != "$(LOW_PYTHON_VERSION)" ]; then \
	echo "rm -rf $(LOW_VENV)  # made with another Python than $(LOW_PYTHON)"; rm -rf $(LOW_VENV); fi
	$(LOW_PYTHON) -m venv $(LOW_VENV)
	$(LOW_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOW_VENV)/bin/python -m pip install --quiet $(LOW_PINS) -e '.[wagtail,dev]'
	rm -f $(LOW_VENV)/.installed*
	touch $@

# The low end's tests (the high end, Python 3.13 / Django 6.1 / Wagtail 8, is
# .venv and `make pytest`).  Browser checks are run once, on the high end.
test-low: matrix-plan-low $(LOW_STAMP)
	@$(LOW_VENV)/bin/python -c 'import sys, django, wagtail; \
	assert "%d.%d" % sys.version_info[:2] == "$(LOW_PYTHON_VERSION)", sys.version; \
	assert django.VERSION[:2] == (5, 2), django.__version__; \
	assert wagtail.VERSION[:2] == (7, 4), wagtail.__version__; \
	print(f"test-low: Python {sys.version.split()[0]}, Django {django.__version__}, Wagtail {wagtail.__version__}")'
	$(LOW_VENV)/bin/pytest tests/core tests/wagtail_kindness -q -m "not browser"
	$(LOW_VENV)/bin/$(I18N_PYTEST) -q

# The plugin's tests on the database that DATABASE_URL names (PostgreSQL);
# .ci/postgres run -- make test-postgres  makes a throw-away cluster for it.
test-postgres: $(STAMP)
	@case "$${DATABASE_URL:-}" in postgres*) ;; *) \
	echo "test-postgres: set DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/NAME," \
	"or run: .ci/postgres run -- make test-postgres" >&2; exit 2;; esac
	$(BIN)/pytest tests/wagtail_kindness -q -m "not browser"
	$(BIN)/$(I18N_PYTEST) -q
	$(BIN)/pytest tests/site/test_site_load_edits.py -q -s -m load

# Build the sdist and wheel, check them, and install the wheel into a new
# `wagtail start` site following docs/tutorial/add-to-your-site.md.
wheel-smoke: $(STAMP)
	PYTHON=$(BIN)/python .ci/wheel-smoke

# Update the plugin's message catalogues from the code and templates (needs GNU
# gettext), then compile the French one; translate new messages in
# wagtail_kindness/locale/fr/LC_MESSAGES/django.po and run it again.
# tests/wagtail_kindness/test_plugin_i18n.py checks both are up to date.
messages: $(STAMP)
	cd wagtail_kindness && ../$(BIN)/django-admin makemessages -l en -l fr --no-obsolete
	cd wagtail_kindness && ../$(BIN)/django-admin compilemessages -l fr

migrations: $(STAMP) $(LOW_STAMP)
	$(DJANGO_TEST_ENV) $(BIN)/python -m django makemigrations --check --dry-run
	$(DJANGO_TEST_ENV) $(LOW_VENV)/bin/python -m django makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=example_site.settings.test PYTHONPATH=. \
		$(BIN)/python -m django makemigrations --check --dry-run home

# Which Python each end of the support matrix uses (.ci/matrix plan: under
# CI=true it fails here, before any test, when python3.13 or python3.11 is
# missing).  `make test` ends with what each end ran (.ci/matrix report), and says
# plainly when an end did not run on its intended Python.
.PHONY: matrix-plan-high matrix-plan-low
matrix-plan-high:
	@.ci/matrix plan high
matrix-plan-low:
	@.ci/matrix plan low

test: matrix-plan-high matrix-plan-low lint typecheck security pytest test-load docs migrations test-low
	@.ci/matrix report high $(VENV) low $(LOW_VENV)

# Not part of `make test`: timings are for people (docs/performance.md).
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[wagtail,bench]'
	touch $@

# Median times and query counts at N = 20 … 10,000 conversations; the table is
# printed and written to benchmarks/results/latest.json.  BENCH_ARGS=--sizes 20,200
bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# The example site under gunicorn (2 workers) on 127.0.0.1, driven by wrk
# (Debian: apt-get install -y wrk) for DURATION (10s) per URL.
loadtest: $(BENCH_STAMP)
	PY=$(BIN)/python benchmarks/loadtest.sh

# The same site behind Varnish (benchmarks/varnish/kindness.vcl; Debian: apt-get
# install -y varnish wrk), Wagtail purging it on publish: requests/s through Varnish
# vs gunicorn alone, the hit ratio, and the time from a publish to the new content
# through Varnish; written to benchmarks/results/loadtest-cache.txt.
loadtest-cache: $(BENCH_STAMP)
	PY=$(BIN)/python benchmarks/loadtest_cache.sh

# Lighthouse (npm, pinned in benchmarks/lighthouse/package.json) on Debian's Chromium
# (CHROME_PATH, default /usr/bin/chromium): the home page, the archive and a
# conversation of the demo, under gunicorn with the production settings, as a phone
# and with --preset=desktop.  The scores are printed and written to
# benchmarks/results/lighthouse.txt; the JSON reports to benchmarks/lighthouse/reports/.
LIGHTHOUSE_STAMP := benchmarks/lighthouse/node_modules/.installed
$(LIGHTHOUSE_STAMP): benchmarks/lighthouse/package.json benchmarks/lighthouse/package-lock.json
	cd benchmarks/lighthouse && npm install --no-audit --no-fund --silent
	touch $@

lighthouse: $(BENCH_STAMP) $(LIGHTHOUSE_STAMP)
	$(BIN)/python -m benchmarks.lighthouse.run

clean:
	rm -rf $(VENV) $(LOW_VENV) tests/js/node_modules build dist *.egg-info docs/_build
	rm -rf benchmarks/lighthouse/node_modules benchmarks/lighthouse/reports

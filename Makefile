# wagtail-kindness: every set-up and check is a make target.
#   make run   - create .venv, install, start the main job
#   make test  - create/update .venv with the dev dependencies, run everything
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON_FOR_VENV := $(shell .ci/find-python)
STAMP := $(VENV)/.installed
NODE_STAMP := tests/js/node_modules/.installed

.PHONY: run test lint format pytest docs migrations clean venv

$(BIN)/python:
	$(PYTHON_FOR_VENV) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[wagtail,dev,docs]'
	touch $@

venv: $(STAMP)

$(NODE_STAMP): tests/js/package.json
	cd tests/js && npm install --no-audit --no-fund --silent
	touch $@

run: $(STAMP)
	$(BIN)/kindness next --count 6 --tz America/New_York --tz Asia/Kolkata

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

pytest: $(STAMP) $(NODE_STAMP)
	$(BIN)/pytest tests

docs: $(STAMP)
	$(BIN)/sphinx-build -W --keep-going -E -q -b html -d docs/_build/doctrees docs docs/_build/html

# Migrations are made on the lowest supported Wagtail (7.4 LTS, Django 5.2), and
# must be complete on both ends of the supported range.
LOW_VENV := .venv-low
LOW_STAMP := $(LOW_VENV)/.installed
DJANGO_TEST_ENV := DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=.

$(LOW_STAMP): pyproject.toml
	$$(.ci/find-python 3.11 || .ci/find-python) -m venv $(LOW_VENV)
	$(LOW_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOW_VENV)/bin/python -m pip install --quiet "wagtail>=7.4,<7.5" "django>=5.2,<5.3" -e .
	touch $@

migrations: $(STAMP) $(LOW_STAMP)
	$(DJANGO_TEST_ENV) $(BIN)/python -m django makemigrations --check --dry-run
	$(DJANGO_TEST_ENV) $(LOW_VENV)/bin/python -m django makemigrations --check --dry-run

test: lint pytest docs migrations

clean:
	rm -rf $(VENV) $(LOW_VENV) tests/js/node_modules build dist *.egg-info docs/_build

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

.PHONY: run test lint format pytest clean venv

$(BIN)/python:
	$(PYTHON_FOR_VENV) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[wagtail,dev]'
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

test: lint pytest

clean:
	rm -rf $(VENV) tests/js/node_modules build dist *.egg-info

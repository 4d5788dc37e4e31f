# Proviso: `make run` to serve the seeded site, `make test` to run the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
NAME ?= editor
# The lock names packages and hashes only: no index or mirror of the machine that made it.
LOCK_OPTIONS := --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

.DEFAULT_GOAL := help
.PHONY: help venv run test lint format seed editor lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

# The environment is rebuilt whenever the locked dependencies change; every package is
# installed from the lock, checked against its hashes.
$(BIN)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

venv: $(BIN)/.installed ## Create the virtual environment with the pinned dependencies

run: $(BIN)/.installed ## Migrate SQLite, load the seeds, serve http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_seeds
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(BIN)/.installed ## Lint, check types and migrations, and run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(BIN)/.installed ## ruff lint and format check, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(BIN)/.installed ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

seed: $(BIN)/.installed ## Migrate and load the seed data into the configured database
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_seeds

editor: $(BIN)/.installed ## Create an editor account: make editor NAME=ada (asks for a password)
	$(BIN)/python manage.py create_editor $(NAME)

lock: $(BIN)/.installed ## Lock pyproject.toml's dependencies with hashes: requirements.txt, requirements-dev.txt
	$(BIN)/pip-compile $(LOCK_OPTIONS) --output-file requirements.txt pyproject.toml
	$(BIN)/pip-compile $(LOCK_OPTIONS) --extra dev --output-file requirements-dev.txt pyproject.toml

clean: ## Remove the virtual environment and the local SQLite database
	rm -rf $(VENV) db.sqlite3

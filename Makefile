# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po locale_allauth/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
PYTEST_WORKERS ?= auto

.PHONY: run test lint format messages translations clean-venv

run: $(RUN_STAMP) $(MO_FILES)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_data
	$(BIN)/python manage.py serve

test: $(TEST_STAMP) $(MO_FILES)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(TEST_STAMP) $(MO_FILES)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check_translations

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the French catalogue from the code (then translate what is new).
messages: $(TEST_STAMP)
	$(BIN)/python manage.py makemessages -l fr --no-obsolete --no-location \
		--ignore='var/*' --ignore='e2e/*' --ignore='bench/*' --ignore='tests/*' --ignore='*/tests/*'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,dev]'
	touch $@ $(RUN_STAMP)

# Compiled catalogues are generated, not committed; polib needs no system gettext.
%.mo: %.po $(RUN_STAMP)
	$(BIN)/python manage.py compile_translations

clean-venv:
	rm -rf $(VENV)

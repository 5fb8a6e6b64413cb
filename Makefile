# Two commands on a fresh clone: `make run` and `make test`. Both start with `make setup`,
# which only redoes a step when its inputs changed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: setup run test lint format worker beat messages

setup: $(VENV)/.installed node_modules/.installed locale/.compiled

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

locale/.compiled: $(VENV)/.installed $(wildcard locale/*/LC_MESSAGES/django.po)
	$(VENV)/bin/pybabel compile --domain django --directory locale --use-fuzzy --statistics
	touch $@

run: setup
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_reference
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:8000

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# One pytest worker per core (pytest-xdist); each worker has its own test database.
test: setup lint
	$(VENV)/bin/pytest -n auto $(PYTEST_ARGS)

worker: setup
	$(VENV)/bin/celery -A config worker --loglevel=info

beat: setup
	$(VENV)/bin/celery -A config beat --loglevel=info

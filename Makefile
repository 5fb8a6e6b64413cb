# Two commands on a fresh clone: `make run` and `make test`. Both start with `make setup`,
# which only redoes a step when its inputs changed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Every Python package, pinned with its hashes; `make lock` writes it from pyproject.toml.
LOCK := requirements.lock

.PHONY: setup lock run test lint format worker beat messages

setup: $(VENV)/.installed node_modules/.installed locale/.compiled

# The venv's own pip installs only what the lock names, each file checked against its hash; the project
# itself goes in without dependencies. pip check fails when the dependencies in pyproject.toml want what the
# lock lacks (tests/core/test_readme.py checks the dev extra too).
$(VENV)/.installed: $(LOCK) pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check || { echo "$(LOCK) does not match pyproject.toml: run make lock"; exit 1; }
	touch $@

# Resolves pyproject.toml with its dev extra for every platform and Python >= 3.11 (uv's --universal),
# keeping the pins already in the lock; LOCK_ARGS=--upgrade moves every pin to the newest release.
# uv comes from the lock itself, so this works while the lock is behind pyproject.toml.
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --generate-hashes \
		--custom-compile-command "make lock" --quiet --output-file $(LOCK) $(LOCK_ARGS)

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

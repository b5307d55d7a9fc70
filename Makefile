# Total Accès — the two commands: `make run` and `make test`.
# Both work on a fresh Debian machine (as root, or with sudo) and are idempotent.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := .venv
PY          := $(VENV)/bin/python
STAMP       := $(VENV)/.installed
HOST        ?= 127.0.0.1
PORT        ?= 8000
# Debian packages the service and the suite need: speech (espeak-ng, sox), audio I/O (libportaudio2),
# Kivy headless (libmtdev1, GL, Xvfb), the browser suite (chromium, npm), load tests (wrk),
# and PostgreSQL 15 for the second database run. Node.js and npm are installed from Debian only when
# no `npm` command exists: machines with another Node.js build (which bundles npm) keep theirs.
APT_PACKAGES := espeak-ng sox libportaudio2 libmtdev1 libgl1 libegl1 xvfb chromium wrk \
                postgresql-15
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

export KIVY_NO_ARGS := 1
export KIVY_NO_CONSOLELOG := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help run test system-deps venv node-deps lint lock bench datasets clean

help:
	@echo "make run   - install what is missing, import the bundled data, serve on http://$(HOST):$(PORT)"
	@echo "make test  - install what is missing, run the whole suite (SQLite, PostgreSQL, browser, Kivy, voice)"
	@echo "make lint  - ruff check"
	@echo "make lock  - re-resolve requirements.lock (pinned versions with hashes) from pyproject.toml"
	@echo "make bench - run the benchmarks in bench/ (not part of make test)"

# apt-get only for the packages that are missing: a second run costs a few dpkg queries.
system-deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# Every Python package comes from requirements.lock, pinned with its hashes (pip refuses anything
# else); the project itself is then installed in editable mode without resolving anything more.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	@touch $(STAMP)

venv: $(STAMP)

# Re-resolve requirements.lock from pyproject.toml (and requirements-build.in), with hashes.
# Run it after changing a dependency, then `make test`, and commit both files.
UV_VERSION := 0.13.9
lock: venv
	$(PY) -m pip install -q "uv==$(UV_VERSION)"
	$(VENV)/bin/uv pip compile pyproject.toml requirements-build.in --extra test \
	  --python-version 3.11 --python-platform linux --generate-hashes \
	  --custom-compile-command "make lock" -o requirements.lock
	$(PY) -m pip uninstall -q -y uv

a11y_tests/node_modules/.installed: a11y_tests/package.json
	cd a11y_tests && npm install --no-audit --no-fund --silent
	@touch $@

node-deps: a11y_tests/node_modules/.installed

# Plain HTTP on the loopback: the session cookie cannot carry the Secure flag there.
run: system-deps venv
	$(PY) -m totalacces import --if-empty
	@if [ -n "$(DEMO)" ]; then $(PY) -m totalacces demo; fi
	TOTALACCES_COOKIE_SECURE=$${TOTALACCES_COOKIE_SECURE:-false} \
	  $(PY) -m totalacces serve --host $(HOST) --port $(PORT)

# One pytest worker per core (pytest-xdist): each has its own servers, PostgreSQL cluster and
# databases; `make test TEST_WORKERS=0` runs everything in one process.
TEST_WORKERS ?= auto

test: system-deps venv node-deps
	$(PY) -m ruff check .
	$(PY) -m pytest -p no:cacheprovider -n $(TEST_WORKERS)

lint: venv
	$(PY) -m ruff check .

bench: system-deps venv
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

# Re-derive the bundled datasets from ../shared/data/raw (only needed when the raw data changes).
datasets: venv
	$(PY) scripts/build_gazetteer.py
	$(PY) scripts/build_backend_data.py
	$(PY) scripts/build_voice_vocab.py

clean:
	rm -rf $(VENV) a11y_tests/node_modules var .pytest_cache

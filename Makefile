# 委员议事 — the two commands a person needs are `make run` and `make test` (see README.md).

SHELL := /bin/bash
.DEFAULT_GOAL := setup

VENV := .venv
PYTHON := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST_ARGS ?=
# make lock LOCK_ARGS="--upgrade-package django": what to upgrade; without it every pin stays.
LOCK_ARGS ?=

# Debian packages: Chromium for the browser tests, CJK fonts and the HarfBuzz subsetter for
# WeasyPrint (Chinese PDFs are about ten times slower without it), Pango for WeasyPrint,
# poppler-utils to read PDFs back in tests, gettext to compile the translations.
# fonts-lxgw-wenkai is the open 楷体 face of the official documents (documents/pdf/gbt9704.css).
APT_PACKAGES := chromium fonts-noto-cjk fonts-lxgw-wenkai libharfbuzz-subset0 libpango-1.0-0 \
	libpangoft2-1.0-0 poppler-utils gettext

.PHONY: setup system-deps node-deps run lint test test-fast lock

$(PYTHON):
	python3 -m venv $(VENV)

## setup: create .venv if missing, install the locked requirements with the test and lint tools
## (requirements-dev.lock; the Docker image installs requirements.lock only) and the npm packages,
## copy ECharts into static/vendor/ (the site serves it itself: no CDN on an intranet), compile
## the translations
setup: $(PYTHON) node-deps
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.lock
	@if [ -f node_modules/echarts/dist/echarts.min.js ]; then \
		install -D -m 644 node_modules/echarts/dist/echarts.min.js static/vendor/echarts.min.js; \
	else \
		echo "node_modules/echarts is missing, so the dashboard shows its tables without charts." >&2; \
	fi
	@if find locale -name '*.po' 2>/dev/null | grep -q .; then \
		if command -v msgfmt >/dev/null; then \
			$(PYTHON) manage.py compilemessages --ignore=.venv; \
		else \
			echo "gettext is missing, so the translations are not compiled; run 'make system-deps' as root." >&2; \
		fi; \
	fi

## system-deps: install with apt-get only the Debian packages that are missing
system-deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' "$$package" 2>/dev/null | grep -q "install ok installed" \
			|| missing="$$missing $$package"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then \
		echo "Missing system packages:$$missing" >&2; \
		echo "Install them as root: apt-get update && apt-get install -y$$missing" >&2; \
		exit 0; \
	fi; \
	echo "Installing:$$missing"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing

## node-deps: install the npm packages (ECharts for the dashboard, axe-core for the browser tests)
## when the lock changed or one is missing
node-deps:
	@if [ -f package-lock.json ] && { [ ! node_modules/.package-lock.json -nt package-lock.json ] \
			|| [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/echarts/dist/echarts.min.js ]; }; then \
		if command -v npm >/dev/null; then \
			npm ci --no-audit --no-fund --loglevel=error; \
		else \
			echo "npm is missing: the dashboard has no charts and the accessibility tests cannot load axe-core; install nodejs and npm." >&2; \
		fi; \
	fi

## run: set up, migrate, load the demo data and serve http://127.0.0.1:8000 (SQLite, eager tasks)
run: export DJANGO_SETTINGS_MODULE := config.settings.local
run: setup
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py seed_demo
	$(PYTHON) manage.py runserver 127.0.0.1:8000

## lint: the gate before the tests: ruff's rules and format, the apps' layers (import-linter), no
## model change without its migration,
## no message of the source missing, untranslated or fuzzy in locale/ (bin/check_translations.py)
lint: export DJANGO_SETTINGS_MODULE := config.settings.test
lint: system-deps setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PYTHON) manage.py makemigrations --check --dry-run
	$(PYTHON) bin/check_translations.py

## test: install what is missing, lint, and run the whole suite on 2 workers (PYTEST_ARGS passes through)
test: export DJANGO_SETTINGS_MODULE := config.settings.test
test: system-deps setup node-deps lint
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

## test-fast: lint, then the suite without the browser tests, the slow ones and the Celery worker
test-fast: export DJANGO_SETTINGS_MODULE := config.settings.test
test-fast: system-deps setup lint
	$(VENV)/bin/pytest -n 2 -m "not slow and not worker" $(PYTEST_ARGS)

## lock: regenerate requirements-dev.lock (runtime + the dev extra) and requirements.lock (runtime
## only, pinned to the same versions) from pyproject.toml with uv (installed into .venv). uv keeps
## the versions already in each file; LOCK_ARGS="--upgrade-package NAME" or "--upgrade" moves them.
lock: $(PYTHON)
	$(PIP) install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip compile pyproject.toml --quiet --extra dev -o requirements-dev.lock \
		--python-version 3.11 $(LOCK_ARGS)
	$(VENV)/bin/uv pip compile pyproject.toml --quiet -o requirements.lock \
		--python-version 3.11 -c requirements-dev.lock

# Us Together: every target sets up what it needs on a fresh machine.
#   make demo   - the site with demo data at http://127.0.0.1:8000
#   make test   - lint, types, security, unit tests (PostgreSQL and SQLite), browser tests
#   make bench  - benchmarks, one JSON line per figure
#   make production - as in production: gunicorn, the task worker, PostgreSQL
#                     (docs/production.md; PORT=8040 to use another port)
# Real components: Python 3.11+ (python3), Node.js and npm (GOV.UK Frontend, Sass,
# axe-core), Debian's Chromium (browser tests), PostgreSQL on 127.0.0.1:5432 when
# present (tests run there too; production needs it), and in production: gunicorn,
# a task worker (`make worker`) and Redis (CACHE_URL, default redis://127.0.0.1:6379/0),
# the cache every app server shares for sign-in and invitation limits. Without
# PRODUCTION the cache is a table in the database, so the demo needs no Redis;
# tests use Redis when it answers.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := ustogether.settings

.PHONY: demo serve install install-test assets static production chromium migrate seed test \
        lint typecheck security check-deploy test-unit test-sqlite test-postgres test-e2e bench worker clean mutation

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/assets/.built: node_modules/.installed bin/build-assets bin/openmoji-subset.py $(wildcard assets/scss/*.scss assets/js/*.js)
	bin/build-assets
	touch $@

# The pictures' meaning vectors, made once from the shipped pictures (kept out of
# the static files: only the search reads them).
build/openmoji-vectors.npz: build/assets/.built ustogether/plainlanguage/picture_meaning.py $(VENV)/.installed
	$(BIN)/python -m ustogether.plainlanguage.picture_meaning build/assets/openmoji/index.json $@

assets: build/assets/.built build/openmoji-vectors.npz

# The static files as production serves them (hashed names, compressed), made with
# the production settings, so a build that would fail in production fails here.
# collectstatic signs nothing, so a throwaway key is enough for it.
static: install assets
	PRODUCTION=1 DEBUG=0 ALLOWED_HOSTS=localhost \
	  SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	  $(BIN)/python manage.py collectstatic --noinput --clear --verbosity 0
	@echo "Static files collected with the production settings into build/staticfiles."

production: install assets
	HOST=$(HOST) PORT=$(PORT) bin/run-production

chromium:
	@test -x $(CHROMIUM) || { echo "Installing Chromium from Debian for the browser tests"; \
	  apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

migrate: install
	@mkdir -p var
	$(BIN)/python manage.py migrate --verbosity 0

seed: migrate
	$(BIN)/python manage.py seed_demo

demo: install assets seed
	@echo
	@echo "Us Together is at http://$(HOST):$(PORT)/ (press Ctrl+C to stop)."
	@$(BIN)/python manage.py demo_accounts
	MFA_DEMO_CODE=$${MFA_DEMO_CODE:-123456} $(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: install
	$(BIN)/python manage.py db_worker

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check . || { echo "Run: .venv/bin/ruff format ."; exit 1; }

typecheck: install-test
	$(BIN)/mypy ustogether

# Static analysis (docs/gates.md): bandit finds no medium or high problem outside the
# tests (a wrong finding gets `# nosec <id>` with the reason), and our own semgrep rules
# (.semgrep/ustogether.yml) find nothing in ustogether/ and catch every example in
# .semgrep/examples/, so each rule is seen to fail on purpose every run.
security: install-test
	$(BIN)/bandit -r ustogether -x '*/tests/*,*/migrations/*' --severity-level medium -q \
	  -f custom --msg-template "{relpath}:{line}: bandit {test_id} ({severity}) {msg}"
	$(BIN)/python bin/check-semgrep

# Django's deployment checks, with the settings a production site would have.
check-deploy: install assets
	PRODUCTION=1 DEBUG=0 ALLOWED_HOSTS=ustogether.example.org \
	  SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

# The tests whose outcome can depend on the database engine, run on SQLite as well
# as PostgreSQL: the demo data (the demo runs on SQLite), query counts, the data
# download and erasure, the append-only audit log, backups, and sums and medians.
SQLITE_TOO := ustogether/projects/tests/test_seed_demo.py \
  $(wildcard ustogether/*/tests/test_query_counts*.py) \
  $(wildcard ustogether/*/tests/test_personal_data.py) \
  ustogether/core/tests/test_backup.py ustogether/core/tests/test_audit_log.py \
  ustogether/people/tests/test_erasure.py ustogether/payments/tests/test_measures.py \
  $(wildcard ustogether/quality/tests/test_rules*.py)

# Every test once, on PostgreSQL (what production runs) when one answers, then the
# engine-dependent ones again on SQLite. With no PostgreSQL, every test on SQLite,
# and the output says the PostgreSQL run was SKIPPED.
test-unit: install-test assets
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3)" 2>/dev/null; then \
	  echo "== PostgreSQL answers on 127.0.0.1:5432: every test there, then the engine-dependent ones on SQLite =="; \
	  DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not e2e" -n 2 -q --every-url-reached && \
	  $(BIN)/pytest -m "not e2e" -n 2 -q $(SQLITE_TOO); \
	else \
	  echo "== SKIPPED: no PostgreSQL on 127.0.0.1:5432, so every test runs on SQLite only =="; \
	  $(BIN)/pytest -m "not e2e" -n 2 -q --every-url-reached; \
	fi

# Every test on one engine (slower; `make test` runs test-unit).
test-sqlite: install-test assets
	$(BIN)/pytest -m "not e2e" -n 2 -q --every-url-reached

test-postgres: install-test assets
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not e2e" -n 2 -q --every-url-reached

test-e2e: install-test assets chromium
	CHROMIUM=$(CHROMIUM) $(BIN)/pytest e2e -m e2e -q

test: lint typecheck security check-deploy static test-unit test-e2e

# Mutation testing of the code that guards people and their data (bin/mutation.py):
# prints the share of one-line changes the tests catch, per file, and each survivor.
# Slow (tens of minutes), so not part of `make test`. ONLY=path-part limits it.
mutation: install-test assets
	$(BIN)/python bin/mutation.py $(if $(ONLY),--only $(ONLY))

bench: install assets
	@for script in bench/[!_]*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf build var/ustogether.sqlite3

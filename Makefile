# Two commands matter: `make run` (set up, migrate, load the demo, serve with a task consumer)
# and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000
DEV_ENV := CONSULT_ENV=development CONSULT_DEMO=1 PUBLIC_URL=http://127.0.0.1:$(PORT)
MO := consult/translations/nl/LC_MESSAGES/messages.mo
PO := consult/translations/nl/LC_MESSAGES/messages.po

.PHONY: run test setup test-sqlite test-postgres translations lint bench clean

run: setup
	$(DEV_ENV) $(FLASK) db upgrade
	$(DEV_ENV) $(FLASK) demo load --if-empty
	$(DEV_ENV) $(FLASK) demo logins
	@echo "Serving on http://127.0.0.1:$(PORT), with a task consumer for letter batches  (stop with Ctrl+C)"
	@$(DEV_ENV) $(BIN)/huey_consumer wsgi.huey --workers 1 --max-delay 2 --quiet & consumer=$$!; \
	  trap 'kill $$consumer 2>/dev/null' EXIT INT TERM; \
	  $(DEV_ENV) $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: setup test-sqlite test-postgres

test-sqlite: setup
	$(BIN)/pytest

# The same suite on PostgreSQL when TEST_POSTGRES_URL points to a server (.ci/run starts one).
test-postgres: setup
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "== PostgreSQL run: $$TEST_POSTGRES_URL"; \
		TEST_DATABASE_URL="$$TEST_POSTGRES_URL" $(BIN)/pytest; \
	elif [ -n "$$CI" ]; then \
		echo "CI must set TEST_POSTGRES_URL: the PostgreSQL run may not be skipped"; exit 1; \
	else \
		echo "== PostgreSQL run skipped: set TEST_POSTGRES_URL=postgresql+psycopg://user:pass@host/db"; \
	fi

setup: $(VENV)/.installed $(MO)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

$(MO): $(PO) $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d consult/translations

# Re-extract the interface texts and merge them into the Dutch catalogue.
translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		-o consult/translations/messages.pot .
	$(BIN)/pybabel update -i consult/translations/messages.pot -d consult/translations \
		--ignore-obsolete --no-fuzzy-matching

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python -m bench.household_import

clean:
	rm -rf $(VENV) .pytest_cache

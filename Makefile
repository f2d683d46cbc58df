# Two commands: `make run` (try it) and `make test` (prove it). See README.md.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ipas
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint bench drills messages check-deploy clean simulate simulate-before screens

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $$(scripts/python.sh) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test,dev]"
	@touch $(STAMP)

install: $(STAMP)

# Local try-out: SQLite under var/ unless DATABASE_URL is set; DEBUG on.
run: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_guide
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py demo_users
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The whole suite against PostgreSQL (DATABASE_URL overrides the default).
test: $(STAMP)
	@DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)}; \
	if ! $(BIN)/python scripts/db_ready.py "$$DATABASE_URL"; then \
	  echo "No PostgreSQL answers at $$DATABASE_URL."; \
	  echo "Start it:   pg_ctlcluster --skip-systemctl-redirect \$$(ls /etc/postgresql) main start"; \
	  echo "or install: sudo apt-get install postgresql   (or run: bash scripts/ensure-postgres.sh)"; \
	  exit 1; fi
	@scripts/ensure-chromium.sh
	@scripts/ensure-redis.sh
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

# Screenshots of the main pages at 390 px and desktop width into docs/screens/.
screens: $(STAMP)
	@scripts/ensure-chromium.sh
	IPAS_SCREENS=docs/screens DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	  $(BIN)/python -m pytest -p no:cacheprovider -q tests/browser/test_screens.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

messages: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py makemessages -l zh_Hant --no-obsolete -i ".venv/*" -i "var/*" -i "bench/*"
	DEBUG=1 $(BIN)/python manage.py compilemessages -i ".venv"

# Fault drills: kill -9 of gunicorn, two tabs, double submit, and the PostgreSQL restart
# (marked `drill`, excluded from `make test`: it restarts the machine's cluster, cutting
# every connection on it, so run it when nothing else uses that PostgreSQL).
drills: $(STAMP)
	@bash scripts/ensure-postgres.sh
	@scripts/ensure-chromium.sh
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python -m pytest -p no:cacheprovider \
	  -m "drill or not drill" tests/test_drills.py tests/test_drill_postgres.py $(PYTEST_ARGS)

# Load benchmark of the production stack (docs/benchmarks.md); ~6 min, 2.5M-row scale step
# included. BENCH_ARGS="--quick --no-scale" for a 3-minute smoke run.
bench: $(STAMP)
	@scripts/ensure-postgres.sh
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# The learning simulation of docs/learning.md (200 simulated learners through the app's
# services, in a throwaway test database; not part of `make test`). SIM_ARGS="--learners 20".
simulate: $(STAMP)
	@bash scripts/ensure-postgres.sh
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python -m sim.learning $(SIM_ARGS)

# The same simulation against the code before issue 16 (a git worktree; docs/learning.md).
simulate-before: $(STAMP)
	@bash scripts/ensure-postgres.sh
	bash scripts/simulate-before.sh $(SIM_ARGS)

check-deploy: $(STAMP)
	SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=example.org \
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf var/ .pytest_cache

# Sinergi: two commands on a fresh machine with Python 3.11+ and make.
#   make run   - set up, migrate, seed the demo and serve http://localhost:8000
#   make test  - set up, then the whole test suite
#   make bench - set up, then the benchmarks (figures go to BENCHMARKS.md)
# Without DATABASE_URL an embedded PostgreSQL (pgserver) runs from .pgdata/.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: test-citus run test bench setup axe shots migrate seed lint format messages clean-db audit siasn-fake

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

# axe-core (pinned in package-lock.json) for the crawl test's accessibility checks;
# the crawl skips those checks when node_modules/axe-core is missing. Needs npm.
axe: node_modules/axe-core/axe.min.js

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# A screenshot of every page every demo role reaches (phone and desktop) in var/shots/.
shots: setup
	SHOTS=1 $(PY) -m pytest -p no:xdist -q tests/journeys/test_crawl.py $(PYTEST_ARGS)

migrate: setup
	DJANGO_SETTINGS_MODULE=config.settings.local $(PY) manage.py migrate_cities

seed: migrate
	DJANGO_SETTINGS_MODULE=config.settings.local $(PY) manage.py seed_demo

run: seed
	DJANGO_SETTINGS_MODULE=config.settings.local $(PY) manage.py runserver 0.0.0.0:$(PORT)

siasn-fake: setup  # a local fake BKN SIASN for the demo city (see docs/siasn.md)
	DJANGO_SETTINGS_MODULE=config.settings.local $(PY) manage.py siasn_fake --city surabaya --port 8117

test: setup
	$(PY) -m pytest -n 2 -q $(PYTEST_ARGS)

# The `citus` subset (tests/citus/subset.py) on a local Citus cluster
# (platform/citus/README.md); skipped, with the reason, when no coordinator answers.
CITUS_DATABASE_URL ?= postgres://postgres@127.0.0.1:9700/sinergi_citus
CITUS_HOSTPORT = $(shell echo '$(CITUS_DATABASE_URL)' | sed -E 's|^[a-z]+://([^@/]*@)?([^:/]+):?([0-9]*)/.*|\2 \3|')
test-citus: setup
	@set -- $(CITUS_HOSTPORT); \
	if ! pg_isready -q -h "$$1" -p "$${2:-5432}"; then \
		echo "test-citus skipped: no Citus coordinator at $$1:$${2:-5432} (start one with platform/citus/build_cluster.sh init, see platform/citus/README.md)"; \
		exit 0; \
	fi; \
	if [ "$$1:$${2}" = "127.0.0.1:9700" ]; then \
		platform/citus/build_cluster.sh createdb test_$(notdir $(CITUS_DATABASE_URL)) >/dev/null 2>&1; \
	fi; \
	DATABASE_URL=$(CITUS_DATABASE_URL) $(PY) -m pytest -p no:xdist -q --reuse-db -m citus $(PYTEST_ARGS)

bench: setup
	$(PY) -m bench $(BENCH_ARGS)

# mypy's Django plugin loads the settings: a placeholder DATABASE_URL keeps them from
# starting the embedded server (mypy never connects). xenon: no function above rank C.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DATABASE_URL=postgres://localhost/typecheck $(VENV)/bin/mypy
	$(VENV)/bin/xenon --max-absolute C --exclude "*/migrations/*" core tenants catalog onboarding billing config incidents partnerships

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Known vulnerabilities in the pinned dependencies (pip-audit); skipped, with the reason
# printed, where the advisory service cannot be reached.
audit: setup
	$(PY) -m config.audit

# Recompile every translation catalogue (needs GNU gettext; the .mo files are committed).
messages: setup
	$(PY) manage.py compilemessages --ignore=.venv

# Stop and delete the embedded PostgreSQL data (the next run starts from scratch).
clean-db: setup
	-$(PY) -c "import pgserver; pgserver.get_server('.pgdata', cleanup_mode=None).cleanup()"
	rm -rf .pgdata

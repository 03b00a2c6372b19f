# Two entry points do all the set-up: `make serve` and `make test`.
# Each installs only what is missing (a stamp per step), then runs.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PY_STAMP  := $(VENV)/.installed
WEB_STAMP := web/node_modules/.installed
WEB_BUILD := web/dist/.vite/manifest.json
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/vite.config.mjs
CHROMIUM  ?= /usr/bin/chromium

.PHONY: install serve test lint typecheck schema audit bench bench-all loadgen browser linked-data-tools clean

$(PY_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The planners' pages: built by Vite from web/src with the packages of the lock file (web/dist, not committed).
$(WEB_BUILD): $(WEB_STAMP) $(WEB_SOURCES)
	cd web && npm run --silent build

# Debian's chromium for the browser tests; never a browser download.
browser:
	@test -x $(CHROMIUM) || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v rapper >/dev/null || { \
	  echo "installing Debian's raptor2-utils (rapper) for the Linked Data tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq raptor2-utils >/dev/null; }

# Debian's RDF parsers (Raptor's rapper, serd's serdi) and Apache's binary with mod_rewrite, for the
# tests that read the service with clients it did not write and run the w3id.org rules (publish/w3id/).
# apache2-bin only: the binary and its modules, no service started.
LINKED_DATA_TOOLS := /usr/bin/rapper /usr/bin/serdi /usr/sbin/apache2
linked-data-tools:
	@for tool in $(LINKED_DATA_TOOLS); do test -x $$tool || missing=1; done; \
	test -z "$$missing" || { \
	  echo "installing Debian's raptor2-utils, serdi and apache2-bin for the Linked Data tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq raptor2-utils serdi apache2-bin >/dev/null; }

install: $(PY_STAMP) $(WEB_STAMP) $(WEB_BUILD)

serve: install
	$(BIN)/stratagraph serve $(SERVE_ARGS)

lint: $(PY_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(PY_STAMP)
	$(BIN)/mypy

test: install browser linked-data-tools lint typecheck
	$(BIN)/pytest

# Hostile requests and files against a real server, each with the clear answer it must get
# (make test runs the same audit without its slowest file).
audit: install
	$(BIN)/python -m audit

schema: $(PY_STAMP)
	$(BIN)/stratagraph schema > schema.graphql

# Debian's wrk drives the HTTP load of `make bench` when it can be installed;
# without it the benchmark falls back to its own Python load generator.
loadgen:
	@command -v wrk >/dev/null || { \
	  echo "installing Debian's wrk for the HTTP benchmark"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; } || \
	  echo "wrk is not available: the benchmark uses its Python load generator"; }

# One table: every figure beside its reference (BENCH_ARGS="--quick" or "--sizes 1000 10000" to shorten).
bench: install loadgen
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Every benchmark script with its defaults (bench.run, bench.analysis, bench.export, ...).
bench-all: install loadgen
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) web/node_modules web/dist .mypy_cache .ruff_cache .pytest_cache

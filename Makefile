# Two commands set everything up on a fresh machine:
#   make run    start the app on the bundled Aleppo data (http://localhost:8501)
#   make test   run the whole test suite (lint, engine, data, app, real browser)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501

.PHONY: run serve test setup browser lint bench clean

setup: $(STAMP) static/vendor/leaflet/leaflet.js

# ESLint for the map's JavaScript (aleppo_map/web/), from the npm registry, pinned by the lock.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Leaflet comes from the xstatic-leaflet package, served by Streamlit from static/.
static/vendor/leaflet/leaflet.js: $(STAMP)
	$(BIN)/python -m aleppo_map.assets

run: setup
	$(BIN)/streamlit run app.py --server.port $(PORT)

# Several app processes (one per core) behind Debian's HAProxy, with sticky sessions:
# docs/deploy.md, "Scale out on one machine". `make serve PROCESSES=2 DATA=dir`
PROCESSES ?= $(shell nproc 2>/dev/null || echo 2)
serve: setup
	$(BIN)/python deploy/serve.py --processes $(PROCESSES) --port $(PORT) $(if $(DATA),--data $(DATA))

# Debian's Chromium drives the browser tests (never `playwright install`); Debian's HAProxy
# balances the scale-out test's processes.
browser:
	@{ command -v chromium && command -v haproxy; } >/dev/null || { \
	  echo "installing Debian's chromium and haproxy for the browser and scale-out tests"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    $$SUDO apt-get install -y -qq chromium fonts-dejavu-core haproxy >/dev/null; }

lint: setup node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	npx --no-install eslint aleppo_map/web tests/js eslint.config.js

test: setup browser lint
	node --test tests/js/*.test.js
	$(BIN)/python -m pytest -q || { echo "Browser screenshots of the failed run: test-artifacts/"; \
	  ls -R test-artifacts 2>/dev/null; exit 1; }

bench: setup browser
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) static/vendor test-artifacts .pytest_cache .ruff_cache node_modules

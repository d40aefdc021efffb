# Two commands set everything up on a fresh machine:
#   make run    start the app on the bundled Aleppo data (http://localhost:8501)
#   make test   run the whole test suite (lint, engine, data, app, real browser)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Stamps: the app's own dependencies (all that `make run` installs), then the [dev] extra's
# tools to test and lint.
APP    := $(VENV)/.installed-app
DEV    := $(VENV)/.installed-dev
FRAME  := static/vendor/aleppo-map/frame/index.html
MIN    := $(VENV)/min
PORT   ?= 8501
# pytest-xdist: one worker per core; the tests that share a server stay on one worker.
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
PYTEST  = -m pytest -q -n $(WORKERS) --dist loadgroup

# The interface's catalog: extract the marked texts, merge them into each .po, compile the .mo
# and the browser's JSON (tools/i18n.py; docs/i18n.md, "Adding a text").
strings: $(DEV)
	$(BIN)/python tools/i18n.py

.PHONY: strings run serve test test-min setup browser lint bench clean

setup: $(DEV) $(FRAME)

# ESLint for the map's JavaScript (aleppo_map/web/), from the npm registry, pinned by the lock.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# --no-compile: Python compiles each module the first time it is imported; compiling every
# installed file up front took 12 of the 29 s an install takes here.
$(APP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-compile -e .
	touch $@

$(DEV): $(APP)
	$(BIN)/pip install --quiet --no-compile -e '.[dev]'
	touch $@

# The map's frame: its page, Leaflet (from the xstatic-leaflet package) and the map's own files
# in static/, which Streamlit serves. The app also writes them on its first run.
$(FRAME): $(APP) $(wildcard aleppo_map/web/*) aleppo_map/frame.py aleppo_map/render.py
	$(BIN)/python -m aleppo_map.frame

run: $(APP) $(FRAME)
	$(BIN)/python -m aleppo_map.ui.start --server.port $(PORT)

# Several app processes (one per core) behind Debian's HAProxy, with sticky sessions:
# docs/deploy.md, "Scale out on one machine". `make serve PROCESSES=2 DATA=dir`
PROCESSES ?= $(shell nproc 2>/dev/null || echo 2)
serve: $(APP) $(FRAME)
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
	$(BIN)/python $(PYTEST) || { echo "Browser screenshots of the failed run: test-artifacts/"; \
	  ls -R test-artifacts 2>/dev/null; exit 1; }

# The lowest versions pyproject.toml allows, exactly (the project's and the [dev] extra's own
# requirements; what they need in turn is resolved freely), in a virtual environment of their
# own (.venv/min); then the fast tests, those that need no browser, and the app's own browser
# tests that the map draws, a click quotes its sentence and the pages open. Left out
# on the lowest versions, to keep CI within 10 minutes: the tests of the tools around the
# engine (benchmarks, load and scale-out scripts, the boundary import, the contributing
# walkthrough, the datapackage validators, deployment files, the JavaScript's agreement with
# Python, the code's layout) and the random-input properties. They run on the current
# versions in `make test`; the engine, the app and the exports are tested on both.
MIN_LEFT_OUT := $(addprefix --ignore=tests/,test_bench_smoke.py test_properties.py \
                  test_load_smoke.py test_scale_out.py test_boundaries.py \
                  test_contributing.py test_datapackage.py test_deploy.py test_web.py \
                  test_structure.py)
MIN_BROWSER := $(addprefix tests/browser/test_app_browser.py::,\
                 test_map_renders_every_polygon_offline \
                 test_clicking_a_polygon_shows_its_quote_in_the_panel test_every_page_renders_in_the_browser)
test-min:
	rm -rf $(MIN)
	$(PYTHON) -m venv $(MIN)
	$(MIN)/bin/pip install --quiet --upgrade pip
	$(MIN)/bin/python .ci/lowest_pins.py dev > $(MIN)/constraints.txt
	$(MIN)/bin/pip install --quiet --no-compile -c $(MIN)/constraints.txt -e '.[dev]'
	$(MIN)/bin/python .ci/lowest_pins.py --check dev
	$(MIN)/bin/python $(PYTEST) -m "not browser and not slow" -p no:cacheprovider $(MIN_LEFT_OUT)
	$(MIN)/bin/python $(PYTEST) -p no:cacheprovider $(MIN_BROWSER)

# The benchmarks; the `bench` extra adds the naive folium page they compare the map with.
bench: setup browser
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) $(MIN) static/vendor test-artifacts .pytest_cache .ruff_cache node_modules

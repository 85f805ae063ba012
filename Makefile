# The two commands a newcomer needs: `make run` and `make test`. Everything else is a step they use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
GCDS := node_modules/@gcds-core
VENDOR := static/vendor
HOST ?= 127.0.0.1
PORT ?= 5000
# `make test` spreads the suite over this many processes (pytest-xdist); `auto` is one per core.
TEST_WORKERS ?= auto

.PHONY: run test lint install assets translations migrate demo bench-exports bench-http bench-http-tools load clean

run: install
	$(BIN)/exploration db upgrade
	$(BIN)/exploration demo --if-empty
	$(BIN)/exploration run --host $(HOST) --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

install: $(VENV)/.installed assets translations

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Self-hosted GC Design System assets: no CDN at run time, so the shortcuts' remote font
# @import is removed and the font files are served from static/vendor.
assets: $(VENDOR)/.built

$(VENDOR)/.built: node_modules/.installed
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/gcds/fonts
	sed -e 's#@import url([^)]*);##' $(GCDS)/css-shortcuts/dist/gcds-css-shortcuts.min.css > $(VENDOR)/gcds/gcds-css-shortcuts.min.css
	cp $(GCDS)/fonts/fonts/noto-sans/gcds-noto-sans-*.woff2 $(GCDS)/fonts/fonts/lato/gcds-lato*.woff2 $(VENDOR)/gcds/fonts/
	cat $(GCDS)/fonts/fonts/noto-sans/gcds-noto-sans.css $(GCDS)/fonts/fonts/lato/gcds-lato.css \
	  | sed -e 's#path/to/file/#fonts/#g' -e '/format("woff")/d' -e 's#format("woff2"),#format("woff2");#' > $(VENDOR)/gcds/fonts.css
	cp node_modules/@cdssnc/gcds-components/dist/collection/components/gcds-signature/assets/*.svg $(VENDOR)/gcds/
	mkdir -p $(VENDOR)/fonts
	cp node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf $(VENDOR)/fonts/
	cp node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf \
	  node_modules/@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf $(VENDOR)/fonts/
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel --quiet compile -d translations -D messages

# Re-extract the English source strings and merge them into the French catalogue.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --omit-header .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -D messages --no-fuzzy-matching --omit-header
	rm -f translations/messages.pot

migrate: install
	$(BIN)/exploration db upgrade

bench-exports: install
	$(BIN)/python -m bench.exports

# wrk loads the pages and redis-server keeps the rate limits, as deployed: Debian packages, each
# named after its command, installed here when running as root and asked for otherwise.
BENCH_HTTP_PACKAGES := wrk redis-server

# BENCH_ARGS=--scale adds the dashboard and a search at 100,000 explorations on PostgreSQL.
bench-http: bench-http-tools install
	$(BIN)/python -m bench.http $(BENCH_ARGS)

bench-http-tools:
	@missing=""; for package in $(BENCH_HTTP_PACKAGES); do \
	  command -v $$package >/dev/null || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing; \
	elif [ -n "$$missing" ]; then \
	  echo "bench-http needs$$missing: run sudo apt-get install -y$$missing"; exit 1; \
	fi

load: install
	$(BIN)/python -m pytest -m server tests/load $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) instance/*.sqlite3*

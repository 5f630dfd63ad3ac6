# Everything sets itself up: `make serve` and `make test` work on a fresh clone with only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two hashed locks: what the site build needs, and that plus what the tests add (same pins for what both hold).
BUILD_LOCK := requirements/build.txt
TEST_LOCK := requirements/test.txt
STAMP := $(VENV)/.installed-build
TEST_STAMP := $(VENV)/.installed-test
SITE_DIR ?= site
SITE := $(abspath $(SITE_DIR))
MKDOCS_CONFIG ?= mkdocs.yml
# Extra pip-compile options for `make lock`, e.g. LOCK_FLAGS=--upgrade or LOCK_FLAGS="--upgrade-package jinja2".
LOCK_FLAGS ?=
PIP_COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links $(LOCK_FLAGS)

# `make build RELEASE=1` is a build for publishing: it fails while any practice setting is a placeholder.
RELEASE ?=

.PHONY: setup setup-test lock check format build serve test lint golden snapshots schemas screenshots bench lighthouse clean

# Every download is checked against the lock's hashes; the project itself is installed from this folder with the
# locked setuptools, so nothing unpinned is fetched.
$(STAMP): $(BUILD_LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(BUILD_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	rm -f $(TEST_STAMP)
	touch $(STAMP)

$(TEST_STAMP): $(STAMP) $(TEST_LOCK)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(TEST_LOCK)
	touch $(TEST_STAMP)

## Install what the site build needs (setup: Python packages and the editor), or that and what the tests add.
setup-test: $(TEST_STAMP)

## Regenerate both locks from pyproject.toml, with hashes, keeping today's pins unless LOCK_FLAGS says otherwise.
lock: $(TEST_STAMP)
	$(PIP_COMPILE) --build-deps-for=editable --output-file=$(BUILD_LOCK) pyproject.toml
	$(PIP_COMPILE) --extra=test --extra=bench --constraint=$(BUILD_LOCK) --output-file=$(TEST_LOCK) pyproject.toml

## The editor served at admin/ (Sveltia CMS and its fonts): exact versions and integrity hashes in package-lock.json.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to install the editor: install Node.js 20+ and npm (Debian: apt-get install npm)" >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

setup: $(STAMP) $(NODE_STAMP)

## Validate content: every problem as path:line:col, exit 1 on any.
check: $(STAMP)
	$(BIN)/python -m generator check

## Rewrite content files in the one canonical form the browser editor also writes (field order, folding, quoting).
format: $(STAMP)
	$(BIN)/python -m generator format

## Strict build into site/: built beside it and swapped in only on success, so a failure leaves site/ as it was.
## The content is checked once, inside the build: any problem stops it with every message as path:line:col.
## SITE_DIR may name any new folder, or one a build made before (it holds the build's marker); docs/, content/,
## overrides/, the repository itself and any folder with other things in it are refused before anything is touched.
## The built HTML is scanned (scripts on the allow-list only, no on* attributes or javascript: URLs) and every
## page gets a Content-Security-Policy with its inline scripts' hashes before the swap.
## Built by ProperDocs (the maintained MkDocs 1.x); mkdocs.yml is named explicitly, as ProperDocs asks.
## Not --quiet: MkDocs 1.6 drops warnings before --strict counts them, so a broken link or anchor would pass.
## RELEASE=1 (the deploy workflow) refuses practice details, site_url or edit_uri still at their placeholders.
## SOURCE_DATE_EPOCH (the last commit's time unless set) dates sitemap.xml, so a commit always builds the same bytes.
build: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m generator site-folder check "$(SITE)" "$(SITE).tmp" "$(SITE).old"
	rm -rf "$(SITE).tmp"
	export SOURCE_DATE_EPOCH="$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null)}"; \
	[ -n "$$SOURCE_DATE_EPOCH" ] || unset SOURCE_DATE_EPOCH; \
	PRACTICE_RELEASE="$(RELEASE)" $(BIN)/properdocs build --strict --config-file "$(MKDOCS_CONFIG)" --site-dir "$(SITE).tmp" \
		|| { rm -rf "$(SITE).tmp"; exit 1; }
	$(BIN)/python -m generator sitecheck --csp "$(SITE).tmp" || { rm -rf "$(SITE).tmp"; exit 1; }
	$(BIN)/python -m generator site-folder mark "$(SITE).tmp"
	rm -rf "$(SITE).old"
	if [ -d "$(SITE)" ]; then mv "$(SITE)" "$(SITE).old"; fi
	mv "$(SITE).tmp" "$(SITE)"
	rm -rf "$(SITE).old"
	@echo "built $(SITE_DIR)/"

## Preview on http://127.0.0.1:8000/ (served at the root, not under the published sub-path), rebuilding when
## docs/ or content/ change. --dirty: only the pages an edit changed are rendered again (plugins/incremental.py).
serve: $(STAMP) $(NODE_STAMP)
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/properdocs serve --dirty --config-file "$(MKDOCS_CONFIG)" --dev-addr 127.0.0.1:8000

## Every test: lint, schemas up to date, unit, golden, build (ProperDocs, and Zensical on the engine-neutral
## output) and browser tests. The tests run on every CPU (pytest-xdist), each worker taking the next test as it
## finishes one.
test: $(TEST_STAMP) $(NODE_STAMP)
	$(BIN)/ruff check generator plugins tests benchmarks tools
	$(BIN)/mypy --strict generator plugins
	$(BIN)/mypy --strict tests benchmarks tools
	$(BIN)/python -m pytest -n auto --dist worksteal

## Regenerate the golden Markdown under tests/golden/ after an intended change to the templates.
golden: $(TEST_STAMP)
	REGENERATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py

## Regenerate the routing snapshots under tests/snapshots/ after an intended change to a referral flow.
snapshots: $(TEST_STAMP)
	REGENERATE_SNAPSHOTS=1 $(BIN)/python -m pytest -q tests/test_referral.py -k snapshot

## Regenerate the JSON Schemas under schemas/ from the content model.
schemas: $(STAMP)
	$(BIN)/python -m generator schemas

## Refresh the visual record in screenshots/: home, a specialism, a question and a result, at 1280 and 390 px,
## light and dark, built with a made-up practice's details. Look at them; they are not compared pixel by pixel.
screenshots: $(TEST_STAMP)
	$(BIN)/python tools/screenshots.py

## Build-speed benchmark at 100, 500 and 2,000 synthetic content items (a few minutes): writes
## benchmarks/results/results.json and results.png, and the table in README.md's Performance section.
bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/bench.py --readme README.md

## Lighthouse on the home page, a specialism, a case story, a referral question and result, and the search page,
## at mobile and desktop (about 10 minutes): a table of the four category scores, exit 1 below 100 for accessibility,
## best practices and SEO or 95 for performance. Lighthouse is installed on first use into benchmarks/lighthouse/
## (exact versions and integrity hashes in its package-lock.json), apart from the editor's packages; Chromium is
## Debian's (or CHROMIUM_PATH), never a download. Builds the site with a made-up practice's details into a
## temporary folder and writes the table into README.md's Performance section, unless SITE_DIR names a site
## already built (then it only prints it). Not part of `make test`.
LIGHTHOUSE_STAMP := benchmarks/lighthouse/node_modules/.package-lock.json
$(LIGHTHOUSE_STAMP): benchmarks/lighthouse/package.json benchmarks/lighthouse/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to install Lighthouse: install Node.js 20+ and npm (Debian: apt-get install npm)" >&2; exit 1; }
	npm ci --prefix benchmarks/lighthouse --ignore-scripts --no-audit --no-fund
	touch $(LIGHTHOUSE_STAMP)

lighthouse: $(STAMP) $(NODE_STAMP) $(LIGHTHOUSE_STAMP)
	$(BIN)/python benchmarks/lighthouse.py $(if $(filter file,$(origin SITE_DIR)),--readme README.md,--site "$(SITE)")

## Delete the built site: only a folder a build made (it holds the build's marker), never docs/, content/ or the like.
clean: $(STAMP)
	$(BIN)/python -m generator site-folder delete "$(SITE)" "$(SITE).tmp" "$(SITE).old"
	rm -rf .pytest_cache .ruff_cache

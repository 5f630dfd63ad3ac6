# Everything sets itself up: `make serve` and `make test` work on a fresh clone with only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SITE_DIR ?= site
SITE := $(abspath $(SITE_DIR))
MKDOCS_CONFIG ?= mkdocs.yml
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup check build serve test lint golden snapshots schemas bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

## The editor served at admin/ (Sveltia CMS and its fonts): exact versions and integrity hashes in package-lock.json.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

setup: $(STAMP) $(NODE_STAMP)

## Validate content: every problem as path:line:col, exit 1 on any.
check: $(STAMP)
	$(BIN)/python -m generator check

## Strict build into site/: built beside it and swapped in only on success, so a failure leaves site/ as it was.
## The built HTML is scanned (scripts on the allow-list only, no on* attributes or javascript: URLs) and every
## page gets a Content-Security-Policy with its inline scripts' hashes before the swap.
## Not --quiet: MkDocs 1.6 drops warnings before --strict counts them, so a broken link or anchor would pass.
## SOURCE_DATE_EPOCH (the last commit's time unless set) dates sitemap.xml, so a commit always builds the same bytes.
build: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m generator check
	rm -rf "$(SITE).tmp"
	export SOURCE_DATE_EPOCH="$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null)}"; \
	[ -n "$$SOURCE_DATE_EPOCH" ] || unset SOURCE_DATE_EPOCH; \
	$(BIN)/mkdocs build --strict --config-file "$(MKDOCS_CONFIG)" --site-dir "$(SITE).tmp" \
		|| { rm -rf "$(SITE).tmp"; exit 1; }
	$(BIN)/python -m generator sitecheck --csp "$(SITE).tmp" || { rm -rf "$(SITE).tmp"; exit 1; }
	rm -rf "$(SITE).old"
	if [ -d "$(SITE)" ]; then mv "$(SITE)" "$(SITE).old"; fi
	mv "$(SITE).tmp" "$(SITE)"
	rm -rf "$(SITE).old"
	@echo "built $(SITE_DIR)/"

## Preview on http://127.0.0.1:8000/ (served at the root, not under the published sub-path), rebuilding when
## docs/ or content/ change.
serve: $(STAMP) $(NODE_STAMP)
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## Every test: lint, schemas up to date, unit, golden, build and browser tests.
test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check generator plugins tests benchmarks
	$(BIN)/mypy --strict generator plugins
	$(BIN)/python -m pytest

## Regenerate the golden Markdown under tests/golden/ after an intended change to the templates.
golden: $(STAMP)
	REGENERATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py

## Regenerate the routing snapshots under tests/snapshots/ after an intended change to a referral flow.
snapshots: $(STAMP)
	REGENERATE_SNAPSHOTS=1 $(BIN)/python -m pytest -q tests/test_referral.py -k snapshot

## Regenerate the JSON Schemas under schemas/ from the content model.
schemas: $(STAMP)
	$(BIN)/python -m generator schemas

## Build-speed benchmark at 100, 500 and 2,000 synthetic content items (a few minutes): writes
## benchmarks/results/results.json and results.png, and the table in README.md's Performance section.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py --readme README.md

clean:
	rm -rf "$(SITE)" "$(SITE).tmp" "$(SITE).old" .pytest_cache .ruff_cache

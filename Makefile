# Every target creates .venv on first use, so a fresh clone needs no manual step.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := $(CURDIR)

.PHONY: serve build test lint lint-text check-samples offline bench lock linkcheck-external refresh-python-versions check-python-versions figures check-figures clean

NODE_STAMP := node_modules/.installed

$(NODE_STAMP): package.json package-lock.json  ## npm packages the build and tests use (iframe-worker, axe-core)
	npm ci --omit=optional --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP) requirements-bench.txt package.json package-lock.json  ## bench-only tools: requirements-bench.txt, lighthouse
	$(BIN)/python -m pip install -q -r requirements-bench.txt
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP) $(BENCH_STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000/ (reloads on changes to docs/, data/, hooks/, overrides/)
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --watch data --watch hooks --watch overrides

build: $(STAMP)  ## strict build into site/
	$(BIN)/mkdocs build --strict --clean

test: $(STAMP) $(NODE_STAMP)  ## the whole test suite
	$(BIN)/python -m pytest

lint-text: $(NODE_STAMP)  ## textlint over docs/**/*.md: terminology (.textlint/terms*.yml), Japanese style and spacing; both languages, then the exit status
	status=0; \
	node_modules/.bin/textlint --config .textlintrc.yml --format unix $$(find docs -name '*.md' ! -name '*.en.md' | sort) || status=1; \
	node_modules/.bin/textlint --config .textlintrc.en.yml --format unix $$(find docs -name '*.en.md' | sort) || status=1; \
	exit $$status

check-samples: $(STAMP)  ## load every examples/ YAML with azure-ai-ml, compile and run the Python samples, bash -n the shell ones (offline)
	$(BIN)/python -m hooks.samples check
lint: $(STAMP)  ## ruff check, ruff format --check and mypy (configured in pyproject.toml)
	$(BIN)/ruff check hooks tests bench
	$(BIN)/ruff format --check hooks tests bench
	$(BIN)/mypy

offline: $(STAMP) $(NODE_STAMP)  ## offline bundle dist/azure-ml-intro-offline-<version>.zip (OFFLINE_VERSION=... to name it)
	$(BIN)/python -m hooks.offline --site-dir build/offline --dist dist

bench: $(BENCH_STAMP)  ## benchmarks (ratios and slopes, one run): prints a table, writes bench/results/
	$(BIN)/python -m bench.run

lock:  ## re-resolve requirements*.txt (exact versions with hashes) from the ranges in requirements*.in (needs uv in .venv)
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip compile -q --generate-hashes --python-version 3.11.7 requirements.in -o requirements.txt
	$(BIN)/uv pip compile -q --generate-hashes --python-version 3.11.7 requirements-dev.in -o requirements-dev.txt
	$(BIN)/uv pip compile -q --generate-hashes --python-version 3.11.7 requirements-bench.in -o requirements-bench.txt
	npm install --package-lock-only --no-audit --no-fund --loglevel=error

refresh-python-versions: $(STAMP)  ## re-read package metadata into data/python_support.yml (INDEX_URL=... to use another index)
	$(BIN)/python -m hooks.python_versions refresh $(if $(INDEX_URL),--index-url $(INDEX_URL))

check-python-versions: $(STAMP)  ## exit 1 with a diff when data/python_support.yml is out of date
	$(BIN)/python -m hooks.python_versions refresh --check $(if $(INDEX_URL),--index-url $(INDEX_URL))

figures: $(STAMP)  ## redraw docs/assets/figures/*.svg (ja + en) from data/figures.yml
	$(BIN)/python -m hooks.figures build

check-figures: $(STAMP)  ## exit 1 when the committed figures differ from the generator's output or are unsafe
	$(BIN)/python -m hooks.figures check

linkcheck-external: build  ## also fetch external links (cached for a day in .cache/)
	$(BIN)/python -m hooks.linkcheck site --external

clean:
	rm -rf site dist build .cache

# The two commands of the README: `make build` and `make test`. Both bootstrap .venv from the
# pinned requirements.lock on first use (only Python 3 and make are needed beforehand).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE := node_modules/axe-core/axe.min.js

.PHONY: build test serve check bench bench-quick clean browser links

build: $(STAMP)
	$(BIN)/kb check
	$(BIN)/kb build

test: $(STAMP) browser $(AXE)
	$(BIN)/python -m pytest -n 2 --dist loadfile

serve: $(STAMP)
	$(BIN)/kb serve

check: $(STAMP)
	$(BIN)/kb check

# Every external URL of the content, over the network (cached in .cache/kb/links.json for a day).
links: $(STAMP)
	$(BIN)/kb links --online

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# axe-core (accessibility checks of the browser tests), pinned in package-lock.json, from the npm registry.
$(AXE): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests drive Debian's Chromium; install it when it is missing (needs root, as in CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium and a CJK font for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }

# Benchmarks print figures (bench/README.md records them); they are not tests.
bench: $(STAMP) browser
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	$(BIN)/python bench/run.py 200 2000
	$(BIN)/python bench/diagnose.py --browser
	$(BIN)/python bench/snippets.py 2000
	$(BIN)/python bench/transfer.py

bench-quick: $(STAMP)
	$(BIN)/python bench/run.py --quick --no-browser

clean:
	rm -rf site site.kb-staging site.kb-previous test-artifacts

# netorg: the two commands a newcomer runs are `make run` and `make test`.
# Works on a fresh machine with Python 3.11+, make and (as root) apt-get.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EXAMPLE ?= zorgregio
OUT    ?= out/$(EXAMPLE)
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test venv lint typecheck unit chromium benchmark bench ab docs clean help

help:
	@echo "make run        analyse the bundled example '$(EXAMPLE)' into $(OUT)/"
	@echo "make test       lint, type-check and run every test (browser tests included)"
	@echo "make benchmark  time loading, each analysis and the report at 10k to 1M agreements (benchmarks/results/)"
	@echo "make bench      netorg analyze end to end against the floor at 10k to 1M agreements, with a plot"
	@echo "make ab BASE=REV  this checkout against git revision REV on one ecosystem, run in turn (AB_ARGS=... for more)"
	@echo "make docs       regenerate docs/cli.md from the CLI's --help"
	@echo "make clean      remove the virtual environment and outputs"

venv: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "netorg needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Run: make PYTHON=python3.12" >&2; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
		echo "python venv module missing; installing it with apt-get" >&2; \
		apt-get update -qq && apt-get install -y -qq "python3-venv" "python$$($(PYTHON) -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')-venv" || \
		apt-get install -y -qq python3-venv; \
		rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

run: venv
	$(BIN)/netorg analyze --example $(EXAMPLE) --out $(OUT)
	@echo "Open $(OUT)/report.html in a browser (network.html is the graph alone); the tables (ties.csv, ..., findings.xlsx) and summary.json are beside it."

lint: venv
	$(BIN)/ruff check netorg cli tests benchmarks datasets docs/make_cli_reference.py
	$(BIN)/ruff format --check netorg cli tests benchmarks datasets docs/make_cli_reference.py

typecheck: venv
	$(BIN)/mypy

# Browser tests need Debian's chromium. As root we install it; elsewhere we say so loudly.
# Under CI=true a missing chromium is an error, not a skip.
chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests" >&2; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "************************************************************" >&2; \
		echo "NOTICE: $(CHROMIUM) not found and apt-get is not available as root." >&2; \
		echo "Browser tests will be SKIPPED. Install it with: sudo apt-get install chromium" >&2; \
		echo "************************************************************" >&2; \
		if [ "$(CI)" = "true" ]; then echo "CI=true: browser tests are required" >&2; exit 1; fi; \
	fi

unit: venv chromium
	$(BIN)/python -m pytest

test: lint typecheck unit

benchmark: venv
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/engines.py
	$(BIN)/python benchmarks/ties.py
	$(BIN)/python benchmarks/clusters.py
	$(BIN)/python benchmarks/risks.py
	$(BIN)/python benchmarks/mergers.py
	$(BIN)/python benchmarks/report.py
	$(BIN)/python benchmarks/timeline.py
	$(BIN)/python benchmarks/method_calls.py
	$(MAKE) bench

# End to end against the floor (python -m benchmarks); matplotlib draws results/scale.png.
bench: venv
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m benchmarks

# Two versions of netorg on one ecosystem, run in turn (benchmarks/ab.py), e.g.
# make ab BASE=HEAD~1 AB_ARGS="--agreements 100000 --runs 3"
ab: venv
	@test -n "$(BASE)" || { echo "usage: make ab BASE=<git revision> [AB_ARGS='--head REV --agreements N --runs N']" >&2; exit 2; }
	$(BIN)/python -m benchmarks.ab --base $(BASE) $(AB_ARGS)

docs: venv
	$(BIN)/python docs/make_cli_reference.py

clean:
	rm -rf $(VENV) out build *.egg-info .pytest_cache .mypy_cache .ruff_cache

# Every target that needs Python first makes the locked environment in .venv (make install).
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
RUN := $(UV) run --locked --no-sync

.DEFAULT_GOAL := help
.PHONY: help install runtime run serve test lint fmt bench model

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV) ## make the locked virtual environment in .venv
	$(UV) sync --locked --python $(PYTHON) --compile-bytecode

# what running needs, without the development tools (kept if already there); bytecode compiled when
# packages are installed (a sync with nothing to install takes a tenth of a second)
runtime: $(UV)
	@test -d .venv || $(UV) sync --locked --python $(PYTHON) --no-dev --compile-bytecode --quiet
	$(UV) sync --locked --python $(PYTHON) --no-dev --inexact --quiet

# nothing new in raw/: the summary comes from pipeline.noop, without importing Prefect and Dask
run: runtime ## process new or changed files in raw/ into extracted/ and pipeline.duckdb (Prefect flow)
	@$(RUN) python -m pipeline.noop 2>/dev/null || \
	$(RUN) python flows.py run $(if $(WORKERS),--workers $(WORKERS)) $(if $(DASK),--dask-address $(DASK))

serve: runtime ## serve the flow on a schedule (CRON="*/30 * * * *" or INTERVAL=seconds)
	$(RUN) python flows.py serve $(if $(INTERVAL),--interval $(INTERVAL),--cron "$(or $(CRON),0 * * * *)")

test: install ## run the test suite
	$(RUN) pytest

lint: install ## formatting, lint rules, types, import layers, lock file
	$(UV) lock --check
	$(RUN) ruff format --check .
	$(RUN) ruff check .
	$(RUN) mypy
	$(RUN) lint-imports

fmt: install ## format the code and fix what ruff can
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

bench: install ## accuracy on the gold, then speed on the seeds
	$(RUN) pipeline bench accuracy
	$(RUN) pipeline bench speed

model: $(UV) ## retrain the entity recognizer shipped in pipeline/extract/model
	$(UV) sync --locked --python $(PYTHON) --group train
	$(RUN) python -m training.build

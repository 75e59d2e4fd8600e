# The scaling cost model. `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3.11
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: help run test test-fast lint typecheck schema bench load screenshots clean messages drivers

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

run: $(STAMP) ## Start the app on the plan's scenario (honours STREAMLIT_* settings, e.g. STREAMLIT_SERVER_PORT)
	$(PY) -m streamlit run app.py

test: $(STAMP) ## Run every test (browser and LibreOffice tests included)
	$(PY) -m pytest

test-fast: $(STAMP) ## Tests without the browser and LibreOffice
	$(PY) -m pytest -m "not browser and not libreoffice"

lint: $(STAMP) ## ruff lint + format check, import-linter layers, mypy on model/
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	PYTHONPATH=. $(VENV)/bin/lint-imports
	$(PY) -m mypy model

typecheck: $(STAMP) ## mypy on model/
	$(PY) -m mypy model

schema: $(STAMP) ## Regenerate data/scenario.schema.json from the model
	$(PY) -m model schema --out data/scenario.schema.json

drivers: $(STAMP) ## Regenerate docs/drivers.md (the driver table) from the Specs in model/scenario.py
	$(PY) -m model.driver_table > docs/drivers.md

messages: $(STAMP) ## Extract new strings into locales/{ko,en}/LC_MESSAGES/*.po (then write the Korean)
	$(PY) -m i18n.extract

bench: $(STAMP) ## Benchmark model, page reruns and slider-to-screen in Chromium; one table, exits 1 if a target is missed
	@# both run even when the first misses a target; exit 1 if either did
	$(PY) scripts/bench.py $(BENCH_ARGS); a=$$?; $(PY) scripts/bench_actuals.py; b=$$?; test $$a -eq 0 -a $$b -eq 0

load: $(STAMP) ## Bounded load run on 127.0.0.1: 20 websocket sessions moving sliders (LOAD_ARGS="--clients 20 --seconds 30")
	$(PY) scripts/load.py $(LOAD_ARGS)
	$(PY) scripts/load.py --workbook-run $(LOAD_WORKBOOK_ARGS)

clean: ## Remove the environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

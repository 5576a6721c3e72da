# OAuth 2.0 conformance harness. `make conformance` is the main job; `make test` tests the harness.
# Everything installs itself on first use: a .venv, the packages, and a Chromium.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CHROMIUM_STAMP := $(VENV)/.chromium
TARGET ?= mock
REPORTS := reports
WORKERS ?= auto
PORT ?= 8080
DEFECTS ?=
STRICT ?= 0
MOCK_SETTINGS ?=

export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup test lint typecheck unit selftest conformance mock report clean

help:
	@echo "make conformance [TARGET=mock|taskade|dot|path.toml] [MOCK_DEFECTS=a,b] [MOCK_SETTINGS=file.toml] [STRICT=1]"
	@echo "make test        the harness's own tests, lint, types and the defect kill matrix"
	@echo "make selftest    every mock defect caught, every scenario kills one"
	@echo "make mock [PORT=8080] [DEFECTS=a,b]   the bundled mock AS, standalone"
	@echo "make report [ALLURE_HISTORY=dir]   the last run's Allure report, one HTML file (keeps the trend)"

setup: $(STAMP) $(CHROMIUM_STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

# Finds a Playwright-managed or system Chromium, installing Debian's when root; one line if it cannot.
$(CHROMIUM_STAMP): $(STAMP)
	@$(PY) -m harness.browser.chromium --print > $@.tmp && mv $@.tmp $@ || (rm -f $@.tmp; exit 3)

lint: $(STAMP)
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	@$(VENV)/bin/mypy

unit: setup
	@$(PY) -m pytest tests -n $(WORKERS) -q

selftest: setup
	@mkdir -p $(REPORTS)
	@$(PY) -m pytest scenarios --selftest -n $(WORKERS) -q -p no:randomly --summary-dir=$(REPORTS)

test: setup lint typecheck unit selftest

# make itself exits 2 whenever a recipe fails; the harness's own code (README, Exit codes) is
# printed so a script can tell a finding (1) from a bad configuration (4) or a down target (6).
conformance: setup
	@mkdir -p $(REPORTS)
	@$(PY) -m pytest scenarios -n $(WORKERS) -q --target=$(TARGET) --strict-conformance=$(STRICT) \
		--summary-dir=$(REPORTS) --junitxml=$(REPORTS)/junit.xml --alluredir=$(REPORTS)/allure-results \
		--clean-alluredir $(if $(MOCK_SETTINGS),--mock-settings=$(MOCK_SETTINGS)); code=$$?; \
		if [ $$code -ne 0 ]; then echo "make conformance: the harness exited with code $$code" >&2; fi; \
		exit $$code

# Allure's own report generator (needs Java), installed from the npm registry on first use.
ALLURE := .tools/node_modules/.bin/allure
ALLURE_HISTORY ?= $(REPORTS)/allure-report/history
$(ALLURE):
	@npm install --silent --no-audit --no-fund --prefix .tools allure-commandline@2 >/dev/null

# One self-contained index.html. Allure's trend needs the previous report's history/: it is copied
# into the results first (ALLURE_HISTORY=dir names another, e.g. one a CI job restored), and the
# new history/ is kept beside index.html for the next run (a single-file report holds it only
# inside the HTML, so a plain generation into a scratch directory yields it). ALLURE_NO_ANALYTICS
# keeps Google's tag out of the HTML: a report opened from disk loads nothing from anywhere.
report: export ALLURE_NO_ANALYTICS := true
report: $(ALLURE)
	@test -d $(REPORTS)/allure-results || { echo "no $(REPORTS)/allure-results: run make conformance first" >&2; exit 2; }
	@rm -rf $(REPORTS)/allure-results/history $(REPORTS)/.allure-plain
	@if [ -d "$(ALLURE_HISTORY)" ]; then cp -R "$(ALLURE_HISTORY)" $(REPORTS)/allure-results/history; \
		echo "Allure trend: history from $(ALLURE_HISTORY)"; fi
	@$(ALLURE) generate --clean $(REPORTS)/allure-results -o $(REPORTS)/.allure-plain >/dev/null
	@$(ALLURE) generate --single-file --clean $(REPORTS)/allure-results -o $(REPORTS)/allure-report >/dev/null
	@mv $(REPORTS)/.allure-plain/history $(REPORTS)/allure-report/history && rm -rf $(REPORTS)/.allure-plain
	@echo "Allure report: $(REPORTS)/allure-report/index.html"

mock: $(STAMP)
	@$(PY) -m harness.mock --port $(PORT) $(if $(DEFECTS),--defects $(DEFECTS)) --control

clean:
	rm -rf $(REPORTS)/* .pytest_cache .mypy_cache .ruff_cache .hypothesis
	@touch $(REPORTS)/.gitkeep

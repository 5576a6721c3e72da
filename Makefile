# OAuth 2.0 conformance harness. `make conformance` is the main job; `make test` tests the harness.
# Everything installs itself on first use: a .venv, the packages, and a Chromium.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CHROMIUM_STAMP := $(VENV)/.chromium
REPORTS ?= reports
ifeq ($(strip $(REPORTS)),)
$(error REPORTS is empty: name the reports directory (REPORTS=reports); make clean would empty /)
endif
WORKERS ?= auto
PORT ?= 8080
SCENARIOS ?= scenarios
PYTEST_ARGS ?=
# The target names that exist (fixtures/targets/<name>.toml), for `make help`.
TARGET_NAMES := $(sort $(filter-out %.expected,$(basename $(notdir $(wildcard fixtures/targets/*.toml)))))

# Harness settings resolve command line > environment > pytest.ini > default (README). A make
# variable below becomes its pytest option only when it is given, on make's command line or in
# the environment under the make name (`make conformance STRICT=1`, `STRICT=1 make conformance`);
# one not given (or given empty) passes nothing, so HARNESS_STRICT=1, pytest.ini or the default
# decide, as they do for pytest run directly. No defaults here: a default would beat them.
#   TARGET → --target   STRICT → --strict-conformance   MOCK_DEFECTS → --mock-defects
#   MOCK_SETTINGS → --mock-settings   EVIDENCE → --evidence   EXPECTED_FINDINGS → --expected-findings
#   BROWSER_ENDPOINT → --browser-endpoint
#   SHARD → --shard
given = $(and $(filter command% environment% override,$(origin $(1))),$(strip $($(1))))
quoted = '$(subst ','\'',$(strip $($(1))))'
option = $(if $(call given,$(1)),$(2)=$(call quoted,$(1)))
HARNESS_OPTIONS = $(strip $(call option,TARGET,--target) $(call option,STRICT,--strict-conformance) \
	$(call option,MOCK_DEFECTS,--mock-defects) $(call option,MOCK_SETTINGS,--mock-settings) \
	$(call option,EVIDENCE,--evidence) $(call option,EXPECTED_FINDINGS,--expected-findings) \
	$(call option,BROWSER_ENDPOINT,--browser-endpoint) $(call option,SHARD,--shard))
# `make mock DEFECTS=a,b` (its old name) still works, with a warning.
ifneq ($(filter command%,$(origin DEFECTS)),)
ifeq ($(call given,MOCK_DEFECTS),)
$(warning DEFECTS= is deprecated: use MOCK_DEFECTS=, the one name for the mock's defects)
override MOCK_DEFECTS := $(DEFECTS)
endif
endif

export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup test lint typecheck unit selftest conformance scenarios mock report bench clean

# One line per target (tests/pipeline checks it against .PHONY), then the variables.
help:
	@echo "make conformance  run the scenarios against TARGET; reports in $(REPORTS)/; exit code: README, Exit codes"
	@echo "make scenarios    list every scenario: requirement, level, catalogue, needs ($(REPORTS)/scenarios.json)"
	@echo "make report       Allure's single-file HTML report from $(REPORTS)/allure-results [ALLURE_HISTORY=dir]"
	@echo "make bench        how fast the harness is here, against its bounds (README, Performance): $(REPORTS)/bench.json, about 8 min"
	@echo "make mock         the bundled mock AS standalone [PORT=$(PORT)] [MOCK_DEFECTS=a,b] [MOCK_SETTINGS=f.toml]"
	@echo "make selftest     the kill matrix: every mock defect caught, every scenario kills one"
	@echo "make test         the harness's own tests, lint, types and the kill matrix"
	@echo "make unit         the harness's own tests only"
	@echo "make lint         ruff check and ruff format --check"
	@echo "make typecheck    mypy --strict"
	@echo "make setup        .venv, the packages and a Chromium (every target does it on first use)"
	@echo "make clean        empty $(REPORTS)/ and the caches"
	@echo "make help         this list"
	@echo ""
	@echo "variables (given → the option; not given → HARNESS_* environment, pytest.ini, default):"
	@echo "  TARGET=$(subst $() ,|,$(TARGET_NAMES))|path.toml   --target (HARNESS_TARGET; default mock)"
	@echo "  STRICT=1            --strict-conformance: SHOULD warnings fail (HARNESS_STRICT)"
	@echo "  MOCK_DEFECTS=a,b    --mock-defects: break the mock on purpose (HARNESS_MOCK_DEFECTS)"
	@echo "  MOCK_SETTINGS=f.toml --mock-settings (HARNESS_MOCK_SETTINGS)"
	@echo "  EVIDENCE=always     --evidence: on-failure, always, never (HARNESS_EVIDENCE)"
	@echo "  EXPECTED_FINDINGS=f --expected-findings: auto, none or a file (HARNESS_EXPECTED_FINDINGS)"
	@echo "  BROWSER_ENDPOINT=url --browser-endpoint: a Playwright browser server (ws://, wss://), no local Chromium (HARNESS_BROWSER_ENDPOINT)"
	@echo "  SHARD=K/N           --shard: run only shard K of N, one per CI job; together they run all (HARNESS_SHARD)"
	@echo "  WORKERS=$(WORKERS)        pytest-xdist -n (conformance, selftest, unit)"
	@echo "  SCENARIOS=path      which scenarios (default scenarios; a directory or file of them)"
	@echo "  REPORTS=dir         where the reports go (default reports)"
	@echo "  PYTEST_ARGS='-k x'  more pytest arguments, e.g. PYTEST_ARGS='-k state --requirement RFC7636'"
	@echo "  BENCH_ARGS='--parts a'  make bench's arguments (python -m harness.bench --help)"

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
# printed, and written to $(REPORTS)/exit-code, so a script can tell a new finding (1) from a bad
# configuration (4) or a down target (6).
# A remote browser (BROWSER_ENDPOINT=) needs no local Chromium.
conformance: $(STAMP) $(if $(call given,BROWSER_ENDPOINT),,$(CHROMIUM_STAMP))
	@mkdir -p $(REPORTS) && rm -f $(REPORTS)/exit-code
	@$(PY) -m pytest $(SCENARIOS) -n $(WORKERS) $(HARNESS_OPTIONS) \
		--summary-dir=$(REPORTS) --junitxml=$(REPORTS)/junit.xml --alluredir=$(REPORTS)/allure-results \
		--clean-alluredir $(PYTEST_ARGS); code=$$?; echo $$code > $(REPORTS)/exit-code; \
		if [ $$code -ne 0 ]; then echo "make conformance: the harness exited with code $$code" >&2; fi; \
		exit $$code

# The catalogue view: collection only (no browser, no mock, no [launch] server started).
scenarios: $(STAMP)
	@mkdir -p $(REPORTS)
	@$(PY) -m pytest $(SCENARIOS) -q -p no:randomly $(HARNESS_OPTIONS) \
		--list-scenarios --list-scenarios-json=$(REPORTS)/scenarios.json $(PYTEST_ARGS)

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

# Measures the harness (README, Performance); BENCH_ARGS='--parts a --rounds 10' for a part.
BENCH_ARGS ?=
bench: setup
	@mkdir -p $(REPORTS)
	@$(PY) -m harness.bench --out $(REPORTS)/bench.json $(BENCH_ARGS)

mock: $(STAMP)
	@$(PY) -m harness.mock --port $(PORT) $(call option,MOCK_DEFECTS,--mock-defects) \
		$(call option,MOCK_SETTINGS,--mock-settings) --control

clean:
	rm -rf $(REPORTS)/* .pytest_cache .mypy_cache .ruff_cache .hypothesis
	@touch $(REPORTS)/.gitkeep

# Vitamin K2 nocturnal-leg-cramp trial: reproducible analysis report.
# make report [DATA=dir] [OUT=dir] [SIM_REPLICATES=n]   make test   make data   make bench   make clean   make help
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help

# Stages 02, 03 and 05 need only stage 01: they run side by side on a machine with two cores.
# Only when one goal is given: `make clean report` must clean first, then build. Output is
# not held back per target: stage 05's progress bar shows while it runs.
JOBS ?= $(shell nproc 2> /dev/null || echo 1)
ifeq ($(words $(MAKECMDGOALS)),1)
MAKEFLAGS += --jobs=$(JOBS)
endif

PYTHON ?= python3
DATA ?= data/raw
OUT ?= .
# DATA may hold spaces ("/data/Trial export"): it is quoted in the recipes and never split
# into words (abspath would). OUT may not: make cannot name targets below it.
DATA_ABS := $(if $(filter /%,$(firstword $(DATA))),$(DATA),$(CURDIR)/$(DATA))
ifeq ($(words $(OUT)),0)
$(error OUT is empty: give an output root, or leave OUT out for this folder)
else ifneq ($(words $(OUT)),1)
$(error OUT="$(OUT)": the output root cannot contain spaces (make names targets by path))
endif
OUT_ABS := $(abspath $(OUT))
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BUILD := $(OUT_ABS)/build/notebooks
REPORT := $(OUT_ABS)/report/index.html
PUBLISHED := data/published/tan2024.yaml
PARAMS := params/default.yaml
SCRATCH := build/scratch
# The stages write into a staging root; the report step builds the report there and only
# then publishes data/processed, results, figures and report into OUT. A stage that fails
# leaves the last good build in OUT as it was.
STAGE := $(OUT_ABS)/build/stage
# The export's path and the SHA-256 of its files, rewritten only when they change: pointing
# DATA at another export reruns stage 01 even when that export's files are older.
INPUTS := $(OUT_ABS)/build/inputs.sha256
# SIM_REPLICATES=N overrides sim_replicates of params/default.yaml for this OUT (the coverage
# study's replicates per scenario); recorded like INPUTS, so that changing it reruns stage 05.
SIM_REPLICATES ?= None
SIM_STAMP := $(OUT_ABS)/build/sim_replicates
# Paths go to the notebooks as given (relative ones are taken from the project root), so the
# executed notebooks carry no machine paths.
RUN_NOTEBOOK = $(VPY) tools/run_notebook.py $< $@ "data_dir=$(DATA)" \
	out_dir=$(patsubst $(CURDIR)/%,%,$(STAGE))

# What each stage runs: its notebook or module, followed through the package's imports by
# tools/stage_deps.py into DEPS_<stage> (every layer the stage reaches). Regenerated
# whenever a source file or notebook changes, so a stage that starts using a new module or
# layer is never left stale.
STAGE_ENTRIES := 01_clean=notebooks/01_clean.ipynb,k2cramps.core.params,k2cramps.raw.__main__ \
	02_baseline=notebooks/02_baseline.ipynb 03_outcomes=notebooks/03_outcomes.ipynb \
	04_figures=notebooks/04_figures.ipynb 05_robustness=notebooks/05_robustness.ipynb \
	report=k2cramps.report
STAGE_DEPS := build/stage-deps.mk
ifneq ($(filter-out help clean venv data bench mutation,$(or $(MAKECMDGOALS),help)),)
include $(STAGE_DEPS)
endif

.PHONY: help report test test-all freeze data bench mutation clean venv FORCE

help: ## show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-9s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "  variables: DATA=raw export folder (default data/raw; spaces allowed)  OUT=output root (default .)"
	@echo "             SIM_REPLICATES=coverage-study replicates per scenario (default: params)"

venv: $(STAMP) ## create .venv from requirements.lock and register the Jupyter kernel

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/lib/python3*/site-packages/k2cramps.pth  # the path file of earlier checkouts
	$(VPY) -m pip install --quiet --disable-pip-version-check --no-deps --editable .
	$(VPY) -m ipykernel install --sys-prefix --name k2cramps --display-name "Python (k2cramps)" > /dev/null
	touch $@

$(STAGE_DEPS): tools/stage_deps.py $(shell find src -name '*.py') $(wildcard notebooks/*.ipynb) Makefile
	@mkdir -p $(@D)
	@$(PYTHON) tools/stage_deps.py $(STAGE_ENTRIES) > $@.tmp
	@mv $@.tmp $@

report: $(REPORT) ## run notebooks 01-05 (papermill) into <OUT>/build/stage, build the report, then publish results, figures, report in <OUT>

NOTEBOOKS := $(BUILD)/01_clean.ipynb $(BUILD)/02_baseline.ipynb $(BUILD)/03_outcomes.ipynb \
	$(BUILD)/04_figures.ipynb $(BUILD)/05_robustness.ipynb
# The runner shapes every executed notebook (no clock times, fixed ids): a prerequisite of each.
$(NOTEBOOKS): tools/run_notebook.py
TEMPLATES := $(wildcard src/k2cramps/report/templates/*.* src/k2cramps/report/templates/*/*)

# A stamp written to $@.tmp replaces $@ only when its content differs, so that its time (what
# make compares) changes only with what it records.
define keep-if-unchanged
@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi
endef

$(INPUTS): FORCE
	@mkdir -p $(@D)
	@{ echo "$(DATA)"; sha256sum -- "$(DATA)"/*.csv 2> /dev/null || true; } > $@.tmp
	$(keep-if-unchanged)
# The parameters (with SIM_REPLICATES) are checked here, on every run and before any stage.
$(SIM_STAMP): FORCE | $(STAMP)
	@$(VPY) -m k2cramps.core.params sim_replicates=$(SIM_REPLICATES)
	@mkdir -p $(@D)
	@echo "$(SIM_REPLICATES)" > $@.tmp
	$(keep-if-unchanged)
FORCE:

# Stage 01: the parameters and the export's files and columns are checked first, before a
# kernel starts; stage 01 reads every row and stops with the same kind of one-line message.
$(BUILD)/01_clean.ipynb: notebooks/01_clean.ipynb $(INPUTS) $(DEPS_01_clean) $(PARAMS) $(STAMP) | $(SIM_STAMP)
	@$(VPY) -m k2cramps.raw --headers "$(DATA_ABS)"
	$(RUN_NOTEBOOK)

# Stage 02: Table 1 -> <OUT>/results/table1.{csv,html}
$(BUILD)/02_baseline.ipynb: notebooks/02_baseline.ipynb $(BUILD)/01_clean.ipynb $(DEPS_02_baseline) $(PARAMS)
	$(RUN_NOTEBOOK)

# Stage 03: published comparison, estimates, safety, subgroups -> <OUT>/results/*.csv
$(BUILD)/03_outcomes.ipynb: notebooks/03_outcomes.ipynb $(BUILD)/01_clean.ipynb $(DEPS_03_outcomes) $(PARAMS) $(PUBLISHED)
	$(RUN_NOTEBOOK)

# Stage 04: every figure -> <OUT>/figures/*.png (embedded in the report) and *.svg
$(BUILD)/04_figures.ipynb: notebooks/04_figures.ipynb $(BUILD)/01_clean.ipynb $(BUILD)/03_outcomes.ipynb $(DEPS_04_figures) $(PARAMS)
	$(RUN_NOTEBOOK)

# Stage 05: the coverage study -> <OUT>/results/{design_effect,sim_scenarios,coverage}.csv and
# its figures. Its own target, so it reruns only when its notebook, the datasets of 01, its
# code or the parameters change. The template runs 40 replicates (nbval); here sim_replicates
# comes from params/default.yaml (None = the parameter's value), with a progress bar.
$(BUILD)/05_robustness.ipynb: notebooks/05_robustness.ipynb $(BUILD)/01_clean.ipynb $(DEPS_05_robustness) $(PARAMS) $(SIM_STAMP)
	$(RUN_NOTEBOOK) sim_replicates=$(SIM_REPLICATES)

$(REPORT): $(NOTEBOOKS) $(DEPS_report) $(PUBLISHED) $(TEMPLATES)
	$(VPY) -m k2cramps.report --out $(OUT_ABS) --staged $(STAGE)
	@touch $@

# The pipeline runs once per test run: nbval executes the templates, in order, and they write
# to build/scratch (their default out_dir); beside it the tests run on $(JOBS) workers
# (pytest-xdist, a test file per worker), and those that need the built outputs wait for nbval
# to finish, then read them there (tools/run_tests.sh). `make test` leaves out the tests marked
# slow (each 10 s or more: 200 simulated trials refitted, the export regenerated byte for byte,
# two clean builds compared, a make report stopped at stage 03); `make test-all` runs
# everything (CI runs it).
test: $(STAMP) ## the tests but the slow ones (import layers, nbval, unit, report in a browser)
	tools/run_tests.sh $(VENV) $(JOBS) -m "not slow"

test-all: $(STAMP) ## every test, the slow ones too (model recovery over 200 trials, simulator, determinism)
	tools/run_tests.sh $(VENV) $(JOBS)

freeze: $(STAMP) ## store executed outputs in the notebook templates (nbval compares against them)
	$(VPY) -m jupyter nbconvert --to notebook --execute --inplace --log-level WARN \
		--ExecutePreprocessor.kernel_name=k2cramps --ExecutePreprocessor.record_timing=False notebooks/*.ipynb

data: $(STAMP) ## regenerate the synthetic export in data/raw (deterministic; seed in params)
	$(VPY) -m k2cramps.synthetic --out data/raw --defects tests/fixtures/injected_defects.csv

bench: $(STAMP) ## build time and memory at 1x 10x 100x (SCALES=, REPEATS=), the machine's speed probed; coverage-study replicates/s
	$(VPY) benchmarks/bench_pipeline.py
	$(VPY) benchmarks/bench_robustness.py

mutation: $(STAMP) ## mutation score of the unit tests on raw/ adam/ analysis/ (mutmut, about 40 min on 2 cores): build/mutation/*.md
	rm -rf mutants build/mutation && mkdir -p build/mutation
	$(VPY) tools/mutation.py generate
	$(VENV)/bin/mutmut run --max-children $(JOBS) $$($(VPY) tools/mutation.py names) > build/mutation/mutmut.log 2>&1
	$(VPY) tools/mutation.py report build/mutation/mutmut.md
	$(VPY) tools/mutate_constants.py build/mutation/constants.md

clean: ## remove every generated output (keeps .venv and data/raw)
	rm -rf $(OUT_ABS)/build $(OUT_ABS)/data/processed $(OUT_ABS)/results $(SCRATCH) $(STAGE_DEPS)
	find $(OUT_ABS)/figures $(OUT_ABS)/report -mindepth 1 ! -name .gitkeep -delete 2>/dev/null || true

# The two entry points are `make report` and `make test`; each installs
# what is missing first.
SHELL := /bin/bash
SWIFT ?= swift
CONFIGURATION ?= release
# -enable-testing lets the test targets use @testable imports in the
# release build; the tool is built with the same flags so that `make test`
# and `make report` share one build.
BUILD_FLAGS := -c $(CONFIGURATION) -Xswiftc -enable-testing
BIN := .build/$(CONFIGURATION)/ecprune
VENV := .venv
PYTHON := $(VENV)/bin/python
REQUIREMENTS := Tests/TensorFilesTests/Interop/requirements.txt

.PHONY: all build dependencies venv report test proofs bench fuzz format-lint \
  clean

all: build

dependencies:
	@scripts/install-dependencies.sh

# The virtual environment with PyPI's safetensors and numpy, used by the
# interop tests and to evaluate the report's model independently, and
# sympy for the symbolic checks of Proofs/.
$(VENV)/.installed: $(REQUIREMENTS)
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check \
	  -r $(REQUIREMENTS)
	touch $@

venv: dependencies $(VENV)/.installed

# Building the tests too keeps one build for `make test` and `make report`:
# SwiftPM compiles the tool differently when a test target depends on it.
build: dependencies
	$(SWIFT) build $(BUILD_FLAGS) --build-tests

# The main job: `ecprune report` trains the default network, runs the
# pruning sweep, verifies the closed form against the GSL ground truth,
# runs the error analyses and the diffusion-sorption sweeps, and writes
# the index Reports/README.md; Python then checks the model file.
report: venv build
	$(BIN) report --out-dir Reports
	$(PYTHON) scripts/evaluate_model.py Reports/model.safetensors \
	  --expect Reports/training/training.json

# The tests run with one OpenBLAS thread. They run in parallel in one
# process, and the ground truth and the analyses switch OpenBLAS to one
# thread while they work; a test that trains twice and compares the bytes
# could otherwise see the thread count change between its two runs.
test: venv build format-lint proofs
	scripts/check-blas-binding.sh $(BIN)
	OPENBLAS_NUM_THREADS=1 ECPRUNE_PYTHON=$(abspath $(PYTHON)) \
	  $(SWIFT) test $(BUILD_FLAGS)

# The SymPy scripts beside the proofs (each prints one line per check and
# exits non-zero on a failure; all run before the status is returned),
# then the check that every test a proof names exists under Tests/.
PROOF_CHECKS := $(wildcard Proofs/check_*.py)
proofs: venv
	@status=0; for script in $(PROOF_CHECKS); do \
	  echo "$$script"; $(PYTHON) $$script || status=1; \
	done; exit $$status
	python3 scripts/check-proof-tests.py

# A separate environment with JAX for the benchmark's reference timing.
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: scripts/jax-requirements.txt
	python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet \
	  --disable-pip-version-check -r scripts/jax-requirements.txt
	touch $@

bench: build $(BENCH_VENV)/.installed
	$(BIN) bench --epochs 3 --jax-python $(BENCH_VENV)/bin/python \
	  --json Reports/performance.json --markdown Reports/performance.md

# Fuzzing, apart from `make test`: builds the libFuzzer targets of Fuzz/
# into .build/fuzz and runs each for FUZZ_SECONDS from its seeds in
# Fuzz/corpus, FUZZ_JOBS at a time (one core each). New inputs stay in
# .build/fuzz/corpus; an input that crashes is saved in Fuzz/crashes, to be
# committed with the fix. Prints libFuzzer's figures as a Markdown table.
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
fuzz: dependencies
	SWIFT=$(SWIFT) scripts/build-fuzzers.sh
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) scripts/run-fuzzers.sh

format-lint:
	$(SWIFT) format lint --strict --recursive --configuration .swift-format \
	  Sources Tests

clean:
	rm -rf .build $(VENV) .cache

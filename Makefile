# gyokaku — everyday commands.  Needs only python3 and the package registries.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SAMPLE := samples/okayama_fy2022/okayama_fy2022.pdf
OUT ?= out
COMPILED := build/compiled
COMPILED_STAMP := $(COMPILED)/.built-stamp
PACKAGE_SOURCES := $(wildcard gyokaku/*.py gyokaku/templates/* extract/*.py extract/*.pyi extract/*.c \
	normalize/*.py \
	normalize/data/* schemas/*.py schemas/*.json profiles/*)

.PHONY: help install bytecode run test test-python test-compiled compiled lint typecheck samples samples-long bench clean

help:
	@echo "make run        set up, convert the bundled sample into $(OUT)/, print where it is"
	@echo "make test       ruff + mypy + the test suite, on the sources and on the compiled build"
	@echo "make compiled   build the mypyc-compiled package into $(COMPILED) (needs a C compiler and Python's headers)"
	@echo "make samples    regenerate the committed sample PDFs and goldens (needs LibreOffice + fonts)"
	@echo "make samples-long  build the 200+ page benchmark edition (not committed)"
	@echo "make bytecode  byte-compile the sources of the editable install (run, test and bench do)"
	@echo "make bench     gyokaku against pdfplumber, camelot and pypdfium2; writes BENCHMARKS.md"

# setuptools notes on every editable install that a folder named like the package (here
# gyokaku/) could shadow it when Python starts in this folder; it does not (the install maps
# gyokaku.extract and the others to their folders, and the tests run from here), so that one
# note is silenced, nothing else.
EDITABLE := PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install -q -e

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(EDITABLE) '.[dev,samples]'
	@touch $(STAMP)

install: $(STAMP)

# pip byte-compiles what it installs, but not the sources of an editable install: compiled here
# where they changed, so that no run compiles them again (where PYTHONDONTWRITEBYTECODE is set,
# every run would).  The folders are pyproject.toml's package-dir mapping.
bytecode: $(STAMP)
	@$(BIN)/python tools/bytecode.py

run: bytecode
	$(BIN)/gyokaku convert $(SAMPLE) -o $(OUT)/okayama_fy2022
	@echo "dataset written to $(OUT)/okayama_fy2022/"

lint: $(STAMP)
	$(BIN)/ruff check gyokaku extract normalize schemas profiles samples tests bench tools setup.py

typecheck: $(STAMP)
	$(BIN)/python tools/typecheck.py

# What the compiled build lacks here (a C compiler, Python's headers); empty when it can be built.
CANNOT_COMPILE = $(strip $(shell $(PY) tools/compile_check.py))

# The suite runs twice: on the sources, then on the compiled build when it can be built here
# (CI installs what it needs; see .ci/run).
test: lint typecheck test-python
	@if [ -z "$(CANNOT_COMPILE)" ]; then $(MAKE) --no-print-directory test-compiled; \
	else echo "make test: the compiled build was not tested: missing $(CANNOT_COMPILE)"; \
		test -z "$$CI"; fi

test-python: bytecode
	$(BIN)/python -m pytest

# The compiled build first on the path, the repository after it (for tests/, samples/): the
# sources of the package are never imported (tests/conftest.py checks).  Left out: tests of
# what no compiled module runs (batch orchestration, the review page, the sample generators,
# the camelot engine's own tests, the benchmark's check of each tool's imports; camelot
# conversions are in the golden tests).
COMPILED_SKIPS := test_batch test_review test_review_streaming test_extract_camelot \
	test_samples_calc test_samples_direct test_samples_editions test_samples_othercity \
	test_bench_tools
test-compiled: $(COMPILED_STAMP)
	GYOKAKU_TEST_BUILD=compiled PYTHONPATH=$(CURDIR)/$(COMPILED):$(CURDIR) $(BIN)/pytest -q \
		$(foreach name,$(COMPILED_SKIPS),--ignore=tests/$(name).py)

# mypyc compiles the modules listed in gyokaku/build.py (see setup.py).
# Its log is shown only when the build fails.
$(COMPILED_STAMP): $(STAMP) setup.py pyproject.toml $(PACKAGE_SOURCES)
	rm -rf $(COMPILED) && mkdir -p build
	@echo "building the compiled build into $(COMPILED) (a minute or two)"
	@GYOKAKU_COMPILE=1 $(BIN)/python -m pip install -q --no-deps --target $(COMPILED) . \
		> build/compiled.log 2>&1 || (cat build/compiled.log; rm -rf $(COMPILED); exit 1)
	@touch $@

compiled: $(COMPILED_STAMP)

samples: $(STAMP)
	$(BIN)/python -m samples.generator all

samples-long: $(STAMP)
	$(BIN)/python -m samples.generator long

IPAEX := /usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf

# The long edition is drawn with the IPAex fonts: installed here when missing (as root).
bench: bytecode
	@test -f $(IPAEX) || [ "$$(id -u)" != 0 ] || \
		(apt-get update -q && apt-get install -y -q fonts-ipaexfont) >/dev/null
	$(EDITABLE) '.[bench]'
	@if [ -z "$(CANNOT_COMPILE)" ]; then $(MAKE) --no-print-directory compiled; \
	else echo "make bench: the compiled build is not measured: missing $(CANNOT_COMPILE)"; fi
	$(BIN)/python -m bench

clean:
	rm -rf $(OUT) build .mypy_cache .pytest_cache .ruff_cache

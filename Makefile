# gyokaku — everyday commands.  Needs only python3 and the package registries.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SAMPLE := samples/okayama_fy2022/okayama_fy2022.pdf
OUT ?= out

.PHONY: help install run test lint typecheck samples samples-long bench clean

help:
	@echo "make run        set up, convert the bundled sample into $(OUT)/, print where it is"
	@echo "make test       ruff + mypy + the test suite"
	@echo "make samples    regenerate the committed sample PDFs and goldens (needs LibreOffice + fonts)"
	@echo "make samples-long  build the 200+ page benchmark edition (not committed)"
	@echo "make bench     gyokaku against pdfplumber, camelot and pypdfium2; writes BENCHMARKS.md"

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,samples]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/gyokaku convert $(SAMPLE) -o $(OUT)/okayama_fy2022
	@echo "dataset written to $(OUT)/okayama_fy2022/"

lint: $(STAMP)
	$(BIN)/ruff check gyokaku extract normalize schemas profiles samples tests bench

typecheck: $(STAMP)
	$(BIN)/python tools/typecheck.py

test: lint typecheck
	$(BIN)/python -m pytest

samples: $(STAMP)
	$(BIN)/python -m samples.generator all

samples-long: $(STAMP)
	$(BIN)/python -m samples.generator long

IPAEX := /usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf

# The long edition is drawn with the IPAex fonts: installed here when missing (as root).
bench: $(STAMP)
	@test -f $(IPAEX) || [ "$$(id -u)" != 0 ] || \
		(apt-get update -q && apt-get install -y -q fonts-ipaexfont) >/dev/null
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python -m bench

clean:
	rm -rf $(OUT) build .mypy_cache .pytest_cache .ruff_cache

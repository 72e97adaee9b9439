# Everyday commands. `make run` and `make test` create the virtual environment when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench installer clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pea-desktop $(ARGS)

# Tests run in parallel, one worker per CPU (pytest-xdist); PYTEST_ARGS comes last, so
# `make test PYTEST_ARGS="-n 0 -k claims"` runs in one process, and `-x`, `-k`... still work.
PYTEST_WORKERS ?= auto

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Style, then the layer rules of pyproject.toml (docs/layers.md).
lint: $(STAMP)
	$(BIN)/ruff check pea_desktop tests benchmarks
	$(BIN)/ruff format --check pea_desktop tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# The frozen build and the installers of this platform (installer/README.md): on Linux the
# .deb and a portable .tar.gz in dist/, and a compile check of the Windows installer script.
INSTALLER_STAMP := $(VENV)/.installer-installed

$(INSTALLER_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,installer]'
	touch $(INSTALLER_STAMP)

installer: $(INSTALLER_STAMP)
	installer/build.sh $(BIN)/python

clean:
	rm -rf $(VENV) build dist *.egg-info

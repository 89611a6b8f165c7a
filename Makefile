# Two commands on a fresh machine (only Python >= 3.11 and make needed):
#   make demo   installs into .venv and runs the demo meting -> uitvoer/demo
#   make test   installs into .venv (with test tools) and runs the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m instruments.run --demo --out uitvoer/demo

test: $(STAMP)
	$(PY) -m pytest --nbmake tests notebooks

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	$(PY) -m bench

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) uitvoer

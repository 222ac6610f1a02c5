# Two commands for a fresh machine: `make run` (the all-in-one role on embedded SQLite) and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test venv bench-ingest bench-routes clean protos

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(PY) start.py $(ARGS)

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

bench-ingest: $(STAMP)
	$(PY) bench/ingest.py $(ARGS)

bench-routes: $(STAMP)
	PYTHONPATH=src $(PY) bench/routes.py

protos: $(STAMP)  # regenerate src/magneton/rpc/generated/ from src/magneton/rpc/protos/
	PYTHONPATH=src $(PY) -m magneton.rpc.protoc

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

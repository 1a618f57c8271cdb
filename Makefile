# The README's commands. Each target sets up what it needs; nothing but Python 3.11+ is assumed.
# Targets may run at the same time (`make serve` in one terminal, `make test` in another on a fresh
# clone): the virtualenv is built under an exclusive lock, and whoever gets the lock second finds it
# built and goes on.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
# The dashboard's browser tests drive Debian's Chromium; installed here when missing (as root, as CI runs).
CHROMIUM ?= /usr/bin/chromium
# run a command holding an exclusive lock on a file (fcntl: Python's, so no flock(1) needed)
LOCKED  = $(PYTHON) -c 'import fcntl, subprocess, sys; lock = open(sys.argv[1], "w"); \
	fcntl.flock(lock, fcntl.LOCK_EX); sys.exit(subprocess.call(sys.argv[2:]))'

.PHONY: serve test setup bench schemas lock clean

$(STAMP): pyproject.toml
	$(LOCKED) $(VENV).lock sh -c 'test $(STAMP) -nt pyproject.toml || { \
		$(PYTHON) -m venv $(VENV) && \
		$(BIN)/pip install --quiet --upgrade pip && \
		$(BIN)/pip install --quiet -e ".[test]" && \
		touch $(STAMP); }'

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

# requirements.lock: the versions a fresh install of the package (no extras) resolves to, for the image
lock:
	rm -rf build/lock-venv && $(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/pip install --quiet .
	{ grep '^#' requirements.lock; build/lock-venv/bin/pip freeze --exclude ozmock; } > build/requirements.lock
	mv build/requirements.lock requirements.lock && rm -rf build/lock-venv

clean:
	rm -rf $(VENV) $(VENV).lock build dist *.egg-info

# The two commands of the README's quick start, and the steps behind them.
# Everything lands in .venv/ at the repository root; nothing is installed system-wide
# except Debian's chromium for the browser tests (as root, or through sudo).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run test lint layer install chromium bench clean

run: $(STAMP) layer
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.headless true

test: $(STAMP) chromium
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m geo gazetteer build
	touch $@

layer: $(STAMP)
	$(PY) -m geo build --if-stale

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Debian's chromium for the end-to-end tests (Playwright drives it; no browser download).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

bench: $(STAMP)
	$(PY) -m bench.seed_accuracy
	$(PY) -m bench.build_speed

clean:
	rm -rf $(VENV) data/layer.geojson data/layer.parquet data/gazetteer/index.sqlite static/vendor

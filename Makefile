# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DATABASE_URL ?= sqlite:///$(CURDIR)/db.sqlite3
export DATABASE_URL

NODE_TOOLS := node_modules/.package-lock.json

.PHONY: run test lint bench bench-quick bench-peer bench-import load-test clean fixtures backup restore

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# axe-core, injected into pages by the browser tests.
$(NODE_TOOLS): package.json package-lock.json
	npm ci --no-audit --no-fund --silent

# Create the environment, migrate, build the search index once (on a new database, before
# the seed, so that the word list is in it whole from the start), load the seed issue (once:
# importing it again is a no-op), serve http://127.0.0.1:8000/ (debug, SQLite).
run: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py rebuild_search_index --if-empty
	DJANGO_DEBUG=1 $(PY) manage.py import_issue fixtures/source/
	DJANGO_DEBUG=1 $(PY) manage.py create_local_editor
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# The whole suite (DATABASE_URL picks the database; SQLite by default).
test: $(STAMP) $(NODE_TOOLS)
	$(PY) -m pytest

# The benchmark suite (bench/__main__.py): gunicorn under production settings, driven by
# wrk; results and a Markdown table in bench/results/. Needs Redis, wrk and (for the
# reverse-proxy figures) varnishd. bench-quick: one issue, 3 s a page, under three minutes.
bench: $(STAMP)
	$(PY) -m bench --issues 3650
	$(PY) -m bench --issues 1

bench-quick: $(STAMP)
	$(PY) -m bench --quick

# The same, alternating with the Wagtail peer (../shared/peers/wagtail/bench.sh).
bench-peer: $(STAMP)
	$(PY) -m bench --peer

# The load test (bench/load.py): 5 minutes of a mixed workload at full pressure on
# PostgreSQL at 3,650 issues, then while 100 issues are imported, then while PostgreSQL
# restarts (it restarts the local cluster: not while anything else uses it).
load-test: $(STAMP)
	$(PY) -m bench.load

# The importer alone: parse the seed 1,000 times, load 1,000 synthetic issues.
bench-import: $(STAMP)
	$(PY) bench/import_issue.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache

# Regenerate fixtures/seed_issue.json from the seed's source text (a test keeps them in step).
fixtures: $(STAMP)
	rm -f .fixtures.sqlite3
	DATABASE_URL=sqlite:///$(CURDIR)/.fixtures.sqlite3 DJANGO_DEBUG=1 $(PY) manage.py migrate -v0
	DATABASE_URL=sqlite:///$(CURDIR)/.fixtures.sqlite3 DJANGO_DEBUG=1 \
		$(PY) manage.py import_issue fixtures/source/000_2699379a271d4552.txt
	DATABASE_URL=sqlite:///$(CURDIR)/.fixtures.sqlite3 DJANGO_DEBUG=1 \
		$(PY) manage.py export_issue_fixture --output fixtures/seed_issue.json
	rm -f .fixtures.sqlite3

# The database and uploaded files in one archive (backups/newsroom-<time>.tar.gz), and back.
# DATABASE_URL and MEDIA_ROOT choose what is backed up or restored, as for the site itself.
backup: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py backup $(if $(BACKUP),--output $(BACKUP))

restore: $(STAMP)
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/newsroom-….tar.gz"; exit 2; }
	DJANGO_DEBUG=1 $(PY) manage.py restore $(BACKUP)

# migrate-bot: the two set-up commands are `make demo` and `make test`.
SHELL := /usr/bin/env bash
GO ?= go
TEST_TIMEOUT ?= 20m
FUZZTIME ?= 15s
PG_ADDR ?= 127.0.0.1
PG_PORT ?= 5432

.PHONY: demo test vet build bench fuzz node-deps migration-tools databases clean

## demo: plan the fixture pull request in fixtures/demo (no server, no credentials)
demo:
	fixtures/demo/run.sh

## test: install what the suite needs, start the databases, vet, run every test
test: node-deps migration-tools databases
	$(GO) vet ./...
	$(GO) test -count=1 -timeout $(TEST_TIMEOUT) ./...

vet:
	$(GO) vet ./...

## build: the migrate-bot binary in bin/ (cgo: the SQL reader is PostgreSQL's own parser)
build:
	mkdir -p bin
	CGO_ENABLED=1 $(GO) build -trimpath -o bin/migrate-bot ./cmd/bot

## bench: the 2,000-table plan benchmarks (Prisma and SQL) with time, CPU and peak memory (README: Performance)
bench:
	$(GO) test -run TestLargePlanPeakMemory -bench . -benchmem -v ./internal/engine/bench/

## fuzz: every Fuzz target for $(FUZZTIME) each (override: make fuzz FUZZTIME=5m)
fuzz:
	@set -euo pipefail; \
	found=0; \
	for pkg in $$($(GO) list ./...); do \
	  dir=$$($(GO) list -f '{{.Dir}}' $$pkg); \
	  for target in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do \
	    found=1; echo "== $$pkg $$target ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done; \
	if [ $$found = 0 ]; then echo "no fuzz targets found"; fi

## node-deps: the Node packages of the Prisma oracle (Prisma's engine as WebAssembly)
node-deps:
	@if [ -x tools/prisma-oracle/install.sh ]; then tools/prisma-oracle/install.sh; \
	else echo "tools/prisma-oracle/install.sh not present: Prisma oracle tests will report why they cannot run"; fi

## migration-tools: the real tools the format proofs run (Alembic on SQLAlchemy 1.4 and 2, Flask-SQLAlchemy for the models oracle, Knex, dbmate; golang-migrate and goose are Go modules)
migration-tools:
	tools/alembic/install.sh
	internal/engine/source/sqlalchemy/testdata/install-oracle.sh
	tools/knex/install.sh
	tools/dbmate/install.sh

## databases: start PostgreSQL and MariaDB when they are not running (commands from the machine notes)
databases:
	@if command -v pg_isready >/dev/null && pg_isready -q -h $(PG_ADDR) -p $(PG_PORT); then \
	  echo "PostgreSQL is running on $(PG_ADDR):$(PG_PORT)"; \
	elif command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then \
	  echo "starting PostgreSQL"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -1) main start \
	    || echo "warning: PostgreSQL did not start; database tests will skip (or fail with CI=true)"; \
	else echo "warning: no PostgreSQL installation found; database tests will skip (or fail with CI=true)"; fi
	@if command -v mariadb-admin >/dev/null && mariadb-admin --user=root ping >/dev/null 2>&1; then \
	  echo "MariaDB is running"; \
	elif [ -x /usr/sbin/mariadbd ]; then \
	  echo "starting MariaDB"; \
	  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd \
	    || echo "warning: MariaDB did not start"; \
	  for i in $$(seq 1 20); do mariadb-admin --user=root ping >/dev/null 2>&1 && break; sleep 0.5; done; \
	else echo "note: MariaDB is not installed (no test needs it yet)"; fi

clean:
	rm -rf bin

#!/bin/sh
# Installs what the SQLAlchemy reader's oracle test (oracle_test.go) runs
# besides tools/alembic/install.sh (which brings SQLAlchemy 1.4 with the
# PostgreSQL and MySQL drivers, and SQLAlchemy 2.0 in tools/alembic/.sa2):
# Debian 12's Flask-SQLAlchemy 3.0 for /usr/bin/python3, for the
# Flask-SQLAlchemy fixtures. Idempotent and quiet; exits non-zero with the
# reason on failure.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../../.." && pwd)
py=/usr/bin/python3
fail() { echo "sqlalchemy oracle install: $*" >&2; exit 1; }
[ -x "$py" ] || fail "$py is missing (Debian's python3 is needed)"
# SQLAlchemy 1.4 and 2.0 come from tools/alembic/install.sh.
if [ ! -d "$root/tools/alembic/.sa2" ] || ! "$py" -c 'import sqlalchemy, psycopg2, pymysql' >/dev/null 2>&1; then
	[ -x "$root/tools/alembic/install.sh" ] || fail "tools/alembic/install.sh is missing"
	"$root/tools/alembic/install.sh"
fi
if "$py" -c 'import flask_sqlalchemy, sqlalchemy, psycopg2, pymysql' >/dev/null 2>&1; then
	exit 0
fi
command -v apt-get >/dev/null 2>&1 || fail "apt-get is missing: install python3-flask-sqlalchemy python3-sqlalchemy python3-psycopg2 python3-pymysql by hand"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-flask-sqlalchemy python3-sqlalchemy python3-psycopg2 python3-pymysql >"$log" 2>&1; then
	apt-get update -q >>"$log" 2>&1 || true
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-flask-sqlalchemy python3-sqlalchemy python3-psycopg2 python3-pymysql >>"$log" 2>&1 || { cat "$log" >&2; fail "apt-get install failed"; }
fi
"$py" -c 'import flask_sqlalchemy, sqlalchemy, psycopg2, pymysql' || fail "installed, but /usr/bin/python3 still cannot import flask_sqlalchemy"

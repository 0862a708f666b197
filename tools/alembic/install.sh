#!/bin/sh
# Installs what the Alembic proof (internal/engine/emit/alembic) runs:
#
#  1. Debian 12's Alembic 1.8 with SQLAlchemy 1.4 and the PostgreSQL and
#     MySQL drivers, system-wide with apt-get, when /usr/bin/python3 cannot
#     import them.
#  2. SQLAlchemy 2.0 and a matching Alembic for the same Python, unpacked
#     from Debian 13 (trixie) arch-independent packages into
#     tools/alembic/.sa2 (PyPI is not reachable here; Debian's archive is).
#     The system's apt sources are not touched: a private apt configuration
#     under tools/alembic/.cache points at trixie only to download the .debs.
#     Use it with
#         PYTHONPATH=tools/alembic/.sa2/usr/lib/python3/dist-packages /usr/bin/python3 -m alembic
#
# Idempotent and quiet; exits non-zero with the reason on failure.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
cd "$dir"

fail() { echo "alembic install: $*" >&2; exit 1; }

py=/usr/bin/python3
[ -x "$py" ] || fail "$py is missing (Debian's python3 is needed; the pyenv python3 on PATH has no Debian packages)"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# 1. SQLAlchemy 1.4 + Alembic 1.8 from the system's (Debian 12) archive.
if ! "$py" -c 'import alembic, sqlalchemy, psycopg2, pymysql' >/dev/null 2>&1; then
	command -v apt-get >/dev/null 2>&1 || fail "apt-get is missing: install python3-alembic python3-sqlalchemy python3-psycopg2 python3-pymysql alembic by hand"
	if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		python3-alembic python3-sqlalchemy python3-psycopg2 python3-pymysql alembic; } >"$log" 2>&1; then
		cat "$log" >&2
		fail "apt-get install failed (output above)"
	fi
	"$py" -c 'import alembic, sqlalchemy, psycopg2, pymysql' || fail "packages installed but $py cannot import them"
fi

# 2. SQLAlchemy 2 (+ Alembic, typing-extensions) from trixie, unpacked.
sa2=$dir/.sa2
site=$sa2/usr/lib/python3/dist-packages
check2() {
	PYTHONPATH=$site "$py" -c '
import sys, sqlalchemy, alembic, psycopg2, pymysql
assert sqlalchemy.__version__.startswith("2."), sqlalchemy.__version__
assert sqlalchemy.__file__.startswith(sys.argv[1]), sqlalchemy.__file__
import alembic.command, alembic.config
' "$site" >/dev/null 2>&1
}
if check2; then
	exit 0
fi

cache=$dir/.cache
mkdir -p "$cache/lists/partial" "$cache/archives/partial" "$cache/debs"
cat >"$cache/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
SRC
: >"$cache/status"
apt_private() {
	apt-get -q \
		-o Dir::Etc::sourcelist="$cache/sources.list" \
		-o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$cache/lists" \
		-o Dir::State::status="$cache/status" \
		-o Dir::Cache="$cache" \
		-o Dir::Cache::archives="$cache/archives" \
		-o APT::Architecture=amd64 \
		-o Debug::NoLocking=1 \
		"$@"
}
if ! apt_private update >"$log" 2>&1; then
	cat "$log" >&2
	fail "apt-get update against Debian trixie failed (output above)"
fi
rm -f "$cache/debs"/*.deb
if ! (cd "$cache/debs" && apt_private download python3-sqlalchemy python3-typing-extensions python3-alembic) >"$log" 2>&1; then
	cat "$log" >&2
	fail "apt-get download from Debian trixie failed (output above)"
fi
rm -rf "$sa2.tmp"
mkdir -p "$sa2.tmp"
for deb in "$cache/debs"/*.deb; do
	case $deb in
	*_all.deb) ;;
	*) fail "$deb is not an arch-independent package; it cannot run on this Python" ;;
	esac
	dpkg-deb -x "$deb" "$sa2.tmp" || fail "dpkg-deb -x $deb failed"
done
rm -rf "$sa2"
mv "$sa2.tmp" "$sa2"
if ! check2; then
	PYTHONPATH=$site "$py" -c 'import sqlalchemy, alembic; print("sqlalchemy", sqlalchemy.__version__, sqlalchemy.__file__); print("alembic", alembic.__version__)' >&2 || true
	fail "SQLAlchemy 2 unpacked into $sa2 but does not import with $py (see above)"
fi

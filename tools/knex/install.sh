#!/bin/sh
# Installs Knex and its PostgreSQL and MySQL drivers, with TypeScript and
# ts-node for .ts migrations (tools/knex/node_modules), from package-lock.json,
# only when they are missing or older than the lock file. Idempotent and
# quiet; exits non-zero with the reason on failure. Needs node >= 20 and npm.
# SQLite goes through better-sqlite3, which is not installed a second time:
# the tests put tools/prisma-oracle/node_modules on NODE_PATH, and this script
# runs tools/prisma-oracle/install.sh (which builds it) first.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
cd "$dir"

fail() { echo "knex install: $*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || fail "node is not installed (Node.js 20 or later is needed)"
command -v npm >/dev/null 2>&1 || fail "npm is not installed"

"$dir/../prisma-oracle/install.sh" || fail "tools/prisma-oracle/install.sh failed (it provides better-sqlite3)"

stamp=node_modules/.migrate-bot-lock-sha256
want=$(node -e 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync("package-lock.json")).digest("hex"))')

check() {
	NODE_PATH="$dir/../prisma-oracle/node_modules" node -e '
		require("knex"); require("pg"); require("mysql2"); require("ts-node"); require("typescript")
		const Database = require("better-sqlite3"); new Database(":memory:").close()
	' >/dev/null 2>&1
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && check; then
	exit 0
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! npm ci --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
	cat "$log" >&2
	fail "npm ci failed in $dir (output above)"
fi
if ! check; then
	NODE_PATH="$dir/../prisma-oracle/node_modules" node -e 'require("knex"); require("pg"); require("mysql2"); require("better-sqlite3")' >&2 || true
	fail "packages installed but do not load (see above); try removing $dir/node_modules and running again"
fi
printf '%s' "$want" >"$stamp"

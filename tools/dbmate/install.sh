#!/bin/sh
# Installs dbmate, the real binary published on npm (dbmate with its
# prebuilt @dbmate/linux-x64 package), into tools/dbmate/node_modules from
# package-lock.json, only when it is missing or older than the lock file.
# The tests of internal/engine/emit/sqlfile run
# tools/dbmate/node_modules/.bin/dbmate. Idempotent and quiet; exits
# non-zero with the reason on failure. Needs node >= 20 and npm.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
cd "$dir"

fail() { echo "dbmate install: $*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || fail "node is not installed (Node.js 20 or later is needed)"
command -v npm >/dev/null 2>&1 || fail "npm is not installed"

stamp=node_modules/.migrate-bot-lock-sha256
want=$(node -e 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync("package-lock.json")).digest("hex"))')

check() {
	node_modules/.bin/dbmate --version >/dev/null 2>&1
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && check; then
	exit 0
fi

# npm install --no-save, not npm ci: dbmate lists its binaries for every
# platform as optional dependencies, and a registry that does not serve the
# other platforms' packages leaves them out of the lock file, which npm ci
# then refuses as out of sync. --no-save installs the locked versions and
# leaves package.json and package-lock.json as they are.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! npm install --no-save --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
	cat "$log" >&2
	fail "npm install failed in $dir (output above)"
fi
if ! check; then
	node_modules/.bin/dbmate --version >&2 || true
	fail "dbmate installed but does not run (see above); try removing $dir/node_modules and running again"
fi
printf '%s' "$want" >"$stamp"

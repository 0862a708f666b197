#!/bin/sh
# Installs the Prisma oracle's Node packages (tools/prisma-oracle/node_modules)
# from package-lock.json, only when they are missing or older than the lock
# file. Idempotent and quiet; exits non-zero with the reason on failure.
# Needs node >= 20 and npm. better-sqlite3 compiles its SQLite from source when
# its prebuilt binary cannot be downloaded (about 80 s on 2 cores; needs
# python3, make and a C++ compiler).
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
cd "$dir"

fail() { echo "prisma-oracle install: $*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || fail "node is not installed (Node.js 20 or later is needed)"
command -v npm >/dev/null 2>&1 || fail "npm is not installed"

stamp=node_modules/.migrate-bot-lock-sha256
want=$(node -e 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync("package-lock.json")).digest("hex"))')

check() {
	node --input-type=module -e '
		await import("@prisma/schema-engine-wasm/schema_engine_bg")
		await import("@prisma/adapter-pg")
		await import("@prisma/adapter-better-sqlite3")
		await import("@prisma/prisma-schema-wasm")
		const { default: Database } = await import("better-sqlite3")
		new Database(":memory:").close()
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
	node --input-type=module -e 'const { default: D } = await import("better-sqlite3"); new D(":memory:")' >&2 || true
	fail "packages installed but do not load (see above); try removing $dir/node_modules and running again"
fi
printf '%s' "$want" >"$stamp"

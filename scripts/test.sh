#!/usr/bin/env bash
# `npm test`: every test, on a fresh machine too. Installs and starts what is missing, builds the
# web app, then runs vitest (unit, then integration against the real Postgres and Redis, then the
# browser tests). Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_postgres
ensure_redis
ensure_chromium
ensure_node_modules
export PATH="$PWD/node_modules/.bin:$PATH"
log "node $(node --version)"

npm run --silent db:generate >/dev/null
log "building the web app"
npm run --silent build >/dev/null
log "running tests"
exec vitest run "$@"

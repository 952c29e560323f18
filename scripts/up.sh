#!/usr/bin/env bash
# `npm run up`: brings the whole product up on this machine.
# - With Shopify credentials (SHOPIFY_API_KEY in the environment or .env): the Shopify CLI's
#   `shopify app dev` flow against your development store.
# - Without: a local demo on a simulated store (web, worker, simulated Shopify, live sales).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

if [ "${NODE_ENV:-}" = "production" ]; then
  log "refusing to start: NODE_ENV=production (the demo fakes Shopify; deploy with npm start / npm run worker)"
  exit 1
fi
ensure_postgres
ensure_redis
ensure_node_modules
export PATH="$PWD/node_modules/.bin:$PATH"

if [ -z "${SHOPIFY_API_KEY:-}" ] && [ -f .env ] && grep -q '^SHOPIFY_API_KEY=' .env; then
  set -a; source .env; set +a
fi
if [ -n "${SHOPIFY_API_KEY:-}" ] && [ "${DEMO_MODE:-}" != "1" ]; then
  log "Shopify credentials found: running the Shopify CLI (shopify app dev)"
  exec npx --yes @shopify/cli@3 app dev
fi
exec node tools/demo/main.ts "$@"

# Shared by scripts/up.sh and scripts/test.sh: make sure what the product needs is on this
# machine and running, installing from Debian's packages and the npm registry when it is not.
# Everything here is idempotent and quick when nothing is missing.

log() { printf '\033[1m[radar]\033[0m %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  log "installing $* from Debian's packages"
  as_root apt-get install -y -q "$@" >/dev/null 2>&1 || {
    as_root apt-get update -q >/dev/null 2>&1
    as_root apt-get install -y -q "$@" >/dev/null
  }
}

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return; fi
  command -v pg_ctlcluster >/dev/null || apt_install postgresql postgresql-client
  log "starting PostgreSQL"
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
  pg_isready -q -h 127.0.0.1 -p 5432 || { log "PostgreSQL did not start on 127.0.0.1:5432"; exit 1; }
  # Local development trusts loopback connections as user postgres (the machine's default).
  psql -h 127.0.0.1 -U postgres -Atc 'select 1' >/dev/null 2>&1 || {
    log "cannot connect as postgres@127.0.0.1; set DATABASE_URL / TEST_PG_ADMIN_URL to a superuser URL"
    exit 1
  }
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return; fi
  command -v redis-server >/dev/null || apt_install redis-server
  log "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --maxmemory-policy noeviction >/dev/null
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.2; done
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { log "Redis did not start on 127.0.0.1:6379"; exit 1; }
}

ensure_chromium() {
  command -v chromium >/dev/null || apt_install chromium
}

# Installs npm dependencies when node_modules is missing or older than the lockfile. The Node 24
# the project needs comes from the registry as the `node` package and is first on PATH inside npm
# scripts. `npm install` (pinned by the lockfile), not `npm ci`: npm 11 on these machines writes
# lockfiles without other platforms' optional packages, which `npm ci` then rejects.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm dependencies"
    npm install --no-audit --no-fund --loglevel=error
  fi
  [ -x node_modules/.bin/node ] || { log "node_modules/.bin/node is missing: npm ci did not finish"; exit 1; }
}

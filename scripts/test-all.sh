#!/usr/bin/env bash
# Installs what is missing (Debian's chromium and postgresql, npm packages) and runs every test:
# format, lint, typecheck, unit + integration (PGlite and a real PostgreSQL server), next build,
# the crash harness against the built portal, the portal's Playwright suite and the sandbox's
# Playwright suite. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# Reports go to reports/: Playwright empties test-results/ at the start of each run.
mkdir -p reports
rm -f reports/*-results.json

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
failures=()

# --- system packages ----------------------------------------------------------------------------
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  step "Installing Debian packages: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null \
    || { echo "Could not install ${need[*]} (needs root or sudo)."; exit 1; }
fi

# --- npm packages (npm ci refuses lockfiles made here: npm install keeps the lockfile) -----------
step "npm install"
npm install --no-audit --no-fund --loglevel=error || { echo "npm install failed"; exit 1; }

# --- static checks ------------------------------------------------------------------------------
step "Static checks: format, lint, typecheck (npm run check)"; npm run -s check || failures+=("check")

# --- PostgreSQL for the database tests (own port, own folder, stopped on exit) -------------------
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PG_DIR=$(mktemp -d /tmp/portal-pg.XXXXXX)
PG_PORT=${TEST_PG_PORT:-5433}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_pg() { as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1; rm -rf "$PG_DIR"; }
trap stop_pg EXIT
step "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
[ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
if as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null \
  && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR" -w -l "$PG_DIR/log" start >/dev/null; then
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
else
  echo "PostgreSQL did not start"; failures+=("postgresql")
fi

# --- unit and integration tests -----------------------------------------------------------------
# Includes the upstream fault run (lib/upstream-faults.integration.test.ts): its own sandbox on a
# free port, faults through the control API, about 30 s on PGlite and PostgreSQL together.
step "Unit and integration tests (PGlite${TEST_DATABASE_URL:+ and PostgreSQL})"
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/unit-results.json \
  || failures+=("unit")

# --- build and browser tests --------------------------------------------------------------------
step "next build"
if npx next build; then
  node scripts/check-bundle-secrets.mjs || failures+=("secrets-in-bundle")
  step "Built portal: crash harness (PGlite${TEST_DATABASE_URL:+ and PostgreSQL}) and fuzz suite (PostgreSQL)"
  npx vitest run -c vitest.built.config.ts --reporter=default --reporter=json \
    --outputFile.json=reports/built-results.json || failures+=("crash-fuzz")
  step "Portal e2e (Playwright, Debian Chromium)"
  npx playwright test || failures+=("e2e")
else
  failures+=("build")
fi
if [ -f playwright.sandbox.config.ts ]; then
  step "Sandbox e2e: the official Web SDK against the hosted pages"
  npx playwright test -c playwright.sandbox.config.ts || failures+=("sandbox-e2e")
fi

step "Totals"
node scripts/test-totals.mjs reports || failures+=("totals")
if [ ${#failures[@]} -gt 0 ]; then
  echo "Failed steps: ${failures[*]}"
  exit 1
fi

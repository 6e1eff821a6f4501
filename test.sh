#!/usr/bin/env bash
# Runs every test suite of Infirmary, as CI does: builds the solution, starts a throwaway PostgreSQL cluster on a
# free port, runs the unit, engine, feature (SQLite and PostgreSQL) and browser tests, then stops the cluster.
# On a fresh Debian machine run as root, it first installs what is missing (PostgreSQL server, Chromium).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

log() { printf '\n==> %s\n' "$*"; }

find_pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then echo "$d"; return 0; fi
  done
  return 1
}

apt_updated=0
install_packages() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "error: missing $* and not running as root to install it (apt-get install $*)." >&2
    exit 1
  fi
  if [[ $apt_updated -eq 0 ]]; then
    log "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
  log "Installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

PG_BIN=$(find_pg_bin || true)
if [[ -z "$PG_BIN" ]]; then
  install_packages postgresql
  PG_BIN=$(find_pg_bin || true)
fi
if [[ -z "$PG_BIN" ]]; then echo "error: PostgreSQL server binaries (initdb, pg_ctl) not found." >&2; exit 1; fi

if [[ ! -x /usr/bin/chromium ]]; then
  install_packages chromium fonts-liberation
fi
if [[ ! -x /usr/bin/chromium ]]; then echo "error: /usr/bin/chromium not found; browser tests need it." >&2; exit 1; fi

log "Building"
dotnet build Infirmary.slnx -nologo -v quiet -clp:ErrorsOnly

# A throwaway cluster: trust auth on 127.0.0.1 only, no durability (it is deleted afterwards).
PG_DIR=$(mktemp -d /tmp/infirmary-pg.XXXXXX)
chmod 755 "$PG_DIR"
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [[ $(id -u) -eq 0 ]]; then chown postgres "$PG_DIR"; fi
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PG_PORT=""
for p in $(seq 55432 55532); do if port_free "$p"; then PG_PORT=$p; break; fi; done
[[ -n "$PG_PORT" ]] || { echo "error: no free port for PostgreSQL" >&2; exit 1; }

stop_pg() { as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PG_DIR"; }
trap stop_pg EXIT

log "Starting PostgreSQL ($("$PG_BIN/postgres" --version)) on port $PG_PORT"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w start \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" >/dev/null

export INFIRMARY_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Pooling=true"
export INFIRMARY_CHROMIUM=/usr/bin/chromium

log "Running tests"
set +e
dotnet test Infirmary.slnx --no-build -nologo 2>&1 | tee "$PG_DIR/test-output.txt"
status=${PIPESTATUS[0]}
set -e

passed=$(grep -Eo 'Passed: +[0-9]+' "$PG_DIR/test-output.txt" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$PG_DIR/test-output.txt" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$PG_DIR/test-output.txt" | awk '{s+=$2} END {print s+0}')
echo
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [[ "$skipped" -ne 0 && "${CI:-}" == "true" ]]; then
  echo "error: tests were skipped; in CI every suite must run." >&2
  exit 1
fi
exit "$status"

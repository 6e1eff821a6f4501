#!/usr/bin/env bash
# Starts the PostgreSQL cluster the database benchmarks in docs/benchmarks.md run against (ADR 0136): a local
# cluster on 127.0.0.1 with trust authentication, configured as a small production server would be (memory for the
# working set, checkpoints far apart), with durability left on: fsync, synchronous_commit and full_page_writes are
# PostgreSQL's defaults, so every acknowledged write is on disk as in production.
#
#   bench/postgres.sh [DIR] [PORT]      (defaults: /tmp/infirmary-bench-pg, 55999)
#
# Run as root (it runs PostgreSQL as the postgres user) or as a user who can run initdb. Running it again on an
# existing DIR applies the settings and restarts the cluster; the databases in it are kept.
set -euo pipefail
DIR=${1:-/tmp/infirmary-bench-pg}
PORT=${2:-55999}

PG_BIN=""
for d in /usr/lib/postgresql/*/bin; do
  if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then PG_BIN=$d; fi
done
if [[ -z "$PG_BIN" ]]; then
  echo "error: PostgreSQL server binaries not found; install them with: apt-get install postgresql" >&2
  exit 1
fi

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mkdir -p "$DIR"
if [[ $(id -u) -eq 0 ]]; then chown postgres "$DIR"; fi
if [[ ! -f "$DIR/data/PG_VERSION" ]]; then
  as_pg "$PG_BIN/initdb" -D "$DIR/data" -U postgres -A trust --no-instructions >/dev/null
fi

# Settings (ADR 0136). Memory: the 1,000,000-patient database is about 1 GB, so it fits in shared buffers rather than
# being copied in from the operating system's cache on every miss. Checkpoints: with the defaults (1 GB of WAL or
# 5 minutes) a write benchmark checkpoints every minute or two, and the first change to each page after a checkpoint
# writes the whole page to the WAL; production servers space them out, and so does this one.
cat > "$DIR/data/postgresql.auto.conf" <<CONF
# Written by bench/postgres.sh (ADR 0136).
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
max_connections = 100
shared_buffers = '2GB'
effective_cache_size = '12GB'
random_page_cost = 1.1
max_wal_size = '8GB'
checkpoint_timeout = '30min'
CONF
if [[ $(id -u) -eq 0 ]]; then chown postgres "$DIR/data/postgresql.auto.conf"; fi

if as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -w restart -l "$DIR/log" >/dev/null
else
  rm -f "$DIR/data/postmaster.pid"
  as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -w start -l "$DIR/log" >/dev/null
fi
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') for benchmarks on 127.0.0.1:$PORT (data in $DIR/data, log $DIR/log)"

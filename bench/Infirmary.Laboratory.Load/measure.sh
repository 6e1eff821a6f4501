#!/bin/bash
# One run of the interface driver with the CPU it cost per message: the server's (the process listening on the MLLP
# port), the PostgreSQL backends connected to the benchmark database, and the driver's own. Run from the repository
# root with the server already started (docs/benchmarks.md, "Analyser interface over MLLP on PostgreSQL").
# Usage: bench/Infirmary.Laboratory.Load/measure.sh [connections] [messages per connection] [mllp port] [database]
set -euo pipefail
C=${1:-8}; N=${2:-1000}; PORT=${3:-25991}; DB=${4:-infirmary_bench_lab}
PSQL="psql -h 127.0.0.1 -p 55999 -U postgres -Atq"
SPID=$(ss -ltnp "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() { local s=0; for p in $($PSQL -c "SELECT pid FROM pg_stat_activity WHERE datname = '$DB'"); do s=$((s + $(ticks "$p"))); done; echo $s; }
HZ=$(getconf CLK_TCK)
s0=$(ticks "$SPID"); p0=$(pg_ticks); l0=$(cut -d' ' -f1-3 /proc/loadavg)
out=$( { /usr/bin/time -f "driver-cpu %U %S" dotnet bench/Infirmary.Laboratory.Load/bin/Release/net10.0/Infirmary.Laboratory.Load.dll 127.0.0.1 "$PORT" "$C" "$N"; } 2>&1 )
s1=$(ticks "$SPID"); p1=$(pg_ticks); l1=$(cut -d' ' -f1-3 /proc/loadavg)
echo "$out" | grep -v driver-cpu
run=$(echo "$out" | grep -o 'run B[0-9]*' | cut -d' ' -f2)
d=$(echo "$out" | awk '/driver-cpu/ { print $2 + $3 }')
T=$((C * N))
awk -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v d="$d" -v t=$T -v hz="$HZ" -v l0="$l0" -v l1="$l1" 'BEGIN {
  printf "CPU per message: server %.3f ms, PostgreSQL %.3f ms, driver %.3f ms; load average %s before, %s after\n",
    s * 1000 / hz / t, p * 1000 / hz / t, d * 1000 / t, l0, l1 }'
$PSQL -d "$DB" -c "SELECT 'stored ' || count(*) || ', distinct ' || count(DISTINCT control_id) || ', mean batch '
  || round(count(*)::numeric / count(DISTINCT received_at), 1) FROM lab_inbound_messages WHERE control_id LIKE '$run-%'"

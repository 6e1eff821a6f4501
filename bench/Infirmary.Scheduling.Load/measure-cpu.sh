#!/usr/bin/env bash
# CPU per booking (docs/benchmarks.md, "Scheduling"): runs the driver's `book` command against the two servers on ports
# 5181 and 5182 and reads, at the end of the warm-up and at the end of the counted run, the CPU seconds of both web
# processes and of the PostgreSQL backends serving infirmary_sched_bench (/proc/<pid>/stat, user + system) and the
# transactions committed in that database (pg_stat_database.xact_commit); prints them per request.
# usage: measure-cpu.sh <driver dll> <PostgreSQL connection string> <seconds> <workers>
set -u
L=$1; PG=$2; SECS=$3; W=$4
P1=$(pgrep -f "urls http://127.0.0.1:5181" | head -1); P2=$(pgrep -f "urls http://127.0.0.1:5182" | head -1)
tck=$(getconf CLK_TCK)
cpu() { awk -v t="$tck" '{print ($14+$15)/t}' "/proc/$1/stat" 2>/dev/null || echo 0; }
sql() { for _ in $(seq 1 50); do r=$(psql -h 127.0.0.1 -p 55999 -U postgres -d infirmary_sched_bench -AtXc "$1" 2>/dev/null) && { echo "$r"; return; }; sleep 0.1; done; }
pgcpu() { s=0; for p in $(sql "select string_agg(pid::text, ' ') from pg_stat_activity where datname='infirmary_sched_bench' and pid <> pg_backend_pid()"); do s=$(echo "$s + $(cpu "$p")" | bc -l); done; echo "$s"; }
xact() { sql "select xact_commit from pg_stat_database where datname='infirmary_sched_bench'"; }
out=$(mktemp)
dotnet "$L" book "$PG" "$SECS" "$W" http://127.0.0.1:5181 http://127.0.0.1:5182 > "$out" 2>&1 &
D=$!
while ! grep -q "warm-up:" "$out"; do sleep 0.1; kill -0 $D 2>/dev/null || { cat "$out"; exit 1; }; done
t1=$(date -u +%H:%M:%S); a1=$(cpu "$P1"); a2=$(cpu "$P2"); ap=$(pgcpu); ax=$(xact); la1=$(cut -d' ' -f1-3 /proc/loadavg)
while ! grep -q "^servers" "$out"; do sleep 0.1; kill -0 $D 2>/dev/null || break; done
t2=$(date -u +%H:%M:%S); b1=$(cpu "$P1"); b2=$(cpu "$P2"); bp=$(pgcpu); bx=$(xact); la2=$(cut -d' ' -f1-3 /proc/loadavg)
wait $D
cat "$out"
n=$(grep -oP '^servers \d+, workers \d+, \K\d+' "$out"); rm -f "$out"
echo "window $t1-$t2 UTC, load average at start $la1, at end $la2"
echo "requests $n; web CPU $(echo "$b1-$a1" | bc -l) + $(echo "$b2-$a2" | bc -l) s; PostgreSQL backends $(echo "$bp-$ap" | bc -l) s; commits $((bx-ax))"
echo "per request: web $(echo "scale=2; ($b1-$a1+$b2-$a2)*1000/$n" | bc -l) ms, PostgreSQL $(echo "scale=2; ($bp-$ap)*1000/$n" | bc -l) ms, commits $(echo "scale=2; ($bx-$ax)/$n" | bc -l)"

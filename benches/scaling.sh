#!/bin/sh
# Scaling table of generated pools (4 weeks): vacancies, variables, rows, time to a 1% gap and
# peak memory. Usage: sh benches/scaling.sh [LIMIT_SECONDS] [STAFF...]
# Needs a release build (cargo build --release -p roster-cli) and GNU time (/usr/bin/time).
# SEARCH=1 adds --search (the neighbourhood search racing HiGHS).
set -eu
limit=${1:-600}
shift 2>/dev/null || true
sizes=${*:-"50 100 200 400 800"}
bin=./target/release/roster
dir=$(mktemp -d)
echo "| staff | vacancies | variables | rows | status | gap | seconds | peak memory (MiB) | checker |"
echo "|---:|---:|---:|---:|---|---:|---:|---:|---|"
for n in $sizes; do
  $bin generate --staff "$n" --weeks 4 --seed 1 --out "$dir/pool-$n.json" >/dev/null
  search=""; [ "${SEARCH:-0}" = 1 ] && search="--search"
  /usr/bin/time -f "%e %M" -o "$dir/mem-$n" $bin solve "$dir/pool-$n.json" --out "$dir/roster-$n.json" \
    --gap 0.01 --time-limit "$limit" --threads 2 $search --quiet || true
  # Every roster through the independent checker.
  if [ ! -f "$dir/roster-$n.json" ]; then
    echo "| $n | | | | no roster | | | | |"
    continue
  fi
  if $bin check "$dir/pool-$n.json" "$dir/roster-$n.json" >/dev/null 2>&1; then verdict=clean; else verdict=VIOLATIONS; fi
  python3 - "$dir/pool-$n.json" "$dir/roster-$n.json" "$dir/mem-$n" "$n" "$verdict" <<'PY'
import json, sys
scenario, roster, mem, n, verdict = sys.argv[1:6]
s = json.load(open(scenario)); r = json.load(open(roster))["solve"]
seconds, kib = open(mem).read().split()[-2:]
print(f"| {n} | {len(s['vacancies'])} | {r['variables']} | {r['rows']} | {r['status']} | {100*r['gap']:.2f}% | {float(seconds):.1f} | {int(kib)/1024:.0f} | {verdict} |")
PY
done
rm -rf "$dir"

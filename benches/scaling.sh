#!/bin/sh
# Scaling table of generated pools (4 weeks): vacancies, variables, rows, time to a 1% gap and
# peak memory. Usage: sh benches/scaling.sh [LIMIT_SECONDS] [STAFF...]
# Needs a release build (cargo build --release -p roster-cli) and GNU time (/usr/bin/time).
set -eu
limit=${1:-600}
shift 2>/dev/null || true
sizes=${*:-"50 100 200 400 800"}
bin=./target/release/roster
dir=$(mktemp -d)
echo "| staff | vacancies | variables | rows | status | gap | seconds | peak memory (MiB) |"
echo "|---:|---:|---:|---:|---|---:|---:|---:|"
for n in $sizes; do
  $bin generate --staff "$n" --weeks 4 --seed 1 --out "$dir/pool-$n.json" >/dev/null
  /usr/bin/time -f "%M" -o "$dir/mem-$n" $bin solve "$dir/pool-$n.json" --out "$dir/roster-$n.json" \
    --gap 0.01 --time-limit "$limit" --threads 2 --search --quiet || true
  python3 - "$dir/pool-$n.json" "$dir/roster-$n.json" "$dir/mem-$n" "$n" <<'PY'
import json, sys
scenario, roster, mem, n = sys.argv[1:5]
s = json.load(open(scenario)); r = json.load(open(roster))["solve"]
kib = int(open(mem).read().split()[-1])
print(f"| {n} | {len(s['vacancies'])} | {r['variables']} | {r['rows']} | {r['status']} | {100*r['gap']:.2f}% | {r['seconds']:.1f} | {kib/1024:.0f} |")
PY
done
rm -rf "$dir"

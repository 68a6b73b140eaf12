#!/bin/sh
# The Curtois & Qu table: for each instance, import, solve with a time limit on 2 threads and
# print our objective, bound and time next to the published values (../shared/benchmarks).
# Usage: sh benches/curtois.sh LIMIT_SECONDS [INSTANCE_NUMBERS...]   (default 1..24)
# SEARCH=1 adds --search (the neighbourhood search racing HiGHS). GAP=G adds --gap G (any gap
# switches on stage 1's neighbourhood search; GAP=0.0001 asks for 0.01%, below one unit of
# objective up to 10,000).
set -eu
limit=${1:-60}
shift 2>/dev/null || true
numbers=${*:-"$(seq 1 24)"}
bin=./target/release/roster
data=${CURTOIS_DIR:-../shared/benchmarks/curtois}
dir=$(mktemp -d)
echo "| instance | best known | lower bound | ours ($limit s) | our bound | status | seconds | checker |"
echo "|---:|---:|---:|---:|---:|---|---:|---|"
for i in $numbers; do
  $bin import curtois "$data/Instance$i.txt" --out "$dir/i$i.json" >/dev/null
  search=""; [ "${SEARCH:-0}" = 1 ] && search="--search"
  [ -n "${GAP:-}" ] && search="$search --gap $GAP"
  start=$(date +%s.%N)
  $bin solve "$dir/i$i.json" --out "$dir/r$i.json" --time-limit "$limit" --threads 2 $search --quiet || true
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  if [ -f "$dir/r$i.json" ]; then
    if $bin check "$dir/i$i.json" "$dir/r$i.json" >/dev/null 2>&1; then verdict=clean; else verdict=VIOLATIONS; fi
  else
    verdict="no roster"
  fi
  python3 - "$i" "$dir/r$i.json" "$verdict" "$seconds" <<'PY'
import json, os, sys
i, path, verdict, seconds = int(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
# Published values (README of ../shared/benchmarks/curtois): best known UB, best LB (None: none found).
best = {1: (607, 607), 2: (828, 828), 3: (1001, 1001), 4: (1716, 1716), 5: (1143, 1141), 6: (1950, 1949),
        7: (1056, 1055), 8: (1300, 1300), 9: (439, 439), 10: (4631, None), 11: (3443, None), 12: (4040, None),
        13: (1348, 1348), 14: (1278, 1278), 15: (3829, 3823), 16: (3225, 3225), 17: (5746, 5746),
        18: (4459, 4459), 19: (3149, 3148), 20: (4769, 4091), 21: (21133, 11898), 22: (30241, 24064),
        23: (17428, 2765), 24: (42463, None)}
ub, lb = best[i]
if os.path.exists(path):
    r = json.load(open(path))["solve"]
    print(f"| {i} | {ub} | {lb if lb is not None else '–'} | {r['objective']:.0f} | {r['best_bound']:.0f} | {r['status']} | {seconds:.1f} | {verdict} |")
else:
    print(f"| {i} | {ub} | {lb if lb is not None else '–'} | – | – | no roster | – | {verdict} |")
PY
done
rm -rf "$dir"

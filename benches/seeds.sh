#!/bin/sh
# Time to proven optimality of the sample pool (agency stage only) for HiGHS seeds 0-6, with
# and without the neighbourhood search. Usage: sh benches/seeds.sh  (after cargo build --release)
set -eu
bin=./target/release/roster
for search in "--search" ""; do
  for seed in 0 1 2 3 4 5 6; do
    start=$(date +%s.%N)
    $bin solve fixtures/sample-pool.json --out /tmp/roster-seeds.json --no-secondary --threads 2 --seed "$seed" $search --quiet
    end=$(date +%s.%N)
    echo "search=${search:-off} seed=$seed seconds=$(echo "$end - $start" | bc)"
  done
done

#!/bin/sh
# The sample pool solved as README's first command does (agency cost proven optimal, then the
# secondary objective), for HiGHS seeds 0-6: total seconds, stage-1 seconds of the larger
# component, the secondary objective reached, and whether seed 0 gives the same bytes twice.
# Usage: sh benches/sample.sh  (after cargo build --release)
set -eu
bin=./target/release/roster
out=/tmp/roster-sample-bench
mkdir -p $out
for seed in 0 1 2 3 4 5 6; do
  start=$(date +%s.%N)
  $bin solve fixtures/sample-pool.json --out $out/seed-$seed.json --threads 2 --seed "$seed" --quiet --log debug 2> $out/seed-$seed.log
  end=$(date +%s.%N)
  # Stage 1 ends either with the optimal-face dive finding its roster or with the
  # branch-and-bound (whose seconds include a failed dive).
  stage1=$(grep -E "stage 1 \(agency cost\) done|optimal face.*found=true" $out/seed-$seed.log | sed 's/.*seconds=\([0-9.]*\).*/\1/' | sort -n | tail -1)
  stage2=$(grep "stage 2" $out/seed-$seed.log | sed 's/.*seconds=\([0-9.]*\).*/\1/' | sort -n | tail -1)
  echo "seed=$seed total=$(echo "$end - $start" | bc) stage1_max=$stage1 stage2_max=$stage2 load=$(cut -d' ' -f1 /proc/loadavg)"
done
$bin solve fixtures/sample-pool.json --out $out/seed-0-again.json --threads 2 --seed 0 --quiet
cmp $out/seed-0.json $out/seed-0-again.json && echo "seed 0 twice: identical bytes"

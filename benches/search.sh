#!/bin/sh
# Stage 1's neighbourhood search at fixed work (rounds and node limits, no clock): the same
# build, scenario and seed give the same rosters on any machine, so a change to the search is
# judged on its rosters after the same rounds over several seeds, not on single timed solves.
# Usage: sh benches/search.sh SCENARIO [PART] [ROUNDS] [SEEDS]
#   PART   component, by number of staff, largest first (default 0)
#   ROUNDS rounds per seed (default 100)
#   SEEDS  comma-separated (default 1,2,3,4), two at a time
# START=FILE keeps the starting roster in FILE (computed once: best responses for at most
# START_SECONDS, default 60, else the best roster within the LP's support, which can take minutes);
# ROSTER=FILE starts from a solve's roster instead (late in a solve; kept in START if given);
# GUIDE=0 searches without the LP relaxation's guide (as stage 1 does where the LP does not solve);
# ROUND_SECONDS=2 cuts each round at 2 s as a solve does (the rosters then depend on the machine).
# Prints a markdown table of the objective after each quarter of the rounds.
set -eu
scenario=$(realpath "$1")
ROSTER_TRIAL_SCENARIO=$scenario ROSTER_TRIAL_PART=${2:-0} ROSTER_TRIAL_ROUNDS=${3:-100} \
  ROSTER_TRIAL_SEEDS=${4:-1,2,3,4} ROSTER_TRIAL_START=${START:-} ROSTER_TRIAL_GUIDE=${GUIDE:-1} \
  ROSTER_TRIAL_START_SECONDS=${START_SECONDS:-60} ROSTER_TRIAL_ROSTER=${ROSTER:-} \
  ROSTER_TRIAL_ROUND_SECONDS=${ROUND_SECONDS:-} \
  cargo test --release -q -p roster --lib search_at_fixed_work -- --ignored --nocapture

//! Combining the outputs of shards (`roster whatif --shard K/N`) into the results of the whole
//! sweep: same plan, every point exactly once, solved or with the reason it could not be
//! (infeasible, no roster within the limits). A point a stopped shard did not run counts as
//! missing: run that shard again.

use crate::plan::grid_counts;
use crate::sweep::{PointOutcome, SweepResults, Unsolved, RESULTS_FORMAT};
use crate::WhatifError;
use std::collections::BTreeMap;

/// Merges shard results; each comes with a name for messages (e.g. its file). The plans must
/// be equal, no point may appear twice, and together they must cover every point.
pub fn merge(parts: Vec<(String, SweepResults)>) -> Result<SweepResults, WhatifError> {
    let Some((first_name, first)) = parts.first() else {
        return Err(WhatifError::Usage("expected at least one results file to merge".into()));
    };
    let plan = first.plan.clone();
    let mut points = BTreeMap::new();
    let mut not_run = Vec::new();
    for (name, part) in &parts {
        if part.format != RESULTS_FORMAT {
            return Err(WhatifError::Usage(format!(
                "{name}: expected what-if results of format {RESULTS_FORMAT:?}, got {:?}",
                part.format
            )));
        }
        if part.plan != plan {
            return Err(WhatifError::Usage(format!(
                "{name}: the results of a different sweep than {first_name} (scenario, axes, removals or profiles differ)"
            )));
        }
        for outcome in part.outcomes() {
            let index = outcome.index();
            if index >= plan.points || outcome.counts() != grid_counts(&plan.axes, index) {
                return Err(WhatifError::Usage(format!(
                    "{name}: point {index} does not belong to this sweep's grid of {} points",
                    plan.points
                )));
            }
            if matches!(&outcome, PointOutcome::Unsolved(p) if p.status == Unsolved::NotRun) {
                not_run.push(format!("{index} ({name})"));
                continue;
            }
            if let Some((other, _)) = points.insert(index, (name.clone(), outcome)) {
                return Err(WhatifError::Usage(format!("point {index} is in both {other} and {name}")));
            }
        }
    }
    if !not_run.is_empty() {
        return Err(WhatifError::Usage(format!(
            "{} points were not run because a sweep was stopped (points {}): run those shards again",
            not_run.len(),
            first_ten(&not_run)
        )));
    }
    let missing: Vec<String> = (0..plan.points).filter(|i| !points.contains_key(i)).map(|i| i.to_string()).collect();
    if !missing.is_empty() {
        return Err(WhatifError::Usage(format!(
            "{} of {} points are missing (points {}): merge the outputs of every shard",
            missing.len(),
            plan.points,
            first_ten(&missing)
        )));
    }
    let (mut rows, mut unsolved) = (Vec::new(), Vec::new());
    for (_, outcome) in points.into_values() {
        match outcome {
            PointOutcome::Solved(row) => rows.push(row),
            PointOutcome::Unsolved(point) => unsolved.push(point),
        }
    }
    Ok(SweepResults::new(plan, None, rows, unsolved, false))
}

/// The first ten of `items`, comma-separated, with `...` when there are more.
fn first_ten(items: &[String]) -> String {
    let shown = items.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > 10 {
        format!("{shown}, ...")
    } else {
        shown
    }
}

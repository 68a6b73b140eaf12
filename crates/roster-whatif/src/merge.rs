//! Combining the outputs of shards (`roster whatif --shard K/N`) into the results of the whole
//! sweep: same plan, every point exactly once.

use crate::plan::grid_counts;
use crate::sweep::{SweepResults, RESULTS_FORMAT};
use crate::WhatifError;
use std::collections::BTreeMap;

/// Merges shard results; each comes with a name for messages (e.g. its file). The plans must
/// be equal, no point may appear twice, and together they must cover every point.
pub fn merge(parts: Vec<(String, SweepResults)>) -> Result<SweepResults, WhatifError> {
    let Some((first_name, first)) = parts.first() else {
        return Err(WhatifError::Usage("expected at least one results file to merge".into()));
    };
    let plan = first.plan.clone();
    let mut rows = BTreeMap::new();
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
        for row in &part.rows {
            if row.index >= plan.points || row.counts != grid_counts(&plan.axes, row.index) {
                return Err(WhatifError::Usage(format!(
                    "{name}: point {} does not belong to this sweep's grid of {} points",
                    row.index, plan.points
                )));
            }
            if let Some((other, _)) = rows.insert(row.index, (name.clone(), row.clone())) {
                return Err(WhatifError::Usage(format!("point {} is in both {other} and {name}", row.index)));
            }
        }
    }
    let missing: Vec<String> = (0..plan.points).filter(|i| !rows.contains_key(i)).map(|i| i.to_string()).collect();
    if !missing.is_empty() {
        let shown = missing.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
        return Err(WhatifError::Usage(format!(
            "{} of {} points are missing (points {shown}{}): merge the outputs of every shard",
            missing.len(),
            plan.points,
            if missing.len() > 10 { ", ..." } else { "" }
        )));
    }
    Ok(SweepResults::new(plan, None, rows.into_values().map(|(_, row)| row).collect()))
}

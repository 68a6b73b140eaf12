//! `--optimize`: the hire counts become decisions of one model instead of a sweep. Each add
//! axis `PROFILE=LO..HI` puts `LO` hires in the pool for sure and `HI - LO` optional copies
//! whose hire the solver decides ([`roster::model::Member::hire_cost`]: a binary "hired" per
//! copy, its cost in the primary objective next to agency cost, copies hired in order). The
//! result is the cost-optimal composition within the ranges (steps are ignored: any count
//! from `LO` to `HI` may come out).

use crate::plan::{AxisKind, Plan};
use crate::sweep::{measure, solve_checked, PointRow};
use crate::WhatifError;
use roster::{Instance, SolveOptions};
use serde::{Deserialize, Serialize};

/// The cost-optimal composition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Optimum {
    /// Hires chosen on each axis (including each range's lower end).
    pub counts: Vec<u32>,
    /// Point number of `counts` in the sweep's grid, if the grid holds it (with steps > 1 it may not).
    pub grid_point: Option<usize>,
    /// The figures of the chosen pool (`index` is `grid_point`, or the number of grid points).
    pub row: PointRow,
}

/// Finds the cost-optimal hire counts of `plan` (add axes only) in one solve. `options.threads`
/// all go to this one solve.
pub fn optimize(plan: &Plan, options: &SolveOptions) -> Result<Optimum, WhatifError> {
    if let Some(axis) = plan.axes.iter().find(|a| a.kind == AxisKind::Remove) {
        return Err(WhatifError::Usage(format!(
            "--optimize decides hires only; the departure axis {} cannot be optimised (sweep it without --optimize)",
            axis.name
        )));
    }
    let lowest: Vec<u32> = plan.axes.iter().map(|a| a.values[0]).collect();
    let (mut scenario, fixed_cost) = plan.scenario_at(&lowest)?;
    let mut optional = Vec::new();
    for (a, (axis, profile)) in plan.axes.iter().zip(&plan.profiles).enumerate() {
        let Some(profile) = profile else { continue };
        let highest = *axis.values.last().unwrap_or(&0);
        for copy in axis.values[0] + 1..=highest {
            optional.push((scenario.staff.len(), a));
            scenario.staff.push(profile.staff(Plan::hire_id(&profile.id, copy), copy));
        }
    }
    let mut instance =
        Instance::from_scenario(&scenario).map_err(|errors| crate::plan::point_invalid("--optimize", errors))?;
    for &(s, a) in &optional {
        instance.staff[s].hire_cost = Some(plan.axes[a].cost_per_hire);
    }
    let outcome = solve_checked(&instance, options, "--optimize")?;
    let working = crate::sweep::working(&instance, &outcome.roster);
    let mut counts = lowest;
    let mut in_pool = vec![true; instance.staff.len()];
    for &(s, a) in &optional {
        in_pool[s] = working[s];
        if working[s] {
            counts[a] += 1;
        }
    }
    let grid_point = plan.index_of(&counts);
    let index = grid_point.unwrap_or(plan.point_count());
    let row = measure(index, counts.clone(), &scenario, &instance, &outcome, &in_pool, fixed_cost);
    Ok(Optimum { counts, grid_point, row })
}

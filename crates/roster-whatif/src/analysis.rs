//! What the rows of a sweep mean together: the marginal agency hours and cost saved by each
//! extra hire (or added by each departure) along every axis, the break-even point of each hire
//! axis (where the next hire costs more than the agency cost it saves), the cheapest point,
//! and warnings where agency cost moved the wrong way (a bug when both solves were optimal,
//! the gap's doing otherwise).

use crate::plan::{AxisKind, PlanSummary};
use crate::sweep::PointRow;
use roster::roster::SolveStatus;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The analysis of a sweep's rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Whether every point of the grid has a row.
    pub complete: bool,
    /// Per row (same order as the rows), per axis: the change from the previous value on that
    /// axis, other counts equal (`None` at an axis's first value or when that row is missing).
    pub marginals: Vec<Vec<Option<Marginal>>>,
    /// Per axis: the line through the grid with the other axes at their first value, and the
    /// break-even point on it.
    pub axes: Vec<AxisSummary>,
    /// Point number with the least total cost among the rows.
    pub cheapest: Option<usize>,
    /// Agency cost rising with a hire (or falling with a departure), with whether the solves
    /// were optimal.
    pub warnings: Vec<String>,
}

/// The effect of one more hire (or departure) on an axis, per person.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Marginal {
    /// Agency hours saved per extra person (negative: more agency hours).
    pub agency_hours_saved: f64,
    /// Agency (plus over-cover and request) cost saved per extra person.
    pub cost_saved: f64,
    /// What one more hire costs (0 on remove axes).
    pub hire_cost: f64,
    /// Hire axes: whether the saving pays for the hire. `None` on remove axes.
    pub pays: Option<bool>,
}

/// One axis's line through the grid and its break-even point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AxisSummary {
    /// The axis key (`add_rn`, `remove_icu`).
    pub axis: String,
    /// Point numbers along the axis with every other axis at its first value, by count.
    pub line: Vec<usize>,
    /// Hire axes: the count after which the next hire no longer pays for itself (`None` on
    /// remove axes, with one value only, or when a row on the line is missing).
    pub break_even: Option<u32>,
    /// Every step on the line paid for itself: the break-even point may lie beyond the range.
    pub every_step_pays: bool,
}

/// Tolerance on costs compared across solves.
fn tolerance(a: f64, b: f64) -> f64 {
    1e-6 * a.abs().max(b.abs()).max(1.0)
}

impl Analysis {
    /// Analyses `rows` (sorted by point number) of a sweep of `plan`.
    pub fn of(plan: &PlanSummary, rows: &[PointRow]) -> Analysis {
        let by_counts: HashMap<&[u32], &PointRow> = rows.iter().map(|r| (r.counts.as_slice(), r)).collect();
        let mut warnings = Vec::new();
        let mut marginals = Vec::new();
        for row in rows {
            let mut per_axis = Vec::new();
            for (a, axis) in plan.axes.iter().enumerate() {
                let at = axis.values.iter().position(|&v| v == row.counts[a]);
                let previous = at.filter(|&i| i > 0).and_then(|i| {
                    let mut counts = row.counts.clone();
                    counts[a] = axis.values[i - 1];
                    by_counts.get(counts.as_slice()).copied()
                });
                let Some(previous) = previous else {
                    per_axis.push(None);
                    continue;
                };
                let step = f64::from(row.counts[a] - previous.counts[a]);
                let cost = |r: &PointRow| r.agency_cost + r.other_cost;
                let cost_saved = (cost(previous) - cost(row)) / step;
                let wrong_way = match axis.kind {
                    AxisKind::Add => cost_saved * step < -tolerance(cost(previous), cost(row)),
                    AxisKind::Remove => cost_saved * step > tolerance(cost(previous), cost(row)),
                };
                if wrong_way {
                    let both_optimal = row.status == SolveStatus::Optimal && previous.status == SolveStatus::Optimal;
                    warnings.push(format!(
                        "point {}: agency cost {} from {:.2} to {:.2} going from {}={} to {}={}; {}",
                        row.index,
                        if axis.kind == AxisKind::Add { "rose" } else { "fell" },
                        cost(previous),
                        cost(row),
                        axis.key(),
                        previous.counts[a],
                        axis.key(),
                        row.counts[a],
                        if both_optimal {
                            "both solves are optimal, so this is a bug: please report it".to_string()
                        } else {
                            format!(
                                "the solves stopped at gaps of {:.2}% and {:.2}%, so this is not a proven change",
                                previous.gap * 100.0,
                                row.gap * 100.0
                            )
                        }
                    ));
                }
                let hire_cost = if axis.kind == AxisKind::Add { axis.cost_per_hire } else { 0.0 };
                per_axis.push(Some(Marginal {
                    agency_hours_saved: (previous.agency_hours - row.agency_hours) / step,
                    cost_saved,
                    hire_cost,
                    pays: (axis.kind == AxisKind::Add)
                        .then(|| cost_saved >= hire_cost - tolerance(cost_saved, hire_cost)),
                }));
            }
            marginals.push(per_axis);
        }
        let position: HashMap<usize, usize> = rows.iter().enumerate().map(|(i, r)| (r.index, i)).collect();
        let base: Vec<u32> = plan.axes.iter().map(|a| a.values[0]).collect();
        let axes = plan
            .axes
            .iter()
            .enumerate()
            .map(|(a, axis)| {
                let line_rows: Vec<Option<usize>> = axis
                    .values
                    .iter()
                    .map(|&v| {
                        let mut counts = base.clone();
                        counts[a] = v;
                        by_counts.get(counts.as_slice()).map(|r| position[&r.index])
                    })
                    .collect();
                let line: Vec<usize> = line_rows.iter().flatten().map(|&i| rows[i].index).collect();
                let mut summary = AxisSummary { axis: axis.key(), line, break_even: None, every_step_pays: false };
                if axis.kind == AxisKind::Add && axis.values.len() > 1 && line_rows.iter().all(Option::is_some) {
                    let pays = |i: usize| line_rows[i].and_then(|r| marginals[r][a]).and_then(|m| m.pays);
                    match (1..axis.values.len()).find(|&i| pays(i) != Some(true)) {
                        Some(i) => summary.break_even = Some(axis.values[i - 1]),
                        None => {
                            summary.break_even = axis.values.last().copied();
                            summary.every_step_pays = true;
                        }
                    }
                }
                summary
            })
            .collect();
        let cheapest = rows
            .iter()
            .min_by(|a, b| a.total_cost.total_cmp(&b.total_cost).then(a.index.cmp(&b.index)))
            .map(|r| r.index);
        Analysis { complete: rows.len() == plan.points, marginals, axes, cheapest, warnings }
    }
}

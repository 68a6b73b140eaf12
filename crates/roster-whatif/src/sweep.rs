//! Running a sweep: every point of a [`Plan`] (or of one shard of it) is solved on a pool of
//! worker threads sharing one thread budget, checked with the independent checker, measured
//! ([`PointRow`]) and handed to the caller's callback as soon as it is done, so a service can
//! stream results.

use crate::analysis::Analysis;
use crate::plan::{point_invalid, pool_by_competence, Plan, PlanSummary, Shard};
use crate::WhatifError;
use roster::roster::SolveStatus;
use roster::{Instance, Outcome, SolveOptions};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};

/// The `format` tag of sweep result files.
pub const RESULTS_FORMAT: &str = "roster-whatif/1";

/// How to run a sweep.
#[derive(Debug, Clone, Default)]
pub struct SweepOptions {
    /// Options of every point's solve. `threads` is the budget shared by all points (0 = all
    /// cores): points run side by side, each with an equal share; `time_limit` and `gap` apply
    /// to each point; `cancel` stops the sweep (points in flight return their best roster).
    pub solve: SolveOptions,
    /// Run only this shard of the points.
    pub shard: Option<Shard>,
}

/// The figures of one point of the sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointRow {
    /// Point number in the grid (row-major, last axis fastest).
    pub index: usize,
    /// Count on each axis.
    pub counts: Vec<u32>,
    /// Staff in the pool.
    pub staff: usize,
    /// Staff holding each competence.
    pub staff_by_competence: BTreeMap<String, usize>,
    /// Vacancy hours left to the agency.
    pub agency_hours: f64,
    /// Their agency cost.
    pub agency_cost: f64,
    /// Over-cover and request costs of the primary objective (0 in most scenarios).
    pub other_cost: f64,
    /// Cost of the hires at this point over the horizon.
    pub hire_cost: f64,
    /// `agency_cost + other_cost + hire_cost`.
    pub total_cost: f64,
    /// Best proven lower bound on `total_cost`.
    pub best_bound: f64,
    /// Vacancy hours covered by the pool.
    pub pool_hours: f64,
    /// Contracted hours nobody used: per person, contract pro rata to the days they are
    /// available, minus hours worked (bookings included), at least 0.
    pub idle_hours: f64,
    /// Hours worked beyond contract, summed over staff.
    pub overtime_hours: f64,
    /// `optimal` (proven) or `feasible` (stopped at a time limit or gap: see `gap`).
    pub status: SolveStatus,
    /// Relative gap of the solve (0 when optimal).
    pub gap: f64,
    /// Seconds the solve took.
    pub seconds: f64,
}

/// The results of a sweep or of one shard of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SweepResults {
    /// Always [`RESULTS_FORMAT`].
    pub format: String,
    /// What was swept.
    pub plan: PlanSummary,
    /// The shard these rows belong to (`None`: the whole sweep, or a merge).
    pub shard: Option<Shard>,
    /// One row per point solved, by point number.
    pub rows: Vec<PointRow>,
    /// Marginals, break-even points, the cheapest point and warnings, derived from the rows.
    #[serde(default)]
    pub analysis: Analysis,
}

impl SweepResults {
    /// Results of `rows` (sorted here) for `plan`, analysed.
    pub fn new(plan: PlanSummary, shard: Option<Shard>, mut rows: Vec<PointRow>) -> SweepResults {
        rows.sort_by_key(|r| r.index);
        let analysis = Analysis::of(&plan, &rows);
        SweepResults { format: RESULTS_FORMAT.to_string(), plan, shard, rows, analysis }
    }
}

/// Solves every point of `plan` (of `options.shard` only, if given), calling `on_row` on the
/// calling thread with each row as soon as it is ready (in completion order, not point order).
///
/// Stops at the first point that fails (invalid, infeasible, no roster in the limits, a roster
/// the checker rejects): points in flight are cancelled and the error is returned.
pub fn run(
    plan: &Plan,
    options: &SweepOptions,
    mut on_row: impl FnMut(&PointRow),
) -> Result<SweepResults, WhatifError> {
    let points = plan.points_in(options.shard);
    let budget = match options.solve.threads {
        0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        n => n,
    };
    let workers = budget.min(points.len()).max(1);
    let cancel = options.solve.cancel.clone().unwrap_or_else(|| Arc::new(AtomicBool::new(false)));
    let solve =
        SolveOptions { threads: (budget / workers).max(1), cancel: Some(cancel.clone()), ..options.solve.clone() };
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel();
    let mut rows = Vec::new();
    let mut failure = None;
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, points, cancel, solve) = (&next, &points, &cancel, &solve);
            scope.spawn(move || {
                while let Some(&point) = points.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if cancel.load(Ordering::Relaxed) {
                        break;
                    }
                    let result =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| solve_point(plan, point, solve)))
                            .unwrap_or_else(|_| {
                                Err(WhatifError::Solver(format!(
                                    "internal error in the solver at point {} (a bug)",
                                    plan.label(&plan.counts(point))
                                )))
                            });
                    if sender.send(result).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for result in receiver {
            match result {
                Ok(row) if failure.is_none() => {
                    on_row(&row);
                    rows.push(row);
                }
                Ok(_) => {}
                Err(e) => {
                    cancel.store(true, Ordering::Relaxed);
                    failure.get_or_insert(e);
                }
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    Ok(SweepResults::new(plan.summary(), options.shard, rows))
}

/// Builds, solves, checks and measures one point.
pub fn solve_point(plan: &Plan, index: usize, options: &SolveOptions) -> Result<PointRow, WhatifError> {
    let counts = plan.counts(index);
    let label = plan.label(&counts);
    let (scenario, hire_cost) = plan.scenario_at(&counts)?;
    let instance = Instance::from_scenario(&scenario).map_err(|errors| point_invalid(&label, errors))?;
    let outcome = solve_checked(&instance, options, &label)?;
    let in_pool = vec![true; instance.staff.len()];
    Ok(measure(index, counts, &scenario, &instance, &outcome, &in_pool, hire_cost))
}

/// Solves `instance` and runs the independent checker on the roster.
pub(crate) fn solve_checked(instance: &Instance, options: &SolveOptions, label: &str) -> Result<Outcome, WhatifError> {
    let outcome =
        roster::solve(instance, options).map_err(|error| WhatifError::Solve { point: label.to_string(), error })?;
    let violations = roster::check(instance, &outcome.roster);
    if !violations.is_empty() {
        return Err(WhatifError::CheckFailed {
            point: label.to_string(),
            violations: violations.iter().map(|v| v.to_string()).collect(),
        });
    }
    Ok(outcome)
}

/// Whether each staff member has at least one assignment in `roster`.
pub(crate) fn working(instance: &Instance, roster: &roster::Roster) -> Vec<bool> {
    let mut working = vec![false; instance.staff.len()];
    for &(s, _) in &roster::check::valid_assignments(instance, &roster.assignments) {
        working[s] = true;
    }
    working
}

/// The figures of a checked roster. `in_pool[s]` says whether staff `s` is part of the pool
/// (optional members not hired are not); `hire_cost` is the cost of hires not already in the
/// primary objective.
pub(crate) fn measure(
    index: usize,
    counts: Vec<u32>,
    scenario: &roster::Scenario,
    instance: &Instance,
    outcome: &Outcome,
    in_pool: &[bool],
    hire_cost: f64,
) -> PointRow {
    let kpi = roster::kpi(instance, &outcome.roster.assignments);
    let pairs = roster::check::valid_assignments(instance, &outcome.roster.assignments);
    let in_horizon = |day: i64| day >= 0 && day < instance.days;
    let mut worked: Vec<f64> = instance
        .staff
        .iter()
        .map(|m| m.bookings.iter().filter(|b| in_horizon(b.shift.day)).map(|b| b.shift.paid_hours).sum())
        .collect();
    for &(s, v) in &pairs {
        let shift = &instance.vacancies[v].shift;
        if in_horizon(shift.day) {
            worked[s] += shift.paid_hours;
        }
    }
    let horizon = (instance.horizon_end - instance.horizon_start).max(1) as f64;
    let idle_hours = instance
        .staff
        .iter()
        .zip(&worked)
        .zip(in_pool)
        .filter(|(_, &member)| member)
        .map(|((m, &hours), _)| {
            let away: i64 = m
                .unavailable
                .iter()
                .map(|u| (u.end.min(instance.horizon_end) - u.start.max(instance.horizon_start)).max(0))
                .sum();
            let available = (1.0 - away as f64 / horizon).clamp(0.0, 1.0);
            (instance.contract_hours(m) * available - hours).max(0.0)
        })
        .sum();
    // Optional members (`--optimize`) cost their hire when they work at all.
    let working = working(instance, &outcome.roster);
    let optional_hires: f64 =
        instance.staff.iter().zip(&working).filter(|(_, &w)| w).filter_map(|(m, _)| m.hire_cost).sum();
    let fixed = hire_cost;
    let hire_cost = fixed + optional_hires;
    let other_cost = kpi.over_cover_cost + kpi.request_cost;
    let report = &outcome.report;
    PointRow {
        index,
        counts,
        staff: in_pool.iter().filter(|&&m| m).count(),
        staff_by_competence: pool_by_competence(scenario, |s| in_pool[s]),
        agency_hours: kpi.agency_hours,
        agency_cost: kpi.agency_cost,
        other_cost,
        hire_cost,
        total_cost: kpi.agency_cost + other_cost + hire_cost,
        best_bound: report.best_bound + fixed,
        pool_hours: kpi.pool_hours,
        idle_hours,
        overtime_hours: kpi.overtime_hours,
        status: report.status,
        gap: report.gap,
        seconds: report.seconds,
    }
}

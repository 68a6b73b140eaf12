//! Running a sweep: every point of a [`Plan`] (or of one shard of it) is solved on a pool of
//! worker threads sharing one thread budget, each warm-started from a neighbouring point's
//! roster (see [`crate::schedule`]), checked with the independent checker, measured
//! ([`PointRow`]) and handed to the caller's callback as soon as it is done, so a service can
//! stream results. A point that cannot be solved (infeasible, no roster within the limits, a
//! solver failure) is recorded ([`UnsolvedPoint`]) and the sweep goes on; a cancelled sweep
//! keeps what it has and marks the rest `not_run`.

use crate::analysis::Analysis;
use crate::plan::{point_invalid, pool_by_competence, Plan, PlanSummary, Shard};
use crate::schedule::{start_tree, ReadyQueue};
use crate::WhatifError;
use roster::roster::SolveStatus;
use roster::{Instance, Outcome, Roster, SolveError, SolveOptions};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::Duration;

/// The `format` tag of sweep result files.
pub const RESULTS_FORMAT: &str = "roster-whatif/1";

/// How to run a sweep.
#[derive(Debug, Clone, Default)]
pub struct SweepOptions {
    /// Options of every point's solve. `threads` is the budget shared by all points (0 = all
    /// cores): points run side by side, each with an equal share (the first point, which the
    /// others start from, runs alone with the whole budget); `time_limit` and `gap` apply
    /// to each point; `cancel` stops the sweep (points in flight keep their best roster, points
    /// not started are `not_run`); `start` is ignored (each point starts from its neighbour).
    pub solve: SolveOptions,
    /// Run only this shard of the points.
    pub shard: Option<Shard>,
    /// How many points run side by side, each with an equal share of the thread budget
    /// (0: automatic, see [`points_at_once`]).
    pub points_at_once: usize,
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
    /// `optimal` (proven) or `feasible` (stopped at a time limit, gap or cancel: see `gap`).
    pub status: SolveStatus,
    /// Relative gap of the solve (0 when optimal).
    pub gap: f64,
    /// Seconds the solve took.
    pub seconds: f64,
}

/// Why a point of the sweep has no figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unsolved {
    /// The hard rules cannot all be met at this point (e.g. minimum hours nobody can reach).
    Infeasible,
    /// No roster was found within the limits.
    NoSolution,
    /// The solver failed (an error from HiGHS, an internal error, an invalid point scenario).
    Failed,
    /// The solver's roster failed the independent checker: a bug.
    CheckFailed,
    /// The sweep was stopped (a signal, or [`SolveOptions::cancel`]) before this point was solved.
    NotRun,
}

impl Unsolved {
    /// The snake_case name, as in the JSON and the CSV `status` column.
    pub fn name(self) -> &'static str {
        match self {
            Unsolved::Infeasible => "infeasible",
            Unsolved::NoSolution => "no_solution",
            Unsolved::Failed => "failed",
            Unsolved::CheckFailed => "check_failed",
            Unsolved::NotRun => "not_run",
        }
    }
}

/// A point of the sweep without figures, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnsolvedPoint {
    /// Point number in the grid.
    pub index: usize,
    /// Count on each axis.
    pub counts: Vec<u32>,
    /// Why it has no figures.
    pub status: Unsolved,
    /// What went wrong, for people (empty for `not_run`).
    pub message: String,
}

impl UnsolvedPoint {
    /// The message on one line: its lines trimmed and joined by `; `.
    pub fn reason(&self) -> String {
        self.message.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("; ")
    }
}

/// What became of one point: its figures, or why there are none.
#[derive(Debug, Clone, PartialEq)]
pub enum PointOutcome {
    /// Solved, checked and measured.
    Solved(PointRow),
    /// Not solved.
    Unsolved(UnsolvedPoint),
}

impl PointOutcome {
    /// The point number.
    pub fn index(&self) -> usize {
        match self {
            PointOutcome::Solved(row) => row.index,
            PointOutcome::Unsolved(point) => point.index,
        }
    }

    /// The counts on each axis.
    pub fn counts(&self) -> &[u32] {
        match self {
            PointOutcome::Solved(row) => &row.counts,
            PointOutcome::Unsolved(point) => &point.counts,
        }
    }
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
    /// The points of this run (or shard) that have no row, by point number, with the reason.
    #[serde(default)]
    pub unsolved: Vec<UnsolvedPoint>,
    /// The sweep was stopped before its end (a signal or a cancel): points in flight kept the
    /// best roster found (their `gap` says how good), the others are `not_run` in `unsolved`.
    #[serde(default)]
    pub stopped: bool,
    /// Marginals, break-even points, the cheapest point and warnings, derived from the rows.
    #[serde(default)]
    pub analysis: Analysis,
}

impl SweepResults {
    /// Results of `rows` and `unsolved` (both sorted here) for `plan`, analysed; `stopped`: the
    /// sweep was cancelled.
    pub fn new(
        plan: PlanSummary,
        shard: Option<Shard>,
        mut rows: Vec<PointRow>,
        mut unsolved: Vec<UnsolvedPoint>,
        stopped: bool,
    ) -> SweepResults {
        rows.sort_by_key(|r| r.index);
        unsolved.sort_by_key(|p| p.index);
        let analysis = Analysis::of(&plan, &rows);
        SweepResults { format: RESULTS_FORMAT.to_string(), plan, shard, rows, unsolved, stopped, analysis }
    }

    /// Every point of the results, solved or not, by point number.
    pub fn outcomes(&self) -> Vec<PointOutcome> {
        let mut all: Vec<PointOutcome> = self
            .rows
            .iter()
            .cloned()
            .map(PointOutcome::Solved)
            .chain(self.unsolved.iter().cloned().map(PointOutcome::Unsolved))
            .collect();
        all.sort_by_key(PointOutcome::index);
        all
    }
}

/// Solves every point of `plan` (of `options.shard` only, if given), calling `on_point` on the
/// calling thread with each point's outcome as soon as it is known (in completion order, not
/// point order). Points never started because the sweep was cancelled are not passed to
/// `on_point`; they are `not_run` in the results.
///
/// Each point starts from the roster of a neighbouring point (see [`crate::schedule`]); a point
/// that cannot be solved is recorded in [`SweepResults::unsolved`] and the sweep goes on.
pub fn run(plan: &Plan, options: &SweepOptions, mut on_point: impl FnMut(&PointOutcome)) -> SweepResults {
    let points = plan.points_in(options.shard);
    let budget = match options.solve.threads {
        0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        n => n,
    };
    let workers = match options.points_at_once {
        0 => points_at_once(plan, budget),
        n => n,
    }
    .min(budget)
    .min(points.len())
    .max(1);
    let cancel = options.solve.cancel.clone().unwrap_or_else(|| Arc::new(AtomicBool::new(false)));
    let mut solve = SolveOptions {
        threads: (budget / workers).max(1),
        cancel: Some(cancel.clone()),
        start: None,
        ..options.solve.clone()
    };
    if solve.memo.is_none() {
        solve.memo = Some(Arc::new(shared_components(plan, &points, &solve)));
    }
    let tree = start_tree(&plan.axes, &points, workers);
    // Points others start from hand on the schedules of a converged master (see
    // `SolveOptions::converged_schedules`).
    let started_from: Vec<bool> = (0..points.len()).map(|at| tree.contains(&Some(at))).collect();
    // The first point runs alone when every other point starts from it: give it the whole budget.
    let alone = tree.iter().skip(1).all(Option::is_some);
    let queue = Mutex::new(ReadyQueue::<Arc<Start>>::new(tree));
    let finished = Condvar::new();
    let (sender, receiver) = mpsc::channel();
    let mut outcomes = Vec::new();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (queue, finished, points, cancel, solve, alone) = (&queue, &finished, &points, &cancel, &solve, alone);
            let started_from = &started_from;
            scope.spawn(move || {
                while let Some((at, start)) = next_point(queue, finished, cancel) {
                    let threads = if at == 0 && alone { budget } else { solve.threads };
                    let options = SolveOptions {
                        start: start.as_ref().map(|s| s.roster.clone()),
                        schedules: start.map(|s| s.schedules.clone()),
                        threads,
                        converged_schedules: started_from[at],
                        ..solve.clone()
                    };
                    let (outcome, start) = attempt(plan, points[at], &options, cancel);
                    lock(queue).finish(at, start.map(Arc::new));
                    finished.notify_all();
                    if sender.send(outcome).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for outcome in receiver {
            on_point(&outcome);
            outcomes.push(outcome);
        }
    });
    let not_run = lock(&queue).untaken();
    let stopped = cancel.load(Ordering::SeqCst);
    let mut rows = Vec::new();
    let mut unsolved: Vec<UnsolvedPoint> = not_run
        .into_iter()
        .map(|at| UnsolvedPoint {
            index: points[at],
            counts: plan.counts(points[at]),
            status: Unsolved::NotRun,
            message: String::new(),
        })
        .collect();
    for outcome in outcomes {
        match outcome {
            PointOutcome::Solved(row) => rows.push(row),
            PointOutcome::Unsolved(point) => unsolved.push(point),
        }
    }
    SweepResults::new(plan.summary(), options.shard, rows, unsolved, stopped)
}

/// The components (groups of staff and vacancies) found at more than one of `points`, which
/// the hires and departures of the sweep leave untouched: each is solved once, by the first
/// point to reach it, and reused by the others (see [`roster::ComponentMemo`]). Points whose
/// scenario cannot be built are left out here (their solve reports why).
pub fn shared_components(plan: &Plan, points: &[usize], options: &SolveOptions) -> roster::ComponentMemo {
    let keys = points.iter().flat_map(|&p| {
        let instance = plan.scenario_at(&plan.counts(p)).ok().and_then(|(s, _)| Instance::from_scenario(&s).ok());
        instance.map(|i| roster::component_keys(&i, options)).unwrap_or_default()
    });
    roster::ComponentMemo::of_repeated(keys)
}

/// How many points should run side by side with `budget` threads: one at a time (each with
/// every thread) when the base scenario splits into at least `budget` independent components
/// of similar size, which `roster::solve` already solves in parallel (and within one deadline,
/// so a time limit then still leaves every component its share); otherwise as many as there
/// are threads. Components of unequal size would leave a thread idle once the small one is done
/// (on the sample pool: 2 s against up to 50 s per point).
pub fn points_at_once(plan: &Plan, budget: usize) -> usize {
    let Ok(instance) = Instance::from_scenario(&plan.base) else { return budget };
    let candidates = roster::eligibility::Candidates::of(&instance);
    let mut sizes: Vec<usize> = roster::eligibility::components(&instance, &candidates)
        .iter()
        .map(|c| c.staff.iter().map(|&s| candidates.by_staff[s].len()).sum())
        .collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    let balanced = sizes.len() >= budget && sizes[budget - 1] * BALANCED >= sizes[0];
    if balanced {
        1
    } else {
        budget
    }
}

/// Components count as similar when the `budget`-th largest has at least 1/BALANCED of the
/// largest's candidate pairs.
const BALANCED: usize = 2;

/// Locks the queue; a worker that panicked while holding it (it never does: solves run outside
/// the lock) leaves it usable.
fn lock<T>(queue: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The next point a worker should solve, waiting while points it depends on are running;
/// `None` when nothing is left or the sweep is cancelled.
fn next_point(
    queue: &Mutex<ReadyQueue<Arc<Start>>>,
    finished: &Condvar,
    cancel: &AtomicBool,
) -> Option<(usize, Option<Arc<Start>>)> {
    let mut guard = lock(queue);
    loop {
        if cancel.load(Ordering::SeqCst) {
            return None;
        }
        match guard.take() {
            Ok(next) => return Some(next),
            Err(false) => return None,
            Err(true) => {
                guard = finished
                    .wait_timeout(guard, Duration::from_millis(200))
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .0;
            }
        }
    }
}

/// Solves point `index`, turning every failure into an [`UnsolvedPoint`]; also returns the
/// roster for the points that start from this one.
fn attempt(plan: &Plan, index: usize, options: &SolveOptions, cancel: &AtomicBool) -> (PointOutcome, Option<Start>) {
    let solved = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| solve_point_for(plan, index, options)))
        .unwrap_or_else(|_| {
            Err(WhatifError::Solver(format!(
                "internal error in the solver at point {} (a bug)",
                plan.label(&plan.counts(index))
            )))
        });
    let error = match solved {
        Ok((row, start)) => return (PointOutcome::Solved(row), Some(start)),
        Err(error) => error,
    };
    let status = match &error {
        WhatifError::Solve { error: SolveError::Infeasible { .. }, .. } => Unsolved::Infeasible,
        WhatifError::Solve { error: SolveError::NoSolution { .. }, .. } if cancel.load(Ordering::SeqCst) => {
            Unsolved::NotRun
        }
        WhatifError::Solve { error: SolveError::NoSolution { .. }, .. } => Unsolved::NoSolution,
        WhatifError::CheckFailed { .. } => Unsolved::CheckFailed,
        _ => Unsolved::Failed,
    };
    let message = match (status, error) {
        (Unsolved::NotRun, _) => String::new(),
        (_, WhatifError::Solve { error, .. }) => error.to_string(),
        (_, WhatifError::CheckFailed { violations, .. }) => violations.join("\n"),
        (_, error) => error.to_string(),
    };
    (PointOutcome::Unsolved(UnsolvedPoint { index, counts: plan.counts(index), status, message }), None)
}

/// Builds, solves, checks and measures one point (starting from `options.start`, if given);
/// returns its figures and its roster.
pub fn solve_point(plan: &Plan, index: usize, options: &SolveOptions) -> Result<(PointRow, Roster), WhatifError> {
    solve_point_for(plan, index, options).map(|(row, start)| (row, start.roster))
}

/// What the points that start from a point are given: its roster, and the schedules its column
/// generation ended with (see [`roster::Schedules`]).
struct Start {
    roster: Roster,
    schedules: Arc<roster::Schedules>,
}

/// [`solve_point`], with what the points that start from this one are given.
fn solve_point_for(plan: &Plan, index: usize, options: &SolveOptions) -> Result<(PointRow, Start), WhatifError> {
    let counts = plan.counts(index);
    let label = plan.label(&counts);
    let (scenario, hire_cost) = plan.scenario_at(&counts)?;
    let instance = Instance::from_scenario(&scenario).map_err(|errors| point_invalid(&label, errors))?;
    let outcome = solve_checked(&instance, options, &label)?;
    let outcome = keep_the_better(&instance, outcome, options.start.as_ref());
    let in_pool = vec![true; instance.staff.len()];
    let row = measure(index, counts, &scenario, &instance, &outcome, &in_pool, hire_cost);
    // A point that ran no column generation hands on the schedules it was given.
    let schedules = match (outcome.schedules.is_empty(), &options.schedules) {
        (true, Some(given)) => given.clone(),
        _ => Arc::new(outcome.schedules),
    };
    Ok((row, Start { roster: outcome.roster, schedules }))
}

/// The starting roster instead of the solve's when the start is better here. A solve stopped by
/// a time limit can end worse than the roster it was started from (HiGHS may not reach the
/// start before the deadline, e.g. in a component solved after another used up the time), yet
/// a neighbour with fewer hires never has a better roster than this point. The start's
/// assignments that exist here must pass the independent checker; the bound stays the solve's.
fn keep_the_better(instance: &Instance, mut outcome: Outcome, start: Option<&Roster>) -> Outcome {
    let Some(start) = start else { return outcome };
    let staff: HashSet<&str> = instance.staff.iter().map(|m| m.id.as_str()).collect();
    let vacancies: HashSet<&str> = instance.vacancies.iter().map(|v| v.id.as_str()).collect();
    let here = Roster {
        format_version: 1,
        scenario: instance.name.clone(),
        assignments: start
            .assignments
            .iter()
            .filter(|a| staff.contains(a.staff.as_str()) && vacancies.contains(a.vacancy.as_str()))
            .cloned()
            .collect(),
        ..Roster::default()
    };
    let objective = roster::check::objective(instance, &here);
    let report = &mut outcome.report;
    if objective >= report.objective - 1e-6 * report.objective.abs().max(1.0)
        || !roster::check(instance, &here).is_empty()
    {
        return outcome;
    }
    report.objective = objective;
    report.best_bound = report.best_bound.min(objective);
    let gap = if objective > 1e-9 { (objective - report.best_bound) / objective } else { 0.0 };
    let proven = gap <= 1e-6;
    report.status = if proven { SolveStatus::Optimal } else { SolveStatus::Feasible };
    report.gap = if proven { 0.0 } else { gap };
    outcome.roster = here;
    outcome
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
    let worked = roster::kpi::worked_hours(instance, &outcome.roster.assignments);
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

#[cfg(test)]
mod tests {
    use super::*;
    use roster::roster::{Assignment, SolveReport};

    /// The hand-worked fixture: three simultaneous 8-hour rn shifts, anna the one rn.
    fn three_shifts() -> Instance {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/whatif-three-shifts.json");
        roster::load_instance(&path).expect("fixture")
    }

    fn stopped_outcome(assignments: Vec<Assignment>, objective: f64, bound: f64) -> Outcome {
        Outcome {
            roster: Roster { format_version: 1, assignments, ..Roster::default() },
            report: SolveReport {
                status: SolveStatus::Feasible,
                objective,
                best_bound: bound,
                gap: (objective - bound) / objective,
                seconds: 1.0,
                components: 1,
                variables: 3,
                rows: 3,
                secondary_optimal: false,
            },
            changes: None,
            continuity: Vec::new(),
            schedules: roster::Schedules::default(),
        }
    }

    fn works(staff: &str, vacancy: &str) -> Assignment {
        let none = String::new;
        Assignment {
            staff: staff.into(),
            vacancy: vacancy.into(),
            unit: none(),
            start: none(),
            end: none(),
            hours: 0.0,
            competence: none(),
        }
    }

    #[test]
    fn a_better_start_replaces_a_worse_stopped_solve() {
        let instance = three_shifts();
        // Stopped with nobody working: 24 agency hours, bound 16. The start (from a neighbour
        // with a hire "new-rn-1" this point lacks) has anna on mon-a: 16, which the bound proves.
        let start =
            Roster { assignments: vec![works("anna", "mon-a"), works("new-rn-1", "mon-b")], ..Roster::default() };
        let kept = keep_the_better(&instance, stopped_outcome(Vec::new(), 24.0, 16.0), Some(&start));
        assert_eq!(kept.roster.assignments.len(), 1, "the unknown hire's shift is dropped");
        assert_eq!(kept.roster.assignments[0].staff, "anna");
        assert_eq!((kept.report.objective, kept.report.status, kept.report.gap), (16.0, SolveStatus::Optimal, 0.0));
        assert!(roster::check(&instance, &kept.roster).is_empty());
    }

    #[test]
    fn a_start_that_is_no_better_or_breaks_rules_is_not_kept() {
        let instance = three_shifts();
        let solved = vec![works("anna", "mon-a")];
        let same = Roster { assignments: vec![works("anna", "mon-b")], ..Roster::default() };
        let kept = keep_the_better(&instance, stopped_outcome(solved.clone(), 16.0, 8.0), Some(&same));
        assert_eq!(kept.roster.assignments[0].vacancy, "mon-a", "no better: the solve's roster stays");
        // Anna on two overlapping shifts would save more but breaks the rules.
        let clash = Roster { assignments: vec![works("anna", "mon-a"), works("anna", "mon-b")], ..Roster::default() };
        let kept = keep_the_better(&instance, stopped_outcome(solved, 16.0, 8.0), Some(&clash));
        assert_eq!((kept.roster.assignments.len(), kept.report.objective), (1, 16.0));
    }
}

//! The one seam to the MIP solver: hands a [`Formulation`] to HiGHS and reads back values,
//! objective, proven bound and status.
//!
//! The solve is lexicographic. Stage 1 minimises agency cost: on larger components first by
//! the optimal-face dive ([`face`]), which proves a roster optimal from the LP bound alone when
//! it can, else by HiGHS's branch-and-bound. Stage 2 fixes agency cost at the
//! stage-1 value (a row `covered >= covered* - tolerance`), warm-starts from the stage-1 roster
//! and minimises the secondary objective, so secondary terms can never buy a worse agency cost.
//! good_lp builds the HiGHS model; the highs crate runs it, because good_lp's own solution type
//! does not expose the dual bound we need to report honest gaps.

mod exchange;
mod face;
mod polish;
mod search;
mod verify;

pub use search::{ColumnTag, SearchSpace};

use crate::formulation::Formulation;
use exchange::{Exchange, Finder, Role};
use good_lp::{Expression, IntoAffineExpression, SolverModel};
use highs::{HighsModelStatus, HighsSolutionStatus};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Limits for one component's solve.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Stop at this moment (best roster so far is kept).
    pub deadline: Option<Instant>,
    /// Relative gap at which stage 1 stops.
    pub gap: f64,
    /// HiGHS threads.
    pub threads: usize,
    /// HiGHS random seed.
    pub seed: u64,
    /// Run stage 2.
    pub secondary: bool,
    /// Race a neighbourhood search against the branch-and-bound (on its own thread).
    pub search: bool,
    /// Set by the caller to stop the solve early; the best roster so far is kept.
    pub cancel: Option<Arc<AtomicBool>>,
    /// Told `(best objective, proven bound)` of stage 1 now and then while it runs (objective
    /// infinite while there is no solution).
    pub progress: Option<StageProgress>,
}

/// Receives `(best objective, proven bound)` of a running stage 1.
#[derive(Clone)]
pub struct StageProgress(pub Arc<dyn Fn(f64, f64) + Send + Sync>);

impl std::fmt::Debug for StageProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StageProgress")
    }
}

/// How a component's solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MipStatus {
    /// Proven optimal.
    Optimal,
    /// A solution, but not proven optimal.
    Feasible,
    /// No solution exists.
    Infeasible,
    /// No solution found within the limits.
    NoSolution,
}

/// The result of one component's solve.
#[derive(Debug, Clone)]
pub struct MipOutcome {
    /// Status of stage 1.
    pub status: MipStatus,
    /// Stage-1 objective (what was minimised).
    pub objective: f64,
    /// Proven lower bound on the stage-1 objective.
    pub bound: f64,
    /// Column values of the final roster (stage 2 if it ran and found one, else stage 1).
    pub columns: Vec<f64>,
    /// Stage 2 ran and proved its optimum.
    pub secondary_optimal: bool,
}

/// Minimises `objective` over `f`'s rows, then (if asked) the secondary objective.
pub fn solve(
    f: Formulation,
    objective: Expression,
    limits: &Limits,
    space: Option<&SearchSpace>,
    start: &[(usize, f64)],
) -> Result<MipOutcome, String> {
    let Formulation { variables, constraints, column, savings, secondary, fairness_ratio, .. } = f;
    let n_cols = column.len();
    // Large components: stage 2 by neighbourhood search ([`polish`]); the race in stage 1 only
    // when asked for.
    let large = space.filter(|s| s.tags.len() >= SEARCH_MIN_COLUMNS);
    let space = large.filter(|_| limits.search);
    let search_model = match space {
        Some(_) => Some((
            search::SendModel(build(variables.clone(), objective.clone(), constraints.clone(), limits)?),
            search::SendModel(build(variables.clone(), objective.clone(), constraints.clone(), limits)?),
        )),
        None => None,
    };
    // The optimal-face dive (larger components only) builds its own copies of the model.
    let face_parts = large.map(|_| (variables.clone(), objective.clone(), constraints.clone()));
    let mut model = build(variables, objective, constraints, limits)?;
    if n_cols >= IPM_ROOT_COLUMNS && space.is_none() {
        // Large models: the root LP by interior point. On a 200-staff pool (23k columns) dual
        // simplex had no root bound after 60 s, interior point a 13% gap; on the sample (4k
        // columns) it is slower. Not with the search racing: HiGHS's callback bounds during an
        // interior-point root once stopped a raced solve early. ROSTER_HIGHS_OPTIONS overrides.
        set_option(&mut model, "mip_lp_solver", "ipm")?;
    }
    configure(&mut model, limits.deadline, limits)?;
    // SAFETY: the model is live; read before any solve changes it.
    let original = unsafe { verify::ModelCopy::of(model.as_mut_ptr()) };
    let exchange = Exchange::new(original, limits.gap, limits.deadline, limits.cancel.clone())
        .with_progress(limits.progress.clone());
    if !start.is_empty() {
        // A partial start (e.g. last night's roster): HiGHS completes the other columns, or
        // drops the start if it cannot.
        let (index, value): (Vec<highs_sys::HighsInt>, Vec<f64>) =
            start.iter().filter(|(c, _)| *c < n_cols).map(|&(c, v)| (c as highs_sys::HighsInt, v)).unzip();
        // SAFETY: the model is live; `index` and `value` have `index.len()` entries.
        unsafe {
            highs_sys::Highs_setSparseSolution(
                model.as_mut_ptr(),
                index.len() as highs_sys::HighsInt,
                index.as_ptr(),
                value.as_ptr(),
            );
        }
    }
    let started = Instant::now();
    let on_face = match &face_parts {
        Some((variables, objective, constraints)) => {
            optimal_face(variables, objective, constraints, &exchange, limits)?
        }
        None => None,
    };
    let (mut outcome, mut model) = match on_face {
        Some(outcome) => (outcome, model),
        None => {
            // HiGHS's time limit counts from when it is set: set it again after the dive.
            configure(&mut model, limits.deadline, limits)?;
            match branch_and_bound(model, &exchange, limits, search_model, space, n_cols, started)? {
                StageOne::Done(outcome) => return Ok(outcome),
                StageOne::Solved(outcome, model) => (outcome, model),
            }
        }
    };
    let stage_one_seconds = started.elapsed().as_secs_f64();
    let secondary_terms = coefficients(&secondary, &column);
    if !limits.secondary || secondary_terms.iter().all(|&c| c == 0.0) {
        outcome.secondary_optimal = true;
        return Ok(outcome);
    }
    // Stage 2: keep the covered value, minimise the secondary objective.
    let covered = coefficients(&savings, &column);
    let covered_now: f64 = covered.iter().zip(&outcome.columns).map(|(c, x)| c * x).sum();
    let tolerance = 1e-6 * covered_now.abs().max(1.0);
    // A stage-2 roster is taken only if it keeps the stage-1 agency cost (within tolerance).
    let keeps_agency_cost =
        |columns: &[f64]| covered.iter().zip(columns).map(|(c, x)| c * x).sum::<f64>() >= covered_now - 2.0 * tolerance;
    let stage_two_role = Role::Interruptible(&exchange);
    // SAFETY: as above; `stage_two_role` outlives the stage-2 solve.
    unsafe { exchange::attach(model.as_mut_ptr(), &stage_two_role) };
    stage_two_objective(&mut model, &secondary_terms, &covered, covered_now - tolerance)?;
    if let Some((ratio, row)) = fairness_ratio {
        fix_fairness_ratio(&mut model, column[&ratio], row, outcome.columns[column[&ratio]]);
    }
    if model.try_set_solution(Some(&outcome.columns), None, None, None).is_err() {
        return Ok(outcome);
    }
    // Stage 2 only orders rosters of equal agency cost: it stops at a 1% gap of its own or after
    // STAGE_TWO_NODES branch-and-bound nodes — a limit in work, not time, so the same input
    // gives the same roster — and never runs past the deadline. A safety cap in time (several
    // times stage 1, at least STAGE_TWO_MIN_SECONDS) keeps a hard stage 2 from running away.
    let cap = Instant::now() + Duration::from_secs_f64((4.0 * stage_one_seconds).max(STAGE_TWO_MIN_SECONDS));
    let deadline = limits.deadline.map_or(cap, |d| d.min(cap));
    if let Some(space) = large {
        configure(&mut model, Some(deadline), limits)?;
        let stage_two = Instant::now();
        let stop = || exchange.interrupted();
        if let Some(p) = polish::run(model, space, outcome.columns.clone(), limits.seed, Some(deadline), &stop) {
            tracing::debug!(
                objective = p.objective,
                improvements = p.improvements,
                seconds = stage_two.elapsed().as_secs_f64(),
                "stage 2 (secondary objective) by neighbourhood search done"
            );
            if keeps_agency_cost(&p.columns) {
                outcome.columns = p.columns;
            }
        }
        return Ok(outcome);
    }
    configure(&mut model, Some(deadline), &Limits { gap: STAGE_TWO_GAP, ..limits.clone() })?;
    set_option(&mut model, "mip_max_nodes", STAGE_TWO_NODES)?;
    let stage_two = Instant::now();
    let Ok(solved) = model.try_solve() else { return Ok(outcome) };
    tracing::debug!(
        status = ?solved.status(),
        seconds = stage_two.elapsed().as_secs_f64(),
        "stage 2 (secondary objective) done"
    );
    if solved.primal_solution_status() == HighsSolutionStatus::Feasible {
        let columns = solved.get_solution().columns().to_vec();
        if keeps_agency_cost(&columns) {
            outcome.columns = columns;
            outcome.secondary_optimal = solved.status() == HighsModelStatus::Optimal;
        }
    }
    Ok(outcome)
}

/// Stage 1 by the optimal-face dive ([`face`]): the optimal roster with the LP bound as its
/// proof, or nothing (then the branch-and-bound runs).
fn optimal_face(
    variables: &good_lp::ProblemVariables,
    objective: &Expression,
    constraints: &[good_lp::Constraint],
    exchange: &Exchange,
    limits: &Limits,
) -> Result<Option<MipOutcome>, String> {
    let started = Instant::now();
    // ROSTER_FACE_SECONDS overrides the budget (0 switches the dive off), for benchmarking.
    let budget: f64 = std::env::var("ROSTER_FACE_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(FACE_SECONDS);
    if budget <= 0.0 {
        return Ok(None);
    }
    // Under a time limit the dive takes at most a fifth of what is left, so that a failed dive
    // leaves the branch-and-bound most of the time.
    let budget = match limits.deadline {
        Some(d) => budget.min(0.2 * d.saturating_duration_since(started).as_secs_f64()),
        None => budget,
    };
    let face_deadline = Instant::now() + Duration::from_secs_f64(budget);
    let deadline = limits.deadline.map_or(face_deadline, |d| d.min(face_deadline));
    let build_copy = || {
        let mut m = build(variables.clone(), objective.clone(), constraints.to_vec(), limits)?;
        configure(&mut m, Some(deadline), limits)?;
        Ok::<_, String>(m)
    };
    let (lp, mip) = (build_copy()?, build_copy()?);
    let role = Role::Interruptible(exchange);
    let attach = |m: &mut highs::Model| {
        // SAFETY: the model is live; `role` outlives `face::dive`, which drops the model.
        unsafe { exchange::attach(m.as_mut_ptr(), &role) };
        configure(m, Some(deadline), limits)?;
        // A limit in work as well as time: on the sample the face's roster is found at the root.
        set_option(m, "mip_max_nodes", FACE_NODES)
    };
    let Some(face) = face::dive(lp, mip, exchange.model(), attach)? else {
        tracing::debug!(seconds = started.elapsed().as_secs_f64(), "optimal face: no LP optimum");
        return Ok(None);
    };
    tracing::debug!(
        bound = face.bound,
        fixed_columns = face.fixed_columns,
        tight_rows = face.tight_rows,
        found = face.columns.is_some(),
        lp_seconds = face.lp_seconds,
        seconds = started.elapsed().as_secs_f64(),
        "optimal face"
    );
    let Some(columns) = face.columns else { return Ok(None) };
    let objective = exchange.price(&columns).unwrap_or(f64::NAN);
    if let Some(progress) = &limits.progress {
        (progress.0)(objective, face.bound.min(objective));
    }
    Ok(Some(MipOutcome {
        status: MipStatus::Optimal,
        objective,
        bound: face.bound.min(objective),
        columns,
        secondary_optimal: false,
    }))
}

/// Most seconds the optimal-face MIP may take before the branch-and-bound takes over.
const FACE_SECONDS: f64 = 10.0;
/// Most branch-and-bound nodes of the optimal-face MIP.
const FACE_NODES: i32 = 200;

/// How stage 1's branch-and-bound ended: with the outcome and the model for stage 2, or with
/// nothing more to do.
enum StageOne {
    Solved(MipOutcome, highs::Model),
    Done(MipOutcome),
}

/// Stage 1 by HiGHS's branch-and-bound, raced by the search when there is one.
#[allow(clippy::too_many_arguments)]
fn branch_and_bound(
    mut model: highs::Model,
    exchange: &Exchange,
    limits: &Limits,
    search_model: Option<(search::SendModel, search::SendModel)>,
    space: Option<&SearchSpace>,
    n_cols: usize,
    started: Instant,
) -> Result<StageOne, String> {
    let role = Role::BranchAndBound(exchange);
    // SAFETY: the model is live; `role` and `exchange` outlive this solve, and the callback is
    // detached before `role` goes (or the model is dropped with it).
    unsafe { exchange::attach(model.as_mut_ptr(), &role) };
    let solved = std::thread::scope(|scope| {
        let searcher = match (search_model, space) {
            (Some((m, lp)), Some(space)) => {
                let exchange = &exchange;
                exchange.start_race();
                Some(scope.spawn(move || search::run(m, lp, space, exchange, limits.seed)))
            }
            _ => None,
        };
        let solved = model.try_solve();
        exchange.finish();
        if let Some(stats) = searcher.and_then(|h| h.join().ok()) {
            if std::env::var_os("ROSTER_SEARCH_LOG").is_some() {
                eprintln!("search: {} sub-problems, {} improvements", stats.iterations, stats.improvements);
            }
        }
        solved
    });
    let solved = solved.map_err(|e| format!("HiGHS failed: {e:?}"))?;
    let stage_one_seconds = started.elapsed().as_secs_f64();
    tracing::debug!(
        status = ?solved.status(),
        objective = exchange.best_objective(),
        bound = exchange.bound(),
        seconds = stage_one_seconds,
        "stage 1 (agency cost) done"
    );
    let has_solution = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let searched = exchange.best().filter(|b| b.finder == Finder::Search);
    let status = match solved.status() {
        HighsModelStatus::Infeasible => MipStatus::Infeasible,
        HighsModelStatus::Optimal if has_solution => MipStatus::Optimal,
        _ if has_solution => MipStatus::Feasible,
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedMemoryLimit => MipStatus::NoSolution,
        HighsModelStatus::ModelEmpty => MipStatus::Optimal,
        other => return Err(format!("HiGHS ended with status {other:?}")),
    };
    if !has_solution && searched.is_none() {
        if status == MipStatus::Optimal {
            // An empty model: every column 0 is the solution.
            return Ok(StageOne::Done(MipOutcome {
                status,
                objective: 0.0,
                bound: 0.0,
                columns: vec![0.0; n_cols],
                secondary_optimal: true,
            }));
        }
        return Ok(StageOne::Done(MipOutcome {
            status,
            objective: f64::NAN,
            bound: f64::NAN,
            columns: Vec::new(),
            secondary_optimal: false,
        }));
    }
    // The objective is priced from the columns, not taken from HiGHS, and the columns are
    // verified against the original model (see `verify`).
    let (mut objective, mut columns) = if has_solution {
        let columns = solved.get_solution().columns().to_vec();
        match exchange.violation(&columns) {
            None => (exchange.price(&columns).unwrap_or(f64::NAN), columns),
            Some(problem) if searched.is_some() => {
                tracing::warn!(
                    problem,
                    "HiGHS's final solution breaks the original model; the search's roster is used"
                );
                (f64::INFINITY, Vec::new())
            }
            Some(problem) => {
                // Nothing better to offer: keep it and let the independent checker judge the roster.
                tracing::warn!(problem, "HiGHS's final solution breaks the original model beyond tolerance");
                debug_assert!(false, "HiGHS's final solution breaks the model: {problem}");
                (exchange.price(&columns).unwrap_or(f64::NAN), columns)
            }
        }
    } else {
        (f64::INFINITY, Vec::new())
    };
    // The search may have improved on HiGHS's last incumbent after HiGHS's last query point.
    let mut status = if has_solution { status } else { MipStatus::Feasible };
    if let Some(found) = searched
        .filter(|b| !objective.is_finite() || b.objective < objective - exchange::improvement_tolerance(objective))
    {
        (objective, columns) = (found.objective, found.columns);
    }
    if columns.len() != n_cols {
        return Err(format!("HiGHS returned {} column values for {n_cols} columns", columns.len()));
    }
    // Bounds seen in HiGHS's callbacks count only when the search raced it (see `exchange`).
    let raced_bound = if exchange.raced() { exchange.bound() } else { f64::NEG_INFINITY };
    let bound = match solved.double_info_value(c"mip_dual_bound") {
        Ok(b) if b.is_finite() => b.max(raced_bound).min(objective),
        _ if status == MipStatus::Optimal => objective,
        _ => raced_bound.min(objective),
    };
    if status == MipStatus::Feasible && objective - bound <= exchange::improvement_tolerance(objective) {
        status = MipStatus::Optimal;
    }
    let outcome = MipOutcome { status, objective, bound, columns, secondary_optimal: false };
    let mut model = highs::Model::from(solved);
    // SAFETY: the model is live; `role` dies with this function, so the callback goes first.
    unsafe { exchange::detach(model.as_mut_ptr()) };
    Ok(StageOne::Solved(outcome, model))
}

/// Models with at least this many columns solve their root LP by interior point.
const IPM_ROOT_COLUMNS: usize = 15_000;

/// Components with fewer assignment columns are left to HiGHS alone.
const SEARCH_MIN_COLUMNS: usize = 200;

/// Builds the HiGHS model of `objective` over the rows.
fn build(
    variables: good_lp::ProblemVariables,
    objective: Expression,
    constraints: Vec<good_lp::Constraint>,
    limits: &Limits,
) -> Result<highs::Model, String> {
    let mut problem = variables.minimise(objective).using(good_lp::highs);
    for c in constraints {
        problem.add_constraint(c);
    }
    let mut model = problem.try_into_inner().map_err(|e| e.to_string())?;
    configure(&mut model, limits.deadline, &Limits { threads: 1, ..limits.clone() })?;
    Ok(model)
}

/// Secondary objective: relative gap at which stage 2 stops.
const STAGE_TWO_GAP: f64 = 0.01;
/// Secondary objective: least time the safety cap of stage 2 allows (within the deadline).
const STAGE_TWO_MIN_SECONDS: f64 = 60.0;
/// Secondary objective: most branch-and-bound nodes of stage 2.
const STAGE_TWO_NODES: i32 = 1000;

fn configure(model: &mut highs::Model, deadline: Option<Instant>, limits: &Limits) -> Result<(), String> {
    // ROSTER_HIGHS_LOG=1 shows HiGHS's own log on stdout, for tuning the formulation.
    if std::env::var_os("ROSTER_HIGHS_LOG").is_none() {
        model.make_quiet();
    } else {
        set_option(model, "output_flag", true)?;
        set_option(model, "log_to_console", true)?;
    }
    set_option(model, "mip_rel_gap", limits.gap.max(0.0))?;
    // ROSTER_HIGHS_OPTIONS="name=value,..." passes HiGHS options through, for tuning experiments.
    if let Ok(list) = std::env::var("ROSTER_HIGHS_OPTIONS") {
        for pair in list.split(',').filter(|p| !p.is_empty()) {
            let (name, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("ROSTER_HIGHS_OPTIONS: expected name=value, got {pair:?}"))?;
            let done = match value {
                "true" | "false" => model.try_set_option(name, value == "true").is_ok(),
                _ => {
                    value.parse::<i32>().ok().is_some_and(|v| model.try_set_option(name, v).is_ok())
                        || value.parse::<f64>().ok().is_some_and(|v| model.try_set_option(name, v).is_ok())
                        || model.try_set_option(name, value).is_ok()
                }
            };
            if !done {
                return Err(format!("ROSTER_HIGHS_OPTIONS: HiGHS rejected {name}={value}"));
            }
        }
    }
    set_option(model, "threads", limits.threads.max(1) as i32)?;
    set_option(model, "random_seed", (limits.seed % (i32::MAX as u64)) as i32)?;
    if let Some(deadline) = deadline {
        let left = deadline.saturating_duration_since(Instant::now()).as_secs_f64().max(0.01);
        set_option(model, "time_limit", left)?;
    }
    Ok(())
}

fn set_option<V: highs::HighsOptionValue>(model: &mut highs::Model, name: &str, value: V) -> Result<(), String> {
    model.try_set_option(name, value).map_err(|_| format!("HiGHS rejected option {name}"))
}

/// Replaces the objective by `secondary` and adds the row `covered . x >= floor`.
///
/// The safe highs API has no way to name an existing column, so these two calls go through
/// highs-sys on the model's own pointer.
fn stage_two_objective(model: &mut highs::Model, secondary: &[f64], covered: &[f64], floor: f64) -> Result<(), String> {
    let ptr = model.as_mut_ptr();
    for (col, cost) in secondary.iter().enumerate() {
        // SAFETY: `ptr` is the live Highs instance owned by `model`; `col` < number of columns.
        let status = unsafe { highs_sys::Highs_changeColCost(ptr, col as highs_sys::HighsInt, *cost) };
        if status == highs_sys::kHighsStatusError {
            return Err("HiGHS rejected a stage-2 cost".into());
        }
    }
    let (index, value): (Vec<highs_sys::HighsInt>, Vec<f64>) =
        covered.iter().enumerate().filter(|(_, c)| **c != 0.0).map(|(i, c)| (i as highs_sys::HighsInt, *c)).unzip();
    // SAFETY: as above; `index` and `value` have `index.len()` entries each.
    let status = unsafe {
        highs_sys::Highs_addRow(
            ptr,
            floor,
            f64::INFINITY,
            index.len() as highs_sys::HighsInt,
            index.as_ptr(),
            value.as_ptr(),
        )
    };
    if status == highs_sys::kHighsStatusError {
        return Err("HiGHS rejected the stage-2 agency row".into());
    }
    Ok(())
}

/// Fixes the fairness ratio column at `value` and frees the dense row that defined it, so that
/// stage 2 measures each person against the stage-1 average with sparse rows only.
fn fix_fairness_ratio(model: &mut highs::Model, col: usize, row: usize, value: f64) {
    let ptr = model.as_mut_ptr();
    // SAFETY: `ptr` is the live Highs instance owned by `model`; `col` and `row` exist in it.
    unsafe {
        highs_sys::Highs_changeColBounds(ptr, col as highs_sys::HighsInt, value, value);
        highs_sys::Highs_changeRowBounds(ptr, row as highs_sys::HighsInt, f64::NEG_INFINITY, f64::INFINITY);
    }
}

/// Dense column coefficients of a linear expression.
fn coefficients(e: &Expression, column: &std::collections::HashMap<good_lp::Variable, usize>) -> Vec<f64> {
    let mut out = vec![0.0; column.len()];
    for (v, c) in e.linear_coefficients() {
        if let Some(&i) = column.get(&v) {
            out[i] += c;
        }
    }
    out
}

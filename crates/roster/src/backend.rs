//! The one seam to the MIP solver: hands a [`Formulation`] to HiGHS and reads back values,
//! objective, proven bound and status.
//!
//! The solve is lexicographic. Stage 1 minimises agency cost: on larger components first by
//! the optimal-face dive ([`face`]), which proves a roster optimal from the LP bound alone when
//! it can; then, under a gap or a time limit, by a neighbourhood search ([`polish`]) whose
//! roster ends the stage if it is within the gap of the LP bound; else by HiGHS's
//! branch-and-bound, started from that roster. The gap is on agency cost ([`set_gap`]). Stage 2 fixes agency cost at the
//! stage-1 value (a row `covered >= covered* - tolerance`), warm-starts from the stage-1 roster
//! and minimises the secondary objective, so secondary terms can never buy a worse agency cost.
//! good_lp builds the HiGHS model; the highs crate runs it, because good_lp's own solution type
//! does not expose the dual bound we need to report honest gaps.

mod decompose;
mod exchange;
mod face;
mod polish;
mod search;
mod sub_mip;
mod verify;

pub use search::{ColumnTag, SearchSpace};

use crate::formulation::{Fairness, Formulation};
use exchange::{Exchange, Finder, Role};
use good_lp::{Expression, IntoAffineExpression, SolverModel};
use highs::HighsModelStatus;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Limits for one component's solve.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Stop at this moment (best roster so far is kept).
    pub deadline: Option<Instant>,
    /// Relative gap at which stage 1 stops, relative to `worst_case + objective` (for the roster
    /// model: the agency cost, which is what the report's gap is relative to).
    pub gap: f64,
    /// The constant that turns the stage-1 objective into the figure the gap is relative to
    /// (the roster model minimises `-savings`; agency cost is `worst_case - savings`).
    pub worst_case: f64,
    /// HiGHS threads.
    pub threads: usize,
    /// HiGHS random seed.
    pub seed: u64,
    /// Run stage 2 (a secondary objective after agency cost; [`solve`] clears it when there is none).
    pub secondary: bool,
    /// Race a neighbourhood search against the branch-and-bound (on its own thread).
    pub search: bool,
    /// Set by the caller to stop the solve early; the best roster so far is kept.
    pub cancel: Option<Arc<AtomicBool>>,
    /// Told `(best objective, proven bound)` of stage 1 now and then while it runs (objective
    /// infinite while there is no solution).
    pub progress: Option<StageProgress>,
    /// Handed every verified stage-1 roster that improves on the best so far, as it is found
    /// (the caller's roster in hand should the solve not return in time).
    pub incumbent: Option<IncumbentSink>,
    /// The rest of the solve this model is one component of (see [`Others`]): the gap is the
    /// whole solve's, so what the other components leave unused this one may take.
    pub others: Option<Others>,
}

/// The other components of a solve, seen from one of them: `(gap, weight)`, the gap their
/// rosters leave (objective minus proven bound, summed) and what the gap is relative to (their
/// agency cost, with what no roster can cover), in the figure [`Limits::gap`] is relative to;
/// `None` while one of them has no roster. A component may stop once the whole solve is within
/// the gap, `gap + own objective - own bound <= Limits::gap x (weight + own agency cost)`, as
/// the report states it, though it alone is not: on the sample pool with 6-10 extra nurses the
/// larger component holds a third of the agency cost and the other is proven optimal, so the
/// larger may leave three times its own share.
#[derive(Clone)]
pub struct Others(pub Arc<dyn Fn() -> Option<(f64, f64)> + Send + Sync>);

impl std::fmt::Debug for Others {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Others")
    }
}

impl Others {
    /// The others' figures as they stand.
    pub(crate) fn now(&self) -> Option<(f64, f64)> {
        (self.0)()
    }
}

/// What an [`IncumbentSink`] calls: `(objective, column values)`.
pub type IncumbentFn = dyn Fn(f64, &[f64]) + Send + Sync;

/// Receives `(objective, column values)` of each improving, verified stage-1 roster.
#[derive(Clone)]
pub struct IncumbentSink(pub Arc<IncumbentFn>);

impl std::fmt::Debug for IncumbentSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IncumbentSink")
    }
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
    let Formulation { variables, constraints, column, savings, secondary, fairness, .. } = f;
    let n_cols = column.len();
    // Stage 2 runs only when asked for and there is a secondary objective; without it stage 1
    // may take the time stage 2 would have had (see [`search_share_without_tree`]).
    let secondary_terms = coefficients(&secondary, &column);
    let any_secondary = fairness.is_some() || secondary_terms.iter().any(|&c| c != 0.0);
    let limits = &Limits { secondary: limits.secondary && any_secondary, ..limits.clone() };
    // Large components: stage 2 by neighbourhood search ([`polish`]); the race in stage 1 only
    // when asked for.
    let large = space.filter(|s| s.tags.len() >= SEARCH_MIN_COLUMNS);
    let space = large.filter(|_| limits.search);
    // The formulation's expressions go with this build: every other copy of the model is made
    // from HiGHS's own arrays ([`copy_of`]).
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
        .with_worst_case(limits.worst_case)
        .with_progress(limits.progress.clone())
        .with_incumbent(limits.incumbent.clone())
        .with_others(limits.others.clone());
    let search_model = match space {
        Some(_) => Some((
            search::SendModel(copy_of(exchange.model(), limits)?),
            search::SendModel(copy_of(exchange.model(), limits)?),
        )),
        None => None,
    };
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
    // On the largest day-shaped models the first roster comes from best responses (see
    // [`everyone_alone`]), which need time more than the LP does.
    let responds =
        large.is_some_and(SearchSpace::day_shaped) && n_cols >= tuned("ROSTER_TREELESS_COLUMNS", TREELESS_COLUMNS);
    let face_share = if responds { RESPONDING_FACE_SHARE } else { LARGEST_FACE_SHARE };
    // The very largest of them get no dive under a deadline shorter than 20 minutes: Curtois
    // Instance 24's LP (1.07 million columns) was still in presolve at 13 s, its multipliers'
    // bound -82 million, and the 21 s the dive took left best responses too little for their
    // first pass at 60 s; at 600 s the dive took 143 s for a bound of -42.6 million (no bound in
    // agency cost) while best responses had not settled when their share ran out. Instance 23's
    // (349,756 columns) had no optimum after its 146 s at 600 s (234 s on a thread of its own
    // beside the search), its multipliers' bound below zero, the second core idle meanwhile:
    // without the dive two runs gave 22,426 and 22,709, against 22,793-24,330 in five with it.
    let seconds_left =
        limits.deadline.map_or(f64::INFINITY, |d| d.saturating_duration_since(Instant::now()).as_secs_f64());
    let no_dive = responds && n_cols >= NO_DIVE_COLUMNS && seconds_left < NO_DIVE_SECONDS;
    // On the largest day-shaped models (`responds`), under a deadline with two threads, best
    // responses and the search from them run beside the LP rather than after it (see
    // [`face_beside_search`]). Not on Curtois 21 (97,742 columns), whose first roster also
    // comes from best responses: two runs so (21,957 and 21,897) were no better than two
    // without (21,833 and 21,825, session 53); its search is still improving when the time
    // runs out, whatever it started from (session 54).
    // ROSTER_BESIDE_LP=0 runs them after it, for benchmarking.
    let beside_lp = responds && limits.deadline.is_some() && limits.threads >= 2 && switched_on("ROSTER_BESIDE_LP");
    let mut found_beside_lp = None;
    let dive = match large {
        Some(_) if no_dive => Dive::Skipped,
        Some(space) if beside_lp => {
            let (dive, found) = face_beside_search(space, &exchange, limits, face_share)?;
            found_beside_lp = found;
            dive
        }
        Some(_) => optimal_face(&exchange, limits, face_share)?,
        None => Dive::Skipped,
    };
    let (mut outcome, mut model) = match dive {
        Dive::Proven(outcome) => (outcome, model),
        dive => {
            let (lp_unsolved, unsolved_bound) = match dive {
                Dive::Unsolved { bound } => (true, bound),
                _ => (false, None),
            };
            // Under a deadline, on the largest models, the search's roster ends stage 1: there
            // HiGHS's tree, presolve and root LP, finds nothing in the time left, and overruns
            // it (Curtois Instance 22, 117,852 columns: at 120 s, its LP unsolved, neither a
            // roster nor a bound after the search, returned 12 s late; at 600 s, its LP solved
            // in the dive in 212 s, a tree started with 65 s left did not return within the
            // watchdog's 60 s grace). On smaller ones it does (a 400-staff pool's 140-person
            // component, 25,000 columns, whose LP did not solve in the dive's 24 s: HiGHS's
            // tree took the search's -15,285 to -16,518 in its last 8 s).
            // Likewise on smaller ones with a single thread (a component of a pool whose threads are
            // spread over its components): there the tree and the search beside it share a
            // core with each other and with the other components. On the 800-staff pool at
            // 600 s the 280-person component's tree moved its bound by 4 in 163 s while the
            // search beside it found a third as much per second as alone before; without the
            // tree the component ended at 8,972.8 against 9,006.4 and 9,038.8, and the
            // 520-person one, with a core less contended, at 8,722.0 against 8,781.1.
            // ROSTER_TREELESS_COLUMNS changes the size, for tests and benchmarking.
            let treeless = tuned("ROSTER_TREELESS_COLUMNS", TREELESS_COLUMNS);
            let treeless = if limits.threads == 1 { treeless.min(TREELESS_COLUMNS_ONE_THREAD) } else { treeless };
            let mut search_ends = limits.deadline.is_some() && n_cols >= treeless;
            let relaxation = match dive {
                Dive::Bound(relaxation) => Some(relaxation),
                _ => None,
            };
            // The search pays when the solve is asked to stop early, at a gap or a deadline:
            // its roster, within the gap of the LP bound, ends stage 1 without a tree, and it is
            // the roster a stopped tree lacks (Curtois 4-12 at 60 s: better on 8 of 9, e.g.
            // Instance 8 2035 against 5618). When optimality is to be proven without a
            // deadline the tree dominates and a good start saves little of it (sample, 8 hires:
            // 52 s from the optimal roster against 48 s from nothing), and the roster stays
            // independent of timing.
            // ROSTER_STAGE_ONE_SEARCH=0 switches it off, for benchmarking.
            // Column generation with branch-and-price runs inside it even then, when every person
            // is priced by labelling: it proves optimality far faster than the compact tree
            // (Curtois Instance 5: 20 s against no proof in an hour).
            let day_shaped = large.is_some_and(SearchSpace::day_shaped) && generation_follows();
            let wants_search =
                (limits.gap > 0.0 || limits.deadline.is_some() || day_shaped) && switched_on("ROSTER_STAGE_ONE_SEARCH");
            let mut lp_bound = relaxation.as_ref().map(|r| r.bound).or(unsolved_bound).unwrap_or(f64::NEG_INFINITY);
            exchange.prove_bound(lp_bound);
            let found = match large {
                Some(space) if wants_search => {
                    let (found, bound, ended) = stage_one_search(
                        space,
                        start,
                        (relaxation.as_ref(), lp_unsolved, search_ends),
                        found_beside_lp,
                        &exchange,
                        limits,
                    )?;
                    lp_bound = lp_bound.max(bound);
                    exchange.prove_bound(lp_bound);
                    // The search may end stage 1 itself: after column generation's bound on a
                    // day-shaped model no tree follows either (see `stage_one_search`).
                    search_ends |= ended;
                    found
                }
                _ => None,
            };
            match found {
                // Within the requested gap of the (LP or column-generation) bound: no
                // branch-and-bound needed.
                Some(found) if search_ends || within_gap(found.objective, lp_bound, limits) => {
                    let proven = found.objective - lp_bound <= exchange::improvement_tolerance(found.objective);
                    if let Some(progress) = &limits.progress {
                        (progress.0)(found.objective, lp_bound.min(found.objective));
                    }
                    let outcome = MipOutcome {
                        status: if proven { MipStatus::Optimal } else { MipStatus::Feasible },
                        objective: found.objective,
                        bound: lp_bound.min(found.objective),
                        columns: found.columns,
                        secondary_optimal: false,
                    };
                    (outcome, model)
                }
                found => {
                    // HiGHS's time limit counts from when it is set: set it again after the dive.
                    // On the largest models HiGHS's own limit comes TREE_RESERVE of the time
                    // before the deadline (see there).
                    let tree_deadline = match limits.deadline {
                        Some(d) if n_cols >= IPM_ROOT_COLUMNS => {
                            d.checked_sub(d.saturating_duration_since(started).mul_f64(TREE_RESERVE)).or(Some(d))
                        }
                        d => d,
                    };
                    configure(&mut model, tree_deadline, limits)?;
                    set_gap(&mut model, limits, lp_bound)?;
                    exchange.hold_bound(lp_bound);
                    // Under a deadline the search goes on beside the tree from the roster in
                    // hand: each side takes the other's rosters, and the tree stops once one
                    // meets its bound (the sample at 60 s: proven in 13 s, where the search
                    // alone took 40 s to find nothing the tree then found in 4 s).
                    let (relaxation, exchange_ref) = (relaxation.as_ref(), &exchange);
                    let beside = match (&found, large) {
                        (Some(_), Some(large)) if limits.deadline.is_some() && search_model.is_none() => {
                            Some(move || search_beside_tree(large, relaxation, exchange_ref, limits))
                        }
                        _ => None,
                    };
                    if let Some(found) = found {
                        // HiGHS starts from the search's roster; the exchange keeps it in case
                        // HiGHS finds nothing better (or nothing at all) before the deadline.
                        exchange.offer(&found.columns, Finder::Search);
                        let _ = model.try_set_solution(Some(&found.columns), None, None, None);
                    }
                    let beside = beside.as_ref().map(|b| b as &(dyn Fn() + Sync));
                    match branch_and_bound(model, &exchange, limits, (search_model, beside), space, n_cols, started)? {
                        StageOne::Done(outcome) => return Ok(outcome),
                        StageOne::Solved(mut outcome, model) => {
                            // The LP bound is proven too, and may be the better one.
                            outcome.bound = outcome.bound.max(lp_bound).min(outcome.objective);
                            if outcome.objective - outcome.bound <= exchange::improvement_tolerance(outcome.objective) {
                                outcome.status = MipStatus::Optimal;
                            }
                            (outcome, model)
                        }
                    }
                }
            }
        }
    };
    let stage_one_seconds = started.elapsed().as_secs_f64();
    if !limits.secondary {
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
    // The stage-1 roster, with the fairness columns when stage 2 adds them.
    let mut start = outcome.columns.clone();
    if let Some(fairness) = &fairness {
        add_fairness(&mut model, fairness, &column, &mut start)?;
    }
    if model.try_set_solution(Some(&start), None, None, None).is_err() {
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
        let never = |_: f64| false;
        let run = polish::Run {
            space,
            seed: limits.seed,
            budget: polish::STAGE_TWO,
            guide: None,
            enough: &never,
            deadline: Some(deadline),
            stop: &stop,
            improved: &|_| {},
            adopt: &|_| None,
        };
        if let Some(mut p) = polish::run(model, start, &run) {
            tracing::debug!(
                objective = p.objective,
                improvements = p.improvements,
                seconds = stage_two.elapsed().as_secs_f64(),
                "stage 2 (secondary objective) by neighbourhood search done"
            );
            if keeps_agency_cost(&p.columns) {
                p.columns.truncate(n_cols);
                outcome.columns = p.columns;
            }
        }
        return Ok(outcome);
    }
    configure(&mut model, Some(deadline), &Limits { gap: STAGE_TWO_GAP, worst_case: 0.0, ..limits.clone() })?;
    set_option(&mut model, "mip_max_nodes", STAGE_TWO_NODES)?;
    let stage_two = Instant::now();
    let Ok(solved) = model.try_solve() else { return Ok(outcome) };
    tracing::debug!(
        status = ?solved.status(),
        seconds = stage_two.elapsed().as_secs_f64(),
        "stage 2 (secondary objective) done"
    );
    if has_solution(&solved) {
        let mut columns = solved.get_solution().columns().to_vec();
        if keeps_agency_cost(&columns) {
            columns.truncate(n_cols);
            outcome.columns = columns;
            outcome.secondary_optimal = solved.status() == HighsModelStatus::Optimal;
        }
    }
    Ok(outcome)
}

/// The LP relaxation of stage 1, solved by the optimal-face dive.
struct Relaxation {
    /// Its optimum: a proven bound.
    bound: f64,
    /// Its column values.
    values: Vec<f64>,
    /// Its row duals.
    duals: Vec<f64>,
}

/// What the optimal-face dive left stage 1 with.
enum Dive {
    /// A roster proven optimal by the LP bound.
    Proven(MipOutcome),
    /// The LP relaxation; the face held no roster.
    Bound(Relaxation),
    /// Nothing: the dive was off.
    Skipped,
    /// The LP relaxation did not solve in the dive's time, nor come near: at most the
    /// Lagrangian bound of its last multipliers.
    Unsolved { bound: Option<f64> },
}

/// The optimal-face dive ([`optimal_face`]) on this thread and, on another, the first roster
/// by best responses ([`everyone_alone`], on that one thread) and stage 1's neighbourhood
/// search from it until the dive ends: on the largest day-shaped models, where best responses
/// make the first roster, the LP takes one core (interior point) for a long time and the other
/// idled. On Curtois Instance 22 at 600 s the LP took 110 s, then best responses 82 s on both
/// threads (82,021 at 196 s); beside the LP, best responses took 69 s on one thread and the
/// search from them had 66,973 when the LP ended at 122 s, and the solve ended at 36,577
/// against 37,946 (one run each; 35,477-38,115 in sessions 23-44). At 60 s: 85,720 against
/// 96,496. Returns the dive's outcome and the best roster found beside it (offered to the
/// exchange as found).
fn face_beside_search(
    space: &SearchSpace,
    exchange: &Exchange,
    limits: &Limits,
    share: f64,
) -> Result<(Dive, Option<Vec<f64>>), String> {
    let lp_done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let beside = scope.spawn(|| {
            let roster = everyone_alone(space, exchange, limits, 1)?;
            let stop = || lp_done.load(Ordering::Relaxed) || exchange.interrupted();
            if stop() {
                return Some(roster);
            }
            let mut model = empty_model(limits.deadline, limits).ok()?;
            let role = Role::Interruptible(exchange);
            // SAFETY: the model is live; `role` outlives it (polish::run_on drops it before returning).
            unsafe { exchange::attach(model.as_mut_ptr(), &role) };
            let run = polish::Run {
                space,
                seed: limits.seed,
                budget: polish::STAGE_ONE,
                guide: None,
                enough: &|_| false,
                deadline: limits.deadline,
                stop: &stop,
                improved: &|columns: &[f64]| {
                    exchange.offer(columns, Finder::Search);
                },
                adopt: &|_| None,
            };
            let from = exchange.price(&roster);
            let found = polish::run_on(exchange.model(), model, roster.clone(), &run);
            tracing::debug!(
                start = from,
                objective = found.as_ref().map(|f| f.objective),
                rounds = found.as_ref().map(|f| f.rounds),
                "stage 1: the search beside the LP"
            );
            Some(found.map_or(roster, |f| f.columns))
        });
        // The search stops when the dive ends, also by a panic.
        let dive = {
            let _done = decompose::RaiseOnDrop(&lp_done);
            optimal_face(exchange, limits, share)
        };
        let found = beside.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        dive.map(|dive| (dive, found))
    })
}

/// Stage 1 by the optimal-face dive ([`face`]): the optimal roster with the LP bound as its
/// proof, or the LP bound and relaxation (then the search and branch-and-bound run).
fn optimal_face(exchange: &Exchange, limits: &Limits, largest_share: f64) -> Result<Dive, String> {
    let started = Instant::now();
    // ROSTER_FACE_SECONDS overrides the budget (0 switches the dive off), for benchmarking.
    let budget = tuned("ROSTER_FACE_SECONDS", FACE_SECONDS);
    if budget <= 0.0 {
        return Ok(Dive::Skipped);
    }
    // Under a time limit the dive takes at most a fifth of what is left, so that a failed dive
    // leaves the branch-and-bound most of the time. On the largest models (those whose root the
    // branch-and-bound also solves by interior point) the LP alone takes longer than the usual
    // budget, and its bound is what the root would give first anyway: there the dive may take
    // `LARGEST_FACE_SHARE` of the time left, without the fixed cap (the 130-staff component
    // of a 200-staff pool did not solve its LP in 10 s; the 140-staff one of a 400-staff pool
    // took 21 s).
    let largest = exchange.model().columns() >= IPM_ROOT_COLUMNS;
    let budget = match limits.deadline {
        Some(d) if largest && std::env::var_os("ROSTER_FACE_SECONDS").is_none() => {
            largest_share * d.saturating_duration_since(started).as_secs_f64()
        }
        Some(d) => budget.min(0.2 * d.saturating_duration_since(started).as_secs_f64()),
        None => budget,
    };
    let face_deadline = Instant::now() + Duration::from_secs_f64(budget);
    let deadline = limits.deadline.map_or(face_deadline, |d| d.min(face_deadline));
    let build_copy = || {
        let mut m = copy_of(exchange.model(), limits)?;
        configure(&mut m, Some(deadline), limits)?;
        Ok::<_, String>(m)
    };
    let (lp, mip) = (build_copy()?, build_copy()?);
    let role = Role::Interruptible(exchange);
    let attach = |m: &mut highs::Model, lp_seconds: f64| {
        // SAFETY: the model is live; `role` outlives `face::dive`, which drops the model.
        unsafe { exchange::attach(m.as_mut_ptr(), &role) };
        // The largest models' share is the LP's: the face's MIP gets FACE_SECONDS or
        // FACE_MIP_SHARE of the time left, whichever is longer. On the 800-staff pool at 600 s
        // the 520-person component's face MIP (200 nodes) took 224 s after its 129 s LP and
        // found nothing, leaving its search 225 s.
        //
        // None at all when that is shorter than the LP took: the face's MIP then cannot get past
        // its root, and HiGHS looks at its limit only now and then before it. The 800-staff
        // pool's 520-person component alone at 600 s (LP 116-141 s, the face MIP capped at
        // 23.7 s) overran to 38-53 s without one LP iteration, with probing off, with
        // feasibility jump off or with its root by interior point (session 63), and found
        // nothing, as in every run of that pool. Curtois 21 and 22 (LP 57 s and 90 s at 600 s)
        // presolve their faces in 0.3-1.1 s and find nothing there either.
        let now = Instant::now();
        let mip_deadline = match limits.deadline {
            Some(d) if largest => {
                let cap = FACE_SECONDS.max(FACE_MIP_SHARE * d.saturating_duration_since(now).as_secs_f64());
                let mip_deadline = deadline.min(now + Duration::from_secs_f64(cap));
                if mip_deadline.saturating_duration_since(now).as_secs_f64() < lp_seconds {
                    return Ok(false);
                }
                mip_deadline
            }
            _ => deadline,
        };
        configure(m, Some(mip_deadline), limits)?;
        // A limit in work as well as time: on the sample the face's roster is found at the root.
        set_option(m, "mip_max_nodes", FACE_NODES)?;
        Ok(true)
    };
    // The presolved LP relaxation is solved in a model of its own (see `face::relax`).
    let empty = empty_model(Some(deadline), limits)?;
    let face = match face::dive(lp, mip, exchange.model(), (empty, deadline), attach)? {
        face::Dived::Face(face) => face,
        face::Dived::Interrupted { bound, lp_seconds, values, duals } => {
            // The interior point's last iterate: its multipliers' Lagrangian bound is proven,
            // and, when the iterate is near the optimum (its own value within
            // `ITERATE_GUIDES` of that bound), its columns guide as the optimum's would. The
            // 130-person component of a 200-staff pool stopped at 4 s of its 6: bound -18,998
            // against the LP's -18,865; at 2 s -20,397 with the iterate at -18,162 (11% off).
            // At 30 s the pool came out at 4,376 in agency cost either way with the iterate as
            // guide; at 2 s with the bound alone 4,479, with neither 4,644. Curtois Instance 22
            // at 60 s stopped at 35 s within 0.1%; Instance 24 at 24 s, still in presolve.
            let value = exchange.model().objective(&values);
            let near = |bound: f64| value.is_some_and(|v| v - bound <= ITERATE_GUIDES * bound.abs().max(1.0));
            let seconds = started.elapsed().as_secs_f64();
            tracing::debug!(bound, value, lp_seconds, seconds, "optimal face: no LP optimum");
            return Ok(match bound {
                Some(bound) if near(bound) => Dive::Bound(Relaxation { bound, values, duals }),
                bound => Dive::Unsolved { bound },
            });
        }
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
    let Some(columns) = face.columns else {
        return Ok(Dive::Bound(Relaxation { bound: face.bound, values: face.relaxation, duals: face.duals }));
    };
    let objective = exchange.price(&columns).unwrap_or(f64::NAN);
    exchange.offer(&columns, Finder::Search);
    if let Some(progress) = &limits.progress {
        (progress.0)(objective, face.bound.min(objective));
    }
    Ok(Dive::Proven(MipOutcome {
        status: MipStatus::Optimal,
        objective,
        bound: face.bound.min(objective),
        columns,
        secondary_optimal: false,
    }))
}

/// Stage 1's neighbourhood search ([`polish`] with [`polish::STAGE_ONE`]) from the best of the
/// warm start, the LP relaxation rounded at a half and the best roster within the LP's support,
/// else from "nobody works" or HiGHS's first roster: a roster for the branch-and-bound to start from, which ends stage 1 by itself when it
/// is within the gap of the LP bound. Column generation ([`column_generation`]) runs between the
/// starting roster and the search: its bound, when it has time to converge, is far stronger than
/// the LP bound, and its restricted master's roster may start the search. When there is no
/// starting roster, under a time limit and with two threads or more, it runs beside the search
/// instead (the search from everyone on their own, on a thread of its own; column generation
/// prices on the other threads). `no_tree`: no tree follows whatever the search finds. Returns
/// the roster (`None` when there is no starting roster), the best bound proven on the way, and
/// whether its roster ends stage 1 (no tree follows: `no_tree`, or a column-generation bound
/// that leaves HiGHS's tree nothing to do, see below).
fn stage_one_search(
    space: &SearchSpace,
    start: &[(usize, f64)],
    (relaxation, lp_unsolved, no_tree): (Option<&Relaxation>, bool, bool),
    mut found_beside_lp: Option<Vec<f64>>,
    exchange: &Exchange,
    limits: &Limits,
) -> Result<(Option<polish::Polished>, f64, bool), String> {
    let began = Instant::now();
    // Under a time limit the search takes at most a share of what is left; the rest is the
    // branch-and-bound's. With the LP bound known the tree mostly has the roster to improve
    // (on a 200-staff pool it improved neither roster nor bound in 40 s), so the search takes
    // most of the time; without it the tree's root must still find a bound, unless the dive's
    // LP already failed to solve in its time (on Curtois Instance 22 at 120 s the search stopped
    // at 28 s, still improving in 12 of its 13 rounds). When no tree follows (`no_tree`: the
    // largest models, see [`solve`]) it takes nearly all of it.
    let share = match (no_tree, relaxation.is_some() || lp_unsolved) {
        (true, _) => search_share_without_tree(limits),
        (false, true) => tuned("ROSTER_SEARCH_SHARE", SEARCH_SHARE_WITH_BOUND),
        (false, false) => SEARCH_SHARE_WITHOUT_BOUND,
    };
    let deadline = limits.deadline.map(|d| began + d.saturating_duration_since(began).mul_f64(share));
    // How long the last copy of the model took to build, in microseconds (0: none built yet).
    let building = AtomicU64::new(0);
    let build_copy_until = |deadline: Option<Instant>| {
        let t = Instant::now();
        let mut m = copy_of(exchange.model(), limits)?;
        configure(&mut m, deadline, limits)?;
        building.store(t.elapsed().as_micros().max(1) as u64, Ordering::Relaxed);
        Ok::<_, String>(m)
    };
    let build_copy = || build_copy_until(deadline);
    let role = Role::Interruptible(exchange);
    let attached = |mut m: highs::Model| {
        // SAFETY: the model is live; `role` outlives it (every copy is dropped in this function).
        unsafe { exchange::attach(m.as_mut_ptr(), &role) };
        m
    };
    // The better of the warm start and the LP relaxation rounded, each completed (the
    // completion finds the worked-day, weekend and rest columns); else "nobody works a vacancy"
    // when the rules allow it (they do unless someone has minimum hours); else HiGHS's first
    // roster.
    let n = exchange.model().columns();
    let completed = |assignment: &[f64]| -> Result<Option<(f64, Vec<f64>)>, String> {
        let t = Instant::now();
        let found = polish::complete(attached(build_copy()?), space, assignment, START_NODES)
            .filter(|c| exchange.violation(c).is_none())
            .and_then(|c| exchange.price(&c).map(|v| (v, c)));
        let objective = found.as_ref().map(|f| f.0);
        tracing::debug!(objective, seconds = t.elapsed().as_secs_f64(), "stage 1 search: a starting roster completed");
        Ok(found)
    };
    let offer = |columns: &[f64]| {
        exchange.offer(columns, Finder::Search);
    };
    // Stage 1's neighbourhood search, as its runs below share it.
    let stage_one = polish::Run {
        space,
        seed: limits.seed,
        budget: polish::STAGE_ONE,
        guide: relaxation.map(|r| r.values.as_slice()),
        enough: &|_| false,
        deadline: None,
        stop: &|| false,
        improved: &|_| {},
        adopt: &|_| None,
    };
    // A short search from `start`, worth `from`, within `budget` (and, under a time limit, a
    // share of the time left), until a roster within the gap of `bound`; each improvement is
    // offered to the exchange. Untimed it is deterministic: rounds and node limits, no clock.
    let short_search = |budget: polish::Budget, start: Vec<f64>, from: f64, bound: f64, what: &str| {
        let t = Instant::now();
        let enough = |objective: f64| within_gap(objective, bound, limits);
        let stop = || exchange.interrupted();
        let deadline = limits.deadline.map(|d| t + d.saturating_duration_since(t).mul_f64(SHORT_SEARCH_SHARE));
        let run = polish::Run { budget, enough: &enough, deadline, stop: &stop, improved: &offer, ..stage_one };
        let found = polish::run_on(exchange.model(), attached(empty_model(deadline, limits)?), start, &run);
        tracing::debug!(
            start = from,
            objective = found.as_ref().map(|f| f.objective),
            rounds = found.as_ref().map(|f| f.rounds),
            seconds = t.elapsed().as_secs_f64(),
            "{what}"
        );
        Ok::<_, String>(found)
    };
    let mut candidates = Vec::new();
    let mut warm_completed = None;
    if !start.is_empty() {
        let mut warm = vec![0.0; n];
        for &(c, v) in start.iter().filter(|(c, _)| *c < n) {
            warm[c] = v;
        }
        warm_completed = completed(&warm)?;
        candidates.extend(warm_completed.clone());
    }
    if let Some(values) = relaxation.map(|r| &r.values).filter(|v| v.len() == n) {
        // Interior point leaves few values at exactly 1: round at a half (safe for the clique
        // rows, which hold at most one value above a half), else at 0.9.
        for threshold in [0.5 + 1e-6, 0.9] {
            let rounded: Vec<f64> = values.iter().map(|v| if *v >= threshold { 1.0 } else { 0.0 }).collect();
            if let Some(found) = completed(&rounded)? {
                candidates.push(found);
                break;
            }
        }
    }
    // The best roster within the LP's support, found by HiGHS in a fifth of the search's time
    // and at most SUPPORT_SECONDS:
    // rounding leaves interior-point values far from a good roster (on a 200-staff pool at 60 s
    // the completed rounding of the 70-person component saved 1,626 against the LP's 8,733; the
    // best roster within the support, 8,386 in 8 s, as much as 40 s of search from the rounding
    // reached: 8,383-8,444).
    // ROSTER_SUPPORT sets the threshold (0 switches it off), for benchmarking.
    let threshold = tuned("ROSTER_SUPPORT", SUPPORT_THRESHOLD);
    // At most this long within the LP's support, and within the master's where rules are not
    // day-shaped ([`SUPPORT_SECONDS`]).
    let support_most = Duration::from_secs_f64(tuned("ROSTER_SUPPORT_SECONDS", SUPPORT_SECONDS));
    // The best roster (with its objective) whose assignments lie in the support of `values`,
    // within `share` of the time until `until` and at most `most`; HiGHS stops at the first within
    // the gap of `bound`, or at its `first` roster at all (see [`SUPPORT_FIRST`]).
    let within_support = |values: &[f64],
                          until: Option<Instant>,
                          (share, most, first): (f64, Duration, bool),
                          bound: f64,
                          what: &str| {
        if threshold <= 0.0 {
            return Ok(None);
        }
        let t = Instant::now();
        let cap = until.map(|d| t + d.saturating_duration_since(t).mul_f64(share).min(most));
        let nodes = (START_NODES, gap_target(bound, limits));
        let mut model = attached(build_copy_until(cap)?);
        if first {
            // HiGHS looks at its limits only once its root LP is solved, by interior point
            // here rather than by the dual simplex.
            set_option(&mut model, "mip_max_improving_sols", 1)?;
            set_option(&mut model, "mip_lp_solver", "ipm")?;
        }
        let found = polish::within_support(model, space, values, threshold, nodes)
            .filter(|c| exchange.violation(c).is_none())
            .and_then(|c| exchange.price(&c).map(|v| (v, c)));
        tracing::debug!(
            objective = found.as_ref().map(|f| f.0),
            threshold,
            seconds = t.elapsed().as_secs_f64(),
            "{what}"
        );
        Ok::<_, String>(found)
    };
    // Column generation follows the search's start when that is not within the gap (below):
    // under a deadline; without one where labelling converges fast (no calendar rules), and
    // where a gap is asked of a component small enough for its interior master (on the sample
    // pool with 6-10 extra nurses, 5,000 columns, the tree took 7-73 s to close a 1% gap,
    // column generation 10-14 s, its bound within 0.3% of the optimum and its roster the
    // optimum), but not below UNTIMED_GENERATION_FROM columns, where the tree closes the gap
    // sooner.
    let untimed = tuned("ROSTER_UNTIMED_GENERATION_FROM", UNTIMED_GENERATION_FROM)
        ..tuned("ROSTER_UNTIMED_GENERATION_COLUMNS", UNTIMED_GENERATION_COLUMNS);
    let generates = limits.deadline.is_some() || space.day_shaped() || (limits.gap > 0.0 && untimed.contains(&n));
    // The best roster within the LP's support is not sought where column generation follows
    // on a day-shaped model: there the compact LP is weak, and the converged master's own
    // support gives the better roster (Curtois Instance 4: 7.1 s for 1,914 within the compact
    // LP's support, 0.01 s for the optimum 1,716 within the master's; Instance 12: 4.9 s for
    // nothing). Nor where it follows from schedules known from elsewhere (a neighbouring
    // what-if point's): the sample pool with 9 extra nurses spent 2.1 s on -3,933.9 within the
    // LP's support, column generation from 8 extra nurses' schedules then 1.5 s on the optimum
    // -3,944.95 within its master's.
    let mut supersedes = generation_follows() && (space.day_shaped() || (generates && !space.seeds.is_empty()));
    // Under a gap, where column generation would follow on a model with calendar rules (a
    // what-if point, a nightly re-plan with --gap), a short search from the warm start comes
    // before the best roster within the LP's support: the roster of a neighbouring point, one
    // hire fewer, is usually a few neighbourhoods from the gap. On the sample sweep's points with
    // 6-10 extra nurses the search reached it in 5-11 rounds (0.1-0.7 s), where the support MIP
    // took 2-4 s and the search after it up to 34 rounds more. A warm start already within the
    // gap skips the support MIP too. Untimed it is deterministic (rounds and node limits, no
    // clock); under a time limit it also stops at a share of the time left (the sample sweep at
    // `--gap 0.01 --time-limit 10`: 21.3 s -> 8.9-9.3 s). Only on components of
    // UNTIMED_GENERATION_FROM..UNTIMED_GENERATION_COLUMNS columns, as untimed: on the 200-staff
    // pool's 130-person component (23,000 columns) at 60 s the search spent its share without
    // reaching the gap, and the sweep's rows were no better (315 s in one run, against 175-252 s
    // without it; its points take 17-56 s from run to run).
    let under_gap = limits.gap > 0.0 && !space.day_shaped();
    let from_warm_start = generation_follows() && under_gap && untimed.contains(&n);
    let lp_bound = relaxation.map_or(f64::NEG_INFINITY, |r| r.bound);
    // The roster the short search from the warm start ended at, if it ran: the search before
    // column generation (below) does not start again from it.
    let mut searched_from_warm_start = None;
    if let Some((objective, warm)) = warm_completed.filter(|_| from_warm_start) {
        if within_gap(objective, lp_bound, limits) {
            supersedes = true;
        } else {
            let what = "stage 1: a short search from the warm start";
            let found = short_search(FROM_WARM_START, warm, objective, lp_bound, what)?;
            if let Some(f) = found {
                supersedes |= within_gap(f.objective, lp_bound, limits);
                searched_from_warm_start = Some(f.columns.clone());
                candidates.push((f.objective, f.columns));
            }
        }
    }
    if let Some(values) = relaxation.map(|r| &r.values).filter(|v| v.len() == n && !supersedes) {
        let what = "stage 1 search: the best roster within the LP's support";
        let first = tuned("ROSTER_SUPPORT_FIRST", u8::from(SUPPORT_FIRST)) != 0;
        candidates.extend(within_support(values, deadline, (SUPPORT_SHARE, support_most, first), lp_bound, what)?);
    }
    // Not where best responses make the first roster (the largest day-shaped models): there
    // least minutes leave "nobody works" short of a roster, and completing it took 9.8 s of
    // Curtois Instance 24's 60.
    let responds = no_tree && space.day_shaped();
    if candidates.is_empty() && !responds {
        candidates.extend(completed(&vec![0.0; n])?);
    }
    let mut first = candidates.into_iter().min_by(|a, b| a.0.total_cmp(&b.0));
    // The roster found beside the LP starts the search where best responses' would (below),
    // unless a candidate beats it.
    let beside_lp_objective = found_beside_lp.as_ref().and_then(|c| exchange.price(c));
    if first.as_ref().zip(beside_lp_objective).is_some_and(|(f, beside)| beside < f.0) {
        first = None;
    }
    let mut first = first.map(|(_, c)| c);
    // The first roster where the model splits by person: the one found beside the LP, else
    // everyone on their own (asked for at most once, below).
    let mut split_roster =
        || found_beside_lp.take().or_else(|| everyone_alone(space, exchange, limits, limits.threads));
    // The best roster within the support of column generation's converged master LP (its image
    // in the model's columns), found by HiGHS within NEAR_SHARE of the time left and at most
    // NEAR_SECONDS on day-shaped models, within SUPPORT_SHARE of it and at most SUPPORT_SECONDS
    // elsewhere.
    let near = |image: &[f64], bound: f64| -> Option<Vec<f64>> {
        let what = "column generation: the best roster within the master LP's support";
        let (share, most) = match space.day_shaped() {
            true => (tuned("ROSTER_NEAR_SHARE", NEAR_SHARE), Duration::from_secs_f64(NEAR_SECONDS)),
            false => (SUPPORT_SHARE, support_most),
        };
        let (_, found) = within_support(image, limits.deadline, (share, most, false), bound, what).ok()??;
        exchange.offer(&found, Finder::Search);
        Some(found)
    };
    // Better rosters for branch-and-price (which proves nothing until it holds a roster at its
    // rounded bound), by the neighbourhood search on a thread beside it.
    let improve = |beside: &decompose::Beside| {
        let t = Instant::now();
        let Ok(model) = empty_model(beside.deadline, limits) else { return };
        let target = beside.target;
        let enough = |objective: f64| objective <= target + 1e-9 * target.abs().max(1.0);
        let stop = || exchange.interrupted() || (beside.stop)();
        let run = polish::Run {
            // The converged master's image is the tighter relaxation to guide by.
            guide: beside.guide.or(stage_one.guide),
            enough: &enough,
            deadline: beside.deadline,
            stop: &stop,
            improved: &|columns: &[f64]| {
                exchange.offer(columns, Finder::Search);
                (beside.found)(columns);
            },
            adopt: &|_| (beside.from_tree)(),
            ..stage_one
        };
        let found = polish::run_on(exchange.model(), attached(model), beside.start.to_vec(), &run);
        tracing::debug!(
            start = exchange.price(beside.start),
            objective = found.as_ref().map(|f| f.objective),
            target,
            rounds = found.as_ref().map(|f| f.rounds),
            seconds = t.elapsed().as_secs_f64(),
            "column generation: the search beside branch-and-price"
        );
    };
    let mut bound = lp_bound;
    let lp_duals = relaxation.map(|r| r.duals.as_slice());
    // Column generation can start without a roster: it prices every person's schedule from
    // scratch, and its restricted master MIP combines them. Where everyone is priced by
    // labelling that is far faster than HiGHS's first roster (83 s on Curtois Instance 13, whose
    // minimum hours leave "nobody works" and the rounded LP short of a roster).
    // With no roster yet, everyone on their own makes one where the rows between people are
    // soft (Curtois Instances 22-24: no LP optimum, no completed start, and a labelling round
    // over 364 days that does not finish in column generation's time). When the LP did not
    // solve either it comes first, in hand at once and column generation's start; else only
    // when column generation gives no roster (on Instance 13, whose LP solves, column
    // generation from it found a worse roster at 120 s: 20,393 against 15,588, one run each),
    // which its capped first round settles early on long horizons (Instance 22 at 600 s).
    // Under a time limit with threads to spare, on large models, column generation from no
    // roster runs beside the search from everyone on their own: HiGHS's sub-MIPs use one
    // thread, and there the search, not column generation's master, finds the rosters (Curtois
    // 21-24). On Curtois Instance 13 (41,502 columns) at 600 s this was 2,533 beside against
    // 3,392 first in session 11, before branch-and-price dove; since, 13 and 20 converge and
    // dive, and pricing on both threads serves them better (see the constant). On smaller
    // models column generation converges in seconds with every thread and branch-and-price
    // proves the optimum: beside the search, Instance 6 (1,282 columns) was no longer proven in
    // 60 s and Instance 12 (11,260) gave 4,660 against 4,138.
    // ROSTER_BESIDE_SEARCH_COLUMNS changes the size, for tests and benchmarking.
    let beside_from = tuned("ROSTER_BESIDE_SEARCH_COLUMNS", GENERATION_BESIDE_SEARCH_COLUMNS);
    let generation_beside_search = first.is_none()
        && generation_follows()
        && space.day_shaped()
        && limits.deadline.is_some()
        && limits.threads >= 2
        && n >= beside_from;
    let alone_first = first.is_none() && (lp_unsolved || generation_beside_search);
    let mut alone = match alone_first {
        true => split_roster(),
        false => None,
    };
    let mut generated = false;
    // The converged master LP's image in the model's columns, once column generation gave one:
    // the search after it is guided by that rather than by the model's own, weaker, LP.
    let mut master_image: Option<Vec<f64>> = None;
    if let (true, Some(start)) = (generation_beside_search, &alone) {
        generated = true;
        let generation_done = AtomicBool::new(false);
        // Branch-and-price gets the search's rosters through this relay rather than a search of
        // its own: the search beside it is already running.
        let relay = |beside: &decompose::Beside| {
            let mut handed = f64::INFINITY;
            while !(beside.stop)() && !exchange.interrupted() && beside.deadline.map_or(true, |d| Instant::now() < d) {
                if let Some(best) = exchange.best_if(|b| b.objective < handed) {
                    handed = best.objective;
                    (beside.found)(&best.columns);
                }
                if let Some(from_tree) = (beside.from_tree)() {
                    exchange.offer(&from_tree, Finder::Search);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        };
        let (g, searched) = std::thread::scope(|scope| {
            let search = scope.spawn(|| {
                let model = empty_model(limits.deadline, limits).ok()?;
                let enough = |objective: f64| within_gap(objective, bound, limits);
                let stop = || generation_done.load(Ordering::Relaxed) || exchange.interrupted();
                let adopt = |own: f64| exchange.best_if(|b| b.objective < own).map(|b| b.columns);
                let run = polish::Run {
                    budget: polish::Budget { cycles: true, ..polish::STAGE_ONE },
                    enough: &enough,
                    deadline: limits.deadline,
                    stop: &stop,
                    improved: &offer,
                    adopt: &adopt,
                    ..stage_one
                };
                polish::run_on(exchange.model(), attached(model), start.clone(), &run)
            });
            let g = column_generation(
                space,
                Some(start),
                (bound, lp_duals),
                (&near, &relay),
                exchange,
                limits,
                limits.threads - 1,
            );
            generation_done.store(true, Ordering::Relaxed);
            (g, search.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        });
        tracing::debug!(
            bound = g.as_ref().map(|g| g.bound),
            search = searched.as_ref().map(|s| s.objective),
            rounds = searched.as_ref().map(|s| s.rounds),
            seconds = began.elapsed().as_secs_f64(),
            "stage 1: column generation beside the search"
        );
        if let Some(g) = g {
            bound = bound.max(g.bound);
            master_image = g.image;
            first = g.columns.filter(|c| exchange.violation(c).is_none() && exchange.price(c).is_some());
        }
        let generated_objective = first.as_ref().and_then(|f| exchange.price(f)).unwrap_or(f64::INFINITY);
        if let Some(searched) = searched.filter(|s| s.objective < generated_objective) {
            first = Some(searched.columns);
        }
    } else if first.is_none() && generation_follows() && space.day_shaped() {
        generated = true;
        let start = alone.as_deref();
        if let Some(g) =
            column_generation(space, start, (bound, lp_duals), (&near, &improve), exchange, limits, limits.threads)
        {
            bound = bound.max(g.bound);
            master_image = g.image;
            first = g.columns.filter(|c| exchange.violation(c).is_none() && exchange.price(c).is_some());
        }
    }
    if first.is_none() && !alone_first {
        alone = split_roster();
    }
    first = first.or(alone);
    if first.is_none() {
        let mut m = attached(build_copy()?);
        set_option(&mut m, "mip_max_improving_sols", 1)?;
        set_option(&mut m, "mip_max_nodes", START_NODES)?;
        if let Ok(solved) = m.try_solve() {
            if has_solution(&solved) {
                first = Some(solved.get_solution().columns().to_vec()).filter(|c| exchange.violation(c).is_none());
            }
        }
    }
    let Some(first) = first else {
        tracing::debug!(seconds = began.elapsed().as_secs_f64(), "stage 1 search: no starting roster");
        return Ok((None, f64::NEG_INFINITY, no_tree));
    };
    let mut first_objective = exchange.price(&first).unwrap_or(f64::NAN);
    // The starting roster is the caller's roster in hand until something improves on it.
    exchange.offer(&first, Finder::Search);
    let start_seconds = began.elapsed().as_secs_f64();
    let mut first = first;
    // Column generation comes next unless it already ran or the start is within the gap.
    let generation_next = !generated && generation_follows() && generates;
    // Untimed under a gap on a model with calendar rules (a what-if point), where the compact
    // LP's bound is often within the gap of the optimum and the start roster just outside it, a
    // short search first: on the sample sweep's points with 7 and 8 extra nurses the best
    // roster within the LP's support missed the 1% gap by 0.26 and 0.4 and column generation
    // from no schedules then took 41 rounds (13.7 s); 7 and 16 neighbourhoods reached the gap
    // in 0.3 and 1.4 s. Deterministic: rounds and node limits, no clock. Not from the roster
    // the short search from the warm start ended at: that search had its rounds from there, and
    // what is missing is more likely the bound. On the sample sweep (`whatif --add ssk=0..10
    // --gap 0.01`) its 40 rounds from there found 0.2 in all at 8, 9 and 10 extra nurses, in
    // 6-30 s a point; column generation's bound then closed the gap (session 63).
    let searched = searched_from_warm_start.as_ref() == Some(&first);
    if generation_next
        && under_gap
        && limits.deadline.is_none()
        && !searched
        && !within_gap(first_objective, bound, limits)
    {
        let what = "stage 1: a short search before column generation";
        let found = short_search(BEFORE_GENERATION, first.clone(), first_objective, bound, what)?;
        if let Some(f) = found.filter(|f| f.objective < first_objective) {
            (first, first_objective) = (f.columns, f.objective);
        }
    }
    if generation_next && !within_gap(first_objective, bound, limits) {
        generated = true;
        if let Some(g) = column_generation(
            space,
            Some(&first),
            (bound, lp_duals),
            (&near, &improve),
            exchange,
            limits,
            limits.threads,
        ) {
            bound = bound.max(g.bound);
            master_image = g.image;
            let priced =
                g.columns.filter(|c| exchange.violation(c).is_none()).and_then(|c| exchange.price(&c).map(|v| (v, c)));
            if let Some((objective, columns)) = priced.filter(|(v, _)| *v < first_objective) {
                (first, first_objective) = (columns, objective);
            }
        }
    }
    // Column generation's roster, if it improved on the start.
    exchange.offer(&first, Finder::Search);
    if generated && within_gap(first_objective, bound, limits) {
        let found = Some(polish::Polished::unsearched(first, first_objective));
        return Ok((found, bound, no_tree));
    }
    // Column generation's bound above the compact LP's leaves HiGHS's tree nothing to prove in
    // the time left: its root starts from the compact LP, weak on day-shaped models, and closes
    // little of the gap (Curtois 13, 15, 18 at 600 s: no roster and no bound from the tree in
    // its 56-75 s; 19: none in 257 s, session 37). Under a deadline the search then takes the
    // time itself, two side by side where there are two threads (19 at 600 s: 3,179, its best
    // so far, against 3,279-3,581; 13: 2,086 and 20: 5,071, within their spread, session 40).
    // ROSTER_TREE_AFTER_GENERATION=1 keeps the tree, for benchmarking.
    let tree_pointless = tuned("ROSTER_TREE_AFTER_GENERATION", 0) == 0
        && limits.deadline.is_some()
        && space.day_shaped()
        && generated
        && bound > lp_bound + exchange::improvement_tolerance(bound);
    let no_tree = no_tree || tree_pointless;
    let share = if tree_pointless { search_share_without_tree(limits) } else { share };
    // The search's share counts from now (column generation may have taken time).
    let now = Instant::now();
    let deadline = limits.deadline.map(|d| now + d.saturating_duration_since(now).mul_f64(share));
    let enough = |objective: f64| within_gap(objective, bound, limits);
    let stop = || exchange.interrupted();
    let run = polish::Run {
        // When a tree follows, the search stops once no neighbourhood size improves the roster
        // and goes on beside the tree (see [`solve`]), rather than starting over alone.
        budget: polish::Budget { cycles: no_tree, ..polish::STAGE_ONE },
        guide: master_image.as_deref().or(stage_one.guide),
        enough: &enough,
        deadline,
        stop: &stop,
        improved: &offer,
        ..stage_one
    };
    // No search is started with less than twice the last copy's build time left: on Curtois
    // Instance 24 (1.07 million columns) at 60 s a copy for the search took 5 s, and the search
    // was started with less left, ran no round and returned late. The searches now build no
    // copy ([`empty_model`]); the time is that of the last copy made here (completing a start).
    let built_in = Duration::from_micros(building.load(Ordering::Relaxed));
    // Under a deadline, where the component has two threads or more, a second search with
    // seeds of its own runs beside the first, each going on from the other's better rosters
    // (through the exchange): otherwise the second thread idles for the whole search. Curtois
    // Instance 22 at 600 s: 35,477 against 37,050 and 37,081 alone (sessions 21-22); peak
    // memory 1.25 GB (a second copy of the model). Also where a tree follows: on Curtois 21
    // at 600 s one search ran alone from 28 s to 413 s (session 38), two side by side ended
    // that stretch 202 lower and the solve at 21,792 against 21,958 (session 40).
    // ROSTER_SIDE_BY_SIDE=0 runs one search, for benchmarking.
    let side_by_side = limits.threads >= 2 && limits.deadline.is_some() && tuned("ROSTER_SIDE_BY_SIDE", 1) != 0;
    let found = match deadline.is_some_and(|d| d.saturating_duration_since(Instant::now()) < built_in * 2) {
        true => Some(polish::Polished::unsearched(first, first_objective)),
        false if side_by_side => {
            let adopt = |own: f64| exchange.best_if(|b| b.objective < own).map(|b| b.columns);
            // Each merges what the other found with its own walk (`polish::Budget::merges`).
            let (budget, guide) = (polish::Budget { merges: true, ..run.budget }, run.guide);
            let search = |seed: u64| {
                let run = polish::Run {
                    space,
                    seed,
                    budget,
                    guide,
                    enough: &enough,
                    deadline,
                    stop: &stop,
                    improved: &offer,
                    adopt: &adopt,
                };
                let model = empty_model(deadline, limits)?;
                Ok::<_, String>(polish::run_on(exchange.model(), attached(model), first.clone(), &run))
            };
            let (own, other) = std::thread::scope(|scope| {
                let other = scope.spawn(|| search(limits.seed.wrapping_add(0x9e37_79b9_7f4a_7c15)));
                let own = search(limits.seed);
                (own, other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            });
            let (own, other) = (own?, other?);
            tracing::debug!(
                own = own.as_ref().map(|f| f.objective),
                other = other.as_ref().map(|f| f.objective),
                rounds = own.as_ref().map_or(0, |f| f.rounds) + other.as_ref().map_or(0, |f| f.rounds),
                "stage 1: two searches side by side"
            );
            [own, other].into_iter().flatten().min_by(|a, b| a.objective.total_cmp(&b.objective))
        }
        false => polish::run_on(exchange.model(), attached(empty_model(deadline, limits)?), first, &run),
    };
    tracing::debug!(
        start = first_objective,
        objective = found.as_ref().map_or(f64::NAN, |f| f.objective),
        improvements = found.as_ref().map_or(0, |f| f.improvements),
        rounds = found.as_ref().map_or(0, |f| f.rounds),
        bound,
        start_seconds,
        seconds = began.elapsed().as_secs_f64(),
        "stage 1 neighbourhood search done"
    );
    Ok((found, bound, no_tree))
}

/// Stage 1's neighbourhood search beside HiGHS's tree, from the exchange's best roster until
/// the exchange says stop (the tree ended, the deadline passed, or a roster meets the bound):
/// it offers each roster it finds to the tree and goes on from each better one the tree finds.
/// It starts over with fresh neighbourhoods whenever it stalls.
fn search_beside_tree(space: &SearchSpace, relaxation: Option<&Relaxation>, exchange: &Exchange, limits: &Limits) {
    let began = Instant::now();
    let Some(start) = exchange.best() else { return };
    let Ok(mut model) = empty_model(limits.deadline, limits) else { return };
    let role = Role::SubMip(exchange);
    // SAFETY: the model is live; `role` outlives it (polish::run_on drops it before returning).
    unsafe { exchange::attach(model.as_mut_ptr(), &role) };
    let start_objective = start.objective;
    let stop = || exchange.should_stop();
    let from_tree =
        |own: f64| exchange.best_if(|b| b.finder == Finder::BranchAndBound && b.objective < own).map(|b| b.columns);
    let run = polish::Run {
        space,
        // Other neighbourhoods than the search before the tree tried.
        seed: limits.seed ^ 0xbe51_de7e,
        budget: polish::STAGE_ONE,
        guide: relaxation.map(|r| r.values.as_slice()),
        enough: &|_| false,
        deadline: limits.deadline,
        stop: &stop,
        improved: &|columns: &[f64]| {
            exchange.offer(columns, Finder::Search);
        },
        adopt: &from_tree,
    };
    let found = polish::run_on(exchange.model(), model, start.columns, &run);
    tracing::debug!(
        start = start_objective,
        objective = found.as_ref().map(|f| f.objective),
        improvements = found.as_ref().map(|f| f.improvements),
        rounds = found.as_ref().map(|f| f.rounds),
        seconds = began.elapsed().as_secs_f64(),
        "stage 1: the search beside the tree"
    );
}

/// A first roster where the model splits by person, within [`ALONE_SHARE`] of the time left,
/// offered to the exchange (the roster in hand): best responses ([`decompose::respond`]) where
/// everyone is priced by labelling and the rows between people are cover rows, else (or when
/// they give none) everyone on their own ([`decompose::alone`]), `workers` people at a time
/// (HiGHS keeps the process's threads). `None` when the model does not split by person or
/// someone has no schedule in time.
///
/// Best responses are the far better start where they apply: from nobody working, Curtois
/// Instance 20 (50 people, 182 days) settles at 9,574 in 4 s, Instance 21 (100 people) at
/// 28,659 in 22 s, and Instance 22 (364 days) is at 55,076 after 60 s, where everyone on their
/// own gave 238,818 below the worst case on Instance 20 and the neighbourhood search from it
/// reached 56,126 at 60 s.
fn everyone_alone(space: &SearchSpace, exchange: &Exchange, limits: &Limits, workers: usize) -> Option<Vec<f64>> {
    let began = Instant::now();
    let model = exchange.model();
    let split = decompose::Decomposition::of(model, &space.tags)?;
    let deadline = limits.deadline.map(|d| began + d.saturating_duration_since(began).mul_f64(ALONE_SHARE));
    let responded = match switched_on("ROSTER_RESPOND") {
        true => {
            let threads = (limits.threads, workers);
            decompose::respond(model, &split, &space.day_rules, None, threads, deadline, limits.seed)
        }
        false => None,
    };
    let responded = responded.filter(|r| exchange.violation(&r.roster).is_none());
    if let Some(r) = responded {
        let objective = exchange.price(&r.roster);
        tracing::debug!(
            objective,
            counted = r.objective,
            passes = r.passes,
            moves = r.moves,
            settled = r.settled,
            seconds = began.elapsed().as_secs_f64(),
            "stage 1 search: best responses"
        );
        if objective.is_some() {
            exchange.offer(&r.roster, Finder::Search);
            return Some(r.roster);
        }
    }
    let found = decompose::alone(model, &split, (limits.threads, workers), deadline)
        .filter(|c| exchange.violation(c).is_none())
        .and_then(|c| exchange.price(&c).map(|v| (v, c)));
    tracing::debug!(
        objective = found.as_ref().map(|f| f.0),
        seconds = began.elapsed().as_secs_f64(),
        "stage 1 search: everyone on their own"
    );
    let (_, roster) = found?;
    exchange.offer(&roster, Finder::Search);
    Some(roster)
}

/// Stage 1's column generation ([`decompose`]) from a starting roster: a bound from the
/// Dantzig-Wolfe master (each person's rows convexified), a roster from the restricted master
/// MIP, and, when every person is priced by labelling with no calendar rules, branch-and-price.
/// Under a time limit it takes [`GENERATION_SHARE`] of the time left, a quarter of that for the
/// master MIP (pricing by MIP takes from a tenth of a second to seconds per person and round: a
/// first round slower than a fifteenth of its share gives up at once). Without one it runs
/// until it converges (and branch-and-price, where it follows, until its tree is exhausted).
/// `lp_duals` (the compact LP's row duals) seed its stability centre, `space.seeds` its master;
/// it leaves its master's last support in `space.found`. `pricing` people are priced at once.
fn column_generation(
    space: &SearchSpace,
    start: Option<&[f64]>,
    (known_bound, lp_duals): (f64, Option<&[f64]>),
    (near, improve): (&decompose::Near, &decompose::Improve),
    exchange: &Exchange,
    limits: &Limits,
    pricing: usize,
) -> Option<decompose::Generated> {
    let began = Instant::now();
    let model = exchange.model();
    let Some(split) = decompose::Decomposition::of(model, &space.tags) else {
        tracing::debug!("column generation: the model does not split by person");
        return None;
    };
    let deadline = limits.deadline.map(|d| {
        began + d.saturating_duration_since(began).mul_f64(tuned("ROSTER_GENERATION_SHARE", GENERATION_SHARE))
    });
    let generation_deadline =
        deadline.map(|d| began + d.saturating_duration_since(began).mul_f64(1.0 - MASTER_MIP_SHARE));
    let dive_deadline = limits.deadline.map(|d| {
        let share = tuned("ROSTER_DIVE_SHARE", DIVE_SHARE).max(GENERATION_SHARE);
        began + d.saturating_duration_since(began).mul_f64(share)
    });
    let start_objective = start.and_then(|s| exchange.price(s)).unwrap_or(f64::INFINITY);
    // The roster in hand may be better than the start (a search beside column generation).
    let enough = |bound: f64| within_gap(start_objective.min(exchange.best_objective()), bound, limits);
    let stop = || exchange.interrupted();
    let price = |c: &[f64]| exchange.violation(c).is_none().then(|| exchange.price(c)).flatten();
    // Under a gap, generation may end at the first roster within it (see `decompose::generate`),
    // except where its schedules are wanted converged and it starts from none: on the sample
    // sweep, points 6 and 7 (no schedules to start from) ending early handed on the support of
    // an unconverged master, and point 8 then took 50 rounds (13.5 s) instead of 25 (7.9 s).
    // Started from schedules, ending early cost its neighbours nothing measurable.
    let early = !space.converge || !space.seeds.is_empty();
    let target = |bound: f64| if early { gap_target(bound, limits) } else { f64::NEG_INFINITY };
    let run = decompose::Run {
        start,
        generation_deadline,
        deadline,
        dive_deadline,
        iterations: usize::MAX,
        // Without a deadline the tree is proof enough; the master MIP only seeds it.
        master_nodes: if limits.deadline.is_some() { i32::MAX } else { MASTER_NODES },
        known_bound,
        lp_duals,
        seeds: &space.seeds,
        enough: &enough,
        target: &target,
        stop: &stop,
        threads: limits.threads,
        pricing,
        day_rules: &space.day_rules,
        price: &price,
        near,
        improve,
        slow_node: decompose::slow_node_seconds(),
    };
    let generated = decompose::generate(model, &split, &run);
    if let Some(g) = &generated {
        tracing::debug!(
            people = split.blocks(),
            master_rows = split.master_rows(),
            rounds = g.iterations,
            schedules = g.schedules,
            master = g.master,
            bound = g.bound,
            converged = g.converged,
            roster = g.columns.as_ref().and_then(|c| exchange.price(c)).unwrap_or(f64::NAN),
            seconds = began.elapsed().as_secs_f64(),
            "column generation"
        );
        if !g.support.is_empty() {
            *space.found.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = g.support.clone();
        }
    }
    generated
}

/// Whether HiGHS holds a feasible solution after `solved`. Also `false` where it reports no
/// primal solution status at all (-1, which the `highs` crate's own accessor panics on): a
/// search's kick ([`polish::Budget::kicks`]) can hand HiGHS a sub-MIP with no roster, and some
/// of those end with no status.
pub(crate) fn has_solution(solved: &highs::SolvedModel) -> bool {
    solved.int_info_value(c"primal_solution_status").is_ok_and(|v| v == highs_sys::kHighsSolutionStatusFeasible as i64)
}

/// `default`, unless the environment variable `name` holds a value of its type (tuning knobs for
/// tests and benchmarking).
fn tuned<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Whether the environment variable `name` leaves a part switched on: anything but "0" (an
/// off switch for benchmarking).
pub(crate) fn switched_on(name: &str) -> bool {
    std::env::var(name).map_or(true, |v| v != "0")
}

/// Whether column generation follows the stage-1 search (ROSTER_COLUMN_GENERATION=0 switches it
/// off, for benchmarking).
fn generation_follows() -> bool {
    switched_on("ROSTER_COLUMN_GENERATION")
}

/// Share of the time left for a roster of everyone on their own. Most of it: where it runs
/// there is no other roster (Curtois Instance 24's people take about 1.3 s each, 150 of them
/// on 2 threads about 100 s).
const ALONE_SHARE: f64 = 0.6;

/// Share of the time left that column generation may take under a time limit.
const GENERATION_SHARE: f64 = 0.85;
/// Columns from which column generation without a starting roster runs beside the search (see
/// [`stage_one_search`]): Curtois 21 (97,742 columns) and larger, whose column generation does
/// not converge in 600 s. Below it, on 13 (41,502) and 20 (39,215), it converges and prices on
/// both threads: at 600 s (session 51, one run each) 13's root took 137 s instead of 216 s and
/// the solve ended at 1,587 against 1,776; 20's root 252 s instead of 330 s, and 4,773 against
/// 5,175 (optimum 4,769; 4,912-5,009 beside the search before). 20,000 until session 51.
const GENERATION_BESIDE_SEARCH_COLUMNS: usize = 60_000;
/// Columns below which column generation runs without a deadline when a gap is asked (see
/// [`stage_one_search`]). With calendar rules its master is solved by interior point, whose
/// rounds slow down with the model: on the 200-staff pool's 70-person component (10,062
/// columns) 84 rounds took 315 s; its 130-person one (23,071) did not finish its first rounds
/// in 600 s.
const UNTIMED_GENERATION_COLUMNS: usize = 12_000;
/// Columns from which column generation runs without a deadline when a gap is asked: on the
/// sample pool's 14-person component (1,659 columns) it took 41 rounds and 2.2-2.6 s where the
/// tree closed a 1% gap in 1 s.
const UNTIMED_GENERATION_FROM: usize = 2_500;
/// Branch-and-bound nodes of the restricted master MIP without a deadline.
const MASTER_NODES: i32 = 1000;
/// Share of the time left when column generation starts by which branch-and-price's dive must
/// end ([`decompose::Run::dive_deadline`]), beyond the tree's [`GENERATION_SHARE`]; the rest is
/// the search's, and stage 2's where there is one (see [`search_share_without_tree`]).
/// `ROSTER_DIVE_SHARE` changes it, for measuring (no less than [`GENERATION_SHARE`]).
const DIVE_SHARE: f64 = 0.95;
/// Share of column generation's time left to the restricted master MIP.
const MASTER_MIP_SHARE: f64 = 0.25;

/// Share of the time left that stage 1's neighbourhood search may take under a time limit, when
/// the dive left an LP bound and when it did not.
const SEARCH_SHARE_WITH_BOUND: f64 = 0.75;
const SEARCH_SHARE_WITHOUT_BOUND: f64 = 0.3;
/// Columns from which, under a deadline, no tree follows the search (see [`solve`]).
const TREELESS_COLUMNS: usize = 100_000;
/// The same for components solved on a single thread.
const TREELESS_COLUMNS_ONE_THREAD: usize = 50_000;
/// Share of the time left for the search when no tree follows it: the rest is for stage 2 and
/// for checking and writing the roster.
const SEARCH_SHARE_WITHOUT_TREE: f64 = 0.95;
/// The same when no stage 2 follows (no secondary objective, as in the Curtois & Qu instances):
/// the rest is for checking and returning the roster, which take well under a second.
const SEARCH_SHARE_WITHOUT_STAGE_TWO: f64 = 0.99;

/// The search's share of the time left when no tree follows it: with a stage 2 to come
/// ([`Limits::secondary`], set in [`solve`] only when there is a secondary objective), some is
/// left for it. On Curtois Instance 24 at 600 s the search still improved by about 100 a second
/// at its end (session 42), while the 23 s kept for a stage 2 that the benchmark never runs
/// went unused.
fn search_share_without_tree(limits: &Limits) -> f64 {
    if limits.secondary {
        SEARCH_SHARE_WITHOUT_TREE
    } else {
        SEARCH_SHARE_WITHOUT_STAGE_TWO
    }
}

/// Branch-and-bound nodes for completing a starting roster (worked days, rest positions), and
/// for the best roster within the LP's support.
const START_NODES: i32 = 500;

/// The short search before untimed column generation under a gap (see [`stage_one_search`]):
/// stage 1's kinds and sizes, no escalation, no clock. On the sample sweep's points with 9 and
/// 10 extra nurses (no schedules handed to them) the gap took 34 rounds.
const BEFORE_GENERATION: polish::Budget = polish::Budget {
    rounds: 40,
    patience: 40,
    escalations: 0,
    cycles: false,
    round_seconds: None,
    ..polish::STAGE_ONE
};
/// The short search from the warm start before the best roster within the LP's support, under
/// a gap (see [`stage_one_search`]): at most 20 neighbourhoods, 10 without an improvement; the
/// sample sweep's points needed 5-11.
const FROM_WARM_START: polish::Budget = polish::Budget { rounds: 20, patience: 10, ..BEFORE_GENERATION };
/// Share of the time left that a short search may take under a time limit (see
/// [`FROM_WARM_START`]).
const SHORT_SEARCH_SHARE: f64 = 0.1;
/// Assignment columns valued below this in the LP relaxation are fixed at 0 in the search for
/// a starting roster within the LP's support.
const SUPPORT_THRESHOLD: f64 = 0.05;
/// Share of the search's time that the search for a roster within the LP's support may take.
const SUPPORT_SHARE: f64 = 0.2;
/// Most seconds the best roster within the LP's support, or within the converged master's on
/// models with calendar rules, may take. HiGHS finds its roster early and then mostly proves
/// nothing: on the 200-staff pool's 70-person component the first took 8 s for -8,369 at 60 s,
/// but its whole fifth, 87.6 s, for -8,345 to -8,382 at 600 s, where the search (which starts
/// after it) reached -8,590 within 40 s of starting; the second 49-61 s for -8,440 to -8,467
/// while the search beside it stood near -8,600. `ROSTER_SUPPORT_SECONDS` changes it, for
/// measuring.
const SUPPORT_SECONDS: f64 = 15.0;

/// The best roster within the LP's support is HiGHS's first: traced (session 62), each search
/// for it found its roster by feasibility jump before the root LP, and nothing after it within
/// its time: on the 200-staff pool's 70-person component -8,337.6 at 0.6 s of 8.3 s (6 s of
/// dual simplex on the root LP, then cuts), on its 130-person component -18,672.75 at 1.9 s of
/// 7.7 s (the root LP unfinished), on the 800-staff pool's 520-person component -74,589.85 at
/// 13.2 s of 15 s. HiGHS stops at its first roster once the root LP is solved, which interior
/// point does sooner: the same rosters in 1.4 s and 5.5 s. Not for the converged master's
/// support, where HiGHS goes on improving (Curtois Instance 12's optimum there).
/// `ROSTER_SUPPORT_FIRST=0` lets it run to its cap, for measuring.
const SUPPORT_FIRST: bool = true;

/// Most seconds the best roster within the converged master's support may take on a
/// day-shaped model. Where it pays, it pays at once (Curtois Instance 4: the optimum in 0.01 s;
/// 12 at 60 s: the optimum within its share of about 10 s); at 600 s its share went to nothing:
/// 89.5 s on Instance 13 for -170,850 where the search then stood at -172,912, 44-73 s on 15
/// for 8,811 where the search reached 5,166 within 3 s of starting (and 4,160 in the end).
const NEAR_SECONDS: f64 = 15.0;
/// Share of the time left that the best roster within the converged master's support may take
/// on day-shaped models (at most [`NEAR_SECONDS`]; elsewhere [`SUPPORT_SHARE`], at most
/// [`SUPPORT_SECONDS`]).
/// Curtois Instance 12 at 60 s finds its optimum there in 8.6-10.0 s: with a fifth (about
/// 10.1-10.3 s) it ran out first in 3 of 11 runs and 12 was not proven (session 56); a third
/// leaves room. `ROSTER_NEAR_SHARE` changes it, for measuring.
const NEAR_SHARE: f64 = 1.0 / 3.0;

/// Most seconds the optimal-face MIP may take before the branch-and-bound takes over.
const FACE_SECONDS: f64 = 10.0;

/// Share of the time left that the optimal face's MIP may take on the largest models, when
/// longer than [`FACE_SECONDS`].
const FACE_MIP_SHARE: f64 = 0.05;

/// An interrupted LP relaxation's last iterate guides the search when its value lies within
/// this share of its multipliers' bound (relative to the bound's size).
const ITERATE_GUIDES: f64 = 0.25;

/// The share of the time left that the dive may take on the largest models, whose LP
/// relaxation is the bound, the search's guide and its best start all at once: without it the
/// search starts from nobody working. On the 200-staff pool at 60 s the 130-person
/// component's LP took 20.3-21.8 s against 23.5 s at two fifths, and in two runs of seven it
/// missed them: agency cost 4,513.15 and 5,453.65 with no bound, against 4,308-4,349 when it
/// finished. Three fifths leave a third more than it took; an LP that finishes earlier leaves
/// the rest to the search as before.
const LARGEST_FACE_SHARE: f64 = 0.6;

/// The same on the largest day-shaped models (Curtois Instances 22-24), where best responses
/// give the first roster: at 60 s Instance 22's LP took 35 s of its three fifths and left best
/// responses too little time for their first pass (no roster at the deadline).
const RESPONDING_FACE_SHARE: f64 = 0.25;

/// Day-shaped models this large get no dive when fewer than [`NO_DIVE_SECONDS`] are left.
const NO_DIVE_COLUMNS: usize = 300_000;
const NO_DIVE_SECONDS: f64 = 1200.0;
/// Most branch-and-bound nodes of the optimal-face MIP.
const FACE_NODES: i32 = 200;

/// How stage 1's branch-and-bound ended: with the outcome and the model for stage 2, or with
/// nothing more to do.
enum StageOne {
    Solved(MipOutcome, highs::Model),
    Done(MipOutcome),
}

/// What runs beside the stage-1 tree: the racing search's two models (`--search`), and the
/// stage-1 neighbourhood search under a deadline.
type AlongsideTree<'a> = (Option<(search::SendModel, search::SendModel)>, Option<&'a (dyn Fn() + Sync)>);

/// Stage 1 by HiGHS's branch-and-bound, with the racing search or the stage-1 search beside it
/// when there is one.
#[allow(clippy::too_many_arguments)]
fn branch_and_bound(
    mut model: highs::Model,
    exchange: &Exchange,
    limits: &Limits,
    (search_model, beside): AlongsideTree,
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
        // The stage-1 search beside the tree; it ends when the exchange says stop.
        let beside = beside.map(|beside| {
            exchange.start_race();
            scope.spawn(beside)
        });
        let solved = model.try_solve();
        // On the largest models HiGHS's own limit comes TREE_RESERVE of the time before the
        // deadline (its overruns, see there); the search beside it stops between rounds of a
        // few seconds at most, so it goes on to the deadline: it stops by itself when the
        // exchange says so (deadline, gap, cancel). Curtois Instances 13 and 21 at 600 s
        // returned at 559 s, the search still improving. ROSTER_BESIDE_TO_DEADLINE=0 stops it
        // with the tree, for benchmarking.
        let stopped_early = solved.as_ref().is_ok_and(|s| s.status() == HighsModelStatus::ReachedTimeLimit);
        if let Some(beside) = beside.filter(|_| stopped_early && tuned("ROSTER_BESIDE_TO_DEADLINE", 1) == 1) {
            if let Err(panic) = beside.join() {
                std::panic::resume_unwind(panic);
            }
        }
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
    let holds_roster = has_solution(&solved);
    let searched = exchange.best().filter(|b| b.finder == Finder::Search);
    let status = match solved.status() {
        HighsModelStatus::Infeasible => MipStatus::Infeasible,
        HighsModelStatus::Optimal if holds_roster => MipStatus::Optimal,
        _ if holds_roster => MipStatus::Feasible,
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedMemoryLimit => MipStatus::NoSolution,
        HighsModelStatus::ModelEmpty => MipStatus::Optimal,
        other => return Err(format!("HiGHS ended with status {other:?}")),
    };
    if !holds_roster && searched.is_none() {
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
    let (mut objective, mut columns) = if holds_roster {
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
    let mut status = if holds_roster { status } else { MipStatus::Feasible };
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

/// Share of stage 1's time that HiGHS's own limit leaves before the deadline in the tree on
/// the largest models. HiGHS sees its limit and our interrupt only between steps, and there one
/// round of the root's cut loop re-solves an LP of 58,000 rows or more: an 800-staff pool at
/// 600 s returned 53 s late once (5 s in a second run), close to the CLI watchdog's 10% grace,
/// past which nothing is written. The reserve shortens such an overrun by its length; it does
/// not bound it. The search beside the tree goes on to the deadline (see [`branch_and_bound`]).
const TREE_RESERVE: f64 = 0.05;

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

/// A HiGHS model holding `original` (the model [`build`] made, read back before any solve),
/// configured as [`build`] configures one: a copy made from HiGHS's own arrays, without the
/// formulation's expressions, which are dropped once the first model is built. On Curtois
/// Instance 24 (1.07 million columns) a copy built from the expressions took about 5 s, and the
/// expressions stayed in memory for the whole solve. For HiGHS's own solves of the whole model
/// (the dive's LP and MIP, completing a start, the best roster within the LP's support, the
/// race); the searches need none ([`empty_model`]).
fn copy_of(original: &verify::ModelCopy, limits: &Limits) -> Result<highs::Model, String> {
    let began = Instant::now();
    let mut model = build(good_lp::ProblemVariables::new(), Expression::default(), Vec::new(), limits)?;
    // SAFETY: the model is live.
    if !unsafe { original.pass_mip(model.as_mut_ptr()) } {
        return Err("HiGHS did not take a copy of the model".into());
    }
    tracing::debug!(columns = original.columns(), seconds = began.elapsed().as_secs_f64(), "a copy of the model");
    Ok(model)
}

/// An empty HiGHS model configured as [`build`] configures one, HiGHS's time limit at `deadline`:
/// for the dive's presolved LP, and for a search's sub-MIPs, as every round passes its own
/// ([`polish::run_on`]), so that a search holds no copy of the whole model. On Curtois Instance
/// 24 each search's copy (HiGHS's and the search's own [`verify::ModelCopy`]) held hundreds of
/// megabytes.
fn empty_model(deadline: Option<Instant>, limits: &Limits) -> Result<highs::Model, String> {
    let mut model = build(good_lp::ProblemVariables::new(), Expression::default(), Vec::new(), limits)?;
    configure(&mut model, deadline, limits)?;
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
    set_gap(model, limits, f64::NEG_INFINITY)?;
    // ROSTER_HIGHS_OPTIONS="name=value,..." passes HiGHS options through, for tuning experiments.
    pass_options(model, "ROSTER_HIGHS_OPTIONS")?;
    set_option(model, "threads", limits.threads.max(1) as i32)?;
    set_option(model, "random_seed", (limits.seed % (i32::MAX as u64)) as i32)?;
    if let Some(deadline) = deadline {
        let left = deadline.saturating_duration_since(Instant::now()).as_secs_f64().max(0.01);
        set_option(model, "time_limit", left)?;
    }
    Ok(())
}

/// Passes the HiGHS options listed in the environment variable `var` ("name=value,...") to
/// `model`, for tuning experiments.
pub(crate) fn pass_options(model: &mut highs::Model, var: &str) -> Result<(), String> {
    let Ok(list) = std::env::var(var) else { return Ok(()) };
    for pair in list.split(',').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').ok_or_else(|| format!("{var}: expected name=value, got {pair:?}"))?;
        let done = match value {
            "true" | "false" => model.try_set_option(name, value == "true").is_ok(),
            _ => {
                value.parse::<i32>().ok().is_some_and(|v| model.try_set_option(name, v).is_ok())
                    || value.parse::<f64>().ok().is_some_and(|v| model.try_set_option(name, v).is_ok())
                    || model.try_set_option(name, value).is_ok()
            }
        };
        if !done {
            return Err(format!("{var}: HiGHS rejected {name}={value}"));
        }
    }
    Ok(())
}

/// Sets HiGHS's gap options so that it stops once `best - bound <= gap * (worst_case + best)`.
///
/// HiGHS's own relative gap is relative to its objective (`-savings` for the roster model,
/// often ten times the agency cost), so it would stop far too early. Instead an absolute gap
/// of `gap * (worst_case + known_bound)` is used: the agency cost of any roster is at least
/// `worst_case + known_bound`, so this never stops later than asked for, and never earlier.
/// Without a known bound only a zero gap is safe.
fn set_gap(model: &mut highs::Model, limits: &Limits, known_bound: f64) -> Result<(), String> {
    let gap = limits.gap.max(0.0);
    if limits.worst_case == 0.0 {
        // The objective is the figure itself (stage 2, the infeasibility diagnosis).
        return set_option(model, "mip_rel_gap", gap);
    }
    let floor = if known_bound.is_finite() { (limits.worst_case + known_bound).max(0.0) } else { 0.0 };
    set_option(model, "mip_rel_gap", 0.0)?;
    set_option(model, "mip_abs_gap", (gap * floor).max(1e-6))
}

/// Whether `objective` is within the requested gap of `bound` (see [`set_gap`]), or the whole
/// solve is with this component there (see [`Others`]).
fn within_gap(objective: f64, bound: f64, limits: &Limits) -> bool {
    exchange::within_gap(objective, bound, limits.gap, limits.worst_case)
        || exchange::whole_within_gap(objective, bound, (limits.gap, limits.worst_case), limits.others.as_ref())
}

/// The largest objective within the requested gap of `bound`, or with which the whole solve is
/// (`bound` itself where the gap is 0 or relative to the objective alone; `f64::NEG_INFINITY`
/// with no bound).
fn gap_target(bound: f64, limits: &Limits) -> f64 {
    if !bound.is_finite() {
        return f64::NEG_INFINITY;
    }
    let gap = limits.gap.max(0.0);
    if limits.worst_case == 0.0 || gap == 0.0 || gap >= 1.0 {
        return bound;
    }
    let (left, weight) = limits.others.as_ref().and_then(Others::now).unwrap_or((0.0, 0.0));
    // objective - bound + left <= gap (weight + worst_case + objective), solved for the
    // objective; the component's own gap where the others leave more than theirs.
    let own = (bound + gap * limits.worst_case) / (1.0 - gap);
    let widest = own.max((bound - left + gap * (weight + limits.worst_case)) / (1.0 - gap));
    [widest, own].into_iter().find(|&o| within_gap(o, bound, limits)).unwrap_or(bound)
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
    add_row(model, (floor, f64::INFINITY), (&index, &value), "the stage-2 agency row")
}

/// Adds the row `lower <= sum value[k] * x[index[k]] <= upper` to `model`; `what` names it in the
/// error.
fn add_row(
    model: &mut highs::Model,
    (lower, upper): (f64, f64),
    (index, value): (&[highs_sys::HighsInt], &[f64]),
    what: &str,
) -> Result<(), String> {
    assert_eq!(index.len(), value.len());
    // SAFETY: `model` owns a live Highs instance; `index` and `value` have `index.len()` entries.
    let status = unsafe {
        let n = index.len() as highs_sys::HighsInt;
        highs_sys::Highs_addRow(model.as_mut_ptr(), lower, upper, n, index.as_ptr(), value.as_ptr())
    };
    match status == highs_sys::kHighsStatusError {
        true => Err(format!("HiGHS rejected {what}")),
        false => Ok(()),
    }
}

/// Adds stage 2's fairness term ([`Fairness`]) to `model`: per person a column `dev >= 0` at the
/// term's weight and the rows `worked - dev <= target`, `worked + dev >= target`, the targets
/// taken from the stage-1 roster `start`, to which each column's value is appended.
fn add_fairness(
    model: &mut highs::Model,
    fairness: &Fairness,
    column: &std::collections::HashMap<good_lp::Variable, usize>,
    start: &mut Vec<f64>,
) -> Result<(), String> {
    let entries: Vec<Vec<(highs_sys::HighsInt, f64)>> = fairness
        .people
        .iter()
        .map(|(worked, _)| {
            worked
                .linear_coefficients()
                .filter_map(|(v, c)| Some((column.get(&v).copied()? as highs_sys::HighsInt, c)))
                .collect()
        })
        .collect();
    let worked: Vec<f64> = entries.iter().map(|e| e.iter().map(|&(j, c)| c * start[j as usize]).sum()).collect();
    for ((entries, target), hours) in entries.into_iter().zip(fairness.targets(&worked)).zip(worked) {
        let ptr = model.as_mut_ptr();
        // SAFETY: `ptr` is the live Highs instance owned by `model`; the new column has no entries.
        let (dev, status) = unsafe {
            let dev = highs_sys::Highs_getNumCol(ptr);
            (
                dev,
                highs_sys::Highs_addCol(
                    ptr,
                    fairness.weight,
                    0.0,
                    f64::INFINITY,
                    0,
                    std::ptr::null(),
                    std::ptr::null(),
                ),
            )
        };
        if status == highs_sys::kHighsStatusError {
            return Err("HiGHS rejected a fairness column".into());
        }
        start.push((hours - target).abs());
        let (mut index, mut value): (Vec<highs_sys::HighsInt>, Vec<f64>) = entries.into_iter().unzip();
        index.push(dev);
        let last = value.len();
        value.push(-1.0);
        add_row(model, (f64::NEG_INFINITY, target), (&index, &value), "a fairness row")?;
        value[last] = 1.0;
        add_row(model, (target, f64::INFINITY), (&index, &value), "a fairness row")?;
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Limits with no deadline, one thread and the given gap and worst case.
    pub(super) fn limits(gap: f64, worst_case: f64) -> Limits {
        Limits {
            deadline: None,
            gap,
            worst_case,
            threads: 1,
            seed: 0,
            secondary: false,
            search: false,
            cancel: None,
            progress: None,
            incumbent: None,
            others: None,
        }
    }

    /// Curtois & Qu instance `n` as a scenario, from `ROSTER_CURTOIS_DIR` or `../shared` beside
    /// the project.
    pub(super) fn curtois_scenario(n: usize) -> crate::scenario::Scenario {
        let dir = match std::env::var_os("ROSTER_CURTOIS_DIR") {
            Some(dir) => std::path::PathBuf::from(dir),
            None => std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/benchmarks/curtois"),
        };
        let name = format!("Instance{n}");
        let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).expect("instance file");
        crate::import::curtois::to_scenario(&crate::import::curtois::parse(&text).unwrap(), &name)
    }

    #[test]
    fn a_copy_from_highs_arrays_is_the_model_it_was_read_from() {
        // Minimise -3x - 5y + z with x in 0..=3 integer, y binary, z in [0, 2.5] continuous,
        // x + y <= 3.5 and x - z >= 0.5. By hand: x = 3, y = 1 breaks the first row; x = 2,
        // y = 1, z = 0 gives -11, the optimum (x = 3, y = 0 gives -9). The LP would take
        // x = 2.5 (-12.5): the copy keeps the integrality, the bounds and both row senses.
        let mut vars = good_lp::ProblemVariables::new();
        let x = vars.add(good_lp::variable().integer().min(0).max(3));
        let y = vars.add(good_lp::variable().binary());
        let z = vars.add(good_lp::variable().min(0.0).max(2.5));
        let objective: Expression = -3.0 * x - 5.0 * y + z;
        let rows = vec![(x + y).leq(3.5), (x - z).geq(0.5)];
        let mut model = build(vars, objective, rows, &limits(0.0, 0.0)).expect("a model");
        // SAFETY: the model is live.
        let original = unsafe { verify::ModelCopy::of(model.as_mut_ptr()) };
        assert_eq!((original.columns(), original.rows()), (3, 2));
        let mut copy = copy_of(&original, &limits(0.0, 0.0)).expect("a copy");
        // SAFETY: the copy is live.
        assert_eq!(unsafe { verify::ModelCopy::of(copy.as_mut_ptr()) }, original);
        let solved = copy.try_solve().expect("solved");
        let columns = solved.get_solution().columns().to_vec();
        assert_eq!(original.objective(&columns), Some(-11.0), "{columns:?}");
        assert_eq!(original.violation(&columns), None);
    }

    #[test]
    fn best_responses_and_the_search_run_beside_the_lp_and_stop_with_it() {
        // Curtois Instance 4 (optimum 1,716) under a deadline an hour away, on two threads: the
        // LP gives the same bound with best responses and the search running beside it as
        // alone, the roster found beside it keeps every row and is no better than the optimum,
        // the exchange holds it (or better), and the search stops with the LP, not at the
        // deadline (else this test would run for an hour).
        use crate::eligibility::{components, Candidates};
        use crate::formulation::{Formulation, Mode};
        let instance = crate::model::Instance::from_scenario(&curtois_scenario(4)).unwrap();
        let candidates = Candidates::of(&instance);
        let parts = components(&instance, &candidates);
        assert_eq!(parts.len(), 1);
        let mut f = Formulation::build(&instance, &candidates, &parts[0], Mode::Roster);
        let space = crate::solve::search_space(&instance, &candidates, &parts[0], &mut f);
        let worst_case = f.worst_case;
        let model_parts = (f.variables, -f.savings, f.constraints);
        let limits = Limits {
            deadline: Some(Instant::now() + Duration::from_secs(3600)),
            threads: 2,
            ..limits(0.0, worst_case)
        };
        let exchange = || {
            let (variables, objective, constraints) = model_parts.clone();
            let mut model = build(variables, objective, constraints, &limits).expect("a model");
            // SAFETY: the model is live.
            let original = unsafe { verify::ModelCopy::of(model.as_mut_ptr()) };
            Exchange::new(original, 0.0, limits.deadline, None)
        };
        let lp_bound = |dive: &Dive| match dive {
            Dive::Bound(r) => r.bound,
            Dive::Proven(outcome) => outcome.bound,
            _ => panic!("the LP solves"),
        };
        let alone = optimal_face(&exchange(), &limits, LARGEST_FACE_SHARE).unwrap();
        let shared = exchange();
        let (dive, found) = face_beside_search(&space, &shared, &limits, LARGEST_FACE_SHARE).unwrap();
        assert!((lp_bound(&dive) - lp_bound(&alone)).abs() < 1e-6, "{} {}", lp_bound(&dive), lp_bound(&alone));
        let found = found.expect("a roster beside the LP");
        assert_eq!(shared.violation(&found), None);
        let objective = shared.price(&found).expect("priced");
        assert!(worst_case + objective >= 1716.0 - 1e-6, "{}", worst_case + objective);
        assert!(shared.best_objective() <= objective + 1e-6);
    }

    #[test]
    fn the_gap_is_relative_to_agency_cost_not_to_the_savings() {
        // Sample, 8 extra nurses, larger component: worst case 4209.75 (every vacancy to the
        // agency), LP bound -3933.80, optimum -3928.95 (agency cost 280.80). The LP bound is
        // 4.85 below: 1.7% of agency cost, though only 0.12% of the savings.
        let l = limits(0.01, 4209.75);
        assert!(!within_gap(-3928.95, -3933.80, &l));
        assert!(within_gap(-3928.95, -3933.80, &limits(0.02, 4209.75)));
        // Equal values are always within the gap, also at gap 0.
        assert!(within_gap(-3928.95, -3928.95, &limits(0.0, 4209.75)));
        assert!(!within_gap(-3928.90, -3928.95, &limits(0.0, 4209.75)));
        // Without a worst case the objective itself is the figure (e.g. minimum-hours slack).
        assert!(within_gap(10.0, 9.95, &limits(0.01, 0.0)));
        assert!(!within_gap(10.0, 9.8, &limits(0.01, 0.0)));
        // No roster yet (an infinite objective) is within no gap: column generation started
        // without a roster once stopped after its first round for it.
        assert!(!within_gap(f64::INFINITY, -3933.80, &limits(0.01, 4209.75)));
        assert!(!within_gap(f64::INFINITY, 9.8, &limits(0.01, 0.0)));
    }

    #[test]
    fn the_gap_target_is_the_worst_objective_within_the_gap() {
        // Sample, 8 extra nurses: bound -3933.80, worst case 4209.75. Within 1% of agency cost:
        // x + 3933.80 <= 0.01 (4209.75 + x), so x <= (-3933.80 + 42.0975) / 0.99 = -3931.0131.
        let l = limits(0.01, 4209.75);
        let target = gap_target(-3933.80, &l);
        assert!((target - (-3931.0131)).abs() < 1e-3, "{target}");
        assert!(within_gap(target, -3933.80, &l));
        assert!(!within_gap(target + 0.01, -3933.80, &l));
        // The optimum -3928.95 is not within 1% of the LP bound, so a search may not stop there.
        assert!(-3928.95 > target);
        // At gap 0 only the bound itself; with no bound, nothing.
        assert_eq!(gap_target(-3933.80, &limits(0.0, 4209.75)), -3933.80);
        assert_eq!(gap_target(f64::NEG_INFINITY, &l), f64::NEG_INFINITY);
        // Without a worst case (a gap relative to the objective itself) the bound, to be safe.
        assert_eq!(gap_target(9.8, &limits(0.01, 0.0)), 9.8);
    }

    #[test]
    fn a_component_may_leave_the_gap_the_other_components_do_not_use() {
        // Sample, 8 extra nurses: the larger component (bound -3933.80, worst case 4209.75) and
        // the 14-person one, proven optimal at an agency cost of 472.40. At its optimum
        // -3928.95 (agency cost 280.80) the larger is 4.85 above its bound: 1.7% of its own
        // agency cost, 0.64% of the whole solve's (753.20), the gap the report states.
        let with_others = |left: f64, weight: f64| Limits {
            others: Some(Others(Arc::new(move || Some((left, weight))))),
            ..limits(0.01, 4209.75)
        };
        let l = with_others(0.0, 472.40);
        assert!(!within_gap(-3928.95, -3933.80, &limits(0.01, 4209.75)));
        assert!(within_gap(-3928.95, -3933.80, &l));
        // The widest: x + 3933.80 <= 0.01 (472.40 + 4209.75 + x), x <= -3926.2409.
        let target = gap_target(-3933.80, &l);
        assert!((target - (-3926.2409)).abs() < 1e-3, "{target}");
        assert!(within_gap(target, -3933.80, &l));
        assert!(!within_gap(target + 0.01, -3933.80, &l));
        // Others that leave more than their share (10 of 472.40: 2.1%) leave this component
        // its own gap, as does a solve whose other components have no roster yet.
        let greedy = with_others(10.0, 472.40);
        assert!(!within_gap(-3928.95, -3933.80, &greedy));
        assert!((gap_target(-3933.80, &greedy) - (-3931.0131)).abs() < 1e-3);
        let unknown = Limits { others: Some(Others(Arc::new(|| None))), ..limits(0.01, 4209.75) };
        assert!(!within_gap(-3928.95, -3933.80, &unknown));
        assert!((gap_target(-3933.80, &unknown) - (-3931.0131)).abs() < 1e-3);
        // At gap 0 the whole solve gives nothing away.
        let exact = Limits { gap: 0.0, ..with_others(0.0, 472.40) };
        assert!(!within_gap(-3928.95, -3933.80, &exact));
        assert_eq!(gap_target(-3933.80, &exact), -3933.80);
    }

    #[test]
    fn highs_gets_an_absolute_gap_from_the_known_bound() {
        let mut vars = good_lp::ProblemVariables::new();
        let x = vars.add(good_lp::variable().binary());
        let model = || build(vars.clone(), Expression::from(x), Vec::new(), &limits(0.0, 0.0)).unwrap();
        let option = |m: &mut highs::Model, name: &std::ffi::CStr| {
            let mut value = 0.0;
            // SAFETY: the model is live; `name` names a double option.
            unsafe { highs_sys::Highs_getDoubleOptionValue(m.as_mut_ptr(), name.as_ptr(), &mut value) };
            value
        };
        // 1% of the least agency cost any roster can have: 4209.75 - 3933.80 = 275.95.
        let mut m = model();
        set_gap(&mut m, &limits(0.01, 4209.75), -3933.80).unwrap();
        assert!((option(&mut m, c"mip_abs_gap") - 2.7595).abs() < 1e-9);
        assert_eq!(option(&mut m, c"mip_rel_gap"), 0.0);
        // No bound known yet: only a zero gap is safe.
        set_gap(&mut m, &limits(0.01, 4209.75), f64::NEG_INFINITY).unwrap();
        assert!(option(&mut m, c"mip_abs_gap") <= 1e-6);
        // Without a worst case HiGHS's own relative gap is the right one.
        set_gap(&mut m, &limits(0.01, 0.0), f64::NEG_INFINITY).unwrap();
        assert_eq!(option(&mut m, c"mip_rel_gap"), 0.01);
    }
}

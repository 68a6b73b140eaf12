//! Solving: options, the split into independent components, the lexicographic two-stage solve
//! and the honest report of status, objective, bound and gap.

mod board;
mod memo;
mod schedules;

pub use board::BestSoFar;
pub use memo::{component_keys, ComponentKey, ComponentMemo};
pub use schedules::Schedules;

use crate::backend::{self, ColumnTag, IncumbentSink, Limits, MipOutcome, MipStatus, SearchSpace};
use crate::diff::{diff, ChangeList};
use crate::eligibility::{components, Candidates, Component};
use crate::formulation::{Formulation, Mode};
use crate::model::Instance;
use crate::previous::{Continuity, ContinuityNote, NoteKind};
use crate::roster::{Assignment, Roster, SolveReport, SolveStatus};
use board::{Board, Finished};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Limits and knobs of a solve.
#[derive(Debug, Clone)]
pub struct SolveOptions {
    /// Wall-clock limit in seconds for the whole solve; `None` runs to the gap.
    pub time_limit: Option<f64>,
    /// Relative gap at which the primary stage stops (0 proves optimality).
    pub gap: f64,
    /// Threads shared by all components (0 = all cores).
    pub threads: usize,
    /// Random seed handed to HiGHS.
    pub seed: u64,
    /// Optimise the secondary objective (overtime, fairness, preferences) after agency cost.
    pub secondary: bool,
    /// Race a large-neighbourhood search against HiGHS's branch-and-bound on larger components
    /// (one extra thread each). Experimental, off by default: it finds good rosters sooner on
    /// large pools, but which of several equally good rosters comes out then depends on timing,
    /// and a rare inconsistency (a stage-1 objective the roster does not reach) is still open.
    pub search: bool,
    /// Set to `true` (from any thread) to stop the solve; the best roster so far is returned.
    pub cancel: Option<Arc<AtomicBool>>,
    /// The roster published before (the nightly run): shifts inside the notice period are kept,
    /// later ones change only where agency cost demands (see [`crate::previous`]).
    pub previous: Option<Roster>,
    /// Told how the solve is going, a few times a second while it runs (for progress displays).
    pub progress: Option<ProgressCallback>,
    /// A roster to start from (e.g. a neighbouring what-if point's): its assignments that are
    /// still possible are handed to HiGHS as a partial start, which it completes or drops.
    /// Changes nothing but speed. Without it, `previous` (if any) is the start.
    pub start: Option<Roster>,
    /// Filled with each component's best roster as the solve runs, for a caller who cannot
    /// wait for it to return (see [`BestSoFar`]).
    pub best_so_far: Option<BestSoFar>,
    /// Components shared with other solves (a what-if sweep's points): each one it remembers is
    /// solved once, without `start` and on one thread, and its outcome reused by the others
    /// (see [`ComponentMemo`]). Not used with `previous`.
    pub memo: Option<Arc<ComponentMemo>>,
    /// Schedules of an earlier solve of a similar scenario (a neighbouring what-if point's
    /// [`Outcome::schedules`]): column generation starts its master with them (see
    /// [`Schedules`]). Not used for components the memo remembers.
    pub schedules: Option<Arc<Schedules>>,
    /// Column generation runs on to convergence wherever it runs, so that
    /// [`Outcome::schedules`] is a converged master's: for a solve that others will start from
    /// (a what-if point with neighbours after it). Off, under a gap, column generation may end
    /// at the first roster within the gap.
    pub converged_schedules: bool,
}

/// A snapshot of a running solve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Seconds since the solve started.
    pub seconds: f64,
    /// Primary objective of the best roster so far (`None` until every component has one).
    pub objective: Option<f64>,
    /// Proven lower bound on the primary objective.
    pub bound: f64,
    /// Components finished.
    pub done: usize,
    /// Components in all.
    pub components: usize,
}

/// Receives [`Progress`] snapshots, from solver threads.
#[derive(Clone)]
pub struct ProgressCallback(pub Arc<dyn Fn(&Progress) + Send + Sync>);

impl ProgressCallback {
    /// Wraps a closure.
    pub fn new(f: impl Fn(&Progress) + Send + Sync + 'static) -> ProgressCallback {
        ProgressCallback(Arc::new(f))
    }
}

impl std::fmt::Debug for ProgressCallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressCallback")
    }
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: None,
            gap: 0.0,
            threads: 0,
            seed: 0,
            secondary: true,
            search: false,
            cancel: None,
            previous: None,
            progress: None,
            start: None,
            best_so_far: None,
            memo: None,
            schedules: None,
            converged_schedules: false,
        }
    }
}

/// A solved roster with its report (also stored in `roster.solve`).
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The roster, with `agency`, `kpi` and `solve` filled in.
    pub roster: Roster,
    /// How the solve went.
    pub report: SolveReport,
    /// With a previous roster: what changed against it, whom to tell.
    pub changes: Option<ChangeList>,
    /// With a previous roster: assignments that could not be carried over, and why.
    pub continuity: Vec<ContinuityNote>,
    /// The schedules column generation ended with, for a solve of a similar scenario to start
    /// from (see [`Schedules`]); empty where it did not run.
    pub schedules: Schedules,
}

/// Why no roster came out.
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    /// The hard rules cannot all be met (only minimum hours can cause this once bookings are valid).
    #[error("the hard rules cannot all be met:\n{}", reasons.iter().map(|r| format!("  {r}")).collect::<Vec<_>>().join("\n"))]
    Infeasible {
        /// Human-readable reasons.
        reasons: Vec<String>,
    },
    /// The limits ran out before any roster was found.
    #[error("no roster found within the limits ({seconds:.1} s)")]
    NoSolution {
        /// Seconds spent.
        seconds: f64,
    },
    /// The solver failed.
    #[error("solver error: {0}")]
    Solver(String),
}

/// Solves `instance`: minimises agency cost, then the secondary objective without giving any back.
///
/// Independent components (groups of staff and vacancies that share no candidate pair) are
/// solved in parallel within the thread budget. With a time limit the best roster found so far
/// is returned, with its proven bound and gap.
pub fn solve(instance: &Instance, options: &SolveOptions) -> Result<Outcome, SolveError> {
    let started = Instant::now();
    let broken = crate::check::booking_violations(instance);
    if !broken.is_empty() {
        return Err(SolveError::Infeasible {
            reasons: broken.iter().map(|v| format!("bookings already break a hard rule: {v}")).collect(),
        });
    }
    let candidates = Arc::new(Candidates::of(instance));
    let components = components(instance, &candidates);
    let budget = match options.threads {
        0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        n => n,
    };
    // Components another solve sharing the memo has already solved, and those to remember.
    let memo = options.memo.as_deref().filter(|_| options.previous.is_none());
    let keys: Vec<Option<ComponentKey>> = components
        .iter()
        .map(|c| memo.and_then(|m| Some(memo::key(instance, c, options)).filter(|k| m.remembers(k))))
        .collect();
    let recalled: Vec<Option<Recalled>> =
        keys.iter().map(|k| memo.zip(k.as_ref()).and_then(|(m, k)| m.recall(k, instance))).collect();
    let to_solve: Vec<usize> = (0..components.len()).filter(|&i| recalled[i].is_none()).collect();
    let workers = budget.min(to_solve.len()).max(1);
    // Under a time limit the components stop a little early, leaving time to work out why each
    // agency vacancy was not covered; the solve returns at the limit.
    let limit = options.time_limit.map(|t| Duration::from_secs_f64(t.max(0.0)));
    let reserve = limit.map(analysis_reserve);
    let limits = Limits {
        deadline: limit.zip(reserve).map(|(limit, reserve)| started + limit - reserve),
        gap: options.gap,
        threads: (budget / workers).max(1),
        seed: options.seed,
        secondary: options.secondary,
        search: options.search,
        worst_case: 0.0,
        cancel: options.cancel.clone(),
        progress: None,
        incumbent: None,
        others: None,
    };

    // Vacancies nobody could take go to the agency in every roster.
    let unreachable: f64 = (0..instance.vacancies.len())
        .filter(|&v| candidates.by_vacancy[v].is_empty())
        .map(|v| instance.vacancies[v].agency_cost_per_person() * f64::from(instance.vacancies[v].headcount))
        .sum();
    // So do the "on" requests of people in no component (nobody can meet them).
    let in_component: std::collections::HashSet<usize> =
        components.iter().flat_map(|c| c.staff.iter().copied()).collect();
    let unmet: f64 = (0..instance.staff.len())
        .filter(|s| !in_component.contains(s))
        .flat_map(|s| instance.staff[s].requests.iter())
        .filter(|r| r.kind == crate::scenario::RequestKind::On)
        .map(|r| r.weight)
        .sum();
    let fixed = unreachable + unmet;
    tracing::info!(
        vacancies = instance.vacancies.len(),
        staff = instance.staff.len(),
        pairs = candidates.list.len(),
        components = components.len(),
        seconds = started.elapsed().as_secs_f64(),
        "candidate pairs and components found"
    );

    let continuity = options.previous.as_ref().map(|p| Keep::new(&candidates, Continuity::of(instance, p)));
    if let Some(keep) = &continuity {
        tracing::info!(
            frozen = keep.frozen.len(),
            published = keep.published.len(),
            notes = keep.continuity.notes.len(),
            "previous roster mapped"
        );
    }
    // Nobody working is a roster of a component unless someone in it must reach minimum hours
    // or shifts in it are frozen.
    let empty_ok = components
        .iter()
        .map(|c| {
            let frozen = continuity.as_ref().is_some_and(|k| !component_pairs(&candidates, c, &k.frozen).is_empty());
            !needs_hours(instance, c) && !frozen
        })
        .collect();
    let notes = continuity.as_ref().map(|k| k.continuity.notes.clone()).unwrap_or_default();
    let board = Arc::new(Board::new(
        started,
        empty_ok,
        fixed,
        candidates.clone(),
        options.progress.clone(),
        (options.previous.clone(), notes.clone()),
        reserve.map(analysis_floor),
    ));
    if let Some(best) = &options.best_so_far {
        best.install(board.clone());
    }
    // The caller's starting roster, as candidate indices.
    let hint: Option<std::collections::HashSet<usize>> = options.start.as_ref().map(|r| {
        let c = Continuity::of(instance, r);
        candidate_indices(&candidates, &[c.frozen, c.published].concat())
    });
    // Sizes in candidate pairs. Under a time limit each component gets a share of the time left
    // when it starts, in proportion to its size among those not started yet (all of it when
    // every component has its own worker), so that components queued behind others on a small
    // thread budget are not started at the deadline.
    let sizes: Vec<usize> = components
        .iter()
        .map(|c| c.staff.iter().map(|&s| candidates.by_staff[s].len()).sum::<usize>().max(1))
        .collect();
    // Components from the memo go on the board first: the others' gap is the whole solve's.
    let mut reused: Vec<Option<ComponentResult>> = recalled
        .into_iter()
        .enumerate()
        .map(|(i, r)| r.map(|(remembered, assigned)| reuse(&components[i], remembered, assigned, (&board, i))))
        .collect();
    let not_started = AtomicUsize::new(to_solve.iter().map(|&i| sizes[i]).sum());
    let solving: Vec<&Component> = to_solve.iter().map(|&i| &components[i]).collect();
    let solving_sizes: Vec<usize> = to_solve.iter().map(|&i| sizes[i]).collect();
    let solved = run_parallel(&solving, &solving_sizes, workers, |at, c| {
        let i = to_solve[at];
        let waiting = not_started.fetch_sub(sizes[i], Ordering::SeqCst).max(1);
        let limits = match limits.deadline {
            Some(deadline) => {
                let now = Instant::now();
                let share = (sizes[i] as f64 * workers as f64 / waiting as f64).min(1.0);
                Limits {
                    deadline: Some(now + deadline.saturating_duration_since(now).mul_f64(share)),
                    ..limits.clone()
                }
            }
            None => limits.clone(),
        };
        // A component to remember depends on nothing but its key: no start, one thread, and
        // the gap its own (the other components differ from solve to solve).
        let remembered = keys[i].is_some();
        let whole = board.clone();
        let others = (!remembered).then(|| backend::Others(Arc::new(move || whole.others(i))));
        let limits = Limits { threads: if remembered { 1 } else { limits.threads }, others, ..limits };
        let hint = if remembered { None } else { hint.as_ref() };
        let schedules = if remembered { None } else { options.schedules.as_deref() };
        let converge = options.converged_schedules;
        let context = Context { keep: continuity.as_ref(), hint, schedules, converge, board: (board.clone(), i) };
        let result = solve_component(instance, &candidates, c, &limits, context);
        if let (Some(memo), Some(key), Ok(r)) = (memo, keys[i], &result) {
            if !options.cancel.as_ref().is_some_and(|c| c.load(Ordering::SeqCst)) {
                memo.store(key, r.remembered(instance));
            }
        }
        result
    });
    let mut solved = solved.into_iter();
    let results: Vec<Result<ComponentResult, SolveError>> = reused
        .iter_mut()
        .map(|reused| match reused.take() {
            Some(result) => Ok(result),
            None => solved.next().expect("a result for every component solved"),
        })
        .collect();
    let mut notes = notes;

    let mut assignments = Vec::new();
    let mut reasons = Vec::new();
    let (mut stage_one_objective, mut bound) = (0.0, 0.0);
    let (mut all_optimal, mut secondary_optimal, mut variables, mut rows) = (true, true, 0, 0);
    let mut schedules = Schedules::default();
    for (component, result) in components.iter().zip(results) {
        let r = result?;
        notes.extend(r.released.iter().map(|&(s, v)| ContinuityNote {
            staff: instance.staff[s].id.clone(),
            vacancy: instance.vacancies[v].id.clone(),
            kind: NoteKind::FreezeReleased,
        }));
        variables += r.variables;
        rows += r.rows;
        match r.outcome.status {
            MipStatus::Infeasible => {
                reasons.extend(r.infeasibility);
                continue;
            }
            MipStatus::NoSolution => {
                // Covering nothing is a valid roster of this component unless someone must reach
                // minimum hours: keep the other components' rosters and say the gap.
                if needs_hours(instance, component) {
                    return Err(SolveError::NoSolution { seconds: started.elapsed().as_secs_f64() });
                }
                all_optimal = false;
                secondary_optimal = false;
                stage_one_objective += r.worst_case;
                continue;
            }
            MipStatus::Feasible => all_optimal = false,
            MipStatus::Optimal => {}
        }
        secondary_optimal &= r.outcome.secondary_optimal;
        stage_one_objective += r.worst_case + r.outcome.objective;
        // A component's cost is never negative: a bound below 0 (a weak Lagrangian bound
        // from an interrupted LP) proves no more than 0, as on the board.
        bound += (r.worst_case + r.outcome.bound).max(0.0);
        assignments.extend(r.assigned);
        for (staff, vacancies) in r.schedules {
            schedules
                .add(&instance.staff[staff].id, vacancies.iter().map(|&v| instance.vacancies[v].id.clone()).collect());
        }
    }
    if !reasons.is_empty() {
        return Err(SolveError::Infeasible { reasons });
    }
    stage_one_objective += fixed;
    bound += fixed;
    let sizes = (components.len(), variables, rows);
    let previous = (options.previous.as_ref(), notes);
    // The reasons get the time left to the limit, and at least the floor.
    let analysis =
        limit.zip(reserve).map(|(limit, reserve)| (started + limit).max(Instant::now() + analysis_floor(reserve)));
    let optimal = (all_optimal, secondary_optimal);
    let mut outcome =
        assemble(instance, &candidates, assignments, bound, optimal, (started, analysis), sizes, previous);
    outcome.schedules = schedules;
    let objective = outcome.report.objective;
    debug_assert!(objective <= stage_one_objective + 1e-6 * stage_one_objective.max(1.0));
    Ok(outcome)
}

/// Time kept back from the components under a time `limit` for the agency reasons: 2% of it,
/// at least the smaller of 1 s and a tenth of it (1.2 s of a minute, 12 s of ten minutes).
fn analysis_reserve(limit: Duration) -> Duration {
    limit.mul_f64(0.02).max(limit.mul_f64(0.1).min(Duration::from_secs(1)))
}

/// The least time the agency reasons get under a time limit, however late the components
/// finished: half the `reserve`, at least 0.1 s (a small pool's reasons take milliseconds).
fn analysis_floor(reserve: Duration) -> Duration {
    (reserve / 2).max(Duration::from_millis(100))
}

/// The roster of `assignments` ((vacancy, staff) pairs) with its honest report: the objective
/// recomputed from the roster, the proven `bound` (clamped to it), `Optimal` only when every
/// component proved its optimum (`optimal.0`) and the bound meets the objective; KPIs, agency
/// lines (analysed until `analysis`, when given), and with a previous roster the change list and
/// notes.
#[allow(clippy::too_many_arguments)]
fn assemble(
    instance: &Instance,
    candidates: &Candidates,
    mut assignments: Vec<(usize, usize)>,
    bound: f64,
    (all_optimal, secondary_optimal): (bool, bool),
    (started, analysis): (Instant, Option<Instant>),
    (components, variables, rows): (usize, usize, usize),
    (previous, notes): (Option<&Roster>, Vec<ContinuityNote>),
) -> Outcome {
    assignments.sort_unstable();
    let mut roster = Roster { format_version: 1, scenario: instance.name.clone(), ..Default::default() };
    roster.assignments = assignments.iter().map(|&(v, s)| assignment(instance, candidates, s, v)).collect();
    let objective = crate::check::objective(instance, &roster);
    let bound = bound.clamp(0.0, objective);
    let gap = if objective > 1e-9 { (objective - bound) / objective } else { 0.0 };
    let proven = all_optimal && objective - bound <= 1e-6 * objective.max(1.0);
    let report = SolveReport {
        status: if proven { SolveStatus::Optimal } else { SolveStatus::Feasible },
        objective,
        best_bound: bound,
        gap: if proven { 0.0 } else { gap },
        seconds: started.elapsed().as_secs_f64(),
        components,
        variables,
        rows,
        secondary_optimal,
    };
    roster.kpi = Some(crate::kpi::kpi(instance, &roster.assignments));
    roster.agency = crate::explain::agency_shifts(instance, candidates, &assignments, proven, analysis);
    roster.solve = Some(report.clone());
    let changes = previous.map(|p| diff(&crate::previous::within_horizon(instance, p), &roster));
    Outcome { roster, report, changes, continuity: notes, schedules: Schedules::default() }
}

/// Whether someone in `component` must reach minimum hours (then covering nothing is no roster).
fn needs_hours(instance: &Instance, component: &Component) -> bool {
    component.staff.iter().any(|&s| instance.staff[s].min_hours.is_some_and(|m| m > 0.0))
}

/// The (vacancy, staff) pairs `columns` assigns, from `pairs`: (column, vacancy, staff).
fn assigned(pairs: &[(usize, usize, usize)], columns: &[f64]) -> Vec<(usize, usize)> {
    pairs.iter().filter(|p| columns.get(p.0).is_some_and(|x| *x > 0.5)).map(|p| (p.1, p.2)).collect()
}

/// The roster line for staff `s` on vacancy `v`.
fn assignment(instance: &Instance, candidates: &Candidates, s: usize, v: usize) -> Assignment {
    let vacancy = &instance.vacancies[v];
    let competence = candidates.by_staff[s]
        .iter()
        .map(|&k| candidates.list[k])
        .find(|c| c.vacancy == v)
        .map(|c| c.competence)
        .unwrap_or(vacancy.competence);
    Assignment {
        vacancy: vacancy.id.clone(),
        staff: instance.staff[s].id.clone(),
        unit: instance.units[vacancy.unit].id.clone(),
        start: instance.format(vacancy.shift.start),
        end: instance.format(vacancy.shift.end),
        hours: vacancy.shift.paid_hours,
        competence: instance.competences[competence].id.clone(),
    }
}

/// A previous roster in candidate indices.
struct Keep {
    continuity: Continuity,
    frozen: std::collections::HashSet<usize>,
    published: std::collections::HashSet<usize>,
}

impl Keep {
    fn new(candidates: &Candidates, continuity: Continuity) -> Keep {
        Keep {
            frozen: candidate_indices(candidates, &continuity.frozen),
            published: candidate_indices(candidates, &continuity.published),
            continuity,
        }
    }
}

/// The candidate indices of (staff, vacancy) pairs (pairs that are no candidates are left out).
fn candidate_indices(candidates: &Candidates, pairs: &[(usize, usize)]) -> std::collections::HashSet<usize> {
    pairs
        .iter()
        .filter_map(|&(s, v)| candidates.by_staff[s].iter().copied().find(|&k| candidates.list[k].vacancy == v))
        .collect()
}

/// What a component's solve takes besides the model: the previous roster, a starting roster,
/// and the board with this component's index.
#[derive(Clone)]
struct Context<'a> {
    keep: Option<&'a Keep>,
    hint: Option<&'a std::collections::HashSet<usize>>,
    /// Schedules of an earlier solve to start column generation from.
    schedules: Option<&'a Schedules>,
    /// [`SolveOptions::converged_schedules`].
    converge: bool,
    board: (Arc<Board>, usize),
}

/// A component's outcome from the memo, with its roster as (vacancy, staff) indices here.
type Recalled = (memo::Remembered, Vec<(usize, usize)>);

/// A component's outcome from the memo, entered on the board as if just solved.
fn reuse(
    component: &Component,
    remembered: memo::Remembered,
    assigned: Vec<(usize, usize)>,
    (board, i): (&Board, usize),
) -> ComponentResult {
    tracing::info!(
        staff = component.staff.len(),
        vacancies = component.vacancies.len(),
        status = ?remembered.outcome.status,
        objective = remembered.worst_case + remembered.outcome.objective,
        "component reused from an earlier solve"
    );
    let result = ComponentResult {
        outcome: remembered.outcome,
        worst_case: remembered.worst_case,
        assigned,
        infeasibility: remembered.infeasibility,
        variables: remembered.variables,
        rows: remembered.rows,
        released: Vec::new(),
        schedules: Vec::new(),
    };
    board.sized(i, result.variables, result.rows);
    board.finish(i, result.finished());
    result
}

/// What one component's solve produced.
struct ComponentResult {
    outcome: MipOutcome,
    worst_case: f64,
    /// (vacancy, staff) pairs assigned.
    assigned: Vec<(usize, usize)>,
    infeasibility: Vec<String>,
    variables: usize,
    rows: usize,
    /// Frozen (staff, vacancy) pairs let go because together they break hard rules.
    released: Vec<(usize, usize)>,
    /// Column generation's last schedules: (staff, vacancies worked).
    schedules: Vec<(usize, Vec<usize>)>,
}

fn solve_component(
    instance: &Instance,
    candidates: &Candidates,
    component: &Component,
    limits: &Limits,
    context: Context<'_>,
) -> Result<ComponentResult, SolveError> {
    let started = Instant::now();
    let Context { keep, board, .. } = context.clone();
    let mut result = solve_kept_component(instance, candidates, component, limits, context.clone(), true)?;
    if result.outcome.status == MipStatus::Infeasible {
        if let Some(keep) = keep {
            let frozen: Vec<(usize, usize)> = component_pairs(candidates, component, &keep.frozen);
            if !frozen.is_empty() {
                // The frozen shifts break hard rules together (rules or minimum hours changed):
                // re-plan this group freely and say so.
                result = solve_kept_component(instance, candidates, component, limits, context, false)?;
                result.released = frozen;
            }
        }
    }
    let o = &result.outcome;
    tracing::info!(
        staff = component.staff.len(),
        vacancies = component.vacancies.len(),
        variables = result.variables,
        rows = result.rows,
        status = ?o.status,
        objective = result.worst_case + o.objective,
        bound = result.worst_case + o.bound,
        seconds = started.elapsed().as_secs_f64(),
        "component solved"
    );
    let (board, i) = board;
    board.finish(i, result.finished());
    Ok(result)
}

impl ComponentResult {
    /// How it ended, for the board.
    fn finished(&self) -> Finished {
        let o = &self.outcome;
        let solved = matches!(o.status, MipStatus::Optimal | MipStatus::Feasible);
        Finished {
            assigned: solved.then(|| self.assigned.clone()),
            objective: self.worst_case + o.objective,
            bound: if o.bound.is_finite() { self.worst_case + o.bound } else { 0.0 },
            optimal: o.status == MipStatus::Optimal,
            infeasible: o.status == MipStatus::Infeasible,
        }
    }

    /// The outcome as the memo keeps it (the roster by ids).
    fn remembered(&self, instance: &Instance) -> memo::Remembered {
        memo::Remembered {
            outcome: MipOutcome { columns: Vec::new(), ..self.outcome },
            worst_case: self.worst_case,
            assigned: self
                .assigned
                .iter()
                .map(|&(v, s)| (instance.vacancies[v].id.clone(), instance.staff[s].id.clone()))
                .collect(),
            infeasibility: self.infeasibility.clone(),
            variables: self.variables,
            rows: self.rows,
        }
    }
}

/// The (staff, vacancy) pairs of `component` among candidate indices `set`.
fn component_pairs(
    candidates: &Candidates,
    component: &Component,
    set: &std::collections::HashSet<usize>,
) -> Vec<(usize, usize)> {
    let staff: std::collections::HashSet<usize> = component.staff.iter().copied().collect();
    let mut pairs: Vec<(usize, usize)> = set
        .iter()
        .map(|&k| (candidates.list[k].staff, candidates.list[k].vacancy))
        .filter(|(s, _)| staff.contains(s))
        .collect();
    pairs.sort_unstable();
    pairs
}

fn solve_kept_component(
    instance: &Instance,
    candidates: &Candidates,
    component: &Component,
    limits: &Limits,
    context: Context<'_>,
    freeze: bool,
) -> Result<ComponentResult, SolveError> {
    let Context { keep, hint, schedules, converge, board: (board, i) } = context;
    let built = Instant::now();
    let mut f = Formulation::build(instance, candidates, component, Mode::Roster);
    tracing::debug!(variables = f.columns(), rows = f.rows(), seconds = built.elapsed().as_secs_f64(), "model built");
    let mut limits = limits.clone();
    limits.worst_case = f.worst_case;
    let worst_case = f.worst_case;
    board.sized(i, f.columns(), f.rows());
    let progress = board.clone();
    limits.progress = Some(backend::StageProgress(Arc::new(move |objective: f64, bound: f64| {
        let bound = if bound.is_finite() { worst_case + bound } else { 0.0 };
        progress.update(i, worst_case + objective, bound);
    })));
    // Each verified roster HiGHS or the search finds, as (vacancy, staff) pairs.
    let pairs: Vec<(usize, usize, usize)> = f
        .assignments
        .iter()
        .map(|&(k, var)| (f.column[&var], candidates.list[k].vacancy, candidates.list[k].staff))
        .collect();
    let pairs = Arc::new(pairs);
    let held = pairs.clone();
    limits.incumbent = Some(IncumbentSink(Arc::new(move |objective: f64, columns: &[f64]| {
        board.hold(i, worst_case + objective, assigned(&held, columns));
    })));
    if let Some(keep) = keep {
        let none = std::collections::HashSet::new();
        let frozen = if freeze { &keep.frozen } else { &none };
        let changes = f.continuity(frozen, &keep.published, instance.weights.change_per_shift);
        if limits.secondary {
            f.secondary += changes;
        } else {
            // Staying close to the published roster is not optional: it is the whole stage 2.
            f.secondary = changes;
            f.fairness = None;
            limits.secondary = true;
        }
    }
    let limits = &limits;
    let (variables, rows, worst_case) = (f.columns(), f.rows(), f.worst_case);
    let objective = -f.savings.clone();
    let space = SearchSpace {
        seeds: schedules.map_or_else(Vec::new, |known| seeds(instance, component, &pairs, known)),
        converge,
        ..search_space(instance, candidates, component, &mut f)
    };
    // The caller's starting roster, or last night's (what can still be kept of it).
    let starting = |k: usize| match (hint, keep) {
        (Some(hint), _) => hint.contains(&k),
        (None, Some(keep)) => (freeze && keep.frozen.contains(&k)) || keep.published.contains(&k),
        (None, None) => false,
    };
    let start: Vec<(usize, f64)> = match hint.is_some() || keep.is_some() {
        true => f.assignments.iter().map(|&(k, var)| (f.column[&var], if starting(k) { 1.0 } else { 0.0 })).collect(),
        false => Vec::new(),
    };
    let outcome = backend::solve(f, objective, limits, Some(&space), &start).map_err(SolveError::Solver)?;
    let mut result = ComponentResult {
        outcome,
        worst_case,
        assigned: Vec::new(),
        infeasibility: Vec::new(),
        variables,
        rows,
        released: Vec::new(),
        schedules: found_schedules(&pairs, &space),
    };
    match result.outcome.status {
        MipStatus::Infeasible => result.infeasibility = explain_infeasible(instance, candidates, component, limits)?,
        MipStatus::NoSolution => {}
        MipStatus::Optimal | MipStatus::Feasible => {
            result.assigned = assigned(&pairs, &result.outcome.columns);
        }
    }
    Ok(result)
}

/// The `known` schedules of `component`'s staff as the model's assignment columns (from
/// `pairs`: column, vacancy, staff); a schedule with a vacancy its person may no longer work is
/// left out.
fn seeds(
    instance: &Instance,
    component: &Component,
    pairs: &[(usize, usize, usize)],
    known: &Schedules,
) -> Vec<Vec<usize>> {
    let column: HashMap<(usize, &str), usize> =
        pairs.iter().map(|&(j, v, s)| ((s, instance.vacancies[v].id.as_str()), j)).collect();
    let mut seeds = Vec::new();
    for &s in &component.staff {
        for schedule in known.of(&instance.staff[s].id) {
            let columns: Option<Vec<usize>> = schedule.iter().map(|v| column.get(&(s, v.as_str())).copied()).collect();
            seeds.extend(columns.filter(|c| !c.is_empty()));
        }
    }
    seeds
}

/// The search space of `component` formulated as `f`: a tag per assignment column, each
/// vacancy's headcount and the day-shaped rules (taken out of `f`); no schedules from elsewhere.
pub(crate) fn search_space(
    instance: &Instance,
    candidates: &Candidates,
    component: &Component,
    f: &mut Formulation,
) -> SearchSpace {
    SearchSpace {
        tags: f
            .assignments
            .iter()
            .map(|&(k, var)| {
                let c = candidates.list[k];
                ColumnTag {
                    column: f.column[&var],
                    owner: c.staff,
                    day: instance.vacancies[c.vacancy].shift.day,
                    vacancy: c.vacancy,
                    weekend: instance.vacancies[c.vacancy].shift.weekend.is_some(),
                }
            })
            .collect(),
        headcount: component.vacancies.iter().map(|&v| (v, instance.vacancies[v].headcount)).collect(),
        day_rules: std::mem::take(&mut f.day_rules),
        ..SearchSpace::default()
    }
}

/// Column generation's last schedules in `space.found` as (staff, vacancies worked), from
/// `pairs` (column, vacancy, staff).
fn found_schedules(pairs: &[(usize, usize, usize)], space: &SearchSpace) -> Vec<(usize, Vec<usize>)> {
    let at: HashMap<usize, (usize, usize)> = pairs.iter().map(|&(j, v, s)| (j, (v, s))).collect();
    let found = space.found.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    found
        .iter()
        .filter_map(|schedule| {
            let staff = at.get(schedule.first()?)?.1;
            Some((staff, schedule.iter().filter_map(|j| at.get(j).map(|&(v, _)| v)).collect()))
        })
        .collect()
}

/// Re-solves an infeasible component with slack on minimum hours (the only rows that can make a
/// component infeasible once bookings are valid) and names whose minimum cannot be met.
fn explain_infeasible(
    instance: &Instance,
    candidates: &Candidates,
    component: &Component,
    limits: &Limits,
) -> Result<Vec<String>, SolveError> {
    let f = Formulation::build(instance, candidates, component, Mode::ElasticMinHours);
    let slacks: Vec<(usize, usize)> = f.min_hours_slack.iter().map(|&(s, var)| (s, f.column[&var])).collect();
    let objective: good_lp::Expression = f.min_hours_slack.iter().map(|&(_, var)| var).sum();
    // The slack sum is the figure itself: its gap is relative to it (no worst case to add).
    // Neither progress nor rosters of this model are the component's.
    let limits =
        Limits { secondary: false, worst_case: 0.0, progress: None, incumbent: None, others: None, ..limits.clone() };
    let outcome = backend::solve(f, objective, &limits, None, &[]).map_err(SolveError::Solver)?;
    let mut reasons = Vec::new();
    if matches!(outcome.status, MipStatus::Optimal | MipStatus::Feasible) {
        for (s, col) in slacks {
            let short = outcome.columns[col];
            if short > 1e-6 {
                let m = &instance.staff[s];
                reasons.push(format!(
                    "staff {}: min_hours {} cannot be met together with the other staff's minimums under the hard rules (short by {:.2} h; {})",
                    m.id,
                    m.min_hours.unwrap_or(0.0),
                    short,
                    crate::rules::RuleKind::MinHours.citation(instance.preset)
                ));
            }
        }
    }
    if reasons.is_empty() {
        reasons.push(
            "the hard rules of this group of staff cannot all be met (no single minimum-hours limit is to blame)"
                .into(),
        );
    }
    Ok(reasons)
}

/// Runs `work` on every component with `workers` threads, keeping the results in order.
/// Components are taken largest first (`sizes`), so the long solves start early.
fn run_parallel<T: Send>(
    components: &[&Component],
    sizes: &[usize],
    workers: usize,
    work: impl Fn(usize, &Component) -> T + Sync,
) -> Vec<T> {
    let mut order: Vec<usize> = (0..components.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(sizes.get(i).copied().unwrap_or(0)), i));
    crate::parallel::in_order(components, &order, workers, |i, c: &&Component| work(i, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_go_to_column_generation_as_columns_and_come_back_by_ids() {
        let instance = crate::load_instance("../../fixtures/sample-pool.json".as_ref()).unwrap();
        let candidates = Candidates::of(&instance);
        let component = components(&instance, &candidates).swap_remove(0);
        // Model columns in reverse candidate order, so that column and candidate numbers differ.
        let n = candidates.list.len();
        let pairs: Vec<(usize, usize, usize)> =
            candidates.list.iter().enumerate().map(|(k, c)| (n - 1 - k, c.vacancy, c.staff)).collect();
        let s = component.staff[0];
        let mine: Vec<usize> = candidates.by_staff[s].iter().map(|&k| candidates.list[k].vacancy).take(3).collect();
        assert_eq!(mine.len(), 3);
        let other = (0..instance.vacancies.len())
            .find(|v| !candidates.by_staff[s].iter().any(|&k| candidates.list[k].vacancy == *v));
        let ids = |vs: &[usize]| vs.iter().map(|&v| instance.vacancies[v].id.clone()).collect::<Vec<_>>();
        let mut known = Schedules::default();
        known.add(&instance.staff[s].id, ids(&mine[..2]));
        known.add(&instance.staff[s].id, ids(&mine[1..]));
        // A vacancy the person may not work, and a person not in the scenario: left out.
        known.add(&instance.staff[s].id, ids(&[mine[0], other.expect("a vacancy they may not work")]));
        known.add("nobody-here", ids(&mine));
        let seeds = seeds(&instance, &component, &pairs, &known);
        let column = |v: usize| pairs.iter().find(|p| p.1 == v && p.2 == s).unwrap().0;
        let mut expected = vec![vec![column(mine[0]), column(mine[1])], vec![column(mine[1]), column(mine[2])]];
        let mut got = seeds.clone();
        for x in expected.iter_mut().chain(got.iter_mut()) {
            x.sort_unstable();
        }
        expected.sort();
        got.sort();
        assert_eq!(got, expected);
        // What column generation leaves in the search space comes back as (staff, vacancies).
        let space = SearchSpace { found: Arc::new(std::sync::Mutex::new(seeds)), ..SearchSpace::default() };
        let mut back = found_schedules(&pairs, &space);
        for (_, vs) in back.iter_mut() {
            vs.sort_unstable();
        }
        back.sort();
        let mut two = vec![(s, mine[..2].to_vec()), (s, mine[1..].to_vec())];
        for (_, vs) in two.iter_mut() {
            vs.sort_unstable();
        }
        two.sort();
        assert_eq!(back, two);
    }

    #[test]
    fn the_reserve_for_agency_reasons_is_a_small_share_of_the_time_limit() {
        let reserve = |seconds: f64| analysis_reserve(Duration::from_secs_f64(seconds)).as_secs_f64();
        // 2% of ten minutes and of a minute; a tenth of a short limit, at most 1 s.
        assert!((reserve(600.0) - 12.0).abs() < 1e-9);
        assert!((reserve(60.0) - 1.2).abs() < 1e-9);
        assert!((reserve(30.0) - 1.0).abs() < 1e-9);
        assert!((reserve(5.0) - 0.5).abs() < 1e-9);
        // The reasons then get at least half of it, and never less than 0.1 s.
        assert!((analysis_floor(Duration::from_secs(12)).as_secs_f64() - 6.0).abs() < 1e-9);
        assert!((analysis_floor(Duration::from_millis(5)).as_secs_f64() - 0.1).abs() < 1e-9);
    }
}

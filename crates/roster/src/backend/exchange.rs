//! What the HiGHS branch-and-bound and our neighbourhood search share while they run side by
//! side: the best roster either has found, the proven bound, and the signal to stop.
//!
//! HiGHS talks to us through its C callback. The branch-and-bound reports each improving
//! solution (which the search adopts when it is better than its own), asks at its query points
//! for a user solution (we hand over the search's roster when it beats HiGHS's incumbent, so the
//! bound-proving run stops as soon as one of the two reaches the bound) and polls for an
//! interrupt (the deadline or a finished race).
//!
//! The exchange prices and verifies every solution itself against a copy of the original model
//! ([`ModelCopy`]), never trusting the value that comes with it.

use super::verify::ModelCopy;
use std::ffi::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

/// Who found a solution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finder {
    /// The branch-and-bound run.
    BranchAndBound,
    /// The neighbourhood search.
    Search,
}

/// A complete column vector with its objective.
#[derive(Debug, Clone)]
pub struct Incumbent {
    /// Objective value (minimised).
    pub objective: f64,
    /// Value of every column.
    pub columns: Vec<f64>,
    /// Who found it.
    pub finder: Finder,
}

/// State shared by the branch-and-bound run and the search.
pub struct Exchange {
    columns: usize,
    /// The original model: prices and verifies every solution offered.
    model: ModelCopy,
    best: Mutex<Option<Incumbent>>,
    /// Objective of the best solution HiGHS's branch-and-bound knows of.
    known_to_mip: Mutex<f64>,
    /// Bits of the proven lower bound (f64), NEG_INFINITY until HiGHS reports one.
    bound: AtomicU64,
    /// Set when the branch-and-bound run has finished or the caller cancelled.
    stop: AtomicBool,
    /// A search races the branch-and-bound: only then do bounds from HiGHS's callbacks stop it
    /// early or enter the reported bound (HiGHS's own final bound is used otherwise).
    racing: AtomicBool,
    /// A bound proven outside the branch-and-bound (LP relaxation, column generation) is held:
    /// the branch-and-bound stops as soon as the best roster meets it.
    held: AtomicBool,
    deadline: Option<Instant>,
    cancel: Option<Arc<AtomicBool>>,
    /// Relative gap at which the solve is done, relative to `worst_case + objective` (see
    /// [`super::Limits::worst_case`]; with 0 relative to the objective itself).
    gap: f64,
    worst_case: f64,
    /// Progress receiver, and when it was last told.
    progress: Option<super::StageProgress>,
    reported: Mutex<Option<Instant>>,
    /// Told every solution the exchange records.
    incumbent: Option<super::IncumbentSink>,
    /// The solve's other components: the gap is the whole solve's.
    others: Option<super::Others>,
}

impl Exchange {
    /// An empty exchange for `model` (the stage-1 model as built, before any solve).
    pub fn new(model: ModelCopy, gap: f64, deadline: Option<Instant>, cancel: Option<Arc<AtomicBool>>) -> Exchange {
        Exchange {
            columns: model.columns(),
            model,
            best: Mutex::new(None),
            known_to_mip: Mutex::new(f64::INFINITY),
            bound: AtomicU64::new(f64::NEG_INFINITY.to_bits()),
            stop: AtomicBool::new(false),
            racing: AtomicBool::new(false),
            held: AtomicBool::new(false),
            deadline,
            cancel,
            gap,
            worst_case: 0.0,
            progress: None,
            reported: Mutex::new(None),
            incumbent: None,
            others: None,
        }
    }

    /// Makes the gap relative to `worst_case + objective` (see [`super::Limits::worst_case`]).
    pub fn with_worst_case(mut self, worst_case: f64) -> Exchange {
        self.worst_case = worst_case;
        self
    }

    /// Tells `progress` the best objective and bound now and then while the branch-and-bound runs.
    pub fn with_progress(mut self, progress: Option<super::StageProgress>) -> Exchange {
        self.progress = progress;
        self
    }

    /// Hands `incumbent` every solution recorded from now on.
    pub fn with_incumbent(mut self, incumbent: Option<super::IncumbentSink>) -> Exchange {
        self.incumbent = incumbent;
        self
    }

    /// Makes the gap the whole solve's, of which `others` are the other components.
    pub fn with_others(mut self, others: Option<super::Others>) -> Exchange {
        self.others = others;
        self
    }

    /// Reports progress at most every [`PROGRESS_INTERVAL`] seconds; `mip_best` is HiGHS's own
    /// incumbent value.
    fn report(&self, mip_best: f64) {
        let Some(progress) = &self.progress else { return };
        {
            let mut last = lock(&self.reported);
            if last.is_some_and(|t| t.elapsed().as_secs_f64() < PROGRESS_INTERVAL) {
                return;
            }
            *last = Some(Instant::now());
        }
        let best = self.best_objective().min(if mip_best.is_finite() { mip_best } else { f64::INFINITY });
        (progress.0)(best, self.bound());
    }

    /// The best solution found so far by either side.
    pub fn best(&self) -> Option<Incumbent> {
        lock(&self.best).clone()
    }

    /// The best solution so far if `wanted` says so, copied only then: asking often for a better
    /// roster than one's own costs a comparison, not a copy of every column (a million on Curtois
    /// Instance 24).
    pub fn best_if(&self, wanted: impl FnOnce(&Incumbent) -> bool) -> Option<Incumbent> {
        lock(&self.best).as_ref().filter(|b| wanted(b)).cloned()
    }

    /// Objective of the best solution so far (infinite when there is none).
    pub fn best_objective(&self) -> f64 {
        lock(&self.best).as_ref().map_or(f64::INFINITY, |b| b.objective)
    }

    /// The original model as HiGHS holds it.
    pub fn model(&self) -> &ModelCopy {
        &self.model
    }

    /// The objective of `columns`, computed here (`None` if it has the wrong length).
    pub fn price(&self, columns: &[f64]) -> Option<f64> {
        self.model.objective(columns)
    }

    /// What `columns` breaks in the original model, if anything.
    pub fn violation(&self, columns: &[f64]) -> Option<String> {
        self.model.violation(columns)
    }

    /// Records `columns` if it satisfies the original model and beats the best so far.
    /// Returns whether it did.
    pub fn offer(&self, columns: &[f64], finder: Finder) -> bool {
        let Some(objective) = self.price(columns).filter(|o| o.is_finite()) else {
            return false;
        };
        if self.best_objective() <= objective + improvement_tolerance(objective) {
            return false;
        }
        if let Some(problem) = self.violation(columns) {
            tracing::warn!(?finder, objective, problem, "refused a solution that breaks the original model");
            return false;
        }
        let mut best = lock(&self.best);
        if best.as_ref().is_some_and(|b| b.objective <= objective + improvement_tolerance(objective)) {
            return false;
        }
        *best = Some(Incumbent { objective, columns: columns.to_vec(), finder });
        // Told under the lock, so that the receiver sees improvements in order.
        if let Some(sink) = &self.incumbent {
            (sink.0)(objective, columns);
        }
        true
    }

    /// The proven lower bound so far.
    pub fn bound(&self) -> f64 {
        f64::from_bits(self.bound.load(Ordering::Relaxed))
    }

    fn raise_bound(&self, bound: f64) {
        if bound.is_finite() && bound > self.bound() {
            self.bound.store(bound.to_bits(), Ordering::Relaxed);
        }
    }

    /// Records `bound`, proven before the branch-and-bound (the dive's LP relaxation, column
    /// generation), and tells progress at once, with the best roster so far: a caller who
    /// takes the roster in hand before the solve ends (the CLI's watchdog) then reports the
    /// bound it has, not 0.
    pub fn prove_bound(&self, bound: f64) {
        self.raise_bound(bound);
        if let Some(progress) = &self.progress {
            (progress.0)(self.best_objective(), self.bound());
        }
    }

    /// Holds `bound`, proven outside the branch-and-bound: the branch-and-bound stops once the
    /// best roster is within the gap of it.
    pub fn hold_bound(&self, bound: f64) {
        if bound.is_finite() {
            self.raise_bound(bound);
            self.held.store(true, Ordering::Relaxed);
        }
    }

    /// Marks that a search races the branch-and-bound.
    pub fn start_race(&self) {
        self.racing.store(true, Ordering::Relaxed);
    }

    /// Whether a search raced the branch-and-bound.
    pub fn raced(&self) -> bool {
        self.racing.load(Ordering::Relaxed)
    }

    /// Tells the search to finish.
    pub fn finish(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// The search should stop: the race is over, time is up, the caller cancelled, or the best
    /// solution already meets the proven bound.
    pub fn should_stop(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || self.interrupted() || {
            let best = self.best_objective();
            (best.is_finite() && within_gap(best, self.bound(), self.gap, self.worst_case)) || self.whole_done()
        }
    }

    /// The whole solve is within the gap with this component's best roster and bound (see
    /// [`super::Others`]).
    fn whole_done(&self) -> bool {
        whole_within_gap(self.best_objective(), self.bound(), (self.gap, self.worst_case), self.others.as_ref())
    }

    /// Seconds until the deadline, if there is one.
    pub fn seconds_left(&self) -> Option<f64> {
        self.deadline.map(|d| d.saturating_duration_since(Instant::now()).as_secs_f64())
    }

    /// The deadline passed or the caller cancelled.
    pub fn interrupted(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
            || self.cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed))
    }

    /// A solution better than the one HiGHS already has, if the search found one.
    fn solution_for_mip(&self) -> Option<Vec<f64>> {
        let best = lock(&self.best);
        let best = best.as_ref()?;
        let mut known = lock(&self.known_to_mip);
        if best.finder != Finder::Search || best.objective >= *known - improvement_tolerance(best.objective) {
            return None;
        }
        *known = best.objective;
        Some(best.columns.clone())
    }

    fn mip_found(&self, objective: f64) {
        let mut known = lock(&self.known_to_mip);
        *known = known.min(objective);
    }
}

/// Seconds between progress reports.
const PROGRESS_INTERVAL: f64 = 0.25;

/// Whether `objective` is within the relative `gap` of `bound`, the gap relative to
/// `worst_case + objective` (for the roster model: agency cost; with no worst case, relative to
/// the objective itself).
pub fn within_gap(objective: f64, bound: f64, gap: f64, worst_case: f64) -> bool {
    // No roster (an infinite objective) is within no gap, though its tolerance is infinite.
    if !objective.is_finite() {
        return false;
    }
    let scale = if worst_case == 0.0 { objective.abs() } else { (worst_case + objective).max(0.0) };
    objective - bound <= (gap.max(0.0) * scale).max(improvement_tolerance(objective))
}

/// Whether the whole solve is within the relative `gap` with this component at `objective` and
/// `bound`, the other components leaving `(gap, weight)` (see [`super::Others`]; the gap
/// relative to `weight + worst_case + objective`). Never without a worst case (a model whose
/// objective is not agency cost), a gap, a roster, or the others' figures; the others are only
/// asked (a lock on the solve's board) when the rest could hold, as HiGHS's callbacks ask often.
pub fn whole_within_gap(
    objective: f64,
    bound: f64,
    (gap, worst_case): (f64, f64),
    others: Option<&super::Others>,
) -> bool {
    if !objective.is_finite() || !bound.is_finite() || worst_case == 0.0 || gap <= 0.0 {
        return false;
    }
    let Some((left, weight)) = others.and_then(super::Others::now) else { return false };
    // A tie within the tolerance counts (the widest objective, worked out, is on the boundary).
    objective - bound + left <= gap * (weight + worst_case + objective).max(0.0) + improvement_tolerance(objective)
}

/// Objective differences below this are ties (objectives are sums of hour x price terms).
pub fn improvement_tolerance(objective: f64) -> f64 {
    1e-6 * objective.abs().max(1.0)
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// What a HiGHS instance does with the exchange.
pub enum Role<'a> {
    /// The bound-proving branch-and-bound: reports solutions and bounds, takes the search's.
    BranchAndBound(&'a Exchange),
    /// A sub-MIP of the search: only stops when the exchange says so.
    SubMip(&'a Exchange),
    /// A run that only obeys the deadline and the caller's cancel flag.
    Interruptible(&'a Exchange),
}

/// Attaches `role` to the HiGHS instance behind `highs` for the duration of its next solves.
///
/// # Safety
/// `highs` must be a live HiGHS instance, and `role` (and what it borrows) must outlive every
/// solve run on it while the callback is attached (call [`detach`] before it is dropped).
pub unsafe fn attach(highs: *mut c_void, role: &Role<'_>) {
    // SAFETY: guaranteed by the caller; the callback only reads `role` through this pointer.
    unsafe {
        highs_sys::Highs_setCallback(highs, Some(on_event), role as *const Role<'_> as *mut c_void);
        highs_sys::Highs_startCallback(highs, highs_sys::kHighsCallbackMipInterrupt);
        if matches!(role, Role::BranchAndBound(_)) {
            highs_sys::Highs_startCallback(highs, highs_sys::kHighsCallbackMipImprovingSolution);
            highs_sys::Highs_startCallback(highs, highs_sys::kHighsCallbackCallbackMipUserSolution);
        }
    }
}

/// Removes the callback from `highs`.
///
/// # Safety
/// `highs` must be a live HiGHS instance.
pub unsafe fn detach(highs: *mut c_void) {
    // SAFETY: guaranteed by the caller.
    unsafe {
        highs_sys::Highs_stopCallback(highs, highs_sys::kHighsCallbackMipInterrupt);
        highs_sys::Highs_stopCallback(highs, highs_sys::kHighsCallbackMipImprovingSolution);
        highs_sys::Highs_stopCallback(highs, highs_sys::kHighsCallbackCallbackMipUserSolution);
        highs_sys::Highs_setCallback(highs, None, std::ptr::null_mut());
    }
}

/// The C callback. It must not unwind: everything here is panic-free.
unsafe extern "C" fn on_event(
    kind: c_int,
    _message: *const c_char,
    out: *const highs_sys::HighsCallbackDataOut,
    data_in: *mut highs_sys::HighsCallbackDataIn,
    user: *mut c_void,
) {
    if user.is_null() || out.is_null() || data_in.is_null() {
        return;
    }
    // SAFETY: `user` is the `Role` given to `attach`, alive for the solve; HiGHS passes valid
    // `out` and `data_in` pointers for the duration of the call.
    let (role, out, data_in) = unsafe { (&*(user as *const Role<'_>), &*out, &mut *data_in) };
    let kind = kind as highs_sys::HighsInt;
    match role {
        Role::BranchAndBound(exchange) => {
            if kind == highs_sys::kHighsCallbackMipInterrupt {
                exchange.raise_bound(out.mip_dual_bound);
                exchange.report(out.mip_primal_bound);
                // Stop on time, on request, or when the search's roster already meets the bound.
                let stoppable = exchange.raced() || exchange.held.load(Ordering::Relaxed);
                // HiGHS's own gap is this component's: the whole solve's is ours to watch.
                if exchange.interrupted() || (stoppable && exchange.should_stop()) || exchange.whole_done() {
                    data_in.user_interrupt = 1;
                }
            } else if kind == highs_sys::kHighsCallbackMipImprovingSolution {
                if !out.mip_solution.is_null() && out.mip_solution_size as usize == exchange.columns {
                    // SAFETY: HiGHS hands `mip_solution_size` values at `mip_solution`.
                    let columns = unsafe { std::slice::from_raw_parts(out.mip_solution, exchange.columns) };
                    if let Some(objective) = exchange.price(columns) {
                        if (objective - out.objective_function_value).abs() > improvement_tolerance(objective) {
                            tracing::debug!(
                                reported = out.objective_function_value,
                                objective,
                                "HiGHS reported another objective than its solution is worth"
                            );
                        }
                        exchange.mip_found(objective);
                    }
                    exchange.offer(columns, Finder::BranchAndBound);
                }
            } else if kind == highs_sys::kHighsCallbackCallbackMipUserSolution {
                exchange.raise_bound(out.mip_dual_bound);
                if let Some(columns) = exchange.solution_for_mip() {
                    // SAFETY: `data_in` is HiGHS's input block for this call; `columns` has one
                    // value per column and is copied by HiGHS before we return.
                    unsafe {
                        highs_sys::Highs_setCallbackSolution(
                            data_in,
                            columns.len() as highs_sys::HighsInt,
                            columns.as_ptr(),
                        );
                    }
                }
            }
        }
        Role::SubMip(exchange) => {
            if kind == highs_sys::kHighsCallbackMipInterrupt && exchange.should_stop() {
                data_in.user_interrupt = 1;
            }
        }
        Role::Interruptible(exchange) => {
            if kind == highs_sys::kHighsCallbackMipInterrupt && exchange.interrupted() {
                data_in.user_interrupt = 1;
            }
        }
    }
}

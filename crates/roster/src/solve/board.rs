//! The board of a running solve: each component's best roster, objective and bound as they
//! improve. It feeds the caller's progress display ([`super::Progress`]) and hands out the best
//! roster so far ([`BestSoFar`]) to a caller who cannot wait for the solve to return: a
//! watchdog past its deadline, a service with a deadline of its own.

use super::{assemble, Outcome, Progress, ProgressCallback};
use crate::eligibility::Candidates;
use crate::model::Instance;
use crate::previous::ContinuityNote;
use crate::roster::Roster;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A handle on the best roster of a running solve. Give a clone to
/// [`super::SolveOptions::best_so_far`]; [`BestSoFar::outcome`] may then be called from any
/// thread, at any time, while the solve runs or after it returned.
#[derive(Clone, Default)]
pub struct BestSoFar(Arc<Mutex<Option<Arc<Board>>>>);

impl std::fmt::Debug for BestSoFar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BestSoFar")
    }
}

impl BestSoFar {
    /// An empty handle (no solve has started with it).
    pub fn new() -> BestSoFar {
        BestSoFar::default()
    }

    /// The best roster the solve has so far, with its honest report (objective, proven bound,
    /// gap; `Optimal` only when every component finished proven optimal), assembled from each
    /// component's roster: the final one of a finished component, the best verified stage-1
    /// roster of a running one (its secondary objective not optimised yet), and nobody working
    /// in a component that has none yet. `None` before the solve has split `instance` into
    /// components, and when a component without a roster cannot go without one: someone in it
    /// must reach minimum hours, it keeps shifts frozen from the previous roster, or it was found
    /// infeasible. `instance` must be the one being solved. The roster still has to pass the
    /// checker, as every roster does. Under a time limit, working out why each agency vacancy was
    /// not covered takes at most half the time the solve keeps back for it (1% of the limit, at
    /// least 0.1 s); vacancies left then say "not analysed".
    pub fn outcome(&self, instance: &Instance) -> Option<Outcome> {
        let board = lock(&self.0).clone()?;
        board.outcome(instance)
    }

    pub(super) fn install(&self, board: Arc<Board>) {
        *lock(&self.0) = Some(board);
    }
}

/// One component on the board.
#[derive(Debug, Clone)]
pub(super) struct Part {
    /// Primary objective of the best roster known (with its worst case; HiGHS's own incumbent
    /// included, which `assigned` may lag behind), infinite without one.
    objective: f64,
    /// Proven lower bound (with its worst case), at least 0.
    bound: f64,
    finished: bool,
    /// Finished with a proven optimum.
    optimal: bool,
    /// The (vacancy, staff) pairs of the best verified roster, and its objective.
    assigned: Option<(f64, Vec<(usize, usize)>)>,
    /// Nobody working is a roster of this component (no minimum hours, nothing frozen).
    empty_ok: bool,
    /// The component was found infeasible.
    infeasible: bool,
    variables: usize,
    rows: usize,
}

/// The board itself, shared by the component solves.
pub(super) struct Board {
    started: Instant,
    parts: Mutex<Vec<Part>>,
    /// Vacancies and requests nobody can take: in every roster's objective.
    fixed: f64,
    candidates: Arc<Candidates>,
    callback: Option<ProgressCallback>,
    previous: Option<Roster>,
    notes: Vec<ContinuityNote>,
    /// Time allowed for the agency reasons of a roster assembled here (none: no limit).
    analysis: Option<Duration>,
}

impl Board {
    /// A board for components whose empty roster is valid or not (`empty_ok`).
    pub(super) fn new(
        started: Instant,
        empty_ok: Vec<bool>,
        fixed: f64,
        candidates: Arc<Candidates>,
        callback: Option<ProgressCallback>,
        continuity: (Option<Roster>, Vec<ContinuityNote>),
        analysis: Option<Duration>,
    ) -> Board {
        let parts = empty_ok
            .into_iter()
            .map(|empty_ok| Part {
                objective: f64::INFINITY,
                bound: 0.0,
                finished: false,
                optimal: false,
                assigned: None,
                empty_ok,
                infeasible: false,
                variables: 0,
                rows: 0,
            })
            .collect();
        Board {
            started,
            parts: Mutex::new(parts),
            fixed,
            candidates,
            callback,
            previous: continuity.0,
            notes: continuity.1,
            analysis,
        }
    }

    /// Records a component's model size.
    pub(super) fn sized(&self, component: usize, variables: usize, rows: usize) {
        if let Some(part) = lock(&self.parts).get_mut(component) {
            (part.variables, part.rows) = (variables, rows);
        }
    }

    /// Records a component's best objective and bound (with its worst case) and tells the
    /// progress callback.
    pub(super) fn update(&self, component: usize, objective: f64, bound: f64) {
        let progress = {
            let mut parts = lock(&self.parts);
            let Some(part) = parts.get_mut(component) else { return };
            (part.objective, part.bound) = (objective, bound.max(0.0));
            self.progress(&parts)
        };
        if let (Some(callback), Some(progress)) = (&self.callback, progress) {
            (callback.0)(&progress);
        }
    }

    /// Records a verified roster of a running component (`assigned`: (vacancy, staff) pairs)
    /// with its objective, if it beats the one held.
    pub(super) fn hold(&self, component: usize, objective: f64, assigned: Vec<(usize, usize)>) {
        let mut parts = lock(&self.parts);
        let Some(part) = parts.get_mut(component) else { return };
        if part.finished || part.assigned.as_ref().is_some_and(|(held, _)| *held <= objective) {
            return;
        }
        part.assigned = Some((objective, assigned));
    }

    /// Records a component's final roster (`None`: it has none), objective, bound and status.
    pub(super) fn finish(&self, component: usize, result: Finished) {
        let progress = {
            let mut parts = lock(&self.parts);
            let Some(part) = parts.get_mut(component) else { return };
            part.finished = true;
            part.optimal = result.optimal;
            part.infeasible = result.infeasible;
            part.objective = result.assigned.as_ref().map_or(f64::INFINITY, |_| result.objective);
            part.bound = result.bound.max(0.0);
            part.assigned = result.assigned.map(|a| (result.objective, a));
            self.progress(&parts)
        };
        if let (Some(callback), Some(progress)) = (&self.callback, progress) {
            (callback.0)(&progress);
        }
    }

    /// The components other than `component`, for its [`crate::backend::Others`]: the gap their
    /// best rosters leave (objective minus proven bound, summed) and their agency cost with what
    /// no roster can cover; `None` while one of them has no roster.
    pub(super) fn others(&self, component: usize) -> Option<(f64, f64)> {
        let parts = lock(&self.parts);
        let (mut left, mut weight) = (0.0, self.fixed);
        for (_, part) in parts.iter().enumerate().filter(|(k, _)| *k != component) {
            let objective = part.assigned.as_ref().map_or(part.objective, |(held, _)| held.min(part.objective));
            if !objective.is_finite() {
                return None;
            }
            left += (objective - part.bound).max(0.0);
            weight += objective;
        }
        Some((left, weight))
    }

    fn progress(&self, parts: &[Part]) -> Option<Progress> {
        self.callback.as_ref()?;
        let objective: f64 = parts.iter().map(|p| p.objective).sum();
        Some(Progress {
            seconds: self.started.elapsed().as_secs_f64(),
            objective: objective.is_finite().then_some(objective + self.fixed),
            bound: parts.iter().map(|p| p.bound).sum::<f64>() + self.fixed,
            done: parts.iter().filter(|p| p.finished).count(),
            components: parts.len(),
        })
    }

    fn outcome(&self, instance: &Instance) -> Option<Outcome> {
        let parts = lock(&self.parts).clone();
        let mut assignments = Vec::new();
        let (mut bound, mut variables, mut rows) = (self.fixed, 0, 0);
        for part in &parts {
            match &part.assigned {
                Some((_, assigned)) => assignments.extend_from_slice(assigned),
                None if part.empty_ok && !part.infeasible => {}
                None => return None,
            }
            bound += part.bound;
            variables += part.variables;
            rows += part.rows;
        }
        let all_optimal = parts.iter().all(|p| p.finished && p.optimal);
        let secondary_optimal = false;
        let sizes = (parts.len(), variables, rows);
        Some(assemble(
            instance,
            &self.candidates,
            assignments,
            bound,
            (all_optimal, secondary_optimal),
            (self.started, self.analysis.map(|a| Instant::now() + a)),
            sizes,
            (self.previous.as_ref(), self.notes.clone()),
        ))
    }
}

/// How a component's solve ended, for [`Board::finish`].
pub(super) struct Finished {
    /// The roster's (vacancy, staff) pairs; `None` without a roster.
    pub assigned: Option<Vec<(usize, usize)>>,
    /// Primary objective and proven bound, with the worst case.
    pub objective: f64,
    pub bound: f64,
    pub optimal: bool,
    pub infeasible: bool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::SolveStatus;

    /// The tiny fixture (2 staff, 5 vacancies, one component) and its candidates.
    fn tiny() -> (Instance, Arc<Candidates>) {
        let instance = crate::load_instance("../../fixtures/tiny.json".as_ref()).unwrap();
        let candidates = Arc::new(Candidates::of(&instance));
        (instance, candidates)
    }

    fn board(empty_ok: Vec<bool>, candidates: &Arc<Candidates>) -> Arc<Board> {
        Arc::new(Board::new(Instant::now(), empty_ok, 0.0, candidates.clone(), None, (None, Vec::new()), None))
    }

    #[test]
    fn a_component_without_a_roster_hands_out_nothing_unless_nobody_working_is_one() {
        let (instance, candidates) = tiny();
        let best = BestSoFar::new();
        assert!(best.outcome(&instance).is_none(), "before the solve installed its board");
        // Someone must reach minimum hours: no roster until the component has one.
        let strict = board(vec![false], &candidates);
        best.install(strict.clone());
        assert!(best.outcome(&instance).is_none());
        // Anna (staff 0) on the Monday night (vacancy 1): the fixture's optimal choice for her.
        let night = (1, 0);
        assert_eq!(instance.vacancies[night.0].id, "med-mon-natt-ssk");
        strict.hold(0, 100.0, vec![night]);
        let o = best.outcome(&instance).expect("the held roster");
        assert_eq!(o.roster.assignments.len(), 1);
        assert_eq!(
            (o.roster.assignments[0].staff.as_str(), o.roster.assignments[0].vacancy.as_str()),
            ("anna", "med-mon-natt-ssk")
        );
        assert_eq!(o.report.status, SolveStatus::Feasible);
        // A worse roster does not replace it.
        strict.hold(0, 200.0, Vec::new());
        assert_eq!(best.outcome(&instance).unwrap().roster.assignments.len(), 1);
        // Found infeasible: nothing, even where nobody working would do.
        let infeasible = board(vec![true], &candidates);
        best.install(infeasible.clone());
        assert!(best.outcome(&instance).is_some(), "nobody working is a roster here");
        infeasible.finish(0, Finished { assigned: None, objective: 0.0, bound: 0.0, optimal: false, infeasible: true });
        assert!(best.outcome(&instance).is_none());
    }

    #[test]
    fn each_component_sees_the_gap_and_agency_cost_of_the_others() {
        let (_, candidates) = tiny();
        // Three components and 5.0 of agency cost no roster can avoid.
        let b = Arc::new(Board::new(Instant::now(), vec![true; 3], 5.0, candidates, None, (None, Vec::new()), None));
        // Component 1 has no roster yet: components 0 and 2 cannot count on it.
        b.finish(
            0,
            Finished { assigned: Some(Vec::new()), objective: 100.0, bound: 100.0, optimal: true, infeasible: false },
        );
        assert_eq!(b.others(2), None);
        // Its progress: objective 40.0, bound 36.0; a held roster at 38.0 is the better figure.
        b.update(1, 40.0, 36.0);
        assert_eq!(b.others(2), Some((4.0, 145.0)));
        b.hold(1, 38.0, Vec::new());
        assert_eq!(b.others(2), Some((2.0, 143.0)));
        // Component 2 at 20.0 over a bound of 19.0: component 1 sees 0 + 1.0 left of 125.0.
        b.update(2, 20.0, 19.0);
        assert_eq!(b.others(1), Some((1.0, 125.0)));
        // Component 0 sees the other two.
        assert_eq!(b.others(0), Some((3.0, 63.0)));
    }
}

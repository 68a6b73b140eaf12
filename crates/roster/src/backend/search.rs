//! Large-neighbourhood search over the same MIP: the primal side of the race with HiGHS's
//! branch-and-bound.
//!
//! HiGHS proves the bound of a roster model quickly (the clique rows make the LP tight) but can
//! take long to find the roster that meets it. The search takes the best roster so far, frees a
//! neighbourhood of it and solves that sub-problem exactly with HiGHS while every other
//! assignment stays fixed. Neighbourhoods, chosen at random with sizes that adapt to how hard
//! the last sub-problems were:
//! - related staff: a person and the colleagues who compete for the same vacancies, over the
//!   whole horizon (swaps of shifts between them);
//! - a window of days for everybody (repairs around rest and weekend rules);
//! - related staff within a window.
//!
//! Every improvement goes to the [`Exchange`], from where HiGHS's branch-and-bound picks it up.

use super::exchange::{improvement_tolerance, Exchange, Finder, Role};
use highs::{HighsModelStatus, HighsSolutionStatus};
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;
use std::time::Instant;

/// What an assignment column stands for, as far as choosing neighbourhoods goes.
#[derive(Debug, Clone, Copy)]
pub struct ColumnTag {
    /// Column index in the model.
    pub column: usize,
    /// The staff member (any id that groups one person's columns).
    pub owner: usize,
    /// The day the shift starts (days from the horizon start).
    pub day: i64,
    /// The vacancy (any id that groups columns competing for the same shift).
    pub vacancy: usize,
    /// The shift touches a weekend (weekend limits chain these across the horizon).
    pub weekend: bool,
}

/// The assignment columns of a model, for the search.
#[derive(Debug, Clone, Default)]
pub struct SearchSpace {
    /// One tag per binary assignment column.
    pub tags: Vec<ColumnTag>,
    /// People each vacancy needs, by the vacancy id used in the tags.
    pub headcount: HashMap<usize, u32>,
    /// People whose rules are day-shaped, for pricing by labelling in column generation.
    pub day_rules: Vec<crate::labelling::DayRules>,
    /// Schedules known from elsewhere (a neighbouring what-if point's), each the assignment
    /// columns one person works: column generation starts its master with them.
    pub seeds: Vec<Vec<usize>>,
    /// Where column generation leaves the schedules of its last master LP (same form), for the
    /// solves that start from this one.
    pub found: std::sync::Arc<std::sync::Mutex<Vec<Vec<usize>>>>,
    /// Column generation without schedules from elsewhere runs on to convergence, for the
    /// solves that start from its schedules (see [`crate::SolveOptions::converged_schedules`]).
    pub converge: bool,
}

impl SearchSpace {
    /// Whether every person with an assignment column has day-shaped rules (pricing by
    /// labelling) free of calendar rules ([`DayRules::calendar_free`]): the benchmark's kind of
    /// pool, whose compact relaxation is weak and where column generation and branch-and-price
    /// run even without a deadline (Curtois Instance 5: proven in 20 s, by HiGHS's tree not in
    /// an hour). On Nordic pools under the working-time presets the compact tree is the faster
    /// proof (the sample pool: 7.5 s against 93 s by branch-and-price), so column generation
    /// only runs there under a time limit or a gap, priced by labelling all the same.
    ///
    /// [`DayRules::calendar_free`]: crate::labelling::DayRules::calendar_free
    pub fn day_shaped(&self) -> bool {
        let shaped: std::collections::HashSet<usize> =
            self.day_rules.iter().filter(|r| r.calendar_free()).map(|r| r.owner).collect();
        !self.tags.is_empty() && self.tags.iter().all(|t| shaped.contains(&t.owner))
    }
}

/// A HiGHS model handed to the search thread.
pub struct SendModel(pub highs::Model);

// SAFETY: a HiGHS instance has no thread affinity; the search thread is its only user.
unsafe impl Send for SendModel {}

/// Seconds one sub-problem may take at most.
const SUB_MIP_SECONDS: f64 = 0.5;
/// Sub-problems solved before the LP relaxation (which can take long on large models).
const RELAX_AFTER: usize = 20;
/// Most seconds spent on the LP relaxation.
const RELAX_SECONDS: f64 = 10.0;
/// Smallest neighbourhood, in free assignment columns.
const MIN_FREE: usize = 30;

/// What the search did, for logs and tuning.
#[derive(Debug, Clone, Copy, Default)]
pub struct SearchStats {
    /// Sub-problems solved.
    pub iterations: usize,
    /// Sub-problems that improved the roster.
    pub improvements: usize,
}

/// The kinds of neighbourhood a search frees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A person and the colleagues competing for the same vacancies, over the whole horizon.
    Related,
    /// Everybody over a window of days.
    Window,
    /// The days around a vacancy left to the agency, for those who could take it.
    AroundOpen,
    /// Related staff within a window of days.
    RelatedInWindow,
    /// Weekend shifts of many people over the whole horizon.
    Weekends,
    /// Where the LP relaxation and the roster disagree (as in RINS).
    Guided,
}

impl Kind {
    /// Every kind that needs no LP relaxation.
    pub(super) const UNGUIDED: [Kind; 5] =
        [Kind::Related, Kind::Window, Kind::AroundOpen, Kind::RelatedInWindow, Kind::Weekends];

    /// An unguided kind at random, around open vacancies twice as often as each other kind.
    pub(super) fn draw(rng: &mut ChaCha8Rng) -> Kind {
        match rng.random_range(0..6) {
            5 => Kind::Weekends,
            0 => Kind::Related,
            1 => Kind::Window,
            2 | 3 => Kind::AroundOpen,
            _ => Kind::RelatedInWindow,
        }
    }

    /// A name for logs.
    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::Related => "related",
            Kind::Window => "window",
            Kind::AroundOpen => "around open",
            Kind::RelatedInWindow => "related in a window",
            Kind::Weekends => "weekends",
            Kind::Guided => "guided",
        }
    }
}

/// Runs the search on `model` (a copy of the model HiGHS's branch-and-bound solves) until the
/// exchange says stop.
pub fn run(model: SendModel, lp: SendModel, space: &SearchSpace, exchange: &Exchange, seed: u64) -> SearchStats {
    let (SendModel(mut model), SendModel(lp)) = (model, lp);
    let mut lp = Some(lp);
    let mut stats = SearchStats::default();
    if space.tags.is_empty() {
        return stats;
    }
    let shape = Shape::of(space);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_1a5e);
    let mut target = (space.tags.len() / 8).clamp(MIN_FREE.min(space.tags.len()), 400);
    let role = Role::SubMip(exchange);
    // SAFETY: the model is live and `role` outlives every solve below; detached before return.
    unsafe { super::exchange::attach(model.as_mut_ptr(), &role) };
    let quiet = std::env::var_os("ROSTER_SEARCH_LOG").is_none();
    // The LP relaxation guides one kind of neighbourhood (as RINS does): where the relaxation and
    // the roster disagree is where a better roster is likely to differ.
    // It is solved once the search is under way, within a share of the time left.
    let mut relaxation: Option<Vec<f64>> = None;

    let mut tried_empty = false;
    while !exchange.should_stop() {
        let Some(current) = exchange.best() else {
            // No roster yet: start from "nobody works a vacancy" if the rules allow it (they do
            // unless someone has minimum hours), else wait for HiGHS's first roster.
            if !tried_empty {
                tried_empty = true;
                let (index, lower, upper) = bounds(space, &vec![false; space.tags.len()], &[]);
                fix(&mut model, &index, &lower, &upper);
                let Ok(solved) = model.try_solve() else { return stats };
                if solved.primal_solution_status() == HighsSolutionStatus::Feasible {
                    exchange.offer(solved.get_solution().columns(), Finder::Search);
                }
                model = highs::Model::from(solved);
            } else {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            continue;
        };
        if stats.iterations == RELAX_AFTER {
            let left = exchange.seconds_left().unwrap_or(f64::INFINITY);
            // Only a guide: an interior-point optimum is not trusted as a proven bound.
            relaxation = lp.take().and_then(|m| relax(m, (0.2 * left).min(RELAX_SECONDS))).map(|(_, values)| values);
        }
        let free = match &relaxation {
            Some(lp) if rng.random_ratio(1, 4) => shape.guided(&mut rng, target, space, &current.columns, lp),
            _ => shape.neighbourhood(&mut rng, target, space, &current.columns),
        };
        let (index, lower, upper) = shape.bounds(&free, &current.columns);
        fix(&mut model, &index, &lower, &upper);
        let started = Instant::now();
        let limit = SUB_MIP_SECONDS;
        if model.try_set_solution(Some(&current.columns), None, None, None).is_err()
            || model.try_set_option("time_limit", limit).is_err()
            || model.try_set_option("mip_rel_gap", 0.0).is_err()
            || model.try_set_option("random_seed", rng.random_range(0..i32::MAX)).is_err()
        {
            break;
        }
        let Ok(solved) = model.try_solve() else { return stats };
        stats.iterations += 1;
        let seconds = started.elapsed().as_secs_f64();
        let status = solved.status();
        if solved.primal_solution_status() == HighsSolutionStatus::Feasible {
            let solution = solved.get_solution();
            let columns = solution.columns();
            let objective = exchange.price(columns).unwrap_or(f64::INFINITY);
            let integral =
                space.tags.iter().all(|t| columns.get(t.column).is_some_and(|x| (x - x.round()).abs() < 1e-6));
            if integral
                && objective < current.objective - improvement_tolerance(current.objective)
                && exchange.offer(columns, Finder::Search)
            {
                stats.improvements += 1;
            }
            if !quiet {
                eprintln!(
                    "search: free {:>4} {:>6.2}s {:?} {:.3} -> {:.3} (bound {:.3})",
                    free.iter().filter(|&&f| f).count(),
                    seconds,
                    status,
                    current.objective,
                    objective,
                    exchange.bound()
                );
            }
        }
        // Grow the neighbourhood while sub-problems solve to optimality quickly; shrink it when
        // they hit the limit.
        target = if status == HighsModelStatus::Optimal && seconds < 0.1 {
            (target + target / 4 + 1).min(space.tags.len())
        } else if status != HighsModelStatus::Optimal || seconds > 0.25 {
            (target * 3 / 4).max(MIN_FREE)
        } else {
            target
        };
        model = highs::Model::from(solved);
    }
    // SAFETY: the model is live.
    unsafe { super::exchange::detach(model.as_mut_ptr()) };
    stats
}

/// Solves the LP relaxation of `model` (its own copy: integrality is switched off for good)
/// within `seconds` and returns its optimum and column values, if it solved to optimality.
fn relax(mut model: highs::Model, seconds: f64) -> Option<Relaxation> {
    let ptr = model.as_mut_ptr();
    // SAFETY: `ptr` is the live model.
    let n = unsafe { highs_sys::Highs_getNumCol(ptr) } as usize;
    if n == 0 {
        return None;
    }
    let continuous = vec![highs_sys::kHighsVarTypeContinuous; n];
    // SAFETY: as above; the array has one entry per column.
    unsafe { highs_sys::Highs_changeColsIntegralityByRange(ptr, 0, n as highs_sys::HighsInt - 1, continuous.as_ptr()) };
    // Interior point for this one large LP (see `configure` in the backend).
    model.try_set_option("solver", "ipm").ok()?;
    model.try_set_option("time_limit", seconds).ok()?;
    let solved = model.try_solve().ok()?;
    (solved.status() == HighsModelStatus::Optimal)
        .then(|| (solved.objective_value(), solved.get_solution().columns().to_vec()))
}

/// The LP relaxation's optimum and column values.
type Relaxation = (f64, Vec<f64>);

/// Sets the bounds of the columns in `index`.
pub(super) fn fix(model: &mut highs::Model, index: &[highs_sys::HighsInt], lower: &[f64], upper: &[f64]) {
    let ptr = model.as_mut_ptr();
    // SAFETY: `ptr` is the live model; the three arrays have `index.len()` entries.
    unsafe {
        highs_sys::Highs_changeColsBoundsBySet(
            ptr,
            index.len() as highs_sys::HighsInt,
            index.as_ptr(),
            lower.as_ptr(),
            upper.as_ptr(),
        );
    }
}

/// Bounds of every assignment column: free in the neighbourhood, fixed at the incumbent outside.
pub(super) fn bounds(
    space: &SearchSpace,
    free: &[bool],
    columns: &[f64],
) -> (Vec<highs_sys::HighsInt>, Vec<f64>, Vec<f64>) {
    bounds_in_order(&column_order(space), free, columns)
}

/// `(column, tag index)` of every assignment column, in column order (the order HiGHS wants
/// bounds changed by set).
fn column_order(space: &SearchSpace) -> Vec<(usize, usize)> {
    let mut order: Vec<(usize, usize)> = space.tags.iter().enumerate().map(|(i, t)| (t.column, i)).collect();
    order.sort_unstable();
    order
}

/// [`bounds`] with the columns' order given.
fn bounds_in_order(
    order: &[(usize, usize)],
    free: &[bool],
    columns: &[f64],
) -> (Vec<highs_sys::HighsInt>, Vec<f64>, Vec<f64>) {
    let mut index = Vec::with_capacity(order.len());
    let mut lower = Vec::with_capacity(order.len());
    let mut upper = Vec::with_capacity(order.len());
    for &(column, i) in order {
        index.push(column as highs_sys::HighsInt);
        if free[i] {
            lower.push(0.0);
            upper.push(1.0);
        } else {
            let v = columns.get(column).copied().unwrap_or(0.0).round();
            lower.push(v);
            upper.push(v);
        }
    }
    (index, lower, upper)
}

/// Who competes with whom, and which columns fall on which days.
pub(super) struct Shape {
    /// Tag indices of each owner.
    by_owner: Vec<Vec<usize>>,
    /// For each owner, the other owners sharing vacancies with them, most shared first.
    related: Vec<Vec<usize>>,
    /// Tag indices by day, days in order.
    by_day: Vec<Vec<usize>>,
    /// Owners with a column on each vacancy.
    owners_of_vacancy: HashMap<usize, Vec<usize>>,
    tags: usize,
    /// `(column, tag index)` in column order, sorted once rather than every round (on Curtois
    /// Instance 24, a million tags, sorting took 13 ms a round).
    column_order: Vec<(usize, usize)>,
}

impl Shape {
    pub(super) fn of(space: &SearchSpace) -> Shape {
        let mut owners: HashMap<usize, usize> = HashMap::new();
        let mut by_owner: Vec<Vec<usize>> = Vec::new();
        let mut days: std::collections::BTreeMap<i64, Vec<usize>> = Default::default();
        let mut by_vacancy: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, t) in space.tags.iter().enumerate() {
            let next = owners.len();
            let o = *owners.entry(t.owner).or_insert(next);
            if o == by_owner.len() {
                by_owner.push(Vec::new());
            }
            by_owner[o].push(i);
            days.entry(t.day).or_default().push(i);
            by_vacancy.entry(t.vacancy).or_default().push(o);
        }
        let mut shared: Vec<HashMap<usize, usize>> = vec![HashMap::new(); by_owner.len()];
        let mut vacancies: Vec<_> = by_vacancy.values().cloned().collect();
        vacancies.sort();
        for competing in &vacancies {
            for &a in competing {
                for &b in competing {
                    if a != b {
                        *shared[a].entry(b).or_default() += 1;
                    }
                }
            }
        }
        let related = shared
            .into_iter()
            .map(|m| {
                let mut v: Vec<(usize, usize)> = m.into_iter().collect();
                v.sort_unstable_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
                v.into_iter().map(|(o, _)| o).collect()
            })
            .collect();
        Shape {
            by_owner,
            related,
            by_day: days.into_values().collect(),
            owners_of_vacancy: by_vacancy,
            tags: space.tags.len(),
            column_order: column_order(space),
        }
    }

    /// [`bounds`] for a neighbourhood of this shape's tags.
    pub(super) fn bounds(&self, free: &[bool], columns: &[f64]) -> (Vec<highs_sys::HighsInt>, Vec<f64>, Vec<f64>) {
        bounds_in_order(&self.column_order, free, columns)
    }

    /// A random neighbourhood of about `target` free columns (around open vacancies twice as
    /// often as each other unguided kind).
    pub(super) fn neighbourhood(
        &self,
        rng: &mut ChaCha8Rng,
        target: usize,
        space: &SearchSpace,
        columns: &[f64],
    ) -> Vec<bool> {
        self.free(Kind::draw(rng), rng, target, space, columns, None)
    }

    /// A neighbourhood of `kind` of about `target` free columns; [`Kind::Guided`] needs `lp`
    /// (without it, related staff).
    pub(super) fn free(
        &self,
        kind: Kind,
        rng: &mut ChaCha8Rng,
        target: usize,
        space: &SearchSpace,
        columns: &[f64],
        lp: Option<&[f64]>,
    ) -> Vec<bool> {
        let mut free = vec![false; self.tags];
        match (kind, lp) {
            (Kind::Guided, Some(lp)) => return self.guided(rng, target, space, columns, lp),
            (Kind::Weekends, _) => self.free_weekends(rng, target, space, &mut free),
            (Kind::Related | Kind::Guided, _) => self.free_related(rng, target, None, &mut free),
            (Kind::Window, _) => self.free_window(rng, target, &mut free),
            (Kind::AroundOpen, _) => self.free_around_open(rng, target, space, columns, &mut free),
            (Kind::RelatedInWindow, _) => {
                // Related staff over a window twice as wide as their share of the columns needs.
                let days = self.by_day.len().max(1);
                let width = rng.random_range(days.div_ceil(4)..=days.div_ceil(2)).max(1);
                let first = rng.random_range(0..=days - width.min(days));
                self.free_related(rng, target, Some(first..first + width), &mut free);
            }
        }
        free
    }

    fn free_related(
        &self,
        rng: &mut ChaCha8Rng,
        target: usize,
        window: Option<std::ops::Range<usize>>,
        free: &mut [bool],
    ) {
        // The tags inside the window, if there is one.
        let in_window: Option<std::collections::HashSet<usize>> =
            window.map(|w| self.by_day[w].iter().flatten().copied().collect());
        let seed = rng.random_range(0..self.by_owner.len());
        let mut chosen = vec![seed];
        // Mostly the closest competitors, sometimes somebody further away.
        let mut candidates: Vec<usize> = self.related[seed].clone();
        let mut count = 0;
        let add = |o: usize, free: &mut [bool], count: &mut usize| {
            for &i in &self.by_owner[o] {
                if in_window.as_ref().map_or(true, |w| w.contains(&i)) && !free[i] {
                    free[i] = true;
                    *count += 1;
                }
            }
        };
        add(seed, free, &mut count);
        while count < target && !candidates.is_empty() {
            let reach = candidates.len().min((self.related[seed].len() / 4).max(4));
            let pick = candidates.remove(rng.random_range(0..reach));
            chosen.push(pick);
            add(pick, free, &mut count);
        }
        if count < target {
            // Nobody else competes for these shifts: fill up with random staff.
            let mut rest: Vec<usize> = (0..self.by_owner.len()).filter(|o| !chosen.contains(o)).collect();
            rest.shuffle(rng);
            for o in rest {
                if count >= target {
                    break;
                }
                add(o, free, &mut count);
            }
        }
    }

    /// The days around a vacancy the roster leaves (partly) to the agency, for the people who
    /// could take it and those competing with them: room for a chain of swaps that covers it.
    fn free_around_open(
        &self,
        rng: &mut ChaCha8Rng,
        target: usize,
        space: &SearchSpace,
        columns: &[f64],
        free: &mut [bool],
    ) {
        let mut covered: HashMap<usize, u32> = HashMap::new();
        for t in &space.tags {
            if columns.get(t.column).is_some_and(|&x| x > 0.5) {
                *covered.entry(t.vacancy).or_default() += 1;
            }
        }
        let open: Vec<&ColumnTag> = space
            .tags
            .iter()
            .filter(|t| {
                covered.get(&t.vacancy).copied().unwrap_or(0) < space.headcount.get(&t.vacancy).copied().unwrap_or(1)
            })
            .collect();
        let Some(&&hole) = open.choose(rng) else {
            return self.free_related(rng, target, None, free);
        };
        let mut count = 0;
        let mut owners: Vec<usize> = self.owners_of_vacancy.get(&hole.vacancy).cloned().unwrap_or_default();
        owners.shuffle(rng);
        let width = rng.random_range(1..=4i64);
        let mut reach = 0;
        while count < target && reach < owners.len() {
            let o = owners[reach];
            reach += 1;
            for &i in &self.by_owner[o] {
                if (space.tags[i].day - hole.day).abs() <= width && !free[i] {
                    free[i] = true;
                    count += 1;
                }
            }
            if reach == owners.len() && count < target {
                // Widen the circle to those who compete with the people freed so far.
                for &p in self.related[o].iter().take(3) {
                    if !owners.contains(&p) {
                        owners.push(p);
                    }
                }
            }
        }
    }

    /// Weekend shifts of many people over the whole horizon: who works which weekend is a
    /// puzzle across all weekends at once when the number of working weekends is capped.
    fn free_weekends(&self, rng: &mut ChaCha8Rng, target: usize, space: &SearchSpace, free: &mut [bool]) {
        let mut owners: Vec<usize> = (0..self.by_owner.len()).collect();
        owners.shuffle(rng);
        let mut count = 0;
        for o in owners {
            if count >= target {
                break;
            }
            for &i in &self.by_owner[o] {
                if space.tags[i].weekend {
                    free[i] = true;
                    count += 1;
                }
            }
        }
    }

    /// Columns where the LP relaxation is fractional or disagrees with the roster, topped up
    /// (or thinned out) at random to about `target`.
    pub(super) fn guided(
        &self,
        rng: &mut ChaCha8Rng,
        target: usize,
        space: &SearchSpace,
        columns: &[f64],
        lp: &[f64],
    ) -> Vec<bool> {
        let mut disagree: Vec<usize> = (0..space.tags.len())
            .filter(|&i| {
                let c = space.tags[i].column;
                let (x, y) = (columns.get(c).copied().unwrap_or(0.0), lp.get(c).copied().unwrap_or(0.0));
                (x - y).abs() > 0.01
            })
            .collect();
        disagree.shuffle(rng);
        disagree.truncate(target);
        let mut free = vec![false; self.tags];
        for &i in &disagree {
            free[i] = true;
        }
        // Whole days of the people involved, so that swaps within a day stay possible.
        let involved: Vec<(usize, i64)> = disagree.iter().map(|&i| (space.tags[i].owner, space.tags[i].day)).collect();
        let mut count = disagree.len();
        for (i, t) in space.tags.iter().enumerate() {
            if count >= target {
                break;
            }
            if !free[i] && involved.contains(&(t.owner, t.day)) {
                free[i] = true;
                count += 1;
            }
        }
        free
    }

    fn free_window(&self, rng: &mut ChaCha8Rng, target: usize, free: &mut [bool]) {
        let days = self.by_day.len();
        let per_day = (self.tags / days.max(1)).max(1);
        let width = target.div_ceil(per_day).clamp(1, days);
        let first = rng.random_range(0..=days - width);
        for tags in &self.by_day[first..first + width] {
            for &i in tags {
                free[i] = true;
            }
        }
    }
}

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
//! - related staff within a window;
//! - in stage 1's search ([`super::polish`]), a chain of moves that covers a vacancy left to
//!   the agency, found from the model's rows ([`Shape::free_chain`]).
//!
//! Every improvement goes to the [`Exchange`], from where HiGHS's branch-and-bound picks it up.

use super::exchange::{improvement_tolerance, Exchange, Finder, Role};
use super::verify::ModelCopy;
use highs::HighsModelStatus;
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
    /// A person and the colleagues competing for the same vacancies, over the whole horizon;
    /// where one person's columns alone exceed the neighbourhood's size, that person over a run
    /// of days holding about the size ([`Shape::seed_days`]).
    Related,
    /// Everybody over a window of days.
    Window,
    /// The days around a vacancy left to the agency, for those who could take it (and around
    /// the open vacancies nearest in time while that is smaller than the neighbourhood's size).
    AroundOpen,
    /// Related staff within a window of days.
    RelatedInWindow,
    /// Weekend shifts of many people over the whole horizon.
    Weekends,
    /// Where the LP relaxation and the roster disagree (as in RINS).
    Guided,
    /// The whole horizon of somebody who could take a vacancy left to the agency but for their
    /// own limits, and the days around each shift they could give up for colleagues who could
    /// take it over ([`Shape::free_chain`]); needs the model's rows.
    Chain,
}

impl Kind {
    /// Every kind that needs no LP relaxation.
    pub(super) const UNGUIDED: [Kind; 6] =
        [Kind::Related, Kind::Window, Kind::AroundOpen, Kind::RelatedInWindow, Kind::Weekends, Kind::Chain];

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
            Kind::Chain => "chain",
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
                if super::has_solution(&solved) {
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
        if super::has_solution(&solved) {
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

/// Which rows of a model hold an assignment back at a roster: those that setting its column to
/// one would take out of their bounds.
struct HeldBack<'a> {
    model: &'a ModelCopy,
    /// Each row's activity at the roster.
    activity: Vec<f64>,
    /// Rows with a column other than an assignment (a slack or an indicator that may move).
    loose: Vec<bool>,
}

impl<'a> HeldBack<'a> {
    fn at(model: &'a ModelCopy, space: &SearchSpace, columns: &[f64]) -> HeldBack<'a> {
        let mut assignment = vec![false; model.columns()];
        for t in &space.tags {
            if let Some(a) = assignment.get_mut(t.column) {
                *a = true;
            }
        }
        let mut activity = vec![0.0; model.rows()];
        let mut loose = vec![false; model.rows()];
        for (j, &is_assignment) in assignment.iter().enumerate() {
            let x = columns.get(j).copied().unwrap_or(0.0);
            for (r, a) in model.entries(j) {
                activity[r] += a * x;
                loose[r] |= !is_assignment;
            }
        }
        HeldBack { model, activity, loose }
    }

    /// The rows (with the column's coefficient) that column `c` at one would take out of bounds.
    fn rows(&self, c: usize) -> Vec<(usize, f64)> {
        self.model
            .entries(c)
            .filter(|&(r, a)| {
                let (lower, upper) = self.model.row_bounds(r);
                let after = self.activity[r] + a;
                let slack = 1e-6 * after.abs().max(1.0);
                after > upper + slack || after < lower - slack
            })
            .collect()
    }

    /// Whether giving up column `c` relieves row `r` for a column with coefficient `a` there: `c`
    /// is in the row with a coefficient of the same sign.
    fn relieves(&self, c: usize, r: usize, a: f64) -> bool {
        self.model.entries(c).any(|(q, b)| q == r && b * a > 0.0)
    }

    /// Whether row `r` has a column other than an assignment.
    fn loose(&self, r: usize) -> bool {
        self.loose[r]
    }
}

/// Who competes with whom, and which columns fall on which days.
pub(super) struct Shape {
    /// Tag indices of each owner.
    by_owner: Vec<Vec<usize>>,
    /// Each owner's index in `by_owner`, by the owner id of the tags.
    owner_index: HashMap<usize, usize>,
    /// For each owner, the other owners sharing vacancies with them, most shared first.
    related: Vec<Vec<usize>>,
    /// Tag indices by day, days in order.
    by_day: Vec<Vec<usize>>,
    /// Each tag's day, as an index into `by_day`.
    day_of: Vec<u32>,
    /// Whether related staff are one person over a run of days where that person's columns
    /// exceed the size ([`Shape::seed_days`]); `ROSTER_RELATED_DAYS=0` frees the whole horizon
    /// whatever the size, for measuring. Read once here, not every round.
    related_by_days: bool,
    /// Tag indices of each vacancy.
    tags_of_vacancy: HashMap<usize, Vec<usize>>,
    /// Each tag's vacancy as an index into `headcount`, and the people each vacancy needs, so
    /// that finding the open vacancies every round needs no hashing (on Curtois Instance 24, a
    /// million tags: 2 million hash lookups a round).
    vacancy_of: Vec<u32>,
    headcount: Vec<u32>,
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
        let mut tags_of_vacancy: HashMap<usize, Vec<usize>> = HashMap::new();
        let (mut vacancy_index, mut vacancy_of) = (HashMap::new(), Vec::with_capacity(space.tags.len()));
        for (i, t) in space.tags.iter().enumerate() {
            let next = vacancy_index.len() as u32;
            vacancy_of.push(*vacancy_index.entry(t.vacancy).or_insert(next));
            let next = owners.len();
            let o = *owners.entry(t.owner).or_insert(next);
            if o == by_owner.len() {
                by_owner.push(Vec::new());
            }
            by_owner[o].push(i);
            days.entry(t.day).or_default().push(i);
            by_vacancy.entry(t.vacancy).or_default().push(o);
            tags_of_vacancy.entry(t.vacancy).or_default().push(i);
        }
        // The vacancies each owner competes for, then per owner the others' shared counts in one
        // scratch vector (on Curtois Instance 24, 90 owners a vacancy: 92 million pairs, which
        // took 3 s a search counted in a hash map per owner).
        let mut vacancies_of: Vec<Vec<usize>> = vec![Vec::new(); by_owner.len()];
        for (v, competing) in &by_vacancy {
            for &a in competing {
                vacancies_of[a].push(*v);
            }
        }
        let mut shared = vec![0usize; by_owner.len()];
        let related = vacancies_of
            .iter()
            .enumerate()
            .map(|(a, vacancies)| {
                let mut met: Vec<usize> = Vec::new();
                for v in vacancies {
                    for &b in &by_vacancy[v] {
                        if b != a {
                            if shared[b] == 0 {
                                met.push(b);
                            }
                            shared[b] += 1;
                        }
                    }
                }
                let mut v: Vec<(usize, usize)> = met.iter().map(|&b| (b, std::mem::take(&mut shared[b]))).collect();
                v.sort_unstable_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
                v.into_iter().map(|(o, _)| o).collect()
            })
            .collect();
        let by_day: Vec<Vec<usize>> = days.into_values().collect();
        let mut day_of = vec![0; space.tags.len()];
        for (d, tags) in by_day.iter().enumerate() {
            for &i in tags {
                day_of[i] = d as u32;
            }
        }
        Shape {
            by_owner,
            owner_index: owners,
            related,
            by_day,
            day_of,
            related_by_days: super::tuned("ROSTER_RELATED_DAYS", 1u8) != 0,
            tags_of_vacancy,
            vacancy_of,
            headcount: {
                let mut headcount = vec![1; vacancy_index.len()];
                for (v, &k) in &vacancy_index {
                    headcount[k as usize] = space.headcount.get(v).copied().unwrap_or(1);
                }
                headcount
            },
            tags: space.tags.len(),
            column_order: column_order(space),
        }
    }

    /// The model columns of the tags `free` frees, in column order.
    pub(super) fn freed(&self, space: &SearchSpace, free: &[bool]) -> Vec<usize> {
        let mut columns: Vec<usize> =
            free.iter().zip(&space.tags).filter(|(free, _)| **free).map(|(_, t)| t.column).collect();
        columns.sort_unstable();
        columns
    }

    /// Tags of the vacancies a roster (`columns`) leaves (partly) to the agency, in tag order.
    fn open_tags<'a>(&self, space: &'a SearchSpace, columns: &[f64]) -> Vec<&'a ColumnTag> {
        let mut covered = vec![0u32; self.headcount.len()];
        for (t, &v) in space.tags.iter().zip(&self.vacancy_of) {
            if columns.get(t.column).is_some_and(|&x| x > 0.5) {
                covered[v as usize] += 1;
            }
        }
        let open = |v: u32| covered[v as usize] < self.headcount[v as usize];
        space.tags.iter().zip(&self.vacancy_of).filter(|(_, &v)| open(v)).map(|(t, _)| t).collect()
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
        self.free(Kind::draw(rng), rng, target, space, columns, None, None)
    }

    /// A neighbourhood of `kind` of about `target` free columns; [`Kind::Guided`] needs `lp`
    /// (without it, related staff), [`Kind::Chain`] the `model` whose columns these are
    /// (without it, around open vacancies).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn free(
        &self,
        kind: Kind,
        rng: &mut ChaCha8Rng,
        target: usize,
        space: &SearchSpace,
        columns: &[f64],
        lp: Option<&[f64]>,
        model: Option<&ModelCopy>,
    ) -> Vec<bool> {
        let mut free = vec![false; self.tags];
        match (kind, lp, model) {
            (Kind::Guided, Some(lp), _) => return self.guided(rng, target, space, columns, lp),
            (Kind::Chain, _, Some(model)) => self.free_chain(rng, target, space, columns, model, &mut free),
            (Kind::Weekends, ..) => self.free_weekends(rng, target, space, &mut free),
            (Kind::Related | Kind::Guided, ..) => self.free_related(rng, target, None, &mut free),
            (Kind::Window, ..) => self.free_window(rng, target, &mut free),
            (Kind::AroundOpen | Kind::Chain, ..) => self.free_around_open(rng, target, space, columns, &mut free),
            (Kind::RelatedInWindow, ..) => {
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
        if self.related_by_days && self.seed_days(rng, seed, target, in_window.as_ref(), free) {
            return;
        }
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

    /// Where `seed`'s own columns (within `window`, if any) are more than `target`, frees them
    /// over the run of consecutive days that holds about `target` of them, drawn at random, and
    /// says so. Over a long horizon one person's columns alone exceed the neighbourhood's size
    /// (Curtois Instance 24: about 7,000 a person over 364 days), and a neighbourhood of their
    /// whole horizon would not shrink with the size its rounds ask for.
    fn seed_days(
        &self,
        rng: &mut ChaCha8Rng,
        seed: usize,
        target: usize,
        window: Option<&std::collections::HashSet<usize>>,
        free: &mut [bool],
    ) -> bool {
        let mut own: Vec<usize> =
            self.by_owner[seed].iter().copied().filter(|i| window.map_or(true, |w| w.contains(i))).collect();
        let size = target.max(1);
        if own.len() <= size {
            return false;
        }
        own.sort_by_key(|&i| self.day_of[i]);
        let first = rng.random_range(0..=own.len() - size);
        let days = self.day_of[own[first]]..=self.day_of[own[first + size - 1]];
        for i in own.into_iter().filter(|i| days.contains(&self.day_of[*i])) {
            free[i] = true;
        }
        true
    }

    /// The days around a vacancy the roster leaves (partly) to the agency, for the people who
    /// could take it and those competing with them: room for a chain of swaps that covers it;
    /// where that is fewer columns than `target`, the same around the open vacancies nearest
    /// to it in time.
    fn free_around_open(
        &self,
        rng: &mut ChaCha8Rng,
        target: usize,
        space: &SearchSpace,
        columns: &[f64],
        free: &mut [bool],
    ) {
        let open = self.open_tags(space, columns);
        let Some(&first) = open.choose(rng) else {
            return self.free_related(rng, target, None, free);
        };
        let mut count = 0;
        // Drawn after the first vacancy's takers are shuffled, as before more vacancies joined:
        // where they fill the size, the neighbourhood is the one it was, draw for draw.
        let mut width = None;
        let mut around = |hole: &ColumnTag, rng: &mut ChaCha8Rng, count: &mut usize| {
            let mut owners: Vec<usize> = self.tags_of(hole.vacancy).iter().map(|&i| self.owner_of(space, i)).collect();
            owners.shuffle(rng);
            let width = *width.get_or_insert_with(|| rng.random_range(1..=4i64));
            let mut reach = 0;
            while *count < target && reach < owners.len() {
                let o = owners[reach];
                reach += 1;
                for &i in &self.by_owner[o] {
                    if (space.tags[i].day - hole.day).abs() <= width && !free[i] {
                        free[i] = true;
                        *count += 1;
                    }
                }
                if reach == owners.len() && *count < target {
                    // Widen the circle to those who compete with the people freed so far.
                    for &p in self.related[o].iter().take(3) {
                        if !owners.contains(&p) {
                            owners.push(p);
                        }
                    }
                }
            }
        };
        around(first, rng, &mut count);
        if count >= target {
            return;
        }
        // Too few could take it (a vacancy of a rare competence, or those who could are held
        // by rest and hours around it): the open vacancies nearest in time next, so that the
        // sub-MIP can trade shifts between them, until the neighbourhood has its size. On the
        // 200-staff pool's 70-person component one vacancy freed 358-501 columns against
        // targets of 875-2,000, and 2 of 27 such rounds improved; now 19 of 35 (session 54).
        let mut seen = std::collections::HashSet::from([first.vacancy]);
        let mut others: Vec<&ColumnTag> = open.into_iter().filter(|t| seen.insert(t.vacancy)).collect();
        others.shuffle(rng);
        others.sort_by_key(|t| (t.day - first.day).abs());
        for hole in others {
            if count >= target {
                break;
            }
            around(hole, rng, &mut count);
        }
    }

    /// A chain of moves that covers a vacancy the roster leaves (partly) to the agency where
    /// nobody can simply take it: the people who could take it are held back by their own
    /// limits (most hours, most shifts of a type, one shift a day), so one of them has to give
    /// up a shift of theirs, which somebody else takes over, perhaps giving up one of their
    /// own. Frees the whole horizon of one person held back only by rows they can relieve
    /// themselves (rows holding one of their shifts, or a column other than an assignment,
    /// such as a weekend's indicator), then, up to `target`, the days around each shift in
    /// those rows of colleagues who could take it over, and the vacancy's columns for all.
    ///
    /// The rows come from the model, not from the rules, so the kind knows no rule by name.
    /// On Curtois Instance 13 a 600-s solve stalled at 1,448 for its last 400 s, one shift more
    /// left to the agency than the best-known 1,348, where everybody is within two hours of
    /// their most minutes: at fixed work from that roster (`benches/search.sh`, seed 1) rounds
    /// of this kind alone reached 1,356 in 29 rounds of under half a second each; without the
    /// kind, one seed of two reached 1,348 in 37 rounds, by a window of 8,000 free columns,
    /// the other stayed at 1,448 for about 50 rounds. From a 1,450 roster, with the kind one
    /// seed of four left it in 40 rounds (1,358), none without (BENCHMARKS.md, session 48).
    fn free_chain(
        &self,
        rng: &mut ChaCha8Rng,
        target: usize,
        space: &SearchSpace,
        columns: &[f64],
        model: &ModelCopy,
        free: &mut [bool],
    ) {
        let open = self.open_tags(space, columns);
        let Some(&&hole) = open.choose(rng) else {
            return self.free_related(rng, target, None, free);
        };
        let held = HeldBack::at(model, space, columns);
        let works = |i: usize| columns.get(space.tags[i].column).is_some_and(|&x| x > 0.5);
        // Who could take the hole, each with the rows holding them back; only those who can
        // relieve every such row themselves.
        let tags = self.tags_of(hole.vacancy);
        let mut takers: Vec<(usize, Vec<(usize, f64)>)> = tags
            .iter()
            .filter(|&&i| !works(i))
            .filter_map(|&i| {
                let rows = held.rows(space.tags[i].column);
                rows.iter()
                    .all(|&(r, a)| held.loose(r) || self.worked_in(&held, i, r, a, space, columns))
                    .then_some((i, rows))
            })
            .collect();
        if takers.is_empty() {
            return self.free_around_open(rng, target, space, columns, free);
        }
        // Half the time among those held back by the fewest rows.
        takers.shuffle(rng);
        if rng.random_bool(0.5) {
            let fewest = takers.iter().map(|(_, rows)| rows.len()).min().unwrap_or(0);
            takers.retain(|(_, rows)| rows.len() == fewest);
        }
        let (taker, rows) = &takers[0];
        let owner = self.owner_of(space, *taker);
        let mut count = 0;
        self.free_owner(owner, free, &mut count);
        // The shifts the taker could give up (nearest the hole first: the taker's runs of days
        // and rest change there), each with who could take it over (those free to take it
        // first), freed in turns: each shift's first successor, then each shift's second, ...
        // A successor is freed over the days around the shift they would take (a week either
        // side at most), so that many can be.
        let mut given_up: Vec<usize> = self.by_owner[owner]
            .iter()
            .copied()
            .filter(|&i| works(i))
            .filter(|&i| rows.iter().any(|&(r, a)| held.relieves(space.tags[i].column, r, a)))
            .collect();
        given_up.shuffle(rng);
        given_up.sort_by_key(|&g| (space.tags[g].day - hole.day).abs());
        let queues: Vec<(i64, Vec<usize>)> = given_up
            .iter()
            .map(|&g| {
                let t = &space.tags[g];
                let mut successors: Vec<(usize, usize)> = self
                    .tags_of(t.vacancy)
                    .iter()
                    .filter(|&&k| space.tags[k].day == t.day && !works(k) && self.owner_of(space, k) != owner)
                    .map(|&k| (held.rows(space.tags[k].column).len(), self.owner_of(space, k)))
                    .collect();
                successors.shuffle(rng);
                successors.sort_by_key(|&(rows, _)| rows);
                (t.day, successors.into_iter().map(|(_, o)| o).collect())
            })
            .collect();
        let width = rng.random_range(1..=7i64);
        'turns: for turn in 0.. {
            let mut more = false;
            for (day, successors) in &queues {
                if count >= target {
                    break 'turns;
                }
                let Some(&o) = successors.get(turn) else { continue };
                more = true;
                for &i in &self.by_owner[o] {
                    if (space.tags[i].day - day).abs() <= width && !free[i] {
                        free[i] = true;
                        count += 1;
                    }
                }
            }
            if !more {
                break;
            }
        }
        // Free the hole's column for everybody, so the chain may end anywhere.
        for &i in tags {
            free[i] = true;
        }
    }

    /// Tag indices of vacancy `v`.
    fn tags_of(&self, v: usize) -> &[usize] {
        self.tags_of_vacancy.get(&v).map_or(&[], Vec::as_slice)
    }

    /// The owner index (into `by_owner`) of tag `i`.
    fn owner_of(&self, space: &SearchSpace, i: usize) -> usize {
        self.owner_index.get(&space.tags[i].owner).copied().unwrap_or(0)
    }

    /// Frees every column of owner `o`, counting those newly freed.
    fn free_owner(&self, o: usize, free: &mut [bool], count: &mut usize) {
        for &i in &self.by_owner[o] {
            if !free[i] {
                free[i] = true;
                *count += 1;
            }
        }
    }

    /// Whether the owner of tag `i` works a shift in row `r` whose coefficient has the sign of
    /// `a` (giving it up relieves the row for tag `i`).
    fn worked_in(&self, held: &HeldBack, i: usize, r: usize, a: f64, space: &SearchSpace, columns: &[f64]) -> bool {
        self.by_owner[self.owner_of(space, i)].iter().any(|&j| {
            let c = space.tags[j].column;
            columns.get(c).is_some_and(|&x| x > 0.5) && held.relieves(c, r, a)
        })
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

#[cfg(test)]
mod tests {
    use super::super::build;
    use super::super::tests::limits;
    use super::*;
    use good_lp::{variable, Expression, ProblemVariables};

    #[test]
    fn a_chain_frees_who_could_take_the_open_vacancy_and_who_could_take_over_their_shift() {
        // Vacancy H (day 0) is open. A (columns a0 on H, a1 on V) works V and may work one shift
        // only; B could take V (b1); C works W (c2); D could take H (d0) but not while C works W
        // (a row D cannot relieve). The chain: A takes H, B takes V over. It frees A's and B's
        // whole horizons and H's columns, never C's; with room for one person only, A's and H's.
        let mut vars = ProblemVariables::new();
        let [a0, a1, b1, c2, d0] = [(); 5].map(|_| vars.add(variable().binary()));
        let objective: Expression = -(a0 + a1 + b1 + c2 + d0);
        let rows = vec![(a0 + a1).leq(1.0), (d0 + c2).leq(1.0), (a0 + d0).leq(1.0), (a1 + b1).leq(1.0)];
        let mut model = build(vars, objective, rows, &limits(0.0, 0.0)).expect("a model");
        // SAFETY: the model is live.
        let copy = unsafe { ModelCopy::of(model.as_mut_ptr()) };
        let tag = |column, owner, day, vacancy| ColumnTag { column, owner, day, vacancy, weekend: false };
        let space = SearchSpace {
            tags: vec![tag(0, 0, 0, 0), tag(1, 0, 1, 1), tag(2, 1, 1, 1), tag(3, 2, 2, 2), tag(4, 3, 0, 0)],
            headcount: (0..3).map(|v| (v, 1)).collect(),
            ..SearchSpace::default()
        };
        let roster = [0.0, 1.0, 0.0, 1.0, 0.0];
        let shape = Shape::of(&space);
        let chain = |target, seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            shape.free(Kind::Chain, &mut rng, target, &space, &roster, None, Some(&copy))
        };
        for seed in 0..8 {
            assert_eq!(chain(100, seed), [true, true, true, false, true], "seed {seed}");
            assert_eq!(chain(1, seed), [true, true, false, false, true], "seed {seed}");
        }
        // Without the model's rows: around the open vacancy instead, which frees H's takers.
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let around = shape.free(Kind::Chain, &mut rng, 100, &space, &roster, None, None);
        assert!(around[0] && around[4], "{around:?}");
    }

    #[test]
    fn around_open_adds_the_nearest_open_vacancies_when_too_few_could_take_the_first() {
        // Three open vacancies on days 0, 1 and 10, each with one person who could take it, no
        // two people competing. A neighbourhood of one column frees one vacancy's taker; of two,
        // a vacancy's and the nearest other's in time (so never day 10's without day 1's); of
        // three or more, all three.
        let tag = |i: usize, day| ColumnTag { column: i, owner: i, day, vacancy: i, weekend: false };
        let space = SearchSpace {
            tags: vec![tag(0, 0), tag(1, 1), tag(2, 10)],
            headcount: (0..3).map(|v| (v, 1)).collect(),
            ..SearchSpace::default()
        };
        let nobody = [0.0; 3];
        let shape = Shape::of(&space);
        for seed in 0..16 {
            let around = |target| {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                shape.free(Kind::AroundOpen, &mut rng, target, &space, &nobody, None, None)
            };
            let freed = |free: &[bool]| free.iter().filter(|&&f| f).count();
            assert_eq!(freed(&around(1)), 1, "seed {seed}");
            let two = around(2);
            assert_eq!(freed(&two), 2, "seed {seed}: {two:?}");
            assert!(two[1] && !(two[0] && two[2]), "seed {seed}: {two:?}");
            assert_eq!(around(5), [true; 3], "seed {seed}");
        }
    }

    #[test]
    fn related_staff_free_one_person_over_consecutive_days_when_one_holds_more_than_the_size() {
        // Two people, ten days, two shifts a day either could take: 20 columns each. A size of 6
        // is less than one person's horizon, so one person is freed over a run of whole days
        // holding at least 6 of their columns (3 days, or 4 when the run starts mid-day). A size
        // of 20 frees one whole horizon; 30 both.
        let tag = |column: usize| {
            let (owner, day, shift) = (column / 20, (column % 20) / 2, column % 2);
            ColumnTag { column, owner, day: day as i64, vacancy: 2 * day + shift, weekend: false }
        };
        let space = SearchSpace {
            tags: (0..40).map(tag).collect(),
            headcount: (0..20).map(|v| (v, 1)).collect(),
            ..SearchSpace::default()
        };
        let nobody = [0.0; 40];
        let shape = Shape::of(&space);
        for seed in 0..16 {
            let related = |target| {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                shape.free(Kind::Related, &mut rng, target, &space, &nobody, None, None)
            };
            let six = related(6);
            let freed: Vec<ColumnTag> = (0..40).filter(|&j| six[j]).map(tag).collect();
            assert!(freed.iter().all(|t| t.owner == freed[0].owner), "seed {seed}: {six:?}");
            let days: std::collections::BTreeSet<i64> = freed.iter().map(|t| t.day).collect();
            assert!(matches!(days.len(), 3 | 4), "seed {seed}: {days:?}");
            assert_eq!(freed.len(), 2 * days.len(), "seed {seed}: whole days");
            assert_eq!(days.last().unwrap() - days.first().unwrap() + 1, days.len() as i64, "seed {seed}: {days:?}");
            let whole = related(20);
            let owners: std::collections::BTreeSet<usize> = (0..40).filter(|&j| whole[j]).map(|j| j / 20).collect();
            assert_eq!((whole.iter().filter(|&&f| f).count(), owners.len()), (20, 1), "seed {seed}");
            assert_eq!(related(30), [true; 40], "seed {seed}");
        }
    }
}

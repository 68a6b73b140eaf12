//! Best responses: each person in turn takes the cheapest schedule they can find against
//! everybody else's, until nobody can improve the roster alone.
//!
//! Where the rows between people are cover rows (a person adds 1 to the cover of each shift
//! they work; columns of nobody, over-cover here, take up the excess at a price), the cost of
//! the roster is each person's own cost plus, per cover row, the least cost of the columns of
//! nobody at that row's cover. So with everyone else's schedules held, what one more worker on a
//! shift adds is known exactly: nothing (or the agency cost saved) while the shift is short,
//! the over-cover price once it is full, infinity where the row allows nobody more. At those
//! prices the person's cheapest schedule over the whole horizon is a labelling problem of
//! their own ([`DayRules::heuristic`], within a beam), and its cost against that of their
//! current schedule is exactly what the move saves. A move changes one person's whole horizon
//! at once, which a neighbourhood of the MIP over a long horizon cannot afford (Curtois
//! Instances 20-24: 182 and 364 days).
//!
//! Free of I/O; the roster it returns is checked against the model by the caller.

use super::{in_parallel, Decomposition, Labeller, Master, Pricer, RowKind};
use crate::backend::verify::ModelCopy;
use crate::labelling::{Cheapest, DayRules};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::time::{Duration, Instant};

type HighsInt = highs_sys::HighsInt;

/// Labels kept per day by the labelling of a move: at first, at least and at most (see
/// [`respond`]). Best responses alone from nobody, by time and first beam: Curtois Instance 22
/// (50 people, 364 days) in 25 s: 90,874 from 64 (11 passes), 61,549 from 128 (6), 80,657 from
/// 256 (3); in 40 s 76,885 / 53,355 / 60,013. Instance 24 (150 people) in 23 s: 251,774 from 32
/// (8 passes), 253,348 from 64 (4), 300,700 from 128 (2).
const FIRST_BEAM: usize = 128;
const NARROWEST_BEAM: usize = 32;
pub(super) const WIDEST_BEAM: usize = 512;

/// Passes best responses should have time for: while a pass looks set to take more than this
/// share of the time, the beam is halved (fewer passes than this did worse above, and so did
/// more passes at a narrower beam).
const PASSES_WANTED: f64 = 4.0;

/// Under a deadline, a pass that saves less than this share of what the passes since the first
/// saved ends best responses. On Curtois Instance 24 at 600 s, passes 10-27 saved 11,000 in
/// 220 s, where the search after them saved 75,000 in 200 s.
const SLOWED: f64 = 0.01;

/// Cost per unit a row is broken by (rows no column of nobody can repair): high enough that any
/// schedule keeping the row is cheaper.
const BROKEN: f64 = 1e9;

/// What the best responses did.
#[derive(Debug, Clone)]
pub struct Responses {
    /// The roster (all columns of the model).
    pub roster: Vec<f64>,
    /// Passes over everybody.
    pub passes: usize,
    /// Schedules changed.
    pub moves: usize,
    /// Whether the last pass changed nobody (else the deadline ended them, or a pass that saved little
    /// under one: [`SLOWED`]).
    pub settled: bool,
    /// The roster's objective as the moves count it: every person's own cost plus each master
    /// row's cost at its cover, plus the model's constant (the model's objective of `roster`).
    pub objective: f64,
}

/// A master row's cost as a function of the cover the people give it: the least cost of the
/// columns of nobody in it (each in this row alone) that keeps the row's bounds.
struct RowCost {
    lower: f64,
    upper: f64,
    /// Cost and activity with every column of nobody at its cheaper bound.
    base: (f64, f64),
    /// Moves away from the cheaper bounds that raise / lower the activity: (cost per unit of
    /// activity, room in activity units), cheapest first.
    up: Vec<(f64, f64)>,
    down: Vec<(f64, f64)>,
}

impl RowCost {
    /// The row with bounds `lower..=upper` and its columns of nobody `slack`: (entry, cost per
    /// unit, lower bound, upper bound).
    fn of(lower: f64, upper: f64, slack: &[(f64, f64, f64, f64)]) -> RowCost {
        let mut row = RowCost { lower, upper, base: (0.0, 0.0), up: Vec::new(), down: Vec::new() };
        for &(a, c, lo, hi) in slack {
            let at = if c >= 0.0 { lo } else { hi };
            row.base.0 += c * at;
            row.base.1 += a * at;
            // Moving away from the cheaper bound: towards `hi` when at `lo`, and back.
            let raises = (a > 0.0) == (c >= 0.0);
            let side = if raises { &mut row.up } else { &mut row.down };
            side.push((c.abs() / a.abs(), (hi - lo) * a.abs()));
        }
        row.up.sort_by(|x, y| x.0.total_cmp(&y.0));
        row.down.sort_by(|x, y| x.0.total_cmp(&y.0));
        row
    }

    /// The least cost of the columns of nobody when the people give `cover`: each column at its
    /// cheaper bound, then the row repaired by the cheapest moves per unit (a one-row LP);
    /// [`BROKEN`] per unit it cannot be repaired by.
    fn at(&self, cover: f64) -> f64 {
        let (cost, activity) = (self.base.0, self.base.1 + cover);
        let repair = |need: f64, moves: &[(f64, f64)]| {
            let mut need = need;
            let mut cost = 0.0;
            for &(per_unit, room) in moves {
                if need <= 0.0 {
                    break;
                }
                let take = need.min(room);
                cost += per_unit * take;
                need -= take;
            }
            cost + BROKEN * need.max(0.0)
        };
        if activity < self.lower {
            cost + repair(self.lower - activity, &self.up)
        } else if activity > self.upper {
            cost + repair(activity - self.upper, &self.down)
        } else {
            cost
        }
    }
}

/// One person's options as the moves see them.
struct Person<'a> {
    block: usize,
    labeller: Labeller<'a>,
    /// Per option: its own cost (with its companions) and the master rows it adds 1 to.
    own: Vec<f64>,
    rows: Vec<Vec<usize>>,
    /// Per option: barred (its column fixed at 0) and forced (fixed at 1).
    barred: Vec<bool>,
    forced: Vec<bool>,
    /// The options worked now (indices into the rules' options), `None` before the person's
    /// first move when the start gave them no schedule.
    worked: Option<Vec<usize>>,
}

/// Best responses on `d` from `start` (a roster of all columns; without one, from nobody
/// working, where everybody moves once before a roster exists) until a pass changes nobody or
/// `deadline`. `None` when the rows between people are not cover rows (entries other than 1, a
/// column of nobody in two rows, or one person with two options in one row), someone is not
/// labelled, someone finds no schedule on their first move, or the schedules do not make a
/// roster of the model. `(threads, workers)`: HiGHS's threads (as everywhere in the process) and
/// the people who look for their response at once, each on a thread of their own.
pub fn respond(
    model: &ModelCopy,
    d: &Decomposition,
    day_rules: &[DayRules],
    start: Option<&[f64]>,
    (threads, workers): (usize, usize),
    deadline: Option<Instant>,
    seed: u64,
) -> Option<Responses> {
    respond_from_beam(model, d, day_rules, start, (threads, workers), deadline, seed, FIRST_BEAM)
}

/// [`respond`] with `first_beam` labels a day kept at first.
#[allow(clippy::too_many_arguments)]
pub(super) fn respond_from_beam(
    model: &ModelCopy,
    d: &Decomposition,
    day_rules: &[DayRules],
    start: Option<&[f64]>,
    (threads, workers): (usize, usize),
    deadline: Option<Instant>,
    seed: u64,
    first_beam: usize,
) -> Option<Responses> {
    let rows = d.master_rows.len();
    let mut slack: Vec<Vec<(f64, f64, f64, f64)>> = vec![Vec::new(); rows];
    let mut constant = model.min_offset();
    for &j in &d.free {
        let mut entries = model.entries(j).filter_map(|(i, a)| match d.row_kind[i] {
            RowKind::Master(r) => Some((r, a)),
            _ => None,
        });
        let Some((r, a)) = entries.next() else {
            // In no row: at its cheaper bound, whatever the people do.
            let ((lo, hi), c) = (model.column_bounds(j), model.min_cost(j));
            constant += c * if c >= 0.0 { lo } else { hi };
            continue;
        };
        if entries.next().is_some() {
            tracing::debug!("best responses: a column of nobody in two rows");
            return None;
        }
        let (lo, hi) = model.column_bounds(j);
        let c = model.min_cost(j);
        if (c >= 0.0 && !lo.is_finite()) || (c < 0.0 && !hi.is_finite()) {
            tracing::debug!("best responses: a column of nobody without a cheaper bound");
            return None;
        }
        slack[r].push((a, c, lo, hi));
    }
    let costs: Vec<RowCost> = d
        .master_rows
        .iter()
        .zip(&slack)
        .map(|(&i, slack)| {
            let (lower, upper) = model.row_bounds(i);
            RowCost::of(lower, upper, slack)
        })
        .collect();
    let mut people = Vec::with_capacity(d.blocks.len());
    for b in 0..d.blocks.len() {
        let Some(labeller) =
            day_rules.iter().find(|r| r.owner == d.block_owner[b]).and_then(|rules| Labeller::of(model, d, b, rules))
        else {
            tracing::debug!(block = b, "best responses: someone is not labelled");
            return None;
        };
        let rules = labeller.rules;
        let mut touched = std::collections::HashSet::new();
        let (mut own, mut option_rows, mut barred, mut forced) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (o, option) in rules.options.iter().enumerate() {
            let columns = std::iter::once(option.column).chain(option.with.iter().copied());
            let mut cost = 0.0;
            let mut these = Vec::new();
            for j in columns {
                cost += model.min_cost(j);
                for (i, a) in model.entries(j) {
                    if let RowKind::Master(r) = d.row_kind[i] {
                        if a != 1.0 || !touched.insert(r) {
                            tracing::debug!(block = b, "best responses: a row between people that is not a cover row");
                            return None;
                        }
                        these.push(r);
                    }
                }
            }
            let (lo, hi) = model.column_bounds(d.blocks[b][labeller.option[o]]);
            own.push(cost);
            option_rows.push(these);
            barred.push(hi < 0.5);
            forced.push(lo > 0.5);
        }
        let worked =
            start.map(|roster| (0..rules.options.len()).filter(|&o| roster[rules.options[o].column] > 0.5).collect());
        people.push(Person { block: b, labeller, own, rows: option_rows, barred, forced, worked });
    }
    let mut cover = vec![0.0; rows];
    for p in &people {
        for &o in p.worked.iter().flatten() {
            for &r in &p.rows[o] {
                cover[r] += 1.0;
            }
        }
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0be5_7e50);
    let mut order: Vec<usize> = (0..people.len()).collect();
    let (mut passes, mut moves, mut settled) = (0, 0, false);
    let scale = model.cost_scale();
    let mut world = World { model, d, costs: &costs, threads, scale, constant, beam: first_beam };
    // The beam is narrowed while a pass looks set to take more than its share of the time, until
    // the first pass that changes nobody; from then on such a pass widens it where a beam left
    // labels out and the time left holds a pass at the wider beam.
    let share = deadline.map(|t| t.saturating_duration_since(Instant::now()).div_f64(PASSES_WANTED));
    let groups = people.len().div_ceil(workers.max(1));
    let mut widened = false;
    let (mut first_objective, mut last_objective) = (None, f64::INFINITY);
    'passes: loop {
        if deadline.is_some_and(|t| Instant::now() >= t) {
            break;
        }
        passes += 1;
        order.shuffle(&mut rng);
        let (mut changed, mut cut) = (false, false);
        let began = Instant::now();
        // Groups since the beam last changed, and their labelling time.
        let (mut at_beam, mut labelling) = (0, Duration::ZERO);
        // `workers` people at a time look for their response at the same cover; each is then
        // taken in turn only if it still beats the person's schedule at the cover as it is by then.
        for group in order.chunks(workers.max(1)) {
            if deadline.is_some_and(|t| Instant::now() >= t) && people.iter().all(|p| p.worked.is_some()) {
                break 'passes;
            }
            let step = world.step(group, &mut people, &mut cover)?;
            moves += step.moved;
            changed |= step.moved > 0;
            cut |= step.cut;
            at_beam += 1;
            labelling += step.labelling;
            let projected = labelling.mul_f64(groups as f64 / at_beam as f64);
            let measured = at_beam >= (groups / 10).max(2);
            if !widened && measured && world.beam > NARROWEST_BEAM && share.is_some_and(|s| projected > s) {
                world.beam /= 2;
                (at_beam, labelling) = (0, Duration::ZERO);
                tracing::trace!(beam = world.beam, "best responses: a narrower beam");
            }
        }
        let pass = began.elapsed();
        let objective = world.counted(&people, &cover);
        tracing::trace!(passes, moves, beam = world.beam, objective, "best responses: a pass");
        // Under a deadline, a pass that saved little against what the passes since the first
        // saved ends them: the neighbourhood search does more with the time.
        let first = *first_objective.get_or_insert(objective);
        let saved = std::mem::replace(&mut last_objective, objective) - objective;
        if changed && deadline.is_some() && saved < SLOWED * (first - objective) {
            tracing::trace!(saved, "best responses: passes slowed down");
            break;
        }
        if !changed {
            let room = deadline.map_or(true, |t| t.saturating_duration_since(Instant::now()) >= pass * 2);
            if cut && world.beam < WIDEST_BEAM && room {
                world.beam *= 2;
                widened = true;
                tracing::trace!(beam = world.beam, "best responses: a wider beam");
                continue;
            }
            settled = true;
            break;
        }
    }
    // Past the deadline too: the schedules are in hand, and completing them takes little.
    let objective = world.counted(&people, &cover);
    let roster = roster_of(model, d, &mut people, (threads, workers))?;
    Some(Responses { roster, passes, moves, settled, objective })
}

/// What the moves share: the model, its split, the master rows' costs, HiGHS's threads and the
/// objective's scale.
struct World<'w> {
    model: &'w ModelCopy,
    d: &'w Decomposition,
    costs: &'w [RowCost],
    threads: usize,
    scale: f64,
    /// The objective's constant and the cost of the columns of nobody in no row.
    constant: f64,
    /// Labels kept per day by a move's labelling.
    beam: usize,
}

/// What a [`World::step`] did: schedules changed, and whether a beam left labels out on the way
/// (so a wider one might find more).
struct Step {
    moved: usize,
    cut: bool,
    /// The longest labelling among the group's people (the group waits for it); a person's MIP
    /// where the beam lost every schedule is not counted.
    labelling: Duration,
}

impl World<'_> {
    /// Best responses of the people `group` (indices into `people`), found at once at `cover`
    /// (one thread each), then taken in turn where they still save at the cover as it is by
    /// then; someone without a schedule takes theirs whatever it costs. The number of schedules
    /// changed; `None` when someone without a schedule finds none.
    fn step(&self, group: &[usize], people: &mut [Person], cover: &mut [f64]) -> Option<Step> {
        let World { model, d, costs, threads, scale, beam, .. } = *self;
        // Per person: their response, whether a beam left labels out finding it, and the time
        // labelling took.
        let found: Vec<(Option<Cheapest>, bool, Duration)> = std::thread::scope(|scope| {
            let (people, cover) = (&*people, &*cover);
            let handles: Vec<_> = group
                .iter()
                .map(|&k| {
                    scope.spawn(move || {
                        let p = &people[k];
                        let price = prices(p, cover, costs);
                        let began = Instant::now();
                        let (found, cut) = first_schedule(p, &price, beam);
                        let labelling = began.elapsed();
                        match (found, &p.worked) {
                            // The beam lost every schedule keeping the rules (tight least
                            // minutes under caps per shift type: Curtois Instance 22), and the
                            // person has none yet: their MIP.
                            (None, None) => (by_mip(model, d, p, &price, threads), cut, labelling),
                            (found, _) => (found, cut, labelling),
                        }
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or((None, true, Duration::ZERO))).collect()
        });
        let mut step = Step { moved: 0, cut: false, labelling: Duration::ZERO };
        for (&k, (found, cut, labelling)) in group.iter().zip(found) {
            step.cut |= cut;
            step.labelling = step.labelling.max(labelling);
            let p = &mut people[k];
            let Some(found) = found else {
                if p.worked.is_none() {
                    tracing::debug!(block = p.block, "best responses: someone finds no schedule");
                    return None;
                }
                continue;
            };
            if let Some(worked) = &p.worked {
                let price = prices(p, cover, costs);
                let (now, then) = (sum(&price, worked), sum(&price, &found.options));
                if then >= now - 1e-9 * scale.max(now.abs()) {
                    continue;
                }
            }
            self.take(p, cover);
            self.put(p, Some(found.options), cover);
            step.moved += 1;
        }
        Some(step)
    }

    /// The objective as the moves count it (see [`Responses::objective`]).
    fn counted(&self, people: &[Person], cover: &[f64]) -> f64 {
        let own: f64 = people.iter().map(|p| p.worked.iter().flatten().map(|&o| p.own[o]).sum::<f64>()).sum();
        let between: f64 = self.costs.iter().zip(cover).map(|(c, &x)| c.at(x)).sum();
        self.constant + own + between
    }

    /// Takes `p`'s schedule off `cover` (the person then has none).
    fn take(&self, p: &mut Person, cover: &mut [f64]) {
        for &o in p.worked.iter().flatten() {
            for &r in &p.rows[o] {
                cover[r] -= 1.0;
            }
        }
        p.worked = None;
    }

    /// Gives `p` the schedule `worked` (the person has none), adding it to `cover`.
    fn put(&self, p: &mut Person, worked: Option<Vec<usize>>, cover: &mut [f64]) {
        for &o in worked.iter().flatten() {
            for &r in &p.rows[o] {
                cover[r] += 1.0;
            }
        }
        p.worked = worked;
    }
}

/// What working each option adds for `p`, everyone else's schedules held at `cover`: its own
/// cost and, per master row, what one more worker there costs (infinite where it is barred).
fn prices(p: &Person, cover: &[f64], costs: &[RowCost]) -> Vec<f64> {
    let held: std::collections::HashSet<usize> =
        p.worked.iter().flatten().flat_map(|&o| p.rows[o].iter().copied()).collect();
    (0..p.own.len())
        .map(|o| match p.barred[o] {
            true => f64::INFINITY,
            false => {
                let between = p.rows[o].iter().map(|&r| {
                    let others = cover[r] - if held.contains(&r) { 1.0 } else { 0.0 };
                    costs[r].at(others + 1.0) - costs[r].at(others)
                });
                p.own[o] + between.sum::<f64>()
            }
        })
        .collect()
}

/// The cost of working `options` at `price`.
fn sum(price: &[f64], options: &[usize]) -> f64 {
    options.iter().map(|&o| price[o]).sum()
}

/// The cheapest schedule of `p` at option prices `price` that labelling within a beam of
/// `beam` labels a day finds, and whether it may not be the cheapest (a beam left labels out,
/// or the bonus below was needed). Where the beam loses every schedule that reaches the person's least minutes (greedy labels
/// skip days of little worth early and cannot make up the minutes later, under caps and run
/// lengths), it tries again with every worked minute made cheaper by a growing bonus, then
/// prices what it found at `price`.
fn first_schedule(p: &Person, price: &[f64], beam: usize) -> (Option<Cheapest>, bool) {
    let rules = &p.labeller.rules;
    let Ok(beamed) = rules.heuristic(price, &p.forced, beam, None) else { return (None, true) };
    if beamed.found.is_some() || rules.min_minutes == 0 {
        return (beamed.found, !beamed.exact);
    }
    let minutes: Vec<f64> = rules.options.iter().map(|o| f64::from(o.minutes)).collect();
    let finite = || price.iter().zip(&minutes).filter(|(c, _)| c.is_finite());
    let worth = finite().map(|(c, _)| c.abs()).sum::<f64>() / finite().map(|(_, m)| m).sum::<f64>().max(1.0);
    for bonus in [0.25, 1.0, 4.0] {
        let eager: Vec<f64> = price.iter().zip(&minutes).map(|(c, m)| c - bonus * worth.max(1e-6) * m).collect();
        if let Some(found) = rules.heuristic(&eager, &p.forced, beam, None).ok().and_then(|b| b.found) {
            let cost = found.options.iter().map(|&o| price[o]).sum();
            return (Some(Cheapest { cost, ..found }), true);
        }
    }
    (None, true)
}

/// Seconds the MIP of one person may take when labelling within the beam finds them nothing.
const MIP_SECONDS: f64 = 1.0;

/// The cheapest schedule of `p` at option prices `price` by the MIP of their rows (HiGHS, within
/// [`MIP_SECONDS`]): the best found, optimal or not; `None` when none is found.
fn by_mip(model: &ModelCopy, d: &Decomposition, p: &Person, price: &[f64], threads: usize) -> Option<Cheapest> {
    // HiGHS's threads as everywhere in the process (its scheduler is set up once).
    let pricer = Pricer::new(model, d, p.block, threads, None);
    let n = d.blocks[p.block].len();
    let mut cost: Vec<f64> = d.blocks[p.block].iter().map(|&j| model.min_cost(j)).collect();
    for (o, &k) in p.labeller.option.iter().enumerate() {
        // The option's price less its companions' own costs, which stay on their columns.
        let companions: f64 = p.labeller.with[o].iter().map(|&c| cost[c]).sum();
        cost[k] = match price[o].is_finite() {
            true => price[o] - companions,
            false => 0.0,
        };
    }
    let barred: Vec<HighsInt> =
        (0..p.own.len()).filter(|&o| !price[o].is_finite()).map(|o| p.labeller.option[o] as HighsInt).collect();
    pricer.highs.set_bounds(&barred, &vec![0.0; barred.len()], &vec![0.0; barred.len()]);
    // SAFETY: one cost per column of the block.
    unsafe { highs_sys::Highs_changeColsCostByRange(pricer.highs.0, 0, n as HighsInt - 1, cost.as_ptr()) };
    let cap = Instant::now() + std::time::Duration::from_secs_f64(MIP_SECONDS);
    // Not cut short by the deadline: everybody needs a first schedule.
    pricer.highs.time_limit(Some(cap));
    pricer.highs.run();
    if pricer.highs.int_info("primal_solution_status") != 2 {
        return None;
    }
    let local = pricer.highs.solution().0;
    let options: Vec<usize> = (0..p.own.len()).filter(|&o| local[p.labeller.option[o]] > 0.5).collect();
    let cost = options.iter().map(|&o| price[o]).sum();
    Some(Cheapest { cost, options })
}

/// The roster of everyone's schedule: each person's block completed by HiGHS with their options
/// fixed (`workers` at a time), the columns of nobody set by the master LP.
fn roster_of(
    model: &ModelCopy,
    d: &Decomposition,
    people: &mut [Person],
    (threads, workers): (usize, usize),
) -> Option<Vec<f64>> {
    let completed = in_parallel(people, workers, |p| {
        let worked = p.worked.as_ref()?;
        let pricer = Pricer::new(model, d, p.block, threads, None);
        let mut on = vec![false; p.labeller.option.len()];
        for &o in worked {
            on[o] = true;
        }
        let own: f64 = worked.iter().map(|&o| p.own[o]).sum();
        let (_, done) = pricer.complete(&p.labeller, &on, None);
        match done {
            Some((objective, local)) if (objective - own).abs() <= 1e-6 * own.abs().max(1.0) => Some(local),
            other => {
                tracing::debug!(
                    block = p.block,
                    own,
                    completed = other.map(|o| o.0),
                    "best responses: a schedule did not complete"
                );
                None
            }
        }
    });
    if completed.len() != people.len() {
        return None;
    }
    let mut master = Master::new(model, d, threads);
    let mut chosen = Vec::with_capacity(people.len());
    for (p, local) in people.iter().zip(completed) {
        master.add(p.block, &local?);
        chosen.push(master.schedules.len() - 1);
    }
    let roster = master.roster_of(&chosen, None)?;
    model.violation(&roster).is_none().then_some(roster)
}

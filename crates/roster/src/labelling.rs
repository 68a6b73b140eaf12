//! One person's schedules as a walk over the days of the horizon, and the cheapest of them by
//! labelling: the pricing problem of column generation (`backend/decompose.rs`) for people whose
//! rules are all day-shaped, which is every person of the Curtois & Qu benchmark.
//!
//! A schedule works at most one option (a candidate shift, one model column) a day. The rules
//! are [`crate::formulation`]'s for such a person, restated over days:
//! - conflicts: pairs of options on consecutive days that may not both be worked (a shift type
//!   that may not follow another, or too little rest between them);
//! - caps: at most `most` worked options of a set (the shifts of one type);
//! - least and most minutes worked over the horizon;
//! - runs of working days at most `max_run` long, and at least `min_run` long, and runs of days
//!   off at least `min_off` long, where a run touching the start or end of the horizon is exempt
//!   from its least length;
//! - at most `max_weekends` weekends touched.
//!
//! [`DayRules::cheapest`] finds the least-cost schedule exactly: labels are partial schedules
//! up to a day, grouped by what the rules still need to know (what the last option bans on the
//! next day, the length of the current run and whether it is long enough, minutes worked, the
//! weekend being worked); within a group a label is dropped when another costs no more and has
//! used no more of any tracked cap and of the weekends. Labels that cannot finish below the
//! bound asked for, or cannot reach the least minutes any more, are pruned. Caps are tracked
//! only once the cheapest schedule breaks them (decremental state-space relaxation): on Curtois
//! Instance 8 that made the root converge in 3 s instead of not in 49 s. A call gives up at a
//! deadline or beyond [`MAX_LABELS`] labels, and the caller prices another way. Free of solver
//! types; the caller checks every schedule against the model itself.

use rustc_hash::FxHashMap as HashMap;
use std::time::Instant;

/// One person's options and day-shaped rules.
#[derive(Debug, Clone)]
pub struct DayRules {
    /// The staff member.
    pub owner: usize,
    /// Days of the horizon.
    pub days: usize,
    /// The options, sorted by day.
    pub options: Vec<DayOption>,
    /// Pairs of options `(a, b)` with `b` on the day after `a` that may not both be worked.
    pub conflicts: Vec<(usize, usize)>,
    /// Most worked options counted by each cap ([`DayOption::caps`]).
    pub caps: Vec<u32>,
    /// Least minutes worked over the horizon.
    pub min_minutes: u32,
    /// Most minutes worked over the horizon.
    pub max_minutes: u32,
    /// Longest run of working days.
    pub max_run: Option<u32>,
    /// Shortest run of working days not touching the horizon's edges.
    pub min_run: Option<u32>,
    /// Shortest run of days off not touching the horizon's edges.
    pub min_off: Option<u32>,
    /// Most weekends touched.
    pub max_weekends: Option<u32>,
}

/// A shift the person may work.
#[derive(Debug, Clone)]
pub struct DayOption {
    /// Its assignment column in the model.
    pub column: usize,
    /// The day it starts on, from the horizon start.
    pub day: usize,
    /// Paid minutes.
    pub minutes: u32,
    /// The weekend it touches (any number that is the same for one weekend and grows with time).
    pub weekend: Option<i64>,
    /// The caps it counts towards.
    pub caps: Vec<usize>,
    /// Other model columns that are 1 exactly when this option is worked (a met request).
    pub with: Vec<usize>,
}

/// The cheapest schedule: its cost and the options it works.
#[derive(Debug, Clone, PartialEq)]
pub struct Cheapest {
    /// Sum of the costs of the options worked.
    pub cost: f64,
    /// Indices into [`DayRules::options`], by day.
    pub options: Vec<usize>,
}

/// Most caps that can bind in one person's rules (one per shift type).
pub const MAX_CAPS: usize = 32;

const OFF: u32 = u32::MAX;
const ROOT: u32 = u32::MAX;

/// A partial schedule up to some day.
#[derive(Debug, Clone, Copy)]
struct Label {
    cost: f64,
    parent: u32,
    /// Option worked on the label's day, or [`OFF`].
    option: u32,
    weekends: u16,
}

/// The part of a partial schedule that the day-to-day rules look at: what the last day's option
/// bans on the next day, and the current run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Shape {
    /// Class ([`Walk::class`]) of the option worked on the last day, or [`OFF`].
    last: u32,
    /// Length of the current run (of working days or days off), capped where it stops mattering.
    run: u16,
    /// The current run is already long enough (or exempt, from the horizon start).
    long_enough: bool,
}

/// What the rules still need to know about a partial schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    shape: Shape,
    minutes: u32,
    /// The weekend already counted that later options may still touch.
    open_weekend: Option<i64>,
}

/// One call's view of the rules: the options open on each day and the day-to-day transitions.
struct Walk<'r> {
    rules: &'r DayRules,
    /// Open options of each day (finite cost; only the forced one on a day with one).
    on_day: Vec<Vec<usize>>,
    /// The day has a forced option.
    must: Vec<bool>,
    /// Options of the same class ban the same options on the next day: a label only needs to
    /// know the class of its last option (Curtois Instance 13's 18 shift types make 7 classes).
    class: Vec<u32>,
    /// Options that may not follow an option of each class on the next day.
    banned: Vec<Vec<u32>>,
    /// Classes of the open options of each day.
    classes_on_day: Vec<Vec<u32>>,
    work_cap: u16,
    off_cap: u16,
}

impl Walk<'_> {
    /// The shape after a day with `choice` (an option, or `None` for a day off) that follows
    /// `shape` (`None` before the first day); `None` if the rules forbid it. A run starting on the
    /// first day is exempt from its least length; one reaching the last day needs no check.
    fn step(&self, shape: Option<Shape>, choice: Option<usize>) -> Option<Shape> {
        let r = self.rules;
        let Some(shape) = shape else {
            let last = choice.map_or(OFF, |o| self.class[o]);
            return Some(Shape { last, run: 1, long_enough: true });
        };
        let worked_before = shape.last != OFF;
        match choice {
            None => match worked_before {
                true => shape.long_enough.then(|| Shape {
                    last: OFF,
                    run: 1,
                    long_enough: r.min_off.map_or(true, |k| k <= 1),
                }),
                false => {
                    let run = shape.run + 1;
                    let long_enough = shape.long_enough || r.min_off.map_or(true, |k| u32::from(run) >= k);
                    Some(Shape { last: OFF, run: run.min(self.off_cap), long_enough })
                }
            },
            Some(o) => match worked_before {
                false => shape.long_enough.then(|| Shape {
                    last: self.class[o],
                    run: 1,
                    long_enough: r.min_run.map_or(true, |k| k <= 1),
                }),
                true => {
                    if self.banned[shape.last as usize].contains(&(o as u32)) {
                        return None;
                    }
                    let run = shape.run + 1;
                    if r.max_run.is_some_and(|m| u32::from(run) > m) {
                        return None;
                    }
                    let long_enough = shape.long_enough || r.min_run.map_or(true, |k| u32::from(run) >= k);
                    Some(Shape { last: self.class[o], run: run.min(self.work_cap), long_enough })
                }
            },
        }
    }

    /// The choices of day `d`: a day off unless an option is forced, and the open options.
    fn choices(&self, d: usize) -> impl Iterator<Item = Option<usize>> + '_ {
        let off = (!self.must[d]).then_some(None);
        off.into_iter().chain(self.on_day[d].iter().map(|&o| Some(o)))
    }

    /// Index of `shape` among the shapes possible after day `d`.
    fn index(&self, d: usize, shape: Shape) -> usize {
        let slot = match shape.last {
            OFF => 0,
            c => 1 + self.classes_on_day[d].iter().position(|&p| p == c).unwrap_or(0),
        };
        let cap = usize::from(self.work_cap.max(self.off_cap));
        (slot * (cap + 1) + usize::from(shape.run)) * 2 + usize::from(shape.long_enough)
    }

    /// For every day `d` and shape after it, the least cost and the most minutes of the days
    /// after `d` under the day-to-day rules alone (minutes, caps and weekends left out): what a
    /// label of that shape can still add at best.
    fn bounds(&self, cost: &[f64]) -> Vec<Vec<(f64, u32)>> {
        let days = self.on_day.len();
        let cap = usize::from(self.work_cap.max(self.off_cap));
        let size = |d: usize| (1 + self.classes_on_day[d].len()) * (cap + 1) * 2;
        let mut after: Vec<Vec<(f64, u32)>> = (0..days).map(|d| vec![(f64::INFINITY, 0); size(d)]).collect();
        if days == 0 {
            return after;
        }
        after[days - 1].iter_mut().for_each(|v| *v = (0.0, 0));
        for d in (0..days - 1).rev() {
            let lasts = std::iter::once(OFF).chain(self.classes_on_day[d].iter().copied());
            for last in lasts {
                for run in 1..=cap as u16 {
                    for long_enough in [false, true] {
                        let shape = Shape { last, run, long_enough };
                        let mut best = (f64::INFINITY, 0);
                        for c in self.choices(d + 1) {
                            let Some(next) = self.step(Some(shape), c) else { continue };
                            let (cost_after, minutes_after) = after[d + 1][self.index(d + 1, next)];
                            if cost_after == f64::INFINITY {
                                continue;
                            }
                            let (c_cost, c_minutes) = c.map_or((0.0, 0), |o| (cost[o], self.rules.options[o].minutes));
                            best.0 = f64::min(best.0, c_cost + cost_after);
                            best.1 = best.1.max(c_minutes.saturating_add(minutes_after));
                        }
                        let i = self.index(d, shape);
                        after[d][i] = best;
                    }
                }
            }
        }
        after
    }
}

impl DayRules {
    /// The cheapest schedule whose cost is below `below`, given each option's cost (an infinite
    /// cost bars the option) and the options that must be worked; `None` when every schedule
    /// costs `below` or more, or there is none. Gives up at `deadline` or beyond [`MAX_LABELS`]
    /// labels in a pass.
    pub fn cheapest(
        &self,
        cost: &[f64],
        forced: &[bool],
        below: f64,
        deadline: Option<Instant>,
    ) -> Result<Option<Cheapest>, GaveUp> {
        let days = self.days;
        let mut must: Vec<Option<usize>> = vec![None; days];
        for (o, option) in self.options.iter().enumerate() {
            if forced[o] {
                if option.day >= days || !cost[o].is_finite() || must[option.day].is_some() {
                    return Ok(None);
                }
                must[option.day] = Some(o);
            }
        }
        let mut on_day: Vec<Vec<usize>> = vec![Vec::new(); days];
        for (o, option) in self.options.iter().enumerate() {
            if option.day < days && cost[o].is_finite() && must[option.day].map_or(true, |m| m == o) {
                on_day[option.day].push(o);
            }
        }
        let mut bans: Vec<Vec<u32>> = vec![Vec::new(); self.options.len()];
        for &(a, b) in &self.conflicts {
            bans[a].push(b as u32);
        }
        // Options that ban the same options share a class.
        let (mut class, mut banned) = (Vec::with_capacity(bans.len()), Vec::new());
        let mut class_of: HashMap<Vec<u32>, u32> = HashMap::default();
        for mut b in bans {
            b.sort_unstable();
            b.dedup();
            let next = banned.len() as u32;
            let c = *class_of.entry(b.clone()).or_insert(next);
            if c == next {
                banned.push(b);
            }
            class.push(c);
        }
        let classes_on_day: Vec<Vec<u32>> = on_day
            .iter()
            .map(|options| {
                let mut c: Vec<u32> = options.iter().map(|&o| class[o]).collect();
                c.sort_unstable();
                c.dedup();
                c
            })
            .collect();
        let work_cap =
            self.max_run.unwrap_or(1).max(self.min_run.unwrap_or(1)).max(1).min(u32::from(u16::MAX - 1)) as u16;
        let off_cap = self.min_off.unwrap_or(1).max(1).min(u32::from(u16::MAX - 1)) as u16;
        let walk = Walk {
            rules: self,
            must: must.iter().map(Option::is_some).collect(),
            on_day,
            class,
            banned,
            classes_on_day,
            work_cap,
            off_cap,
        };
        // What the remaining days can still add, by shape: least cost and most minutes.
        let after = walk.bounds(cost);
        let mut weekend_ends: HashMap<i64, usize> = HashMap::default();
        for option in &self.options {
            if let Some(w) = option.weekend {
                let end = weekend_ends.entry(w).or_insert(option.day);
                *end = (*end).max(option.day);
            }
        }
        // Caps that can bind: more options than the cap allows.
        let mut counted = vec![0u32; self.caps.len()];
        for option in &self.options {
            for &c in &option.caps {
                counted[c] += 1;
            }
        }
        let can_bind: Vec<bool> = self.caps.iter().zip(&counted).map(|(&most, &n)| n > most).collect();
        let search = Search { rules: self, walk, after, cost, weekend_ends, deadline };
        // A first pass keeping one label per group, every cap counted, finds a schedule fast;
        // its cost bounds the exact passes, which prune everything that cannot beat it.
        let quick = search.run(below, &Tracked::of(&can_bind)?, false)?;
        let below = quick.as_ref().map_or(below, |q| below.min(q.cost + 1e-9 * q.cost.abs().max(1.0)));
        // Decremental state-space relaxation: the exact pass tracks only the caps that the
        // cheapest schedule found so far breaks. Leaving a cap out can only make schedules
        // cheaper, so a schedule that keeps every cap is the cheapest of all; one that breaks
        // some adds them and the pass runs again. Few caps ever need tracking, and each tracked
        // cap multiplies the labels a group may keep.
        let mut tracked = vec![false; self.caps.len()];
        loop {
            let Some(found) = search.run(below, &Tracked::of(&tracked)?, true)? else { return Ok(quick) };
            let mut used = vec![0u32; self.caps.len()];
            for &o in &found.options {
                for &c in &self.options[o].caps {
                    used[c] += 1;
                }
            }
            let broken: Vec<usize> = (0..self.caps.len()).filter(|&c| used[c] > self.caps[c]).collect();
            if broken.is_empty() {
                return Ok(Some(found));
            }
            for c in broken {
                tracked[c] = true;
            }
        }
    }
}

/// Labelling stopped before it finished: the deadline passed, or the labels outgrew
/// [`MAX_LABELS`]. The caller prices the person some other way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GaveUp;

/// Most labels one pass may create (each takes 24 bytes and 2 per tracked cap).
pub const MAX_LABELS: usize = 4_000_000;

/// The caps a pass counts: each cap's place among the counted ones.
struct Tracked {
    place: Vec<Option<usize>>,
    width: usize,
}

impl Tracked {
    /// The caps marked in `counted`; gives up beyond [`MAX_CAPS`].
    fn of(counted: &[bool]) -> Result<Tracked, GaveUp> {
        let mut width = 0;
        let place = counted
            .iter()
            .map(|&c| {
                c.then(|| {
                    width += 1;
                    width - 1
                })
            })
            .collect();
        match width <= MAX_CAPS {
            true => Ok(Tracked { place, width }),
            false => Err(GaveUp),
        }
    }
}

/// One call's data for the labelling passes.
struct Search<'r> {
    rules: &'r DayRules,
    walk: Walk<'r>,
    after: Vec<Vec<(f64, u32)>>,
    cost: &'r [f64],
    weekend_ends: HashMap<i64, usize>,
    deadline: Option<Instant>,
}

impl Search<'_> {
    /// The labelling pass: the cheapest schedule below `below` that keeps the caps `tracked`
    /// (`exact`: with full dominance; else one label per group, a heuristic).
    fn run(&self, below: f64, tracked: &Tracked, exact: bool) -> Result<Option<Cheapest>, GaveUp> {
        let Search { rules, walk, after, cost, weekend_ends, deadline } = self;
        let (walk, cost, width, binding) = (walk, *cost, tracked.width, &tracked.place);
        let this = *rules;
        let days = this.days;
        let mut labels: Vec<Label> = Vec::new();
        let mut counts: Vec<u16> = Vec::new();
        let mut current: HashMap<Key, Vec<u32>> = HashMap::default();
        for d in 0..days {
            if labels.len() > MAX_LABELS || deadline.is_some_and(|t| Instant::now() >= t) {
                return Err(GaveUp);
            }
            let mut next: HashMap<Key, Vec<u32>> = HashMap::default();
            let parents: Vec<(Option<Key>, u32)> = match d {
                0 => vec![(None, ROOT)],
                _ => current.iter().flat_map(|(k, ls)| ls.iter().map(move |&l| (Some(*k), l))).collect(),
            };
            for (key, parent) in parents {
                let (parent_cost, parent_weekends) = match parent {
                    ROOT => (0.0, 0),
                    p => (labels[p as usize].cost, labels[p as usize].weekends),
                };
                let mut parent_counts = [0u16; MAX_CAPS];
                if parent != ROOT {
                    let p = parent as usize;
                    parent_counts[..width].copy_from_slice(&counts[p * width..(p + 1) * width]);
                }
                let parent_counts = &parent_counts[..width];
                let (minutes, open_weekend) = key.map_or((0, None), |k| (k.minutes, k.open_weekend));
                for choice in walk.choices(d) {
                    let Some(shape) = walk.step(key.map(|k| k.shape), choice) else { continue };
                    let label_cost = parent_cost + choice.map_or(0.0, |o| cost[o]);
                    let (cost_after, minutes_after) = after[d][walk.index(d, shape)];
                    if label_cost + cost_after >= below {
                        continue;
                    }
                    let mut new_counts = [0u16; MAX_CAPS];
                    new_counts[..width].copy_from_slice(parent_counts);
                    let new_counts = &mut new_counts[..width];
                    let (mut minutes, mut weekends, mut open_weekend) = (minutes, parent_weekends, open_weekend);
                    if let Some(o) = choice {
                        let option = &this.options[o];
                        minutes += option.minutes;
                        if minutes > this.max_minutes {
                            continue;
                        }
                        let mut over = false;
                        for &c in &option.caps {
                            if let Some(i) = binding[c] {
                                new_counts[i] += 1;
                                over |= u32::from(new_counts[i]) > this.caps[c];
                            }
                        }
                        if over {
                            continue;
                        }
                        if let Some(w) = option.weekend.filter(|&w| open_weekend != Some(w)) {
                            weekends += 1;
                            if this.max_weekends.is_some_and(|m| u32::from(weekends) > m) {
                                continue;
                            }
                            open_weekend = Some(w);
                        }
                    }
                    if minutes.saturating_add(minutes_after) < this.min_minutes {
                        continue;
                    }
                    let open_weekend = open_weekend.filter(|w| weekend_ends.get(w).is_some_and(|&e| e > d));
                    let label = Label { cost: label_cost, parent, option: choice.map_or(OFF, |o| o as u32), weekends };
                    let k = Key { shape, minutes, open_weekend };
                    insert(&mut next, &mut labels, &mut counts, k, label, new_counts, exact);
                }
            }
            current = next;
        }
        let best = match days {
            0 => return Ok((this.min_minutes == 0 && 0.0 < below).then(|| Cheapest { cost: 0.0, options: Vec::new() })),
            _ => current
                .iter()
                .filter(|(k, _)| k.minutes >= this.min_minutes)
                .flat_map(|(_, ls)| ls.iter().copied())
                .min_by(|&a, &b| labels[a as usize].cost.total_cmp(&labels[b as usize].cost)),
        };
        let Some(best) = best else { return Ok(None) };
        let mut options = Vec::new();
        let mut at = best;
        while at != ROOT {
            let label = labels[at as usize];
            if label.option != OFF {
                options.push(label.option as usize);
            }
            at = label.parent;
        }
        options.reverse();
        Ok(Some(Cheapest { cost: labels[best as usize].cost, options }))
    }
}

/// Adds `label` to its group unless a label there dominates it (costs no more, and has used no
/// more weekends and of no cap), dropping the labels it dominates.
fn insert(
    groups: &mut HashMap<Key, Vec<u32>>,
    labels: &mut Vec<Label>,
    counts: &mut Vec<u16>,
    key: Key,
    label: Label,
    label_counts: &[u16],
    exact: bool,
) {
    let width = label_counts.len();
    let group = groups.entry(key).or_default();
    if !exact {
        match group.first() {
            Some(&l) if labels[l as usize].cost <= label.cost => return,
            Some(_) => group.clear(),
            None => {}
        }
    }
    let counts_of = |l: u32| &counts[l as usize * width..(l as usize + 1) * width];
    let no_more = |a: &[u16], b: &[u16]| a.iter().zip(b).all(|(x, y)| x <= y);
    let dominated = group.iter().any(|&l| {
        let other = labels[l as usize];
        other.cost <= label.cost && other.weekends <= label.weekends && no_more(counts_of(l), label_counts)
    });
    if dominated {
        return;
    }
    group.retain(|&l| {
        let other = labels[l as usize];
        !(label.cost <= other.cost && label.weekends <= other.weekends && no_more(label_counts, counts_of(l)))
    });
    group.push(labels.len() as u32);
    labels.push(label);
    counts.extend_from_slice(label_counts);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One option a day on `days` days, each of `minutes` and no weekend.
    fn daily(days: usize, minutes: u32) -> DayRules {
        DayRules {
            owner: 0,
            days,
            options: (0..days)
                .map(|d| DayOption { column: d, day: d, minutes, weekend: None, caps: Vec::new(), with: Vec::new() })
                .collect(),
            conflicts: Vec::new(),
            caps: Vec::new(),
            min_minutes: 0,
            max_minutes: u32::MAX,
            max_run: None,
            min_run: None,
            min_off: None,
            max_weekends: None,
        }
    }

    /// `n` options, `each` a day, of `minutes`, option `k` counted by the caps `caps(k)`.
    fn per_day(n: usize, each: usize, minutes: u32, caps: impl Fn(usize) -> Vec<usize>) -> Vec<DayOption> {
        (0..n)
            .map(|k| DayOption { column: k, day: k / each, minutes, weekend: None, caps: caps(k), with: Vec::new() })
            .collect()
    }

    fn cheapest(rules: &DayRules, cost: &[f64]) -> Option<Cheapest> {
        rules.cheapest(cost, &vec![false; cost.len()], f64::INFINITY, None).unwrap()
    }

    #[test]
    fn longest_run_splits_the_days() {
        // Five days worth 1 each, at most 3 in a row: 4 days, the day off inside (on day 0 or 4
        // it would leave 4 in a row).
        let mut rules = daily(5, 60);
        rules.max_run = Some(3);
        let best = cheapest(&rules, &[-1.0; 5]).unwrap();
        assert_eq!(best.cost, -4.0);
        let off: Vec<usize> = (0..5).filter(|d| !best.options.contains(d)).collect();
        assert!(off.len() == 1 && (1..=3).contains(&off[0]), "{best:?}");
    }

    #[test]
    fn days_off_come_in_pairs_except_at_the_edges() {
        // As above with days off in runs of at least 2: 3 on then 2 off (or 2 off then 3 on,
        // or 1 on, 2 off, 2 on) all work 3 days; no schedule works 4 (its day off would be alone).
        let mut rules = daily(5, 60);
        rules.max_run = Some(3);
        rules.min_off = Some(2);
        assert_eq!(cheapest(&rules, &[-1.0; 5]).unwrap().cost, -3.0);
        // Without the longest run, working all 5 days has no day off at all.
        rules.max_run = None;
        assert_eq!(cheapest(&rules, &[-1.0; 5]).unwrap().cost, -5.0);
        // A lone day off at the start or the end of the horizon is exempt.
        assert_eq!(cheapest(&rules, &[5.0, -1.0, -1.0, -1.0, -1.0]).unwrap().options, vec![1, 2, 3, 4]);
        assert_eq!(cheapest(&rules, &[-1.0, -1.0, -1.0, -1.0, 5.0]).unwrap().options, vec![0, 1, 2, 3]);
    }

    #[test]
    fn short_working_runs_only_at_the_edges() {
        // Days 0, 2 and 4 pay, 1 and 3 cost 5. Runs of at least 2 working days: day 2 alone is
        // an inner run of 1; days 0 and 4 alone touch the edges. Best: days 0 and 4 (-2), ahead of
        // days 0, 1, 2 (+3) or everything (+7).
        let mut rules = daily(5, 60);
        rules.min_run = Some(2);
        let best = cheapest(&rules, &[-1.0, 5.0, -1.0, 5.0, -1.0]).unwrap();
        assert_eq!((best.cost, best.options), (-2.0, vec![0, 4]));
        // Without the rule, all three.
        rules.min_run = None;
        assert_eq!(cheapest(&rules, &[-1.0, 5.0, -1.0, 5.0, -1.0]).unwrap().cost, -3.0);
    }

    #[test]
    fn weekends_count_once_across_saturday_and_sunday() {
        // Days 5, 6 are weekend 5 and days 12, 13 weekend 12; at most one weekend. Weekend days
        // pay 3, weekdays 1: the best works every weekday and both days of one weekend.
        let mut rules = daily(14, 60);
        for o in &mut rules.options {
            o.weekend = matches!(o.day % 7, 5 | 6).then(|| (o.day - o.day % 7 + 5) as i64);
        }
        rules.max_weekends = Some(1);
        let cost: Vec<f64> = (0..14).map(|d| if matches!(d % 7, 5 | 6) { -3.0 } else { -1.0 }).collect();
        let best = cheapest(&rules, &cost).unwrap();
        assert_eq!(best.cost, -10.0 - 6.0);
        assert_eq!(best.options.len(), 12);
    }

    #[test]
    fn conflicts_caps_and_minutes() {
        // Two options a day (early 0..4 on even indices, late on odd), 3 days. A late may not be
        // followed by an early; at most 1 late; at least 3 shifts of 480 minutes.
        let mut rules = daily(3, 480);
        rules.options = per_day(6, 2, 480, |k| if k % 2 == 1 { vec![0] } else { Vec::new() });
        rules.conflicts = vec![(1, 2), (3, 4)];
        rules.caps = vec![1];
        rules.min_minutes = 3 * 480;
        // Lates pay 10, earlies cost 1: one late only, and not before an early: the late goes last.
        let cost = [1.0, -10.0, 1.0, -10.0, 1.0, -10.0];
        let best = cheapest(&rules, &cost).unwrap();
        assert_eq!((best.cost, best.options), (-8.0, vec![0, 2, 5]));
        // Working every day is needed: with day 1 barred nothing reaches the minutes.
        let mut barred = cost;
        barred[2] = f64::INFINITY;
        barred[3] = f64::INFINITY;
        assert_eq!(cheapest(&rules, &barred), None);
        // Forcing the late on day 0 puts earlies after it out of reach, and lates beyond the cap.
        let mut forced = vec![false; 6];
        forced[1] = true;
        assert_eq!(rules.cheapest(&cost, &forced, f64::INFINITY, None), Ok(None));
        // A bound below the best leaves nothing; just above it, the best.
        assert_eq!(rules.cheapest(&cost, &[false; 6], -8.0, None), Ok(None));
        assert_eq!(rules.cheapest(&cost, &[false; 6], -7.5, None).unwrap().unwrap().cost, -8.0);
    }

    #[test]
    fn caps_broken_by_the_relaxation_are_tracked_until_none_is() {
        // Three days with three options each: X (cap 0: at most 1) pays 10, Y (cap 1: at most 1)
        // pays 6, Z (no cap) pays 1. Leaving the caps out, X X X (-30) breaks cap 0; tracking
        // it, X Y Y (-22) breaks cap 1; tracking both, one X, one Y and one Z: -17.
        let mut rules = daily(3, 60);
        rules.options = per_day(9, 3, 60, |k| match k % 3 {
            0 => vec![0],
            1 => vec![1],
            _ => Vec::new(),
        });
        rules.caps = vec![1, 1];
        let cost: Vec<f64> = (0..9).map(|k| [-10.0, -6.0, -1.0][k % 3]).collect();
        let best = cheapest(&rules, &cost).unwrap();
        assert_eq!(best.cost, -17.0);
        let kinds: Vec<usize> = best.options.iter().map(|o| o % 3).collect();
        assert_eq!(kinds.iter().filter(|&&k| k == 0).count(), 1, "{best:?}");
        assert_eq!(kinds.iter().filter(|&&k| k == 1).count(), 1, "{best:?}");
    }

    #[test]
    fn caps_keep_the_labels_that_have_used_less() {
        // Four days, one option a day, all counted by a cap of 2: days 0 and 1 pay 1, days 2 and
        // 3 pay 5. A label that took the cheap days early must not hide one that saved the cap.
        let mut rules = daily(4, 60);
        for o in &mut rules.options {
            o.caps = vec![0];
        }
        rules.caps = vec![2];
        let best = cheapest(&rules, &[-1.0, -1.0, -5.0, -5.0]).unwrap();
        assert_eq!((best.cost, best.options), (-10.0, vec![2, 3]));
    }
}

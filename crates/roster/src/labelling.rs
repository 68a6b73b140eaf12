//! Cheapest schedule of one person over days, by dynamic programming with labels (resource-constrained
//! labelling: the pricing problem of column generation (`backend/decompose.rs`) for people whose
//! rules are all day-shaped: every person of the Curtois & Qu benchmark, and the Nordic pool
//! member under the working-time presets (rest, weekly rest, hours per 7-day period and
//! averaging block, nights, weekends, bookings).
//!
//! A schedule works at most one option (a candidate shift, one model column) a day. The rules
//! are [`crate::formulation`]'s for such a person, restated over days:
//! - conflicts: pairs of options on consecutive days that may not both be worked (a shift type
//!   that may not follow another, or too little rest between them);
//! - caps: at most `most` worked options of a set (the shifts of one type), and windows: at most
//!   `most` minutes worked on a range of days (a 7-day period, an averaging block);
//! - least and most minutes worked over the horizon;
//! - runs of working days at most `max_run` long, and at least `min_run` long, and runs of days
//!   off at least `min_off` long, where a run touching the start or end of the horizon is exempt
//!   from its least length; runs of night shifts at most `max_nights` long;
//! - at most `max_weekends` weekends touched;
//! - weekly rest: in each listed 7-day period, an interval of the given length that no worked
//!   shift overlaps (it lies between two worked shifts, or between one and the period's edge);
//! - bookings: shifts already booked are worked on their days, at no cost, and count towards
//!   every rule like an option.
//!
//! [`DayRules::cheapest`] finds the least-cost schedule exactly: labels are partial schedules
//! up to a day, grouped by what the rules still need to know (what the last option bans on the
//! next day, the length of the current run and night run and whether it is long enough, minutes
//! worked when a least number of minutes must be reached, the weekend being worked, and while
//! the week's rest is still missing, where the free time began); within a group a label is
//! dropped when another costs no more and has used no more minutes, of any tracked cap or window
//! and of the weekends. A group's labels share their key, so a day's choices after them (the
//! shape each leads to, what the days after can still add, the group it joins) are worked out
//! once per group, and a group keeps what dominance compares beside each label's number: on
//! Curtois Instance 15 root column generation took 43 s instead of 77 s. Labels that cannot finish
//! below the bound asked for, or cannot reach the least minutes any more, are pruned. Caps and
//! windows are tracked only once the cheapest schedule breaks them (decremental state-space
//! relaxation): on Curtois Instance 8 that made the root converge in 3 s instead of not in 49 s.
//! A call gives up at a deadline or beyond [`MAX_LABELS`] labels, and the caller prices another
//! way. Free of solver types; the caller checks every schedule against the model itself.

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
    /// Longest run of days with a night shift.
    pub max_nights: Option<u32>,
    /// Most minutes worked on ranges of days (7-day periods, averaging blocks shorter than the
    /// horizon).
    pub windows: Vec<Window>,
    /// Weekly rest, in the periods where the model asks for it.
    pub weekly_rest: Option<WeeklyRest>,
    /// Shifts already booked, not model columns: worked whatever the costs, at no cost, and
    /// counted by every rule like an option (their `column` means nothing).
    pub booked: Vec<DayOption>,
}

/// At most `most` minutes worked on the days `from..to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// First day.
    pub from: usize,
    /// The day after the last.
    pub to: usize,
    /// Most minutes.
    pub most: u32,
}

/// Weekly rest: in each period, `seconds` in a row that no worked shift overlaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyRest {
    /// Length of the rest.
    pub seconds: i64,
    /// The periods that need one, in time order.
    pub periods: Vec<RestPeriod>,
}

/// Seven days from `first_day`, from the instant `start` to the instant `end` (seconds, as
/// option start and end times).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestPeriod {
    /// First day of the period.
    pub first_day: usize,
    /// When the period starts.
    pub start: i64,
    /// When it ends.
    pub end: i64,
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
    /// When it starts (seconds; only the weekly rest looks at the times).
    pub start: i64,
    /// When it ends.
    pub end: i64,
    /// A night shift (for the longest run of nights).
    pub night: bool,
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

/// What labelling within a beam found ([`DayRules::heuristic`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Beamed {
    /// The schedule, `None` when the beam lost every schedule that keeps the rules (or there is
    /// none).
    pub found: Option<Cheapest>,
    /// Whether the beam left no label out: then `found` is the cheapest schedule.
    pub exact: bool,
}

/// Most caps and windows that one pass may track (one per shift type and 7-day period).
pub const MAX_CAPS: usize = 32;

const OFF: u32 = u32::MAX;
const ROOT: u32 = u32::MAX;

/// A partial schedule up to some day, as the label store keeps it: the way back. What it costs
/// and has used (its [`Member`]) lives in its group, where dominance compares it; the store has
/// millions of labels, so it keeps only what tracing a schedule back needs.
#[derive(Debug, Clone, Copy)]
struct Label {
    parent: u32,
    /// Option worked on the label's day, or [`OFF`].
    option: u32,
}

/// The part of a partial schedule that the day-to-day rules look at: what the last day's option
/// bans on the next day, and the current runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Shape {
    /// Class ([`Walk::class`]) of the option worked on the last day, or [`OFF`].
    last: u32,
    /// Length of the current run (of working days or days off), capped where it stops mattering.
    run: u16,
    /// The current run is already long enough (or exempt, from the horizon start).
    long_enough: bool,
    /// Length of the current run of nights (0 unless nights are limited).
    nights: u16,
}

/// What the rules still need to know about a partial schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    shape: Shape,
    /// Minutes worked, when a least number must be reached (else 0: fewer minutes dominate).
    minutes: u32,
    /// The weekend already counted that later options may still touch.
    open_weekend: Option<i64>,
    /// In a period that still lacks its weekly rest: when the free time so far began.
    rest: Option<i64>,
}

/// One call's view of the rules: the options open on each day and the day-to-day transitions.
struct Walk<'r> {
    rules: &'r DayRules,
    /// The person's options followed by the bookings.
    options: &'r [&'r DayOption],
    /// Open options of each day (finite cost; only the forced one on a day with one).
    on_day: Vec<Vec<usize>>,
    /// The day has a forced option.
    must: Vec<bool>,
    /// Options of the same class ban the same options on the next day: a label only needs to
    /// know the class of its last option (Curtois Instance 13's 18 shift types make 7 classes).
    class: Vec<u32>,
    /// Whether an option may not follow an option of each class on the next day, by class then
    /// option.
    banned: Vec<Vec<bool>>,
    /// Classes of the open options of each day.
    classes_on_day: Vec<Vec<u32>>,
    work_cap: u16,
    off_cap: u16,
    night_cap: u16,
}

impl Walk<'_> {
    /// The shape after a day with `choice` (an option, or `None` for a day off) that follows
    /// `shape` (`None` before the first day); `None` if the rules forbid it. A run starting on the
    /// first day is exempt from its least length; one reaching the last day needs no check.
    fn step(&self, shape: Option<Shape>, choice: Option<usize>) -> Option<Shape> {
        let r = self.rules;
        let nights = match choice {
            Some(o) if self.options[o].night && r.max_nights.is_some() => {
                let n = shape.map_or(0, |s| s.nights) + 1;
                if r.max_nights.is_some_and(|m| u32::from(n) > m) {
                    return None;
                }
                n.min(self.night_cap)
            }
            _ => 0,
        };
        let Some(shape) = shape else {
            let last = choice.map_or(OFF, |o| self.class[o]);
            return Some(Shape { last, run: 1, long_enough: true, nights });
        };
        let worked_before = shape.last != OFF;
        match choice {
            None => match worked_before {
                true => shape.long_enough.then(|| Shape {
                    last: OFF,
                    run: 1,
                    long_enough: r.min_off.map_or(true, |k| k <= 1),
                    nights,
                }),
                false => {
                    let run = shape.run + 1;
                    let long_enough = shape.long_enough || r.min_off.map_or(true, |k| u32::from(run) >= k);
                    Some(Shape { last: OFF, run: run.min(self.off_cap), long_enough, nights })
                }
            },
            Some(o) => match worked_before {
                false => shape.long_enough.then(|| Shape {
                    last: self.class[o],
                    run: 1,
                    long_enough: r.min_run.map_or(true, |k| k <= 1),
                    nights,
                }),
                true => {
                    if self.banned[shape.last as usize][o] {
                        return None;
                    }
                    let run = shape.run + 1;
                    if r.max_run.is_some_and(|m| u32::from(run) > m) {
                        return None;
                    }
                    let long_enough = shape.long_enough || r.min_run.map_or(true, |k| u32::from(run) >= k);
                    Some(Shape { last: self.class[o], run: run.min(self.work_cap), long_enough, nights })
                }
            },
        }
    }

    /// The choices of day `d`: a day off unless an option is forced, and the open options.
    fn choices(&self, d: usize) -> impl Iterator<Item = Option<usize>> + '_ {
        let off = (!self.must[d]).then_some(None);
        off.into_iter().chain(self.on_day[d].iter().map(|&o| Some(o)))
    }

    /// Shapes possible after day `d`.
    fn shapes(&self, d: usize) -> usize {
        let cap = usize::from(self.work_cap.max(self.off_cap));
        (1 + self.classes_on_day[d].len()) * (cap + 1) * 2 * (usize::from(self.night_cap) + 1)
    }

    /// Index of `shape` among the shapes possible after day `d`.
    fn index(&self, d: usize, shape: Shape) -> usize {
        let slot = match shape.last {
            OFF => 0,
            c => 1 + self.classes_on_day[d].iter().position(|&p| p == c).unwrap_or(0),
        };
        let cap = usize::from(self.work_cap.max(self.off_cap));
        let runs = (slot * (cap + 1) + usize::from(shape.run)) * 2 + usize::from(shape.long_enough);
        runs * (usize::from(self.night_cap) + 1) + usize::from(shape.nights)
    }

    /// For every day `d` and shape after it, the least cost and the most minutes of the days
    /// after `d` under the day-to-day rules alone (minutes, caps, windows, weekends and weekly
    /// rest left out): what a label of that shape can still add at best.
    fn bounds(&self, cost: &[f64]) -> Vec<Vec<(f64, u32)>> {
        let days = self.on_day.len();
        let cap = self.work_cap.max(self.off_cap);
        let mut after: Vec<Vec<(f64, u32)>> = (0..days).map(|d| vec![(f64::INFINITY, 0); self.shapes(d)]).collect();
        if days == 0 {
            return after;
        }
        after[days - 1].iter_mut().for_each(|v| *v = (0.0, 0));
        for d in (0..days - 1).rev() {
            let lasts = std::iter::once(OFF).chain(self.classes_on_day[d].iter().copied());
            for last in lasts {
                for run in 1..=cap {
                    for long_enough in [false, true] {
                        for nights in 0..=self.night_cap {
                            let shape = Shape { last, run, long_enough, nights };
                            let mut best = (f64::INFINITY, 0);
                            for c in self.choices(d + 1) {
                                let Some(next) = self.step(Some(shape), c) else { continue };
                                let (cost_after, minutes_after) = after[d + 1][self.index(d + 1, next)];
                                if cost_after == f64::INFINITY {
                                    continue;
                                }
                                let (c_cost, c_minutes) = c.map_or((0.0, 0), |o| (cost[o], self.options[o].minutes));
                                best.0 = f64::min(best.0, c_cost + cost_after);
                                best.1 = best.1.max(c_minutes.saturating_add(minutes_after));
                            }
                            let i = self.index(d, shape);
                            after[d][i] = best;
                        }
                    }
                }
            }
        }
        after
    }
}

/// Caps and windows alike: at most `most` of a weighted count (options for a cap, minutes for a
/// window), which stops mattering from day `until` on.
struct Limits {
    most: Vec<u32>,
    until: Vec<usize>,
    /// Per option, the limits it counts towards and by how much.
    counted: Vec<Vec<(usize, u16)>>,
}

/// The weekly rest by day: which period opens on a day, which closes before it, and the end of
/// the period a day lies in.
struct RestCalendar {
    seconds: i64,
    opens: Vec<Option<i64>>,
    closes: Vec<Option<i64>>,
    within: Vec<Option<i64>>,
}

impl RestCalendar {
    fn of(rules: &DayRules) -> RestCalendar {
        let days = rules.days;
        let mut calendar = RestCalendar {
            seconds: 0,
            opens: vec![None; days],
            closes: vec![None; days + 1],
            within: vec![None; days],
        };
        if let Some(w) = &rules.weekly_rest {
            calendar.seconds = w.seconds;
            for p in w.periods.iter().filter(|p| p.first_day + 7 <= days) {
                calendar.opens[p.first_day] = Some(p.start);
                calendar.closes[p.first_day + 7] = Some(p.end);
                calendar.within[p.first_day..p.first_day + 7].iter_mut().for_each(|w| *w = Some(p.end));
            }
        }
        calendar
    }

    /// Whether a period still lacking its rest, free since `rest`, may close at `end`.
    fn closes_well(&self, rest: Option<i64>, end: i64) -> bool {
        rest.map_or(true, |free| end - free >= self.seconds)
    }
}

impl DayRules {
    /// The minutes worked after the first `done` days of the horizon at an even pace towards the
    /// middle of least and most minutes (least minutes alone when there is no most).
    fn pace(&self, done: usize) -> u32 {
        let most = if self.max_minutes == u32::MAX { self.min_minutes } else { self.max_minutes };
        let middle = (u64::from(self.min_minutes) + u64::from(most)) / 2;
        (middle * done as u64 / self.days.max(1) as u64) as u32
    }

    /// Whether the rules are free of calendar rules: weekly rest, hours per period of days,
    /// night runs and bookings (the rules of the Curtois & Qu benchmark are).
    pub fn calendar_free(&self) -> bool {
        self.weekly_rest.as_ref().map_or(true, |w| w.periods.is_empty())
            && self.windows.is_empty()
            && self.max_nights.is_none()
            && self.booked.is_empty()
    }

    /// The cheapest schedule whose cost is below `below`, given each option's cost (an infinite
    /// cost bars the option) and the options that must be worked; `None` when every schedule
    /// costs `below` or more, or there is none. Gives up at `deadline` or beyond [`MAX_LABELS`]
    /// labels in a pass. Bookings are worked in every schedule and never listed in it.
    pub fn cheapest(
        &self,
        cost: &[f64],
        forced: &[bool],
        below: f64,
        deadline: Option<Instant>,
    ) -> Result<Option<Cheapest>, GaveUp> {
        Ok(self.labelled(cost, forced, below, deadline, None, 1)?.into_iter().next())
    }

    /// [`DayRules::cheapest`] and, after it, up to `more` other schedules below `below` that keep
    /// every rule, cheapest first: the schedules the last labelling passes ended with (each the
    /// cheapest of its final group), not the next cheapest of all. Column generation adds them
    /// all where the master wants them: a round then brings several schedules per person, and a
    /// dive step with few people free needs far fewer rounds.
    pub fn cheapest_few(
        &self,
        cost: &[f64],
        forced: &[bool],
        below: f64,
        deadline: Option<Instant>,
        more: usize,
    ) -> Result<Vec<Cheapest>, GaveUp> {
        self.labelled(cost, forced, below, deadline, None, more + 1)
    }

    /// A cheap schedule, not always the cheapest: one pass that keeps the labels no other in
    /// their group dominates and, each day, only `beam` of them (see [`narrow`]; every limit
    /// counted, so the schedule keeps every rule). It costs a bounded amount of work per day
    /// where the exact passes do not: over the 364 days of Curtois Instances 22-24 an exact
    /// pass does not finish in minutes. [`Beamed::found`] is `None` when the beam lost every
    /// schedule that keeps the rules (or there is none); where the beam left no label out it
    /// is the cheapest schedule ([`Beamed::exact`]).
    pub fn heuristic(
        &self,
        cost: &[f64],
        forced: &[bool],
        beam: usize,
        deadline: Option<Instant>,
    ) -> Result<Beamed, GaveUp> {
        let cut = std::cell::Cell::new(false);
        let found = self.labelled(cost, forced, f64::INFINITY, deadline, Some((beam.max(1), &cut)), 1)?;
        Ok(Beamed { found: found.into_iter().next(), exact: !cut.get() })
    }

    /// [`DayRules::cheapest_few`] (`keep` schedules at most), or with a `beam`
    /// [`DayRules::heuristic`].
    fn labelled(
        &self,
        cost: &[f64],
        forced: &[bool],
        below: f64,
        deadline: Option<Instant>,
        beam: Option<(usize, &std::cell::Cell<bool>)>,
        keep: usize,
    ) -> Result<Vec<Cheapest>, GaveUp> {
        let days = self.days;
        let listed = self.options.len();
        let options: Vec<&DayOption> = self.options.iter().chain(&self.booked).collect();
        let cost: Vec<f64> = cost[..listed].iter().copied().chain(self.booked.iter().map(|_| 0.0)).collect();
        let forced: Vec<bool> = forced[..listed].iter().copied().chain(self.booked.iter().map(|_| true)).collect();
        let mut must: Vec<Option<usize>> = vec![None; days];
        for (o, option) in options.iter().enumerate() {
            if forced[o] {
                if option.day >= days || !cost[o].is_finite() || must[option.day].is_some() {
                    return Ok(Vec::new());
                }
                must[option.day] = Some(o);
            }
        }
        let mut on_day: Vec<Vec<usize>> = vec![Vec::new(); days];
        for (o, option) in options.iter().enumerate() {
            if option.day < days && cost[o].is_finite() && must[option.day].map_or(true, |m| m == o) {
                on_day[option.day].push(o);
            }
        }
        let mut bans: Vec<Vec<u32>> = vec![Vec::new(); options.len()];
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
                let mut bars = vec![false; options.len()];
                b.iter().for_each(|&o| bars[o as usize] = true);
                banned.push(bars);
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
        let night_cap = self.max_nights.unwrap_or(0).min(u32::from(u16::MAX - 1)) as u16;
        let walk = Walk {
            rules: self,
            options: &options,
            must: must.iter().map(Option::is_some).collect(),
            on_day,
            class,
            banned,
            classes_on_day,
            work_cap,
            off_cap,
            night_cap,
        };
        // What the remaining days can still add, by shape: least cost and most minutes.
        let after = walk.bounds(&cost);
        let mut weekend_ends: HashMap<i64, usize> = HashMap::default();
        for option in &options {
            if let Some(w) = option.weekend {
                let end = weekend_ends.entry(w).or_insert(option.day);
                *end = (*end).max(option.day);
            }
        }
        // The type caps, then the windows. Without least minutes, the most minutes of the
        // horizon are one more window, tracked like the others only once a schedule breaks
        // them (as a dominance resource on every label they made Nordic pools' labelling 30
        // times slower); with least minutes, the minutes are part of the group's key.
        let horizon = (self.min_minutes == 0 && self.max_minutes < u32::from(u16::MAX)).then_some(Window {
            from: 0,
            to: days,
            most: self.max_minutes,
        });
        let windows: Vec<&Window> = self.windows.iter().chain(&horizon).collect();
        let minutes_rule = match (self.min_minutes > 0, horizon.is_some()) {
            (true, _) => MinutesRule::Keyed,
            (false, true) => MinutesRule::Window,
            (false, false) => MinutesRule::Dominance,
        };
        let limits = Limits {
            most: self.caps.iter().copied().chain(windows.iter().map(|w| w.most)).collect(),
            until: self.caps.iter().map(|_| days).chain(windows.iter().map(|w| w.to)).collect(),
            counted: options
                .iter()
                .map(|option| {
                    let caps = option.caps.iter().map(|&c| (c, 1));
                    let windows = windows.iter().enumerate().filter(|(_, w)| (w.from..w.to).contains(&option.day));
                    let weight = option.minutes.min(u32::from(u16::MAX)) as u16;
                    caps.chain(windows.map(|(k, _)| (self.caps.len() + k, weight))).collect()
                })
                .collect(),
        };
        // Limits that can bind: more to count than they allow.
        let mut counted = vec![0u32; limits.most.len()];
        for (o, list) in limits.counted.iter().enumerate() {
            if options[o].day < days {
                for &(c, weight) in list {
                    counted[c] += u32::from(weight);
                }
            }
        }
        let can_bind: Vec<bool> = limits.most.iter().zip(&counted).map(|(&most, &n)| n > most).collect();
        let rest = RestCalendar::of(self);
        let search = Search {
            rules: self,
            walk,
            after,
            cost: &cost,
            limits: &limits,
            minutes_rule,
            rest,
            weekend_ends,
            deadline,
            beam,
        };
        let listed_only = |found: Cheapest| Cheapest {
            cost: found.cost,
            options: found.options.into_iter().filter(|&o| o < listed).collect(),
        };
        // A first pass keeping one label per group, every limit counted, finds a schedule fast;
        // its cost bounds the exact passes, which prune everything that cannot beat it.
        // With a beam, that pass keeps every label no other in its group dominates (fewer
        // weekends and uses of a limit keep a dearer label alive), as many as the beam allows.
        // Every schedule it ends with keeps every limit.
        let quick = search.run(below, &Tracked::of(&can_bind)?, beam.is_some(), keep)?;
        if beam.is_some() {
            return Ok(quick.into_iter().take(1).map(listed_only).collect());
        }
        let below = quick.first().map_or(below, |q| below.min(q.cost + 1e-9 * q.cost.abs().max(1.0)));
        let broken_limits = |found: &Cheapest| {
            let mut used = vec![0u32; limits.most.len()];
            for &o in &found.options {
                for &(c, weight) in &limits.counted[o] {
                    used[c] += u32::from(weight);
                }
            }
            (0..limits.most.len()).filter(|&c| used[c] > limits.most[c]).collect::<Vec<usize>>()
        };
        // Decremental state-space relaxation: the exact pass tracks only the limits that the
        // cheapest schedule found so far breaks. Leaving a limit out can only make schedules
        // cheaper, so a schedule that keeps every limit is the cheapest of all; one that breaks
        // some adds them and the pass runs again. Few limits ever need tracking, and each tracked
        // one multiplies the labels a group may keep.
        let mut tracked = vec![false; limits.most.len()];
        loop {
            let found = search.run(below, &Tracked::of(&tracked)?, true, keep)?;
            let Some(first) = found.first() else {
                return Ok(quick.into_iter().map(listed_only).collect());
            };
            let broken = broken_limits(first);
            if broken.is_empty() {
                // The cheapest first, then the others that keep every limit (the quick pass's all
                // do, and cost no less).
                let mut all: Vec<Cheapest> =
                    found.into_iter().filter(|f| broken_limits(f).is_empty()).chain(quick).collect();
                all.sort_by(|a, b| a.cost.total_cmp(&b.cost));
                let mut seen = std::collections::HashSet::new();
                all.retain(|f| seen.insert(f.options.clone()));
                all.truncate(keep);
                return Ok(all.into_iter().map(listed_only).collect());
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

/// Most labels one pass may create (each takes 32 bytes and 2 per tracked limit).
pub const MAX_LABELS: usize = 4_000_000;

/// The limits a pass counts: each limit's place among the counted ones.
struct Tracked {
    place: Vec<Option<usize>>,
    width: usize,
}

impl Tracked {
    /// The limits marked in `counted`; gives up beyond [`MAX_CAPS`].
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
    /// Costs of the options and bookings.
    cost: &'r [f64],
    limits: &'r Limits,
    minutes_rule: MinutesRule,
    rest: RestCalendar,
    weekend_ends: HashMap<i64, usize>,
    deadline: Option<Instant>,
    /// Most labels kept after each day, if any (a heuristic pass), and whether it left any out.
    beam: Option<(usize, &'r std::cell::Cell<bool>)>,
}

impl Search<'_> {
    /// The labelling pass: the cheapest schedule below `below` that keeps the limits `tracked`
    /// (`exact`: with full dominance; else one label per group, a heuristic) and after it, up to
    /// `keep` in all, the next cheapest labels it ends with. Their options include the bookings.
    fn run(&self, below: f64, tracked: &Tracked, exact: bool, keep: usize) -> Result<Vec<Cheapest>, GaveUp> {
        let Search { rules, walk, after, cost, limits, minutes_rule, rest, weekend_ends, deadline, beam } = self;
        let (walk, cost, width, binding) = (walk, *cost, tracked.width, &tracked.place);
        let this = *rules;
        let days = this.days;
        let options = walk.options;
        // Per day, the tracked limits that stop mattering from it on (their count restarts).
        let mut expiring: Vec<Vec<usize>> = vec![Vec::new(); days];
        for (c, &until) in limits.until.iter().enumerate() {
            if let (Some(i), true) = (binding[c], until < days) {
                expiring[until].push(i);
            }
        }
        let exact_minutes = *minutes_rule == MinutesRule::Keyed;
        let minutes_dominate = *minutes_rule == MinutesRule::Dominance;
        let mut labels: Vec<Label> = Vec::new();
        let mut counts: Vec<u16> = Vec::new();
        let mut current: HashMap<Key, Vec<Member>> = HashMap::default();
        for d in 0..days {
            if labels.len() > MAX_LABELS || deadline.is_some_and(|t| Instant::now() >= t) {
                return Err(GaveUp);
            }
            let mut next: HashMap<Key, Vec<Member>> =
                HashMap::with_capacity_and_hasher(current.len(), Default::default());
            let root = [Member { cost: 0.0, label: ROOT, minutes: 0, weekends: 0 }];
            let groups: Vec<(Option<Key>, &[Member])> = match d {
                0 => vec![(None, &root[..])],
                _ => current.iter().map(|(k, ms)| (Some(*k), ms.as_slice())).collect(),
            };
            // A group's labels share their shape: the day's choices after it, the shape each
            // leads to and what the days after can still add, worked out once per shape (many
            // groups share one: they differ in minutes, open weekend or weekly rest).
            let mut moves: Vec<(Option<usize>, Shape, f64, u32)> = Vec::new();
            let mut by_shape: Vec<(Option<Shape>, u32, u32)> =
                vec![(None, 0, 0); d.checked_sub(1).map_or(0, |p| walk.shapes(p))];
            for (key, members) in groups {
                let from = key.map(|k| k.shape);
                let slot = match (from, d) {
                    (Some(shape), 1..) => Some(walk.index(d - 1, shape)).filter(|&i| i < by_shape.len()),
                    _ => None,
                };
                let (start, end) = match slot.map(|i| by_shape[i]) {
                    Some((known, start, end)) if known == from => (start as usize, end as usize),
                    _ => {
                        let start = moves.len();
                        moves.extend(walk.choices(d).filter_map(|choice| {
                            let shape = walk.step(from, choice)?;
                            let (cost_after, minutes_after) = after[d][walk.index(d, shape)];
                            Some((choice, shape, cost_after, minutes_after))
                        }));
                        if let Some(i) = slot {
                            by_shape[i] = (from, start as u32, moves.len() as u32);
                        }
                        (start, moves.len())
                    }
                };
                let steps = &moves[start..end];
                // The weekly rest: a period closing before today must have had it (the group's
                // key knows); one opening today is free from its start or from the end of the
                // label's last shift.
                let mut free_since = key.and_then(|k| k.rest);
                if let Some(end) = rest.closes[d] {
                    if !rest.closes_well(free_since, end) {
                        continue;
                    }
                    free_since = None;
                }
                let open_weekend = key.and_then(|k| k.open_weekend);
                for &(choice, shape, cost_after, minutes_after) in steps {
                    let option = choice.map(|o| (o, options[o]));
                    let choice_cost = choice.map_or(0.0, |o| cost[o]);
                    let choice_minutes = option.map_or(0, |(_, option)| option.minutes);
                    // A weekend this option touches first, and the weekend still open after it.
                    let new_weekend = option.and_then(|(_, o)| o.weekend).filter(|&w| open_weekend != Some(w));
                    let open_after =
                        new_weekend.or(open_weekend).filter(|w| weekend_ends.get(w).is_some_and(|&e| e > d));
                    // Labels of one group share their key, and so (but for a weekly rest opening
                    // today, which looks at each label's last shift) the key after this choice:
                    // its group is looked up once.
                    let mut slot: Option<(Key, &mut Vec<Member>)> = None;
                    for member in members {
                        let label_cost = member.cost + choice_cost;
                        if label_cost + cost_after >= below {
                            continue;
                        }
                        let minutes = member.minutes + choice_minutes;
                        if minutes.saturating_add(minutes_after) < this.min_minutes {
                            continue;
                        }
                        let mut weekends = member.weekends;
                        if new_weekend.is_some() {
                            weekends += 1;
                            if this.max_weekends.is_some_and(|m| u32::from(weekends) > m) {
                                continue;
                            }
                        }
                        let mut free_since = free_since;
                        if let Some(start) = rest.opens[d] {
                            let last_end = match member.label {
                                ROOT => i64::MIN,
                                p => match labels[p as usize].option {
                                    OFF => i64::MIN,
                                    o => options[o as usize].end,
                                },
                            };
                            free_since = Some(start.max(last_end));
                        }
                        let mut new_counts = [0u16; MAX_CAPS];
                        if member.label != ROOT {
                            let p = member.label as usize;
                            new_counts[..width].copy_from_slice(&counts[p * width..(p + 1) * width]);
                        }
                        for &i in &expiring[d] {
                            new_counts[i] = 0;
                        }
                        let new_counts = &mut new_counts[..width];
                        if let Some((o, option)) = option {
                            if minutes > this.max_minutes && *minutes_rule != MinutesRule::Window {
                                continue;
                            }
                            let mut over = false;
                            for &(c, weight) in &limits.counted[o] {
                                if let Some(i) = binding[c] {
                                    new_counts[i] = new_counts[i].saturating_add(weight);
                                    over |= u32::from(new_counts[i]) > limits.most[c];
                                }
                            }
                            if over {
                                continue;
                            }
                            if let (Some(free), Some(end)) = (free_since, rest.within[d]) {
                                free_since = match option.start.min(end) - free >= rest.seconds {
                                    true => None,
                                    false => Some(free.max(option.end)),
                                };
                            }
                        }
                        let label = Label { parent: member.label, option: choice.map_or(OFF, |o| o as u32) };
                        let new = Member { cost: label_cost, label: labels.len() as u32, minutes, weekends };
                        let k = Key {
                            shape,
                            minutes: if exact_minutes { minutes } else { 0 },
                            open_weekend: open_after,
                            rest: free_since,
                        };
                        let group = match slot {
                            Some((at, group)) if at == k => group,
                            _ => next.entry(k).or_default(),
                        };
                        insert(group, &mut labels, &mut counts, (new, label), new_counts, exact, minutes_dominate);
                        slot = Some((k, group));
                    }
                }
            }
            if let Some((beam, cut)) = *beam {
                if narrow(&mut next, |shape| after[d][walk.index(d, shape)].0, beam, this.pace(d + 1)) {
                    cut.set(true);
                }
            }
            current = next;
        }
        if days == 0 {
            let empty = (this.min_minutes == 0 && 0.0 < below).then(|| Cheapest { cost: 0.0, options: Vec::new() });
            return Ok(empty.into_iter().collect());
        }
        let mut ends: Vec<&Member> = current
            .iter()
            .filter(|(k, _)| rest.closes[days].map_or(true, |end| rest.closes_well(k.rest, end)))
            .flat_map(|(_, ls)| ls.iter())
            .filter(|m| m.minutes >= this.min_minutes)
            .collect();
        // Cheapest first, ties by label number (the same input gives the same schedules).
        let order = |a: &&Member, b: &&Member| a.cost.total_cmp(&b.cost).then(a.label.cmp(&b.label));
        if ends.len() > keep {
            ends.select_nth_unstable_by(keep, order);
            ends.truncate(keep);
        }
        ends.sort_unstable_by(order);
        let trace = |end: &Member| {
            let mut chosen = Vec::new();
            let mut at = end.label;
            while at != ROOT {
                let label = labels[at as usize];
                if label.option != OFF {
                    chosen.push(label.option as usize);
                }
                at = label.parent;
            }
            chosen.reverse();
            Cheapest { cost: end.cost, options: chosen }
        };
        Ok(ends.into_iter().map(trace).collect())
    }
}

/// Keeps the `beam` labels of `groups` whose cost plus `after` (the least the remaining days can
/// add to a label of that shape) is lowest, ties by the distance of their minutes from `pace`
/// (the minutes an even pace would have worked by now), then by weekends used, then by label
/// number (the same input gives the same schedule). Whether it left any label out.
fn narrow(groups: &mut HashMap<Key, Vec<Member>>, after: impl Fn(Shape) -> f64, beam: usize, pace: u32) -> bool {
    let total: usize = groups.values().map(Vec::len).sum();
    if total <= beam {
        return false;
    }
    // Score, then the tie-breaks in order (see below): distance from the pace, weekends, label.
    let mut scored: Vec<(f64, u32, u16, u32)> = groups
        .iter()
        .flat_map(|(k, ls)| {
            let rest = after(k.shape);
            ls.iter().map(move |m| (m.cost + rest, m.minutes.abs_diff(pace), m.weekends, m.label))
        })
        .collect();
    // Ties (common: at the prices of nobody working many labels cost the same) go to the label
    // nearest an even pace between least and most minutes, then to fewer weekends, then to the
    // older: tied labels are as near a schedule by the bound, and those far ahead of the pace
    // or behind it are nearer the most or the least minutes they must keep. By creation order
    // alone (which follows the hash map's) best responses' quality hung on the layout of the
    // loops: on Curtois Instance 22 from nobody at 60 s, 52,931 in session 23 and 117,278 after
    // sessions 33-34 reordered them, every label's cost unchanged. By pace (session 42), 20-24
    // at 60 s: 9,012, 30,671, 82,799, 59,202, 213,356; by more minutes first (session 41)
    // 10,886, 31,028, 57,014, 69,029, 259,563, which cost 3-4% on 20 in 600-s solves (by pace:
    // 20 5,068, 22 37,377, 23 21,797, each within or below the earlier orders' runs).
    let order = |a: &(f64, u32, u16, u32), b: &(f64, u32, u16, u32)| {
        a.0.total_cmp(&b.0).then((a.1, a.2, a.3).cmp(&(b.1, b.2, b.3)))
    };
    scored.sort_unstable_by(order);
    // Half the beam by score; the other half shared out among the numbers of weekends used, the
    // best of each in turn, fewest weekends first: the cheapest labels work every weekend, and
    // with a cap on weekends and least minutes to reach none of them may finish (Curtois
    // Instance 20's people must work 115 of 182 days on at most 13 of 26 weekends).
    let mut kept: rustc_hash::FxHashSet<u32> = scored[..beam / 2].iter().map(|&(_, _, _, l)| l).collect();
    let mut by_weekends: std::collections::BTreeMap<u16, std::collections::VecDeque<u32>> = Default::default();
    for &(_, _, weekends, l) in &scored[beam / 2..] {
        by_weekends.entry(weekends).or_default().push_back(l);
    }
    while kept.len() < beam && !by_weekends.is_empty() {
        by_weekends.retain(|_, ls| {
            if kept.len() < beam {
                if let Some(l) = ls.pop_front() {
                    kept.insert(l);
                }
            }
            !ls.is_empty()
        });
    }
    groups.retain(|_, ls| {
        ls.retain(|m| kept.contains(&m.label));
        !ls.is_empty()
    });
    true
}

/// How the most minutes of the horizon are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MinutesRule {
    /// Minutes are part of the group key (least minutes must be reached).
    Keyed,
    /// The most minutes are a window, tracked once broken.
    Window,
    /// Fewer minutes dominate (a bound too large for a window's count).
    Dominance,
}

/// A label as its group holds it: what dominance compares, beside the label's number, so that
/// a group is scanned without reaching into the (large) label store.
#[derive(Debug, Clone, Copy)]
struct Member {
    cost: f64,
    label: u32,
    minutes: u32,
    weekends: u16,
}

impl Member {
    /// Costs no more, and has used no more weekends and, with `minutes`, no more minutes.
    fn covers(&self, other: &Member, minutes: bool) -> bool {
        self.cost <= other.cost && self.weekends <= other.weekends && (!minutes || self.minutes <= other.minutes)
    }
}

/// Adds a label (`new` as its group holds it, numbered as the next in the store, and `label` as
/// the store keeps it) to its group unless a label there dominates it (costs no more, and has
/// used no more weekends, of no tracked limit, and with `minutes`, no more minutes), dropping
/// the labels it dominates.
fn insert(
    group: &mut Vec<Member>,
    labels: &mut Vec<Label>,
    counts: &mut Vec<u16>,
    (new, label): (Member, Label),
    label_counts: &[u16],
    exact: bool,
    minutes: bool,
) {
    let width = label_counts.len();
    if !exact {
        match group.first() {
            Some(m) if m.cost <= new.cost => return,
            Some(_) => group.clear(),
            None => {}
        }
    }
    let counts_of = |l: u32| &counts[l as usize * width..(l as usize + 1) * width];
    let no_more = |a: &[u16], b: &[u16]| a.iter().zip(b).all(|(x, y)| x <= y);
    let dominated = group.iter().any(|m| m.covers(&new, minutes) && no_more(counts_of(m.label), label_counts));
    if dominated {
        return;
    }
    group.retain(|m| !(new.covers(m, minutes) && no_more(label_counts, counts_of(m.label))));
    group.push(new);
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
            options: (0..days).map(|d| option(d, d, minutes, Vec::new())).collect(),
            conflicts: Vec::new(),
            caps: Vec::new(),
            min_minutes: 0,
            max_minutes: u32::MAX,
            max_run: None,
            min_run: None,
            min_off: None,
            max_weekends: None,
            max_nights: None,
            windows: Vec::new(),
            weekly_rest: None,
            booked: Vec::new(),
        }
    }

    /// Option `column` on `day`, of `minutes` from 8:00 (seconds from the horizon start), no
    /// weekend, counted by `caps`.
    fn option(column: usize, day: usize, minutes: u32, caps: Vec<usize>) -> DayOption {
        let start = day as i64 * DAY + 8 * HOUR;
        DayOption {
            column,
            day,
            minutes,
            start,
            end: start + i64::from(minutes) * 60,
            night: false,
            weekend: None,
            caps,
            with: Vec::new(),
        }
    }

    const HOUR: i64 = 3600;
    const DAY: i64 = 24 * HOUR;

    /// `n` options, `each` a day, of `minutes`, option `k` counted by the caps `caps(k)`.
    fn per_day(n: usize, each: usize, minutes: u32, caps: impl Fn(usize) -> Vec<usize>) -> Vec<DayOption> {
        (0..n).map(|k| option(k, k / each, minutes, caps(k))).collect()
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
    fn a_few_cheap_schedules_come_cheapest_first_and_each_keeps_the_rules() {
        // As above: below -3.5 only the three schedules with one inner day off (-4 each).
        let mut rules = daily(5, 60);
        rules.max_run = Some(3);
        let few = rules.cheapest_few(&[-1.0; 5], &[false; 5], -3.5, None, 5).unwrap();
        let mut off: Vec<Vec<usize>> =
            few.iter().map(|f| (0..5).filter(|d| !f.options.contains(d)).collect()).collect();
        off.sort();
        assert_eq!(off, vec![vec![1], vec![2], vec![3]], "{few:?}");
        assert!(few.iter().all(|f| f.cost == -4.0));
        // None more asked for: the first of the three alone.
        let one = rules.cheapest_few(&[-1.0; 5], &[false; 5], -3.5, None, 0).unwrap();
        assert_eq!(one, few[..1]);
        // Earlies and lates: every day worked, one late at most, no early after a late. Only
        // E E L (-8) and E E E (+3) keep the rules, and they end in one group (after the last day
        // a late bans nothing), where E E L dominates: it alone comes back. E L L (-19) and
        // L L L (-30) break the cap on lates, which the first exact pass does not count: neither
        // may come back.
        let rules = early_late();
        let cost = [1.0, -10.0, 1.0, -10.0, 1.0, -10.0];
        let few = rules.cheapest_few(&cost, &[false; 6], f64::INFINITY, None, 3).unwrap();
        assert_eq!(few, vec![Cheapest { cost: -8.0, options: vec![0, 2, 5] }]);
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

    /// Two options a day (early 0..4 on even indices, late on odd), 3 days. A late may not be
    /// followed by an early; at most 1 late; at least 3 shifts of 480 minutes.
    fn early_late() -> DayRules {
        let mut rules = daily(3, 480);
        rules.options = per_day(6, 2, 480, |k| if k % 2 == 1 { vec![0] } else { Vec::new() });
        rules.conflicts = vec![(1, 2), (3, 4)];
        rules.caps = vec![1];
        rules.min_minutes = 3 * 480;
        rules
    }

    #[test]
    fn conflicts_caps_and_minutes() {
        let rules = early_late();
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
    fn a_beam_keeps_the_labels_with_weekends_to_spare_or_loses_every_schedule() {
        // Earlies on days 0-2 cost 1, lates pay 10, at most one late, no early after a late, all
        // three days worked (cheapest: E E L, -8).
        let rules = early_late();
        let cost = [1.0, -10.0, 1.0, -10.0, 1.0, -10.0];
        let none = [false; 6];
        // A beam of one keeps the late on day 0 (-10, and -20 still to come by the day rules
        // alone), after which nothing may follow: every schedule is lost, and the beam says it
        // left labels out.
        assert_eq!(rules.heuristic(&cost, &none, 1, None), Ok(Beamed { found: None, exact: false }));
        // A beam of two keeps the early too (two labels a day at most: nothing left out), and
        // finds the cheapest.
        let cheapest = Cheapest { cost: -8.0, options: vec![0, 2, 5] };
        assert_eq!(rules.heuristic(&cost, &none, 2, None), Ok(Beamed { found: Some(cheapest), exact: true }));
        // Forced and barred options hold as in the exact passes: with the late of day 0 forced
        // nothing may follow it, and with nothing left out that is proven.
        let mut forced = none;
        forced[1] = true;
        assert_eq!(rules.heuristic(&cost, &forced, 64, None), Ok(Beamed { found: None, exact: true }));
    }

    #[test]
    fn a_beam_keeps_the_label_nearest_an_even_pace_when_costs_tie() {
        // Four days, each with a 1-hour and a 2-hour option, at most two of the 2-hour ones, at
        // least 6 hours in all, everything free: only two of each, every day worked, keeps the
        // rules. With a beam of one and every label tied, the label kept each day is the one
        // nearest 90 minutes a day (1 hour on day 0, the older of two as near; then 3 hours, 4
        // or 5, and 6); kept by creation order (the day off comes first) the beam went on from a
        // day off and lost every schedule.
        let mut rules = daily(4, 60);
        rules.options = (0..8)
            .map(|k| if k % 2 == 0 { option(k, k / 2, 60, Vec::new()) } else { option(k, k / 2, 120, vec![0]) })
            .collect();
        rules.caps = vec![2];
        rules.min_minutes = 360;
        let found = rules.heuristic(&[0.0; 8], &[false; 8], 1, None).unwrap().found.expect("a schedule");
        assert_eq!(found.cost, 0.0);
        let long = found.options.iter().filter(|&&o| o % 2 == 1).count();
        let days: Vec<usize> = found.options.iter().map(|&o| o / 2).collect();
        assert_eq!((long, days), (2, vec![0, 1, 2, 3]), "{found:?}");
    }

    #[test]
    fn narrowing_keeps_ties_nearest_the_pace_then_with_fewer_weekends() {
        // Least 6 hours and most 10 over four days: an even pace to the middle, 8 hours, works
        // 2 hours a day.
        let mut rules = daily(4, 60);
        (rules.min_minutes, rules.max_minutes) = (360, 600);
        assert_eq!((rules.pace(1), rules.pace(4)), (120, 480));
        rules.max_minutes = u32::MAX;
        assert_eq!(rules.pace(2), 180);
        // Five labels of one cost, each in a group of its own, at a pace of 120 minutes: a beam
        // of two keeps the nearest (100 minutes) by score, then the best of each number of
        // weekends in turn: 150 minutes on no weekend (label 4) before the same on one (3).
        let member = |label: u32, minutes: u32, weekends: u16| Member { cost: -1.0, label, minutes, weekends };
        let members = [member(0, 0, 0), member(1, 300, 0), member(2, 100, 0), member(3, 150, 1), member(4, 150, 0)];
        let mut groups: HashMap<Key, Vec<Member>> = HashMap::default();
        for m in members {
            let shape = Shape { last: m.label, run: 1, long_enough: true, nights: 0 };
            groups.insert(Key { shape, minutes: 0, open_weekend: None, rest: None }, vec![m]);
        }
        assert!(narrow(&mut groups, |_| 0.0, 2, 120));
        let mut kept: Vec<u32> = groups.values().flatten().map(|m| m.label).collect();
        kept.sort_unstable();
        assert_eq!(kept, vec![2, 4]);
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
    fn weekly_rest_lies_between_shifts_or_at_the_period_edges() {
        // Seven days, one shift a day 8:00-16:00, each paying 1; 36 h of weekly rest in the
        // period from day 0 at 0:00 to day 7 at 0:00. One day off inside the week leaves 40 h
        // (16:00 to 8:00 two days later); off on day 0 it leaves 32 h (0:00 to 8:00 on day 1),
        // off on day 6 also 32 h (16:00 on day 5 to the period's end): six shifts, the day off
        // on one of days 1-5.
        let mut rules = daily(7, 480);
        rules.weekly_rest =
            Some(WeeklyRest { seconds: 36 * HOUR, periods: vec![RestPeriod { first_day: 0, start: 0, end: 7 * DAY }] });
        let best = cheapest(&rules, &[-1.0; 7]).unwrap();
        assert_eq!(best.cost, -6.0);
        let off: Vec<usize> = (0..7).filter(|d| !best.options.contains(d)).collect();
        assert!(off.len() == 1 && (1..=5).contains(&off[0]), "{best:?}");
        // Day 0 pays more than the others: still no day off at the edge, so it is worked.
        assert!(cheapest(&rules, &[-5.0, -1.0, -1.0, -1.0, -1.0, -1.0, -5.0]).unwrap().options.contains(&0));
        // Without the period, all seven.
        rules.weekly_rest.as_mut().unwrap().periods.clear();
        assert_eq!(cheapest(&rules, &[-1.0; 7]).unwrap().cost, -7.0);
    }

    #[test]
    fn windows_nights_and_bookings() {
        // Seven days of 480-minute shifts paying 1: at most 2400 minutes (5 shifts) on days 0-6
        // of a 10-day horizon, so 5 in the window and the 3 days after it: 8.
        let mut rules = daily(10, 480);
        rules.windows = vec![Window { from: 0, to: 7, most: 2400 }];
        assert_eq!(cheapest(&rules, &[-1.0; 10]).unwrap().cost, -8.0);
        // A booking on day 3 takes the day and counts in the window: 4 shifts of the person's
        // own there, and the booking is worked but never listed.
        rules.booked = vec![option(usize::MAX, 3, 480, Vec::new())];
        let best = cheapest(&rules, &[-1.0; 10]).unwrap();
        assert_eq!(best.cost, -7.0);
        assert!(!best.options.contains(&3) && best.options.iter().filter(|&&o| o < 7).count() == 4, "{best:?}");
        // Nights, at most 2 in a row, over 7 days: on, on, off, on, on, off, on.
        let mut rules = daily(7, 480);
        rules.options.iter_mut().for_each(|o| o.night = true);
        rules.max_nights = Some(2);
        assert_eq!(cheapest(&rules, &[-1.0; 7]).unwrap().cost, -5.0);
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

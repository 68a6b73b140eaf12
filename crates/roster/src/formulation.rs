//! The mixed-integer program for one independent component, written with good_lp.
//!
//! Variables: `x[s,v]` = 1 when staff `s` works vacancy `v`, only for candidate pairs
//! ([`crate::eligibility`]); `r` chooses where each person's weekly rest lies; `w`/`z` mark worked
//! days and weekends where a rule needs them; `ot` serves the secondary objective.
//!
//! Hard rules (the checker in [`crate::check`] recomputes each one independently):
//! - headcount: `sum_s x[s,v] <= headcount[v] + over[v]`, `over[v] <= allowed over-cover`;
//! - overlap and minimum rest as clique rows of the interval graph whose intervals are
//!   `[start, end + rest)`: two shifts conflict exactly when these intersect, so every maximal
//!   clique (all intervals containing one start point) gets one row `sum x <= 1`;
//! - shifts per day, hours per 7-day period, averaging blocks, max and min hours: knapsack rows
//!   on the hours of the shifts starting in the period, net of bookings;
//! - weekly rest exactly: in each full 7-day period some rest interval `[p, p + H)` is free,
//!   where `p` ranges over the period start and every shift end (any free interval can be slid
//!   left to one of those), chosen by binaries `r[p]` with `sum r = 1` and
//!   `x(slot) + r[p] <= 1` for every time slot overlapping `[p, p + H)`;
//! - consecutive days / nights: every window of `n + 1` days holds at most `n` working days;
//! - weekends: `x(slot) <= z[w]`, `sum z <= max - booked weekends`;
//! - shift types: at most `max` shifts of a type; no type `b` the day after a type `a` that
//!   `b` may not follow (pairwise rows, usually one pair per day);
//! - minimum runs of working days / days off (runs touching the horizon edges exempt) on exact
//!   worked-day indicators `W[d]`: a run starting on `d` must still be on at `d + j`, `j < min`.
//!
//! Objectives: primary = agency cost `sum_v cost[v] * (headcount[v] - sum_s x[s,v] + over[v])`
//! plus over-cover cost `sum_v over_cost[v] * over[v]` plus requests (`on`: weight unless a
//! matching shift is worked, `off`: weight per matching shift), written as
//! [`Formulation::worst_case`] minus [`Formulation::savings`]. Secondary = overtime + substitution +
//! preferences + fairness (`|worked[s] - contract[s] * ratio|` with
//! `ratio = total worked / total contract`). [`crate::backend`] optimises them lexicographically.
//! Fairness constrains nothing in stage 1, so it is not in the model: [`Fairness`] holds what
//! stage 2 adds, measured against the stage-1 roster's ratio.

use crate::eligibility::{Candidates, Component};
use crate::labelling::{DayOption, DayRules, RestPeriod, WeeklyRest, Window};
use crate::model::{Instance, Shift};
use crate::scenario::{PreferenceKind, RequestKind};
use crate::time::HOUR;
use good_lp::{variable, Constraint, Expression, ProblemVariables, Variable};
use std::collections::{BTreeMap, HashMap};

/// What the model is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The normal model: minimum hours are hard.
    Roster,
    /// Minimum hours get slack variables and the objective is their sum: used to explain
    /// which minimum hours cannot be met when the normal model is infeasible.
    ElasticMinHours,
}

/// A built model: variables, rows and objective terms, free of any solver.
pub struct Formulation {
    /// The variables, in column order.
    pub variables: ProblemVariables,
    /// The rows.
    pub constraints: Vec<Constraint>,
    /// Column of each variable.
    pub column: HashMap<Variable, usize>,
    /// `(candidate index, x variable)` for every assignment variable.
    pub assignments: Vec<(usize, Variable)>,
    /// What the roster saves against [`Formulation::worst_case`]: agency cost avoided, minus
    /// over-cover cost, minus request costs. The primary objective is `worst_case - savings`.
    pub savings: Expression,
    /// Primary objective if nobody in the component worked: every vacancy to the agency, every
    /// "on" request unmet.
    pub worst_case: f64,
    /// The secondary objective.
    pub secondary: Expression,
    /// Slack of each staff member's minimum-hours row ([`Mode::ElasticMinHours`] only).
    pub min_hours_slack: Vec<(usize, Variable)>,
    /// The fairness term of the secondary objective, kept out of the model (see [`Fairness`]).
    pub fairness: Option<Fairness>,
    /// The rules of every person whose rules are all day-shaped, restated over days for pricing
    /// by labelling ([`crate::labelling`]); people with other rules (several shifts a day,
    /// conflicts beyond the next day, hire decisions) have none.
    pub day_rules: Vec<DayRules>,
}

impl Formulation {
    /// Builds the model of `component`.
    pub fn build(instance: &Instance, candidates: &Candidates, component: &Component, mode: Mode) -> Formulation {
        let mut b = Builder {
            instance,
            candidates,
            mode,
            f: Formulation {
                variables: ProblemVariables::new(),
                constraints: Vec::new(),
                column: HashMap::new(),
                assignments: Vec::new(),
                savings: Expression::default(),
                worst_case: 0.0,
                secondary: Expression::default(),
                min_hours_slack: Vec::new(),
                fairness: None,
                day_rules: Vec::new(),
            },
            x: HashMap::new(),
            rest_periods: Vec::new(),
        };
        b.assignment_variables(component);
        b.optional_members(component);
        b.headcount(component);
        let mut worked = Vec::new();
        for &s in &component.staff {
            worked.push((s, b.staff_rules(s)));
        }
        b.fairness(worked);
        b.f
    }

    /// Continuity with a published roster (candidate indices): every pair in `frozen` is kept
    /// (`x = 1`); every change against `published` (a published pair dropped, any other pair
    /// taken) costs `weight`. Returns the change-count expression times `weight`, which the
    /// caller adds to the secondary objective (stage 2, so it never trades against agency cost).
    pub fn continuity(
        &mut self,
        frozen: &std::collections::HashSet<usize>,
        published: &std::collections::HashSet<usize>,
        weight: f64,
    ) -> Expression {
        let mut changes = Expression::default();
        for &(k, x) in &self.assignments {
            if frozen.contains(&k) {
                self.constraints.push(Expression::from(x).geq(1.0));
            } else if published.contains(&k) {
                changes += weight;
                changes.add_mul(-weight, x);
            } else {
                changes.add_mul(weight, x);
            }
        }
        changes
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.constraints.len()
    }

    /// Number of columns.
    pub fn columns(&self) -> usize {
        self.column.len()
    }
}

struct Builder<'a> {
    instance: &'a Instance,
    candidates: &'a Candidates,
    mode: Mode,
    f: Formulation,
    /// candidate index -> x variable
    x: HashMap<usize, Variable>,
    /// The 7-day periods given a weekly-rest row for the person being modelled:
    /// `(first day, start, end)`.
    rest_periods: Vec<(i64, i64, i64)>,
}

/// A candidate shift of the person being modelled.
struct CandidateShift {
    shift: Shift,
    shift_type: Option<usize>,
    x: Variable,
}

/// Whether a person works on a day: surely, surely not, or as the expression says (0 or 1).
enum Day {
    On,
    Off,
    Maybe(Expression),
}

impl Builder<'_> {
    fn add(&mut self, def: good_lp::variable::VariableDefinition) -> Variable {
        let v = self.f.variables.add(def);
        let col = self.f.column.len();
        self.f.column.insert(v, col);
        v
    }

    fn row(&mut self, c: Constraint) {
        self.f.constraints.push(c);
    }

    fn assignment_variables(&mut self, component: &Component) {
        for &s in &component.staff {
            for &k in &self.candidates.by_staff[s] {
                let x = self.add(variable().binary());
                self.x.insert(k, x);
                self.f.assignments.push((k, x));
                let c = self.candidates.list[k];
                let v = &self.instance.vacancies[c.vacancy];
                self.f.savings.add_mul(v.agency_cost_per_person(), x);
                self.f.secondary.add_mul(c.substitution_penalty * v.shift.paid_hours, x);
            }
        }
        for &v in &component.vacancies {
            let vac = &self.instance.vacancies[v];
            self.f.worst_case += vac.agency_cost_per_person() * f64::from(vac.headcount);
        }
    }

    /// Optional members ([`crate::model::Member::hire_cost`]): a binary `hired[s]`, every
    /// `x[s,v] <= hired[s]`, and `hire_cost * hired[s]` in the primary objective (as negative
    /// savings; the worst case hires nobody). Identical copies are hired in order
    /// (`hired[a] >= hired[b]` for `a` before `b`), which removes symmetric rosters.
    fn optional_members(&mut self, component: &Component) {
        let instance = self.instance;
        let mut hired: Vec<(usize, Variable)> = Vec::new();
        for &s in &component.staff {
            let Some(cost) = instance.staff[s].hire_cost else { continue };
            let h = self.add(variable().binary());
            for k in &self.candidates.by_staff[s] {
                let x = self.x[k];
                self.row(Expression::from(x).leq(h));
            }
            self.f.savings.add_mul(-cost, h);
            if let Some(&(_, before)) =
                hired.iter().rev().find(|&&(b, _)| interchangeable(&instance.staff[b], &instance.staff[s]))
            {
                self.row(Expression::from(h).leq(before));
            }
            hired.push((s, h));
        }
    }

    fn headcount(&mut self, component: &Component) {
        for &v in &component.vacancies {
            let vacancy = &self.instance.vacancies[v];
            let xs: Vec<Variable> =
                self.candidates.by_vacancy[v].iter().filter_map(|k| self.x.get(k).copied()).collect();
            let headcount = f64::from(vacancy.headcount);
            if xs.len() as f64 <= headcount {
                continue;
            }
            let sum: Expression = xs.into_iter().sum();
            match vacancy.over_cover {
                None => self.row(sum.leq(headcount)),
                Some((most, cost)) => {
                    // over >= sum - headcount; each extra person is not agency saved and costs extra.
                    let over = match most {
                        Some(m) => self.add(variable().min(0.0).max(f64::from(m))),
                        None => self.add(variable().min(0.0)),
                    };
                    self.f.savings.add_mul(-(vacancy.agency_cost_per_person() + cost), over);
                    self.row((sum - over).leq(headcount));
                }
            }
        }
    }

    /// Every per-person rule of staff member `s`; returns the expression of hours worked in the horizon.
    fn staff_rules(&mut self, s: usize) -> Expression {
        let instance = self.instance;
        let member = &instance.staff[s];
        let options: Vec<CandidateShift> = self.candidates.by_staff[s]
            .iter()
            .map(|&k| CandidateShift {
                shift: instance.vacancies[self.candidates.list[k].vacancy].shift,
                shift_type: instance.vacancies[self.candidates.list[k].vacancy].shift_type,
                x: self.x[&k],
            })
            .collect();
        let booked: Vec<Shift> = member.bookings.iter().map(|b| b.shift).collect();
        let rules = member.rules.clone();
        self.rest_periods.clear();

        let rest = (rules.min_rest_hours.unwrap_or(0.0) * HOUR as f64).round() as i64;
        self.conflict_cliques(&options, rest);

        // Shifts per day.
        let mut by_day: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
        for (i, o) in options.iter().enumerate() {
            by_day.entry(o.shift.day).or_default().push(i);
        }
        if let Some(limit) = rules.max_shifts_per_day {
            for (day, idx) in &by_day {
                let room = i64::from(limit) - booked.iter().filter(|b| b.day == *day).count() as i64;
                if idx.len() as i64 > room {
                    let sum: Expression = idx.iter().map(|&i| options[i].x).sum();
                    self.row(sum.leq(room.max(0) as f64));
                }
            }
        }

        // Hour limits: 7-day periods, averaging blocks, max and min hours.
        let in_days = |from: i64, to: i64| move |sh: &Shift| sh.day >= from && sh.day < to;
        let mut hour_rows: Vec<(i64, i64, f64)> = Vec::new();
        if let Some(cap) = rules.max_hours_per_week {
            let mut first = 0;
            while first < instance.days {
                hour_rows.push((first, (first + 7).min(instance.days), cap));
                first += 7;
            }
        }
        hour_rows.extend(instance.hour_caps(member));
        for &(from, to, cap) in &hour_rows {
            let keep = in_days(from, to);
            let booked_hours: f64 = booked.iter().filter(|b| keep(b)).map(|b| b.paid_hours).sum();
            let terms: Vec<&CandidateShift> = options.iter().filter(|o| keep(&o.shift)).collect();
            let possible: f64 = terms.iter().map(|o| o.shift.paid_hours).sum();
            if booked_hours + possible > cap + 1e-9 {
                let mut e = Expression::default();
                for o in terms {
                    e.add_mul(o.shift.paid_hours, o.x);
                }
                self.row(e.leq((cap - booked_hours).max(0.0)));
            }
        }
        let keep = in_days(0, instance.days);
        let booked_hours: f64 = booked.iter().filter(|b| keep(b)).map(|b| b.paid_hours).sum();
        let mut worked = Expression::default();
        for o in &options {
            worked.add_mul(o.shift.paid_hours, o.x);
        }
        if let Some(min) = member.min_hours {
            if min > booked_hours + 1e-9 {
                match self.mode {
                    Mode::Roster => self.row(worked.clone().geq(min - booked_hours)),
                    Mode::ElasticMinHours => {
                        let slack = self.add(variable().min(0.0));
                        self.f.min_hours_slack.push((s, slack));
                        self.row((worked.clone() + slack).geq(min - booked_hours));
                    }
                }
            }
        }

        if let Some(h) = rules.weekly_rest_hours {
            self.weekly_rest(&options, &booked, (h * HOUR as f64).round() as i64, rest);
        }

        let one_per_day = rules.max_shifts_per_day == Some(1);
        if let Some(n) = rules.max_consecutive_days {
            let all: Vec<usize> = (0..options.len()).collect();
            let booked_days: Vec<i64> = booked.iter().map(|b| b.day).collect();
            self.consecutive(&options, &all, &booked_days, n, one_per_day, rest);
        }
        if let Some(n) = rules.max_consecutive_nights {
            let night = rules.night;
            let nights: Vec<usize> =
                (0..options.len()).filter(|&i| instance.is_night(&options[i].shift, &night)).collect();
            let booked_nights: Vec<i64> =
                booked.iter().filter(|b| instance.is_night(b, &night)).map(|b| b.day).collect();
            self.consecutive(&options, &nights, &booked_nights, n, one_per_day, rest);
        }
        if let Some(n) = rules.max_weekends {
            self.weekends(&options, &booked, n, rest);
        }
        self.shift_types(s, &options, one_per_day);
        if rules.min_consecutive_days.is_some_and(|k| k > 1) || rules.min_consecutive_days_off.is_some_and(|k| k > 1) {
            let worked_days = self.worked_days(&options, &booked, one_per_day, rest);
            if let Some(k) = rules.min_consecutive_days.filter(|&k| k > 1) {
                self.min_runs(&worked_days, k, true);
            }
            if let Some(k) = rules.min_consecutive_days_off.filter(|&k| k > 1) {
                self.min_runs(&worked_days, k, false);
            }
        }
        let met = self.requests(s, &options);
        if let Some(rules) = self.day_rules(s, &options, &met, &booked, &hour_rows) {
            self.f.day_rules.push(rules);
        }

        // Secondary: overtime and preferences.
        let weights = instance.weights.clone();
        if weights.overtime_per_hour > 0.0 {
            let ot = self.add(variable().min(0.0));
            let contract = instance.contract_hours(member);
            self.row((worked.clone() - ot).leq(contract - booked_hours));
            self.f.secondary.add_mul(weights.overtime_per_hour, ot);
        }
        if weights.preference > 0.0 {
            for p in &member.preferences {
                let sign = match p.kind {
                    PreferenceKind::Wanted => -1.0,
                    PreferenceKind::Unwanted => 1.0,
                };
                for o in options.iter().filter(|o| o.shift.start < p.end && p.start < o.shift.end) {
                    self.f.secondary.add_mul(sign * p.weight * weights.preference, o.x);
                }
            }
        }
        worked + booked_hours
    }

    /// Overlap and minimum rest as maximal cliques of the interval graph of `[start, end + rest)`.
    fn conflict_cliques(&mut self, options: &[CandidateShift], rest: i64) {
        let all: Vec<usize> = (0..options.len()).collect();
        for clique in cliques(options, &all, rest) {
            if clique.len() >= 2 {
                let sum: Expression = clique.iter().map(|&j| options[j].x).sum();
                self.row(sum.leq(1.0));
            }
        }
    }

    /// Weekly rest: in each full 7-day period, one free interval of `rest` seconds.
    fn weekly_rest(&mut self, options: &[CandidateShift], booked: &[Shift], weekly: i64, rest: i64) {
        let instance = self.instance;
        let mut k = 0;
        while 7 * (k + 1) <= instance.days {
            let (w0, w1) = (instance.day_start(7 * k), instance.day_start(7 * k + 7));
            k += 1;
            let touching = |s: &Shift| s.start < w1 && w0 < s.end;
            if !options.iter().any(|o| touching(&o.shift)) {
                continue;
            }
            let mut points: Vec<i64> = vec![w0];
            points.extend(options.iter().map(|o| o.shift.end).chain(booked.iter().map(|b| b.end)));
            points.retain(|&p| p >= w0 && p + weekly <= w1);
            points.sort_unstable();
            points.dedup();
            // The candidates overlapping the rest interval of each usable point. A point whose set
            // contains another point's set is never a better place for the rest: drop it.
            let mut usable: Vec<Vec<usize>> = Vec::new();
            for p in points {
                let (a, b) = (p, p + weekly);
                if booked.iter().any(|s| s.start < b && a < s.end) {
                    continue;
                }
                let inside: Vec<usize> =
                    (0..options.len()).filter(|&i| options[i].shift.start < b && a < options[i].shift.end).collect();
                usable.push(inside);
            }
            if usable.is_empty() || usable.iter().any(|inside| inside.is_empty()) {
                // Always satisfiable (a rest no candidate touches), or (impossible after booking
                // validation) never.
                continue;
            }
            usable.sort_by_key(|inside| inside.len());
            let mut kept: Vec<Vec<usize>> = Vec::new();
            for inside in usable {
                let dominated = kept.iter().any(|k| k.iter().all(|i| inside.binary_search(i).is_ok()));
                if !dominated {
                    kept.push(inside);
                }
            }
            let usable: Vec<Vec<Vec<usize>>> = kept.iter().map(|inside| cliques(options, inside, rest)).collect();
            let mut choice = Expression::default();
            for groups in usable {
                let r = self.add(variable().binary());
                choice.add_mul(1.0, r);
                for clique in groups {
                    let sum: Expression = clique.iter().map(|&j| options[j].x).sum();
                    self.row((sum + r).leq(1.0));
                }
            }
            self.row(choice.geq(1.0));
            self.rest_periods.push((7 * (k - 1), w0, w1));
        }
    }

    /// At most `n` working days (of the `subset` of options, plus `booked_days`) in any `n + 1` consecutive days.
    fn consecutive(
        &mut self,
        options: &[CandidateShift],
        subset: &[usize],
        booked_days: &[i64],
        n: u32,
        one_per_day: bool,
        rest: i64,
    ) {
        if subset.is_empty() {
            return;
        }
        let mut days: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
        for &i in subset {
            days.entry(options[i].shift.day).or_default().push(i);
        }
        let booked: std::collections::BTreeSet<i64> = booked_days.iter().copied().collect();
        // Indicator per free candidate day.
        let mut indicator: BTreeMap<i64, Expression> = BTreeMap::new();
        for (&d, idx) in &days {
            if booked.contains(&d) {
                continue;
            }
            let e = if one_per_day || idx.len() == 1 {
                idx.iter().map(|&i| options[i].x).sum()
            } else {
                let w = self.add(variable().binary());
                for clique in cliques(options, idx, rest) {
                    let sum: Expression = clique.iter().map(|&j| options[j].x).sum();
                    self.row(sum.leq(w));
                }
                Expression::from(w)
            };
            indicator.insert(d, e);
        }
        let n = i64::from(n);
        let lo = days.keys().next().copied().unwrap_or(0) - n;
        let hi = days.keys().next_back().copied().unwrap_or(0);
        for a in lo..=hi {
            let window = a..=a + n;
            let has_candidate = indicator.range(window.clone()).next().is_some();
            let all_possible = window.clone().all(|d| booked.contains(&d) || indicator.contains_key(&d));
            if !has_candidate || !all_possible {
                continue;
            }
            let fixed = window.clone().filter(|d| booked.contains(d)).count() as i64;
            let sum: Expression = indicator.range(window).map(|(_, e)| e.clone()).sum();
            self.row(sum.leq((n - fixed) as f64));
        }
    }

    /// Per-type limits and forbidden successions of staff member `s`.
    fn shift_types(&mut self, s: usize, options: &[CandidateShift], one_per_day: bool) {
        let instance = self.instance;
        let member = &instance.staff[s];
        let mut by_day_type: BTreeMap<(i64, usize), Vec<usize>> = BTreeMap::new();
        for (i, o) in options.iter().enumerate() {
            if let Some(t) = o.shift_type {
                by_day_type.entry((o.shift.day, t)).or_default().push(i);
            }
        }
        for &(t, most) in &member.max_shifts_by_type {
            let of_type: Vec<Variable> = options.iter().filter(|o| o.shift_type == Some(t)).map(|o| o.x).collect();
            if of_type.len() > most as usize {
                let sum: Expression = of_type.into_iter().sum();
                self.row(sum.leq(f64::from(most)));
            }
        }
        if one_per_day {
            // At most one shift a day: all of a day's options form a clique, so one row per day
            // and set of forbidden followers covers every type with that set, exactly.
            let mut by_followers: BTreeMap<(i64, &[usize]), Vec<usize>> = BTreeMap::new();
            for (&(day, a), idx) in &by_day_type {
                let followers = instance.shift_types[a].cannot_be_followed_by.as_slice();
                if !followers.is_empty() {
                    by_followers.entry((day, followers)).or_default().extend(idx);
                }
            }
            for ((day, followers), first) in by_followers {
                let next: Vec<usize> =
                    followers.iter().filter_map(|&b| by_day_type.get(&(day + 1, b))).flatten().copied().collect();
                if !next.is_empty() {
                    let sum: Expression = first.iter().chain(&next).map(|&i| options[i].x).sum();
                    self.row(sum.leq(1.0));
                }
            }
            return;
        }
        for (&(day, a), first) in &by_day_type {
            for &b in &instance.shift_types[a].cannot_be_followed_by {
                let Some(next) = by_day_type.get(&(day + 1, b)) else { continue };
                for &i in first {
                    for &j in next {
                        self.row((options[i].x + options[j].x).leq(1.0));
                    }
                }
            }
        }
    }

    /// Exact worked-day indicators for the days of the horizon.
    fn worked_days(&mut self, options: &[CandidateShift], booked: &[Shift], one_per_day: bool, rest: i64) -> Vec<Day> {
        let mut by_day: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
        for (i, o) in options.iter().enumerate() {
            by_day.entry(o.shift.day).or_default().push(i);
        }
        (0..self.instance.days)
            .map(|d| {
                if booked.iter().any(|b| b.day == d) {
                    return Day::On;
                }
                let Some(idx) = by_day.get(&d) else { return Day::Off };
                if one_per_day || idx.len() == 1 {
                    return Day::Maybe(idx.iter().map(|&i| options[i].x).sum());
                }
                // w >= every clique of the day's shifts, w <= their sum: exactly "works that day".
                let w = self.add(variable().binary());
                for clique in cliques(options, idx, rest) {
                    let sum: Expression = clique.iter().map(|&j| options[j].x).sum();
                    self.row(sum.leq(w));
                }
                let all: Expression = idx.iter().map(|&i| options[i].x).sum();
                self.row(all.geq(w));
                Day::Maybe(Expression::from(w))
            })
            .collect()
    }

    /// Runs of working days (`working`) or days off at least `k` long, edges exempt: a run that
    /// starts on day `d >= 1` must still hold on `d + j` for `j < k` inside the horizon.
    fn min_runs(&mut self, days: &[Day], k: u32, working: bool) {
        // In terms of "the day is in the run's state": on for working runs, off for days off.
        let state = |d: &Day| -> Day {
            match (d, working) {
                (Day::On, true) | (Day::Off, false) => Day::On,
                (Day::On, false) | (Day::Off, true) => Day::Off,
                (Day::Maybe(e), true) => Day::Maybe(e.clone()),
                (Day::Maybe(e), false) => Day::Maybe(1.0 - e.clone()),
            }
        };
        let n = days.len();
        for d in 1..n {
            // Run starts on d: state(d) - state(d-1) <= state(d+j).
            let (now, before) = (state(&days[d]), state(&days[d - 1]));
            if matches!(now, Day::Off) || matches!(before, Day::On) {
                continue;
            }
            for j in 1..k as usize {
                if d + j >= n {
                    break;
                }
                let later = state(&days[d + j]);
                if matches!(later, Day::On) {
                    continue;
                }
                let value = |x: &Day| -> Expression {
                    match x {
                        Day::On => Expression::from(1.0),
                        Day::Off => Expression::default(),
                        Day::Maybe(e) => e.clone(),
                    }
                };
                let row = value(&now) - value(&before) - value(&later);
                self.row(row.leq(0.0));
            }
        }
    }

    /// Requests of staff member `s`: `on` saves its weight when a matching shift is worked,
    /// `off` costs its weight per matching shift. Returns the `met` column of each `on` request
    /// with the options that meet it.
    fn requests(&mut self, s: usize, options: &[CandidateShift]) -> Vec<(Variable, Vec<usize>)> {
        let member = &self.instance.staff[s];
        let mut met_by = Vec::new();
        for r in &member.requests {
            let matching: Vec<usize> =
                (0..options.len()).filter(|&i| r.matches(options[i].shift.day, options[i].shift_type)).collect();
            match r.kind {
                RequestKind::On => {
                    self.f.worst_case += r.weight;
                    if matching.is_empty() || r.weight == 0.0 {
                        continue;
                    }
                    let met = self.add(variable().min(0.0).max(1.0));
                    let sum: Expression = matching.iter().map(|&i| options[i].x).sum();
                    self.row((sum - met).geq(0.0));
                    self.f.savings.add_mul(r.weight, met);
                    met_by.push((met, matching));
                }
                RequestKind::Off => {
                    for &i in &matching {
                        self.f.savings.add_mul(-r.weight, options[i].x);
                    }
                }
            }
        }
        met_by
    }

    /// Staff member `s`'s rules over days ([`crate::labelling`]), exactly as the rows above
    /// state them, when every rule is day-shaped: at most one shift a day, conflicts only between
    /// consecutive days, no shift longer than a day, and no hire decision. `met` are the `on`
    /// requests' columns and matching options, `hour_rows` the hour limits `(from, to, hours)`.
    /// Bookings outside the horizon widen the days labelled (so that runs, nights and rest see
    /// them) unless least runs, with their horizon-edge exemptions, are in force.
    fn day_rules(
        &self,
        s: usize,
        options: &[CandidateShift],
        met: &[(Variable, Vec<usize>)],
        booked: &[Shift],
        hour_rows: &[(i64, i64, f64)],
    ) -> Option<DayRules> {
        let instance = self.instance;
        let member = &instance.staff[s];
        let rules = &member.rules;
        let days = instance.days;
        if self.mode != Mode::Roster || member.hire_cost.is_some() || rules.max_shifts_per_day != Some(1) {
            return None;
        }
        if options.iter().any(|o| o.shift.day < 0 || o.shift.day >= days) {
            return None;
        }
        // Labelled days: the horizon, widened to the bookings.
        let first = booked.iter().map(|b| b.day).min().unwrap_or(0).min(0);
        let last = booked.iter().map(|b| b.day + 1).max().unwrap_or(days).max(days);
        let min_runs =
            rules.min_consecutive_days.is_some_and(|k| k > 1) || rules.min_consecutive_days_off.is_some_and(|k| k > 1);
        if (first < 0 || last > days) && min_runs {
            return None;
        }
        let all = options.iter().map(|o| &o.shift).chain(booked);
        if all.clone().any(|sh| sh.end > instance.day_start(sh.day + 2)) {
            return None;
        }
        let minutes = |hours: f64| -> Option<u32> {
            let m = hours * 60.0;
            (m >= 0.0 && (m - m.round()).abs() < 1e-6).then_some(m.round() as u32)
        };
        let most_minutes = |hours: f64| (hours.max(0.0) * 60.0 + 1e-6).floor() as u32;
        let (mut max_minutes, mut windows) = (u32::MAX, Vec::new());
        for &(from, to, cap) in hour_rows {
            match from <= 0 && to >= days {
                true => max_minutes = max_minutes.min(most_minutes(cap)),
                false => windows.push(Window {
                    from: (from - first) as usize,
                    to: (to - first) as usize,
                    most: most_minutes(cap),
                }),
            }
        }
        // Window counts are 16-bit: a window that could count more is left to the MIP.
        if windows.iter().any(|w| w.most >= u32::from(u16::MAX) / 2) {
            return None;
        }
        let min_minutes = match member.min_hours {
            Some(h) if h > 1e-9 => (h * 60.0 - 1e-6).ceil() as u32,
            _ => 0,
        };
        let rest = (rules.min_rest_hours.unwrap_or(0.0) * HOUR as f64).round() as i64;
        let caps: Vec<(usize, u32)> = member.max_shifts_by_type.clone();
        let in_range = |w: i64| w + 1 >= 0 && w < days;
        let day_option = |column: usize, shift: &Shift| -> Option<DayOption> {
            Some(DayOption {
                column,
                day: (shift.day - first) as usize,
                // Hours are limited, and counted, on the horizon's days only.
                minutes: match (0..days).contains(&shift.day) {
                    true => minutes(shift.paid_hours)?,
                    false => 0,
                },
                start: shift.start,
                end: shift.end,
                night: instance.is_night(shift, &rules.night),
                weekend: shift.weekend.filter(|&w| in_range(w)),
                caps: Vec::new(),
                with: Vec::new(),
            })
        };
        // The `met` columns each option meets, in `met`'s order.
        let mut with: Vec<Vec<usize>> = vec![Vec::new(); options.len()];
        for (v, matching) in met {
            for &i in matching {
                with[i].push(self.f.column[v]);
            }
        }
        let mut day_options = Vec::with_capacity(options.len());
        for (o, with) in options.iter().zip(with) {
            let mut option = day_option(self.f.column[&o.x], &o.shift)?;
            option.caps = (0..caps.len()).filter(|&c| o.shift_type == Some(caps[c].0)).collect();
            option.with = with;
            day_options.push(option);
        }
        let booked_options: Vec<DayOption> = booked.iter().map(|b| day_option(usize::MAX, b)).collect::<Option<_>>()?;
        // Options must be sorted by day; conflicts pair options one day apart, never further.
        // A day is the local date a shift starts on, so this order is also by start: past the
        // first option two days on or more that starts after `p`'s end and rest, no option can
        // conflict with `p` (which keeps this quadratic scan short: Curtois Instance 24 has
        // about 7,000 options a person).
        let mut order: Vec<usize> = (0..options.len()).collect();
        order.sort_by_key(|&i| (options[i].shift.day, options[i].shift.start));
        let mut conflicts = Vec::new();
        for (a, &i) in order.iter().enumerate() {
            for (b, &j) in order.iter().enumerate().skip(a + 1) {
                let (p, q) = (&options[i], &options[j]);
                let apart = q.shift.day - p.shift.day;
                if apart >= 2 && q.shift.start >= p.shift.end + rest {
                    break;
                }
                let too_close = p.shift.start < q.shift.end + rest && q.shift.start < p.shift.end + rest;
                let banned = apart == 1
                    && matches!((p.shift_type, q.shift_type), (Some(t), Some(u))
                        if instance.shift_types[t].cannot_be_followed_by.contains(&u));
                match (apart, too_close || banned) {
                    (0, _) | (_, false) => {}
                    (1, true) => conflicts.push((a, b)),
                    _ => return None,
                }
            }
        }
        let weekly_rest = rules.weekly_rest_hours.map(|h| WeeklyRest {
            seconds: (h * HOUR as f64).round() as i64,
            periods: self
                .rest_periods
                .iter()
                .map(|&(day, start, end)| RestPeriod { first_day: (day - first) as usize, start, end })
                .collect(),
        });
        let day_rules = DayRules {
            owner: s,
            days: (last - first) as usize,
            options: order.iter().map(|&i| day_options[i].clone()).collect(),
            conflicts,
            caps: caps.iter().map(|&(_, most)| most).collect(),
            min_minutes,
            max_minutes,
            max_run: rules.max_consecutive_days,
            min_run: rules.min_consecutive_days.filter(|&k| k > 1),
            min_off: rules.min_consecutive_days_off.filter(|&k| k > 1),
            max_weekends: rules.max_weekends,
            max_nights: rules.max_consecutive_nights,
            windows,
            weekly_rest,
            booked: booked_options,
        };
        // The rows leave out limits that the bookings alone already reach (they were accepted);
        // labelling would refuse every schedule there. Such a person is priced by MIP.
        let barred = vec![f64::INFINITY; day_rules.options.len()];
        let unforced = vec![false; day_rules.options.len()];
        let bookings_alone = DayRules { min_minutes: 0, ..day_rules.clone() };
        match bookings_alone.cheapest(&barred, &unforced, f64::INFINITY, None) {
            Ok(Some(_)) => Some(day_rules),
            _ => None,
        }
    }

    /// At most `n` weekends touched by shifts over the horizon.
    fn weekends(&mut self, options: &[CandidateShift], booked: &[Shift], n: u32, rest: i64) {
        let days = self.instance.days;
        let in_range = |w: i64| w + 1 >= 0 && w < days;
        let booked_weekends: std::collections::BTreeSet<i64> =
            booked.iter().filter_map(|b| b.weekend).filter(|&w| in_range(w)).collect();
        let mut free: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
        for (i, o) in options.iter().enumerate() {
            if let Some(w) = o.shift.weekend.filter(|&w| in_range(w) && !booked_weekends.contains(&w)) {
                free.entry(w).or_default().push(i);
            }
        }
        let room = i64::from(n) - booked_weekends.len() as i64;
        if free.len() as i64 <= room {
            return;
        }
        let mut total = Expression::default();
        for idx in free.values() {
            let z = self.add(variable().binary());
            total.add_mul(1.0, z);
            for clique in cliques(options, idx, rest) {
                let sum: Expression = clique.iter().map(|&j| options[j].x).sum();
                self.row(sum.leq(z));
            }
        }
        self.row(total.leq(room.max(0) as f64));
    }

    /// Fairness: `weight * sum_s |worked[s] - contract[s] * ratio|`, `ratio` = total worked /
    /// total contract.
    fn fairness(&mut self, worked: Vec<(usize, Expression)>) {
        let weight = self.instance.weights.fairness_per_hour;
        let people: Vec<(Expression, f64)> =
            worked.into_iter().map(|(s, e)| (e, self.instance.contract_hours(&self.instance.staff[s]))).collect();
        let total_contract: f64 = people.iter().map(|(_, c)| c).sum();
        if weight > 0.0 && people.len() >= 2 && total_contract > 0.0 {
            self.f.fairness = Some(Fairness { weight, people });
        }
    }
}

/// The fairness term of the secondary objective: `weight` per hour by which a person's hours
/// worked differ from their contract's share of the hours the component works
/// (`|worked[s] - contract[s] * ratio|`, `ratio` = total worked / total contract).
///
/// It constrains nothing in stage 1 (agency cost), so it is not in the model there: as rows it
/// would join every person through the shared ratio (a dense row, and two rows per person in
/// column generation's master, 10% of it on a 70-person component) and keep best responses from
/// applying. Stage 2 adds it with the ratio of the stage-1 roster, whose cover it keeps: each
/// person is then measured against a fixed target with sparse rows only.
#[derive(Debug, Clone)]
pub struct Fairness {
    /// Cost per hour of difference.
    pub weight: f64,
    /// Each person's hours worked (over the model's columns) and contract hours.
    pub people: Vec<(Expression, f64)>,
}

impl Fairness {
    /// Each person's target hours, `contract[s] * ratio`, for the hours each works in `worked`.
    pub fn targets(&self, worked: &[f64]) -> Vec<f64> {
        let total_contract: f64 = self.people.iter().map(|(_, c)| c).sum();
        let ratio = worked.iter().sum::<f64>() / total_contract;
        self.people.iter().map(|(_, c)| c * ratio).collect()
    }
}

/// Whether two optional members are exact copies for the model (same hire cost, competences,
/// introductions, contract, limits and rules, and no personal periods, bookings or requests), so
/// that hiring one before the other loses no roster.
fn interchangeable(a: &crate::model::Member, b: &crate::model::Member) -> bool {
    let plain = |m: &crate::model::Member| {
        m.unavailable.is_empty() && m.bookings.is_empty() && m.preferences.is_empty() && m.requests.is_empty()
    };
    plain(a)
        && plain(b)
        && a.hire_cost == b.hire_cost
        && a.competences == b.competences
        && a.introduced == b.introduced
        && a.contract_hours_per_week == b.contract_hours_per_week
        && a.min_hours == b.min_hours
        && a.max_hours == b.max_hours
        && a.max_shifts_by_type == b.max_shifts_by_type
        && a.rules == b.rules
}

/// The maximal cliques among `subset` of the conflict graph: two options conflict when
/// `[start, end + rest)` intervals intersect (overlap or too little rest). Interval graphs have
/// at most one maximal clique per start point, found by one sweep. Singletons are included.
fn cliques(options: &[CandidateShift], subset: &[usize], rest: i64) -> Vec<Vec<usize>> {
    // (time, is_start, option): ends sort before starts at the same instant (half-open intervals).
    let mut events: Vec<(i64, bool, usize)> = Vec::with_capacity(subset.len() * 2);
    for &i in subset {
        events.push((options[i].shift.start, true, i));
        events.push((options[i].shift.end + rest, false, i));
    }
    events.sort_unstable();
    let mut out = Vec::new();
    let mut active: Vec<usize> = Vec::new();
    let mut grew = false;
    for (_, is_start, i) in events {
        if is_start {
            active.push(i);
            grew = true;
        } else {
            if grew {
                out.push(active.clone());
            }
            grew = false;
            active.retain(|&j| j != i);
        }
    }
    out
}

//! The independent roster checker: recomputes every hard rule and the primary objective from a
//! roster and the resolved scenario alone, and says what is broken, by whom, when and under
//! which law.
//!
//! Nothing here is shared with the solver or its formulation. The checker reads only the
//! resolved [`Instance`] (its shifts, rules, day numbering and local-time formatting) and the
//! roster's assignments, so a bug in the model the solver builds cannot hide itself from the
//! check. A staff member's shifts are their assigned vacancies plus their bookings; every
//! rule is evaluated on that set, so rules already broken by bookings alone are reported too.
//!
//! Every [`Violation`] names the rule, the staff member, the vacancies involved, the local
//! times and the numbers, and carries the legal citation of the rule under the scenario's preset.

use crate::model::{Instance, Member, Shift};
use crate::roster::{Assignment, Roster};
use crate::rules::RuleKind;
use crate::scenario::RequestKind;
use crate::time::{self, Instant};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

/// Tolerance on comparisons of hours, so that rounding in sums never reports a roster that sits
/// exactly on a limit.
const HOURS_TOLERANCE: f64 = 1e-6;

/// One broken hard rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// Which rule.
    pub rule: RuleKind,
    /// The staff member concerned (`None` for roster-wide problems such as headcount).
    pub staff: Option<String>,
    /// Ids of the vacancies involved (empty when only bookings are involved).
    pub vacancies: Vec<String>,
    /// What is wrong: shifts, local times and numbers.
    pub message: String,
    /// The law or agreement the rule comes from under the scenario's preset.
    pub citation: &'static str,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.staff {
            Some(staff) => write!(f, "[{}] staff {}: {} ({})", self.rule, staff, self.message, self.citation),
            None => write!(f, "[{}] {} ({})", self.rule, self.message, self.citation),
        }
    }
}

/// Checks `roster` against every hard rule of `instance` and compares its stated objective with
/// the recomputed one. Returns every violation found, sorted: roster-wide problems (unknown
/// references, headcount, objective) first, then each staff member's in staff order, each group
/// by rule and then by time. An empty result means the roster is valid.
///
/// Unknown ids and repeated (staff, vacancy) pairs are reported as
/// [`RuleKind::UnknownReference`] and otherwise ignored.
pub fn check(instance: &Instance, roster: &Roster) -> Vec<Violation> {
    let mut findings = Findings::new(instance);
    let pairs = resolve_assignments(instance, &roster.assignments, Some(&mut findings));

    let mut per_staff: Vec<Vec<usize>> = vec![Vec::new(); instance.staff.len()];
    let mut per_vacancy: Vec<Vec<usize>> = vec![Vec::new(); instance.vacancies.len()];
    for &(staff, vacancy) in &pairs {
        per_staff[staff].push(vacancy);
        per_vacancy[vacancy].push(staff);
    }

    for (v, people) in per_vacancy.iter().enumerate() {
        let vacancy = &instance.vacancies[v];
        // Without over-cover at most the headcount; with it up to `max` more, or any number.
        let (most, allowed) = match vacancy.over_cover {
            None => (Some(u64::from(vacancy.headcount)), format!("headcount {}", vacancy.headcount)),
            Some((None, _)) => (None, String::new()),
            Some((Some(extra), _)) => (
                Some(u64::from(vacancy.headcount) + u64::from(extra)),
                format!("headcount {} + over-cover max {extra}", vacancy.headcount),
            ),
        };
        if most.is_some_and(|most| people.len() as u64 > most) {
            let names: Vec<&str> = people.iter().map(|&s| instance.staff[s].id.as_str()).collect();
            findings.push(
                RuleKind::Headcount,
                Who::Nobody,
                vec![vacancy.id.clone()],
                vacancy.shift.start,
                format!(
                    "{} has {} people assigned ({}), {allowed}",
                    describe_vacancy(instance, v),
                    people.len(),
                    names.join(", "),
                ),
            );
        }
    }

    for (staff, vacancies) in per_staff.iter().enumerate() {
        member_rules(instance, staff, vacancies, &mut findings, true);
    }

    if let Some(report) = &roster.solve {
        let recomputed = objective(instance, roster);
        let tolerance = 1e-6 * recomputed.abs().max(1.0);
        let difference = (report.objective - recomputed).abs();
        // A NaN stated objective (or recomputed one) is a mismatch too.
        if difference.is_nan() || difference > tolerance {
            findings.push(
                RuleKind::Objective,
                Who::Nobody,
                Vec::new(),
                instance.horizon_start,
                format!(
                    "the roster states objective {} but its assignments give {} (uncovered headcount x agency \
                     cost per person + over-cover cost + request cost)",
                    report.objective, recomputed
                ),
            );
        }
    }

    findings.finish()
}

/// The per-person rules for staff member number `staff` if they worked the vacancies with
/// indices `vacancies` on top of their bookings: competence, introduction, availability,
/// overlap, rest, hours, pattern and shift-type rules, including minimum hours and the shortest
/// runs of working days and days off. Used to explain why someone could not take a vacancy.
/// Out-of-range indices and repeated vacancies are reported as [`RuleKind::UnknownReference`]
/// (and the repeats ignored); they never panic.
pub fn check_member(instance: &Instance, staff: usize, vacancies: &[usize]) -> Vec<Violation> {
    let mut findings = Findings::new(instance);
    if staff >= instance.staff.len() {
        findings.push(
            RuleKind::UnknownReference,
            Who::Nobody,
            Vec::new(),
            instance.horizon_start,
            format!("staff index {staff} is out of range (the scenario has {} staff)", instance.staff.len()),
        );
        return findings.finish();
    }
    let mut seen = HashSet::new();
    let mut valid = Vec::new();
    for &v in vacancies {
        if v >= instance.vacancies.len() {
            findings.push(
                RuleKind::UnknownReference,
                Who::Member(staff),
                Vec::new(),
                instance.horizon_start,
                format!("vacancy index {v} is out of range (the scenario has {} vacancies)", instance.vacancies.len()),
            );
        } else if !seen.insert(v) {
            let vacancy = &instance.vacancies[v];
            findings.push(
                RuleKind::UnknownReference,
                Who::Member(staff),
                vec![vacancy.id.clone()],
                vacancy.shift.start,
                format!("vacancy {} is listed twice", vacancy.id),
            );
        } else {
            valid.push(v);
        }
    }
    member_rules(instance, staff, &valid, &mut findings, true);
    findings.finish()
}

/// Hard rules broken by the staff members' bookings alone, before any vacancy is assigned:
/// overlapping bookings, too little rest between them, too many hours, and so on. Minimum hours
/// and the shortest runs of working days and days off are left out, since assignments can still
/// meet them. Used to diagnose bad input.
pub fn booking_violations(instance: &Instance) -> Vec<Violation> {
    let mut findings = Findings::new(instance);
    for staff in 0..instance.staff.len() {
        member_rules(instance, staff, &[], &mut findings, false);
    }
    findings.finish()
}

/// The primary objective of `roster` recomputed from its assignments: the sum of
/// [`ObjectiveTerms`]. Only assignments naming a known vacancy and a known staff member count,
/// each (staff, vacancy) pair once; bookings never count.
pub fn objective(instance: &Instance, roster: &Roster) -> f64 {
    objective_of_assignments(instance, &roster.assignments)
}

/// [`objective`] for a bare list of assignments.
pub fn objective_of_assignments(instance: &Instance, assignments: &[Assignment]) -> f64 {
    objective_terms(instance, &valid_assignments(instance, assignments)).total()
}

/// The terms of the primary objective.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct ObjectiveTerms {
    /// Over all vacancies, the uncovered headcount `max(0, headcount - assigned)` times
    /// [`crate::model::VacancyInfo::agency_cost_per_person`].
    pub(crate) agency: f64,
    /// Over all vacancies with over-cover, the people beyond the headcount
    /// `max(0, assigned - headcount)` times its cost per person.
    pub(crate) over_cover: f64,
    /// Over every staff request ([`crate::model::Request`]): an `on` request costs its weight
    /// when none of the person's assignments matches it; an `off` request costs its weight for
    /// each assignment that does.
    pub(crate) requests: f64,
    /// Over optional members ([`crate::model::Member::hire_cost`]) with at least one
    /// assignment: their hire cost.
    pub(crate) hires: f64,
}

impl ObjectiveTerms {
    /// The primary objective: the sum of the terms.
    pub(crate) fn total(&self) -> f64 {
        self.agency + self.over_cover + self.requests + self.hires
    }
}

/// The objective terms of valid, distinct `(staff, vacancy)` index pairs.
pub(crate) fn objective_terms(instance: &Instance, pairs: &[(usize, usize)]) -> ObjectiveTerms {
    let mut terms = ObjectiveTerms::default();
    for (vacancy, &count) in instance.vacancies.iter().zip(&assigned_counts(instance, pairs)) {
        terms.agency += f64::from(vacancy.headcount.saturating_sub(count)) * vacancy.agency_cost_per_person();
        if let Some((_, cost_per_person)) = vacancy.over_cover {
            terms.over_cover += f64::from(count.saturating_sub(vacancy.headcount)) * cost_per_person;
        }
    }
    let mut worked: Vec<Vec<(i64, Option<usize>)>> = vec![Vec::new(); instance.staff.len()];
    for &(staff, v) in pairs {
        if let (Some(shifts), Some(vacancy)) = (worked.get_mut(staff), instance.vacancies.get(v)) {
            shifts.push((vacancy.shift.day, vacancy.shift_type));
        }
    }
    for (member, shifts) in instance.staff.iter().zip(&worked) {
        if let Some(cost) = member.hire_cost.filter(|_| !shifts.is_empty()) {
            terms.hires += cost;
        }
        for request in &member.requests {
            let matching = shifts.iter().filter(|&&(day, shift_type)| request.matches(day, shift_type)).count();
            terms.requests += match request.kind {
                RequestKind::On if matching == 0 => request.weight,
                RequestKind::On => 0.0,
                RequestKind::Off => request.weight * matching as f64,
            };
        }
    }
    terms
}

/// The assignments that name a known staff member and a known vacancy, as
/// `(staff index, vacancy index)` pairs in roster order, each pair once.
pub fn valid_assignments(instance: &Instance, assignments: &[Assignment]) -> Vec<(usize, usize)> {
    resolve_assignments(instance, assignments, None)
}

/// How many distinct staff members each vacancy has, by vacancy index.
pub(crate) fn assigned_counts(instance: &Instance, pairs: &[(usize, usize)]) -> Vec<u32> {
    let mut counts = vec![0u32; instance.vacancies.len()];
    for &(_, vacancy) in pairs {
        if let Some(count) = counts.get_mut(vacancy) {
            *count = count.saturating_add(1);
        }
    }
    counts
}

/// Turns assignments into `(staff, vacancy)` index pairs, reporting unknown ids and repeated
/// pairs to `findings` when given.
fn resolve_assignments(
    instance: &Instance,
    assignments: &[Assignment],
    mut findings: Option<&mut Findings>,
) -> Vec<(usize, usize)> {
    let staff_index: HashMap<&str, usize> =
        instance.staff.iter().enumerate().map(|(i, m)| (m.id.as_str(), i)).rev().collect();
    let vacancy_index: HashMap<&str, usize> =
        instance.vacancies.iter().enumerate().map(|(i, v)| (v.id.as_str(), i)).rev().collect();
    let mut first_seen: HashMap<(usize, usize), usize> = HashMap::new();
    let mut pairs = Vec::new();
    for (position, assignment) in assignments.iter().enumerate() {
        let staff = staff_index.get(assignment.staff.as_str()).copied();
        let vacancy = vacancy_index.get(assignment.vacancy.as_str()).copied();
        let who = match staff {
            Some(s) => Who::Member(s),
            None => Who::Unknown(assignment.staff.clone()),
        };
        let time = vacancy.map_or(instance.horizon_start, |v| instance.vacancies[v].shift.start);
        match (staff, vacancy) {
            (Some(s), Some(v)) => {
                if let Some(first) = first_seen.get(&(s, v)) {
                    if let Some(findings) = findings.as_deref_mut() {
                        findings.push(
                            RuleKind::UnknownReference,
                            who,
                            vec![assignment.vacancy.clone()],
                            time,
                            format!(
                                "assignments[{position}] repeats staff {} on vacancy {} (first at assignments[{first}])",
                                assignment.staff, assignment.vacancy
                            ),
                        );
                    }
                } else {
                    first_seen.insert((s, v), position);
                    pairs.push((s, v));
                }
            }
            _ => {
                if let Some(findings) = findings.as_deref_mut() {
                    let mut unknown = Vec::new();
                    if staff.is_none() {
                        unknown.push(format!("staff {:?}", assignment.staff));
                    }
                    if vacancy.is_none() {
                        unknown.push(format!("vacancy {:?}", assignment.vacancy));
                    }
                    findings.push(
                        RuleKind::UnknownReference,
                        who,
                        vec![assignment.vacancy.clone()],
                        time,
                        format!("assignments[{position}] names {}, not in the scenario", unknown.join(" and ")),
                    );
                }
            }
        }
    }
    pairs
}

/// Whom a violation concerns, for the `staff` field and the sort order.
enum Who {
    /// Roster-wide.
    Nobody,
    /// A staff member of the scenario, by index.
    Member(usize),
    /// A staff id not in the scenario.
    Unknown(String),
}

/// Sort key: roster-wide and unknown-staff problems first, then staff order, rule, time; ties
/// keep the order in which they were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct SortKey {
    known_staff: bool,
    staff: usize,
    rule: RuleKind,
    time: Instant,
}

/// Violations collected so far, with their sort keys.
struct Findings<'a> {
    instance: &'a Instance,
    found: Vec<(SortKey, Violation)>,
}

impl<'a> Findings<'a> {
    fn new(instance: &'a Instance) -> Findings<'a> {
        Findings { instance, found: Vec::new() }
    }

    fn push(&mut self, rule: RuleKind, who: Who, vacancies: Vec<String>, time: Instant, message: String) {
        let (known_staff, staff_rank, staff) = match who {
            Who::Nobody => (false, 0, None),
            Who::Unknown(id) => (false, 0, Some(id)),
            Who::Member(i) => (true, i, self.instance.staff.get(i).map(|m| m.id.clone())),
        };
        let key = SortKey { known_staff, staff: staff_rank, rule, time };
        let citation = rule.citation(self.instance.preset);
        self.found.push((key, Violation { rule, staff, vacancies, message, citation }));
    }

    fn finish(mut self) -> Vec<Violation> {
        self.found.sort_by_key(|(key, _)| *key);
        self.found.into_iter().map(|(_, v)| v).collect()
    }
}

/// Where a worked shift comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    /// A vacancy, by index.
    Vacancy(usize),
    /// One of the member's bookings, by index.
    Booking(usize),
}

/// A shift a staff member works.
#[derive(Debug, Clone, Copy)]
struct Worked {
    shift: Shift,
    source: Source,
}

/// One staff member with every shift they work, sorted by start.
struct Person<'a> {
    instance: &'a Instance,
    index: usize,
    member: &'a Member,
    worked: Vec<Worked>,
    /// Whether `worked` is also in order of day, as it is unless a zone's clocks go back across
    /// midnight: then the shifts of a run of days are one slice of it.
    by_day: bool,
    /// The longest of those shifts, in seconds (0 without any).
    longest: i64,
}

impl<'a> Person<'a> {
    /// Staff member `staff` working `vacancies` (valid indices) and their bookings; `None` for a
    /// staff index out of range.
    fn of(instance: &'a Instance, staff: usize, vacancies: &[usize]) -> Option<Person<'a>> {
        let member = instance.staff.get(staff)?;
        let mut worked: Vec<Worked> = vacancies
            .iter()
            .filter_map(|&v| {
                instance.vacancies.get(v).map(|vac| Worked { shift: vac.shift, source: Source::Vacancy(v) })
            })
            .chain(
                member
                    .bookings
                    .iter()
                    .enumerate()
                    .map(|(b, booked)| Worked { shift: booked.shift, source: Source::Booking(b) }),
            )
            .collect();
        worked.sort_by_key(|w| (w.shift.start, w.shift.end, w.source));
        let by_day = worked.windows(2).all(|pair| pair[0].shift.day <= pair[1].shift.day);
        let longest = worked.iter().map(|w| w.shift.end - w.shift.start).max().unwrap_or(0).max(0);
        Some(Person { instance, index: staff, member, worked, by_day, longest })
    }

    /// `V12` or `booking "day shift ward 5"`.
    fn name(&self, source: Source) -> String {
        match source {
            Source::Vacancy(v) => self.instance.vacancies[v].id.clone(),
            Source::Booking(b) => match self.member.bookings.get(b).map(|b| b.label.as_str()) {
                Some(label) if !label.is_empty() => format!("booking \"{label}\""),
                _ => "booking".to_string(),
            },
        }
    }

    /// `V12 (2026-10-12T07:00+02:00 .. 2026-10-12T15:30+02:00)`.
    fn describe(&self, worked: &Worked) -> String {
        format!(
            "{} ({} .. {})",
            self.name(worked.source),
            self.instance.format(worked.shift.start),
            self.instance.format(worked.shift.end)
        )
    }

    /// Names of the given shifts, comma-separated.
    fn names<'w>(&self, worked: impl IntoIterator<Item = &'w Worked>) -> String {
        worked.into_iter().map(|w| self.name(w.source)).collect::<Vec<_>>().join(", ")
    }

    /// Vacancy ids among the given shifts, in order, each once.
    fn vacancy_ids<'w>(&self, worked: impl IntoIterator<Item = &'w Worked>) -> Vec<String> {
        let mut seen = HashSet::new();
        worked
            .into_iter()
            .filter_map(|w| match w.source {
                Source::Vacancy(v) if seen.insert(v) => Some(self.instance.vacancies[v].id.clone()),
                _ => None,
            })
            .collect()
    }

    /// Shifts starting on days `[first, end)`.
    fn on_days(&self, first: i64, end: i64) -> Vec<&Worked> {
        if !self.by_day {
            return self.worked.iter().filter(|w| w.shift.day >= first && w.shift.day < end).collect();
        }
        // One slice, found by bisection: this runs for every day and week of every person, and
        // for every candidate of every agency vacancy when their reasons are worked out.
        let from = self.worked.partition_point(|w| w.shift.day < first);
        let to = self.worked.partition_point(|w| w.shift.day < end).max(from);
        self.worked[from..to].iter().collect()
    }

    /// Shifts overlapping `[from, to)`, in order of start. Sorted by start, they lie between the
    /// first shift starting at most the longest shift's length before `from` (one starting
    /// earlier ends before it) and the last starting before `to`.
    fn overlapping(&self, from: Instant, to: Instant) -> Vec<&Worked> {
        let first = self.worked.partition_point(|w| w.shift.start < from - self.longest);
        let end = self.worked.partition_point(|w| w.shift.start < to).max(first);
        self.worked[first..end].iter().filter(|w| w.shift.end > from).collect()
    }

    /// The given shifts with their names, comma-separated.
    fn named<'w>(&self, worked: Vec<&'w Worked>) -> (Vec<&'w Worked>, String) {
        let names = self.names(worked.iter().copied());
        (worked, names)
    }

    /// The shift type of an assigned vacancy (bookings have none).
    fn shift_type(&self, worked: &Worked) -> Option<usize> {
        match worked.source {
            Source::Vacancy(v) => self.instance.vacancies[v].shift_type,
            Source::Booking(_) => None,
        }
    }

    /// Id of shift type `t`.
    fn type_id(&self, t: usize) -> &str {
        self.instance.shift_types.get(t).map_or("?", |info| info.id.as_str())
    }

    fn paid_hours(worked: &[&Worked]) -> f64 {
        worked.iter().map(|w| w.shift.paid_hours).sum()
    }
}

/// Every per-person rule for staff member `staff` working `vacancies` (valid, distinct indices)
/// plus their bookings. `minimums` includes the rules more assignments can still meet: minimum
/// hours and the shortest runs of working days and of days off.
fn member_rules(instance: &Instance, staff: usize, vacancies: &[usize], findings: &mut Findings, minimums: bool) {
    let Some(person) = Person::of(instance, staff, vacancies) else {
        return;
    };
    assignment_rules(&person, findings);
    overlap_and_rest(&person, findings);
    weekly_rest(&person, findings);
    hours_per_week(&person, findings);
    hours_over_spans(&person, findings, minimums);
    consecutive_days(&person, findings);
    if minimums {
        shortest_runs(&person, findings);
    }
    weekends(&person, findings);
    shifts_per_day(&person, findings);
    shift_succession(&person, findings);
    shifts_by_type(&person, findings);
}

/// Competence, introduction and availability of each assigned vacancy.
fn assignment_rules(person: &Person, findings: &mut Findings) {
    let instance = person.instance;
    let member = person.member;
    let competence_id = |c: usize| instance.competences.get(c).map_or("?", |info| info.id.as_str());
    for worked in &person.worked {
        let Source::Vacancy(v) = worked.source else {
            continue;
        };
        let vacancy = &instance.vacancies[v];
        let ids = || vec![vacancy.id.clone()];

        let qualified = member.competences.iter().any(|&held| {
            held == vacancy.competence
                || instance
                    .competences
                    .get(held)
                    .is_some_and(|info| info.substitutes_for.iter().any(|&(k, _)| k == vacancy.competence))
        });
        if !qualified {
            let held: Vec<&str> = member.competences.iter().map(|&c| competence_id(c)).collect();
            findings.push(
                RuleKind::Competence,
                Who::Member(person.index),
                ids(),
                worked.shift.start,
                format!(
                    "{} needs {}; {} holds [{}], none of which is {} or may substitute for it",
                    person.describe(worked),
                    competence_id(vacancy.competence),
                    member.id,
                    held.join(", "),
                    competence_id(vacancy.competence)
                ),
            );
        }

        if !member.introduced.get(vacancy.unit).copied().unwrap_or(false) {
            let unit = instance.units.get(vacancy.unit);
            let site = unit.and_then(|u| instance.sites.get(u.site));
            findings.push(
                RuleKind::Introduction,
                Who::Member(person.index),
                ids(),
                worked.shift.start,
                format!(
                    "{} is at unit {} (site {}), to which {} is not introduced",
                    person.describe(worked),
                    unit.map_or("?", |u| u.id.as_str()),
                    site.map_or("?", |s| s.id.as_str()),
                    member.id
                ),
            );
        }

        for absence in &member.unavailable {
            if worked.shift.start < absence.end && absence.start < worked.shift.end {
                let reason = if absence.reason.is_empty() { String::new() } else { format!(" ({})", absence.reason) };
                findings.push(
                    RuleKind::Availability,
                    Who::Member(person.index),
                    ids(),
                    worked.shift.start,
                    format!(
                        "{} overlaps the unavailable period {} .. {}{}",
                        person.describe(worked),
                        instance.format(absence.start),
                        instance.format(absence.end),
                        reason
                    ),
                );
            }
        }
    }
}

/// Overlapping shifts, and too little rest between the end of one shift and the start of the
/// next. A rest is reported only between shifts with no other shift lying wholly between them
/// (such a shift would itself be too close to both), so each short rest is reported once.
fn overlap_and_rest(person: &Person, findings: &mut Findings) {
    let worked = &person.worked;
    let min_rest = person.member.rules.min_rest_hours;
    for (i, a) in worked.iter().enumerate() {
        for b in &worked[i + 1..] {
            // Sorted by start, so a.start <= b.start. A shift starting the rest (or, without a
            // rest rule, nothing) after `a` ends neither overlaps `a` nor comes too soon after
            // it, and neither does any later one.
            if time::hours(b.shift.start - a.shift.end) >= min_rest.unwrap_or(0.0) {
                break;
            }
            if a.shift.start < b.shift.end && b.shift.start < a.shift.end {
                findings.push(
                    RuleKind::Overlap,
                    Who::Member(person.index),
                    person.vacancy_ids([a, b]),
                    b.shift.start,
                    format!("{} overlaps {}", person.describe(a), person.describe(b)),
                );
                continue;
            }
            let Some(need) = min_rest else { continue };
            let (first, second) = if a.shift.end <= b.shift.start { (a, b) } else { (b, a) };
            let rest = time::hours(second.shift.start - first.shift.end);
            if rest >= need - HOURS_TOLERANCE {
                continue;
            }
            let in_between =
                worked.iter().any(|c| c.shift.start >= first.shift.end && c.shift.end <= second.shift.start);
            if in_between {
                continue;
            }
            let (rest_text, need_text) = distinct_numbers(rest, need);
            findings.push(
                RuleKind::MinRest,
                Who::Member(person.index),
                person.vacancy_ids([first, second]),
                first.shift.end,
                format!(
                    "rest {rest_text} h between {} (ends {}) and {} (starts {}), need {need_text} h",
                    person.name(first.source),
                    person.instance.format(first.shift.end),
                    person.name(second.source),
                    person.instance.format(second.shift.start)
                ),
            );
        }
    }
}

/// The longest continuous rest in every full 7-day period from the horizon start.
fn weekly_rest(person: &Person, findings: &mut Findings) {
    let Some(need) = person.member.rules.weekly_rest_hours else {
        return;
    };
    let instance = person.instance;
    let mut week = 0;
    while 7 * week + 7 <= instance.days {
        let window_start = instance.day_start(7 * week);
        let window_end = instance.day_start(7 * week + 7);
        let inside = person.overlapping(window_start, window_end);
        // Walk the shifts in start order, tracking the end of work so far.
        let mut free_from = window_start;
        let mut longest = (0, window_start, window_start);
        for w in &inside {
            let start = w.shift.start.max(window_start);
            if start - free_from > longest.0 {
                longest = (start - free_from, free_from, start);
            }
            free_from = free_from.max(w.shift.end.min(window_end));
        }
        if window_end - free_from > longest.0 {
            longest = (window_end - free_from, free_from, window_end);
        }
        let rest = time::hours(longest.0);
        if rest < need - HOURS_TOLERANCE {
            let (rest_text, need_text) = distinct_numbers(rest, need);
            let worked_text = if inside.is_empty() {
                String::new()
            } else {
                format!("; works {}", person.names(inside.iter().copied()))
            };
            findings.push(
                RuleKind::WeeklyRest,
                Who::Member(person.index),
                person.vacancy_ids(inside.iter().copied()),
                window_start,
                format!(
                    "longest continuous rest in the 7 days {} .. {} is {rest_text} h ({} .. {}), need {need_text} h{worked_text}",
                    instance.format(window_start),
                    instance.format(window_end),
                    instance.format(longest.1),
                    instance.format(longest.2)
                ),
            );
        }
        week += 1;
    }
}

/// Hours in every 7-day period from the horizon start (the last possibly shorter), counting each
/// shift in the period of the day it starts on.
fn hours_per_week(person: &Person, findings: &mut Findings) {
    let Some(max) = person.member.rules.max_hours_per_week else {
        return;
    };
    let instance = person.instance;
    let mut first = 0;
    while first < instance.days {
        let end = (first + 7).min(instance.days);
        let shifts = person.on_days(first, end);
        let hours = Person::paid_hours(&shifts);
        if hours > max + HOURS_TOLERANCE {
            let (hours_text, max_text) = distinct_numbers(hours, max);
            findings.push(
                RuleKind::MaxHoursPerWeek,
                Who::Member(person.index),
                person.vacancy_ids(shifts.iter().copied()),
                instance.day_start(first),
                format!(
                    "{hours_text} h in the 7-day period {} .. {} ({}), max {max_text} h",
                    format_date(instance, first),
                    format_date(instance, end - 1),
                    person.names(shifts.iter().copied())
                ),
            );
        }
        first = end;
    }
}

/// `max_hours` and `min_hours` over the horizon, and the averaging blocks (contracted hours plus
/// allowed overtime, pro rata for a shorter last block).
fn hours_over_spans(person: &Person, findings: &mut Findings, check_min_hours: bool) {
    let instance = person.instance;
    let member = person.member;
    let horizon = person.on_days(0, instance.days);
    let horizon_hours = Person::paid_hours(&horizon);
    let horizon_text = format!("{} .. {}", format_date(instance, 0), format_date(instance, instance.days - 1));

    if let Some(max) = member.max_hours {
        if horizon_hours > max + HOURS_TOLERANCE {
            let (hours_text, max_text) = distinct_numbers(horizon_hours, max);
            findings.push(
                RuleKind::MaxHours,
                Who::Member(person.index),
                person.vacancy_ids(horizon.iter().copied()),
                instance.horizon_start,
                format!(
                    "{hours_text} h over the horizon {horizon_text} ({}), max_hours {max_text} h",
                    person.names(horizon.iter().copied())
                ),
            );
        }
    }

    if check_min_hours {
        if let Some(min) = member.min_hours {
            if horizon_hours < min - HOURS_TOLERANCE {
                let (hours_text, min_text) = distinct_numbers(horizon_hours, min);
                let worked_text =
                    if horizon.is_empty() { "no shifts".to_string() } else { person.names(horizon.iter().copied()) };
                findings.push(
                    RuleKind::MinHours,
                    Who::Member(person.index),
                    person.vacancy_ids(horizon.iter().copied()),
                    instance.horizon_start,
                    format!("{hours_text} h over the horizon {horizon_text} ({worked_text}), min_hours {min_text} h"),
                );
            }
        }
    }

    if let Some(averaging) = member.rules.averaging {
        let block = 7 * i64::from(averaging.weeks.max(1));
        let mut first = 0;
        while first < instance.days {
            let end = (first + block).min(instance.days);
            let length = (end - first) as f64;
            let contract = member.contract_hours_per_week * length / 7.0;
            let overtime = averaging.overtime_hours * length / block as f64;
            let cap = contract + overtime;
            let shifts = person.on_days(first, end);
            let hours = Person::paid_hours(&shifts);
            if hours > cap + HOURS_TOLERANCE {
                let (hours_text, cap_text) = distinct_numbers(hours, cap);
                findings.push(
                    RuleKind::Averaging,
                    Who::Member(person.index),
                    person.vacancy_ids(shifts.iter().copied()),
                    instance.day_start(first),
                    format!(
                        "{hours_text} h in the averaging block {} .. {} ({}), max {cap_text} h (contract {} h + overtime {} h)",
                        format_date(instance, first),
                        format_date(instance, end - 1),
                        person.names(shifts.iter().copied()),
                        short_number(contract),
                        short_number(overtime)
                    ),
                );
            }
            first = end;
        }
    }
}

/// Runs of consecutive working days, and of consecutive night-shift days.
fn consecutive_days(person: &Person, findings: &mut Findings) {
    let rules = &person.member.rules;
    if let Some(max) = rules.max_consecutive_days {
        let days: BTreeSet<i64> = person.worked.iter().map(|w| w.shift.day).collect();
        report_runs(person, findings, &days, RuleKind::MaxConsecutiveDays, Limit::Max(max), |first, last| {
            person.named(person.on_days(first, last + 1))
        });
    }
    if let Some(max) = rules.max_consecutive_nights {
        let is_night = |w: &Worked| person.instance.is_night(&w.shift, &rules.night);
        let nights: BTreeSet<i64> = person.worked.iter().filter(|w| is_night(w)).map(|w| w.shift.day).collect();
        report_runs(person, findings, &nights, RuleKind::MaxConsecutiveNights, Limit::Max(max), |first, last| {
            person.named(person.on_days(first, last + 1).into_iter().filter(|w| is_night(w)).collect())
        });
    }
}

/// The shortest runs of working days and of days off inside the horizon. A working day is a
/// day of the horizon with a shift starting on it. Runs touching the first or last day of the
/// horizon are exempt: the roster may continue outside it.
fn shortest_runs(person: &Person, findings: &mut Findings) {
    let rules = &person.member.rules;
    let days = person.instance.days;
    let working: BTreeSet<i64> = person.worked.iter().map(|w| w.shift.day).filter(|d| (0..days).contains(d)).collect();
    if let Some(min) = rules.min_consecutive_days {
        report_runs(person, findings, &working, RuleKind::MinConsecutiveDays, Limit::Min(min), |first, last| {
            person.named(person.on_days(first, last + 1))
        });
    }
    if let Some(min) = rules.min_consecutive_days_off {
        let off: BTreeSet<i64> = (0..days).filter(|d| !working.contains(d)).collect();
        // A run that touches neither edge has working days on both sides: name their shifts.
        report_runs(person, findings, &off, RuleKind::MinConsecutiveDaysOff, Limit::Min(min), |first, last| {
            let (before, after) = (person.on_days(first - 1, first), person.on_days(last + 1, last + 2));
            let text =
                format!("between {} and {}", person.names(before.iter().copied()), person.names(after.iter().copied()));
            (before.into_iter().chain(after).collect(), text)
        });
    }
}

/// A limit on the length of maximal runs of consecutive days.
#[derive(Debug, Clone, Copy)]
enum Limit {
    /// Longer runs are violations.
    Max(u32),
    /// Shorter runs are violations unless they touch the first or last day of the horizon.
    Min(u32),
}

/// Reports every maximal run of consecutive days in `days` that breaks `limit` of `rule`;
/// `involved` gives, for the run's first and last day, the shifts to name and the text naming
/// them.
fn report_runs<'w>(
    person: &'w Person,
    findings: &mut Findings,
    days: &BTreeSet<i64>,
    rule: RuleKind,
    limit: Limit,
    involved: impl Fn(i64, i64) -> (Vec<&'w Worked>, String),
) {
    let instance = person.instance;
    let mut runs: Vec<(i64, i64)> = Vec::new();
    for &day in days {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == day => *last = day,
            _ => runs.push((day, day)),
        }
    }
    for (first, last) in runs {
        let length = last - first + 1;
        let limit_text = match limit {
            Limit::Max(max) if length > i64::from(max) => format!("max {max}"),
            Limit::Min(min) if length < i64::from(min) && first > 0 && last < instance.days - 1 => format!("min {min}"),
            _ => continue,
        };
        let (shifts, text) = involved(first, last);
        let what = match (rule, length) {
            (RuleKind::MaxConsecutiveNights, 1) => "night-shift day",
            (RuleKind::MaxConsecutiveNights, _) => "night-shift days",
            (RuleKind::MinConsecutiveDaysOff, 1) => "day off",
            (RuleKind::MinConsecutiveDaysOff, _) => "days off",
            (_, 1) => "working day",
            _ => "working days",
        };
        findings.push(
            rule,
            Who::Member(person.index),
            person.vacancy_ids(shifts.iter().copied()),
            instance.day_start(first),
            format!(
                "{length} consecutive {what} {} .. {} ({text}), {limit_text}",
                format_date(instance, first),
                format_date(instance, last),
            ),
        );
    }
}

/// Weekends touched by a shift, over the horizon (a weekend counts when its Saturday or Sunday
/// is in the horizon).
fn weekends(person: &Person, findings: &mut Findings) {
    let Some(max) = person.member.rules.max_weekends else {
        return;
    };
    let instance = person.instance;
    let mut touched: BTreeMap<i64, Vec<&Worked>> = BTreeMap::new();
    for w in &person.worked {
        if let Some(saturday) = w.shift.weekend {
            if saturday + 1 >= 0 && saturday < instance.days {
                touched.entry(saturday).or_default().push(w);
            }
        }
    }
    if touched.len() <= max as usize {
        return;
    }
    let shifts: Vec<&Worked> = touched.values().flatten().copied().collect();
    let listed: Vec<String> = touched
        .iter()
        .map(|(&saturday, shifts)| {
            format!("{} ({})", format_date(instance, saturday), person.names(shifts.iter().copied()))
        })
        .collect();
    let first = touched.keys().next().copied().unwrap_or(0);
    findings.push(
        RuleKind::MaxWeekends,
        Who::Member(person.index),
        person.vacancy_ids(shifts.iter().copied()),
        instance.day_start(first),
        format!(
            "works {} weekend{} (Saturday{} {}), max {max}",
            touched.len(),
            plural(touched.len()),
            plural(touched.len()),
            listed.join(", ")
        ),
    );
}

/// Shifts starting on one local date.
fn shifts_per_day(person: &Person, findings: &mut Findings) {
    let Some(max) = person.member.rules.max_shifts_per_day else {
        return;
    };
    let instance = person.instance;
    let mut by_day: BTreeMap<i64, Vec<&Worked>> = BTreeMap::new();
    for w in &person.worked {
        by_day.entry(w.shift.day).or_default().push(w);
    }
    for (day, shifts) in by_day {
        if shifts.len() <= max as usize {
            continue;
        }
        let described: Vec<String> = shifts.iter().map(|w| person.describe(w)).collect();
        findings.push(
            RuleKind::MaxShiftsPerDay,
            Who::Member(person.index),
            person.vacancy_ids(shifts.iter().copied()),
            instance.day_start(day),
            format!(
                "{} shifts start on {}: {}; max {max}",
                shifts.len(),
                format_date(instance, day),
                described.join(", ")
            ),
        );
    }
}

/// Shifts on consecutive days whose types may not follow each other: a shift of type `a` on
/// day `d` and one of a type in `a`'s `cannot_be_followed_by` on day `d + 1`.
fn shift_succession(person: &Person, findings: &mut Findings) {
    let instance = person.instance;
    for first in &person.worked {
        let Some(a) = person.shift_type(first) else { continue };
        let Some(forbidden) = instance.shift_types.get(a).map(|info| &info.cannot_be_followed_by) else { continue };
        for next in person.on_days(first.shift.day + 1, first.shift.day + 2) {
            let Some(b) = person.shift_type(next).filter(|b| forbidden.contains(b)) else { continue };
            findings.push(
                RuleKind::ShiftSuccession,
                Who::Member(person.index),
                person.vacancy_ids([first, next]),
                first.shift.start,
                format!(
                    "{} of type {} on {} is followed by {} of type {} on {}; {} may not follow {}",
                    person.describe(first),
                    person.type_id(a),
                    format_date(instance, first.shift.day),
                    person.describe(next),
                    person.type_id(b),
                    format_date(instance, next.shift.day),
                    person.type_id(b),
                    person.type_id(a)
                ),
            );
        }
    }
}

/// Assigned shifts of each limited type over the horizon.
fn shifts_by_type(person: &Person, findings: &mut Findings) {
    let instance = person.instance;
    for &(t, max) in &person.member.max_shifts_by_type {
        let shifts: Vec<&Worked> =
            person.on_days(0, instance.days).into_iter().filter(|w| person.shift_type(w) == Some(t)).collect();
        let Some(first) = shifts.first() else { continue };
        if shifts.len() <= max as usize {
            continue;
        }
        let never = if max == 0 { " (never)" } else { "" };
        findings.push(
            RuleKind::MaxShiftsByType,
            Who::Member(person.index),
            person.vacancy_ids(shifts.iter().copied()),
            first.shift.start,
            format!(
                "works {} shift{} of type {} over the horizon ({}), max {max}{never}",
                shifts.len(),
                plural(shifts.len()),
                person.type_id(t),
                person.names(shifts.iter().copied())
            ),
        );
    }
}

/// `"s"` unless `count` is 1.
fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// The vacancy as `V12 (2026-10-12T07:00+02:00 .. 2026-10-12T15:30+02:00)`.
fn describe_vacancy(instance: &Instance, vacancy: usize) -> String {
    let v = &instance.vacancies[vacancy];
    format!("{} ({} .. {})", v.id, instance.format(v.shift.start), instance.format(v.shift.end))
}

/// The local date of day number `day`, `YYYY-MM-DD`.
fn format_date(instance: &Instance, day: i64) -> String {
    instance.date(day).format("%Y-%m-%d").to_string()
}

/// A number with at most two decimals and no trailing zeros: `9.5`, `11`, `10.98`.
fn short_number(value: f64) -> String {
    crate::roster::decimal(value, 2)
}

/// `value` and `limit` as short numbers, with as many decimals as it takes (up to six) for them
/// not to print the same, so that "rest 11 h, need 11 h" never appears.
fn distinct_numbers(value: f64, limit: f64) -> (String, String) {
    (2..6)
        .map(|decimals| (crate::roster::decimal(value, decimals), crate::roster::decimal(limit, decimals)))
        .find(|(a, b)| a != b)
        .unwrap_or_else(|| (crate::roster::decimal(value, 6), crate::roster::decimal(limit, 6)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_short_but_never_equal_to_the_limit() {
        assert_eq!(short_number(9.5), "9.5");
        assert_eq!(short_number(11.0), "11");
        assert_eq!(short_number(10.99), "10.99");
        assert_eq!(short_number(-0.001), "0");
        // 10 h 59 min 59 s is 10.99972 h: two decimals would print "11".
        assert_eq!(distinct_numbers(10.0 + 3599.0 / 3600.0, 11.0), ("10.9997".to_string(), "11".to_string()));
        assert_eq!(distinct_numbers(9.5, 11.0), ("9.5".to_string(), "11".to_string()));
    }

    #[test]
    fn the_shifts_of_a_run_of_days_are_found_by_bisection_as_by_a_scan() {
        // Everyone in the sample pool working every vacancy and their bookings: for every run of
        // days within and around the horizon, the slice found by bisection is the scan's list.
        let instance = crate::load_instance("../../fixtures/sample-pool.json".as_ref()).unwrap();
        let all: Vec<usize> = (0..instance.vacancies.len()).collect();
        for staff in 0..instance.staff.len() {
            let person = Person::of(&instance, staff, &all).unwrap();
            assert!(person.by_day);
            let scan = Person { by_day: false, worked: person.worked.clone(), ..person };
            for first in -2..instance.days + 2 {
                for end in first - 1..first + 9 {
                    let sources = |p: &Person| p.on_days(first, end).iter().map(|w| w.source).collect::<Vec<_>>();
                    assert_eq!(sources(&person), sources(&scan), "staff {staff}, days {first}..{end}");
                }
                // Shifts overlapping a period, against a scan of all of them.
                let (from, to) = (instance.day_start(first), instance.day_start(first + 7));
                let overlapping: Vec<Source> = person.overlapping(from, to).iter().map(|w| w.source).collect();
                let scanned: Vec<Source> = person
                    .worked
                    .iter()
                    .filter(|w| w.shift.start < to && w.shift.end > from)
                    .map(|w| w.source)
                    .collect();
                assert_eq!(overlapping, scanned, "staff {staff}, from day {first}");
            }
        }
        assert!(Person::of(&instance, instance.staff.len(), &all).is_none());
    }
}

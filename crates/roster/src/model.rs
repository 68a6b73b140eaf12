//! The validated, indexed, time-resolved form of a scenario that the solver, the checker and
//! the KPIs all read.
//!
//! [`Instance::from_scenario`] checks every reference, id, number and time of a [`Scenario`],
//! collecting every problem with its JSON path instead of stopping at the first, and resolves
//! wall-clock times to real [`Instant`]s in the scenario's zone. Ids become indices.
//! Day numbers count local dates from the horizon start (a shift belongs to the date it starts on).

use crate::error::InputError;
use crate::rules::{NightDefinition, Preset, Rules};
use crate::scenario::{ObjectiveWeights, PreferenceKind, Scenario, FORMAT_VERSION};
use crate::time::{self, Instant, WallClock};
use chrono::{Datelike, NaiveDate, Weekday};
use chrono_tz::Tz;
use std::collections::HashMap;

/// A time interval `[start, end)` worked by someone: a vacancy or a booking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shift {
    /// Real start.
    pub start: Instant,
    /// Real end.
    pub end: Instant,
    /// Elapsed hours minus the unpaid break.
    pub paid_hours: f64,
    /// Local date the shift starts on, as days from the horizon start (negative before it).
    pub day: i64,
    /// The weekend the shift touches, as the day number of its Saturday.
    pub weekend: Option<i64>,
}

/// A competence with its substitution rights.
#[derive(Debug, Clone)]
pub struct CompetenceInfo {
    /// Id from the scenario.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Competences this one may stand in for, with the penalty per hour.
    pub substitutes_for: Vec<(usize, f64)>,
}

/// A unit and the site it belongs to.
#[derive(Debug, Clone)]
pub struct UnitInfo {
    /// Id from the scenario.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Index into [`Instance::sites`].
    pub site: usize,
}

/// A site.
#[derive(Debug, Clone)]
pub struct SiteInfo {
    /// Id from the scenario.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// A booked shift of a staff member.
#[derive(Debug, Clone)]
pub struct BookedShift {
    /// When.
    pub shift: Shift,
    /// Free text from the scenario.
    pub label: String,
}

/// An unavailable period.
#[derive(Debug, Clone)]
pub struct Unavailability {
    /// Start.
    pub start: Instant,
    /// End (exclusive).
    pub end: Instant,
    /// Free text from the scenario.
    pub reason: String,
}

/// A wanted or unwanted period.
#[derive(Debug, Clone)]
pub struct PreferencePeriod {
    /// For or against.
    pub kind: PreferenceKind,
    /// Start.
    pub start: Instant,
    /// End.
    pub end: Instant,
    /// Weight per overlapping shift.
    pub weight: f64,
}

/// A staff member, resolved.
#[derive(Debug, Clone)]
pub struct Member {
    /// Id from the scenario.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Indices into [`Instance::competences`].
    pub competences: Vec<usize>,
    /// `introduced[u]`: introduced to unit `u` (directly or through its site).
    pub introduced: Vec<bool>,
    /// Contracted hours per week (full-time hours times employment rate).
    pub contract_hours_per_week: f64,
    /// Least hours over the horizon, bookings included.
    pub min_hours: Option<f64>,
    /// Most hours over the horizon, bookings included.
    pub max_hours: Option<f64>,
    /// Unavailable periods.
    pub unavailable: Vec<Unavailability>,
    /// Booked shifts, sorted by start.
    pub bookings: Vec<BookedShift>,
    /// Preferences.
    pub preferences: Vec<PreferencePeriod>,
    /// `(shift type, most shifts of it over the horizon)`.
    pub max_shifts_by_type: Vec<(usize, u32)>,
    /// Weighted requests (primary objective).
    pub requests: Vec<Request>,
    /// Effective labour rules.
    pub rules: Rules,
    /// `Some(cost)` makes this an optional member, a hypothetical hire (what-if analysis): the
    /// solve decides whether to hire them, and a hired member adds `cost` (for the horizon, in
    /// agency-cost units) to the primary objective. `None` for everyone read from a scenario.
    pub hire_cost: Option<f64>,
}

impl Member {
    /// Most shifts of `shift_type` this person may work, if limited.
    pub fn max_of_type(&self, shift_type: usize) -> Option<u32> {
        self.max_shifts_by_type.iter().find(|(t, _)| *t == shift_type).map(|&(_, m)| m)
    }
}

/// A request for or against a shift type on a day, resolved.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    /// On or off.
    pub kind: crate::scenario::RequestKind,
    /// Day number from the horizon start.
    pub day: i64,
    /// Shift type, or `None` for any shift.
    pub shift_type: Option<usize>,
    /// Cost.
    pub weight: f64,
}

impl Request {
    /// Whether a shift of `shift_type` starting on `day` is what this request is about.
    pub fn matches(&self, day: i64, shift_type: Option<usize>) -> bool {
        self.day == day && (self.shift_type.is_none() || self.shift_type == shift_type)
    }
}

/// A shift type, resolved.
#[derive(Debug, Clone)]
pub struct ShiftTypeInfo {
    /// Id from the scenario.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Types that may not be worked the day after this one.
    pub cannot_be_followed_by: Vec<usize>,
}

/// A vacancy, resolved.
#[derive(Debug, Clone)]
pub struct VacancyInfo {
    /// Id from the scenario.
    pub id: String,
    /// Index into [`Instance::units`].
    pub unit: usize,
    /// Index into [`Instance::competences`].
    pub competence: usize,
    /// When.
    pub shift: Shift,
    /// People needed.
    pub headcount: u32,
    /// Agency cost multiplier.
    pub priority: f64,
    /// Agency cost of one uncovered hour of this vacancy, before `priority`.
    pub agency_cost_per_hour: f64,
    /// Cost of one uncovered person, replacing hours x price x priority.
    pub cost_per_uncovered: Option<f64>,
    /// Shift type.
    pub shift_type: Option<usize>,
    /// Extra people allowed beyond the headcount: `(most, cost each)`; `most = None` is no limit.
    pub over_cover: Option<(Option<u32>, f64)>,
}

impl VacancyInfo {
    /// Objective cost of leaving one of the headcount to the agency: hours x price x priority.
    pub fn agency_cost_per_person(&self) -> f64 {
        if let Some(cost) = self.cost_per_uncovered {
            return cost;
        }
        self.shift.paid_hours * self.agency_cost_per_hour * self.priority
    }
}

/// A validated scenario with ids turned into indices and times into instants.
#[derive(Debug, Clone)]
pub struct Instance {
    /// Scenario name.
    pub name: String,
    /// Time zone of the scenario.
    pub zone: Tz,
    /// Legal preset (for citations).
    pub preset: Preset,
    /// First local date of the horizon.
    pub start_date: NaiveDate,
    /// Number of days in the horizon.
    pub days: i64,
    /// Horizon start instant.
    pub horizon_start: Instant,
    /// Horizon end instant.
    pub horizon_end: Instant,
    /// Competences.
    pub competences: Vec<CompetenceInfo>,
    /// Sites.
    pub sites: Vec<SiteInfo>,
    /// Units.
    pub units: Vec<UnitInfo>,
    /// Staff.
    pub staff: Vec<Member>,
    /// Vacancies.
    pub vacancies: Vec<VacancyInfo>,
    /// Shift types.
    pub shift_types: Vec<ShiftTypeInfo>,
    /// Secondary objective weights.
    pub weights: ObjectiveWeights,
    /// When the plan is made (default: the horizon start).
    pub now: Instant,
    /// Days of notice: published shifts starting before `now` + this are frozen.
    pub notice_days: u32,
}

impl Instance {
    /// Validates `scenario` and resolves it; on failure returns every problem found.
    pub fn from_scenario(scenario: &Scenario) -> Result<Instance, Vec<InputError>> {
        Resolver::default().resolve(scenario)
    }

    /// Instant of local midnight starting day `day` (counted from the horizon start).
    pub fn day_start(&self, day: i64) -> Instant {
        time::local_midnight(self.start_date + chrono::Duration::days(day), self.zone)
    }

    /// The local date of day number `day`.
    pub fn date(&self, day: i64) -> NaiveDate {
        self.start_date + chrono::Duration::days(day)
    }

    /// Hours of `shift` inside the night period of `night`.
    pub fn night_hours(&self, shift: &Shift, night: &NightDefinition) -> f64 {
        let mut total = 0;
        for d in shift.day - 1..=shift.day + 1 {
            let date = self.date(d);
            let Some(from) = date.and_hms_opt(night.start_hour.min(23), 0, 0) else { continue };
            let end_date = if night.end_hour <= night.start_hour { date.succ_opt().unwrap_or(date) } else { date };
            let Some(to) = end_date.and_hms_opt(night.end_hour.min(23), 0, 0) else { continue };
            let (a, b) = (time::resolve_lenient(from, self.zone), time::resolve_lenient(to, self.zone));
            total += (shift.end.min(b) - shift.start.max(a)).max(0);
        }
        time::hours(total)
    }

    /// Whether `shift` is a night shift under `night`.
    pub fn is_night(&self, shift: &Shift, night: &NightDefinition) -> bool {
        self.night_hours(shift, night) + 1e-9 >= night.min_hours
    }

    /// Local-time label of an instant, e.g. `2026-01-05T07:00+01:00`.
    pub fn format(&self, instant: Instant) -> String {
        time::format_local(instant, self.zone)
    }

    /// Contracted hours over the whole horizon (pro rata).
    pub fn contract_hours(&self, member: &Member) -> f64 {
        member.contract_hours_per_week * self.days as f64 / 7.0
    }

    /// Number of 7-day periods (the last possibly shorter) covering the horizon.
    pub fn weeks(&self) -> i64 {
        (self.days + 6) / 7
    }

    /// The hour limits over the horizon for `member` from `max_hours` and the averaging rule:
    /// `(first_day, end_day_exclusive, max_hours)` per limited span.
    pub fn hour_caps(&self, member: &Member) -> Vec<(i64, i64, f64)> {
        let mut caps = Vec::new();
        if let Some(max) = member.max_hours {
            caps.push((0, self.days, max));
        }
        if let Some(avg) = member.rules.averaging {
            let block = 7 * i64::from(avg.weeks.max(1));
            let mut first = 0;
            while first < self.days {
                let end = (first + block).min(self.days);
                let fraction = (end - first) as f64 / block as f64;
                let cap = member.contract_hours_per_week * (end - first) as f64 / 7.0 + avg.overtime_hours * fraction;
                caps.push((first, end, cap));
                first = end;
            }
        }
        caps
    }

    /// Index of the competence with id `id`.
    pub fn competence_index(&self, id: &str) -> Option<usize> {
        self.competences.iter().position(|c| c.id == id)
    }
}

/// Builds the [`Shift`] of `[start, end)` with `break_minutes` unpaid.
fn make_shift(zone: Tz, start_date: NaiveDate, start: Instant, end: Instant, break_minutes: u32) -> Shift {
    let first = time::local_date(start, zone);
    let last = time::local_date((end - 1).max(start), zone);
    let day = (first - start_date).num_days();
    let mut weekend = None;
    let mut date = first;
    while date <= last {
        match date.weekday() {
            Weekday::Sat => weekend = Some((date - start_date).num_days()),
            Weekday::Sun => weekend = Some((date - start_date).num_days() - 1),
            _ => {}
        }
        date = date.succ_opt().unwrap_or(last + chrono::Duration::days(1));
    }
    Shift { start, end, paid_hours: time::hours(end - start - i64::from(break_minutes) * 60).max(0.0), day, weekend }
}

#[derive(Default)]
struct Resolver {
    errors: Vec<InputError>,
}

impl Resolver {
    fn err(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(InputError::new(path, message));
    }

    fn non_negative(&mut self, path: impl Into<String>, value: f64) {
        if !(value >= 0.0 && value.is_finite()) {
            self.err(path, format!("expected a number >= 0, got {value}"));
        }
    }

    fn index<'a>(&mut self, ids: impl Iterator<Item = &'a str>, path: &str, what: &str) -> HashMap<String, usize> {
        let mut map = HashMap::new();
        for (i, id) in ids.enumerate() {
            if id.is_empty() {
                self.err(format!("{path}[{i}].id"), format!("{what} id must not be empty"));
            }
            if let Some(first) = map.insert(id.to_string(), i) {
                self.err(format!("{path}[{i}].id"), format!("duplicate {what} id {id:?} (first at {path}[{first}])"));
                map.insert(id.to_string(), first);
            }
        }
        map
    }

    fn lookup(&mut self, map: &HashMap<String, usize>, id: &str, path: String, what: &str) -> Option<usize> {
        let found = map.get(id).copied();
        if found.is_none() {
            let mut known: Vec<&str> = map.keys().map(String::as_str).collect();
            known.sort_unstable();
            known.truncate(8);
            self.err(path, format!("unknown {what} {id:?} (known: {})", known.join(", ")));
        }
        found
    }

    fn instant(&mut self, zone: Tz, t: &WallClock, path: String) -> Option<Instant> {
        match t.resolve(zone) {
            Ok(i) => Some(i),
            Err(e) => {
                self.err(path, e);
                None
            }
        }
    }

    /// Resolves `start`/`end` of the object at `path`, checking end after start.
    fn interval(&mut self, zone: Tz, start: &WallClock, end: &WallClock, path: &str) -> Option<(Instant, Instant)> {
        let s = self.instant(zone, start, format!("{path}.start"));
        let e = self.instant(zone, end, format!("{path}.end"));
        let (s, e) = (s?, e?);
        if e <= s {
            self.err(format!("{path}.end"), format!("end {end} must be after start {start}"));
            return None;
        }
        Some((s, e))
    }

    fn resolve(mut self, sc: &Scenario) -> Result<Instance, Vec<InputError>> {
        if sc.format_version != FORMAT_VERSION {
            self.err(
                "format_version",
                format!("unsupported format version {} (expected {FORMAT_VERSION})", sc.format_version),
            );
        }
        let zone: Tz = match sc.time_zone.parse() {
            Ok(z) => z,
            Err(_) => {
                self.err(
                    "time_zone",
                    format!("unknown IANA time zone {:?} (e.g. \"Europe/Stockholm\", \"Europe/Oslo\")", sc.time_zone),
                );
                chrono_tz::Europe::Stockholm
            }
        };
        let start_date = sc.horizon.start;
        let days = (sc.horizon.end - sc.horizon.start).num_days();
        if days <= 0 {
            self.err("horizon.end", format!("horizon end {} must be after start {}", sc.horizon.end, sc.horizon.start));
        }
        let horizon_start = time::local_midnight(start_date, zone);
        let horizon_end = time::local_midnight(sc.horizon.end, zone);

        let preset = match &sc.rules.preset {
            None => Preset::SeAtl,
            Some(name) => Preset::from_name(name).unwrap_or_else(|| {
                self.err("rules.preset", format!("unknown preset {name:?} (expected se-atl, no-aml, eu-wtd or none)"));
                Preset::SeAtl
            }),
        };
        let now = match &sc.planning.now {
            None => horizon_start,
            Some(t) => t.resolve(zone).unwrap_or_else(|e| {
                self.err("planning.now", e);
                horizon_start
            }),
        };
        let base_rules = preset.rules().overridden(&sc.rules.overrides);
        self.check_rules(&base_rules, "rules");

        // Competences.
        let comp_ix = self.index(sc.competences.iter().map(|c| c.id.as_str()), "competences", "competence");
        let mut competences = Vec::new();
        for (i, c) in sc.competences.iter().enumerate() {
            let mut subs = Vec::new();
            for (j, s) in c.substitutes_for.iter().enumerate() {
                let path = format!("competences[{i}].substitutes_for[{j}]");
                self.non_negative(format!("{path}.penalty_per_hour"), s.penalty_per_hour);
                if let Some(k) = self.lookup(&comp_ix, &s.competence, format!("{path}.competence"), "competence") {
                    if k != i {
                        subs.push((k, s.penalty_per_hour));
                    }
                }
            }
            competences.push(CompetenceInfo { id: c.id.clone(), name: c.name.clone(), substitutes_for: subs });
        }

        // Sites and units.
        let site_ix = self.index(sc.sites.iter().map(|s| s.id.as_str()), "sites", "site");
        let all_units: Vec<(usize, usize, &crate::scenario::Unit)> = sc
            .sites
            .iter()
            .enumerate()
            .flat_map(|(si, s)| s.units.iter().enumerate().map(move |(ui, u)| (si, ui, u)))
            .collect();
        let mut unit_ix = HashMap::new();
        let mut units = Vec::new();
        for (si, ui, u) in &all_units {
            let path = format!("sites[{si}].units[{ui}].id");
            if u.id.is_empty() {
                self.err(path.clone(), "unit id must not be empty");
            }
            if unit_ix.contains_key(&u.id) {
                self.err(path, format!("duplicate unit id {:?}", u.id));
                continue;
            }
            unit_ix.insert(u.id.clone(), units.len());
            units.push(UnitInfo { id: u.id.clone(), name: u.name.clone(), site: *si });
        }
        let sites = sc.sites.iter().map(|s| SiteInfo { id: s.id.clone(), name: s.name.clone() }).collect();

        // Shift types.
        let type_ix = self.index(sc.shift_types.iter().map(|t| t.id.as_str()), "shift_types", "shift type");
        let mut shift_types = Vec::new();
        for (i, t) in sc.shift_types.iter().enumerate() {
            let mut next = Vec::new();
            for (j, n) in t.cannot_be_followed_by.iter().enumerate() {
                let path = format!("shift_types[{i}].cannot_be_followed_by[{j}]");
                if let Some(k) = self.lookup(&type_ix, n, path, "shift type") {
                    next.push(k);
                }
            }
            shift_types.push(ShiftTypeInfo { id: t.id.clone(), name: t.name.clone(), cannot_be_followed_by: next });
        }

        // Agency costs.
        self.non_negative("agency.default_cost_per_hour", sc.agency.default_cost_per_hour);
        let mut agency = vec![sc.agency.default_cost_per_hour; competences.len()];
        for (id, cost) in &sc.agency.cost_per_hour {
            self.non_negative(format!("agency.cost_per_hour.{id}"), *cost);
            if let Some(k) = self.lookup(&comp_ix, id, format!("agency.cost_per_hour.{id}"), "competence") {
                agency[k] = *cost;
            }
        }
        let w = &sc.objective;
        self.non_negative("objective.overtime_per_hour", w.overtime_per_hour);
        self.non_negative("objective.fairness_per_hour", w.fairness_per_hour);
        self.non_negative("objective.change_per_shift", w.change_per_shift);
        self.non_negative("objective.preference", w.preference);

        // Staff.
        let _ = self.index(sc.staff.iter().map(|s| s.id.as_str()), "staff", "staff");
        let mut staff = Vec::new();
        for (i, s) in sc.staff.iter().enumerate() {
            let p = format!("staff[{i}]");
            let mut comps = Vec::new();
            for (j, c) in s.competences.iter().enumerate() {
                if let Some(k) = self.lookup(&comp_ix, c, format!("{p}.competences[{j}]"), "competence") {
                    comps.push(k);
                }
            }
            let mut introduced = vec![false; units.len()];
            for (j, u) in s.units.iter().enumerate() {
                if let Some(k) = self.lookup(&unit_ix, u, format!("{p}.units[{j}]"), "unit") {
                    introduced[k] = true;
                }
            }
            for (j, site) in s.sites.iter().enumerate() {
                if let Some(k) = self.lookup(&site_ix, site, format!("{p}.sites[{j}]"), "site") {
                    for (u, info) in units.iter().enumerate() {
                        if info.site == k {
                            introduced[u] = true;
                        }
                    }
                }
            }
            let c = &s.contract;
            if !(c.hours_per_week >= 0.0 && c.hours_per_week <= 168.0) {
                self.err(
                    format!("{p}.contract.hours_per_week"),
                    format!("expected hours between 0 and 168, got {}", c.hours_per_week),
                );
            }
            if !(c.employment_rate > 0.0 && c.employment_rate <= 1.0) {
                self.err(
                    format!("{p}.contract.employment_rate"),
                    format!("expected a rate in (0, 1], got {}", c.employment_rate),
                );
            }
            for (name, value) in [("min_hours", s.min_hours), ("max_hours", s.max_hours)] {
                if let Some(h) = value {
                    if !(0.0..=100_000.0).contains(&h) {
                        self.err(format!("{p}.{name}"), format!("expected hours between 0 and 100000, got {h}"));
                    }
                }
            }
            if let (Some(lo), Some(hi)) = (s.min_hours, s.max_hours) {
                if lo > hi {
                    self.err(format!("{p}.min_hours"), format!("min_hours {lo} exceeds max_hours {hi}"));
                }
            }
            let mut unavailable = Vec::new();
            for (j, a) in s.unavailable.iter().enumerate() {
                if let Some((start, end)) = self.interval(zone, &a.start, &a.end, &format!("{p}.unavailable[{j}]")) {
                    unavailable.push(Unavailability { start, end, reason: a.reason.clone() });
                }
            }
            let mut bookings = Vec::new();
            for (j, b) in s.bookings.iter().enumerate() {
                let path = format!("{p}.bookings[{j}]");
                if let Some((start, end)) = self.interval(zone, &b.start, &b.end, &path) {
                    if i64::from(b.break_minutes) * 60 >= end - start {
                        self.err(format!("{path}.break_minutes"), "break must be shorter than the shift");
                    }
                    if end - start > 24 * time::HOUR {
                        self.err(format!("{path}.end"), "a booked shift may last at most 24 hours");
                    }
                    let shift = make_shift(zone, start_date, start, end, b.break_minutes);
                    bookings.push(BookedShift { shift, label: b.label.clone() });
                }
            }
            bookings.sort_by_key(|b| b.shift.start);
            let mut preferences = Vec::new();
            for (j, pr) in s.preferences.iter().enumerate() {
                let path = format!("{p}.preferences[{j}]");
                self.non_negative(format!("{path}.weight"), pr.weight);
                if let Some((start, end)) = self.interval(zone, &pr.start, &pr.end, &path) {
                    preferences.push(PreferencePeriod { kind: pr.kind, start, end, weight: pr.weight });
                }
            }
            let mut max_shifts_by_type = Vec::new();
            for (id, most) in &s.max_shifts_by_type {
                if let Some(k) = self.lookup(&type_ix, id, format!("{p}.max_shifts_by_type.{id}"), "shift type") {
                    max_shifts_by_type.push((k, *most));
                }
            }
            let mut requests = Vec::new();
            for (j, r) in s.requests.iter().enumerate() {
                let path = format!("{p}.requests[{j}]");
                self.non_negative(format!("{path}.weight"), r.weight);
                let day = (r.date - start_date).num_days();
                if days > 0 && !(0..days).contains(&day) {
                    self.err(
                        format!("{path}.date"),
                        format!(
                            "request date {} outside the horizon {} .. {}",
                            r.date, sc.horizon.start, sc.horizon.end
                        ),
                    );
                }
                let shift_type = match &r.shift_type {
                    None => None,
                    Some(id) => match self.lookup(&type_ix, id, format!("{path}.shift_type"), "shift type") {
                        Some(k) => Some(k),
                        None => continue,
                    },
                };
                requests.push(Request { kind: r.kind, day, shift_type, weight: r.weight });
            }
            let rules = base_rules.overridden(&s.rules);
            self.check_rules(&rules, &format!("{p}.rules"));
            staff.push(Member {
                id: s.id.clone(),
                name: s.name.clone(),
                competences: comps,
                introduced,
                contract_hours_per_week: c.hours_per_week * c.employment_rate,
                min_hours: s.min_hours,
                max_hours: s.max_hours,
                unavailable,
                bookings,
                preferences,
                max_shifts_by_type,
                requests,
                rules,
                hire_cost: None,
            });
        }

        // Vacancies.
        let _ = self.index(sc.vacancies.iter().map(|v| v.id.as_str()), "vacancies", "vacancy");
        let mut vacancies = Vec::new();
        for (i, v) in sc.vacancies.iter().enumerate() {
            let p = format!("vacancies[{i}]");
            let unit = self.lookup(&unit_ix, &v.unit, format!("{p}.unit"), "unit");
            let competence = self.lookup(&comp_ix, &v.competence, format!("{p}.competence"), "competence");
            if v.headcount == 0 && v.over_cover.is_none() {
                self.err(format!("{p}.headcount"), "expected a headcount of at least 1 (0 only with over_cover)");
            }
            self.non_negative(format!("{p}.priority"), v.priority);
            if let Some(c) = v.cost_per_uncovered {
                self.non_negative(format!("{p}.cost_per_uncovered"), c);
            }
            if let Some(o) = &v.over_cover {
                self.non_negative(format!("{p}.over_cover.cost_per_person"), o.cost_per_person);
            }
            let shift_type = match &v.shift_type {
                None => None,
                Some(id) => match self.lookup(&type_ix, id, format!("{p}.shift_type"), "shift type") {
                    Some(k) => Some(k),
                    None => continue,
                },
            };
            let Some((start, end)) = self.interval(zone, &v.start, &v.end, &p) else { continue };
            if i64::from(v.break_minutes) * 60 >= end - start {
                self.err(format!("{p}.break_minutes"), "break must be shorter than the shift");
            }
            if end - start > 24 * time::HOUR {
                self.err(format!("{p}.end"), "a shift may last at most 24 hours");
            }
            if days > 0 && (start < horizon_start || start >= horizon_end) {
                self.err(
                    format!("{p}.start"),
                    format!(
                        "vacancy starts at {} outside the horizon {} .. {}",
                        v.start, sc.horizon.start, sc.horizon.end
                    ),
                );
            }
            let (Some(unit), Some(competence)) = (unit, competence) else { continue };
            vacancies.push(VacancyInfo {
                id: v.id.clone(),
                unit,
                competence,
                shift: make_shift(zone, start_date, start, end, v.break_minutes),
                headcount: v.headcount,
                priority: v.priority,
                agency_cost_per_hour: agency[competence],
                cost_per_uncovered: v.cost_per_uncovered,
                shift_type,
                over_cover: v.over_cover.as_ref().map(|o| (o.max, o.cost_per_person)),
            });
        }

        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        Ok(Instance {
            name: sc.name.clone(),
            zone,
            preset,
            start_date,
            days,
            horizon_start,
            horizon_end,
            competences,
            sites,
            units,
            staff,
            vacancies,
            shift_types,
            weights: sc.objective.clone(),
            now,
            notice_days: sc.planning.notice_days.unwrap_or(preset.notice_days()),
        })
    }

    fn check_rules(&mut self, r: &Rules, path: &str) {
        for (name, value) in [
            ("min_rest_hours", r.min_rest_hours),
            ("weekly_rest_hours", r.weekly_rest_hours),
            ("max_hours_per_week", r.max_hours_per_week),
        ] {
            if let Some(v) = value {
                if !(0.0..=168.0).contains(&v) {
                    self.err(format!("{path}.{name}"), format!("expected hours between 0 and 168 (one week), got {v}"));
                }
            }
        }
        if let Some(a) = r.averaging {
            if !(1..=52).contains(&a.weeks) {
                self.err(format!("{path}.averaging.weeks"), format!("expected 1 to 52 weeks, got {}", a.weeks));
            }
            if !(0.0..=1000.0).contains(&a.overtime_hours) {
                self.err(
                    format!("{path}.averaging.overtime_hours"),
                    format!("expected hours between 0 and 1000, got {}", a.overtime_hours),
                );
            }
        }
        if r.max_shifts_per_day == Some(0) {
            self.err(format!("{path}.max_shifts_per_day"), "expected at least 1 (use unavailability to block days)");
        }
        let n = r.night;
        if n.start_hour > 23 || n.end_hour > 23 || n.start_hour == n.end_hour {
            self.err(format!("{path}.night"), "expected night start_hour and end_hour in 0..=23 and different");
        }
        if !(n.min_hours > 0.0 && n.min_hours <= 24.0) {
            self.err(
                format!("{path}.night.min_hours"),
                format!("expected hours above 0 and at most 24, got {}", n.min_hours),
            );
        }
    }
}

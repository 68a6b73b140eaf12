//! The Curtois & Qu nurse-rostering benchmark (the 24 instances of schedulingbenchmarks.org,
//! plain-text format `InstanceN.txt`).
//!
//! [`parse`] reads the file into a [`CurtoisInstance`] that mirrors it field for field, checking
//! every number and reference and reporting the first problem with its line; [`to_scenario`]
//! maps that onto native scenario features without losing anything:
//!
//! | benchmark | scenario |
//! |---|---|
//! | day 0 (a Monday) … `SECTION_HORIZON` − 1 | 2024-01-01 (a Monday) onwards, zone `UTC` (no DST) |
//! | shift type with its "cannot follow" list | `shift_types[]` with `cannot_be_followed_by` |
//! | one shift per day | `rules: {preset: "none", max_shifts_per_day: 1}` |
//! | `MaxShifts` | staff `max_shifts_by_type` (0 = never that type) |
//! | `MaxTotalMinutes`, `MinTotalMinutes` | staff `max_hours`, `min_hours` (minutes / 60) |
//! | `MaxConsecutiveShifts`, `MinConsecutiveShifts`, `MinConsecutiveDaysOff`, `MaxWeekends` | staff `rules` overrides `max_consecutive_days`, `min_consecutive_days`, `min_consecutive_days_off`, `max_weekends` |
//! | days off | staff `unavailable`, each the whole day 00:00–24:00 |
//! | shift-on / shift-off request | staff `requests` (`on` / `off`, same weight) |
//! | cover (day, shift, requirement, under, over) | vacancy `d{day}-{shift}` at 00:00 of the day lasting the shift's length: `headcount`, `cost_per_uncovered` = under, `over_cover` = unlimited at over |
//!
//! Every (day, shift type) becomes one vacancy; a pair without a cover row gets headcount 0 and
//! costs 0, which is what the benchmark means by it. The secondary objective is switched off
//! (overtime, fairness and preference weights 0), so the scenario's primary objective is the
//! benchmark's objective.

use super::ParseError;
use crate::rules::RuleOverrides;
use crate::scenario::{
    Absence, AgencyCosts, Competence, Contract, Horizon, ObjectiveWeights, OverCover, RequestKind, RuleSettings,
    Scenario, ShiftRequest, ShiftType, Site, Staff, Unit, Vacancy, FORMAT_VERSION,
};
use crate::time::WallClock;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The sections of a file, in their fixed order.
pub const SECTIONS: [&str; 7] = [
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
];

/// Longest horizon accepted, in days (the benchmark's longest is 364).
pub const MAX_DAYS: usize = 10_000;

/// Longest shift accepted, in minutes (a scenario shift lasts at most 24 hours).
pub const MAX_SHIFT_MINUTES: u32 = 24 * 60;

/// Largest `MaxTotalMinutes`/`MinTotalMinutes` accepted (100 000 hours, the scenario's limit).
pub const MAX_TOTAL_MINUTES: u32 = 6_000_000;

/// The id of the one competence every imported staff member holds and every vacancy requires.
pub const COMPETENCE: &str = "nurse";
/// The id of the one site of an imported scenario.
pub const SITE: &str = "hospital";
/// The id of the one unit of an imported scenario.
pub const UNIT: &str = "ward";

/// The first date of an imported horizon: Monday 2024-01-01 (benchmark day 0 is a Monday).
pub fn start_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
}

/// A benchmark instance exactly as the file states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurtoisInstance {
    /// Number of days; day 0 is a Monday.
    pub days: usize,
    /// `SECTION_SHIFTS`, in file order.
    pub shifts: Vec<ShiftSpec>,
    /// `SECTION_STAFF` in file order, with each employee's days off from `SECTION_DAYS_OFF`.
    pub staff: Vec<Employee>,
    /// `SECTION_SHIFT_ON_REQUESTS`, in file order.
    pub shift_on_requests: Vec<Request>,
    /// `SECTION_SHIFT_OFF_REQUESTS`, in file order.
    pub shift_off_requests: Vec<Request>,
    /// `SECTION_COVER`, in file order.
    pub cover: Vec<Cover>,
}

/// A shift type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftSpec {
    /// Shift id.
    pub id: String,
    /// Length in minutes.
    pub minutes: u32,
    /// Shift ids that may not be worked on the day after this one.
    pub cannot_follow: Vec<String>,
}

/// An employee and their contract limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Employee {
    /// Employee id.
    pub id: String,
    /// `(shift id, most shifts of that type)`, in file order.
    pub max_shifts: Vec<(String, u32)>,
    /// Most minutes worked over the horizon.
    pub max_total_minutes: u32,
    /// Least minutes worked over the horizon.
    pub min_total_minutes: u32,
    /// Longest run of working days.
    pub max_consecutive_shifts: u32,
    /// Shortest run of working days not touching the horizon's ends.
    pub min_consecutive_shifts: u32,
    /// Shortest run of days off not touching the horizon's ends.
    pub min_consecutive_days_off: u32,
    /// Most weekends worked.
    pub max_weekends: u32,
    /// Day indexes the employee may not work, in file order.
    pub days_off: Vec<usize>,
}

/// A shift-on or shift-off request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Employee id.
    pub employee: String,
    /// Day index.
    pub day: usize,
    /// Shift id.
    pub shift: String,
    /// Penalty when the request is not met.
    pub weight: u32,
}

/// A cover requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    /// Day index.
    pub day: usize,
    /// Shift id.
    pub shift: String,
    /// People wanted.
    pub requirement: u32,
    /// Penalty per person short.
    pub weight_under: u32,
    /// Penalty per person beyond the requirement.
    pub weight_over: u32,
}

/// A line that is neither blank nor a comment, trimmed.
#[derive(Debug, Clone, Copy)]
struct Row<'a> {
    line: usize,
    text: &'a str,
}

/// Parses the text of an instance file (CRLF or LF line ends).
pub fn parse(text: &str) -> Result<CurtoisInstance, ParseError> {
    let mut reader = Reader::new(text);
    let horizon = reader.section(SECTIONS[0])?;
    let days = parse_horizon(&horizon)?;
    let shifts = parse_shifts(&reader.section(SECTIONS[1])?)?;
    let shift_ids = Ids::new(shifts.iter().map(|s| s.id.as_str()), "shift");
    let mut staff = parse_staff(&reader.section(SECTIONS[2])?, &shift_ids)?;
    let staff_ids = Ids::new(staff.iter().map(|e| e.id.as_str()), "employee");
    let refs = Refs { days, shifts: &shift_ids, staff: &staff_ids };
    for row in reader.section(SECTIONS[3])?.rows {
        let fields = split(row);
        let employee = refs.employee(row, fields[0])?;
        for field in &fields[1..] {
            let day = refs.day(row, field)?;
            staff[employee].days_off.push(day);
        }
    }
    let shift_on_requests = parse_requests(&reader.section(SECTIONS[4])?, &refs)?;
    let shift_off_requests = parse_requests(&reader.section(SECTIONS[5])?, &refs)?;
    let cover = parse_cover(&reader.section(SECTIONS[6])?, &refs)?;
    reader.end()?;
    Ok(CurtoisInstance { days, shifts, staff, shift_on_requests, shift_off_requests, cover })
}

/// The content rows of a file, read section by section.
struct Reader<'a> {
    rows: Vec<Row<'a>>,
    next: usize,
    /// The line number of the end of the file.
    eof_line: usize,
    /// The section read last.
    previous: &'static str,
}

/// One section: its header line and its data rows.
struct Section<'a> {
    name: &'static str,
    line: usize,
    rows: Vec<Row<'a>>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Reader<'a> {
        let mut rows = Vec::new();
        let mut eof_line = 1;
        for (i, raw) in text.split('\n').enumerate() {
            eof_line = i + 1;
            let text = raw.trim();
            if !text.is_empty() && !text.starts_with('#') {
                rows.push(Row { line: i + 1, text });
            }
        }
        Reader { rows, next: 0, eof_line, previous: "" }
    }

    /// Reads the header `name` and the rows up to the next section header.
    fn section(&mut self, name: &'static str) -> Result<Section<'a>, ParseError> {
        let Some(head) = self.rows.get(self.next) else {
            return Err(ParseError::new(self.eof_line, format!("expected {name}, found the end of the file")));
        };
        if head.text != name {
            return Err(ParseError::new(head.line, format!("expected {name}, found {:?}", head.text)));
        }
        let first = self.next + 1;
        let mut end = first;
        while self.rows.get(end).is_some_and(|r| !r.text.starts_with("SECTION_")) {
            end += 1;
        }
        self.next = end;
        self.previous = name;
        Ok(Section { name, line: head.line, rows: self.rows[first..end].to_vec() })
    }

    /// Fails if anything follows the last section.
    fn end(&self) -> Result<(), ParseError> {
        match self.rows.get(self.next) {
            None => Ok(()),
            Some(row) => Err(ParseError::new(
                row.line,
                format!("expected the end of the file after {}, found {:?}", self.previous, row.text),
            )),
        }
    }
}

/// The comma-separated fields of a row, trimmed.
fn split(row: Row<'_>) -> Vec<&str> {
    row.text.split(',').map(str::trim).collect()
}

/// The fields of a row that must have exactly `names.len()` of them.
fn fields<'a>(row: Row<'a>, names: &[&str]) -> Result<Vec<&'a str>, ParseError> {
    let fields = split(row);
    if fields.len() != names.len() {
        return Err(ParseError::new(
            row.line,
            format!(
                "expected {} comma-separated fields ({}), found {}: {:?}",
                names.len(),
                names.join(", "),
                fields.len(),
                row.text
            ),
        ));
    }
    Ok(fields)
}

/// A non-negative integer field. A sign is allowed: Instance15 writes some requirements as `-0`.
fn number(row: Row<'_>, text: &str, what: &str) -> Result<u32, ParseError> {
    text.parse::<i64>()
        .ok()
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| ParseError::new(row.line, format!("expected {what} as a non-negative integer, found {text:?}")))
}

/// A non-empty id field.
fn id<'a>(row: Row<'_>, text: &'a str, what: &str) -> Result<&'a str, ParseError> {
    if text.is_empty() {
        return Err(ParseError::new(row.line, format!("expected {what}, found an empty field")));
    }
    Ok(text)
}

/// Known ids of one kind, with their positions.
struct Ids {
    what: &'static str,
    index: HashMap<String, usize>,
    listing: String,
}

impl Ids {
    fn new<'a>(ids: impl Iterator<Item = &'a str>, what: &'static str) -> Ids {
        let mut index = HashMap::new();
        let mut names = Vec::new();
        for (i, id) in ids.enumerate() {
            index.entry(id.to_string()).or_insert(i);
            names.push(id);
        }
        let mut listing = names.iter().take(8).copied().collect::<Vec<_>>().join(", ");
        if names.len() > 8 {
            listing.push_str(", …");
        }
        Ids { what, index, listing }
    }

    fn find(&self, row: Row<'_>, text: &str) -> Result<usize, ParseError> {
        self.index.get(text).copied().ok_or_else(|| {
            ParseError::new(row.line, format!("unknown {} id {text:?} (expected one of {})", self.what, self.listing))
        })
    }
}

/// Checks that ids are unique, remembering the line of each.
struct Unique(HashMap<String, usize>, &'static str);

impl Unique {
    fn insert(&mut self, row: Row<'_>, id: &str) -> Result<(), ParseError> {
        if let Some(first) = self.0.insert(id.to_string(), row.line) {
            return Err(ParseError::new(row.line, format!("duplicate {} id {id:?} (first on line {first})", self.1)));
        }
        Ok(())
    }
}

/// What rows of the later sections refer to.
struct Refs<'a> {
    days: usize,
    shifts: &'a Ids,
    staff: &'a Ids,
}

impl Refs<'_> {
    fn day(&self, row: Row<'_>, text: &str) -> Result<usize, ParseError> {
        let day = number(row, text, "a day index")? as usize;
        if day >= self.days {
            return Err(ParseError::new(
                row.line,
                format!(
                    "expected a day index from 0 to {} (the horizon has {} days), found {day}",
                    self.days - 1,
                    self.days
                ),
            ));
        }
        Ok(day)
    }

    fn shift(&self, row: Row<'_>, text: &str) -> Result<usize, ParseError> {
        self.shifts.find(row, text)
    }

    fn employee(&self, row: Row<'_>, text: &str) -> Result<usize, ParseError> {
        self.staff.find(row, text)
    }
}

/// A section that must have at least one row.
fn non_empty<'s, 'a>(section: &'s Section<'a>, what: &str) -> Result<&'s [Row<'a>], ParseError> {
    if section.rows.is_empty() {
        return Err(ParseError::new(section.line, format!("expected at least one {what} after {}", section.name)));
    }
    Ok(&section.rows)
}

fn parse_horizon(section: &Section<'_>) -> Result<usize, ParseError> {
    let rows = non_empty(section, "line with the number of days")?;
    if let Some(extra) = rows.get(1) {
        return Err(ParseError::new(
            extra.line,
            format!("expected {} after the number of days, found {:?}", SECTIONS[1], extra.text),
        ));
    }
    let row = rows[0];
    let days = number(row, fields(row, &["number of days"])?[0], "the number of days")? as usize;
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(ParseError::new(row.line, format!("expected a horizon of 1 to {MAX_DAYS} days, found {days}")));
    }
    Ok(days)
}

fn parse_shifts(section: &Section<'_>) -> Result<Vec<ShiftSpec>, ParseError> {
    let rows = non_empty(section, "shift type")?;
    let mut unique = Unique(HashMap::new(), "shift");
    let mut shifts = Vec::new();
    for &row in rows {
        let f = fields(row, &["ShiftID", "Length in mins", "Shifts which cannot follow this shift | separated"])?;
        let shift_id = id(row, f[0], "a shift id")?;
        unique.insert(row, shift_id)?;
        let minutes = number(row, f[1], "the shift length in minutes")?;
        if !(1..=MAX_SHIFT_MINUTES).contains(&minutes) {
            return Err(ParseError::new(
                row.line,
                format!("expected a shift length of 1 to {MAX_SHIFT_MINUTES} minutes, found {minutes}"),
            ));
        }
        let cannot_follow = if f[2].is_empty() {
            Vec::new()
        } else {
            f[2].split('|')
                .map(|s| id(row, s.trim(), "a shift id in the '|'-separated list").map(str::to_string))
                .collect::<Result<_, _>>()?
        };
        shifts.push(ShiftSpec { id: shift_id.to_string(), minutes, cannot_follow });
    }
    // The lists may name shifts defined further down: resolve them once all are known.
    let ids = Ids::new(shifts.iter().map(|s| s.id.as_str()), "shift");
    for (shift, &row) in shifts.iter().zip(rows) {
        for next in &shift.cannot_follow {
            ids.find(row, next)?;
        }
    }
    Ok(shifts)
}

fn parse_staff(section: &Section<'_>, shifts: &Ids) -> Result<Vec<Employee>, ParseError> {
    let rows = non_empty(section, "employee")?;
    let mut unique = Unique(HashMap::new(), "employee");
    let mut staff = Vec::new();
    for &row in rows {
        let f = fields(
            row,
            &[
                "ID",
                "MaxShifts",
                "MaxTotalMinutes",
                "MinTotalMinutes",
                "MaxConsecutiveShifts",
                "MinConsecutiveShifts",
                "MinConsecutiveDaysOff",
                "MaxWeekends",
            ],
        )?;
        let employee = id(row, f[0], "an employee id")?;
        unique.insert(row, employee)?;
        let mut max_shifts: Vec<(String, u32)> = Vec::new();
        if !f[1].is_empty() {
            for entry in f[1].split('|') {
                let Some((shift, most)) = entry.split_once('=') else {
                    return Err(ParseError::new(
                        row.line,
                        format!("expected MaxShifts entries like \"E=14\" separated by '|', found {entry:?}"),
                    ));
                };
                let shift = shift.trim();
                shifts.find(row, shift)?;
                if max_shifts.iter().any(|(s, _)| s == shift) {
                    return Err(ParseError::new(row.line, format!("MaxShifts names shift {shift:?} twice")));
                }
                let most = number(row, most.trim(), &format!("MaxShifts of shift {shift:?}"))?;
                max_shifts.push((shift.to_string(), most));
            }
        }
        let total = |i: usize, what: &str| -> Result<u32, ParseError> {
            let minutes = number(row, f[i], what)?;
            if minutes > MAX_TOTAL_MINUTES {
                return Err(ParseError::new(
                    row.line,
                    format!("expected {what} of at most {MAX_TOTAL_MINUTES} minutes, found {minutes}"),
                ));
            }
            Ok(minutes)
        };
        let max_total_minutes = total(2, "MaxTotalMinutes")?;
        let min_total_minutes = total(3, "MinTotalMinutes")?;
        if min_total_minutes > max_total_minutes {
            return Err(ParseError::new(
                row.line,
                format!("expected MinTotalMinutes ({min_total_minutes}) at most MaxTotalMinutes ({max_total_minutes})"),
            ));
        }
        staff.push(Employee {
            id: employee.to_string(),
            max_shifts,
            max_total_minutes,
            min_total_minutes,
            max_consecutive_shifts: number(row, f[4], "MaxConsecutiveShifts")?,
            min_consecutive_shifts: number(row, f[5], "MinConsecutiveShifts")?,
            min_consecutive_days_off: number(row, f[6], "MinConsecutiveDaysOff")?,
            max_weekends: number(row, f[7], "MaxWeekends")?,
            days_off: Vec::new(),
        });
    }
    Ok(staff)
}

fn parse_requests(section: &Section<'_>, refs: &Refs<'_>) -> Result<Vec<Request>, ParseError> {
    let mut requests = Vec::new();
    for &row in &section.rows {
        let f = fields(row, &["EmployeeID", "Day", "ShiftID", "Weight"])?;
        refs.employee(row, f[0])?;
        let day = refs.day(row, f[1])?;
        refs.shift(row, f[2])?;
        let weight = number(row, f[3], "the weight")?;
        requests.push(Request { employee: f[0].to_string(), day, shift: f[2].to_string(), weight });
    }
    Ok(requests)
}

fn parse_cover(section: &Section<'_>, refs: &Refs<'_>) -> Result<Vec<Cover>, ParseError> {
    let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
    let mut cover = Vec::new();
    for &row in &section.rows {
        let f = fields(row, &["Day", "ShiftID", "Requirement", "Weight for under", "Weight for over"])?;
        let day = refs.day(row, f[0])?;
        let shift = refs.shift(row, f[1])?;
        if let Some(first) = seen.insert((day, shift), row.line) {
            return Err(ParseError::new(
                row.line,
                format!("duplicate cover row for day {day}, shift {:?} (first on line {first})", f[1]),
            ));
        }
        cover.push(Cover {
            day,
            shift: f[1].to_string(),
            requirement: number(row, f[2], "the requirement")?,
            weight_under: number(row, f[3], "the weight for under")?,
            weight_over: number(row, f[4], "the weight for over")?,
        });
    }
    Ok(cover)
}

/// Local midnight of `day` plus `minutes`.
fn at(day: usize, minutes: u32) -> WallClock {
    let midnight: NaiveDateTime = start_date().and_hms_opt(0, 0, 0).unwrap_or_default();
    WallClock::Local(midnight + Duration::days(day as i64) + Duration::minutes(i64::from(minutes)))
}

/// Maps a parsed instance onto a scenario named `name` (see the module documentation).
pub fn to_scenario(instance: &CurtoisInstance, name: &str) -> Scenario {
    let days = instance.days;
    let start = start_date();
    let mut requests: BTreeMap<&str, Vec<ShiftRequest>> = BTreeMap::new();
    for (kind, list) in
        [(RequestKind::On, &instance.shift_on_requests), (RequestKind::Off, &instance.shift_off_requests)]
    {
        for r in list {
            requests.entry(r.employee.as_str()).or_default().push(ShiftRequest {
                kind,
                date: start + Duration::days(r.day as i64),
                shift_type: Some(r.shift.clone()),
                weight: f64::from(r.weight),
            });
        }
    }
    let weeks = days as f64 / 7.0;
    let staff = instance
        .staff
        .iter()
        .map(|e| {
            let max_hours = f64::from(e.max_total_minutes) / 60.0;
            let days_off: BTreeSet<usize> = e.days_off.iter().copied().collect();
            Staff {
                id: e.id.clone(),
                name: e.id.clone(),
                competences: vec![COMPETENCE.to_string()],
                units: vec![UNIT.to_string()],
                sites: Vec::new(),
                // Only secondary terms read the contract, and they are switched off.
                contract: Contract { hours_per_week: (max_hours / weeks).clamp(0.0, 168.0), employment_rate: 1.0 },
                min_hours: Some(f64::from(e.min_total_minutes) / 60.0),
                max_hours: Some(max_hours),
                unavailable: days_off
                    .into_iter()
                    .map(|d| Absence { start: at(d, 0), end: at(d + 1, 0), reason: "day off".to_string() })
                    .collect(),
                bookings: Vec::new(),
                preferences: Vec::new(),
                max_shifts_by_type: e.max_shifts.iter().cloned().collect(),
                requests: requests.remove(e.id.as_str()).unwrap_or_default(),
                rules: RuleOverrides {
                    max_consecutive_days: Some(Some(e.max_consecutive_shifts)),
                    min_consecutive_days: Some(Some(e.min_consecutive_shifts)),
                    min_consecutive_days_off: Some(Some(e.min_consecutive_days_off)),
                    max_weekends: Some(Some(e.max_weekends)),
                    ..RuleOverrides::default()
                },
            }
        })
        .collect();
    let cover: HashMap<(usize, &str), &Cover> = instance.cover.iter().map(|c| ((c.day, c.shift.as_str()), c)).collect();
    let mut vacancies = Vec::with_capacity(days * instance.shifts.len());
    for day in 0..days {
        for shift in &instance.shifts {
            let wanted = cover.get(&(day, shift.id.as_str()));
            vacancies.push(Vacancy {
                id: format!("d{day}-{}", shift.id),
                unit: UNIT.to_string(),
                competence: COMPETENCE.to_string(),
                start: at(day, 0),
                end: at(day, shift.minutes),
                break_minutes: 0,
                headcount: wanted.map_or(0, |c| c.requirement),
                priority: 1.0,
                shift_type: Some(shift.id.clone()),
                cost_per_uncovered: Some(wanted.map_or(0.0, |c| f64::from(c.weight_under))),
                over_cover: Some(OverCover {
                    max: None,
                    cost_per_person: wanted.map_or(0.0, |c| f64::from(c.weight_over)),
                }),
            });
        }
    }
    Scenario {
        format_version: FORMAT_VERSION,
        name: name.to_string(),
        time_zone: "UTC".to_string(),
        horizon: Horizon { start, end: start + Duration::days(days as i64) },
        competences: vec![Competence {
            id: COMPETENCE.to_string(),
            name: "Nurse".to_string(),
            substitutes_for: Vec::new(),
        }],
        sites: vec![Site {
            id: SITE.to_string(),
            name: "Hospital".to_string(),
            units: vec![Unit { id: UNIT.to_string(), name: "Ward".to_string() }],
        }],
        shift_types: instance
            .shifts
            .iter()
            .map(|s| ShiftType {
                id: s.id.clone(),
                name: format!("{} ({} min)", s.id, s.minutes),
                cannot_be_followed_by: s.cannot_follow.clone(),
            })
            .collect(),
        rules: RuleSettings {
            preset: Some("none".to_string()),
            overrides: RuleOverrides { max_shifts_per_day: Some(Some(1)), ..RuleOverrides::default() },
        },
        agency: AgencyCosts::default(),
        objective: ObjectiveWeights {
            overtime_per_hour: 0.0,
            fairness_per_hour: 0.0,
            preference: 0.0,
            ..Default::default()
        },
        planning: Default::default(),
        staff,
        vacancies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str =
        "# comment\r\nSECTION_HORIZON\r\n# days\r\n7\r\n\r\nSECTION_SHIFTS\r\n# h\r\nL,480,E\r\nE,600,\r\n\r\n\
SECTION_STAFF\r\n# h\r\nA,E=7|L=0,4320,960,5,2,2,1\r\n\r\nSECTION_DAYS_OFF\r\n# h\r\nA,0,6\r\n\r\n\
SECTION_SHIFT_ON_REQUESTS\r\n# h\r\nA,2,E,2\r\n\r\nSECTION_SHIFT_OFF_REQUESTS\r\n# h\r\n\r\n\
SECTION_COVER\r\n# h\r\n0,E,1,100,1\r\n";

    #[test]
    fn parses_every_section_and_forward_references() {
        let inst = parse(SMALL).expect("parses");
        assert_eq!(inst.days, 7);
        assert_eq!(inst.shifts[0], ShiftSpec { id: "L".into(), minutes: 480, cannot_follow: vec!["E".into()] });
        assert_eq!(inst.staff[0].max_shifts, vec![("E".to_string(), 7), ("L".to_string(), 0)]);
        assert_eq!(inst.staff[0].days_off, vec![0, 6]);
        assert_eq!(inst.shift_on_requests.len(), 1);
        assert!(inst.shift_off_requests.is_empty());
        assert_eq!(inst.cover.len(), 1);
    }

    #[test]
    fn missing_cover_rows_become_free_vacancies() {
        let scenario = to_scenario(&parse(SMALL).expect("parses"), "small");
        assert_eq!(scenario.vacancies.len(), 14);
        let free = scenario.vacancies.iter().find(|v| v.id == "d1-E").expect("vacancy");
        assert_eq!((free.headcount, free.cost_per_uncovered), (0, Some(0.0)));
        assert_eq!(scenario.staff[0].unavailable.len(), 2);
        assert!(crate::Instance::from_scenario(&scenario).is_ok());
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse(&SMALL.replace("A,2,E,2", "A,9,E,2")).expect_err("day out of range");
        assert_eq!(err.line, 21, "{err}");
        assert!(err.message.contains("0 to 6"), "{err}");
        let err = parse(&SMALL.replace("L,480,E", "L,480,X")).expect_err("unknown shift");
        assert_eq!(err.line, 8, "{err}");
        assert_eq!(parse("").expect_err("empty").line, 1);
    }

    #[test]
    fn a_signed_zero_is_zero_but_negatives_are_errors() {
        // Instance15 writes some cover requirements as `-0`.
        let inst = parse(&SMALL.replace("0,E,1,100,1", "0,E,-0,100,1")).expect("parses");
        assert_eq!(inst.cover[0].requirement, 0);
        let err = parse(&SMALL.replace("0,E,1,100,1", "0,E,-1,100,1")).expect_err("negative");
        assert!(err.message.contains("non-negative integer, found \"-1\""), "{err}");
    }
}

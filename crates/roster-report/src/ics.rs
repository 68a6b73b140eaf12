//! A staff member's shifts as an iCalendar file (RFC 5545) for their own calendar.
//!
//! Times are written as local times in the scenario's zone (`DTSTART;TZID=Europe/Stockholm:
//! 20261024T211500`) with a `VTIMEZONE` that lists every change of UTC offset around the
//! horizon, taken from the IANA database, so a night shift across a daylight-saving change
//! keeps its real length in any calendar program. A time in the repeated autumn hour whose
//! second occurrence is meant (which a local time with `TZID` cannot express: RFC 5545 takes
//! the first) is written in UTC instead. Lines end in CRLF and are folded at 75 octets, never
//! inside a UTF-8 character; text values are escaped. Each event's `UID` is built from the
//! staff id, the vacancy id and the horizon start, so exporting again updates the same events.
//! Only the roster's assignments become events (bookings elsewhere are already known).

use crate::resolve::{resolve, RosterMismatch};
use chrono::{DateTime, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use roster::model::VacancyInfo;
use roster::time::Instant;
use roster::{Instance, Roster};
use std::collections::HashSet;
use std::fmt;

/// The product identifier written into every calendar.
pub const PRODID: &str = "-//roster//roster-report//EN";

/// Why no calendar could be made.
#[derive(Debug, Clone, PartialEq)]
pub enum IcsError {
    /// The roster does not belong to the scenario.
    Mismatch(RosterMismatch),
    /// The requested staff member is not in the scenario.
    UnknownStaff {
        /// The id asked for.
        id: String,
        /// Some ids the scenario has.
        known: Vec<String>,
    },
}

impl fmt::Display for IcsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IcsError::Mismatch(m) => m.fmt(f),
            IcsError::UnknownStaff { id, known } => {
                write!(f, "unknown staff id {id:?}; the scenario's staff ids include: {}", known.join(", "))
            }
        }
    }
}

impl std::error::Error for IcsError {}

impl From<RosterMismatch> for IcsError {
    fn from(m: RosterMismatch) -> IcsError {
        IcsError::Mismatch(m)
    }
}

/// One staff member's calendar, for writing one file per person.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarFile {
    /// Staff id.
    pub staff: String,
    /// A file name made from the id: letters, digits, `-`, `_` and `.` kept, anything else
    /// replaced by `_`, `.ics` appended, and `-2`, `-3`, ... before it when two ids map to the
    /// same name.
    pub file_name: String,
    /// The calendar text.
    pub text: String,
}

/// The calendar of staff member `staff_id`: one event per vacancy they work in `roster`.
/// `stamp` is written as every event's `DTSTAMP` (when the calendar was made).
pub fn staff_calendar(
    instance: &Instance,
    roster: &Roster,
    staff_id: &str,
    stamp: DateTime<Utc>,
) -> Result<String, IcsError> {
    let pairs = resolve(instance, roster)?;
    let Some(s) = instance.staff.iter().position(|m| m.id == staff_id) else {
        let known = instance.staff.iter().take(10).map(|m| m.id.clone()).collect();
        return Err(IcsError::UnknownStaff { id: staff_id.to_string(), known });
    };
    let timezone = vtimezone(instance);
    Ok(calendar(instance, s, &shifts_of(&pairs, instance.staff.len())[s], &timezone, stamp))
}

/// One calendar per staff member of the scenario, in scenario order (people without shifts get
/// an empty calendar).
pub fn all_calendars(
    instance: &Instance,
    roster: &Roster,
    stamp: DateTime<Utc>,
) -> Result<Vec<CalendarFile>, RosterMismatch> {
    let pairs = resolve(instance, roster)?;
    let shifts = shifts_of(&pairs, instance.staff.len());
    let timezone = vtimezone(instance);
    let mut taken = HashSet::new();
    Ok(instance
        .staff
        .iter()
        .enumerate()
        .map(|(s, member)| CalendarFile {
            staff: member.id.clone(),
            file_name: file_name(&member.id, &mut taken),
            text: calendar(instance, s, &shifts[s], &timezone, stamp),
        })
        .collect())
}

/// Vacancy indices per staff member, each once.
fn shifts_of(pairs: &[(usize, usize)], staff: usize) -> Vec<Vec<usize>> {
    let mut shifts = vec![Vec::new(); staff];
    for &(s, v) in pairs {
        if !shifts[s].contains(&v) {
            shifts[s].push(v);
        }
    }
    shifts
}

/// A file name for `id` not yet in `taken`.
fn file_name(id: &str, taken: &mut HashSet<String>) -> String {
    let mut stem: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' }).collect();
    if stem.is_empty() || stem.chars().all(|c| c == '.') {
        stem = format!("staff{stem}");
    }
    let mut name = format!("{stem}.ics");
    let mut n = 2;
    while !taken.insert(name.to_lowercase()) {
        name = format!("{stem}-{n}.ics");
        n += 1;
    }
    name
}

/// The whole calendar of staff member `s` working `vacancies`.
fn calendar(instance: &Instance, s: usize, vacancies: &[usize], timezone: &str, stamp: DateTime<Utc>) -> String {
    let member = &instance.staff[s];
    let mut ordered = vacancies.to_vec();
    ordered.sort_by_key(|&v| (instance.vacancies[v].shift.start, v));
    let who = if member.name.is_empty() { member.id.clone() } else { format!("{} ({})", member.name, member.id) };
    let mut out = Lines::default();
    out.raw("BEGIN:VCALENDAR");
    out.raw("VERSION:2.0");
    out.raw(&format!("PRODID:{PRODID}"));
    out.raw("CALSCALE:GREGORIAN");
    out.raw("METHOD:PUBLISH");
    out.text("X-WR-CALNAME", &format!("Shifts of {who}"));
    out.text("X-WR-TIMEZONE", instance.zone.name());
    out.push_str(timezone);
    for v in ordered {
        event(&mut out, instance, s, &instance.vacancies[v], stamp);
    }
    out.raw("END:VCALENDAR");
    out.0
}

/// One `VEVENT` for staff member `s` working `vacancy`.
fn event(out: &mut Lines, instance: &Instance, s: usize, vacancy: &VacancyInfo, stamp: DateTime<Utc>) {
    let unit = &instance.units[vacancy.unit];
    let site = &instance.sites[unit.site];
    let shift_type = vacancy.shift_type.map(|t| &instance.shift_types[t]);
    let shift_label = match shift_type {
        Some(t) if !t.name.is_empty() => t.name.as_str(),
        Some(t) => t.id.as_str(),
        None => "Shift",
    };
    let unit_name = if unit.name.is_empty() { &unit.id } else { &unit.name };
    let site_name = if site.name.is_empty() { &site.id } else { &site.name };
    let competence = &instance.competences[vacancy.competence];
    out.raw("BEGIN:VEVENT");
    out.text(
        "UID",
        &format!("{}/{}/{}@roster", instance.staff[s].id, vacancy.id, instance.start_date.format("%Y%m%d")),
    );
    out.raw(&format!("DTSTAMP:{}", stamp.format("%Y%m%dT%H%M%SZ")));
    out.raw(&date_time("DTSTART", vacancy.shift.start, instance.zone));
    out.raw(&date_time("DTEND", vacancy.shift.end, instance.zone));
    out.text("SUMMARY", &format!("{shift_label}: {unit_name}"));
    out.text("LOCATION", &format!("{unit_name}, {site_name}"));
    out.text(
        "DESCRIPTION",
        &format!(
            "Vacancy {} at unit {}, competence {}, {} paid hours.",
            vacancy.id,
            unit.id,
            competence.id,
            roster::roster::decimal(vacancy.shift.paid_hours, 2)
        ),
    );
    out.raw("STATUS:CONFIRMED");
    out.raw("TRANSP:OPAQUE");
    out.raw("END:VEVENT");
}

/// `NAME;TZID=zone:local` for `instant`, or `NAME:utcZ` when the local time would denote
/// another instant (the second occurrence of a repeated hour).
fn date_time(name: &str, instant: Instant, zone: Tz) -> String {
    let local = local_time(instant, zone);
    if zone.from_local_datetime(&local).earliest().map(|t| t.timestamp()) == Some(instant) {
        format!("{name};TZID={}:{}", zone.name(), local.format("%Y%m%dT%H%M%S"))
    } else {
        format!("{name}:{}", roster::time::utc(instant).format("%Y%m%dT%H%M%SZ"))
    }
}

/// The wall-clock time of `instant` in `zone`.
fn local_time(instant: Instant, zone: Tz) -> NaiveDateTime {
    zone.from_utc_datetime(&roster::time::utc(instant).naive_utc()).naive_local()
}

/// `+0100`, `-0330`, or `+053728` when seconds are needed.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let a = seconds.unsigned_abs();
    let (h, m, s) = (a / 3600, a / 60 % 60, a % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// The offset in effect in `zone` at `instant`.
fn offset_at(zone: Tz, instant: Instant) -> chrono_tz::TzOffset {
    zone.offset_from_utc_datetime(&roster::time::utc(instant).naive_utc())
}

/// Every instant in `[from, to)` at which `zone`'s UTC offset (or abbreviation) changes.
pub fn offset_changes(zone: Tz, from: Instant, to: Instant) -> Vec<Instant> {
    const STEP: i64 = 3600;
    let same = |a: Instant, b: Instant| {
        let (x, y) = (offset_at(zone, a), offset_at(zone, b));
        x.fix() == y.fix() && x.dst_offset() == y.dst_offset() && x.abbreviation() == y.abbreviation()
    };
    let mut changes = Vec::new();
    let mut t = from;
    while t < to {
        let next = (t + STEP).min(to);
        if !same(t, next) {
            // The change lies in (t, next]: find its first instant.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if same(t, mid) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            changes.push(hi);
        }
        t = next;
    }
    changes
}

/// The `VTIMEZONE` of the scenario's zone: the offset in effect a week before the horizon and
/// every change from then until two days after it, each as a `STANDARD` or `DAYLIGHT`
/// observance whose `DTSTART` is the local time (in the old offset) of the change.
fn vtimezone(instance: &Instance) -> String {
    let zone = instance.zone;
    let from = instance.horizon_start - 7 * 86_400;
    let to = instance.horizon_end + 2 * 86_400;
    let mut out = Lines::default();
    out.raw("BEGIN:VTIMEZONE");
    out.text("TZID", zone.name());
    let observance = |out: &mut Lines, at: Instant, before: &chrono_tz::TzOffset| {
        let after = offset_at(zone, at);
        let kind = if after.dst_offset().num_seconds() != 0 { "DAYLIGHT" } else { "STANDARD" };
        let onset = DateTime::from_timestamp(at, 0)
            .unwrap_or_default()
            .naive_utc()
            .checked_add_signed(chrono::Duration::seconds(i64::from(before.fix().local_minus_utc())))
            .unwrap_or_default();
        out.raw(&format!("BEGIN:{kind}"));
        out.raw(&format!("DTSTART:{}", onset.format("%Y%m%dT%H%M%S")));
        out.raw(&format!("TZOFFSETFROM:{}", utc_offset(before.fix().local_minus_utc())));
        out.raw(&format!("TZOFFSETTO:{}", utc_offset(after.fix().local_minus_utc())));
        if let Some(name) = after.abbreviation() {
            out.text("TZNAME", name);
        }
        out.raw(&format!("END:{kind}"));
    };
    observance(&mut out, from, &offset_at(zone, from));
    for at in offset_changes(zone, from, to) {
        observance(&mut out, at, &offset_at(zone, at - 1));
    }
    out.raw("END:VTIMEZONE");
    out.0
}

/// Content lines being written: each folded at 75 octets and ended with CRLF.
#[derive(Default)]
struct Lines(String);

impl Lines {
    /// A line whose value needs no escaping.
    fn raw(&mut self, line: &str) {
        fold_into(&mut self.0, line);
    }

    /// `NAME:value` with `value` escaped as TEXT.
    fn text(&mut self, name: &str, value: &str) {
        fold_into(&mut self.0, &format!("{name}:{}", escape_text(value)));
    }

    /// Already folded lines.
    fn push_str(&mut self, lines: &str) {
        self.0.push_str(lines);
    }
}

/// Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines; other
/// control characters, which a TEXT value may not hold, are dropped.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` to `out` folded into pieces of at most 75 octets (continuations start with a
/// space, which counts), split only between UTF-8 characters, each ended with CRLF.
pub fn fold_into(out: &mut String, line: &str) {
    const LIMIT: usize = 75;
    let mut rest = line;
    let mut room = LIMIT;
    loop {
        if rest.len() <= room {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = LIMIT - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold_into(&mut out, line);
        out
    }

    #[test]
    fn folds_at_75_octets_between_characters() {
        let line = format!("SUMMARY:{}", "å".repeat(60));
        let text = folded(&line);
        for piece in text.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(piece.len() <= 75, "{} octets: {piece:?}", piece.len());
        }
        assert_eq!(text.replace("\r\n ", "").trim_end_matches("\r\n"), line);
        assert_eq!(folded("DTSTAMP:20260101T000000Z"), "DTSTAMP:20260101T000000Z\r\n");
        // Exactly 75 octets stays on one line; 76 folds after 75.
        assert_eq!(folded(&"x".repeat(75)), format!("{}\r\n", "x".repeat(75)));
        assert_eq!(folded(&"x".repeat(76)), format!("{}\r\n x\r\n", "x".repeat(75)));
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(escape_text("a,b;c\\d\ne\r\nf\u{7}"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn offsets_are_signed_hours_and_minutes() {
        assert_eq!(utc_offset(3600), "+0100");
        assert_eq!(utc_offset(-12_600), "-0330");
        assert_eq!(utc_offset(0), "+0000");
        assert_eq!(utc_offset(4 * 3600 + 37 * 60 + 28), "+043728");
    }

    #[test]
    fn finds_the_two_stockholm_changes_of_2026() {
        let zone: Tz = "Europe/Stockholm".parse().expect("zone");
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("date").timestamp();
        let end = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).single().expect("date").timestamp();
        let changes = offset_changes(zone, start, end);
        // 2026-03-29 01:00 UTC (02:00 CET -> 03:00 CEST) and 2026-10-25 01:00 UTC (03:00 CEST -> 02:00 CET).
        let march = Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).single().expect("date").timestamp();
        let october = Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).single().expect("date").timestamp();
        assert_eq!(changes, vec![march, october]);
    }

    #[test]
    fn file_names_are_safe_and_distinct() {
        let mut taken = HashSet::new();
        assert_eq!(file_name("s001", &mut taken), "s001.ics");
        assert_eq!(file_name("a/b", &mut taken), "a_b.ics");
        assert_eq!(file_name("a_b", &mut taken), "a_b-2.ics");
        assert_eq!(file_name("..", &mut taken), "staff...ics");
        assert_eq!(file_name("S001", &mut taken), "S001-2.ics");
    }
}

//! The roster as CSV (RFC 4180, CRLF line ends, header row) for spreadsheets: one row per
//! assignment and one per vacancy (or part of its headcount) left to the agency.

use crate::output::{num, reason_kind};
use roster::{Instance, Roster};

/// The header row; assignment rows leave `headcount`, `cost` and `reason` empty, agency rows
/// leave `staff` empty.
pub const HEADER: [&str; 11] =
    ["kind", "vacancy", "staff", "unit", "competence", "start", "end", "hours", "headcount", "cost", "reason"];

/// Renders `roster` as CSV. `instance` supplies the end time of agency shifts, which the roster
/// file does not repeat.
pub fn render(roster: &Roster, instance: &Instance) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    w.write_record(HEADER)?;
    for a in &roster.assignments {
        w.write_record([
            "assignment",
            &a.vacancy,
            &a.staff,
            &a.unit,
            &a.competence,
            &a.start,
            &a.end,
            &num(a.hours, 4),
            "",
            "",
            "",
        ])?;
    }
    for s in &roster.agency {
        let end = instance
            .vacancies
            .iter()
            .find(|v| v.id == s.vacancy)
            .map(|v| instance.format(v.shift.end))
            .unwrap_or_default();
        w.write_record([
            "agency",
            &s.vacancy,
            "",
            &s.unit,
            &s.competence,
            &s.start,
            &end,
            &num(s.hours, 4),
            &s.headcount.to_string(),
            &num(s.cost, 2),
            reason_kind(&s.reason),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

//! The roster as CSV (RFC 4180: comma-separated, fields quoted when needed, CRLF line ends,
//! one header row) for spreadsheets: one row per assignment and one per vacancy (or part of its
//! headcount) left to the agency. Used by `roster solve --csv` and `roster export csv`.

use crate::figures::agency_lines;
use crate::resolve::index_of;
use roster::roster::decimal;
use roster::{Instance, Roster};
use std::collections::HashSet;

/// The header row; assignment rows leave `headcount`, `cost` and `reason` empty, agency rows
/// leave `staff` empty.
pub const HEADER: [&str; 11] =
    ["kind", "vacancy", "staff", "unit", "competence", "start", "end", "hours", "headcount", "cost", "reason"];

/// Renders `roster` as CSV. Unit, times and hours come from the scenario (`instance`), so a
/// hand-written roster that names only vacancy and staff is complete too; the competence is the
/// roster's (the one the person fills the vacancy with) or else the vacancy's. Assignments
/// naming unknown ids, and repeats of a (staff, vacancy) pair, are left out: call
/// [`crate::resolve()`] first to refuse such a roster. Agency rows are the solver's, or worked out
/// from the assignments for a hand-written roster ([`agency_lines`]); `reason` is the reason's
/// `kind`.
pub fn render(roster: &Roster, instance: &Instance) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    w.write_record(HEADER)?;
    let staff = index_of(instance.staff.iter().map(|m| m.id.as_str()));
    let vacancies = index_of(instance.vacancies.iter().map(|v| v.id.as_str()));
    let mut seen = HashSet::new();
    for a in &roster.assignments {
        let (Some(&s), Some(&v)) = (staff.get(a.staff.as_str()), vacancies.get(a.vacancy.as_str())) else {
            continue;
        };
        if !seen.insert((s, v)) {
            continue;
        }
        let vacancy = &instance.vacancies[v];
        let competence =
            if a.competence.is_empty() { instance.competences[vacancy.competence].id.as_str() } else { &a.competence };
        w.write_record([
            "assignment",
            &vacancy.id,
            &instance.staff[s].id,
            &instance.units[vacancy.unit].id,
            competence,
            &instance.format(vacancy.shift.start),
            &instance.format(vacancy.shift.end),
            &decimal(vacancy.shift.paid_hours, 4),
            "",
            "",
            "",
        ])?;
    }
    let (agency, _) = agency_lines(instance, roster);
    for line in &agency {
        let end = vacancies
            .get(line.vacancy.as_str())
            .map(|&v| instance.format(instance.vacancies[v].shift.end))
            .unwrap_or_default();
        w.write_record([
            "agency",
            &line.vacancy,
            "",
            &line.unit,
            &line.competence,
            &line.start,
            &end,
            &decimal(line.hours, 4),
            &line.headcount.to_string(),
            &decimal(line.cost, 2),
            line.reason.kind(),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

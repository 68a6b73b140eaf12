//! Matching a roster against a scenario before showing it: every assignment must name a staff
//! member and a vacancy of the scenario, every agency line a vacancy, and a roster that states
//! the scenario it was solved for must name this one. Anything else means the two files do not
//! belong together, and a report of them would mislead.

use roster::{InputError, Instance, Roster};
use std::collections::HashMap;
use std::fmt;

/// Most problems a [`RosterMismatch`] lists when printed.
const SHOWN: usize = 10;

/// A roster that does not belong to the scenario: every problem, with its JSON path in the
/// roster file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterMismatch {
    /// The problems found, in document order.
    pub errors: Vec<InputError>,
}

impl fmt::Display for RosterMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        write!(f, "the roster does not match the scenario ({n} problem{}):", if n == 1 { "" } else { "s" })?;
        for e in self.errors.iter().take(SHOWN) {
            write!(f, "\n  {e}")?;
        }
        if n > SHOWN {
            write!(f, "\n  ... and {} more", n - SHOWN)?;
        }
        Ok(())
    }
}

impl std::error::Error for RosterMismatch {}

/// Index of each id in `ids`.
pub(crate) fn index_of<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        map.entry(id).or_insert(i);
    }
    map
}

/// Up to eight known ids, sorted, for an error message.
fn some_known(map: &HashMap<&str, usize>) -> String {
    let mut known: Vec<&str> = map.keys().copied().collect();
    known.sort_unstable();
    let more = known.len() > 8;
    known.truncate(8);
    format!("{}{}", known.join(", "), if more { ", ..." } else { "" })
}

/// The assignments of `roster` as `(staff index, vacancy index)` pairs in roster order
/// (repeats kept: the checker reports them), or every reason the roster does not belong to
/// `instance`.
pub fn resolve(instance: &Instance, roster: &Roster) -> Result<Vec<(usize, usize)>, RosterMismatch> {
    let staff = index_of(instance.staff.iter().map(|m| m.id.as_str()));
    let vacancies = index_of(instance.vacancies.iter().map(|v| v.id.as_str()));
    let mut errors = Vec::new();
    if !roster.scenario.is_empty() && !instance.name.is_empty() && roster.scenario != instance.name {
        errors.push(InputError::new(
            "scenario",
            format!("the roster was made for scenario {:?}, not {:?}", roster.scenario, instance.name),
        ));
    }
    // The ids the scenario has, said once per kind (with the first unknown id).
    let mut staff_hint = Some(format!(" (the scenario has: {})", some_known(&staff)));
    let mut vacancy_hint = Some(format!(" (the scenario has: {})", some_known(&vacancies)));
    let mut pairs = Vec::with_capacity(roster.assignments.len());
    for (i, a) in roster.assignments.iter().enumerate() {
        let s = staff.get(a.staff.as_str()).copied();
        let v = vacancies.get(a.vacancy.as_str()).copied();
        if s.is_none() {
            let hint = staff_hint.take().unwrap_or_default();
            errors.push(InputError::new(
                format!("assignments[{i}].staff"),
                format!("unknown staff id {:?}{hint}", a.staff),
            ));
        }
        if v.is_none() {
            let hint = vacancy_hint.take().unwrap_or_default();
            errors.push(InputError::new(
                format!("assignments[{i}].vacancy"),
                format!("unknown vacancy id {:?}{hint}", a.vacancy),
            ));
        }
        if let (Some(s), Some(v)) = (s, v) {
            pairs.push((s, v));
        }
    }
    for (i, line) in roster.agency.iter().enumerate() {
        if !vacancies.contains_key(line.vacancy.as_str()) {
            let hint = vacancy_hint.take().unwrap_or_default();
            errors.push(InputError::new(
                format!("agency[{i}].vacancy"),
                format!("unknown vacancy id {:?}{hint}", line.vacancy),
            ));
        }
    }
    if errors.is_empty() {
        Ok(pairs)
    } else {
        Err(RosterMismatch { errors })
    }
}

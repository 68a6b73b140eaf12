//! Schedules handed from one solve to the next. Column generation ends with the schedules its
//! master LP combines, a few per person; a solve of a similar scenario (a what-if sweep's
//! neighbouring point, with one hire more) starts its own master from them rather than from
//! its start roster alone, and converges in fewer rounds. The schedules are kept by staff and
//! vacancy ids, so they carry over between scenarios whose indices differ.

use std::collections::BTreeMap;

/// Schedules by staff id, each the ids of the vacancies one person works in it. A solve leaves
/// those of its column generation in [`crate::Outcome::schedules`] (empty where column generation
/// did not run); given back in [`crate::SolveOptions::schedules`] to a solve of a similar
/// scenario, they start its column generation's master wherever they still keep their person's
/// rules. They change nothing but speed, and under a gap or a time limit which roster within
/// it comes out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedules {
    by_staff: BTreeMap<String, Vec<Vec<String>>>,
}

impl Schedules {
    /// No schedule at all.
    pub fn is_empty(&self) -> bool {
        self.by_staff.is_empty()
    }

    /// Schedules in all.
    pub fn len(&self) -> usize {
        self.by_staff.values().map(Vec::len).sum()
    }

    /// The schedules of staff member `staff` (vacancy ids).
    pub fn of(&self, staff: &str) -> &[Vec<String>] {
        self.by_staff.get(staff).map_or(&[], Vec::as_slice)
    }

    /// Adds a schedule of `staff` (the vacancy ids they work), unless it is already in.
    pub fn add(&mut self, staff: &str, mut vacancies: Vec<String>) {
        vacancies.sort_unstable();
        let known = self.by_staff.entry(staff.to_string()).or_default();
        if !known.contains(&vacancies) {
            known.push(vacancies);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schedule_is_kept_once_whatever_the_order_of_its_vacancies() {
        let mut s = Schedules::default();
        s.add("ann", vec!["v2".into(), "v1".into()]);
        s.add("ann", vec!["v1".into(), "v2".into()]);
        s.add("bo", Vec::new());
        assert_eq!(s.len(), 2);
        assert_eq!(s.of("ann"), &[vec!["v1".to_string(), "v2".to_string()]]);
        assert_eq!(s.of("bo"), &[Vec::<String>::new()]);
        assert!(s.of("cy").is_empty());
    }
}

//! The change list between two rosters: per staff member, the shifts added and removed, so a
//! planner knows whom to tell (`roster diff OLD NEW`, and `roster solve --previous`).
//!
//! Works on the roster files alone. Two assignments are the same shift for a person when they
//! name the same vacancy at the same unit and times, or (a vacancy whose id changed between
//! nights) the same unit, start and end; a shift whose times moved counts as removed and added.

use crate::roster::{Assignment, Roster};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What changed between two rosters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ChangeList {
    /// Staff members with at least one change, in id order.
    pub staff: Vec<StaffChanges>,
    /// Shifts added over all staff.
    pub added: usize,
    /// Shifts removed over all staff.
    pub removed: usize,
    /// Shifts in both rosters.
    pub unchanged: usize,
}

/// One staff member's changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StaffChanges {
    /// Staff id.
    pub staff: String,
    /// Shifts in the new roster only, by start.
    pub added: Vec<ShiftRef>,
    /// Shifts in the old roster only, by start.
    pub removed: Vec<ShiftRef>,
}

/// A shift as the roster names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ShiftRef {
    /// Vacancy id.
    pub vacancy: String,
    /// Unit id.
    pub unit: String,
    /// Local start with offset.
    pub start: String,
    /// Local end with offset.
    pub end: String,
}

impl ShiftRef {
    fn of(a: &Assignment) -> ShiftRef {
        ShiftRef { vacancy: a.vacancy.clone(), unit: a.unit.clone(), start: a.start.clone(), end: a.end.clone() }
    }

    /// Same vacancy id, or (the id changed) the same unit and times.
    fn same_shift(&self, other: &ShiftRef) -> bool {
        let timed = !self.start.is_empty() && !other.start.is_empty();
        let same_times = self.unit == other.unit && self.start == other.start && self.end == other.end;
        if self.vacancy == other.vacancy {
            !timed || same_times
        } else {
            timed && same_times
        }
    }
}

/// The changes from `old` to `new`.
pub fn diff(old: &Roster, new: &Roster) -> ChangeList {
    let mut by_staff: BTreeMap<&str, (Vec<ShiftRef>, Vec<ShiftRef>)> = BTreeMap::new();
    for a in &old.assignments {
        by_staff.entry(&a.staff).or_default().0.push(ShiftRef::of(a));
    }
    for a in &new.assignments {
        by_staff.entry(&a.staff).or_default().1.push(ShiftRef::of(a));
    }
    let mut list = ChangeList::default();
    for (staff, (mut removed, new_shifts)) in by_staff {
        let mut added = Vec::new();
        // Exact vacancy-id matches first, then renamed vacancies at the same unit and times.
        let mut pending = Vec::new();
        for shift in new_shifts {
            match removed.iter().position(|o| o.vacancy == shift.vacancy && o.same_shift(&shift)) {
                Some(i) => {
                    removed.swap_remove(i);
                    list.unchanged += 1;
                }
                None => pending.push(shift),
            }
        }
        for shift in pending {
            match removed.iter().position(|o| o.same_shift(&shift)) {
                Some(i) => {
                    removed.swap_remove(i);
                    list.unchanged += 1;
                }
                None => added.push(shift),
            }
        }
        if added.is_empty() && removed.is_empty() {
            continue;
        }
        let order = |a: &ShiftRef, b: &ShiftRef| (&a.start, &a.vacancy).cmp(&(&b.start, &b.vacancy));
        added.sort_by(order);
        removed.sort_by(order);
        list.added += added.len();
        list.removed += removed.len();
        list.staff.push(StaffChanges { staff: staff.to_string(), added, removed });
    }
    list
}

impl std::fmt::Display for ChangeList {
    /// A summary for planners: one block per person to notify.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.staff.is_empty() {
            return writeln!(f, "no changes ({} shifts unchanged)", self.unchanged);
        }
        writeln!(
            f,
            "{} staff to notify: {} shifts added, {} removed, {} unchanged",
            self.staff.len(),
            self.added,
            self.removed,
            self.unchanged
        )?;
        for s in &self.staff {
            writeln!(f, "{}:", s.staff)?;
            for (sign, shifts) in [("+", &s.added), ("-", &s.removed)] {
                for shift in shifts.iter() {
                    if shift.start.is_empty() {
                        writeln!(f, "  {sign} {}", shift.vacancy)?;
                    } else {
                        writeln!(f, "  {sign} {} .. {}  {}  ({})", shift.start, shift.end, shift.unit, shift.vacancy)?;
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(staff: &str, vacancy: &str, start: &str) -> Assignment {
        Assignment {
            vacancy: vacancy.into(),
            staff: staff.into(),
            unit: "ward".into(),
            start: start.into(),
            end: format!("{start}+8h"),
            hours: 8.0,
            competence: "rn".into(),
        }
    }

    fn roster(assignments: Vec<Assignment>) -> Roster {
        Roster { format_version: 1, assignments, ..Roster::default() }
    }

    #[test]
    fn moves_renames_and_unchanged_shifts_are_told_apart() {
        let old = roster(vec![a("anna", "v1", "d1"), a("anna", "v2", "d2"), a("bo", "v3", "d3"), a("cai", "v4", "d4")]);
        // v2 moved from anna to bo; v3 was renamed v3b (same unit and times); cai's v4 moved a day.
        let mut moved = a("cai", "v4", "d5");
        moved.vacancy = "v4".into();
        let new = roster(vec![a("anna", "v1", "d1"), a("bo", "v2", "d2"), a("bo", "v3b", "d3"), moved]);
        let list = diff(&old, &new);
        assert_eq!((list.added, list.removed, list.unchanged), (2, 2, 2));
        let who: Vec<(&str, usize, usize)> =
            list.staff.iter().map(|s| (s.staff.as_str(), s.added.len(), s.removed.len())).collect();
        assert_eq!(who, vec![("anna", 0, 1), ("bo", 1, 0), ("cai", 1, 1)]);
        assert_eq!(list.staff[1].added[0].vacancy, "v2");
        assert_eq!(list.staff[2].added[0].start, "d5");
        assert!(list.to_string().starts_with("3 staff to notify: 2 shifts added, 2 removed, 2 unchanged"));
    }

    #[test]
    fn a_roster_against_itself_has_no_changes() {
        let r = roster(vec![a("anna", "v1", "d1"), a("bo", "v1", "d1")]);
        let list = diff(&r, &r);
        assert_eq!((list.staff.len(), list.added, list.removed, list.unchanged), (0, 0, 0, 2));
        assert_eq!(list.to_string(), "no changes (2 shifts unchanged)\n");
    }
}

//! Re-optimising against a previously published roster (the nightly run).
//!
//! [`Continuity::of`] maps the previous roster's assignments onto the current scenario: a shift
//! that starts before `planning.now + notice_days` is *frozen* (the solve keeps it) unless it
//! can no longer be worked; a later one is *published*, and the solve pays a change penalty in
//! its secondary objective for every published shift it drops and every shift it adds, so the
//! roster changes as little as agency cost allows (the penalty never trades against agency
//! cost: it lives in the second, lexicographic stage). Everything that could not be carried
//! over is a [`ContinuityNote`] for the planner, never an error: staff who left, vacancies
//! that were cancelled or renamed, people who became unavailable.

use crate::eligibility::{eligibility, Ineligible};
use crate::model::Instance;
use crate::roster::{Assignment, Roster};
use crate::time::{resolve_lenient, Instant};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The previous roster, as seen from the current scenario.
#[derive(Debug, Clone, Default)]
pub struct Continuity {
    /// (staff, vacancy) index pairs to keep as they are.
    pub frozen: Vec<(usize, usize)>,
    /// (staff, vacancy) index pairs published beyond the notice period.
    pub published: Vec<(usize, usize)>,
    /// Shifts starting before this instant are frozen.
    pub freeze_until: Instant,
    /// What could not be carried over, and renamed vacancies.
    pub notes: Vec<ContinuityNote>,
}

/// Something about the previous roster the planner should know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ContinuityNote {
    /// Staff id of the previous assignment.
    pub staff: String,
    /// Vacancy id in the previous roster.
    pub vacancy: String,
    /// What happened to it.
    #[serde(flatten)]
    pub kind: NoteKind,
}

/// What happened to a previous assignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoteKind {
    /// The staff member is no longer in the scenario.
    StaffLeft,
    /// The vacancy is gone (no vacancy with this id, or at the same unit and times).
    VacancyCancelled,
    /// The vacancy has a new id (same unit, start and end); the assignment carries over.
    VacancyRenamed {
        /// Its id in the current scenario.
        now: String,
    },
    /// The staff member can no longer work the shift (became unavailable, a booking clashes,
    /// lost the introduction or competence).
    NoLongerPossible {
        /// Why, in words.
        reason: String,
        /// Whether it was inside the notice period (so staff must be told at short notice).
        within_notice: bool,
    },
    /// The vacancy now needs fewer people than the previous roster assigned to it.
    HeadcountReduced {
        /// Whether it was inside the notice period.
        within_notice: bool,
    },
    /// Frozen shifts of this component could not all be kept together under the hard rules
    /// (e.g. rules or minimum hours changed), so the component was re-planned freely.
    FreezeReleased,
}

impl std::fmt::Display for ContinuityNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (staff, vacancy) = (&self.staff, &self.vacancy);
        let notice = |w: bool| if w { " (inside the notice period)" } else { "" };
        match &self.kind {
            NoteKind::StaffLeft => write!(f, "{staff} on {vacancy}: staff member no longer in the scenario"),
            NoteKind::VacancyCancelled => write!(f, "{staff} on {vacancy}: vacancy cancelled"),
            NoteKind::VacancyRenamed { now } => write!(f, "{staff} on {vacancy}: vacancy is now {now}; kept"),
            NoteKind::NoLongerPossible { reason, within_notice } => {
                write!(f, "{staff} on {vacancy}: no longer possible ({reason}){}", notice(*within_notice))
            }
            NoteKind::HeadcountReduced { within_notice } => {
                write!(f, "{staff} on {vacancy}: vacancy needs fewer people now{}", notice(*within_notice))
            }
            NoteKind::FreezeReleased => {
                write!(f, "{staff} on {vacancy}: frozen shifts of this group break hard rules together; re-planned")
            }
        }
    }
}

impl Continuity {
    /// Maps `previous` onto `instance`.
    pub fn of(instance: &Instance, previous: &Roster) -> Continuity {
        let freeze_until = notice_end(instance);
        let staff_ix: HashMap<&str, usize> =
            instance.staff.iter().enumerate().map(|(i, m)| (m.id.as_str(), i)).collect();
        let vacancy_ix: HashMap<&str, usize> =
            instance.vacancies.iter().enumerate().map(|(i, v)| (v.id.as_str(), i)).collect();
        // Vacancies by (unit id, local start, local end): finds a vacancy whose id changed.
        let by_time: HashMap<(&str, String, String), usize> = instance
            .vacancies
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let unit = instance.units[v.unit].id.as_str();
                ((unit, instance.format(v.shift.start), instance.format(v.shift.end)), i)
            })
            .collect();
        let mut c = Continuity { freeze_until, ..Continuity::default() };
        let mut taken: HashMap<usize, u32> = HashMap::new();
        let mut seen = std::collections::HashSet::new();
        for a in previous.assignments.iter().filter(|a| in_horizon(instance, a)) {
            let note = |kind| ContinuityNote { staff: a.staff.clone(), vacancy: a.vacancy.clone(), kind };
            let Some(&s) = staff_ix.get(a.staff.as_str()) else {
                c.notes.push(note(NoteKind::StaffLeft));
                continue;
            };
            let same_shift = |v: usize| {
                let vac = &instance.vacancies[v];
                (a.start.is_empty() || a.start == instance.format(vac.shift.start))
                    && (a.end.is_empty() || a.end == instance.format(vac.shift.end))
                    && (a.unit.is_empty() || a.unit == instance.units[vac.unit].id)
            };
            let v = match vacancy_ix.get(a.vacancy.as_str()).copied().filter(|&v| same_shift(v)) {
                Some(v) => v,
                None => match by_time.get(&(a.unit.as_str(), a.start.clone(), a.end.clone())) {
                    Some(&v) if !a.start.is_empty() => {
                        c.notes.push(note(NoteKind::VacancyRenamed { now: instance.vacancies[v].id.clone() }));
                        v
                    }
                    _ => {
                        c.notes.push(note(NoteKind::VacancyCancelled));
                        continue;
                    }
                },
            };
            if !seen.insert((s, v)) {
                continue;
            }
            let within_notice = instance.vacancies[v].shift.start < freeze_until;
            if let Err(why) = eligibility(instance, s, v) {
                c.notes.push(note(NoteKind::NoLongerPossible { reason: describe(instance, &why), within_notice }));
                continue;
            }
            let count = taken.entry(v).or_default();
            if *count >= instance.vacancies[v].headcount {
                c.notes.push(note(NoteKind::HeadcountReduced { within_notice }));
                continue;
            }
            *count += 1;
            if within_notice {
                c.frozen.push((s, v));
            } else {
                c.published.push((s, v));
            }
        }
        c
    }
}

/// Whether a previous assignment falls inside the scenario's horizon. Shifts before it (a
/// rolling nightly horizon leaves yesterday behind) or after it are history or not yet planned:
/// neither kept, nor changes. An assignment without a readable start counts as inside.
pub fn in_horizon(instance: &Instance, assignment: &Assignment) -> bool {
    match chrono::DateTime::parse_from_str(&assignment.start, "%Y-%m-%dT%H:%M%:z") {
        Ok(start) => (instance.horizon_start..instance.horizon_end).contains(&start.timestamp()),
        Err(_) => true,
    }
}

/// The previous roster cut to the scenario's horizon (see [`in_horizon`]): what a change list
/// against the new roster should compare.
pub fn within_horizon(instance: &Instance, previous: &Roster) -> Roster {
    Roster {
        assignments: previous.assignments.iter().filter(|a| in_horizon(instance, a)).cloned().collect(),
        ..previous.clone()
    }
}

/// The end of the notice period: `now` plus the notice days in local calendar days (the same
/// wall-clock time, across a daylight-saving change too).
pub fn notice_end(instance: &Instance) -> Instant {
    let Some(now) = chrono::DateTime::from_timestamp(instance.now, 0) else { return instance.now };
    let local = now.with_timezone(&instance.zone).naive_local();
    resolve_lenient(local + chrono::Duration::days(i64::from(instance.notice_days)), instance.zone)
}

/// Why a pair is not possible, in words.
fn describe(instance: &Instance, why: &Ineligible) -> String {
    match why {
        Ineligible::Competence => "lacks the competence".into(),
        Ineligible::Introduction => "not introduced to the unit".into(),
        Ineligible::Unavailable { reason } if reason.is_empty() => "unavailable".into(),
        Ineligible::Unavailable { reason } => format!("unavailable: {reason}"),
        Ineligible::Booked { label, rule } => {
            format!("clashes with booking {label} ({})", rule.citation(instance.preset))
        }
        Ineligible::ShiftType { shift_type } => format!("may not work shift type {shift_type}"),
    }
}

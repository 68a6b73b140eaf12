//! Who may take which vacancy at all: the (staff, vacancy) pairs the solver creates variables for.
//!
//! A pair is a candidate when the staff member holds the competence (or one that substitutes for
//! it), is introduced to the unit (or its site), is available for the whole shift, and the shift
//! neither overlaps nor crowds the rest before/after one of their bookings, nor falls on a day
//! their bookings already fill. Everything else about a pair depends on the rest of the roster and
//! is the formulation's job. [`ineligibility`] says why a pair is not a candidate, for the
//! explanations of agency vacancies.

use crate::model::{Instance, Member, Shift, VacancyInfo};
use crate::rules::RuleKind;
use crate::time::HOUR;

/// A (staff, vacancy) pair the solver may assign.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Staff index.
    pub staff: usize,
    /// Vacancy index.
    pub vacancy: usize,
    /// Competence the staff member fills it with.
    pub competence: usize,
    /// Secondary-objective penalty per hour (0 unless substituting).
    pub substitution_penalty: f64,
}

/// All candidate pairs, indexed both ways.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    /// The pairs, ordered by staff then vacancy start.
    pub list: Vec<Candidate>,
    /// `by_staff[s]`: indices into `list` of staff member `s`'s candidates.
    pub by_staff: Vec<Vec<usize>>,
    /// `by_vacancy[v]`: indices into `list` of vacancy `v`'s candidates.
    pub by_vacancy: Vec<Vec<usize>>,
}

/// Why a pair is not a candidate.
#[derive(Debug, Clone, PartialEq)]
pub enum Ineligible {
    /// Lacks the competence and every substitute for it.
    Competence,
    /// Not introduced to the unit or its site.
    Introduction,
    /// Unavailable during the shift.
    Unavailable {
        /// The absence's reason text.
        reason: String,
    },
    /// A booking collides with the shift.
    Booked {
        /// The booking's label.
        label: String,
        /// The rule the booking and the shift would break together.
        rule: RuleKind,
    },
    /// The person may not work this shift type at all (`max_shifts_by_type` 0).
    ShiftType {
        /// The shift type's id.
        shift_type: String,
    },
}

impl Candidates {
    /// Computes every candidate pair of `instance`.
    pub fn of(instance: &Instance) -> Candidates {
        let mut c = Candidates {
            list: Vec::new(),
            by_staff: vec![Vec::new(); instance.staff.len()],
            by_vacancy: vec![Vec::new(); instance.vacancies.len()],
        };
        let mut order: Vec<usize> = (0..instance.vacancies.len()).collect();
        order.sort_by_key(|&v| (instance.vacancies[v].shift.start, v));
        for s in 0..instance.staff.len() {
            for &v in &order {
                if let Ok((competence, substitution_penalty)) = eligibility(instance, s, v) {
                    let i = c.list.len();
                    c.list.push(Candidate { staff: s, vacancy: v, competence, substitution_penalty });
                    c.by_staff[s].push(i);
                    c.by_vacancy[v].push(i);
                }
            }
        }
        c
    }
}

/// The competence staff member `s` would fill vacancy `v` with and its penalty per hour, or why not.
pub fn eligibility(instance: &Instance, s: usize, v: usize) -> Result<(usize, f64), Ineligible> {
    let member = &instance.staff[s];
    let vacancy = &instance.vacancies[v];
    let (competence, penalty) = qualification(instance, member, vacancy).ok_or(Ineligible::Competence)?;
    if !member.introduced[vacancy.unit] {
        return Err(Ineligible::Introduction);
    }
    if let Some(t) = vacancy.shift_type.filter(|&t| member.max_of_type(t) == Some(0)) {
        return Err(Ineligible::ShiftType { shift_type: instance.shift_types[t].id.clone() });
    }
    let shift = &vacancy.shift;
    if let Some(a) = member.unavailable.iter().find(|a| a.start < shift.end && shift.start < a.end) {
        return Err(Ineligible::Unavailable { reason: a.reason.clone() });
    }
    if let Some((label, rule)) = booking_conflict(member, shift) {
        return Err(Ineligible::Booked { label, rule });
    }
    Ok((competence, penalty))
}

/// The cheapest way `member` qualifies for `vacancy`: its own competence (penalty 0) or a substitute.
fn qualification(instance: &Instance, member: &Member, vacancy: &VacancyInfo) -> Option<(usize, f64)> {
    if member.competences.contains(&vacancy.competence) {
        return Some((vacancy.competence, 0.0));
    }
    member
        .competences
        .iter()
        .filter_map(|&c| {
            instance.competences[c]
                .substitutes_for
                .iter()
                .find(|(target, _)| *target == vacancy.competence)
                .map(|&(_, penalty)| (c, penalty))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// A booking that makes `shift` impossible for `member` on its own, and the rule it breaks.
fn booking_conflict(member: &Member, shift: &Shift) -> Option<(String, RuleKind)> {
    let rest = member.rules.min_rest_hours.map(|h| (h * HOUR as f64).round() as i64).unwrap_or(0);
    for b in &member.bookings {
        let other = &b.shift;
        if other.start < shift.end && shift.start < other.end {
            return Some((b.label.clone(), RuleKind::Overlap));
        }
        let gap = if other.end <= shift.start { shift.start - other.end } else { other.start - shift.end };
        if gap < rest {
            return Some((b.label.clone(), RuleKind::MinRest));
        }
    }
    if let Some(limit) = member.rules.max_shifts_per_day {
        let same_day = member.bookings.iter().filter(|b| b.shift.day == shift.day).count();
        if same_day as u32 >= limit {
            let label = member.bookings.iter().find(|b| b.shift.day == shift.day).map(|b| b.label.clone());
            return Some((label.unwrap_or_default(), RuleKind::MaxShiftsPerDay));
        }
    }
    None
}

/// Independent parts of the problem: staff and vacancies linked by candidate pairs.
#[derive(Debug, Clone, Default)]
pub struct Component {
    /// Staff indices, ascending.
    pub staff: Vec<usize>,
    /// Vacancy indices, ascending.
    pub vacancies: Vec<usize>,
}

/// Splits the candidate graph into connected components. Vacancies without candidates and staff
/// without candidates belong to none, except staff whose minimum hours need assignments: they
/// form a component of their own so that the infeasibility is found and explained.
pub fn components(instance: &Instance, candidates: &Candidates) -> Vec<Component> {
    let n_staff = instance.staff.len();
    let mut parent: Vec<usize> = (0..n_staff + instance.vacancies.len()).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for c in &candidates.list {
        let (a, b) = (find(&mut parent, c.staff), find(&mut parent, n_staff + c.vacancy));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut by_root: std::collections::BTreeMap<usize, Component> = Default::default();
    for s in 0..n_staff {
        if !candidates.by_staff[s].is_empty() || instance.staff[s].min_hours.is_some() {
            let root = find(&mut parent, s);
            by_root.entry(root).or_default().staff.push(s);
        }
    }
    for v in 0..instance.vacancies.len() {
        if !candidates.by_vacancy[v].is_empty() {
            let root = find(&mut parent, n_staff + v);
            by_root.entry(root).or_default().vacancies.push(v);
        }
    }
    let mut out: Vec<Component> = by_root.into_values().collect();
    out.sort_by_key(|c| std::cmp::Reverse(c.staff.len() + c.vacancies.len()));
    out
}

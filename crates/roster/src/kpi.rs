//! Key figures of a roster: vacancy hours covered by the pool and left to the agency, fill rate,
//! the terms of the primary objective (agency, over-cover and request cost), overtime and
//! substitute hours, per competence.
//!
//! Computed from the assignments and the resolved scenario alone, like the checker. Assignments
//! naming an unknown vacancy or staff member are ignored, and a repeated (staff, vacancy) pair
//! counts once. Headcount assigned beyond a vacancy's headcount covers nothing more (it costs
//! over-cover, and the hours are still worked, for overtime).

use crate::check::{assigned_counts, objective_terms, valid_assignments};
use crate::model::Instance;
use crate::roster::{Assignment, CompetenceKpi, Kpi};

/// The key figures of `assignments` under `instance`. Every field of [`Kpi`] is filled;
/// `by_competence` lists every competence of the scenario, in scenario order.
pub fn kpi(instance: &Instance, assignments: &[Assignment]) -> Kpi {
    let pairs = valid_assignments(instance, assignments);
    let assigned = assigned_counts(instance, &pairs);

    let mut by_competence: Vec<CompetenceKpi> = instance
        .competences
        .iter()
        .map(|c| CompetenceKpi { competence: c.id.clone(), ..CompetenceKpi::default() })
        .collect();
    let mut kpi = Kpi::default();
    for (vacancy, &count) in instance.vacancies.iter().zip(&assigned) {
        let hours = vacancy.shift.paid_hours;
        let needed = f64::from(vacancy.headcount) * hours;
        let covered = f64::from(count.min(vacancy.headcount)) * hours;
        let uncovered = needed - covered;
        kpi.vacancy_hours += needed;
        kpi.pool_hours += covered;
        kpi.agency_hours += uncovered;
        if let Some(row) = by_competence.get_mut(vacancy.competence) {
            row.vacancy_hours += needed;
            row.pool_hours += covered;
            row.agency_hours += uncovered;
        }
    }
    let terms = objective_terms(instance, &pairs);
    kpi.agency_cost = terms.agency;
    kpi.over_cover_cost = terms.over_cover;
    kpi.request_cost = terms.requests;
    kpi.objective = terms.total();
    kpi.fill_rate = if kpi.vacancy_hours > 0.0 { kpi.pool_hours / kpi.vacancy_hours } else { 1.0 };

    let worked = worked_hours_of_pairs(instance, &pairs);
    for &(staff, v) in &pairs {
        let vacancy = &instance.vacancies[v];
        if !instance.staff[staff].competences.contains(&vacancy.competence) {
            kpi.substitute_hours += vacancy.shift.paid_hours;
        }
    }
    kpi.overtime_hours = instance
        .staff
        .iter()
        .zip(&worked)
        .map(|(member, &hours)| (hours - instance.contract_hours(member)).max(0.0))
        .sum();
    kpi.by_competence = by_competence;
    kpi
}

/// Paid hours each staff member works inside the horizon (indexed like `instance.staff`):
/// bookings plus assigned vacancies, counted by the day a shift starts on. Assignments are
/// read like [`kpi`] reads them (unknown ids ignored, a repeated pair once).
pub fn worked_hours(instance: &Instance, assignments: &[Assignment]) -> Vec<f64> {
    worked_hours_of_pairs(instance, &valid_assignments(instance, assignments))
}

/// [`worked_hours`] of resolved (staff, vacancy) pairs.
fn worked_hours_of_pairs(instance: &Instance, pairs: &[(usize, usize)]) -> Vec<f64> {
    let in_horizon = |day: i64| day >= 0 && day < instance.days;
    let mut worked: Vec<f64> = instance
        .staff
        .iter()
        .map(|m| m.bookings.iter().filter(|b| in_horizon(b.shift.day)).map(|b| b.shift.paid_hours).sum())
        .collect();
    for &(staff, v) in pairs {
        let shift = &instance.vacancies[v].shift;
        if in_horizon(shift.day) {
            worked[staff] += shift.paid_hours;
        }
    }
    worked
}

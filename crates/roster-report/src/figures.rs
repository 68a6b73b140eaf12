//! Everything a report shows, computed from the scenario and the roster: key figures, the
//! staff × day grid, coverage per unit and day, agency hours by competence and by unit, each
//! person's hours against contract, the checker's verdict and the agency lines with reasons.
//!
//! The renderers ([`crate::html`], [`crate::csv`]) only lay these numbers out. Key figures are
//! always recomputed from the assignments with [`roster::kpi()`] (so they agree with the grid
//! even for a hand-edited roster); the solve's status comes from `roster.solve`, and is
//! unknown for a hand-written roster.

use crate::resolve::{resolve, RosterMismatch};
use roster::check::{valid_assignments, Violation};
use roster::eligibility::Candidates;
use roster::roster::{AgencyShift, Kpi, SolveReport};
use roster::{Instance, Roster};

/// One day of the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    /// Local date.
    pub date: chrono::NaiveDate,
    /// Saturday or Sunday.
    pub weekend: bool,
}

/// What one person has on one day of the grid.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// Vacancies worked that start on this day, by index into the instance, in order of start.
    pub vacancies: Vec<usize>,
    /// Labels of shifts booked elsewhere that start on this day.
    pub bookings: Vec<String>,
    /// Why the person is unavailable for part of this day, if they are.
    pub unavailable: Option<String>,
}

/// One staff member's row: the grid cells and hours against contract.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffRow {
    /// Index into [`Instance::staff`].
    pub staff: usize,
    /// One cell per day of the horizon.
    pub cells: Vec<Cell>,
    /// Paid hours inside the horizon: bookings plus assigned vacancies.
    pub worked_hours: f64,
    /// Of those, hours of bookings.
    pub booked_hours: f64,
    /// Contracted hours over the horizon (pro rata).
    pub contract_hours: f64,
    /// Number of checker violations naming this person.
    pub violations: usize,
}

/// Vacancy hours of one unit on one day and how many of them the pool covers.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Coverage {
    /// Paid hours times headcount of the vacancies starting that day.
    pub vacancy_hours: f64,
    /// Of those, covered by pool staff.
    pub pool_hours: f64,
}

impl Coverage {
    /// Hours left to the agency.
    pub fn agency_hours(&self) -> f64 {
        (self.vacancy_hours - self.pool_hours).max(0.0)
    }
}

/// One bar of a bar chart: a label and a number of hours.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Id shown on the bar (a competence or unit id).
    pub label: String,
    /// Display name, for the tooltip.
    pub name: String,
    /// Hours.
    pub hours: f64,
}

/// Everything the report shows.
#[derive(Debug, Clone)]
pub struct Figures {
    /// Key figures, recomputed from the assignments.
    pub kpi: Kpi,
    /// The solve's account of itself, `None` for a hand-written roster.
    pub solve: Option<SolveReport>,
    /// Every hard rule the roster breaks, from the independent checker.
    pub violations: Vec<Violation>,
    /// Vacancies (or parts of their headcount) left to the agency, with the reason.
    pub agency: Vec<AgencyShift>,
    /// Whether [`Figures::agency`] was worked out here (hand-written roster) rather than taken
    /// from the solver's roster.
    pub agency_recomputed: bool,
    /// The days of the horizon.
    pub days: Vec<Day>,
    /// One row per staff member, in scenario order.
    pub staff: Vec<StaffRow>,
    /// `coverage[unit][day]`, units in scenario order.
    pub coverage: Vec<Vec<Coverage>>,
    /// Agency hours per competence, in scenario order.
    pub agency_by_competence: Vec<Bar>,
    /// Agency hours per unit, in scenario order.
    pub agency_by_unit: Vec<Bar>,
}

/// The agency lines of `roster`: the solver's own (`roster.solve` present), or, for a
/// hand-written roster, worked out from the assignments with [`roster::explain`] (a free
/// candidate then reads "not proven"). The flag says whether they were worked out here.
pub fn agency_lines(instance: &Instance, roster: &Roster) -> (Vec<AgencyShift>, bool) {
    if roster.solve.is_some() {
        return (roster.agency.clone(), false);
    }
    let pairs: Vec<(usize, usize)> =
        valid_assignments(instance, &roster.assignments).into_iter().map(|(s, v)| (v, s)).collect();
    let candidates = Candidates::of(instance);
    (roster::explain::agency_shifts(instance, &candidates, &pairs, false, None), true)
}

/// The day index of `day` if it lies inside the horizon.
fn in_horizon(instance: &Instance, day: i64) -> Option<usize> {
    if (0..instance.days).contains(&day) {
        usize::try_from(day).ok()
    } else {
        None
    }
}

impl Figures {
    /// Computes every figure of `roster` under `instance`, running the checker. Fails when the
    /// roster names staff or vacancies the scenario does not have.
    pub fn of(instance: &Instance, roster: &Roster) -> Result<Figures, RosterMismatch> {
        resolve(instance, roster)?;
        let pairs = valid_assignments(instance, &roster.assignments);
        let kpi = roster::kpi(instance, &roster.assignments);
        let violations = roster::check(instance, roster);
        let (agency, agency_recomputed) = agency_lines(instance, roster);
        let day_count = usize::try_from(instance.days).unwrap_or(0);
        let days = (0..instance.days)
            .map(|d| {
                let date = instance.date(d);
                let weekend = matches!(chrono::Datelike::weekday(&date), chrono::Weekday::Sat | chrono::Weekday::Sun);
                Day { date, weekend }
            })
            .collect();

        let mut staff: Vec<StaffRow> = instance
            .staff
            .iter()
            .enumerate()
            .map(|(s, member)| {
                let mut cells = vec![Cell::default(); day_count];
                let mut booked_hours = 0.0;
                for booking in &member.bookings {
                    if let Some(d) = in_horizon(instance, booking.shift.day) {
                        booked_hours += booking.shift.paid_hours;
                        cells[d].bookings.push(booking.label.clone());
                    }
                }
                for absence in &member.unavailable {
                    for (d, cell) in cells.iter_mut().enumerate() {
                        let d = d as i64;
                        if absence.start < instance.day_start(d + 1) && absence.end > instance.day_start(d) {
                            cell.unavailable = Some(absence.reason.clone());
                        }
                    }
                }
                let violations = violations.iter().filter(|x| x.staff.as_deref() == Some(member.id.as_str())).count();
                StaffRow {
                    staff: s,
                    cells,
                    worked_hours: booked_hours,
                    booked_hours,
                    contract_hours: instance.contract_hours(member),
                    violations,
                }
            })
            .collect();

        let mut assigned = vec![0u32; instance.vacancies.len()];
        for &(s, v) in &pairs {
            assigned[v] += 1;
            let shift = &instance.vacancies[v].shift;
            if let Some(d) = in_horizon(instance, shift.day) {
                staff[s].cells[d].vacancies.push(v);
                staff[s].worked_hours += shift.paid_hours;
            }
        }
        for row in &mut staff {
            for cell in &mut row.cells {
                cell.vacancies.sort_by_key(|&v| (instance.vacancies[v].shift.start, v));
            }
        }

        let mut coverage = vec![vec![Coverage::default(); day_count]; instance.units.len()];
        let mut by_unit = vec![0.0; instance.units.len()];
        for (v, vacancy) in instance.vacancies.iter().enumerate() {
            let hours = vacancy.shift.paid_hours;
            let needed = f64::from(vacancy.headcount) * hours;
            let covered = f64::from(assigned[v].min(vacancy.headcount)) * hours;
            by_unit[vacancy.unit] += needed - covered;
            if let Some(d) = in_horizon(instance, vacancy.shift.day) {
                let cell = &mut coverage[vacancy.unit][d];
                cell.vacancy_hours += needed;
                cell.pool_hours += covered;
            }
        }
        let agency_by_unit = instance
            .units
            .iter()
            .zip(by_unit)
            .map(|(u, hours)| Bar { label: u.id.clone(), name: u.name.clone(), hours })
            .collect();
        let agency_by_competence = instance
            .competences
            .iter()
            .map(|c| Bar {
                label: c.id.clone(),
                name: c.name.clone(),
                hours: kpi.by_competence.iter().find(|k| k.competence == c.id).map_or(0.0, |k| k.agency_hours),
            })
            .collect();

        Ok(Figures {
            kpi,
            solve: roster.solve.clone(),
            violations,
            agency,
            agency_recomputed,
            days,
            staff,
            coverage,
            agency_by_competence,
            agency_by_unit,
        })
    }
}

//! A roster as a staff × day grid of shift types, the usual way nurse-rostering benchmarks
//! (and ward notice boards) show a roster.

use crate::model::Instance;
use crate::roster::Roster;
use std::collections::HashMap;

/// The roster as tab-separated text: one line per staff member in scenario order, the staff id
/// followed by one field per day of the horizon holding the shift-type id worked that day
/// (the vacancy id when the vacancy has no shift type; several shifts starting the same day are
/// joined with `+` in order of start), empty when off. Every line has 1 + days fields, trailing
/// empty fields included, and ends with a newline.
///
/// Fails on an assignment naming an unknown staff member or vacancy.
pub fn grid(instance: &Instance, roster: &Roster) -> Result<String, String> {
    let staff: HashMap<&str, usize> = instance.staff.iter().enumerate().map(|(i, m)| (m.id.as_str(), i)).collect();
    let vacancies: HashMap<&str, usize> =
        instance.vacancies.iter().enumerate().map(|(i, v)| (v.id.as_str(), i)).collect();
    let days = usize::try_from(instance.days).unwrap_or(0);
    // cells[staff][day]: the vacancies worked, by index.
    let mut cells: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); days]; instance.staff.len()];
    for (i, a) in roster.assignments.iter().enumerate() {
        let person =
            *staff.get(a.staff.as_str()).ok_or_else(|| format!("assignments[{i}]: unknown staff id {:?}", a.staff))?;
        let vacancy = *vacancies
            .get(a.vacancy.as_str())
            .ok_or_else(|| format!("assignments[{i}]: unknown vacancy id {:?}", a.vacancy))?;
        let day = instance.vacancies[vacancy].shift.day;
        let cell = usize::try_from(day).ok().and_then(|d| cells[person].get_mut(d)).ok_or_else(|| {
            format!("assignments[{i}]: vacancy {:?} starts outside the horizon (day {day})", a.vacancy)
        })?;
        cell.push(vacancy);
    }
    let mut text = String::new();
    for (member, row) in instance.staff.iter().zip(&mut cells) {
        text.push_str(&member.id);
        for cell in row {
            cell.sort_by_key(|&v| (instance.vacancies[v].shift.start, v));
            let labels: Vec<&str> = cell
                .iter()
                .map(|&v| {
                    let vacancy = &instance.vacancies[v];
                    match vacancy.shift_type {
                        Some(t) => instance.shift_types[t].id.as_str(),
                        None => vacancy.id.as_str(),
                    }
                })
                .collect();
            text.push('\t');
            text.push_str(&labels.join("+"));
        }
        text.push('\n');
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::Assignment;

    fn assignment(vacancy: &str, staff: &str) -> Assignment {
        Assignment {
            vacancy: vacancy.into(),
            staff: staff.into(),
            unit: String::new(),
            start: String::new(),
            end: String::new(),
            hours: 0.0,
            competence: String::new(),
        }
    }

    fn instance() -> Instance {
        let scenario: crate::Scenario = serde_json::from_value(serde_json::json!({
            "format_version": 1,
            "horizon": {"start": "2026-01-05", "end": "2026-01-08"},
            "competences": [{"id": "rn"}],
            "sites": [{"id": "s", "units": [{"id": "u"}]}],
            "shift_types": [{"id": "E"}],
            "staff": [
                {"id": "a", "competences": ["rn"], "units": ["u"], "contract": {"hours_per_week": 40}},
                {"id": "b", "competences": ["rn"], "units": ["u"], "contract": {"hours_per_week": 40}}
            ],
            "vacancies": [
                {"id": "v1", "unit": "u", "competence": "rn", "start": "2026-01-05T07:00", "end": "2026-01-05T15:00", "shift_type": "E"},
                {"id": "v2", "unit": "u", "competence": "rn", "start": "2026-01-07T16:00", "end": "2026-01-07T22:00"},
                {"id": "v3", "unit": "u", "competence": "rn", "start": "2026-01-07T06:00", "end": "2026-01-07T10:00", "shift_type": "E"}
            ]
        }))
        .expect("scenario");
        Instance::from_scenario(&scenario).expect("valid")
    }

    #[test]
    fn one_line_per_staff_with_every_day() {
        let roster = Roster {
            assignments: vec![assignment("v2", "b"), assignment("v1", "b"), assignment("v3", "b")],
            ..Roster::default()
        };
        assert_eq!(grid(&instance(), &roster).expect("grid"), "a\t\t\t\nb\tE\t\tE+v2\n");
    }

    #[test]
    fn unknown_ids_are_errors() {
        let roster = Roster { assignments: vec![assignment("v9", "a")], ..Roster::default() };
        assert!(grid(&instance(), &roster).expect_err("unknown").contains("v9"));
        let roster = Roster { assignments: vec![assignment("v1", "z")], ..Roster::default() };
        assert!(grid(&instance(), &roster).expect_err("unknown").contains("\"z\""));
    }
}

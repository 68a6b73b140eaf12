//! Shared helpers for the solver tests: tiny scenarios built in code, and a solve that always
//! runs the independent checker on what comes out.

#![allow(dead_code)]

use roster::{check, solve, Instance, Outcome, Scenario, SolveOptions};
use serde_json::{json, Value};

/// A one-site, two-unit (`u1`, `u2`) scenario over `days` days from Monday 2026-01-05 with
/// competences `rn`, `icu` (substitutes for `rn`) and `an`, the se-atl preset plus `rules`.
pub fn scenario(days: i64, rules: Value, staff: Vec<Value>, vacancies: Vec<Value>) -> Value {
    let end = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + chrono::Duration::days(days);
    let mut r = json!({"preset": "se-atl"});
    if let (Some(r), Some(extra)) = (r.as_object_mut(), rules.as_object()) {
        for (k, v) in extra {
            r.insert(k.clone(), v.clone());
        }
    }
    json!({
        "format_version": 1,
        "name": "test",
        "time_zone": "Europe/Stockholm",
        "horizon": {"start": "2026-01-05", "end": end.to_string()},
        "competences": [
            {"id": "rn"},
            {"id": "icu", "substitutes_for": [{"competence": "rn", "penalty_per_hour": 0.1}]},
            {"id": "an"}
        ],
        "sites": [{"id": "s1", "units": [{"id": "u1"}, {"id": "u2"}]}],
        "rules": r,
        "staff": staff,
        "vacancies": vacancies
    })
}

/// A staff member holding `competences`, introduced to both units, full time 40 h.
pub fn nurse(id: &str, competences: &[&str]) -> Value {
    json!({"id": id, "competences": competences, "units": ["u1", "u2"], "contract": {"hours_per_week": 40}})
}

/// Local date-time `day` days after Monday 2026-01-05 at `hm` ("07:00").
pub fn at(day: i64, hm: &str) -> String {
    let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + chrono::Duration::days(day);
    format!("{date}T{hm}")
}

/// Day shift 07:00-16:00 with 30 min break: 8.5 paid hours.
pub fn day_shift(id: &str, day: i64, competence: &str) -> Value {
    json!({"id": id, "unit": "u1", "competence": competence, "start": at(day, "07:00"), "end": at(day, "16:00"), "break_minutes": 30})
}

/// Evening shift 13:00-21:30 with 30 min break: 8 paid hours.
pub fn evening_shift(id: &str, day: i64, competence: &str) -> Value {
    json!({"id": id, "unit": "u1", "competence": competence, "start": at(day, "13:00"), "end": at(day, "21:30"), "break_minutes": 30})
}

/// Night shift 21:15-07:15 without unpaid break: 10 paid hours (outside DST changes).
pub fn night_shift(id: &str, day: i64, competence: &str) -> Value {
    json!({"id": id, "unit": "u1", "competence": competence, "start": at(day, "21:15"), "end": at(day + 1, "07:15")})
}

/// Validates a scenario given as JSON.
pub fn instance(value: Value) -> Instance {
    let scenario: Scenario = serde_json::from_value(value).expect("scenario JSON");
    Instance::from_scenario(&scenario).unwrap_or_else(|e| panic!("invalid scenario: {e:?}"))
}

/// Solves to proven optimality and asserts the independent checker finds nothing.
pub fn solve_checked(instance: &Instance) -> Outcome {
    solve_checked_with(instance, &SolveOptions { threads: 1, ..SolveOptions::default() })
}

/// As [`solve_checked`] with options; asserts optimality only when no time limit is set.
pub fn solve_checked_with(instance: &Instance, options: &SolveOptions) -> Outcome {
    let outcome = solve(instance, options).unwrap_or_else(|e| panic!("solve failed: {e}"));
    let violations = check(instance, &outcome.roster);
    assert!(violations.is_empty(), "checker rejected the roster: {violations:#?}");
    if options.time_limit.is_none() && options.gap == 0.0 {
        assert_eq!(outcome.report.status, roster::roster::SolveStatus::Optimal, "{:?}", outcome.report);
    }
    outcome
}

/// Agency hours of an outcome (from the KPIs).
pub fn agency_hours(outcome: &Outcome) -> f64 {
    outcome.roster.kpi.as_ref().expect("kpi").agency_hours
}

/// Staff ids assigned to vacancy `id`.
pub fn assigned_to(outcome: &Outcome, id: &str) -> Vec<String> {
    let mut s: Vec<String> =
        outcome.roster.assignments.iter().filter(|a| a.vacancy == id).map(|a| a.staff.clone()).collect();
    s.sort();
    s
}

/// Asserts two hour figures agree to 1e-6.
pub fn assert_hours(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 1e-6, "expected {expected} h, got {actual} h");
}

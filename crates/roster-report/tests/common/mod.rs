//! Helpers shared by the roster-report tests: fixtures, hand-written rosters, solving small
//! scenarios (every solved roster goes through the checker), and a quick greedy roster for
//! large generated scenarios; the hand-worked what-if sweep.

#![allow(dead_code)]

use roster::{Instance, Roster, Scenario};
use roster_whatif::{AxisKind, AxisRequest, Plan, Shard, SweepOptions};
use std::path::PathBuf;

/// Path of a file under the workspace's `fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name)
}

/// The scenario `fixtures/NAME` as JSON, to modify before use.
pub fn fixture_json(name: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixture(name)).expect("read fixture")).expect("fixture JSON")
}

/// A scenario from JSON.
pub fn instance_of(json: &serde_json::Value) -> Instance {
    let scenario: Scenario = serde_json::from_value(json.clone()).expect("scenario");
    Instance::from_scenario(&scenario).expect("valid scenario")
}

/// A hand-written roster: only vacancy and staff ids, no solve report.
pub fn hand_roster(pairs: &[(&str, &str)]) -> Roster {
    let assignments: Vec<serde_json::Value> =
        pairs.iter().map(|(vacancy, staff)| serde_json::json!({"vacancy": vacancy, "staff": staff})).collect();
    serde_json::from_value(serde_json::json!({"format_version": 1, "assignments": assignments})).expect("roster")
}

/// Solves `instance` for agency cost only (optionally within `time_limit` seconds) and checks
/// the roster: the checker must find nothing.
pub fn solve_checked(instance: &Instance, time_limit: Option<f64>) -> Roster {
    let options = roster::SolveOptions { time_limit, threads: 1, secondary: false, ..Default::default() };
    let outcome = roster::solve(instance, &options).expect("solve");
    let violations = roster::check(instance, &outcome.roster);
    assert!(violations.is_empty(), "the solver's roster breaks rules: {violations:?}");
    outcome.roster
}

/// A quick greedy roster for large scenarios: vacancies in order of start, each given to the
/// first candidate with no shift that day, at least 11 h since their last shift and room in the
/// 7-day period under their contracted weekly hours. Not checked against every rule (the report
/// shows what the checker finds).
pub fn greedy_roster(instance: &Instance) -> Roster {
    let candidates = roster::eligibility::Candidates::of(instance);
    let mut order: Vec<usize> = (0..instance.vacancies.len()).collect();
    order.sort_by_key(|&v| (instance.vacancies[v].shift.start, v));
    let weeks = usize::try_from(instance.weeks()).unwrap_or(0) + 1;
    let mut last_end = vec![i64::MIN / 2; instance.staff.len()];
    let mut last_day = vec![i64::MIN; instance.staff.len()];
    let mut week_hours = vec![vec![0.0; weeks]; instance.staff.len()];
    let mut pairs = Vec::new();
    for v in order {
        let vacancy = &instance.vacancies[v];
        let week = usize::try_from(vacancy.shift.day.max(0) / 7).unwrap_or(0).min(weeks - 1);
        let mut needed = vacancy.headcount;
        for &k in &candidates.by_vacancy[v] {
            if needed == 0 {
                break;
            }
            let s = candidates.list[k].staff;
            let fits = last_day[s] != vacancy.shift.day
                && last_end[s] + 11 * 3600 <= vacancy.shift.start
                && week_hours[s][week] + vacancy.shift.paid_hours <= instance.staff[s].contract_hours_per_week;
            if fits {
                last_end[s] = vacancy.shift.end;
                last_day[s] = vacancy.shift.day;
                week_hours[s][week] += vacancy.shift.paid_hours;
                pairs.push((vacancy.id.as_str(), instance.staff[s].id.as_str()));
                needed -= 1;
            }
        }
    }
    hand_roster(&pairs)
}

/// The sweep `add rn=0..3` of `whatif-three-shifts.json` with its profiles file (or one shard of
/// it), as JSON, after checking its hand-worked figures: 16, 8, 0, 0 agency hours at total costs
/// 16, 12, 8, 12 (rn hires at 4 each). `roster_whatif` checks every roster with `roster::check`.
pub fn three_shifts_sweep(shard: Option<Shard>) -> serde_json::Value {
    let scenario = roster::load_scenario(&fixture("whatif-three-shifts.json")).expect("fixture");
    let given =
        roster_whatif::load_profiles(&fixture("whatif-three-shifts-profiles.json"), &scenario).expect("profiles");
    let axes = vec![AxisRequest { kind: AxisKind::Add, name: "rn".into(), values: (0..=3).collect() }];
    let plan =
        Plan::new(scenario.clone(), &roster_whatif::with_defaults(given, &scenario), axes, Vec::new()).expect("plan");
    let solve = roster::SolveOptions { threads: 2, secondary: false, ..Default::default() };
    let results = roster_whatif::run(&plan, &SweepOptions { solve, shard, points_at_once: 0 }, |_| {});
    assert!(results.unsolved.is_empty() && !results.stopped, "every point solved: {:?}", results.unsolved);
    // The hand-worked figures, before anything is shown.
    let expected: Vec<(f64, f64)> = vec![(16.0, 16.0), (8.0, 12.0), (0.0, 8.0), (0.0, 12.0)];
    for row in &results.rows {
        assert_eq!((row.agency_hours, row.total_cost), expected[row.index], "point {}", row.index);
    }
    serde_json::to_value(&results).expect("JSON")
}

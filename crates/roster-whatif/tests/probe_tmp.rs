//! Temporary probe (to be deleted): does a warm start help a time-limited point?
use roster_whatif::*;
#[test]
#[ignore]
fn probe() {
    let scenario = roster::load_scenario("../../fixtures/sample-pool.json".as_ref()).unwrap();
    let profiles = default_profiles(&scenario);
    let axes = vec![AxisRequest { kind: AxisKind::Add, name: "ssk".into(), values: (0..=10).collect() }];
    let plan = Plan::new(scenario, &profiles, axes, Vec::new()).unwrap();
    let limit: f64 = std::env::var("LIMIT").map(|s| s.parse().unwrap()).unwrap_or(4.0);
    let base = roster::SolveOptions { threads: 1, secondary: false, time_limit: Some(limit), ..Default::default() };
    let (r0, roster0) = solve_point(&plan, 0, &roster::SolveOptions { time_limit: Some(20.0), ..base.clone() }).unwrap();
    eprintln!("point 0: {} h {:?} gap {} {} s", r0.agency_hours, r0.status, r0.gap, r0.seconds);
    let (cold, _) = solve_point(&plan, 1, &base).unwrap();
    eprintln!("cold point 1: {} h {:?} gap {} bound {} {} s", cold.agency_hours, cold.status, cold.gap, cold.best_bound, cold.seconds);
    let (warm, _) = solve_point(&plan, 1, &roster::SolveOptions { start: Some(roster0.clone()), ..base.clone() }).unwrap();
    eprintln!("warm point 1: {} h {:?} gap {} bound {} {} s", warm.agency_hours, warm.status, warm.gap, warm.best_bound, warm.seconds);
}

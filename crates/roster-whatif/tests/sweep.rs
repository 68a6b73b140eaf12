//! Sweeps, optimisation, analysis, merge, table and chart of the what-if library, on the
//! hand-worked fixture `whatif-three-shifts.json` (three simultaneous 8-hour rn shifts, one rn
//! in the pool: hires save 8, 8, then 0 agency hours) and on small generated scenarios solved
//! to optimality. Every roster is checked by `roster::check` inside the library (a roster the
//! checker rejects fails the sweep); the tests assert the figures worked out by hand.

use roster::roster::SolveStatus;
use roster::scenario::Scenario;
use roster::SolveOptions;
use roster_whatif::{
    merge, optimize, run, with_defaults, AxisKind, AxisRequest, Plan, PointRow, Shard, SweepOptions, SweepResults,
    WhatifError,
};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name)
}

fn three_shifts() -> Scenario {
    roster::load_scenario(&fixture("whatif-three-shifts.json")).expect("fixture")
}

/// The plan of the hand-worked fixture with its profiles file and the given axes.
fn three_shifts_plan(axes: Vec<AxisRequest>, removed: Vec<String>) -> Result<Plan, WhatifError> {
    let scenario = three_shifts();
    let given =
        roster_whatif::load_profiles(&fixture("whatif-three-shifts-profiles.json"), &scenario).expect("profiles");
    Plan::new(scenario.clone(), &with_defaults(given, &scenario), axes, removed)
}

fn add(name: &str, values: std::ops::RangeInclusive<u32>) -> AxisRequest {
    AxisRequest { kind: AxisKind::Add, name: name.into(), values: values.collect() }
}

fn options(threads: usize) -> SweepOptions {
    SweepOptions {
        solve: SolveOptions { threads, secondary: false, ..Default::default() },
        shard: None,
        points_at_once: threads,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn hand_worked_sweep_saves_eight_hours_per_hire_until_the_third() {
    let plan = three_shifts_plan(vec![add("rn", 0..=3)], Vec::new()).expect("plan");
    let mut streamed = Vec::new();
    let results = run(&plan, &options(2), |point| streamed.push(point.index()));
    streamed.sort_unstable();
    assert_eq!(streamed, vec![0, 1, 2, 3], "every row is streamed once");
    let rows = &results.rows;
    let hours: Vec<f64> = rows.iter().map(|r| r.agency_hours).collect();
    assert_eq!(hours, vec![16.0, 8.0, 0.0, 0.0]);
    // 0.1 per contracted hour, 40 h in the one-week horizon: 4 per hire.
    let total: Vec<f64> = rows.iter().map(|r| r.total_cost).collect();
    assert_eq!(total, vec![16.0, 12.0, 8.0, 12.0]);
    assert!(rows.iter().all(|r| r.status == SolveStatus::Optimal && r.gap == 0.0));
    assert_eq!(rows.iter().map(|r| r.staff_by_competence["rn"]).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
    assert_eq!(rows.iter().map(|r| r.staff).collect::<Vec<_>>(), vec![2, 3, 4, 5]);
    assert_eq!(rows.iter().map(|r| r.pool_hours).collect::<Vec<_>>(), vec![8.0, 16.0, 24.0, 24.0]);
    // Idle: 80 contracted hours of anna and ulf, 40 per hire, minus the hours worked.
    assert_eq!(rows.iter().map(|r| r.idle_hours).collect::<Vec<_>>(), vec![72.0, 104.0, 136.0, 176.0]);

    let a = &results.analysis;
    assert!(a.complete);
    let marginal: Vec<Option<f64>> = a.marginals.iter().map(|m| m[0].map(|m| m.agency_hours_saved)).collect();
    assert_eq!(marginal, vec![None, Some(8.0), Some(8.0), Some(0.0)]);
    let pays: Vec<Option<bool>> = a.marginals.iter().map(|m| m[0].and_then(|m| m.pays)).collect();
    assert_eq!(pays, vec![None, Some(true), Some(true), Some(false)]);
    assert_eq!(a.axes[0].break_even, Some(2));
    assert!(!a.axes[0].every_step_pays);
    assert_eq!(a.cheapest, Some(2));
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

#[test]
fn departures_and_fixed_removals_change_the_pool() {
    let remove = AxisRequest { kind: AxisKind::Remove, name: "rn".into(), values: vec![0, 1] };
    let plan = three_shifts_plan(vec![remove], vec!["ulf".into()]).expect("plan");
    let results = run(&plan, &options(1), |_| {});
    let rows = &results.rows;
    assert_eq!(rows.iter().map(|r| r.staff).collect::<Vec<_>>(), vec![1, 0]);
    assert_eq!(rows.iter().map(|r| r.agency_hours).collect::<Vec<_>>(), vec![16.0, 24.0]);
    let m = results.analysis.marginals[1][0].expect("marginal");
    assert_eq!((m.agency_hours_saved, m.pays), (-8.0, None));
    assert_eq!(results.analysis.axes[0].break_even, None, "no break-even on a departure axis");
}

#[test]
fn optimize_hires_the_cheapest_composition() {
    // rn costs 4 a week, rn-half 100 a year (100 * 7 / 365 = 1.92 a week): one of each covers
    // the two shifts anna cannot, cheaper than two rn.
    let plan = three_shifts_plan(vec![add("rn", 0..=3), add("rn-half", 0..=1)], Vec::new()).expect("plan");
    let solve = SolveOptions { secondary: false, ..Default::default() };
    let best = optimize(&plan, &solve).expect("optimize");
    assert_eq!(best.counts, vec![1, 1]);
    assert_eq!(best.grid_point, plan.index_of(&[1, 1]));
    assert_eq!(best.row.status, SolveStatus::Optimal);
    assert_eq!(best.row.agency_hours, 0.0);
    assert!(close(best.row.total_cost, 4.0 + 100.0 * 7.0 / 365.0), "{}", best.row.total_cost);
    assert_eq!(best.row.staff_by_competence["rn"], 3, "unhired copies are not in the pool");
    // The sweep over the same grid agrees.
    let sweep = run(&plan, &options(2), |_| {});
    let cheapest = sweep.rows.iter().find(|r| Some(r.index) == sweep.analysis.cheapest).expect("cheapest");
    assert_eq!(cheapest.counts, best.counts);
    assert!(close(cheapest.total_cost, best.row.total_cost));
}

#[test]
fn optimize_refuses_departure_axes() {
    let remove = AxisRequest { kind: AxisKind::Remove, name: "rn".into(), values: vec![0, 1] };
    let plan = three_shifts_plan(vec![add("rn", 0..=1), remove], Vec::new()).expect("plan");
    let err = optimize(&plan, &SolveOptions::default()).expect_err("departures cannot be optimised");
    assert!(matches!(&err, WhatifError::Usage(m) if m.contains("departure axis rn")), "{err}");
}

#[test]
fn bad_requests_are_clear_errors() {
    let err = three_shifts_plan(vec![add("nurse", 0..=1)], Vec::new()).expect_err("unknown profile");
    assert!(err.to_string().contains("unknown profile \"nurse\"") && err.to_string().contains("rn-half"), "{err}");
    let err = three_shifts_plan(vec![add("rn", 0..=1)], vec!["bob".into()]).expect_err("unknown staff");
    assert!(err.to_string().contains("no staff member has id \"bob\""), "{err}");
    let remove = AxisRequest { kind: AxisKind::Remove, name: "rn".into(), values: vec![0, 2] };
    let err = three_shifts_plan(vec![remove], Vec::new()).expect_err("only one rn to remove");
    assert!(err.to_string().contains("fewer holders of rn"), "{err}");
    let remove = AxisRequest { kind: AxisKind::Remove, name: "icu".into(), values: vec![1] };
    assert!(three_shifts_plan(vec![remove], Vec::new()).expect_err("unknown competence").to_string().contains("icu"));
    assert!(three_shifts_plan(Vec::new(), Vec::new()).is_err(), "no axis");
    assert!(three_shifts_plan(vec![add("rn", 0..=1), add("rn", 2..=3)], Vec::new()).is_err(), "axis twice");

    for bad in ["4..2", "0..5:2", "x", "0..3:0", "-1..2", "1..", "0..100000"] {
        assert!(roster_whatif::parse_range(bad).is_err(), "{bad} accepted");
    }
    assert_eq!(roster_whatif::parse_range(" 2..8:3 "), Ok(vec![2, 5, 8]));
    assert!(roster_whatif::parse_axis("rn").is_err());
    assert!(roster_whatif::parse_axis("=0..2").is_err());
    assert_eq!(roster_whatif::parse_axis("iva=0..4:2"), Ok(("iva".to_string(), vec![0, 2, 4])));
    for bad in ["0/2", "3/2", "1", "a/b", "1/0"] {
        assert!(bad.parse::<Shard>().is_err(), "{bad} accepted");
    }
}

#[test]
fn profiles_file_errors_name_the_json_path() {
    let dir = tempfile_dir();
    let file = dir.join("profiles.json");
    let text = r#"{"profiles": [{"id": "x", "competences": ["icu"], "units": ["ward"],
        "contract": {"hours_per_week": 40, "employment_rate": 1.5}, "cost": {"per_hour": -1}}]}"#;
    std::fs::write(&file, text).expect("write");
    let err = roster_whatif::load_profiles(&file, &three_shifts()).expect_err("invalid profile");
    let message = err.to_string();
    for expected in [
        "profiles.json",
        "profiles[0].competences[0]: unknown competence \"icu\"",
        "profiles[0].contract.employment_rate",
        "profiles[0].cost.per_hour",
    ] {
        assert!(message.contains(expected), "{expected:?} missing from {message}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("roster-whatif-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn default_profiles_copy_the_most_common_introduction() {
    let scenario = three_shifts();
    let profiles = roster_whatif::default_profiles(&scenario);
    let rn = profiles.iter().find(|p| p.id == "rn").expect("rn profile");
    assert_eq!(rn.competences, vec!["rn".to_string()]);
    assert_eq!(rn.units, vec!["ward".to_string()]);
    assert_eq!(rn.contract.hours_per_week, 40.0);
    // 0.6 x agency price 1 x 40 contracted hours in one week.
    assert!(close(rn.cost_over(7), 24.0));
}

/// The figures of a row that do not depend on timing (rounded: JSON may move the last digit).
fn figures(r: &PointRow) -> (usize, Vec<u32>, [i64; 4]) {
    let round = |x: f64| (x * 1e6).round() as i64;
    (r.index, r.counts.clone(), [r.agency_hours, r.total_cost, r.pool_hours, r.idle_hours].map(round))
}

#[test]
fn shards_merge_into_the_whole_sweep() {
    let plan = three_shifts_plan(vec![add("rn", 0..=3), add("rn-half", 0..=1)], Vec::new()).expect("plan");
    let whole = run(&plan, &options(2), |_| {});
    let shard = |k| {
        let o = SweepOptions { shard: Some(Shard { index: k, count: 3 }), ..options(1) };
        run(&plan, &o, |_| {})
    };
    let parts: Vec<SweepResults> = (1..=3).map(shard).collect();
    assert_eq!(parts[0].rows.iter().map(|r| r.index).collect::<Vec<_>>(), vec![0, 3, 6]);
    assert!(!parts[0].analysis.complete);
    // Through JSON, as the CLI passes them.
    let named: Vec<(String, SweepResults)> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("part{i}"), serde_json::from_str(&serde_json::to_string(p).unwrap()).unwrap()))
        .collect();
    let merged = merge(named.clone()).expect("merge");
    assert_eq!(merged.rows.iter().map(figures).collect::<Vec<_>>(), whole.rows.iter().map(figures).collect::<Vec<_>>());
    assert_eq!(merged.analysis.axes, whole.analysis.axes);
    assert_eq!(merged.analysis.cheapest, whole.analysis.cheapest);

    let err = merge(named[..2].to_vec()).expect_err("a shard is missing");
    assert!(err.to_string().contains("2 of 8 points are missing (points 2, 5)"), "{err}");
    let mut twice = named.clone();
    twice.push(("again".into(), named[0].1.clone()));
    assert!(merge(twice).expect_err("duplicate").to_string().contains("point 0 is in both part0 and again"));
    let other = three_shifts_plan(vec![add("rn", 0..=2)], Vec::new()).expect("plan");
    let foreign = run(&other, &options(1), |_| {});
    let mut mixed = named;
    mixed.push(("foreign".into(), foreign));
    assert!(merge(mixed)
        .expect_err("different sweeps")
        .to_string()
        .contains("foreign: the results of a different sweep"));
}

#[test]
fn table_and_chart_show_the_break_even() {
    let plan = three_shifts_plan(vec![add("rn", 0..=3)], Vec::new()).expect("plan");
    let results = run(&plan, &options(2), |_| {});
    let table = roster_whatif::csv(&results).expect("csv");
    let mut reader = csv::Reader::from_reader(table.as_bytes());
    let header: Vec<String> = reader.headers().expect("header").iter().map(String::from).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(records.len(), 4);
    assert_eq!(&records[2][column("add_rn")], "2");
    assert_eq!(&records[2][column("break_even")], "add_rn");
    assert_eq!(&records[2][column("cheapest")], "yes");
    assert_eq!(&records[3][column("add_rn_pays")], "no");
    assert_eq!(&records[1][column("add_rn_agency_hours_saved")], "8");
    assert_eq!(&records[0][column("staff_rn")], "1");
    assert_eq!(&records[0][column("status")], "optimal");

    let svg = roster_whatif::svg(&results).expect("svg");
    assert!(svg.starts_with("<svg"));
    assert!(svg.contains("break-even add_rn=2"), "break-even not marked");
    assert!(svg.contains("agency hours") && svg.contains("total cost"));
    // The data lines: thick polylines through the four points (legend samples have two).
    let lines = svg
        .split("<polyline")
        .skip(1)
        .filter(|p| {
            p.contains("stroke-width=\"2\"")
                && p.split("points=\"")
                    .nth(1)
                    .is_some_and(|q| q.split('"').next().unwrap_or("").split_whitespace().count() == 4)
        })
        .count();
    assert_eq!(lines, 2, "one line for the axis in each of the two panels");
}

/// A generated pool of `staff` people over one week with every agency hour at price 1 and
/// priority 1, so the primary objective is agency hours.
fn uniform_generated(staff: usize, seed: u64) -> Scenario {
    let mut scenario =
        roster::generate::generate(&roster::generate::GenerateOptions { staff, weeks: 1, seed, ..Default::default() });
    scenario.agency.cost_per_hour.clear();
    scenario.agency.default_cost_per_hour = 1.0;
    for v in &mut scenario.vacancies {
        v.priority = 1.0;
        v.cost_per_uncovered = None;
    }
    scenario
}

#[test]
fn agency_hours_never_rise_with_a_hire_on_generated_pools() {
    for seed in [1, 2] {
        let scenario = uniform_generated(6, seed);
        let profiles = with_defaults(Vec::new(), &scenario);
        let plan =
            Plan::new(scenario, &profiles, vec![add("ssk", 0..=2), add("usk", 0..=1)], Vec::new()).expect("plan");
        let results = run(&plan, &options(2), |_| {});
        assert!(results.rows.iter().all(|r| r.status == SolveStatus::Optimal), "seed {seed}: not all optimal");
        for row in &results.rows {
            for (a, _) in plan.axes.iter().enumerate() {
                let mut before = row.counts.clone();
                if before[a] == 0 {
                    continue;
                }
                before[a] -= 1;
                let previous = &results.rows[plan.index_of(&before).expect("grid")];
                assert!(
                    row.agency_hours <= previous.agency_hours + 1e-6,
                    "seed {seed}: {:?} has {} agency hours, {:?} had {}",
                    row.counts,
                    row.agency_hours,
                    previous.counts,
                    previous.agency_hours
                );
            }
        }
        assert!(results.analysis.warnings.is_empty(), "{:?}", results.analysis.warnings);
        let (first, last) = (&results.rows[0], results.rows.last().expect("rows"));
        assert!(last.agency_hours < first.agency_hours, "seed {seed}: hires saved nothing, the test proves nothing");
        // One model gives the same least total cost as the sweep.
        let best = optimize(&plan, &SolveOptions { secondary: false, ..Default::default() }).expect("optimize");
        let cheapest = results.rows.iter().map(|r| r.total_cost).fold(f64::INFINITY, f64::min);
        assert_eq!(best.row.status, SolveStatus::Optimal);
        assert!(
            close(best.row.total_cost, cheapest),
            "seed {seed}: optimize {} vs sweep {cheapest}",
            best.row.total_cost
        );
    }
}

/// The hand-worked fixture with anna needing at least 16 hours: she can work only one of the
/// three simultaneous 8-hour shifts, so every point with anna in the pool is infeasible, and
/// every point without her (`remove rn=1`) is not.
fn three_shifts_anna_needs_16_hours() -> Scenario {
    let mut scenario = three_shifts();
    scenario.staff[0].min_hours = Some(16.0);
    scenario
}

#[test]
fn an_infeasible_point_is_recorded_and_the_sweep_goes_on() {
    let scenario = three_shifts_anna_needs_16_hours();
    let given =
        roster_whatif::load_profiles(&fixture("whatif-three-shifts-profiles.json"), &scenario).expect("profiles");
    let remove = AxisRequest { kind: AxisKind::Remove, name: "rn".into(), values: vec![0, 1] };
    let plan =
        Plan::new(scenario.clone(), &with_defaults(given, &scenario), vec![add("rn", 0..=1), remove], Vec::new())
            .expect("plan");
    let mut streamed = Vec::new();
    let results = run(&plan, &options(2), |point| streamed.push(point.index()));
    streamed.sort_unstable();
    assert_eq!(streamed, vec![0, 1, 2, 3], "unsolved points are streamed too");
    // Points (add, remove): (0,0) and (1,0) keep anna: infeasible. (0,1): nobody left, 24 agency
    // hours; (1,1): the hire takes one shift, 16.
    let solved: Vec<(usize, f64)> = results.rows.iter().map(|r| (r.index, r.agency_hours)).collect();
    assert_eq!(solved, vec![(1, 24.0), (3, 16.0)], "{:?}", results.unsolved);
    let unsolved: Vec<(usize, roster_whatif::Unsolved)> =
        results.unsolved.iter().map(|p| (p.index, p.status)).collect();
    assert_eq!(unsolved, vec![(0, roster_whatif::Unsolved::Infeasible), (2, roster_whatif::Unsolved::Infeasible)]);
    assert!(results.unsolved[0].message.contains("anna"), "{}", results.unsolved[0].message);
    assert!(!results.stopped);
    assert!(!results.analysis.complete);
    // The marginal of the hire at remove=1 is there; at remove=0 there is nothing to compare.
    let m = results.analysis.marginals[1][0].expect("marginal of the hire without anna");
    assert_eq!(m.agency_hours_saved, 8.0);
    assert_eq!(results.analysis.marginals[0][0], None);
    // The table has a line for every point, the unsolved ones with their status and no figures.
    let table = roster_whatif::csv(&results).expect("csv");
    let mut reader = csv::Reader::from_reader(table.as_bytes());
    let header: Vec<String> = reader.headers().expect("header").iter().map(String::from).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    let statuses: Vec<&str> = records.iter().map(|r| &r[column("status")]).collect();
    assert_eq!(statuses, vec!["infeasible", "optimal", "infeasible", "optimal"]);
    let agency: Vec<&str> = records.iter().map(|r| &r[column("agency_hours")]).collect();
    assert_eq!(agency, vec!["", "24", "", "16"]);
    // Pool size without figures: anna and ulf, plus the hire.
    assert_eq!(&records[2][column("staff")], "3");
    assert!(records[0][column("note")].contains("anna"), "{:?}", &records[0]);
}

#[test]
fn a_cancelled_sweep_keeps_what_it_solved_and_marks_the_rest_not_run() {
    let plan = three_shifts_plan(vec![add("rn", 0..=3)], Vec::new()).expect("plan");
    // Cancelled before it starts: nothing runs.
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let mut o = options(1);
    o.solve.cancel = Some(cancel);
    let results = run(&plan, &o, |_| panic!("no point may run"));
    assert!(results.stopped);
    assert!(results.rows.is_empty());
    assert!(results.unsolved.iter().all(|p| p.status == roster_whatif::Unsolved::NotRun));
    assert_eq!(results.unsolved.iter().map(|p| p.index).collect::<Vec<_>>(), vec![0, 1, 2, 3]);

    // Cancelled once the first point is in: one worker, a chain 0 -> 1 -> 2 -> 3; the point
    // already taken may finish, the last two never start.
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut o = options(1);
    o.solve.cancel = Some(cancel.clone());
    let results = run(&plan, &o, |_| cancel.store(true, std::sync::atomic::Ordering::SeqCst));
    assert!(results.stopped);
    assert_eq!(results.rows[0].index, 0);
    assert_eq!(results.rows[0].agency_hours, 16.0);
    let mut all: Vec<usize> =
        results.rows.iter().map(|r| r.index).chain(results.unsolved.iter().map(|p| p.index)).collect();
    all.sort_unstable();
    assert_eq!(all, vec![0, 1, 2, 3], "every point once, solved or not");
    let not_run: Vec<usize> = results.unsolved.iter().map(|p| p.index).collect();
    assert!(not_run.ends_with(&[2, 3]), "{not_run:?}");
    // A stopped shard cannot be merged as if it were complete.
    let err = merge(vec![("part".into(), results)]).expect_err("not run points");
    assert!(err.to_string().contains("were not run because a sweep was stopped"), "{err}");
}

#[test]
fn warm_started_points_agree_with_cold_solves() {
    // Each point of the sweep starts from a neighbour's roster; solved alone from nothing, every
    // point must reach the same (proven optimal) agency cost.
    let scenario = uniform_generated(8, 3);
    let profiles = with_defaults(Vec::new(), &scenario);
    let plan = Plan::new(scenario, &profiles, vec![add("ssk", 0..=3)], Vec::new()).expect("plan");
    for threads in [1, 2] {
        let results = run(&plan, &options(threads), |_| {});
        assert!(results.unsolved.is_empty(), "{:?}", results.unsolved);
        for row in &results.rows {
            let solve = SolveOptions { threads: 1, secondary: false, ..Default::default() };
            let (cold, _) = roster_whatif::solve_point(&plan, row.index, &solve).expect("cold solve");
            assert_eq!((row.status, cold.status), (SolveStatus::Optimal, SolveStatus::Optimal));
            assert!(
                close(row.agency_cost, cold.agency_cost),
                "point {}: {} vs {}",
                row.index,
                row.agency_cost,
                cold.agency_cost
            );
        }
        let (first, last) = (&results.rows[0], results.rows.last().expect("rows"));
        assert!(last.agency_hours < first.agency_hours, "hires saved nothing: the test proves nothing");
    }
}

/// The hand-worked fixture twice: anna and the three rn shifts on `ward`, a copy of anna
/// (`berit`) and of the shifts (`…-2`) on `ward2`: two independent components.
fn three_shifts_on_two_wards() -> Scenario {
    let mut twice = serde_json::to_value(three_shifts()).expect("json");
    twice["sites"][0]["units"]
        .as_array_mut()
        .expect("units")
        .push(serde_json::json!({ "id": "ward2", "name": "Ward 2" }));
    let mut berit = twice["staff"][0].clone();
    berit["id"] = "berit".into();
    berit["units"] = serde_json::json!(["ward2"]);
    twice["staff"].as_array_mut().expect("staff").push(berit);
    let copies: Vec<serde_json::Value> = twice["vacancies"]
        .as_array()
        .expect("vacancies")
        .iter()
        .map(|v| {
            let mut v = v.clone();
            v["id"] = format!("{}-2", v["id"].as_str().expect("id")).into();
            v["unit"] = "ward2".into();
            v
        })
        .collect();
    twice["vacancies"].as_array_mut().expect("vacancies").extend(copies);
    serde_json::from_value(twice).expect("scenario")
}

#[test]
fn a_sweep_solves_the_ward_its_hires_do_not_touch_once() {
    // rn hires (the profiles file introduces them to `ward` only) change ward's component at
    // every point; ward2's (berit and her three shifts) is the same at all four points, so it is
    // solved at the first and reused at the other three. By hand: ward2 leaves 16 agency hours
    // at every point, ward 16, 8, 0, 0.
    let scenario = three_shifts_on_two_wards();
    let given =
        roster_whatif::load_profiles(&fixture("whatif-three-shifts-profiles.json"), &scenario).expect("profiles");
    let plan = Plan::new(scenario.clone(), &with_defaults(given, &scenario), vec![add("rn", 0..=3)], Vec::new())
        .expect("plan");
    for threads in [1, 2] {
        let mut options = options(threads);
        let memo = std::sync::Arc::new(roster_whatif::sweep::shared_components(&plan, &[0, 1, 2, 3], &options.solve));
        assert_eq!(memo.shared(), 1, "only ward2's component is the same at several points");
        options.solve.memo = Some(memo.clone());
        let results = run(&plan, &options, |_| {});
        assert!(results.unsolved.is_empty(), "{:?}", results.unsolved);
        assert_eq!(memo.reused(), 3, "{threads} threads");
        let hours: Vec<f64> = results.rows.iter().map(|r| r.agency_hours).collect();
        assert_eq!(hours, vec![32.0, 24.0, 16.0, 16.0]);
        assert!(results.rows.iter().all(|r| r.status == SolveStatus::Optimal));
    }
}

#[test]
fn points_run_one_at_a_time_when_the_solve_itself_has_the_parallelism() {
    // The hand-worked fixture is one component (anna and the three shifts): points side by side.
    let plan = three_shifts_plan(vec![add("rn", 0..=3)], Vec::new()).expect("plan");
    assert_eq!(roster_whatif::sweep::points_at_once(&plan, 4), 4);
    // Two copies of it on two wards: two components of equal size, which each point's solve
    // runs in parallel; so one point at a time with two threads, three at once with three.
    let twice = three_shifts_on_two_wards();
    let profiles = with_defaults(Vec::new(), &twice);
    let plan = Plan::new(twice, &profiles, vec![add("rn", 0..=1)], Vec::new()).expect("plan");
    assert_eq!(roster_whatif::sweep::points_at_once(&plan, 2), 1);
    assert_eq!(roster_whatif::sweep::points_at_once(&plan, 3), 3);
    // The sample pool splits into two components of unequal size (the smaller one is solved in
    // a fraction of the larger one's time): points side by side, so no thread waits idle.
    let sample = roster::load_scenario(&fixture("sample-pool.json")).expect("sample");
    let profiles = with_defaults(Vec::new(), &sample);
    let plan = Plan::new(sample, &profiles, vec![add("ssk", 0..=1)], Vec::new()).expect("plan");
    assert_eq!(roster_whatif::sweep::points_at_once(&plan, 2), 2);
}

#[test]
fn a_sweep_at_a_gap_stays_within_it_of_the_proven_optima() {
    // The sample pool with 5, 6 and 7 extra specialist nurses (the built-in ssk profile), at a
    // 1% gap. Proven optimal agency costs, from the proven sweep in BENCHMARKS.md (session 27):
    // 818.7, 791.7 and 769.7. Points 6 and 7 start from their neighbour's roster, and may stop
    // once within the gap: each row's agency cost must lie between its optimum and 1% above it
    // (gap relative to the roster's cost), its bound at or below the optimum, and its stated gap
    // at most 1%, its status optimal only where its bound proves it; agency hours never rise with
    // a hire.
    let sample = roster::load_scenario(&fixture("sample-pool.json")).expect("sample");
    let profiles = with_defaults(Vec::new(), &sample);
    let plan = Plan::new(sample, &profiles, vec![add("ssk", 5..=7)], Vec::new()).expect("plan");
    let mut sweep = options(2);
    sweep.solve.gap = 0.01;
    let results = run(&plan, &sweep, |_| {});
    assert!(results.unsolved.is_empty(), "{:?}", results.unsolved);
    let optimum = [818.7, 791.7, 769.7];
    let tolerance = 1e-6;
    for (row, optimum) in results.rows.iter().zip(optimum) {
        let bound = row.best_bound - row.hire_cost - row.other_cost;
        assert!(row.agency_cost >= optimum - tolerance, "{row:?}");
        assert!(row.agency_cost <= optimum / 0.99 + tolerance, "{row:?}");
        assert!(bound <= optimum + tolerance, "bound {bound} above the optimum: {row:?}");
        assert!(row.gap <= 0.01 + tolerance, "{row:?}");
    }
    // Honest status: optimal exactly where the bound proves the roster. Within the 1% gap the
    // search may stop at any roster (session 48, with the chain kind, stopped point 5 at agency
    // cost 822.3, 0.5% above its optimum; before, its draws happened to reach 818.7, proven).
    for row in &results.rows {
        let proven = row.total_cost - row.best_bound <= 1e-6 * row.total_cost.abs().max(1.0);
        assert_eq!(row.status == SolveStatus::Optimal, proven, "{row:?}");
    }
    assert!(results.rows.windows(2).all(|w| w[1].agency_hours <= w[0].agency_hours), "{:?}", results.rows);
}

//! Solver tests: one tiny scenario per rule whose optimum is worked out by hand in the comment,
//! plus objective hierarchy, substitution, availability, DST, components, infeasibility and the
//! reasons given for agency vacancies. Every roster goes through the independent checker.

mod common;

use common::*;
use roster::roster::{AgencyReason, SolveStatus};
use roster::{solve, SolveError, SolveOptions};
use serde_json::{json, Value};

/// Every limit off except those in `on` (so each test isolates one rule).
fn only(on: Value) -> Value {
    let mut r = json!({
        "min_rest_hours": null, "weekly_rest_hours": null, "max_hours_per_week": null,
        "averaging": null, "max_consecutive_days": null, "max_consecutive_nights": null,
        "max_weekends": null, "max_shifts_per_day": null
    });
    for (k, v) in on.as_object().unwrap() {
        r[k] = v.clone();
    }
    r
}

/// Seven day shifts (8.5 h each) Monday to Sunday for `rn`.
fn week_of_day_shifts() -> Vec<Value> {
    (0..7).map(|d| day_shift(&format!("d{d}"), d, "rn")).collect()
}

#[test]
fn min_rest_keeps_the_longer_of_two_close_shifts() {
    // Evening Mon 13:00-21:30 (8 h) then day Tue 07:00-16:00 (8.5 h): 9.5 h rest < 11 h.
    // One nurse takes the 8.5 h day shift; 8 h go to the agency.
    let shifts = vec![evening_shift("eve", 0, "rn"), day_shift("day", 1, "rn")];
    let i = instance(scenario(3, only(json!({"min_rest_hours": 11})), vec![nurse("a", &["rn"])], shifts.clone()));
    let o = solve_checked(&i);
    assert_hours(agency_hours(&o), 8.0);
    assert_eq!(assigned_to(&o, "day"), vec!["a"]);
    // With 9 h minimum rest both fit: nothing to the agency.
    let i = instance(scenario(3, only(json!({"min_rest_hours": 9})), vec![nurse("a", &["rn"])], shifts));
    assert_hours(agency_hours(&solve_checked(&i)), 0.0);
}

#[test]
fn overlapping_shifts_are_never_given_to_one_person() {
    // 07:00-16:00 (8.5 h) and 08:00-12:00 (4 h) overlap: the 8.5 h one is covered, 4 h to agency.
    let short =
        json!({"id": "short", "unit": "u2", "competence": "rn", "start": at(0, "08:00"), "end": at(0, "12:00")});
    let i = instance(scenario(1, only(json!({})), vec![nurse("a", &["rn"])], vec![day_shift("long", 0, "rn"), short]));
    let o = solve_checked(&i);
    assert_hours(agency_hours(&o), 4.0);
    assert_eq!(assigned_to(&o, "long"), vec!["a"]);
}

#[test]
fn weekly_rest_is_met_exactly() {
    // Day shifts 07:00-16:00 every day of one full week. Working all seven leaves 15 h gaps.
    // Skipping one middle day d leaves 16:00 (d-1) .. 07:00 (d+1) = 39 h; skipping Monday leaves
    // only 00:00-07:00 Tue = 31 h, skipping Sunday 16:00 Sat .. 00:00 Mon = 32 h.
    // 36 h rest: one middle day off -> 6 shifts, 8.5 h to the agency.
    let i =
        instance(scenario(7, only(json!({"weekly_rest_hours": 36})), vec![nurse("a", &["rn"])], week_of_day_shifts()));
    assert_hours(agency_hours(&solve_checked(&i)), 8.5);
    // 40 h rest: one day off gives at most 39 h, so two days off (e.g. Mon+Tue: 55 h) -> 17 h.
    let i =
        instance(scenario(7, only(json!({"weekly_rest_hours": 40})), vec![nurse("a", &["rn"])], week_of_day_shifts()));
    assert_hours(agency_hours(&solve_checked(&i)), 17.0);
    // No weekly rest rule: all seven.
    let i = instance(scenario(7, only(json!({})), vec![nurse("a", &["rn"])], week_of_day_shifts()));
    assert_hours(agency_hours(&solve_checked(&i)), 0.0);
}

#[test]
fn hours_per_week_cap() {
    // 40 h per 7 days: 4 shifts (34 h) fit, 5 (42.5 h) do not -> 3 x 8.5 = 25.5 h to the agency.
    let i =
        instance(scenario(7, only(json!({"max_hours_per_week": 40})), vec![nurse("a", &["rn"])], week_of_day_shifts()));
    assert_hours(agency_hours(&solve_checked(&i)), 25.5);
}

#[test]
fn averaging_block_caps_contract_plus_overtime() {
    // Half-time (40 h x 0.5 = 20 h/week); 2-week blocks with 5 h overtime: cap 20*2 + 5 = 45 h.
    // 14 day shifts of 8.5 h (119 h): 5 shifts = 42.5 h fit, 6 = 51 h do not -> 119 - 42.5 = 76.5 h.
    let mut a = nurse("a", &["rn"]);
    a["contract"] = json!({"hours_per_week": 40, "employment_rate": 0.5});
    let shifts: Vec<Value> = (0..14).map(|d| day_shift(&format!("d{d}"), d, "rn")).collect();
    let i = instance(scenario(14, only(json!({"averaging": {"weeks": 2, "overtime_hours": 5}})), vec![a], shifts));
    assert_hours(agency_hours(&solve_checked(&i)), 76.5);
}

#[test]
fn max_and_min_hours_over_the_horizon() {
    // max_hours 17: two of seven 8.5 h shifts -> 5 x 8.5 = 42.5 h to the agency.
    let mut a = nurse("a", &["rn"]);
    a["max_hours"] = json!(17);
    let i = instance(scenario(7, only(json!({})), vec![a], week_of_day_shifts()));
    assert_hours(agency_hours(&solve_checked(&i)), 42.5);
    // One vacancy, two nurses; b must work at least 8 h, so b gets it.
    let mut b = nurse("b", &["rn"]);
    b["min_hours"] = json!(8);
    let i = instance(scenario(1, only(json!({})), vec![nurse("a", &["rn"]), b], vec![day_shift("v", 0, "rn")]));
    assert_eq!(assigned_to(&solve_checked(&i), "v"), vec!["b"]);
}

#[test]
fn unreachable_min_hours_is_infeasible_and_names_the_person() {
    // Only 8.5 h of vacancies exist but b needs 100 h.
    let mut b = nurse("b", &["rn"]);
    b["min_hours"] = json!(100);
    let i = instance(scenario(2, only(json!({})), vec![b], vec![day_shift("v", 0, "rn")]));
    match solve(&i, &SolveOptions::default()) {
        Err(SolveError::Infeasible { reasons }) => {
            assert!(reasons.iter().any(|r| r.contains("staff b") && r.contains("91.50")), "{reasons:?}");
        }
        other => panic!("expected infeasible, got {other:?}"),
    }
}

#[test]
fn consecutive_days_count_booked_history() {
    // At most 3 consecutive working days over 7 day shifts: 1110111 -> 6 shifts, 8.5 h agency.
    let i = instance(scenario(
        7,
        only(json!({"max_consecutive_days": 3})),
        vec![nurse("a", &["rn"])],
        week_of_day_shifts(),
    ));
    assert_hours(agency_hours(&solve_checked(&i)), 8.5);
    // A booked shift the Sunday before the horizon counts: slots Sun..Sun (8) with Sun worked and
    // no run of 4 hold at most 6 ones (11101110), 5 inside the horizon -> 17 h agency.
    let mut a = nurse("a", &["rn"]);
    a["bookings"] =
        json!([{"start": at(-1, "07:00"), "end": at(-1, "16:00"), "break_minutes": 30, "label": "home ward"}]);
    let i = instance(scenario(7, only(json!({"max_consecutive_days": 3})), vec![a], week_of_day_shifts()));
    assert_hours(agency_hours(&solve_checked(&i)), 17.0);
}

#[test]
fn consecutive_nights() {
    // Nights 21:15-07:15 (10 h) every day, at most 2 in a row: 1101101 -> 5 nights, 20 h agency.
    let nights: Vec<Value> = (0..7).map(|d| night_shift(&format!("n{d}"), d, "rn")).collect();
    let i = instance(scenario(8, only(json!({"max_consecutive_nights": 2})), vec![nurse("a", &["rn"])], nights));
    assert_hours(agency_hours(&solve_checked(&i)), 20.0);
}

#[test]
fn working_weekends() {
    // Two weekends, Saturday and Sunday day shifts each (4 x 8.5 h); at most one weekend:
    // both shifts of one weekend (17 h) are covered, 17 h to the agency.
    let shifts = vec![
        day_shift("sat1", 5, "rn"),
        day_shift("sun1", 6, "rn"),
        day_shift("sat2", 12, "rn"),
        day_shift("sun2", 13, "rn"),
    ];
    let i = instance(scenario(14, only(json!({"max_weekends": 1})), vec![nurse("a", &["rn"])], shifts));
    let o = solve_checked(&i);
    assert_hours(agency_hours(&o), 17.0);
    let first = assigned_to(&o, "sat1").len() + assigned_to(&o, "sun1").len();
    assert!(first == 0 || first == 2, "one whole weekend is worked");
}

#[test]
fn shifts_per_day() {
    // 07:00-10:00 (3 h) and 22:00-23:30 (1.5 h) on one day, 12 h apart.
    let early =
        json!({"id": "early", "unit": "u1", "competence": "rn", "start": at(0, "07:00"), "end": at(0, "10:00")});
    let late = json!({"id": "late", "unit": "u1", "competence": "rn", "start": at(0, "22:00"), "end": at(0, "23:30")});
    let one = instance(scenario(
        1,
        only(json!({"max_shifts_per_day": 1})),
        vec![nurse("a", &["rn"])],
        vec![early.clone(), late.clone()],
    ));
    assert_hours(agency_hours(&solve_checked(&one)), 1.5);
    let two =
        instance(scenario(1, only(json!({"max_shifts_per_day": 2})), vec![nurse("a", &["rn"])], vec![early, late]));
    assert_hours(agency_hours(&solve_checked(&two)), 0.0);
}

#[test]
fn substitution_and_site_introduction() {
    // An ICU nurse may fill an RN vacancy; an assistant nurse may not.
    let i = instance(scenario(
        2,
        only(json!({})),
        vec![nurse("icu", &["icu"]), nurse("an", &["an"])],
        vec![day_shift("v", 0, "rn")],
    ));
    let o = solve_checked(&i);
    assert_eq!(assigned_to(&o, "v"), vec!["icu"]);
    assert_eq!(o.roster.assignments[0].competence, "icu");
    // Introduced to the whole site instead of the unit.
    let mut s = nurse("s", &["rn"]);
    s["units"] = json!([]);
    s["sites"] = json!(["s1"]);
    let i = instance(scenario(1, only(json!({})), vec![s], vec![day_shift("v", 0, "rn")]));
    assert_hours(agency_hours(&solve_checked(&i)), 0.0);
}

#[test]
fn headcount_and_agency_prices() {
    // Headcount 3, two nurses: one place (8.5 h) to the agency.
    let mut v = day_shift("v", 0, "rn");
    v["headcount"] = json!(3);
    let i = instance(scenario(1, only(json!({})), vec![nurse("a", &["rn"]), nurse("b", &["rn"])], vec![v]));
    let o = solve_checked(&i);
    assert_hours(agency_hours(&o), 8.5);
    assert_eq!(o.roster.agency[0].headcount, 1);
    assert_eq!(o.roster.agency[0].reason, AgencyReason::NotEnoughCandidates { assigned: vec!["a".into(), "b".into()] });
    // One nurse holding rn and an, two overlapping shifts: an 8.5 h at price 1 (8.5) and rn 8 h
    // at price 2 (16). Covering rn leaves 8.5 to the agency: objective 8.5 (not 16).
    let mut sc = scenario(
        1,
        only(json!({})),
        vec![nurse("a", &["rn", "an"])],
        vec![
            day_shift("an-day", 0, "an"),
            json!({"id": "rn-day", "unit": "u2", "competence": "rn", "start": at(0, "08:00"), "end": at(0, "16:30"), "break_minutes": 30}),
        ],
    );
    sc["agency"] = json!({"cost_per_hour": {"rn": 2.0}});
    let o = solve_checked(&instance(sc));
    assert_eq!(assigned_to(&o, "rn-day"), vec!["a"]);
    assert!((o.report.objective - 8.5).abs() < 1e-6, "{:?}", o.report);
}

#[test]
fn secondary_terms_never_trade_against_agency_hours() {
    // A nurse contracted for 4 h/week (0.1 x 40) who dislikes every shift, with enormous
    // overtime and preference weights, still takes both non-conflicting shifts: agency 0.
    let mut a = nurse("a", &["rn"]);
    a["contract"] = json!({"hours_per_week": 40, "employment_rate": 0.1});
    a["preferences"] = json!([{"kind": "unwanted", "start": at(0, "00:00"), "end": at(3, "00:00"), "weight": 1e6}]);
    let mut sc = scenario(3, only(json!({})), vec![a], vec![day_shift("v1", 0, "rn"), day_shift("v2", 2, "rn")]);
    sc["objective"] = json!({"overtime_per_hour": 1e6, "fairness_per_hour": 1e6, "preference": 1e3});
    let o = solve_checked(&instance(sc));
    assert_hours(agency_hours(&o), 0.0);
    assert_eq!(o.roster.assignments.len(), 2);
}

#[test]
fn secondary_terms_choose_among_equal_agency_rosters() {
    // Two identical nurses, one vacancy; a does not want it, so b gets it.
    let mut a = nurse("a", &["rn"]);
    a["preferences"] = json!([{"kind": "unwanted", "start": at(0, "00:00"), "end": at(1, "00:00")}]);
    let i = instance(scenario(1, only(json!({})), vec![a, nurse("b", &["rn"])], vec![day_shift("v", 0, "rn")]));
    assert_eq!(assigned_to(&solve_checked(&i), "v"), vec!["b"]);
    // Fairness: four non-conflicting shifts, two equal nurses: two each. Overtime is free here,
    // so only fairness tells 2-2 (17 h each, their share) from 4-0 (34 fairness hours).
    let shifts: Vec<Value> = (0..4).map(|d| day_shift(&format!("d{d}"), d, "rn")).collect();
    let mut sc = scenario(4, only(json!({})), vec![nurse("a", &["rn"]), nurse("b", &["rn"])], shifts);
    sc["objective"] = json!({"overtime_per_hour": 0.0, "fairness_per_hour": 0.2, "preference": 1.0});
    let i = instance(sc);
    let o = solve_checked(&i);
    let of_a = |o: &roster::Outcome| o.roster.assignments.iter().filter(|x| x.staff == "a").count();
    assert_eq!(of_a(&o), 2, "{:?}", o.roster.assignments);
    // Started from a roster that gives a all four (agency 0, so stage 1 has nothing to better),
    // stage 2 still evens it out.
    let mut unfair = o.roster.clone();
    unfair.assignments.iter_mut().for_each(|x| x.staff = "a".into());
    let o = solve_checked_with(&i, &SolveOptions { threads: 1, start: Some(unfair), ..SolveOptions::default() });
    assert_eq!(of_a(&o), 2, "{:?}", o.roster.assignments);
}

#[test]
fn dst_night_shifts_last_real_hours() {
    // fixtures/dst-autumn.json: the 2026-10-24 night lasts 11 h, above max_hours 10.5.
    let autumn = roster::load_instance("../../fixtures/dst-autumn.json".as_ref()).unwrap();
    let o = solve_checked(&autumn);
    assert_hours(agency_hours(&o), 11.0);
    // fixtures/dst-spring.json: the 2026-03-28 night lasts 9 h, within max_hours 10.
    let spring = roster::load_instance("../../fixtures/dst-spring.json".as_ref()).unwrap();
    let o = solve_checked(&spring);
    assert_hours(agency_hours(&o), 0.0);
    assert_hours(o.roster.kpi.unwrap().pool_hours, 9.0);
}

#[test]
fn independent_groups_are_separate_components() {
    // rn staff/vacancies and an staff/vacancies share nothing: two components.
    let i = instance(scenario(
        1,
        only(json!({})),
        vec![nurse("a", &["rn"]), nurse("b", &["an"])],
        vec![day_shift("v1", 0, "rn"), day_shift("v2", 0, "an")],
    ));
    let o = solve_checked(&i);
    assert_eq!(o.report.components, 2);
    assert_hours(agency_hours(&o), 0.0);
}

/// One nurse `a` and five vacancies, each left to the agency (or covered) for its own reason.
/// v-comp: nobody holds `an`. v-unit: only a is rn-qualified, but not introduced to u2.
/// v-leave: a is on leave on day 2. v-rest: day 3 evening then day 4 early: a takes the 8.5 h
/// day shift, the evening (8 h) is blocked by rest (cheaper overall). v-day: covered by a.
fn five_reasons() -> serde_json::Value {
    let mut a = nurse("a", &["rn"]);
    a["units"] = json!(["u1"]);
    a["unavailable"] = json!([{"start": at(2, "00:00"), "end": at(3, "00:00"), "reason": "semester"}]);
    let mut sc = scenario(
        5,
        only(json!({"min_rest_hours": 11})),
        vec![a],
        vec![
            day_shift("v-comp", 0, "an"),
            json!({"id": "v-unit", "unit": "u2", "competence": "rn", "start": at(1, "07:00"), "end": at(1, "16:00")}),
            day_shift("v-leave", 2, "rn"),
            evening_shift("v-rest", 3, "rn"),
            day_shift("v-day", 4, "rn"),
        ],
    );
    sc["rules"]["max_shifts_per_day"] = json!(1);
    sc
}

#[test]
fn agency_vacancies_say_why() {
    let sc = five_reasons();
    let o = solve_checked(&instance(sc));
    let reason = |id: &str| o.roster.agency.iter().find(|x| x.vacancy == id).map(|x| x.reason.clone()).unwrap();
    assert_eq!(reason("v-comp"), AgencyReason::NoCompetence);
    assert_eq!(reason("v-unit"), AgencyReason::NotIntroduced { qualified: vec!["a".into()] });
    assert!(matches!(reason("v-leave"), AgencyReason::Unavailable { staff } if staff[0].detail.contains("semester")));
    match reason("v-rest") {
        AgencyReason::Blocked { staff, cheaper_overall } => {
            assert!(cheaper_overall);
            assert_eq!(staff[0].rules, vec![roster::rules::RuleKind::MinRest]);
        }
        other => panic!("expected blocked, got {other:?}"),
    }
    assert_eq!(assigned_to(&o, "v-day"), vec!["a"]);
}

#[test]
fn agency_reasons_past_their_deadline_say_not_analysed_and_name_the_candidates() {
    // The roster of `five_reasons`: a works v-day. Past the deadline, the one vacancy whose
    // reason needs the candidates' rosters checked (v-rest) is not analysed; the reasons that
    // need no checking (no competence, not introduced, on leave) are still given.
    let i = instance(five_reasons());
    let candidates = roster::eligibility::Candidates::of(&i);
    let index = |id: &str| i.vacancies.iter().position(|v| v.id == id).unwrap();
    let worked = [(index("v-day"), 0)];
    let reasons = |deadline| {
        let lines = roster::explain::agency_shifts(&i, &candidates, &worked, true, deadline);
        lines.into_iter().map(|line| (line.vacancy, line.reason)).collect::<Vec<_>>()
    };
    let late = reasons(Some(std::time::Instant::now()));
    let ids: Vec<&str> = late.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["v-comp", "v-unit", "v-leave", "v-rest"]);
    assert_eq!(late[0].1, AgencyReason::NoCompetence);
    assert_eq!(late[1].1, AgencyReason::NotIntroduced { qualified: vec!["a".into()] });
    assert!(matches!(&late[2].1, AgencyReason::Unavailable { .. }));
    assert_eq!(late[3].1, AgencyReason::NotAnalysed { candidates: vec!["a".into()] });
    // Without a deadline the same call gives the full reason.
    let full = reasons(None);
    assert!(matches!(&full[3].1, AgencyReason::Blocked { cheaper_overall: true, .. }), "{:?}", full[3]);
    assert_eq!(full[..3], late[..3]);
}

#[test]
fn bookings_that_break_rules_are_refused() {
    // Two bookings 8 h apart break the 11 h rest before anything is solved.
    let mut a = nurse("a", &["rn"]);
    a["bookings"] = json!([
        {"start": at(0, "07:00"), "end": at(0, "15:00"), "label": "first"},
        {"start": at(0, "23:00"), "end": at(1, "07:00"), "label": "second"}
    ]);
    let i = instance(scenario(2, json!({}), vec![a], vec![day_shift("v", 1, "rn")]));
    match solve(&i, &SolveOptions::default()) {
        Err(SolveError::Infeasible { reasons }) => assert!(reasons[0].contains("min_rest"), "{reasons:?}"),
        other => panic!("expected refusal, got {other:?}"),
    }
}

#[test]
fn sample_pool_solves_to_proven_optimality_and_passes_the_checker() {
    let i = roster::load_instance("../../fixtures/sample-pool.json".as_ref()).unwrap();
    let o = solve_checked_with(&i, &SolveOptions::default());
    assert_eq!(o.report.status, SolveStatus::Optimal);
    assert_eq!(o.report.gap, 0.0);
    let kpi = o.roster.kpi.as_ref().unwrap();
    assert!(kpi.agency_hours > 0.0 && kpi.pool_hours > 0.0);
    // Every agency vacancy carries a reason and adds up to the agency hours.
    let listed: f64 = o.roster.agency.iter().map(|a| a.hours * f64::from(a.headcount)).sum();
    assert_hours(listed, kpi.agency_hours);
}

#[test]
fn a_time_limit_returns_a_checked_roster_and_an_honest_status() {
    // 50 ms is far too little to prove the sample optimal (it takes ~10 s), but the sample has no
    // minimum hours, so covering nothing is always a valid roster: a roster must come back,
    // pass the checker, and state a positive gap against a bound no higher than its objective.
    let i = roster::load_instance("../../fixtures/sample-pool.json".as_ref()).unwrap();
    let options = SolveOptions { time_limit: Some(0.05), threads: 1, ..SolveOptions::default() };
    let o = solve(&i, &options).unwrap_or_else(|e| panic!("expected a roster, got {e}"));
    assert!(roster::check(&i, &o.roster).is_empty());
    let r = &o.report;
    assert_eq!(r.status, SolveStatus::Feasible);
    assert!(r.best_bound <= r.objective + 1e-9 && r.gap > 0.0, "{r:?}");
    assert!(o.roster.agency.iter().any(|a| matches!(a.reason, AgencyReason::NotProven { .. })));
}

#[test]
fn a_requested_gap_is_a_gap_on_agency_cost() {
    // The sample's proven optimum is 979.70 of agency cost (README, BENCHMARKS). Asked for a
    // 1% gap, the solve may stop early (stage 1's neighbourhood search, then the
    // branch-and-bound only if needed), but the gap it reports is on agency cost, at most 1%,
    // against a bound no higher than the optimum; so the roster costs at most 979.70 / 0.99.
    // (HiGHS's own relative gap would be on the savings, about 4.5 times the agency cost here.)
    let i = roster::load_instance("../../fixtures/sample-pool.json".as_ref()).unwrap();
    let options = SolveOptions { gap: 0.01, threads: 2, ..SolveOptions::default() };
    let o = solve_checked_with(&i, &options);
    let r = &o.report;
    assert!(r.gap <= 0.01 + 1e-9, "{r:?}");
    assert!(r.best_bound <= 979.70 + 1e-6 && r.objective >= 979.70 - 1e-6, "{r:?}");
    assert!(r.objective <= 979.70 / 0.99 + 1e-6, "{r:?}");
    let kpi = o.roster.kpi.as_ref().unwrap();
    assert!((kpi.agency_cost - r.objective).abs() < 1e-6, "{kpi:?} vs {r:?}");
}

#[test]
fn the_same_input_gives_the_same_roster() {
    // A generated 8-staff, 2-week pool solved twice with the same options: the rosters
    // (assignments and agency lines) must be identical, so nightly runs are reproducible.
    let scenario =
        roster::generate::generate(&roster::generate::GenerateOptions { staff: 8, weeks: 2, ..Default::default() });
    let i = roster::Instance::from_scenario(&scenario).unwrap();
    let options = SolveOptions { threads: 2, ..SolveOptions::default() };
    let first = solve_checked_with(&i, &options).roster;
    let second = solve_checked_with(&i, &options).roster;
    assert!(!first.assignments.is_empty());
    // Both stages ran to their gaps, not into a time budget (which would make timing matter).
    assert!(first.solve.as_ref().unwrap().secondary_optimal && second.solve.as_ref().unwrap().secondary_optimal);
    assert_eq!(first.assignments, second.assignments);
    assert_eq!(first.agency, second.agency);
}

#[test]
fn the_neighbourhood_search_never_changes_the_proven_optimum() {
    // A generated 16-staff, 3-week pool: large enough that the search races HiGHS's
    // branch-and-bound. With and without it the proven optimum is the same number, and both
    // rosters pass the checker.
    let scenario =
        roster::generate::generate(&roster::generate::GenerateOptions { staff: 16, weeks: 3, ..Default::default() });
    let i = roster::Instance::from_scenario(&scenario).unwrap();
    let base = SolveOptions { threads: 2, secondary: false, ..SolveOptions::default() };
    let with = solve_checked_with(&i, &SolveOptions { search: true, ..base.clone() });
    let without = solve_checked_with(&i, &SolveOptions { search: false, ..base });
    assert!(with.report.variables >= 200, "too small for the search: {:?}", with.report);
    assert!(
        (with.report.objective - without.report.objective).abs() < 1e-6,
        "{:?} vs {:?}",
        with.report,
        without.report
    );
}

#[test]
fn cancelling_returns_a_valid_roster_and_says_it_is_not_proven() {
    // The cancel flag is already set: HiGHS stops at its first check. The sample has no minimum
    // hours, so a roster (possibly covering nothing) still comes back and passes the checker.
    let i = roster::load_instance("../../fixtures/sample-pool.json".as_ref()).unwrap();
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let options = SolveOptions { cancel: Some(cancel), ..SolveOptions::default() };
    let o = solve(&i, &options).unwrap_or_else(|e| panic!("expected a roster, got {e}"));
    assert!(roster::check(&i, &o.roster).is_empty());
    assert_eq!(o.report.status, SolveStatus::Feasible);
    assert!(o.report.gap > 0.0);
}

/// A scenario with shift types `E` (early) and `L` (late, may not be followed by `E`) and the
/// preset `none` plus `rules`: only the rules each test names apply.
fn typed(days: i64, rules: Value, staff: Vec<Value>, vacancies: Vec<Value>) -> roster::Instance {
    let mut s = scenario(days, rules, staff, vacancies);
    s["rules"]["preset"] = json!("none");
    s["shift_types"] = json!([{"id": "E", "cannot_be_followed_by": []}, {"id": "L", "cannot_be_followed_by": ["E"]}]);
    instance(s)
}

/// `day_shift` (8.5 h) or `evening_shift` (8 h) with a shift type and optional extra fields.
fn typed_shift(mut shift: Value, shift_type: &str, extra: Value) -> Value {
    shift["shift_type"] = json!(shift_type);
    for (k, v) in extra.as_object().unwrap() {
        shift[k] = v.clone();
    }
    shift
}

#[test]
fn a_forbidden_succession_keeps_the_longer_shift() {
    // Late Mon 13:00-21:30 (8 h, type L) then early Tue 07:00-16:00 (8.5 h, type E); L may not
    // be followed by E. One nurse takes the 8.5 h early; 8 h go to the agency.
    let shifts = vec![
        typed_shift(evening_shift("late", 0, "rn"), "L", json!({})),
        typed_shift(day_shift("early", 1, "rn"), "E", json!({})),
    ];
    let o = solve_checked(&typed(3, json!({}), vec![nurse("a", &["rn"])], shifts.clone()));
    assert_hours(agency_hours(&o), 8.0);
    assert_eq!(assigned_to(&o, "early"), vec!["a"]);
    // Early then late is allowed: swap the days and both are covered.
    let swapped = vec![
        typed_shift(day_shift("early", 0, "rn"), "E", json!({})),
        typed_shift(evening_shift("late", 1, "rn"), "L", json!({})),
    ];
    assert_hours(agency_hours(&solve_checked(&typed(3, json!({}), vec![nurse("a", &["rn"])], swapped))), 0.0);
}

#[test]
fn max_shifts_by_type_caps_and_zero_forbids() {
    // Three early shifts (8.5 h each); the nurse may work at most one early: 17 h to the agency.
    let shifts: Vec<Value> =
        (0..3).map(|d| typed_shift(day_shift(&format!("e{d}"), d, "rn"), "E", json!({}))).collect();
    let mut a = nurse("a", &["rn"]);
    a["max_shifts_by_type"] = json!({"E": 1});
    assert_hours(agency_hours(&solve_checked(&typed(3, json!({}), vec![a.clone()], shifts.clone()))), 17.0);
    // 0 means never: all 25.5 h to the agency, and each line says the type is not allowed.
    a["max_shifts_by_type"] = json!({"E": 0});
    let o = solve_checked(&typed(3, json!({}), vec![a], shifts));
    assert_hours(agency_hours(&o), 25.5);
    assert!(
        o.roster.agency.iter().all(|l| format!("{:?}", l.reason).contains("max_shifts_by_type")),
        "{:?}",
        o.roster.agency
    );
}

#[test]
fn minimum_runs_of_working_days_exempt_the_horizon_edges() {
    // Five days, min 2 consecutive working days. A lone day shift on day 2 would be a 1-day run
    // in the middle: not allowed, 8.5 h to the agency. On day 0 the run touches the horizon
    // start and is exempt: covered.
    let rules = json!({"min_consecutive_days": 2});
    let middle = vec![typed_shift(day_shift("d2", 2, "rn"), "E", json!({}))];
    assert_hours(agency_hours(&solve_checked(&typed(5, rules.clone(), vec![nurse("a", &["rn"])], middle))), 8.5);
    let edge = vec![typed_shift(day_shift("d0", 0, "rn"), "E", json!({}))];
    assert_hours(agency_hours(&solve_checked(&typed(5, rules.clone(), vec![nurse("a", &["rn"])], edge))), 0.0);
    // Days 2 and 3 together make a 2-day run: both covered.
    let pair = vec![
        typed_shift(day_shift("d2", 2, "rn"), "E", json!({})),
        typed_shift(day_shift("d3", 3, "rn"), "E", json!({})),
    ];
    assert_hours(agency_hours(&solve_checked(&typed(5, rules, vec![nurse("a", &["rn"])], pair))), 0.0);
}

#[test]
fn minimum_runs_of_days_off() {
    // Five days, min 2 consecutive days off. Day shift on day 1 (8.5 h), evening on day 3 (8 h):
    // working both leaves day 2 as a 1-day-off run in the middle, so only one is worked, the
    // longer: 8 h to the agency. (Off runs {0} and {4} touch the edges and are exempt.)
    let shifts = vec![
        typed_shift(day_shift("d1", 1, "rn"), "E", json!({})),
        typed_shift(evening_shift("e3", 3, "rn"), "L", json!({})),
    ];
    let o = solve_checked(&typed(5, json!({"min_consecutive_days_off": 2}), vec![nurse("a", &["rn"])], shifts));
    assert_hours(agency_hours(&o), 8.0);
    assert_eq!(assigned_to(&o, "d1"), vec!["a"]);
}

#[test]
fn over_cover_is_allowed_up_to_its_limit_at_its_cost() {
    // One vacancy (headcount 1, 10 per uncovered person, up to 1 extra at 0.5); two nurses who
    // must each work 8.5 h and can only work this shift: both work it, objective = 0.5.
    let v = typed_shift(
        day_shift("d0", 0, "rn"),
        "E",
        json!({"cost_per_uncovered": 10, "over_cover": {"max": 1, "cost_per_person": 0.5}}),
    );
    let mut a = nurse("a", &["rn"]);
    a["min_hours"] = json!(8.5);
    let mut b = nurse("b", &["rn"]);
    b["min_hours"] = json!(8.5);
    let o = solve_checked(&typed(1, json!({}), vec![a.clone(), b.clone()], vec![v.clone()]));
    assert!((o.report.objective - 0.5).abs() < 1e-9, "{:?}", o.report);
    assert_eq!(assigned_to(&o, "d0"), vec!["a", "b"]);
    // Without the minimum hours nobody works extra: one covers it, objective 0.
    let o = solve_checked(&typed(1, json!({}), vec![nurse("a", &["rn"]), nurse("b", &["rn"])], vec![v.clone()]));
    assert!(o.report.objective.abs() < 1e-9, "{:?}", o.report);
    // With no over-cover allowed the two minimums cannot both be met.
    let mut tight = v;
    tight["over_cover"]["max"] = json!(0);
    assert!(matches!(
        solve(&typed(1, json!({}), vec![a, b], vec![tight]), &SolveOptions::default()),
        Err(SolveError::Infeasible { .. })
    ));
}

#[test]
fn requests_are_priced_with_agency_cost() {
    // Early shifts on day 0 and day 1 cost 4 each when uncovered. The nurse asks for day 0
    // (on, weight 3) and against day 1 (off, weight 5). Working day 0 saves 4 + 3; working day 1
    // would save 4 but cost 5. Optimum: work day 0 only; objective = 4 (day 1 uncovered).
    let shifts: Vec<Value> = (0..2)
        .map(|d| typed_shift(day_shift(&format!("e{d}"), d, "rn"), "E", json!({"cost_per_uncovered": 4})))
        .collect();
    let mut a = nurse("a", &["rn"]);
    a["requests"] = json!([
        {"kind": "on", "date": "2026-01-05", "shift_type": "E", "weight": 3},
        {"kind": "off", "date": "2026-01-06", "shift_type": "E", "weight": 5}
    ]);
    let o = solve_checked(&typed(2, json!({}), vec![a], shifts));
    assert!((o.report.objective - 4.0).abs() < 1e-9, "{:?}", o.report);
    assert_eq!(assigned_to(&o, "e0"), vec!["a"]);
    assert!(assigned_to(&o, "e1").is_empty());
}

#[test]
fn the_best_roster_so_far_is_always_a_checked_roster_with_an_honest_bound() {
    // A generated 16-staff, 3-week pool, proven optimal without a time limit. While it runs, each
    // progress report asks the solve's `BestSoFar` for the roster in hand (what the CLI's
    // watchdog writes when a solve overruns). Every such roster must pass the checker, cost at
    // least the proven optimum, and state a bound no higher than it; after the solve returns,
    // the roster in hand is the returned one, proven optimal.
    let scenario =
        roster::generate::generate(&roster::generate::GenerateOptions { staff: 16, weeks: 3, ..Default::default() });
    let i = std::sync::Arc::new(roster::Instance::from_scenario(&scenario).unwrap());
    let best = roster::solve::BestSoFar::new();
    assert!(best.outcome(&i).is_none(), "a roster before the solve started");
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let (reader, instance, store) = (best.clone(), i.clone(), seen.clone());
    let progress = roster::ProgressCallback::new(move |_| {
        if let Some(o) = reader.outcome(&instance) {
            let broken = roster::check(&instance, &o.roster);
            store.lock().unwrap().push((o.report.clone(), broken.len(), o.roster.assignments.len()));
        }
    });
    let options = SolveOptions {
        threads: 2,
        progress: Some(progress),
        best_so_far: Some(best.clone()),
        ..SolveOptions::default()
    };
    let o = solve_checked_with(&i, &options);
    assert_eq!(o.report.status, SolveStatus::Optimal);
    let optimum = o.report.objective;
    let seen = seen.lock().unwrap();
    assert!(!seen.is_empty(), "no roster in hand while the solve ran");
    assert!(seen.iter().any(|(_, _, assigned)| *assigned > 0), "only empty rosters in hand");
    for (report, broken, _) in seen.iter() {
        assert_eq!(*broken, 0, "a roster in hand breaks hard rules: {report:?}");
        assert!(report.objective >= optimum - 1e-6, "below the proven optimum {optimum}: {report:?}");
        assert!(report.best_bound <= optimum + 1e-6, "a bound above the optimum {optimum}: {report:?}");
        assert!(report.status == SolveStatus::Feasible || (report.objective - optimum).abs() < 1e-6, "{report:?}");
    }
    let after = best.outcome(&i).expect("the roster in hand after the solve");
    assert_eq!(after.roster.assignments, o.roster.assignments);
    assert_eq!(after.report.status, SolveStatus::Optimal);
    assert!((after.report.objective - optimum).abs() < 1e-6, "{:?}", after.report);
}

/// Scenario with rn nurse `a` on one rn day shift and an nurse `b` on three an day shifts
/// (days 0-2); `with_hire` puts rn nurse `c` before `b` and a second rn shift before the others,
/// so that `b` and the an shifts sit at other indices; `b_away_day_1` makes `b` unavailable on
/// day 1.
fn two_groups(with_hire: bool, b_away_day_1: bool) -> roster::Instance {
    let mut b = nurse("b", &["an"]);
    if b_away_day_1 {
        b["unavailable"] = json!([{"start": at(1, "00:00"), "end": at(2, "00:00"), "reason": "leave"}]);
    }
    let mut staff = vec![nurse("a", &["rn"])];
    let mut vacancies = Vec::new();
    if with_hire {
        staff.push(nurse("c", &["rn"]));
        vacancies.push(day_shift("rn-2", 0, "rn"));
    }
    staff.push(b);
    vacancies.push(day_shift("rn-1", 0, "rn"));
    vacancies.extend((0..3).map(|d| day_shift(&format!("an-{d}"), d, "an")));
    instance(scenario(3, only(json!({})), staff, vacancies))
}

#[test]
fn a_component_shared_by_two_scenarios_is_solved_once_and_reused_by_ids() {
    let options = SolveOptions { threads: 1, ..SolveOptions::default() };
    let (before, after) = (two_groups(false, false), two_groups(true, false));
    let (keys_before, keys_after) =
        (roster::component_keys(&before, &options), roster::component_keys(&after, &options));
    assert_eq!((keys_before.len(), keys_after.len()), (2, 2));
    // The hire changes the rn group; the an group (b and the an shifts) is the same.
    let memo = std::sync::Arc::new(roster::ComponentMemo::of_repeated(keys_before.iter().chain(&keys_after).copied()));
    assert_eq!(memo.shared(), 1);
    let options = SolveOptions { memo: Some(memo.clone()), ..options };
    let first = solve_checked_with(&before, &options);
    assert_eq!(memo.reused(), 0);
    let second = solve_checked_with(&after, &options);
    assert_eq!(memo.reused(), 1, "the an group is not solved again");
    // By hand: everyone covers everything (a and c one rn shift each, b the three an shifts).
    for outcome in [&first, &second] {
        assert_hours(agency_hours(outcome), 0.0);
        for d in 0..3 {
            assert_eq!(assigned_to(outcome, &format!("an-{d}")), vec!["b".to_string()]);
        }
    }
    assert_eq!(second.report.components, 2);
    assert_eq!(second.report.status, roster::roster::SolveStatus::Optimal);

    // Once b is away on day 1 the an group is another one: solved, not reused; its day-1
    // shift (8.5 h) goes to the agency.
    let away = two_groups(true, true);
    assert!(!roster::component_keys(&away, &options).iter().any(|k| keys_before.contains(k)));
    let third = solve_checked_with(&away, &options);
    assert_eq!(memo.reused(), 1);
    assert_hours(agency_hours(&third), 8.5);
    assert!(assigned_to(&third, "an-1").is_empty());
}

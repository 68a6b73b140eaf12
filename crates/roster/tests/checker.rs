//! Tests of the independent roster checker and the KPIs on small hand-made scenarios.
//!
//! Every rule gets a deliberately broken roster (exactly that rule reported, naming the right
//! staff member and vacancies) and a neighbouring clean one, with the boundary cases on the
//! allowed side. Every expected number is worked out by hand in a comment.
//!
//! Unless a test says otherwise the horizon is 2026-01-05 (a Monday) to 2026-01-19, 14 days, in
//! Europe/Stockholm (UTC+01:00 all January), and every rule limit is switched off except the one
//! under test.

use roster::check::{booking_violations, check, check_member, objective, Violation};
use roster::kpi::kpi;
use roster::roster::{Assignment, CompetenceKpi, Kpi, Roster, SolveReport, SolveStatus};
use roster::rules::RuleKind;
use roster::{Instance, Scenario};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

/// Copies every field of the object `extra` into the object `base`.
fn merge(base: &mut Value, extra: Value) {
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        for (key, value) in extra {
            base.insert(key, value);
        }
    }
}

/// The se-atl preset with every limit switched off, then `overrides` applied.
fn rules(overrides: Value) -> Value {
    let mut all_off = json!({
        "preset": "se-atl",
        "min_rest_hours": null,
        "weekly_rest_hours": null,
        "max_hours_per_week": null,
        "averaging": null,
        "max_consecutive_days": null,
        "max_consecutive_nights": null,
        "max_weekends": null,
        "max_shifts_per_day": null,
        "min_consecutive_days": null,
        "min_consecutive_days_off": null
    });
    merge(&mut all_off, overrides);
    all_off
}

/// A scenario over `[start, end)` with competences `rn`, `icu` (may substitute for `rn`) and
/// `sn`; site `s1` with units `u1`, `u2` and site `s2` with unit `u3`.
fn scenario(start: &str, end: &str, rules: Value, staff: Vec<Value>, vacancies: Vec<Value>) -> Value {
    json!({
        "format_version": 1,
        "name": "checker test",
        "time_zone": "Europe/Stockholm",
        "horizon": {"start": start, "end": end},
        "competences": [
            {"id": "rn"},
            {"id": "icu", "substitutes_for": [{"competence": "rn", "penalty_per_hour": 0.1}]},
            {"id": "sn"}
        ],
        "sites": [
            {"id": "s1", "units": [{"id": "u1"}, {"id": "u2"}]},
            {"id": "s2", "units": [{"id": "u3"}]}
        ],
        "rules": rules,
        "staff": staff,
        "vacancies": vacancies
    })
}

/// Validates a scenario document, failing the test with every input error.
fn instance(document: Value) -> Instance {
    let scenario: Scenario = serde_json::from_value(document).expect("scenario JSON parses");
    match Instance::from_scenario(&scenario) {
        Ok(instance) => instance,
        Err(errors) => panic!("invalid test scenario: {errors:?}"),
    }
}

/// The default two-week horizon 2026-01-05 .. 2026-01-19.
fn two_weeks(rules: Value, staff: Vec<Value>, vacancies: Vec<Value>) -> Instance {
    instance(scenario("2026-01-05", "2026-01-19", rules, staff, vacancies))
}

/// A registered nurse introduced to `u1` with a 40-hour contract, plus `extra` fields.
fn nurse(id: &str, extra: Value) -> Value {
    let mut staff = json!({"id": id, "competences": ["rn"], "units": ["u1"], "contract": {"hours_per_week": 40}});
    merge(&mut staff, extra);
    staff
}

/// An `rn` vacancy at `u1` without break, plus `extra` fields.
fn vacancy(id: &str, start: &str, end: &str, extra: Value) -> Value {
    let mut vacancy = json!({"id": id, "unit": "u1", "competence": "rn", "start": start, "end": end});
    merge(&mut vacancy, extra);
    vacancy
}

fn booking(start: &str, end: &str, label: &str) -> Value {
    json!({"start": start, "end": end, "label": label})
}

/// Back-to-back 24 h bookings (a booked shift lasts at most 24 h) from local midnight of
/// `first` for `days` days.
fn daily_bookings(first: &str, days: i64, label: &str) -> Value {
    let first = chrono::NaiveDate::parse_from_str(first, "%Y-%m-%d").unwrap();
    let day = |d: i64| format!("{}T00:00", first + chrono::Duration::days(d));
    Value::Array((0..days).map(|d| booking(&day(d), &day(d + 1), label)).collect())
}

fn assignment(staff: &str, vacancy: &str) -> Assignment {
    Assignment {
        vacancy: vacancy.to_string(),
        staff: staff.to_string(),
        unit: String::new(),
        start: String::new(),
        end: String::new(),
        hours: 0.0,
        competence: String::new(),
    }
}

/// A roster of `(staff, vacancy)` pairs.
fn roster(pairs: &[(&str, &str)]) -> Roster {
    Roster {
        format_version: 1,
        assignments: pairs.iter().map(|&(staff, vacancy)| assignment(staff, vacancy)).collect(),
        ..Default::default()
    }
}

/// A solve report stating `objective`.
fn report(objective: f64) -> SolveReport {
    SolveReport {
        status: SolveStatus::Optimal,
        objective,
        best_bound: objective,
        gap: 0.0,
        seconds: 0.1,
        components: 1,
        variables: 1,
        rows: 1,
        secondary_optimal: true,
    }
}

/// Asserts there is exactly one violation, of `rule`, for `staff`, naming `vacancies`; returns it.
#[track_caller]
fn only<'a>(violations: &'a [Violation], rule: RuleKind, staff: Option<&str>, vacancies: &[&str]) -> &'a Violation {
    assert_eq!(violations.len(), 1, "expected exactly one {rule} violation, got {violations:#?}");
    let violation = &violations[0];
    assert_eq!(violation.rule, rule, "{violation}");
    assert_eq!(violation.staff.as_deref(), staff, "{violation}");
    assert_eq!(violation.vacancies, vacancies, "{violation}");
    violation
}

#[track_caller]
fn assert_clean(violations: &[Violation]) {
    assert!(violations.is_empty(), "expected no violations, got:\n{}", lines(violations));
}

fn lines(violations: &[Violation]) -> String {
    violations.iter().map(|v| format!("  {v}\n")).collect()
}

/// Asserts that `r` has objective `right`, that the check accepts it stating `right` and that it
/// reports exactly an objective mismatch when it states `wrong`; returns that violation.
#[track_caller]
fn stated_objective(inst: &Instance, r: &Roster, right: f64, wrong: f64) -> Violation {
    assert_close(objective(inst, r), right, "objective");
    let mut r = r.clone();
    r.solve = Some(report(right));
    assert_clean(&check(inst, &r));
    r.solve = Some(report(wrong));
    let v = check(inst, &r);
    let violation = only(&v, RuleKind::Objective, None, &[]).clone();
    let expected = format!("states objective {wrong} but its assignments give {right}");
    assert!(violation.message.contains(&expected), "{violation}");
    violation
}

#[track_caller]
fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!((actual - expected).abs() < 1e-9, "{what}: expected {expected}, got {actual}");
}

// ---------------------------------------------------------------------------------------------
// UnknownReference
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_ids_and_repeated_pairs_are_violations_not_panics() {
    let inst = two_weeks(
        rules(json!({})),
        vec![nurse("a", json!({}))],
        vec![vacancy("v1", "2026-01-06T07:00", "2026-01-06T16:00", json!({}))],
    );
    let r = roster(&[("a", "v1"), ("ghost", "v1"), ("a", "nope"), ("ghost", "nope"), ("a", "v1")]);
    let violations = check(&inst, &r);
    assert!(violations.iter().all(|v| v.rule == RuleKind::UnknownReference), "{}", lines(&violations));
    // Sorted: the unknown staff member "ghost" first (roster-wide group); assignments[3] has no
    // known vacancy so it is timed at the horizon start, before assignments[1] (v1 on 01-06).
    // Then staff a: assignments[2] (horizon start) before assignments[4] (v1).
    let found: Vec<(Option<&str>, &[String], bool)> = violations
        .iter()
        .map(|v| (v.staff.as_deref(), v.vacancies.as_slice(), v.message.contains("not in the scenario")))
        .collect();
    assert_eq!(
        found,
        vec![
            (Some("ghost"), &["nope".to_string()][..], true),
            (Some("ghost"), &["v1".to_string()][..], true),
            (Some("a"), &["nope".to_string()][..], true),
            (Some("a"), &["v1".to_string()][..], false),
        ],
        "{}",
        lines(&violations)
    );
    assert!(violations[0].message.contains("assignments[3]") && violations[0].message.contains("\"ghost\""));
    assert!(
        violations[3].message.contains("assignments[4] repeats") && violations[3].message.contains("assignments[0]")
    );

    // The valid assignment (a, v1) covers v1's headcount of 1, so nothing is left to the agency.
    assert_eq!(objective(&inst, &r), 0.0);
    // 07:00-16:00 without break = 9 h, counted once despite the repeat and the unknown ids.
    let k = kpi(&inst, &r.assignments);
    assert_close(k.pool_hours, 9.0, "pool hours");
    assert_close(k.agency_hours, 0.0, "agency hours");

    // Out-of-range indices given to check_member.
    let out_of_range = check_member(&inst, 5, &[0]);
    only(&out_of_range, RuleKind::UnknownReference, None, &[]);
    let bad_vacancies = check_member(&inst, 0, &[0, 7, 0]);
    // Index 7 is out of range (timed at the horizon start) and the second 0 is a repeat of v1.
    assert_eq!(bad_vacancies.len(), 2, "{}", lines(&bad_vacancies));
    assert!(bad_vacancies.iter().all(|v| v.rule == RuleKind::UnknownReference));
    assert!(bad_vacancies[0].message.contains("index 7"));
    assert_eq!(bad_vacancies[1].vacancies, ["v1"]);
}

#[test]
fn empty_roster_against_empty_scenario_is_clean() {
    let inst = two_weeks(rules(json!({})), vec![], vec![]);
    assert_clean(&check(&inst, &roster(&[])));
    assert_clean(&booking_violations(&inst));
    assert_eq!(objective(&inst, &roster(&[])), 0.0);
}

// ---------------------------------------------------------------------------------------------
// Competence, Introduction, Availability, Headcount
// ---------------------------------------------------------------------------------------------

#[test]
fn competence_must_be_held_or_substituted_one_way() {
    let inst = two_weeks(
        rules(json!({})),
        vec![
            nurse("a", json!({})),
            nurse("b", json!({"competences": ["icu"]})),
            nurse("c", json!({"competences": ["sn"]})),
        ],
        vec![
            vacancy("v_rn", "2026-01-06T07:00", "2026-01-06T16:00", json!({})),
            vacancy("v_icu", "2026-01-07T07:00", "2026-01-07T16:00", json!({"competence": "icu"})),
            vacancy("v_rn2", "2026-01-08T07:00", "2026-01-08T16:00", json!({})),
        ],
    );
    // An rn nurse cannot fill an icu vacancy: substitution only goes icu -> rn.
    let v = check(&inst, &roster(&[("a", "v_icu")]));
    let violation = only(&v, RuleKind::Competence, Some("a"), &["v_icu"]);
    assert!(violation.message.contains("needs icu"), "{violation}");
    // sn substitutes for nothing.
    let v = check(&inst, &roster(&[("c", "v_rn")]));
    only(&v, RuleKind::Competence, Some("c"), &["v_rn"]);
    // icu substitutes for rn; icu holds icu; rn holds rn.
    assert_clean(&check(&inst, &roster(&[("b", "v_rn"), ("b", "v_icu"), ("a", "v_rn2")])));
}

#[test]
fn introduction_to_the_unit_or_its_site_is_required() {
    let inst = two_weeks(
        rules(json!({})),
        vec![nurse("a", json!({})), nurse("d", json!({"units": [], "sites": ["s1"]}))],
        vec![
            vacancy("v_u2", "2026-01-06T07:00", "2026-01-06T16:00", json!({"unit": "u2"})),
            vacancy("v_u3", "2026-01-07T07:00", "2026-01-07T16:00", json!({"unit": "u3"})),
        ],
    );
    let v = check(&inst, &roster(&[("a", "v_u2")]));
    let violation = only(&v, RuleKind::Introduction, Some("a"), &["v_u2"]);
    assert!(violation.message.contains("unit u2 (site s1)"), "{violation}");
    // d is introduced to site s1 as a whole, so to u2, but not to u3 at site s2.
    let v = check(&inst, &roster(&[("d", "v_u2"), ("d", "v_u3")]));
    only(&v, RuleKind::Introduction, Some("d"), &["v_u3"]);
    assert_clean(&check(&inst, &roster(&[("d", "v_u2")])));
}

#[test]
fn availability_periods_are_half_open() {
    let inst = two_weeks(
        rules(json!({})),
        vec![
            nurse(
                "a",
                json!({"unavailable": [{"start": "2026-01-06T00:00", "end": "2026-01-07T00:00", "reason": "leave"}]}),
            ),
            // b's periods end exactly when v1 starts and start exactly when it ends: no overlap.
            nurse(
                "b",
                json!({"unavailable": [
                    {"start": "2026-01-05T20:00", "end": "2026-01-06T07:00", "reason": "night course"},
                    {"start": "2026-01-06T16:00", "end": "2026-01-06T20:00"}
                ]}),
            ),
        ],
        vec![vacancy("v1", "2026-01-06T07:00", "2026-01-06T16:00", json!({"headcount": 2}))],
    );
    let v = check(&inst, &roster(&[("a", "v1")]));
    let violation = only(&v, RuleKind::Availability, Some("a"), &["v1"]);
    assert!(violation.message.contains("(leave)"), "{violation}");
    assert!(violation.message.contains("2026-01-06T00:00+01:00 .. 2026-01-07T00:00+01:00"), "{violation}");
    assert_clean(&check(&inst, &roster(&[("b", "v1")])));
}

#[test]
fn headcount_is_a_roster_wide_violation() {
    let staff = vec![nurse("a", json!({})), nurse("b", json!({}))];
    let one = two_weeks(
        rules(json!({})),
        staff.clone(),
        vec![vacancy("v1", "2026-01-06T07:00", "2026-01-06T16:00", json!({}))],
    );
    let v = check(&one, &roster(&[("a", "v1"), ("b", "v1")]));
    let violation = only(&v, RuleKind::Headcount, None, &["v1"]);
    assert!(violation.message.contains("2 people assigned (a, b), headcount 1"), "{violation}");
    let two = two_weeks(
        rules(json!({})),
        staff,
        vec![vacancy("v1", "2026-01-06T07:00", "2026-01-06T16:00", json!({"headcount": 2}))],
    );
    assert_clean(&check(&two, &roster(&[("a", "v1"), ("b", "v1")])));
}

#[test]
fn over_cover_allows_up_to_its_max_beyond_the_headcount() {
    let inst = two_weeks(
        rules(json!({})),
        vec![nurse("a", json!({})), nurse("b", json!({})), nurse("c", json!({}))],
        vec![
            vacancy(
                "v1",
                "2026-01-06T07:00",
                "2026-01-06T16:00",
                json!({"over_cover": {"max": 1, "cost_per_person": 5}}),
            ),
            // Headcount 0 is allowed with over-cover; no max means any number of people.
            vacancy(
                "v_open",
                "2026-01-07T07:00",
                "2026-01-07T16:00",
                json!({"headcount": 0, "over_cover": {"cost_per_person": 3}}),
            ),
        ],
    );
    // v1: 3 people > headcount 1 + over-cover max 1 = 2.
    let v = check(&inst, &roster(&[("a", "v1"), ("b", "v1"), ("c", "v1")]));
    let violation = only(&v, RuleKind::Headcount, None, &["v1"]);
    assert_eq!(
        violation.message,
        "v1 (2026-01-06T07:00+01:00 .. 2026-01-06T16:00+01:00) has 3 people assigned (a, b, c), \
         headcount 1 + over-cover max 1"
    );
    // v1: 2 people = 1 + 1; v_open: 3 people, no limit.
    let r = roster(&[("a", "v1"), ("b", "v1"), ("a", "v_open"), ("b", "v_open"), ("c", "v_open")]);
    assert_clean(&check(&inst, &r));
    // v1: covered, 1 extra x 5 = 5; v_open: nothing to cover, 3 extra x 3 = 9. Total 14.
    assert_close(objective(&inst, &r), 14.0, "objective with over-cover");
}

// ---------------------------------------------------------------------------------------------
// Overlap, MinRest
// ---------------------------------------------------------------------------------------------

#[test]
fn overlapping_shifts_are_reported_and_touching_ones_are_not() {
    let inst = two_weeks(
        rules(json!({})),
        vec![nurse("a", json!({"bookings": [booking("2026-01-06T07:00", "2026-01-06T16:00", "home ward")]}))],
        vec![
            vacancy("v_overlap", "2026-01-06T15:00", "2026-01-06T21:00", json!({})),
            vacancy("v_touch", "2026-01-06T16:00", "2026-01-06T21:00", json!({})),
        ],
    );
    let v = check(&inst, &roster(&[("a", "v_overlap")]));
    let violation = only(&v, RuleKind::Overlap, Some("a"), &["v_overlap"]);
    assert!(violation.message.contains("booking \"home ward\""), "{violation}");
    // With min rest off, a shift starting exactly when the booking ends is fine.
    assert_clean(&check(&inst, &roster(&[("a", "v_touch")])));
}

#[test]
fn min_rest_of_exactly_eleven_hours_is_allowed_and_10_99_is_not() {
    let inst = two_weeks(
        rules(json!({"min_rest_hours": 11})),
        vec![nurse("a", json!({}))],
        vec![
            vacancy("v1", "2026-01-06T07:00", "2026-01-06T16:00", json!({})),
            // 16:00 -> 03:00 next day = 11 h exactly.
            vacancy("v_11h", "2026-01-07T03:00", "2026-01-07T08:00", json!({})),
            // 16:00 -> 02:59:24 next day = 10 h 59.4 min = 10.99 h.
            vacancy("v_10_99h", "2026-01-07T02:59:24", "2026-01-07T08:00", json!({})),
        ],
    );
    assert_clean(&check(&inst, &roster(&[("a", "v1"), ("a", "v_11h")])));
    let v = check(&inst, &roster(&[("a", "v1"), ("a", "v_10_99h")]));
    let violation = only(&v, RuleKind::MinRest, Some("a"), &["v1", "v_10_99h"]);
    assert_eq!(
        violation.message,
        "rest 10.99 h between v1 (ends 2026-01-06T16:00+01:00) and v_10_99h (starts 2026-01-07T02:59+01:00), need 11 h"
    );
    assert_eq!(violation.citation, "Arbetstidslagen 13 § (dygnsvila, 11 h)");
    assert_eq!(
        violation.to_string(),
        "[min_rest] staff a: rest 10.99 h between v1 (ends 2026-01-06T16:00+01:00) and v_10_99h \
         (starts 2026-01-07T02:59+01:00), need 11 h (Arbetstidslagen 13 § (dygnsvila, 11 h))"
    );
    let serialised = serde_json::to_value(violation).unwrap();
    assert_eq!(serialised["rule"], "min_rest");
    assert_eq!(serialised["staff"], "a");
    assert_eq!(serialised["vacancies"], json!(["v1", "v_10_99h"]));
}

#[test]
fn a_long_shift_overlaps_every_shift_inside_it_past_the_shorter_ones() {
    // The checker stops looking at later shifts once one starts a full rest after a shift
    // ends: a long booking must still be found overlapping each vacancy inside it, however many
    // short shifts (each well rested from the next) lie between them.
    let inst = two_weeks(
        rules(json!({"min_rest_hours": 2})),
        vec![nurse("a", json!({"bookings": [booking("2026-01-06T07:00", "2026-01-07T07:00", "on call")]}))],
        vec![
            vacancy("v_morning", "2026-01-06T08:00", "2026-01-06T09:00", json!({})),
            vacancy("v_noon", "2026-01-06T12:00", "2026-01-06T13:00", json!({})),
            vacancy("v_night", "2026-01-07T02:00", "2026-01-07T03:00", json!({})),
            vacancy("v_after", "2026-01-07T09:00", "2026-01-07T10:00", json!({})),
        ],
    );
    let v = check(&inst, &roster(&[("a", "v_morning"), ("a", "v_noon"), ("a", "v_night"), ("a", "v_after")]));
    assert_eq!(v.len(), 3, "{}", lines(&v));
    for inside in ["v_morning", "v_noon", "v_night"] {
        let found = v.iter().any(|x| x.rule == RuleKind::Overlap && x.vacancies == [inside]);
        assert!(found, "no overlap of the booking with {inside}: {}", lines(&v));
    }
    // v_after starts exactly the 2 h rest after the booking ends: no violation.
    assert!(v.iter().all(|x| !x.vacancies.contains(&"v_after".to_string())), "{}", lines(&v));
}

#[test]
fn min_rest_is_reported_between_neighbours_only() {
    let inst = two_weeks(
        rules(json!({"min_rest_hours": 11})),
        vec![nurse("a", json!({}))],
        vec![
            vacancy("v1", "2026-01-06T07:00", "2026-01-06T08:00", json!({})),
            vacancy("v2", "2026-01-06T09:00", "2026-01-06T10:00", json!({})),
            vacancy("v3", "2026-01-06T11:00", "2026-01-06T12:00", json!({})),
        ],
    );
    // v1 -> v2 and v2 -> v3 have 1 h rest each; v1 -> v3 (3 h) has v2 between them.
    let v = check(&inst, &roster(&[("a", "v3"), ("a", "v1"), ("a", "v2")]));
    assert_eq!(v.len(), 2, "{}", lines(&v));
    assert!(v.iter().all(|x| x.rule == RuleKind::MinRest));
    assert_eq!(v[0].vacancies, ["v1", "v2"]);
    assert_eq!(v[1].vacancies, ["v2", "v3"]);
    assert!(v[0].message.starts_with("rest 1 h between v1"), "{}", v[0]);
}

#[test]
fn booking_violations_finds_rest_broken_by_bookings_alone_without_min_hours() {
    let inst = two_weeks(
        rules(json!({"min_rest_hours": 11})),
        vec![
            nurse(
                "a",
                json!({
                    "min_hours": 50,
                    "bookings": [
                        booking("2026-01-06T07:00", "2026-01-06T16:00", "day"),
                        booking("2026-01-07T01:00", "2026-01-07T08:00", "early")
                    ]
                }),
            ),
            nurse("b", json!({"bookings": [booking("2026-01-06T07:00", "2026-01-06T16:00", "day")]})),
        ],
        vec![],
    );
    // 16:00 -> 01:00 = 9 h < 11 h. a's min_hours (50 > 16 booked) is not a booking problem.
    let v = booking_violations(&inst);
    let violation = only(&v, RuleKind::MinRest, Some("a"), &[]);
    assert_eq!(
        violation.message,
        "rest 9 h between booking \"day\" (ends 2026-01-06T16:00+01:00) and booking \"early\" \
         (starts 2026-01-07T01:00+01:00), need 11 h"
    );
    // The full check reports the same rest problem, and the unmet minimum hours: a works
    // 9 h + 7 h = 16 h < 50 h. MinRest sorts before MinHours.
    let v = check(&inst, &roster(&[]));
    assert_eq!(v.iter().map(|x| x.rule).collect::<Vec<_>>(), [RuleKind::MinRest, RuleKind::MinHours], "{}", lines(&v));
    assert!(v[1].message.starts_with("16 h over the horizon"), "{}", v[1]);
}

#[test]
fn check_member_explains_what_a_vacancy_would_break() {
    let inst = two_weeks(
        rules(json!({"min_rest_hours": 11})),
        vec![nurse("a", json!({"bookings": [booking("2026-01-06T07:00", "2026-01-06T16:00", "day")]}))],
        vec![vacancy("v_early", "2026-01-07T02:00", "2026-01-07T08:00", json!({}))],
    );
    // 16:00 -> 02:00 = 10 h < 11 h.
    let v = check_member(&inst, 0, &[0]);
    let violation = only(&v, RuleKind::MinRest, Some("a"), &["v_early"]);
    assert!(violation.message.starts_with("rest 10 h between booking \"day\""), "{violation}");
    assert_clean(&check_member(&inst, 0, &[]));
}

// ---------------------------------------------------------------------------------------------
// WeeklyRest
// ---------------------------------------------------------------------------------------------

#[test]
fn weekly_rest_of_exactly_36_hours_is_allowed_and_35_5_is_not() {
    // First 7-day window: 2026-01-05T00:00 .. 2026-01-12T00:00 (168 h, no DST change).
    let shared = vec![
        vacancy("v1", "2026-01-05T00:00", "2026-01-05T12:00", json!({})),
        vacancy("v3", "2026-01-08T12:00", "2026-01-09T00:00", json!({})),
        vacancy("v5", "2026-01-11T12:00", "2026-01-12T00:00", json!({})),
    ];
    let mut vacancies = shared.clone();
    vacancies.extend([
        vacancy("v2", "2026-01-07T00:00", "2026-01-07T12:00", json!({})),
        vacancy("v4", "2026-01-10T12:00", "2026-01-11T00:00", json!({})),
        vacancy("v2_early", "2026-01-06T23:30", "2026-01-07T12:00", json!({})),
        vacancy("v4_early", "2026-01-10T11:30", "2026-01-11T00:00", json!({})),
    ]);
    let inst = two_weeks(rules(json!({"weekly_rest_hours": 36})), vec![nurse("a", json!({}))], vacancies);
    // Free gaps: window start -> v1 0 h; v1 -> v2 Mon 12:00 -> Wed 00:00 = 36 h; v2 -> v3
    // Wed 12:00 -> Thu 12:00 = 24 h; v3 -> v4 Fri 00:00 -> Sat 12:00 = 36 h; v4 -> v5
    // Sun 00:00 -> Sun 12:00 = 12 h; v5 -> window end 0 h. Longest 36 h. The second week is free.
    assert_clean(&check(&inst, &roster(&[("a", "v1"), ("a", "v2"), ("a", "v3"), ("a", "v4"), ("a", "v5")])));
    // Starting v2 and v4 half an hour earlier cuts both 36 h gaps to 35.5 h.
    let v = check(&inst, &roster(&[("a", "v1"), ("a", "v2_early"), ("a", "v3"), ("a", "v4_early"), ("a", "v5")]));
    let violation = only(&v, RuleKind::WeeklyRest, Some("a"), &["v1", "v2_early", "v3", "v4_early", "v5"]);
    assert!(
        violation.message.starts_with(
            "longest continuous rest in the 7 days 2026-01-05T00:00+01:00 .. 2026-01-12T00:00+01:00 is 35.5 h \
             (2026-01-05T12:00+01:00 .. 2026-01-06T23:30+01:00), need 36 h"
        ),
        "{violation}"
    );
}

#[test]
fn weekly_rest_skips_a_trailing_partial_week() {
    // 168 h of course bookings 2026-01-12 .. 2026-01-19 leave no rest at all from day 7 on, in
    // the horizon and after it.
    let staff = vec![nurse("a", json!({"bookings": daily_bookings("2026-01-12", 7, "course")}))];
    // 10-day horizon: days 7..9 are not a full 7-day period, so they are not checked, and the
    // first week is entirely free (168 h).
    let ten_days =
        instance(scenario("2026-01-05", "2026-01-15", rules(json!({"weekly_rest_hours": 36})), staff, vec![]));
    assert_clean(&booking_violations(&ten_days));
    // 14-day horizon with 144 h of bookings 2026-01-12 .. 2026-01-18: the second week has only
    // 2026-01-18T00:00 .. 2026-01-19T00:00 = 24 h free < 36 h.
    let staff = vec![nurse("a", json!({"bookings": daily_bookings("2026-01-12", 6, "course")}))];
    let fourteen = two_weeks(rules(json!({"weekly_rest_hours": 36})), staff, vec![]);
    let v = booking_violations(&fourteen);
    let violation = only(&v, RuleKind::WeeklyRest, Some("a"), &[]);
    assert!(violation.message.contains(" is 24 h "), "{violation}");
}

// ---------------------------------------------------------------------------------------------
// MaxHoursPerWeek, Averaging, MaxHours, MinHours
// ---------------------------------------------------------------------------------------------

/// Monday-to-Friday day shifts of the first week, 07:00-17:30 with `break_minutes`.
fn weekdays(break_minutes: u32) -> Vec<Value> {
    (5..=9)
        .map(|d| {
            vacancy(
                &format!("d{d}"),
                &format!("2026-01-{d:02}T07:00"),
                &format!("2026-01-{d:02}T17:30"),
                json!({"break_minutes": break_minutes}),
            )
        })
        .collect()
}

#[test]
fn max_hours_per_week_counts_paid_hours_up_to_the_limit() {
    let all = [("a", "d5"), ("a", "d6"), ("a", "d7"), ("a", "d8"), ("a", "d9")];
    // 07:00-17:30 is 10.5 h; minus 30 min break = 10 h; five of them = 50 h > 48 h.
    let inst = two_weeks(rules(json!({"max_hours_per_week": 48})), vec![nurse("a", json!({}))], weekdays(30));
    let v = check(&inst, &roster(&all));
    let violation = only(&v, RuleKind::MaxHoursPerWeek, Some("a"), &["d5", "d6", "d7", "d8", "d9"]);
    assert!(violation.message.starts_with("50 h in the 7-day period 2026-01-05 .. 2026-01-11"), "{violation}");
    assert!(violation.message.ends_with("max 48 h"), "{violation}");
    // Minus a 54 min break = 9.6 h; five of them = 48 h exactly.
    let inst = two_weeks(rules(json!({"max_hours_per_week": 48})), vec![nurse("a", json!({}))], weekdays(54));
    assert_clean(&check(&inst, &roster(&all)));
}

#[test]
fn max_hours_per_week_counts_a_shift_in_the_week_it_starts() {
    let inst = two_weeks(
        rules(json!({"max_hours_per_week": 10})),
        vec![nurse("a", json!({}))],
        vec![
            // Sunday night into Monday: 10 h, all counted in week 1 (day 6).
            vacancy("v_night", "2026-01-11T20:00", "2026-01-12T06:00", json!({})),
            vacancy("v_mon", "2026-01-12T08:00", "2026-01-12T16:00", json!({})),
            vacancy("v_tue", "2026-01-13T08:00", "2026-01-13T11:00", json!({})),
        ],
    );
    // Week 1: 10 h; week 2: 8 h. (Splitting the night at midnight would make week 2 6 + 8 = 14 h.)
    assert_clean(&check(&inst, &roster(&[("a", "v_night"), ("a", "v_mon")])));
    // Week 2: 8 h + 3 h = 11 h > 10 h; the night is not involved.
    let v = check(&inst, &roster(&[("a", "v_night"), ("a", "v_mon"), ("a", "v_tue")]));
    let violation = only(&v, RuleKind::MaxHoursPerWeek, Some("a"), &["v_mon", "v_tue"]);
    assert!(violation.message.starts_with("11 h in the 7-day period 2026-01-12 .. 2026-01-18"), "{violation}");
}

#[test]
fn max_hours_per_week_checks_a_partial_last_period() {
    // 10-day horizon: the last period is days 7..9 (2026-01-12 .. 2026-01-14), same cap of 20 h.
    let vacancies = (12..=14)
        .map(|d| vacancy(&format!("p{d}"), &format!("2026-01-{d}T08:00"), &format!("2026-01-{d}T15:00"), json!({})))
        .collect();
    let inst = instance(scenario(
        "2026-01-05",
        "2026-01-15",
        rules(json!({"max_hours_per_week": 20})),
        vec![nurse("a", json!({}))],
        vacancies,
    ));
    // 3 x 7 h = 21 h > 20 h.
    let v = check(&inst, &roster(&[("a", "p12"), ("a", "p13"), ("a", "p14")]));
    let violation = only(&v, RuleKind::MaxHoursPerWeek, Some("a"), &["p12", "p13", "p14"]);
    assert!(violation.message.starts_with("21 h in the 7-day period 2026-01-12 .. 2026-01-14"), "{violation}");
    // 2 x 7 h = 14 h.
    assert_clean(&check(&inst, &roster(&[("a", "p12"), ("a", "p13")])));
}

#[test]
fn averaging_caps_contract_plus_overtime_pro_rata() {
    // 10-day horizon, 1-week blocks, 2 h overtime per block, 40 h contract:
    //   block 1, days 0..6: 40 + 2 = 42 h;
    //   block 2, days 7..9: 40 x 3/7 + 2 x 3/7 = 120/7 + 6/7 = 126/7 = 18 h.
    let mut vacancies: Vec<Value> = (5..=9)
        .map(|d| {
            // 07:00-15:30 = 8.5 h.
            vacancy(&format!("w{d}"), &format!("2026-01-{d:02}T07:00"), &format!("2026-01-{d:02}T15:30"), json!({}))
        })
        .collect();
    for d in 12..=14 {
        // 08:00-14:00 = 6 h, and 08:00-14:30 = 6.5 h.
        vacancies.push(vacancy(
            &format!("six{d}"),
            &format!("2026-01-{d}T08:00"),
            &format!("2026-01-{d}T14:00"),
            json!({}),
        ));
        vacancies.push(vacancy(
            &format!("long{d}"),
            &format!("2026-01-{d}T08:00"),
            &format!("2026-01-{d}T14:30"),
            json!({}),
        ));
    }
    let inst = instance(scenario(
        "2026-01-05",
        "2026-01-15",
        rules(json!({"averaging": {"weeks": 1, "overtime_hours": 2}})),
        vec![nurse("a", json!({}))],
        vacancies,
    ));
    // The model's own helper (which the solver uses) gives the same caps.
    let caps = inst.hour_caps(&inst.staff[0]);
    assert_eq!(caps.len(), 2, "{caps:?}");
    assert_eq!((caps[0].0, caps[0].1), (0, 7));
    assert_close(caps[0].2, 42.0, "first block cap");
    assert_eq!((caps[1].0, caps[1].1), (7, 10));
    assert_close(caps[1].2, 18.0, "last block cap");

    let week1 = [("a", "w5"), ("a", "w6"), ("a", "w7"), ("a", "w8"), ("a", "w9")];
    let six = [("a", "six12"), ("a", "six13"), ("a", "six14")];
    let long = [("a", "long12"), ("a", "long13"), ("a", "long14")];

    // 5 x 8.5 = 42.5 h > 42 h in block 1; 3 x 6 = 18 h = the cap in block 2.
    let v = check(&inst, &roster(&[&week1[..], &six[..]].concat()));
    let violation = only(&v, RuleKind::Averaging, Some("a"), &["w5", "w6", "w7", "w8", "w9"]);
    assert!(violation.message.starts_with("42.5 h in the averaging block 2026-01-05 .. 2026-01-11"), "{violation}");
    assert!(violation.message.contains("max 42 h (contract 40 h + overtime 2 h)"), "{violation}");

    // 4 x 8.5 = 34 h in block 1; 3 x 6.5 = 19.5 h > 18 h in block 2.
    let v = check(&inst, &roster(&[&week1[..4], &long[..]].concat()));
    let violation = only(&v, RuleKind::Averaging, Some("a"), &["long12", "long13", "long14"]);
    assert!(violation.message.contains("19.5 h in the averaging block 2026-01-12 .. 2026-01-14"), "{violation}");
    assert!(violation.message.contains("max 18 h"), "{violation}");

    assert_clean(&check(&inst, &roster(&[&week1[..4], &six[..]].concat())));
}

#[test]
fn max_hours_over_the_horizon_includes_bookings_in_the_horizon_only() {
    let three_days = || {
        (6..=8)
            .map(|d| {
                vacancy(&format!("v{d}"), &format!("2026-01-{d:02}T08:00"), &format!("2026-01-{d:02}T15:00"), json!({}))
            })
            .collect::<Vec<_>>()
    };
    let all = [("a", "v6"), ("a", "v7"), ("a", "v8")];
    // 3 x 7 h = 21 h > 20 h.
    let inst = two_weeks(rules(json!({})), vec![nurse("a", json!({"max_hours": 20}))], three_days());
    let v = check(&inst, &roster(&all));
    let violation = only(&v, RuleKind::MaxHours, Some("a"), &["v6", "v7", "v8"]);
    assert!(violation.message.starts_with("21 h over the horizon 2026-01-05 .. 2026-01-18"), "{violation}");
    assert!(violation.message.ends_with("max_hours 20 h"), "{violation}");
    // 21 h = the cap.
    let inst = two_weeks(rules(json!({})), vec![nurse("a", json!({"max_hours": 21}))], three_days());
    assert_clean(&check(&inst, &roster(&all)));
    // A 7 h booking on 2026-01-04 (day -1) is outside the horizon: 2 x 7 h = 14 h = the cap.
    let inst = two_weeks(
        rules(json!({})),
        vec![nurse(
            "a",
            json!({"max_hours": 14, "bookings": [booking("2026-01-04T08:00", "2026-01-04T15:00", "before")]}),
        )],
        three_days(),
    );
    assert_clean(&check(&inst, &roster(&all[..2])));
}

#[test]
fn min_hours_counts_bookings_in_the_horizon() {
    let eights = || {
        (6..=8)
            .map(|d| {
                vacancy(&format!("v{d}"), &format!("2026-01-{d:02}T08:00"), &format!("2026-01-{d:02}T16:00"), json!({}))
            })
            .collect::<Vec<_>>()
    };
    let all = [("a", "v6"), ("a", "v7"), ("a", "v8")];
    // 3 x 8 h = 24 h < 30 h.
    let inst = two_weeks(rules(json!({})), vec![nurse("a", json!({"min_hours": 30}))], eights());
    let v = check(&inst, &roster(&all));
    let violation = only(&v, RuleKind::MinHours, Some("a"), &["v6", "v7", "v8"]);
    assert!(violation.message.starts_with("24 h over the horizon"), "{violation}");
    assert!(violation.message.ends_with("min_hours 30 h"), "{violation}");
    // Minimum hours are met by assignments, so they are not a booking problem.
    assert_clean(&booking_violations(&inst));
    // Nobody assigned: 0 h.
    let v = check(&inst, &roster(&[]));
    let violation = only(&v, RuleKind::MinHours, Some("a"), &[]);
    assert!(violation.message.contains("no shifts"), "{violation}");
    // Plus a 6 h booking on 2026-01-09 (day 4): 24 + 6 = 30 h = the minimum.
    let with_booking = |date: &str| {
        two_weeks(
            rules(json!({})),
            vec![nurse(
                "a",
                json!({"min_hours": 30, "bookings": [booking(&format!("{date}T08:00"), &format!("{date}T14:00"), "own ward")]}),
            )],
            eights(),
        )
    };
    assert_clean(&check(&with_booking("2026-01-09"), &roster(&all)));
    // The same booking on 2026-01-04 (day -1) does not count: still 24 h.
    let v = check(&with_booking("2026-01-04"), &roster(&all));
    only(&v, RuleKind::MinHours, Some("a"), &["v6", "v7", "v8"]);
}

// ---------------------------------------------------------------------------------------------
// MaxConsecutiveDays, MaxConsecutiveNights, MaxWeekends, MaxShiftsPerDay
// ---------------------------------------------------------------------------------------------

/// Day shifts 08:00-16:00 named `c5` .. `c11` on 2026-01-05 .. 2026-01-11.
fn daily() -> Vec<Value> {
    day_shifts(5..=11)
}

/// Day shifts 08:00-16:00 named `c{d}` on 2026-01-`d` for each `d` of `dates`.
fn day_shifts(dates: std::ops::RangeInclusive<u32>) -> Vec<Value> {
    dates
        .map(|d| {
            vacancy(&format!("c{d}"), &format!("2026-01-{d:02}T08:00"), &format!("2026-01-{d:02}T16:00"), json!({}))
        })
        .collect()
}

#[test]
fn consecutive_working_days_beyond_the_limit_are_reported_once_per_run() {
    let inst = two_weeks(rules(json!({"max_consecutive_days": 5})), vec![nurse("a", json!({}))], daily());
    // 2026-01-05 .. 2026-01-10: 6 days in a row > 5.
    let six: Vec<(&str, &str)> = ["c5", "c6", "c7", "c8", "c9", "c10"].iter().map(|v| ("a", *v)).collect();
    let v = check(&inst, &roster(&six));
    let violation = only(&v, RuleKind::MaxConsecutiveDays, Some("a"), &["c5", "c6", "c7", "c8", "c9", "c10"]);
    assert!(violation.message.starts_with("6 consecutive working days 2026-01-05 .. 2026-01-10"), "{violation}");
    assert!(violation.message.ends_with("max 5"), "{violation}");
    // Runs of 5 (01-05 .. 01-09) and 1 (01-11).
    let v = check(&inst, &roster(&[("a", "c5"), ("a", "c6"), ("a", "c7"), ("a", "c8"), ("a", "c9"), ("a", "c11")]));
    assert_clean(&v);
}

#[test]
fn consecutive_days_count_bookings_before_the_horizon() {
    let inst = two_weeks(
        rules(json!({"max_consecutive_days": 5})),
        vec![nurse("a", json!({"bookings": [booking("2026-01-04T08:00", "2026-01-04T16:00", "sunday shift")]}))],
        daily(),
    );
    // 2026-01-04 (booking) + 2026-01-05 .. 2026-01-09 = 6 days in a row.
    let v = check(&inst, &roster(&[("a", "c5"), ("a", "c6"), ("a", "c7"), ("a", "c8"), ("a", "c9")]));
    let violation = only(&v, RuleKind::MaxConsecutiveDays, Some("a"), &["c5", "c6", "c7", "c8", "c9"]);
    assert!(violation.message.starts_with("6 consecutive working days 2026-01-04 .. 2026-01-09"), "{violation}");
    assert!(violation.message.contains("booking \"sunday shift\""), "{violation}");
}

#[test]
fn consecutive_nights_use_the_night_definition() {
    // se-atl night: 22:00-06:00, at least 3 h of it makes a night shift.
    let inst = two_weeks(
        rules(json!({"max_consecutive_nights": 2})),
        vec![nurse("a", json!({}))],
        vec![
            // 21:15-07:15 has 8 h of night.
            vacancy("n5", "2026-01-05T21:15", "2026-01-06T07:15", json!({})),
            vacancy("n6", "2026-01-06T21:15", "2026-01-07T07:15", json!({})),
            // 19:00-01:00 has 22:00-01:00 = 3 h of night: exactly enough.
            vacancy("e7", "2026-01-07T19:00", "2026-01-08T01:00", json!({})),
            // 19:00-00:59 has 2 h 59 min of night: not a night shift.
            vacancy("e7_short", "2026-01-07T19:00", "2026-01-08T00:59", json!({})),
        ],
    );
    let v = check(&inst, &roster(&[("a", "n5"), ("a", "n6"), ("a", "e7")]));
    let violation = only(&v, RuleKind::MaxConsecutiveNights, Some("a"), &["n5", "n6", "e7"]);
    assert!(violation.message.starts_with("3 consecutive night-shift days 2026-01-05 .. 2026-01-07"), "{violation}");
    assert_eq!(violation.citation, "Arbetstidslagen 13 a § and collective agreement (night work)");
    assert_clean(&check(&inst, &roster(&[("a", "n5"), ("a", "n6"), ("a", "e7_short")])));
}

#[test]
fn weekends_are_counted_by_the_saturday_they_touch() {
    // Weekends of the horizon: Saturday 2026-01-10 (day 5) and Saturday 2026-01-17 (day 12).
    let inst = two_weeks(
        rules(json!({"max_weekends": 1})),
        vec![nurse("a", json!({"bookings": [booking("2026-01-04T08:00", "2026-01-04T16:00", "sunday before")]}))],
        vec![
            vacancy("sat10", "2026-01-10T08:00", "2026-01-10T16:00", json!({})),
            vacancy("sun11", "2026-01-11T08:00", "2026-01-11T16:00", json!({})),
            // Friday night into Saturday 2026-01-17 touches the second weekend.
            vacancy("fri_night", "2026-01-16T22:00", "2026-01-17T07:00", json!({})),
            // Friday evening ending exactly at Saturday midnight does not.
            vacancy("fri_evening", "2026-01-16T16:00", "2026-01-17T00:00", json!({})),
        ],
    );
    let v = check(&inst, &roster(&[("a", "sat10"), ("a", "fri_night")]));
    let violation = only(&v, RuleKind::MaxWeekends, Some("a"), &["sat10", "fri_night"]);
    assert!(
        violation.message.starts_with("works 2 weekends (Saturdays 2026-01-10 (sat10), 2026-01-17 (fri_night))"),
        "{violation}"
    );
    // One weekend (Saturday and Sunday of 01-10); the booking on Sunday 2026-01-04 belongs to
    // the weekend of Saturday 2026-01-03 (day -2), which is wholly before the horizon.
    assert_clean(&check(&inst, &roster(&[("a", "sat10"), ("a", "sun11"), ("a", "fri_evening")])));
}

#[test]
fn shifts_per_day_count_by_start_date() {
    let inst = two_weeks(
        rules(json!({"max_shifts_per_day": 1})),
        vec![nurse("a", json!({}))],
        vec![
            vacancy("night", "2026-01-05T22:00", "2026-01-06T06:00", json!({})),
            vacancy("morning", "2026-01-06T07:00", "2026-01-06T11:00", json!({})),
            vacancy("evening", "2026-01-06T18:00", "2026-01-06T22:00", json!({})),
        ],
    );
    let v = check(&inst, &roster(&[("a", "morning"), ("a", "evening")]));
    let violation = only(&v, RuleKind::MaxShiftsPerDay, Some("a"), &["morning", "evening"]);
    assert!(violation.message.starts_with("2 shifts start on 2026-01-06"), "{violation}");
    // The night starts on 2026-01-05 although it ends on 2026-01-06.
    assert_clean(&check(&inst, &roster(&[("a", "night"), ("a", "morning")])));
}

// ---------------------------------------------------------------------------------------------
// ShiftSuccession, MaxShiftsByType
// ---------------------------------------------------------------------------------------------

/// The default two weeks with every limit off and shift types `early`, `late` and `night`: a
/// late shift may not be followed by an early one on the next day, a night by an early or a
/// late one.
fn two_weeks_with_types(staff: Vec<Value>, vacancies: Vec<Value>) -> Instance {
    let mut document = scenario("2026-01-05", "2026-01-19", rules(json!({})), staff, vacancies);
    document["shift_types"] = json!([
        {"id": "early"},
        {"id": "late", "cannot_be_followed_by": ["early"]},
        {"id": "night", "cannot_be_followed_by": ["early", "late"]}
    ]);
    instance(document)
}

/// An `rn` vacancy at `u1` of shift type `shift_type`.
fn typed(id: &str, start: &str, end: &str, shift_type: &str) -> Value {
    vacancy(id, start, end, json!({"shift_type": shift_type}))
}

#[test]
fn shift_succession_forbids_the_listed_type_on_the_next_day() {
    let inst = two_weeks_with_types(
        vec![
            nurse("a", json!({})),
            // b's booking on 2026-01-07 07:00-15:00 has no shift type.
            nurse("b", json!({"bookings": [booking("2026-01-07T07:00", "2026-01-07T15:00", "home early")]})),
        ],
        vec![
            typed("late6", "2026-01-06T14:00", "2026-01-06T22:00", "late"),
            typed("early7", "2026-01-07T07:00", "2026-01-07T15:00", "early"),
            typed("late7", "2026-01-07T14:00", "2026-01-07T22:00", "late"),
            vacancy("plain7", "2026-01-07T07:00", "2026-01-07T15:00", json!({})),
            // Starts on 2026-01-08 (day 3) and ends on 2026-01-09.
            typed("night8", "2026-01-08T22:00", "2026-01-09T07:00", "night"),
            typed("late9", "2026-01-09T14:00", "2026-01-09T22:00", "late"),
            typed("early10", "2026-01-10T07:00", "2026-01-10T15:00", "early"),
        ],
    );
    // late on 2026-01-06, early on 2026-01-07.
    let v = check(&inst, &roster(&[("a", "late6"), ("a", "early7")]));
    let violation = only(&v, RuleKind::ShiftSuccession, Some("a"), &["late6", "early7"]);
    assert_eq!(
        violation.message,
        "late6 (2026-01-06T14:00+01:00 .. 2026-01-06T22:00+01:00) of type late on 2026-01-06 is followed by \
         early7 (2026-01-07T07:00+01:00 .. 2026-01-07T15:00+01:00) of type early on 2026-01-07; early may not \
         follow late"
    );
    assert_eq!(violation.citation, "collective agreement / scenario rule (shift type that may not follow another)");
    // The night belongs to 2026-01-08, the day it starts, so late9 on 2026-01-09 is the next
    // day although the night ends that morning.
    let v = check(&inst, &roster(&[("a", "night8"), ("a", "late9")]));
    only(&v, RuleKind::ShiftSuccession, Some("a"), &["night8", "late9"]);
    // check_member (vacancy indices 0 and 1) reports the same rule.
    let v = check_member(&inst, 0, &[0, 1]);
    only(&v, RuleKind::ShiftSuccession, Some("a"), &["late6", "early7"]);

    // late -> late and late -> night are allowed; an untyped shift follows anything; a gap of
    // two days (night8 on 01-08, early10 on 01-10) is not a succession.
    assert_clean(&check(&inst, &roster(&[("a", "late6"), ("a", "late7"), ("a", "night8"), ("a", "early10")])));
    assert_clean(&check(&inst, &roster(&[("a", "late6"), ("a", "plain7")])));
    // The booking on 2026-01-07 has no type, so late6 before it is fine.
    assert_clean(&check(&inst, &roster(&[("b", "late6")])));
}

#[test]
fn max_shifts_by_type_counts_assigned_shifts_of_that_type() {
    let inst = two_weeks_with_types(
        vec![
            nurse("a", json!({"max_shifts_by_type": {"night": 2}})),
            nurse("b", json!({"max_shifts_by_type": {"night": 0, "early": 1}})),
        ],
        vec![
            typed("n5", "2026-01-05T22:00", "2026-01-06T07:00", "night"),
            typed("n6", "2026-01-06T22:00", "2026-01-07T07:00", "night"),
            typed("n7", "2026-01-07T22:00", "2026-01-08T07:00", "night"),
            typed("e9", "2026-01-09T07:00", "2026-01-09T15:00", "early"),
        ],
    );
    // 3 nights > 2.
    let v = check(&inst, &roster(&[("a", "n5"), ("a", "n6"), ("a", "n7")]));
    let violation = only(&v, RuleKind::MaxShiftsByType, Some("a"), &["n5", "n6", "n7"]);
    assert_eq!(violation.message, "works 3 shifts of type night over the horizon (n5, n6, n7), max 2");
    assert_eq!(violation.citation, "employment contract / scenario rule (shifts of one type)");
    // 1 night > 0: b never works nights.
    let v = check(&inst, &roster(&[("b", "n5")]));
    let violation = only(&v, RuleKind::MaxShiftsByType, Some("b"), &["n5"]);
    assert_eq!(violation.message, "works 1 shift of type night over the horizon (n5), max 0 (never)");
    // 2 nights = 2, and early is not limited for a; b's 1 early = 1.
    assert_clean(&check(&inst, &roster(&[("a", "n5"), ("a", "n6"), ("a", "e9")])));
    assert_clean(&check(&inst, &roster(&[("b", "e9")])));
    // check_member: b on n7 (index 2).
    only(&check_member(&inst, 1, &[2]), RuleKind::MaxShiftsByType, Some("b"), &["n7"]);
}

// ---------------------------------------------------------------------------------------------
// MinConsecutiveDays, MinConsecutiveDaysOff
// ---------------------------------------------------------------------------------------------

/// Every pair `(a, c{d})` for `d` in `dates`.
fn works_days(dates: &[u32]) -> Vec<(String, String)> {
    dates.iter().map(|d| ("a".to_string(), format!("c{d}"))).collect()
}

/// The roster of `works_days(dates)`.
fn roster_of_days(dates: &[u32]) -> Roster {
    let pairs = works_days(dates);
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(s, v)| (s.as_str(), v.as_str())).collect();
    roster(&pairs)
}

#[test]
fn short_runs_of_working_days_are_violations_except_at_the_horizon_edges() {
    // Day shifts c5 .. c18 cover every day of the horizon, day 0 (2026-01-05) to day 13 (2026-01-18).
    let inst = two_weeks(rules(json!({"min_consecutive_days": 2})), vec![nurse("a", json!({}))], day_shifts(5..=18));
    // Runs: day 0 alone (touches the start: exempt) and day 4 (2026-01-09) alone: 1 < 2.
    let v = check(&inst, &roster_of_days(&[5, 9]));
    let violation = only(&v, RuleKind::MinConsecutiveDays, Some("a"), &["c9"]);
    assert_eq!(violation.message, "1 consecutive working day 2026-01-09 .. 2026-01-09 (c9), min 2");
    assert_eq!(violation.citation, "collective agreement / scenario rule (shortest run of working days)");
    // check_member on c9 (index 4) alone: the same run.
    only(&check_member(&inst, 0, &[4]), RuleKind::MinConsecutiveDays, Some("a"), &["c9"]);
    // Runs: day 0 alone (exempt), days 3-4 (2 = min), day 13 alone (touches the end: exempt).
    assert_clean(&check(&inst, &roster_of_days(&[5, 8, 9, 18])));
    // Nobody working at all has no run of working days.
    assert_clean(&check(&inst, &roster(&[])));
}

#[test]
fn short_runs_of_days_off_are_violations_except_at_the_horizon_edges() {
    let inst =
        two_weeks(rules(json!({"min_consecutive_days_off": 2})), vec![nurse("a", json!({}))], day_shifts(5..=18));
    // Works days 0, 1, 3, 4: day 2 (2026-01-07) alone is off, 1 < 2; days 5-13 off touch the end.
    let v = check(&inst, &roster_of_days(&[5, 6, 8, 9]));
    let violation = only(&v, RuleKind::MinConsecutiveDaysOff, Some("a"), &["c6", "c8"]);
    assert_eq!(violation.message, "1 consecutive day off 2026-01-07 .. 2026-01-07 (between c6 and c8), min 2");
    assert_eq!(violation.citation, "collective agreement / scenario rule (shortest run of days off)");
    // check_member with c5, c6, c8, c9 (indices 0, 1, 3, 4).
    only(&check_member(&inst, 0, &[0, 1, 3, 4]), RuleKind::MinConsecutiveDaysOff, Some("a"), &["c6", "c8"]);
    // Days 2-3 off: 2 = min.
    assert_clean(&check(&inst, &roster_of_days(&[5, 6, 9, 10])));
    // Works days 0-12: the single day off, day 13 (2026-01-18), touches the end: exempt.
    assert_clean(&check(&inst, &roster_of_days(&(5..=17).collect::<Vec<_>>())));
    // Works days 1-13: the single day off, day 0 (2026-01-05), touches the start: exempt.
    assert_clean(&check(&inst, &roster_of_days(&(6..=18).collect::<Vec<_>>())));
}

#[test]
fn shortest_runs_count_bookings_but_are_not_booking_violations() {
    // Bookings on 2026-01-07 (day 2) and 2026-01-09 (day 4).
    let inst = two_weeks(
        rules(json!({"min_consecutive_days": 2, "min_consecutive_days_off": 2})),
        vec![nurse(
            "a",
            json!({"bookings": [
                booking("2026-01-07T08:00", "2026-01-07T16:00", "course"),
                booking("2026-01-09T08:00", "2026-01-09T16:00", "course")
            ]}),
        )],
        day_shifts(5..=18),
    );
    // Assignments can still lengthen the runs, so the bookings alone are not bad input.
    assert_clean(&booking_violations(&inst));
    // Without assignments: working runs day 2 and day 4 (1 < 2 each); off runs days 0-1 (start:
    // exempt), day 3 (1 < 2), days 5-13 (end: exempt). Sorted by rule, then time.
    let v = check(&inst, &roster(&[]));
    let found: Vec<(RuleKind, &str)> = v.iter().map(|x| (x.rule, x.message.as_str())).collect();
    assert_eq!(
        found,
        [
            (RuleKind::MinConsecutiveDays, "1 consecutive working day 2026-01-07 .. 2026-01-07 (booking \"course\"), min 2"),
            (RuleKind::MinConsecutiveDays, "1 consecutive working day 2026-01-09 .. 2026-01-09 (booking \"course\"), min 2"),
            (
                RuleKind::MinConsecutiveDaysOff,
                "1 consecutive day off 2026-01-08 .. 2026-01-08 (between booking \"course\" and booking \"course\"), min 2"
            ),
        ],
        "{}",
        lines(&v)
    );
    assert!(v.iter().all(|x| x.vacancies.is_empty()), "{}", lines(&v));
    // Working 2026-01-08 (c8) joins them into one run, days 2-4 (3 >= 2), with no gap.
    assert_clean(&check(&inst, &roster_of_days(&[8])));
}

// ---------------------------------------------------------------------------------------------
// Daylight-saving time
// ---------------------------------------------------------------------------------------------

/// One night vacancy 21:15-07:15 from `date` with `break_minutes`, for a staff member with
/// `max_hours`, over a two-week horizon from `horizon_start`.
fn dst_night(
    horizon_start: &str,
    horizon_end: &str,
    date_start: &str,
    date_end: &str,
    break_minutes: u32,
    max_hours: f64,
) -> Instance {
    instance(scenario(
        horizon_start,
        horizon_end,
        rules(json!({})),
        vec![nurse("a", json!({"max_hours": max_hours}))],
        vec![vacancy(
            "night",
            &format!("{date_start}T21:15"),
            &format!("{date_end}T07:15"),
            json!({"break_minutes": break_minutes}),
        )],
    ))
}

#[test]
fn october_night_lasts_eleven_hours() {
    // Clocks go back at 03:00 CEST on 2026-10-25: 21:15 -> 07:15 is 10 h on the wall, 11 h real.
    let broken = dst_night("2026-10-19", "2026-11-02", "2026-10-24", "2026-10-25", 0, 10.5);
    let v = check(&broken, &roster(&[("a", "night")]));
    let violation = only(&v, RuleKind::MaxHours, Some("a"), &["night"]);
    assert!(violation.message.starts_with("11 h over the horizon"), "{violation}");
    assert!(violation.message.ends_with("max_hours 10.5 h"), "{violation}");
    // 11 h - 30 min break = 10.5 h = the cap.
    let clean = dst_night("2026-10-19", "2026-11-02", "2026-10-24", "2026-10-25", 30, 10.5);
    assert_clean(&check(&clean, &roster(&[("a", "night")])));
}

#[test]
fn march_night_lasts_nine_hours() {
    // Clocks go forward at 02:00 CET on 2026-03-29: 21:15 -> 07:15 is 10 h on the wall, 9 h real.
    let broken = dst_night("2026-03-23", "2026-04-06", "2026-03-28", "2026-03-29", 0, 8.99);
    let v = check(&broken, &roster(&[("a", "night")]));
    let violation = only(&v, RuleKind::MaxHours, Some("a"), &["night"]);
    assert!(violation.message.starts_with("9 h over the horizon"), "{violation}");
    let clean = dst_night("2026-03-23", "2026-04-06", "2026-03-28", "2026-03-29", 0, 9.0);
    assert_clean(&check(&clean, &roster(&[("a", "night")])));
}

#[test]
fn rest_across_daylight_saving_changes_is_real_elapsed_time() {
    let rest = rules(json!({"min_rest_hours": 11}));
    // October: 21:00 CEST (19:00 UTC) -> 07:00 CET (06:00 UTC) = 11 h although the wall says 10 h.
    let october = instance(scenario(
        "2026-10-19",
        "2026-11-02",
        rest.clone(),
        vec![nurse("a", json!({}))],
        vec![
            vacancy("sat", "2026-10-24T12:00", "2026-10-24T21:00", json!({})),
            vacancy("sun", "2026-10-25T07:00", "2026-10-25T15:00", json!({})),
        ],
    ));
    assert_clean(&check(&october, &roster(&[("a", "sat"), ("a", "sun")])));
    // March: 20:00 CET (19:00 UTC) -> 07:30 CEST (05:30 UTC) = 10.5 h although the wall says 11.5 h.
    let march = instance(scenario(
        "2026-03-23",
        "2026-04-06",
        rest,
        vec![nurse("a", json!({}))],
        vec![
            vacancy("sat", "2026-03-28T12:00", "2026-03-28T20:00", json!({})),
            vacancy("sun", "2026-03-29T07:30", "2026-03-29T15:00", json!({})),
        ],
    ));
    let v = check(&march, &roster(&[("a", "sat"), ("a", "sun")]));
    let violation = only(&v, RuleKind::MinRest, Some("a"), &["sat", "sun"]);
    assert_eq!(
        violation.message,
        "rest 10.5 h between sat (ends 2026-03-28T20:00+01:00) and sun (starts 2026-03-29T07:30+02:00), need 11 h"
    );
}

// ---------------------------------------------------------------------------------------------
// Objective, ordering, a clean roster under the full preset
// ---------------------------------------------------------------------------------------------

/// rn vacancy v1 08:00-16:00 (8 h, headcount 2) and icu vacancy v2 07:00-17:00 (10 h, priority
/// 2); agency price 1 per hour by default and 2 for icu.
fn objective_instance() -> Instance {
    let mut document = scenario(
        "2026-01-05",
        "2026-01-19",
        rules(json!({})),
        vec![nurse("a", json!({}))],
        vec![
            vacancy("v1", "2026-01-06T08:00", "2026-01-06T16:00", json!({"headcount": 2})),
            vacancy("v2", "2026-01-07T07:00", "2026-01-07T17:00", json!({"competence": "icu", "priority": 2})),
        ],
    );
    document["agency"] = json!({"default_cost_per_hour": 1, "cost_per_hour": {"icu": 2}});
    instance(document)
}

#[test]
fn objective_is_recomputed_and_compared_with_the_stated_one() {
    let inst = objective_instance();
    let mut r = roster(&[("a", "v1")]);
    // v1: 1 of 2 uncovered x 8 h x price 1 x priority 1 = 8; v2: 1 x 10 h x price 2 x priority 2
    // = 40. Total 48.
    let violation = stated_objective(&inst, &r, 48.0, 47.0);
    assert_eq!(violation.citation, "roster consistency");
    // Within the relative tolerance 1e-6 x 48 = 4.8e-5.
    r.solve = Some(report(48.00001));
    assert_clean(&check(&inst, &r));
    r.solve = Some(report(f64::NAN));
    let v = check(&inst, &r);
    only(&v, RuleKind::Objective, None, &[]);
    // Nobody assigned: 2 x 8 + 40 = 56.
    assert_close(objective(&inst, &roster(&[])), 56.0, "objective of the empty roster");
}

/// [`two_weeks_with_types`] with the default agency price 1 per hour, three nurses with
/// requests, and:
/// - v1 2026-01-06 08:00-16:00 (8 h), headcount 2, cost per uncovered person 100;
/// - v2 2026-01-07 07:00-17:00 (10 h), priority 2;
/// - v3 2026-01-08 07:00-15:00 (8 h), early, over-cover up to 2 at 7 each;
/// - v4 2026-01-08 15:00-23:00 (8 h), late, headcount 0, over-cover without limit at 4 each.
fn requests_instance() -> Instance {
    two_weeks_with_types(
        vec![
            nurse(
                "a",
                json!({"requests": [
                    {"kind": "on", "date": "2026-01-08", "shift_type": "early", "weight": 10},
                    {"kind": "off", "date": "2026-01-06", "weight": 3}
                ]}),
            ),
            nurse(
                "b",
                json!({"requests": [
                    {"kind": "on", "date": "2026-01-07", "weight": 6},
                    {"kind": "off", "date": "2026-01-08", "shift_type": "late", "weight": 5}
                ]}),
            ),
            nurse(
                "c",
                json!({"requests": [
                    {"kind": "on", "date": "2026-01-08", "shift_type": "late", "weight": 2},
                    {"kind": "off", "date": "2026-01-08", "weight": 1}
                ]}),
            ),
        ],
        vec![
            vacancy("v1", "2026-01-06T08:00", "2026-01-06T16:00", json!({"headcount": 2, "cost_per_uncovered": 100})),
            vacancy("v2", "2026-01-07T07:00", "2026-01-07T17:00", json!({"priority": 2})),
            vacancy(
                "v3",
                "2026-01-08T07:00",
                "2026-01-08T15:00",
                json!({"shift_type": "early", "over_cover": {"max": 2, "cost_per_person": 7}}),
            ),
            vacancy(
                "v4",
                "2026-01-08T15:00",
                "2026-01-08T23:00",
                json!({"shift_type": "late", "headcount": 0, "over_cover": {"cost_per_person": 4}}),
            ),
        ],
    )
}

#[test]
fn objective_adds_cost_per_uncovered_over_cover_and_requests() {
    let inst = requests_instance();
    let r = roster(&[("a", "v1"), ("a", "v3"), ("b", "v3"), ("c", "v3"), ("b", "v4")]);
    // Agency: v1 1 of 2 uncovered x 100 (not 8 h x 1) = 100; v2 uncovered, 10 h x 1 x priority
    // 2 = 20; v3 and v4 covered. 120.
    // Over-cover: v3 3 people - headcount 1 = 2 x 7 = 14 (3 <= 1 + 2 allowed); v4 1 - 0 = 1 x 4
    // = 4. 18.
    // Requests: a on early 01-08: works v3 (early, 01-08), met, 0; a off 01-06 (any type): works
    // v1, 3; b on 01-07 (any type): works nothing that day, 6; b off late 01-08: works v4 (late),
    // 5; c on late 01-08: works only v3 (early), 2; c off 01-08 (any type): works v3, 1 x 1 = 1.
    // 0 + 3 + 6 + 5 + 2 + 1 = 17.
    // Total 120 + 18 + 17 = 155.
    // A report of the agency cost alone (120) does not match.
    stated_objective(&inst, &r, 155.0, 120.0);

    // c on v3 and v4 (both on 01-08): agency v1 2 x 100 = 200 + v2 20 = 220 (v3 covered);
    // over-cover v4 1 x 4 = 4; requests a on 10 (works nothing), b on 6, c on late met 0, c off
    // 01-08 (any type) matched by both shifts 2 x 1 = 2: 18. Total 220 + 4 + 18 = 242.
    assert_close(objective(&inst, &roster(&[("c", "v3"), ("c", "v4")])), 242.0, "objective, two off matches");

    // Nobody assigned: agency v1 2 x 100 + v2 20 + v3 8 h x 1 x 1 = 228 (v4 needs nobody);
    // over-cover 0; requests: the on requests 10 + 6 + 2 = 18, the off ones 0. Total 246.
    assert_close(objective(&inst, &roster(&[])), 246.0, "objective of the empty roster");
}

#[test]
fn violations_are_sorted_roster_wide_first_then_by_staff_rule_and_time() {
    let inst = two_weeks(
        rules(json!({"min_rest_hours": 11})),
        vec![nurse("a", json!({})), nurse("b", json!({}))],
        vec![
            vacancy("v1", "2026-01-06T07:00", "2026-01-06T16:00", json!({})),
            // 16:00 -> 01:00 = 9 h rest after v1.
            vacancy("v2", "2026-01-07T01:00", "2026-01-07T06:00", json!({})),
            vacancy("v3", "2026-01-09T08:00", "2026-01-09T16:00", json!({"competence": "icu"})),
            vacancy("v4", "2026-01-10T08:00", "2026-01-10T16:00", json!({"unit": "u2"})),
        ],
    );
    let r = roster(&[("b", "v4"), ("a", "v3"), ("a", "v2"), ("b", "v1"), ("a", "v1")]);
    let v = check(&inst, &r);
    let found: Vec<(RuleKind, Option<&str>)> = v.iter().map(|x| (x.rule, x.staff.as_deref())).collect();
    assert_eq!(
        found,
        [
            // v1 has b and a on a headcount of 1.
            (RuleKind::Headcount, None),
            // a: v3 needs icu (on 01-09) sorts before the rest v1 -> v2 (01-06), by rule.
            (RuleKind::Competence, Some("a")),
            (RuleKind::MinRest, Some("a")),
            // b: not introduced to u2.
            (RuleKind::Introduction, Some("b")),
        ],
        "{}",
        lines(&v)
    );
}

#[test]
fn a_sensible_roster_passes_every_se_atl_default() {
    // se-atl defaults: 11 h rest, 36 h weekly rest, 48 h per week, 4-week averaging with 48 h
    // overtime, one shift per day.
    let mut vacancies = Vec::new();
    let mut pairs = Vec::new();
    // a: Monday to Friday 07:00-16:00 with 30 min break = 8.5 h, both weeks: 42.5 h per week
    // <= 48; 85 h <= averaging cap 40 x 14/7 + 48 x 14/28 = 80 + 24 = 104; rest 15 h per night;
    // weekly rest Friday 16:00 -> Monday 07:00 = 63 h.
    for d in (5..=9).chain(12..=16) {
        let id = format!("day{d}");
        vacancies.push(vacancy(
            &id,
            &format!("2026-01-{d:02}T07:00"),
            &format!("2026-01-{d:02}T16:00"),
            json!({"break_minutes": 30}),
        ));
        pairs.push(("a".to_string(), id));
    }
    // b (icu, standing in for rn): three nights 21:15-07:15 each week, 14 h rest in between.
    for d in [5, 6, 7, 12, 13, 14] {
        let id = format!("night{d}");
        vacancies.push(vacancy(
            &id,
            &format!("2026-01-{d:02}T21:15"),
            &format!("2026-01-{:02}T07:15", d + 1),
            json!({"break_minutes": 45}),
        ));
        pairs.push(("b".to_string(), id));
    }
    let inst = two_weeks(
        json!({"preset": "se-atl"}),
        vec![nurse("a", json!({})), nurse("b", json!({"competences": ["icu"]}))],
        vacancies,
    );
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(s, v)| (s.as_str(), v.as_str())).collect();
    let mut r = roster(&pairs);
    r.solve = Some(report(0.0));
    assert_clean(&check(&inst, &r));
    assert_clean(&booking_violations(&inst));
}

// ---------------------------------------------------------------------------------------------
// KPIs
// ---------------------------------------------------------------------------------------------

#[test]
fn kpi_numbers_match_a_hand_calculation() {
    // One week, 2026-01-05 .. 2026-01-12, so contract hours over the horizon = weekly hours.
    let mut document = scenario(
        "2026-01-05",
        "2026-01-12",
        rules(json!({})),
        vec![
            // 20 h x 0.5 = 10 h contract. Bookings: 4 h on 01-08 (in the horizon) and 5 h on
            // 01-04 (day -1, not counted).
            nurse(
                "a",
                json!({
                    "contract": {"hours_per_week": 20, "employment_rate": 0.5},
                    "bookings": [
                        booking("2026-01-08T08:00", "2026-01-08T12:00", "own ward"),
                        booking("2026-01-04T08:00", "2026-01-04T13:00", "before")
                    ]
                }),
            ),
            nurse("b", json!({"competences": ["icu"]})),
        ],
        vec![
            // 07:00-15:30 minus 30 min = 8 h, headcount 2.
            vacancy("v1", "2026-01-05T07:00", "2026-01-05T15:30", json!({"break_minutes": 30, "headcount": 2})),
            // 07:00-17:30 minus 30 min = 10 h, icu, priority 2.
            vacancy(
                "v2",
                "2026-01-06T07:00",
                "2026-01-06T17:30",
                json!({"break_minutes": 30, "competence": "icu", "priority": 2}),
            ),
            // 08:00-14:00 = 6 h.
            vacancy("v3", "2026-01-07T08:00", "2026-01-07T14:00", json!({})),
        ],
    );
    document["agency"] = json!({"default_cost_per_hour": 5, "cost_per_hour": {"rn": 3}});
    let inst = instance(document);
    let r = roster(&[("a", "v1"), ("b", "v1"), ("b", "v3"), ("a", "v9"), ("a", "v1"), ("ghost", "v2")]);
    let k = kpi(&inst, &r.assignments);
    // Unknown v9 and ghost ignored, the repeated (a, v1) counted once.
    // Vacancy hours: v1 8 x 2 + v2 10 + v3 6 = 32. Pool: v1 16 + v3 6 = 22. Agency: v2 10.
    // Agency cost: 1 uncovered person on v2 x its cost per person 10 h x icu price 5 x priority
    // 2 = 100. No over-cover and no requests, so the objective is the agency cost, 100.
    // Fill rate 22 / 32 = 0.6875.
    // Overtime: a works v1 8 + booking 4 = 12 h against 10 h = 2; b works 8 + 6 = 14 against 40 = 0.
    // Substitutes: b (icu) on rn vacancies v1 (8 h) and v3 (6 h) = 14 h.
    let expected = Kpi {
        vacancy_hours: 32.0,
        pool_hours: 22.0,
        agency_hours: 10.0,
        agency_cost: 100.0,
        over_cover_cost: 0.0,
        request_cost: 0.0,
        objective: 100.0,
        fill_rate: 0.6875,
        overtime_hours: 2.0,
        substitute_hours: 14.0,
        by_competence: vec![
            CompetenceKpi { competence: "rn".into(), vacancy_hours: 22.0, pool_hours: 22.0, agency_hours: 0.0 },
            CompetenceKpi { competence: "icu".into(), vacancy_hours: 10.0, pool_hours: 0.0, agency_hours: 10.0 },
            CompetenceKpi { competence: "sn".into(), vacancy_hours: 0.0, pool_hours: 0.0, agency_hours: 0.0 },
        ],
    };
    // Every figure is a sum of whole and half hours, exact in floating point.
    assert_eq!(k, expected);
    assert_eq!(k.objective, objective(&inst, &r));
}

#[test]
fn kpi_of_a_scenario_without_vacancies_has_full_fill_rate() {
    // a's contract over the 14 days: 20 h x 14/7 = 40 h. The bookings 2026-01-05T00:00 ..
    // 2026-01-06T21:00 is 24 + 21 = 45 h, so 5 h overtime; b (40 h x 2 = 80 h) works nothing.
    let inst = two_weeks(
        rules(json!({})),
        vec![
            nurse(
                "a",
                json!({
                    "contract": {"hours_per_week": 20},
                    "bookings": [booking("2026-01-05T00:00", "2026-01-06T00:00", "long"), booking("2026-01-06T00:00", "2026-01-06T21:00", "long")]
                }),
            ),
            nurse("b", json!({})),
        ],
        vec![],
    );
    let k = kpi(&inst, &[]);
    assert_eq!(k.fill_rate, 1.0);
    assert_eq!(k.vacancy_hours, 0.0);
    assert_eq!(k.overtime_hours, 5.0);
    assert_eq!(k.objective, 0.0);
    assert_eq!(k.by_competence.len(), 3);
}

#[test]
fn kpi_splits_the_objective_into_agency_over_cover_and_request_cost() {
    let inst = requests_instance();
    let r = roster(&[("a", "v1"), ("a", "v3"), ("b", "v3"), ("c", "v3"), ("b", "v4")]);
    let k = kpi(&inst, &r.assignments);
    // As in objective_adds_cost_per_uncovered_over_cover_and_requests: agency 120, over-cover 18,
    // requests 17, objective 155.
    assert_close(k.agency_cost, 120.0, "agency cost");
    assert_close(k.over_cover_cost, 18.0, "over-cover cost");
    assert_close(k.request_cost, 17.0, "request cost");
    assert_close(k.objective, 155.0, "objective");
    // Hours count the headcount only: vacancy hours v1 8 x 2 + v2 10 + v3 8 x 1 + v4 8 x 0 = 34;
    // pool v1 8 + v3 8 (3 people cover 1) = 16; agency v1 8 + v2 10 = 18; fill 16 / 34.
    assert_close(k.vacancy_hours, 34.0, "vacancy hours");
    assert_close(k.pool_hours, 16.0, "pool hours");
    assert_close(k.agency_hours, 18.0, "agency hours");
    assert_close(k.fill_rate, 16.0 / 34.0, "fill rate");
}

#[test]
fn kpi_without_the_new_cost_fields_still_loads() {
    // A KPI section written before over_cover_cost and request_cost existed.
    let old = json!({
        "vacancy_hours": 8.0, "pool_hours": 8.0, "agency_hours": 0.0, "agency_cost": 0.0, "objective": 0.0,
        "fill_rate": 1.0, "overtime_hours": 0.0, "substitute_hours": 0.0, "by_competence": []
    });
    let k: Kpi = serde_json::from_value(old).expect("old KPI section loads");
    assert_eq!((k.over_cover_cost, k.request_cost), (0.0, 0.0));
}

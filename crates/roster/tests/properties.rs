//! Property tests on random small scenarios: every roster passes the independent checker and
//! is proven optimal; adding a staff member never increases agency cost; switching a rule off
//! never increases it.

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::{json, Value};

const RULES: [&str; 7] = [
    "min_rest_hours",
    "weekly_rest_hours",
    "max_hours_per_week",
    "max_consecutive_days",
    "max_consecutive_nights",
    "max_weekends",
    "max_shifts_per_day",
];

fn staff_member() -> impl Strategy<Value = Value> {
    (
        prop::sample::subsequence(vec!["rn", "icu", "an"], 1..=2),
        prop::sample::subsequence(vec!["u1", "u2"], 1..=2),
        prop::sample::select(vec![0.5, 0.75, 1.0]),
        any::<bool>(),
    )
        .prop_map(|(competences, units, rate, on_leave)| {
            let mut s = json!({"competences": competences, "units": units,
                "contract": {"hours_per_week": 40, "employment_rate": rate}});
            if on_leave {
                s["unavailable"] = json!([{"start": at(2, "00:00"), "end": at(4, "00:00")}]);
            }
            s
        })
}

fn vacancy() -> impl Strategy<Value = Value> {
    (
        0i64..8,
        0usize..3,
        prop::sample::select(vec!["rn", "icu", "an"]),
        prop::sample::select(vec!["u1", "u2"]),
        1u32..=2,
    )
        .prop_map(|(day, kind, competence, unit, headcount)| {
            let mut v = match kind {
                0 => day_shift("", day, competence),
                1 => evening_shift("", day, competence),
                _ => night_shift("", day, competence),
            };
            v["unit"] = json!(unit);
            v["headcount"] = json!(headcount);
            v
        })
}

fn rules() -> impl Strategy<Value = Value> {
    (any::<bool>(), any::<bool>(), 20.0..50.0f64, 2u32..6, 1u32..4, 0u32..2, any::<bool>()).prop_map(
        |(rest, weekly, week_cap, days, nights, weekends, one_a_day)| {
            json!({
                "min_rest_hours": if rest { json!(11) } else { Value::Null },
                "weekly_rest_hours": if weekly { json!(36) } else { Value::Null },
                "max_hours_per_week": (week_cap * 4.0).round() / 4.0,
                "max_consecutive_days": days,
                "max_consecutive_nights": nights,
                "max_weekends": weekends,
                "max_shifts_per_day": if one_a_day { json!(1) } else { Value::Null },
                "averaging": null
            })
        },
    )
}

/// A 9-day scenario (one full week for weekly rest, a weekend and a bit of the next week).
fn random_scenario() -> impl Strategy<Value = Value> {
    (prop::collection::vec(staff_member(), 1..4), prop::collection::vec(vacancy(), 1..10), rules()).prop_map(
        |(mut staff, mut vacancies, rules)| {
            for (i, s) in staff.iter_mut().enumerate() {
                s["id"] = json!(format!("s{i}"));
            }
            for (i, v) in vacancies.iter_mut().enumerate() {
                v["id"] = json!(format!("v{i}"));
            }
            scenario(9, rules, staff, vacancies)
        },
    )
}

fn objective(value: Value) -> f64 {
    solve_checked(&instance(value)).report.objective
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn rosters_pass_the_checker_and_adding_staff_never_costs_more(
        sc in random_scenario(),
        extra in staff_member(),
    ) {
        let before = objective(sc.clone());
        let mut more = sc;
        let mut extra = extra;
        extra["id"] = json!("extra");
        more["staff"].as_array_mut().unwrap().push(extra);
        let after = objective(more);
        prop_assert!(after <= before + 1e-6, "adding staff raised agency cost {before} -> {after}");
    }

    #[test]
    fn switching_a_rule_off_never_costs_more(sc in random_scenario(), which in 0usize..RULES.len()) {
        let before = objective(sc.clone());
        let mut relaxed = sc;
        relaxed["rules"][RULES[which]] = Value::Null;
        let after = objective(relaxed);
        prop_assert!(after <= before + 1e-6, "switching off {} raised agency cost {before} -> {after}", RULES[which]);
    }
}

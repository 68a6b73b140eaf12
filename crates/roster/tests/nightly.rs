//! Nightly re-planning against a published roster: the two-night fixture in
//! `fixtures/nightly/` (its outcome is worked out in night 2's `name`), frozen shifts inside the
//! notice period, the change penalty beyond it, what cannot be carried over, and determinism.
//! Every roster goes through the independent checker.

mod common;

use common::*;
use roster::previous::{Continuity, NoteKind};
use roster::{solve, Instance, Outcome, Roster, SolveOptions};
use serde_json::json;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn fixture(name: &str) -> Instance {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/nightly").join(name);
    roster::load_instance(&path).expect("fixture loads")
}

fn with_previous(previous: &Roster) -> SolveOptions {
    SolveOptions { previous: Some(previous.clone()), threads: 1, ..SolveOptions::default() }
}

/// (staff, vacancy) pairs of a roster.
fn pairs(roster: &Roster) -> BTreeSet<(String, String)> {
    roster.assignments.iter().map(|a| (a.staff.clone(), a.vacancy.clone())).collect()
}

fn night_one() -> Outcome {
    let n1 = fixture("night-1.json");
    let o = solve_checked(&n1);
    // 20 weekday shifts, three people on 5 March: 22 assignments, nothing to the agency.
    assert_eq!(o.roster.assignments.len(), 22);
    assert_hours(agency_hours(&o), 0.0);
    o
}

#[test]
fn night_two_keeps_the_frozen_shifts_and_changes_only_what_it_must() {
    let night1 = night_one();
    let n2 = fixture("night-2.json");
    let o = solve_checked_with(&n2, &with_previous(&night1.roster));
    // Anna is sick on 5 March; only Bo and Cai are left for its three places: 8 h to the agency.
    assert_hours(agency_hours(&o), 8.0);
    assert_eq!(o.report.status, roster::roster::SolveStatus::Optimal);

    let before = pairs(&night1.roster);
    let after = pairs(&o.roster);
    // Frozen: every night-1 shift before 16 March 18:00 that is still possible is kept.
    let anna_sick = ("anna".to_string(), "w-0305".to_string());
    for a in &night1.roster.assignments {
        if a.start.as_str() < "2026-03-16T18:00" && (a.staff.clone(), a.vacancy.clone()) != anna_sick {
            assert!(after.contains(&(a.staff.clone(), a.vacancy.clone())), "frozen {a:?} was dropped");
        }
    }
    // The least change: the two new vacancies are added, Anna's 5 March and the cancelled
    // 24 March shift are removed, the renamed 26 March shift is the same shift; nothing else.
    let changes = o.changes.as_ref().expect("a change list with --previous");
    assert_eq!((changes.added, changes.removed, changes.unchanged), (2, 2, 20));
    let added: BTreeSet<&str> = changes.staff.iter().flat_map(|s| s.added.iter().map(|r| r.vacancy.as_str())).collect();
    assert_eq!(added, BTreeSet::from(["extra-0310", "extra-0321"]));
    let removed: BTreeSet<&str> =
        changes.staff.iter().flat_map(|s| s.removed.iter().map(|r| r.vacancy.as_str())).collect();
    assert_eq!(removed, BTreeSet::from(["w-0305", "w-0324"]));
    assert!(!after.contains(&anna_sick));
    let renamed_owner = night1.roster.assignments.iter().find(|a| a.vacancy == "w-0326").unwrap().staff.clone();
    assert!(after.contains(&(renamed_owner, "w-0326-b".to_string())));
    assert_eq!(before.len(), after.len());

    // The notes say why each night-1 shift did not carry over as it was.
    let kinds: Vec<(&str, &NoteKind)> = o.continuity.iter().map(|n| (n.vacancy.as_str(), &n.kind)).collect();
    assert!(kinds.contains(&(
        "w-0305",
        &NoteKind::NoLongerPossible { reason: "unavailable: sick".into(), within_notice: true }
    )));
    assert!(kinds.contains(&("w-0324", &NoteKind::VacancyCancelled)));
    assert!(kinds.contains(&("w-0326", &NoteKind::VacancyRenamed { now: "w-0326-b".into() })));
    assert_eq!(kinds.len(), 3);
}

#[test]
fn without_the_previous_roster_the_same_night_moves_more_shifts() {
    // The control for the test above: the change penalty is what keeps the roster still. Without
    // it the secondary objective (an even spread of hours) reshuffles published shifts freely.
    let night1 = night_one();
    let n2 = fixture("night-2.json");
    let free = solve_checked(&n2);
    assert_hours(agency_hours(&free), 8.0);
    let kept = solve_checked_with(&n2, &with_previous(&night1.roster));
    let moved = |o: &Outcome| roster::diff(&night1.roster, &o.roster);
    let (free_diff, kept_diff) = (moved(&free), moved(&kept));
    assert!(
        free_diff.added + free_diff.removed > kept_diff.added + kept_diff.removed,
        "free re-plan changed {} shifts, the kept one {}",
        free_diff.added + free_diff.removed,
        kept_diff.added + kept_diff.removed
    );
}

#[test]
fn a_published_shift_is_given_up_when_agency_cost_demands_it() {
    // Night 1: nurse a works the Wednesday day shift (8.5 h, the only vacancy). Night 2, planned
    // with no notice period: a Tuesday night shift (21:15 - Wednesday 07:15, 10 h) appears that
    // overlaps it. Keeping the published day shift would send 10 h to the agency instead of
    // 8.5 h: the change is made, because changes never outweigh agency hours.
    let rules = json!({ "min_rest_hours": 11, "weekly_rest_hours": null, "max_hours_per_week": null,
        "averaging": null, "max_shifts_per_day": 1 });
    let mut s1 = scenario(7, rules.clone(), vec![nurse("a", &["rn"])], vec![day_shift("day", 2, "rn")]);
    s1["planning"] = json!({ "notice_days": 0 });
    let night1 = solve_checked(&instance(s1.clone()));
    assert_eq!(assigned_to(&night1, "day"), vec!["a"]);
    let mut s2 = s1.clone();
    s2["vacancies"].as_array_mut().unwrap().push(night_shift("night", 1, "rn"));
    let o = solve_checked_with(&instance(s2.clone()), &with_previous(&night1.roster));
    assert_eq!(assigned_to(&o, "night"), vec!["a"]);
    assert!(assigned_to(&o, "day").is_empty());
    let changes = o.changes.unwrap();
    assert_eq!((changes.added, changes.removed), (1, 1));

    // With the day shift inside the notice period it is frozen: the night goes to the agency.
    s2["planning"] = json!({ "notice_days": 14 });
    let o = solve_checked_with(&instance(s2), &with_previous(&night1.roster));
    assert_eq!(assigned_to(&o, "day"), vec!["a"]);
    assert!(assigned_to(&o, "night").is_empty());
}

#[test]
fn staff_who_left_and_shifts_no_longer_possible_are_notes_not_errors() {
    let night1 = night_one();
    let mut scenario: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/nightly/night-1.json"))
            .unwrap(),
    )
    .unwrap();
    // Bo has left the pool; Cai is no longer introduced to the ward.
    scenario["staff"].as_array_mut().unwrap().retain(|s| s["id"] != "bo");
    scenario["staff"][1]["units"] = json!([]);
    scenario["staff"][1]["sites"] = json!([]);
    let i = instance(scenario);
    let continuity = Continuity::of(&i, &night1.roster);
    let count = |who: &str| night1.roster.assignments.iter().filter(|a| a.staff == who).count();
    let left = continuity.notes.iter().filter(|n| n.kind == NoteKind::StaffLeft).count();
    assert_eq!(left, count("bo"));
    let impossible = continuity
        .notes
        .iter()
        .filter(|n| {
            n.staff == "cai"
                && matches!(&n.kind, NoteKind::NoLongerPossible { reason, .. } if reason.contains("introduced"))
        })
        .count();
    assert_eq!(impossible, count("cai"));
    assert_eq!(continuity.frozen.len() + continuity.published.len(), count("anna"));
    let o = solve_checked_with(&i, &with_previous(&night1.roster));
    assert!(o.roster.assignments.iter().all(|a| a.staff == "anna"));
}

#[test]
fn frozen_shifts_that_break_the_rules_together_are_released_with_a_note() {
    // The previous roster (hand-made) has a working two consecutive day shifts; night 2 allows
    // at most one working day in a row. Both are inside the notice period, so freezing them is
    // impossible: the group is re-planned freely and the note says so.
    let rules = json!({ "min_rest_hours": null, "weekly_rest_hours": null, "max_hours_per_week": null,
        "averaging": null, "max_consecutive_days": 1 });
    let s = scenario(7, rules, vec![nurse("a", &["rn"])], vec![day_shift("d1", 1, "rn"), day_shift("d2", 2, "rn")]);
    let i = instance(s);
    let previous: Roster = serde_json::from_value(json!({
        "format_version": 1,
        "assignments": [ { "vacancy": "d1", "staff": "a" }, { "vacancy": "d2", "staff": "a" } ]
    }))
    .unwrap();
    let o = solve_checked_with(&i, &with_previous(&previous));
    assert_eq!(o.roster.assignments.len(), 1);
    let released = o.continuity.iter().filter(|n| n.kind == NoteKind::FreezeReleased).count();
    assert_eq!(released, 2);
}

#[test]
fn the_same_input_gives_the_same_roster_bytes() {
    let n2 = fixture("night-2.json");
    let night1 = night_one();
    let options = SolveOptions { threads: 2, ..with_previous(&night1.roster) };
    let a = solve(&n2, &options).unwrap();
    let b = solve(&n2, &options).unwrap();
    assert_eq!(serde_json::to_vec_pretty(&a.roster).unwrap(), serde_json::to_vec_pretty(&b.roster).unwrap());
}

#[test]
fn progress_reports_end_with_the_final_objective_and_bound() {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = seen.clone();
    let progress = roster::ProgressCallback::new(move |p| sink.lock().unwrap().push(*p));
    let n1 = fixture("night-2.json");
    let o = solve_checked_with(&n1, &SolveOptions { progress: Some(progress), threads: 1, ..SolveOptions::default() });
    let seen = seen.lock().unwrap();
    let last = seen.last().expect("at least one progress report");
    assert_eq!((last.done, last.components), (o.report.components, o.report.components));
    assert!((last.objective.unwrap() - o.report.objective).abs() < 1e-6);
    assert!((last.bound - o.report.best_bound).abs() < 1e-6);
    assert!(seen.windows(2).all(|w| w[0].seconds <= w[1].seconds));
}

#[test]
fn a_rolling_horizon_leaves_yesterday_out_of_the_change_list() {
    // Night 2 planned with the horizon moved on by one week: night 1's first-week shifts are
    // history, neither kept nor reported as removed.
    let night1 = night_one();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/nightly/night-1.json");
    let mut s: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    s["horizon"] = json!({ "start": "2026-03-09", "end": "2026-03-30" });
    s["planning"] = json!({ "now": "2026-03-08T18:00", "notice_days": 14 });
    s["vacancies"].as_array_mut().unwrap().retain(|v| v["start"].as_str().unwrap() >= "2026-03-09");
    let o = solve_checked_with(&instance(s), &with_previous(&night1.roster));
    let first_week = night1.roster.assignments.iter().filter(|a| a.start.as_str() < "2026-03-09").count();
    assert_eq!(first_week, 7); // five weekdays, three people on Thursday 5 March
    let changes = o.changes.unwrap();
    assert_eq!((changes.added, changes.removed, changes.unchanged), (0, 0, 22 - first_week));
    assert!(o.continuity.is_empty(), "{:?}", o.continuity);
}

#[test]
fn a_starting_roster_changes_nothing_but_speed() {
    // Night 2 started from night 1's roster (which has a shift Anna can no longer work and a
    // cancelled vacancy): the same optimum as without a start.
    let night1 = night_one();
    let n2 = fixture("night-2.json");
    let plain = solve_checked(&n2);
    let started = solve_checked_with(
        &n2,
        &SolveOptions { start: Some(night1.roster.clone()), threads: 1, ..SolveOptions::default() },
    );
    assert_hours(agency_hours(&started), agency_hours(&plain));
    assert!((started.report.objective - plain.report.objective).abs() < 1e-6);
    // A start is not a previous roster: no change list, no notes.
    assert!(started.changes.is_none() && started.continuity.is_empty());
}

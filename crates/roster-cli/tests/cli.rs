//! End-to-end tests of the `roster` binary: exit codes, error messages (file, line:column, JSON
//! path, legal citation), the schema, `check` on hand-written rosters, and atomic output files.
//! Scenarios are built inline and written to a temporary directory.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of `roster` produced.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `roster` with `args` in `dir`.
fn roster_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_roster")).args(args).current_dir(dir).output().expect("run roster");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `roster` with `args` in a fresh directory.
fn roster(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    roster_in(dir.path(), args)
}

/// A small valid scenario: one week, one nurse introduced to unit `u1`, three 8-hour vacancies
/// (two at `u1`, one at `u2`).
fn scenario() -> Value {
    json!({
        "format_version": 1,
        "name": "tiny",
        "time_zone": "Europe/Stockholm",
        "horizon": { "start": "2026-01-05", "end": "2026-01-12" },
        "competences": [ { "id": "rn", "name": "Registered nurse" } ],
        "sites": [ { "id": "s1", "units": [ { "id": "u1" }, { "id": "u2" } ] } ],
        "staff": [
            { "id": "anna", "competences": ["rn"], "units": ["u1"], "contract": { "hours_per_week": 40 } }
        ],
        "vacancies": [
            { "id": "v1", "unit": "u1", "competence": "rn", "start": "2026-01-05T07:00", "end": "2026-01-05T15:30", "break_minutes": 30 },
            { "id": "v2", "unit": "u1", "competence": "rn", "start": "2026-01-06T07:00", "end": "2026-01-06T15:30", "break_minutes": 30 },
            { "id": "v3", "unit": "u2", "competence": "rn", "start": "2026-01-07T07:00", "end": "2026-01-07T15:30", "break_minutes": 30 }
        ]
    })
}

/// Writes `value` as JSON to `dir/name`.
fn write_json(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).expect("json")).expect("write");
    path
}

/// Sorted names in `dir`.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Writes the scenario, runs `roster validate` on it and expects exit 2 with every `needle` in
/// stderr, which starts with `error: `.
fn assert_invalid(value: &Value, needles: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    write_json(dir.path(), "scenario.json", value);
    let run = roster_in(dir.path(), &["validate", "scenario.json"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.starts_with("error: "), "{run:?}");
    assert!(run.stderr.contains("scenario.json"), "{run:?}");
    for needle in needles {
        assert!(run.stderr.contains(needle), "missing {needle:?} in {run:?}");
    }
    assert!(run.stdout.is_empty(), "{run:?}");
    run
}

/// Anna's two bookings with only 8 hours between them.
fn with_rest_breaking_bookings(mut value: Value) -> Value {
    value["staff"][0]["bookings"] = json!([
        { "start": "2026-01-06T13:00", "end": "2026-01-06T21:00", "label": "home ward, evening" },
        { "start": "2026-01-07T05:00", "end": "2026-01-07T13:00", "label": "home ward, early" }
    ]);
    value
}

// ---------------------------------------------------------------------------------------------
// Help and usage

#[test]
fn help_documents_commands_and_exit_codes() {
    let run = roster(&["--help"]);
    assert_eq!(run.code, 0, "{run:?}");
    for needle in ["solve", "check", "validate", "schema", "generate", "EXIT CODES", "  3  ", "  4  "] {
        assert!(run.stdout.contains(needle), "missing {needle:?} in {}", run.stdout);
    }
    let run = roster(&["solve", "--help"]);
    assert_eq!(run.code, 0, "{run:?}");
    for needle in
        ["--out", "--csv", "--time-limit", "--gap", "--threads", "--seed", "--no-secondary", "--quiet", "EXIT CODES"]
    {
        assert!(run.stdout.contains(needle), "missing {needle:?} in {}", run.stdout);
    }
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_json(dir.path(), "scenario.json", &scenario());
    for args in [
        &[][..],
        &["frobnicate"],
        &["solve", "scenario.json"],
        &["solve", "scenario.json", "--out", "r.json", "--gap", "-1"],
        &["solve", "scenario.json", "--out", "r.json", "--time-limit", "0"],
        &["solve", "scenario.json", "--out", "r.json", "--threads", "many"],
        &["check", "scenario.json"],
        &["generate", "--staff", "0", "--weeks", "1", "--seed", "1", "--out", "g.json"],
        &["generate", "--staff", "3", "--weeks", "1", "--seed", "1", "--start", "soon", "--out", "g.json"],
    ] {
        let run = roster_in(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.contains("error"), "{args:?}: {run:?}");
    }
    assert_eq!(listing(dir.path()), ["scenario.json"]);
}

// ---------------------------------------------------------------------------------------------
// validate: good and bad input

#[test]
fn valid_scenario_is_summarised() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_json(dir.path(), "scenario.json", &scenario());
    let run = roster_in(dir.path(), &["validate", "scenario.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    for needle in [
        "staff:         1",
        "units:         2",
        "sites:         1",
        "vacancies:     3",
        "vacancy hours: 24",
        "2026-01-05 .. 2026-01-12",
        "Europe/Stockholm",
        "se-atl",
    ] {
        assert!(run.stdout.contains(needle), "missing {needle:?} in {}", run.stdout);
    }
    assert!(run.stderr.is_empty(), "{run:?}");
}

#[test]
fn missing_file_is_bad_input() {
    let run = roster(&["validate", "no-such-scenario.json"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.starts_with("error: "), "{run:?}");
    assert!(run.stderr.contains("no-such-scenario.json"), "{run:?}");
}

#[test]
fn malformed_json_reports_file_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("broken.json"),
        "{\n  \"format_version\": 1,\n  \"name\": \"broken\"\n  \"horizon\": {}\n}\n",
    )
    .expect("write");
    let run = roster_in(dir.path(), &["validate", "broken.json"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.starts_with("error: "), "{run:?}");
    assert!(run.stderr.contains("broken.json:4:3"), "{run:?}");
}

#[test]
fn wrong_type_reports_json_path() {
    let mut value = scenario();
    value["vacancies"][1]["headcount"] = json!("two");
    assert_invalid(&value, &["vacancies[1].headcount"]);
}

#[test]
fn unknown_unit_reference_reports_json_path() {
    let mut value = scenario();
    value["vacancies"][0]["unit"] = json!("icu-9");
    assert_invalid(&value, &["vacancies[0].unit", "icu-9"]);
}

#[test]
fn duplicate_ids_are_reported() {
    let mut value = scenario();
    let anna = value["staff"][0].clone();
    value["staff"].as_array_mut().expect("staff").push(anna);
    value["vacancies"][2]["id"] = json!("v1");
    assert_invalid(&value, &["staff[1].id", "vacancies[2].id", "duplicate"]);
}

#[test]
fn end_before_start_is_reported() {
    let mut value = scenario();
    value["vacancies"][0]["end"] = json!("2026-01-05T06:00");
    assert_invalid(&value, &["vacancies[0].end", "after start"]);
}

#[test]
fn vacancy_outside_horizon_is_reported() {
    let mut value = scenario();
    value["vacancies"][2]["start"] = json!("2026-02-07T07:00");
    value["vacancies"][2]["end"] = json!("2026-02-07T15:00");
    assert_invalid(&value, &["vacancies[2].start", "outside the horizon"]);
}

#[test]
fn negative_hours_are_reported() {
    let mut value = scenario();
    value["staff"][0]["contract"]["hours_per_week"] = json!(-40);
    value["staff"][0]["min_hours"] = json!(-3);
    assert_invalid(&value, &["staff[0].contract.hours_per_week", "staff[0].min_hours"]);
}

#[test]
fn unknown_time_zone_is_reported() {
    let mut value = scenario();
    value["time_zone"] = json!("Europe/Atlantis");
    assert_invalid(&value, &["time_zone", "Europe/Atlantis"]);
}

#[test]
fn every_problem_is_listed_at_once() {
    let mut value = scenario();
    value["vacancies"][0]["unit"] = json!("nowhere");
    value["vacancies"][1]["competence"] = json!("surgeon");
    value["staff"][0]["units"] = json!(["u1", "u7"]);
    let run =
        assert_invalid(&value, &["3 problems", "vacancies[0].unit", "vacancies[1].competence", "staff[0].units[1]"]);
    assert_eq!(run.stderr.matches("error: ").count(), 1, "{run:?}");
}

#[test]
fn booking_that_breaks_rest_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_json(dir.path(), "scenario.json", &with_rest_breaking_bookings(scenario()));
    for args in [&["validate", "scenario.json"][..], &["solve", "scenario.json", "--out", "roster.json"]] {
        let run = roster_in(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.starts_with("error: "), "{run:?}");
        for needle in ["bookings already break hard rules", "min_rest", "anna", "Arbetstidslagen 13 §"] {
            assert!(run.stderr.contains(needle), "missing {needle:?} in {run:?}");
        }
    }
    assert_eq!(listing(dir.path()), ["scenario.json"]);
}

// ---------------------------------------------------------------------------------------------
// schema

#[test]
fn schema_is_json_with_properties() {
    let run = roster(&["schema"]);
    assert_eq!(run.code, 0, "{run:?}");
    let schema: Value = serde_json::from_str(&run.stdout).expect("scenario schema is JSON");
    let properties = schema["properties"].as_object().expect("properties");
    for field in ["format_version", "horizon", "staff", "vacancies"] {
        assert!(properties.contains_key(field), "scenario schema lacks {field}");
    }

    let run = roster(&["schema", "--roster"]);
    assert_eq!(run.code, 0, "{run:?}");
    let schema: Value = serde_json::from_str(&run.stdout).expect("roster schema is JSON");
    assert!(schema["properties"]["assignments"].is_object(), "{}", run.stdout);
}

// ---------------------------------------------------------------------------------------------
// check

#[test]
fn check_accepts_a_clean_hand_written_roster() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_json(dir.path(), "scenario.json", &scenario());
    let roster_file = json!({
        "format_version": 1,
        "scenario": "tiny",
        "assignments": [ { "vacancy": "v1", "staff": "anna" }, { "vacancy": "v2", "staff": "anna" } ]
    });
    write_json(dir.path(), "roster.json", &roster_file);
    let run = roster_in(dir.path(), &["check", "scenario.json", "roster.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("clean"), "{run:?}");
    // v3 (8 paid hours at the default price 1) is left to the agency.
    assert!(run.stdout.contains("objective 8 "), "{run:?}");

    let run = roster_in(dir.path(), &["check", "scenario.json", "roster.json", "--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON report");
    assert_eq!(report["clean"], json!(true));
    assert_eq!(report["violations"], json!([]));
    assert_eq!(report["objective"].as_f64(), Some(8.0));
}

#[test]
fn check_reports_a_broken_roster() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_json(dir.path(), "scenario.json", &scenario());
    // Anna is not introduced to u2, where v3 is.
    let roster_file = json!({
        "format_version": 1,
        "assignments": [ { "vacancy": "v1", "staff": "anna" }, { "vacancy": "v3", "staff": "anna" } ]
    });
    write_json(dir.path(), "roster.json", &roster_file);
    let run = roster_in(dir.path(), &["check", "scenario.json", "roster.json"]);
    assert_eq!(run.code, 1, "{run:?}");
    for needle in ["introduction", "anna", "v3", "Patientsäkerhetslagen", "1 violation"] {
        assert!(run.stdout.contains(needle), "missing {needle:?} in {run:?}");
    }

    let run = roster_in(dir.path(), &["check", "scenario.json", "roster.json", "--json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON report");
    assert_eq!(report["clean"], json!(false));
    let violations = report["violations"].as_array().expect("violations");
    assert_eq!(violations.len(), 1, "{report}");
    assert_eq!(violations[0]["rule"], json!("introduction"));
    assert_eq!(violations[0]["staff"], json!("anna"));
    assert_eq!(violations[0]["vacancies"], json!(["v3"]));
    assert!(violations[0]["citation"].as_str().is_some_and(|c| !c.is_empty()), "{report}");
}

#[test]
fn check_reports_rest_broken_by_assignments() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut value = scenario();
    // A night shift ending 4 hours before v2 starts.
    value["vacancies"][2] =
        json!({ "id": "n1", "unit": "u1", "competence": "rn", "start": "2026-01-05T19:00", "end": "2026-01-06T03:00" });
    write_json(dir.path(), "scenario.json", &value);
    let roster_file = json!({
        "format_version": 1,
        "assignments": [ { "vacancy": "n1", "staff": "anna" }, { "vacancy": "v2", "staff": "anna" } ]
    });
    write_json(dir.path(), "roster.json", &roster_file);
    let run = roster_in(dir.path(), &["check", "scenario.json", "roster.json"]);
    assert_eq!(run.code, 1, "{run:?}");
    for needle in ["min_rest", "anna", "Arbetstidslagen 13 §"] {
        assert!(run.stdout.contains(needle), "missing {needle:?} in {run:?}");
    }
}

#[test]
fn check_rejects_bad_roster_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_json(dir.path(), "scenario.json", &scenario());
    std::fs::write(dir.path().join("roster.json"), "{\"format_version\": 1, \"assignments\": [ {\"vacancy\": 3} ] }")
        .expect("write");
    let run = roster_in(dir.path(), &["check", "scenario.json", "roster.json"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.starts_with("error: "), "{run:?}");
    assert!(run.stderr.contains("roster.json:1:"), "{run:?}");
    assert!(run.stderr.contains("assignments[0].vacancy"), "{run:?}");

    let run = roster_in(dir.path(), &["check", "scenario.json", "missing.json"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("missing.json"), "{run:?}");
}

// ---------------------------------------------------------------------------------------------
// Atomic output files

#[test]
fn solve_into_missing_directory_fails_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_json(dir.path(), "scenario.json", &scenario());
    let run = roster_in(dir.path(), &["solve", "scenario.json", "--out", "nope/roster.json"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.starts_with("error: "), "{run:?}");
    assert!(run.stderr.contains("nope/roster.json"), "{run:?}");
    assert_eq!(listing(dir.path()), ["scenario.json"]);

    // The CSV target is checked too, before anything is written.
    let run = roster_in(dir.path(), &["solve", "scenario.json", "--out", "roster.json", "--csv", "nope/roster.csv"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("nope/roster.csv"), "{run:?}");
    assert_eq!(listing(dir.path()), ["scenario.json"]);
}

#[test]
fn outputs_must_differ_from_each_other_and_the_scenario() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_json(dir.path(), "scenario.json", &scenario());
    let before = std::fs::read(dir.path().join("scenario.json")).expect("read");
    for args in [
        &["solve", "scenario.json", "--out", "r.json", "--csv", "r.json"][..],
        &["solve", "scenario.json", "--out", "r.json", "--csv", "./r.json"],
        &["solve", "scenario.json", "--out", "./scenario.json"],
        &["solve", "scenario.json", "--out", "r.json", "--csv", "scenario.json"],
    ] {
        let run = roster_in(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.starts_with("error: "), "{args:?}: {run:?}");
    }
    assert_eq!(listing(dir.path()), ["scenario.json"]);
    assert_eq!(std::fs::read(dir.path().join("scenario.json")).expect("read"), before);
}

#[test]
fn bad_input_leaves_previous_roster_byte_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = b"{ \"previous\": \"roster\" }\n\xff not even utf-8".to_vec();
    std::fs::write(dir.path().join("roster.json"), &old).expect("write");
    std::fs::write(dir.path().join("roster.csv"), &old).expect("write");

    let mut unknown_unit = scenario();
    unknown_unit["vacancies"][0]["unit"] = json!("icu-9");
    write_json(dir.path(), "invalid.json", &unknown_unit);
    write_json(dir.path(), "bookings.json", &with_rest_breaking_bookings(scenario()));
    std::fs::write(dir.path().join("malformed.json"), "{ \"format_version\": 1,").expect("write");

    for input in ["invalid.json", "bookings.json", "malformed.json", "missing.json"] {
        let run = roster_in(dir.path(), &["solve", input, "--out", "roster.json", "--csv", "roster.csv"]);
        assert_eq!(run.code, 2, "{input}: {run:?}");
        assert_eq!(std::fs::read(dir.path().join("roster.json")).expect("read"), old, "{input}");
        assert_eq!(std::fs::read(dir.path().join("roster.csv")).expect("read"), old, "{input}");
    }
    assert_eq!(listing(dir.path()), ["bookings.json", "invalid.json", "malformed.json", "roster.csv", "roster.json"]);
}

/// A scenario no roster satisfies: Anna must work 100 hours but only 24 are vacant.
fn infeasible_scenario() -> Value {
    let mut value = scenario();
    value["staff"][0]["units"] = json!(["u1", "u2"]);
    value["staff"][0]["min_hours"] = json!(100);
    value["staff"][0]["rules"] = json!({ "averaging": null });
    value
}

#[test]
fn failed_solve_leaves_previous_roster_byte_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_json(dir.path(), "scenario.json", &infeasible_scenario());
    let old = b"previous roster".to_vec();
    std::fs::write(dir.path().join("roster.json"), &old).expect("write");
    let run = roster_in(dir.path(), &["solve", "scenario.json", "--out", "roster.json", "--csv", "roster.csv"]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.starts_with("error: "), "{run:?}");
    assert!(run.stderr.contains("nothing written"), "{run:?}");
    assert_eq!(std::fs::read(dir.path().join("roster.json")).expect("read"), old);
    assert_eq!(listing(dir.path()), ["roster.json", "scenario.json"]);
}

// ---------------------------------------------------------------------------------------------
// generate

#[test]
fn generate_writes_a_valid_reproducible_scenario() {
    let dir = tempfile::tempdir().expect("tempdir");
    let args = ["generate", "--staff", "6", "--weeks", "2", "--seed", "7", "--start", "2026-03-02"];
    let run = roster_in(dir.path(), &[&args[..], &["--out", "a.json"]].concat());
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("a.json"), "{run:?}");
    let run = roster_in(dir.path(), &[&args[..], &["--out", "b.json"]].concat());
    assert_eq!(run.code, 0, "{run:?}");
    let a = std::fs::read(dir.path().join("a.json")).expect("read");
    assert_eq!(a, std::fs::read(dir.path().join("b.json")).expect("read"), "same seed, same scenario");
    let scenario: Value = serde_json::from_slice(&a).expect("JSON");
    assert_eq!(scenario["staff"].as_array().map(Vec::len), Some(6));
    assert_eq!(scenario["horizon"]["start"], json!("2026-03-02"));

    let run = roster_in(dir.path(), &["validate", "a.json"]);
    assert_eq!(run.code, 0, "{run:?}");

    let run = roster_in(dir.path(), &[&args[..], &["--out", "nope/c.json"]].concat());
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("nope/c.json"), "{run:?}");
    assert_eq!(listing(dir.path()), ["a.json", "b.json"]);
}

// ---------------------------------------------------------------------------------------------
// solve with the real solver

#[test]
fn solve_writes_a_roster_that_check_accepts() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_json(dir.path(), "scenario.json", &scenario());
    std::fs::write(dir.path().join("roster.json"), "old").expect("write");
    let run = roster_in(dir.path(), &["solve", "scenario.json", "--out", "roster.json", "--csv", "roster.csv"]);
    assert_eq!(run.code, 0, "{run:?}");
    for needle in [
        "status:          optimal",
        "vacancy hours:   24",
        "agency:          8 h",
        "components:",
        "not_introduced 1",
        "wrote roster.json",
        "wrote roster.csv",
    ] {
        assert!(run.stdout.contains(needle), "missing {needle:?} in {}", run.stdout);
    }
    assert_eq!(listing(dir.path()), ["roster.csv", "roster.json", "scenario.json"]);

    let roster: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("roster.json")).expect("read")).expect("JSON");
    assert_eq!(roster["assignments"].as_array().map(Vec::len), Some(2), "{roster}");
    assert_eq!(roster["agency"][0]["vacancy"], json!("v3"));
    assert_eq!(roster["solve"]["status"], json!("optimal"));

    let csv = std::fs::read_to_string(dir.path().join("roster.csv")).expect("read");
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "kind,vacancy,staff,unit,competence,start,end,hours,headcount,cost,reason");
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[1].starts_with("assignment,v1,anna,u1,rn,2026-01-05T07:00+01:00,2026-01-05T15:30+01:00,8,"), "{csv}");
    assert!(
        lines[3].starts_with("agency,v3,,u2,rn,2026-01-07T07:00+01:00,2026-01-07T15:30+01:00,8,1,8,not_introduced"),
        "{csv}"
    );

    let run = roster_in(dir.path(), &["check", "scenario.json", "roster.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("clean"), "{run:?}");
}

#[test]
fn quiet_solve_prints_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_json(dir.path(), "scenario.json", &scenario());
    let run = roster_in(
        dir.path(),
        &[
            "solve",
            "scenario.json",
            "--out",
            "roster.json",
            "--quiet",
            "--no-secondary",
            "--time-limit",
            "30",
            "--gap",
            "0.01",
            "--threads",
            "1",
            "--seed",
            "3",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.is_empty() && run.stderr.is_empty(), "{run:?}");
    assert!(dir.path().join("roster.json").is_file());
}

#[test]
fn infeasible_minimum_hours_exit_3_with_reasons() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_json(dir.path(), "scenario.json", &infeasible_scenario());
    let run = roster_in(dir.path(), &["solve", "scenario.json", "--out", "roster.json"]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains("cannot all be met"), "{run:?}");
    assert!(run.stderr.contains("anna"), "{run:?}");
    assert_eq!(listing(dir.path()), ["scenario.json"]);
}

#[test]
fn generated_scenario_solves_and_checks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = roster_in(dir.path(), &["generate", "--staff", "8", "--weeks", "2", "--seed", "11", "--out", "g.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = roster_in(dir.path(), &["solve", "g.json", "--out", "r.json", "--time-limit", "60", "--quiet"]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = roster_in(dir.path(), &["check", "g.json", "r.json"]);
    assert_eq!(run.code, 0, "{run:?}");
}

// ---------------------------------------------------------------------------------------------
// The repository's fixtures

/// `fixtures/` at the workspace root.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

#[test]
fn every_bad_fixture_is_refused_with_its_location() {
    let dir = fixtures().join("bad");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut seen = 0;
    for entry in entries {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        seen += 1;
        let name = path.file_name().and_then(|n| n.to_str()).expect("name").to_string();
        let run = roster_in(&dir, &["validate", &name]);
        assert_eq!(run.code, 2, "{name}: {run:?}");
        assert!(run.stderr.starts_with(&format!("error: {name}")), "{name}: {run:?}");
        let needles: &[&str] = match name.as_str() {
            "booking-breaks-rest.json" => &["bookings already break hard rules", "min_rest", "Arbetstidslagen 13 §"],
            "duplicate-staff.json" => &["staff[1].id", "duplicate"],
            "end-before-start.json" => &["vacancies[0].end", "after start"],
            "negative-hours.json" => &["staff[0].contract.hours_per_week"],
            "outside-horizon.json" => &["vacancies[0].start", "outside the horizon"],
            "unknown-unit.json" => &["vacancies[0].unit", "unknown unit"],
            "unknown-zone.json" => &["time_zone", "unknown IANA time zone"],
            _ => &[],
        };
        for needle in needles {
            assert!(run.stderr.contains(needle), "{name}: missing {needle:?} in {run:?}");
        }
        if name == "malformed.json" {
            // error: malformed.json:LINE:COLUMN: ...
            let position: Vec<&str> = run.stderr["error: malformed.json:".len()..].splitn(3, ':').take(2).collect();
            assert!(position.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())), "{run:?}");
        }
    }
    assert!(seen >= 8, "expected the eight bad fixtures in {}", dir.display());
}

#[test]
fn small_fixtures_solve_and_check_clean() {
    let work = tempfile::tempdir().expect("tempdir");
    for name in ["tiny.json", "dst-autumn.json", "dst-spring.json"] {
        let scenario = fixtures().join(name);
        if !scenario.is_file() {
            continue;
        }
        let scenario = scenario.to_str().expect("utf-8 path").to_string();
        let out = format!("{name}.roster.json");
        let run = roster_in(work.path(), &["validate", &scenario]);
        assert_eq!(run.code, 0, "{name}: {run:?}");
        let run = roster_in(work.path(), &["solve", &scenario, "--out", &out, "--time-limit", "60"]);
        assert_eq!(run.code, 0, "{name}: {run:?}");
        assert!(run.stdout.contains("status:          optimal"), "{name}: {run:?}");
        let run = roster_in(work.path(), &["check", &scenario, &out]);
        assert_eq!(run.code, 0, "{name}: {run:?}");
    }
}

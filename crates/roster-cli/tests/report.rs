//! End-to-end tests of `roster report`, `roster export ics` and `roster export csv` on
//! `fixtures/tiny.json` with its hand-worked optimum (Anna the Monday night, Erik the Wednesday
//! IVA day; 26.5 agency hours), and their refusals of bad input (exit code 2); `roster report
//! --whatif` on the hand-worked sweep of `fixtures/whatif-three-shifts.json`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Exit code, stdout and stderr of one run of `roster`.
type Outcome = (i32, String, String);

/// Runs the `roster` binary in `dir`.
fn run(dir: &Path, args: &[&str]) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_roster")).args(args).current_dir(dir).output().expect("run");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

fn tiny() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/tiny.json")
}

/// A folder holding `scenario.json` (tiny) and `roster.json` with the given pairs.
fn workspace(pairs: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(tiny(), dir.path().join("scenario.json")).expect("copy");
    let assignments: Vec<serde_json::Value> =
        pairs.iter().map(|(v, s)| serde_json::json!({"vacancy": v, "staff": s})).collect();
    let roster = serde_json::json!({"format_version": 1, "assignments": assignments});
    std::fs::write(dir.path().join("roster.json"), roster.to_string()).expect("write");
    dir
}

const OPTIMUM: [(&str, &str); 2] = [("med-mon-natt-ssk", "anna"), ("iva-wed-dag-usk", "erik")];

#[test]
fn report_writes_one_self_contained_page() {
    let dir = workspace(&OPTIMUM);
    let out = run(dir.path(), &["report", "scenario.json", "roster.json", "--out", "report.html"]);
    assert_eq!(out.0, 0, "{out:?}");
    assert_eq!(out.1, "wrote report.html\n");
    let page = std::fs::read_to_string(dir.path().join("report.html")).expect("report");
    assert!(page.contains("<div class=\"label\">Agency hours</div><div class=\"value\">26.5</div>"));
    assert!(page.contains("<div class=\"label\">Solve status</div><div class=\"value\">unknown</div>"));
    // Nothing loaded from elsewhere: the only URL is the SVG namespace.
    for outside in ["<link", " src=", "@import", "url(", "https://"] {
        assert!(!page.contains(outside), "{outside} in the report");
    }
    assert_eq!(page.matches("http://").count(), page.matches("xmlns=\"http://www.w3.org/2000/svg\"").count());
}

#[test]
fn export_csv_and_ics_write_their_files() {
    let dir = workspace(&OPTIMUM);
    let out = run(dir.path(), &["export", "csv", "scenario.json", "roster.json", "--out", "roster.csv"]);
    assert_eq!(out.0, 0, "{out:?}");
    let csv = std::fs::read_to_string(dir.path().join("roster.csv")).expect("csv");
    // Header, 2 assignments and 3 agency vacancies.
    assert_eq!(csv.split("\r\n").filter(|l| !l.is_empty()).count(), 6, "{csv}");
    let printed = run(dir.path(), &["export", "csv", "scenario.json", "roster.json"]);
    assert_eq!(printed.1, csv, "stdout without --out");

    let out = run(
        dir.path(),
        &["export", "ics", "roster.json", "--scenario", "scenario.json", "--staff", "anna", "--out", "anna.ics"],
    );
    assert_eq!(out.0, 0, "{out:?}");
    let ics = std::fs::read_to_string(dir.path().join("anna.ics")).expect("ics");
    assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), 1);
    assert!(ics.contains("DTSTART;TZID=Europe/Stockholm:20260112T211500\r\n"), "{ics}");

    let out = run(
        dir.path(),
        &["export", "ics", "roster.json", "--scenario", "scenario.json", "--all", "--out-dir", "calendars"],
    );
    assert_eq!(out.0, 0, "{out:?}");
    assert!(out.1.contains("wrote 2 calendars in calendars"), "{out:?}");
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("calendars"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["anna.ics", "erik.ics"]);
}

#[test]
fn bad_input_is_refused_with_exit_code_2_and_keeps_existing_files() {
    let dir = workspace(&[("no-such-shift", "anna")]);
    std::fs::write(dir.path().join("report.html"), "old report").expect("write");

    // A roster of another scenario: the unknown id with its JSON path, nothing replaced.
    let out = run(dir.path(), &["report", "scenario.json", "roster.json", "--out", "report.html"]);
    assert_eq!(out.0, 2, "{out:?}");
    assert!(out.2.starts_with("error: roster.json (scenario scenario.json): the roster does not match"), "{out:?}");
    assert!(out.2.contains("assignments[0].vacancy: unknown vacancy id \"no-such-shift\""), "{out:?}");
    assert_eq!(std::fs::read_to_string(dir.path().join("report.html")).expect("read"), "old report");
    let out = run(dir.path(), &["export", "csv", "scenario.json", "roster.json"]);
    assert_eq!(out.0, 2, "{out:?}");
    assert!(out.2.contains("assignments[0].vacancy"), "{out:?}");

    // Missing and malformed files.
    let out = run(dir.path(), &["report", "scenario.json", "missing.json", "--out", "r.html"]);
    assert_eq!(out.0, 2, "{out:?}");
    assert!(out.2.contains("missing.json: cannot read"), "{out:?}");
    std::fs::write(dir.path().join("broken.json"), "{\"format_version\": 1,\n \"assignments\": [}").expect("write");
    let out = run(dir.path(), &["export", "ics", "broken.json", "--scenario", "scenario.json", "--staff", "anna"]);
    assert_eq!(out.0, 2, "{out:?}");
    assert!(out.2.contains("broken.json:2:"), "{out:?}");

    // Unknown staff member.
    let dir = workspace(&OPTIMUM);
    let out = run(dir.path(), &["export", "ics", "roster.json", "--scenario", "scenario.json", "--staff", "zed"]);
    assert_eq!(out.0, 2, "{out:?}");
    assert!(out.2.contains("unknown staff id \"zed\""), "{out:?}");

    // Usage: --staff and --all together, neither, and an output over an input.
    for args in [
        &["export", "ics", "roster.json", "--scenario", "scenario.json", "--staff", "anna", "--all", "--out-dir", "d"]
            [..],
        &["export", "ics", "roster.json", "--scenario", "scenario.json"],
        &["export", "ics", "roster.json", "--scenario", "scenario.json", "--all"],
    ] {
        let out = run(dir.path(), args);
        assert_eq!(out.0, 2, "{args:?}: {out:?}");
    }
    let out = run(dir.path(), &["report", "scenario.json", "roster.json", "--out", "./scenario.json"]);
    assert_eq!(out.0, 2, "{out:?}");
    assert!(out.2.contains("would overwrite the input"), "{out:?}");
    assert_eq!(std::fs::read(dir.path().join("scenario.json")).expect("read"), std::fs::read(tiny()).expect("read"));
}

/// A folder holding the sweep `add rn=0..3` of `whatif-three-shifts.json` as `results.json`
/// (written by `roster whatif --json`), the scenario as `scenario.json` and a roster for it.
fn whatif_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    std::fs::copy(fixtures.join("whatif-three-shifts.json"), dir.path().join("scenario.json")).expect("copy");
    std::fs::copy(fixtures.join("whatif-three-shifts-profiles.json"), dir.path().join("profiles.json")).expect("copy");
    let args = ["whatif", "scenario.json", "--profiles", "profiles.json", "--add", "rn=0..3", "--threads", "2"];
    let out = run(dir.path(), &[&args[..], &["--out", "results.csv", "--json", "results.json", "-q"]].concat());
    assert_eq!(out.0, 0, "{out:?}");
    // Anna takes one of the three shifts; checked by `roster check` below.
    let roster = serde_json::json!({"format_version": 1, "assignments": [{"vacancy": "mon-a", "staff": "anna"}]});
    std::fs::write(dir.path().join("roster.json"), roster.to_string()).expect("write");
    let out = run(dir.path(), &["check", "scenario.json", "roster.json"]);
    assert_eq!(out.0, 0, "the roster keeps every rule: {out:?}");
    dir
}

#[test]
fn report_whatif_writes_a_page_of_the_sweep() {
    let dir = whatif_workspace();
    let out = run(dir.path(), &["report", "--whatif", "results.json", "--out", "whatif.html"]);
    assert_eq!(out, (0, "wrote whatif.html\n".to_string(), String::new()));
    let page = std::fs::read_to_string(dir.path().join("whatif.html")).expect("page");
    // Hand-worked: 16, 8, 0, 0 agency hours; the first two hires save 8 h each, the third none;
    // break-even and cheapest at 2 hires (total cost 8).
    for row in [
        "<td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\">8</td><td class=\"n\">8</td><td class=\"n\">4</td>\
         <td class=\"n\">12</td><td class=\"n\">8</td><td class=\"n\">8</td><td>yes</td>",
        "<td class=\"n\">3</td><td class=\"n\">3</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">12</td>\
         <td class=\"n\">12</td><td class=\"n\">0</td><td class=\"n\">0</td><td>no</td>",
    ] {
        assert!(page.contains(row), "missing {row}");
    }
    assert!(page.contains("<div class=\"label\">Break-even add_rn</div><div class=\"value\">2</div>"));
    assert!(page.contains("<div class=\"value\">add_rn=2</div><div class=\"note\">total cost 8: agency 0 for 0 h"));
    assert!(page.contains("<figure class=\"whatif\" id=\"whatif-chart\">"));
    assert!(!page.contains("id=\"roster-grid\""));

    // With a scenario and roster: the usual report, then the what-if section.
    let out =
        run(dir.path(), &["report", "scenario.json", "roster.json", "--whatif", "results.json", "--out", "r.html"]);
    assert_eq!(out.0, 0, "{out:?}");
    let report = std::fs::read_to_string(dir.path().join("r.html")).expect("report");
    assert!(report.contains("<div class=\"label\">Agency hours</div><div class=\"value\">16</div>"));
    assert!(report.contains("id=\"roster-grid\"") && report.contains("<section id=\"whatif\">"));
    assert!(report.contains("<div class=\"label\">Break-even add_rn</div><div class=\"value\">2</div>"));
}

#[test]
fn report_whatif_refuses_other_files_with_exit_code_2() {
    let dir = whatif_workspace();
    std::fs::write(dir.path().join("page.html"), "old page").expect("write");
    let unchanged = || std::fs::read_to_string(dir.path().join("page.html")).expect("read") == "old page";

    // A scenario given as results: the file and the JSON path.
    let out = run(dir.path(), &["report", "--whatif", "scenario.json", "--out", "page.html"]);
    assert_eq!(out.0, 2, "{out:?}");
    assert!(out.2.starts_with("error: scenario.json: 1 problem found:\n  format: expected what-if results"), "{out:?}");
    assert!(unchanged());

    // Rows that do not fit the grid.
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.json")).expect("read")).expect("JSON");
    json["rows"][2]["counts"] = serde_json::json!([9]);
    std::fs::write(dir.path().join("bad.json"), json.to_string()).expect("write");
    let out = run(dir.path(), &["report", "--whatif", "bad.json", "--out", "page.html"]);
    assert_eq!(out.0, 2, "{out:?}");
    assert!(
        out.2.contains("bad.json: 1 problem found:\n  rows[2].counts[0]: 9 is not a count of the axis add_rn"),
        "{out:?}"
    );
    assert!(unchanged());

    // Malformed JSON, a missing file.
    std::fs::write(dir.path().join("broken.json"), "{\"format\": \"roster-whatif/1\",\n \"rows\": [}").expect("write");
    let out = run(dir.path(), &["report", "--whatif", "broken.json", "--out", "page.html"]);
    assert_eq!(out.0, 2, "{out:?}");
    assert!(out.2.starts_with("error: broken.json:2:"), "{out:?}");
    let out = run(dir.path(), &["report", "--whatif", "missing.json", "--out", "page.html"]);
    assert_eq!(out.0, 2, "{out:?}");
    assert!(out.2.contains("missing.json: cannot read"), "{out:?}");
    assert!(unchanged());

    // Usage: nothing to report, a scenario without roster, an output over the results.
    for args in [&["report", "--out", "page.html"][..], &["report", "scenario.json", "--out", "page.html"]] {
        let out = run(dir.path(), args);
        assert_eq!(out.0, 2, "{args:?}: {out:?}");
    }
    let out = run(dir.path(), &["report", "--whatif", "results.json", "--out", "results.json"]);
    assert_eq!(out.0, 2, "{out:?}");
    assert!(out.2.contains("would overwrite the input results.json"), "{out:?}");
    assert!(unchanged());
}

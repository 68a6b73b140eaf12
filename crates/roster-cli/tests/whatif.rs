//! End-to-end tests of `roster whatif` and `roster whatif merge` on the hand-worked fixture
//! `whatif-three-shifts.json` (hires save 8, 8, then 0 agency hours; break-even at 2 rn hires
//! with the fixture's profiles): outputs, printed summary, shards and merge, `--optimize`,
//! and exit code 2 with a clear message for bad ranges, unknown profiles and bad profiles files,
//! leaving existing outputs untouched. Infeasible points are rows with their status (exit 0, or
//! 3 when no point could be solved); SIGTERM stops a long sweep on the sample pool and writes
//! what was solved, the rest marked `not_run`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name).display().to_string()
}

fn roster_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_roster")).args(args).current_dir(dir).output().expect("run roster");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `roster whatif` on the fixture with its profiles file, plus `args`.
fn whatif(dir: &Path, args: &[&str]) -> Run {
    let scenario = fixture("whatif-three-shifts.json");
    let profiles = fixture("whatif-three-shifts-profiles.json");
    let mut all = vec!["whatif", scenario.as_str(), "--profiles", profiles.as_str()];
    all.extend_from_slice(args);
    roster_in(dir, &all)
}

/// The CSV at `path` as (header, rows), without the timing column `seconds`.
fn table(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).expect("csv");
    let header: Vec<String> = reader.headers().expect("header").iter().map(String::from).collect();
    let seconds = header.iter().position(|h| h == "seconds").expect("seconds column");
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            r.iter().enumerate().filter(|(i, _)| *i != seconds).map(|(_, v)| v.to_string()).collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn sweep_writes_table_json_and_chart_and_prints_the_break_even() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = whatif(dir.path(), &["--add", "rn=0..3", "--out", "r.csv", "--json", "r.json", "--chart", "c.svg"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("add_rn: break-even at 2"), "{}", run.stdout);
    assert!(run.stdout.contains("cheapest point: add_rn=2 (total cost 8"), "{}", run.stdout);
    // Not a terminal: one plain progress line per point.
    assert_eq!(run.stderr.lines().filter(|l| l.starts_with('[')).count(), 4, "{}", run.stderr);
    let (header, rows) = table(&dir.path().join("r.csv"));
    let col = |name: &str| header.iter().filter(|h| *h != "seconds").position(|h| h == name).expect(name);
    let agency: Vec<&str> = rows.iter().map(|r| r[col("agency_hours")].as_str()).collect();
    assert_eq!(agency, vec!["16", "8", "0", "0"]);
    let total: Vec<&str> = rows.iter().map(|r| r[col("total_cost")].as_str()).collect();
    assert_eq!(total, vec!["16", "12", "8", "12"]);
    assert_eq!(rows[2][col("break_even")], "add_rn");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).expect("json")).expect("parse");
    assert_eq!(json["format"], "roster-whatif/1");
    assert_eq!(json["analysis"]["axes"][0]["break_even"], 2);
    let svg = std::fs::read_to_string(dir.path().join("c.svg")).expect("svg");
    assert!(svg.starts_with("<svg") && svg.contains("break-even add_rn=2"));
}

#[test]
fn shards_merged_equal_the_whole_sweep() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path();
    let axes = ["--add", "rn=0..3", "--add", "rn-half=0..1", "--remove", "ulf"];
    let mut args = axes.to_vec();
    args.extend(["--out", "whole.csv", "--quiet"]);
    assert_eq!(whatif(path, &args).code, 0);
    for k in ["1/2", "2/2"] {
        let mut args = axes.to_vec();
        let json = format!("part{}.json", &k[..1]);
        args.extend(["--shard", k, "--out", "part.csv", "--json", json.as_str(), "--quiet"]);
        let run = whatif(path, &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let run =
        roster_in(path, &["whatif", "merge", "part1.json", "part2.json", "--out", "merged.csv", "--chart", "m.svg"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("8 of 8 points"), "{}", run.stdout);
    assert_eq!(table(&path.join("merged.csv")), table(&path.join("whole.csv")));
    assert!(path.join("m.svg").exists());

    let run = roster_in(path, &["whatif", "merge", "part1.json", "--out", "merged.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("4 of 8 points are missing"), "{}", run.stderr);
    let run = roster_in(path, &["whatif", "merge", "part1.json", "part1.json", "--out", "x.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is in both part1.json and part1.json"), "{}", run.stderr);
    std::fs::write(path.join("bad.json"), "{\"format\": 3}").expect("write");
    let run = roster_in(path, &["whatif", "merge", "bad.json", "--out", "x.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bad.json:1:"), "{}", run.stderr);
}

#[test]
fn optimize_prints_the_cost_optimal_composition() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = whatif(
        dir.path(),
        &["--add", "rn=0..3", "--add", "rn-half=0..1", "--optimize", "--out", "o.csv", "--json", "o.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("cost-optimal hires: add_rn=1, add_rn-half=1"), "{}", run.stdout);
    assert!(run.stdout.contains("optimal"), "{}", run.stdout);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("o.json")).expect("json")).expect("parse");
    assert_eq!(json["counts"], serde_json::json!([1, 1]));
    assert_eq!(json["row"]["agency_hours"], 0.0);

    let run = whatif(dir.path(), &["--add", "rn=0..1", "--remove", "rn=0..1", "--optimize", "--out", "o.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--optimize decides hires only"), "{}", run.stderr);
}

#[test]
fn bad_ranges_profiles_and_ids_exit_2_and_keep_existing_outputs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path();
    std::fs::write(path.join("r.csv"), "keep me").expect("write");
    let cases: [(&[&str], &str); 7] = [
        (&["--add", "rn=4..2"], "runs backwards"),
        (&["--add", "rn=0..5:2"], "does not reach 5 in steps of 2"),
        (&["--add", "rn"], "expected NAME=RANGE"),
        (&["--add", "icu=0..2"], "unknown profile \"icu\""),
        (&["--add", "rn=0..1", "--remove", "bob"], "no staff member has id \"bob\""),
        (&["--add", "rn=0..1", "--remove", "rn=0..3"], "fewer holders of rn"),
        (&["--add", "rn=0..1", "--shard", "3/2"], "expected a shard K/N"),
    ];
    for (args, expected) in cases {
        let mut all = args.to_vec();
        all.extend(["--out", "r.csv"]);
        let run = whatif(path, &all);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}: expected {expected:?} in {}", run.stderr);
    }
    assert_eq!(std::fs::read_to_string(path.join("r.csv")).expect("read"), "keep me");

    std::fs::write(path.join("p.json"), r#"{"profiles": [{"id": "x", "competences": ["icu"], "units": ["ward"], "contract": {"hours_per_week": 40}, "cost": {"per_hour": 1}}]}"#).expect("write");
    let scenario = fixture("whatif-three-shifts.json");
    let run = roster_in(path, &["whatif", &scenario, "--profiles", "p.json", "--add", "x=0..1", "--out", "r.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("p.json") && run.stderr.contains("profiles[0].competences[0]"), "{}", run.stderr);
    let run = roster_in(path, &["whatif", &scenario, "--add", "rn=0..1", "--out", &scenario]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("would overwrite the input"), "{}", run.stderr);
}

/// The fixture with anna needing 16 hours, which she cannot reach (the three shifts overlap):
/// every point with anna in the pool is infeasible. Written into `dir`, returns its name.
fn anna_needs_16_hours(dir: &Path) -> &'static str {
    let mut scenario: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("whatif-three-shifts.json")).expect("fixture"))
            .expect("json");
    scenario["staff"][0]["min_hours"] = serde_json::json!(16);
    std::fs::write(dir.join("anna16.json"), serde_json::to_vec(&scenario).expect("json")).expect("write");
    "anna16.json"
}

/// The column `name` of every row of the CSV at `path`.
fn column(path: &Path, name: &str) -> Vec<String> {
    let (header, rows) = table(path);
    let at = header.iter().filter(|h| *h != "seconds").position(|h| h == name).expect(name);
    rows.iter().map(|r| r[at].clone()).collect()
}

#[test]
fn infeasible_points_are_rows_with_their_status_and_the_sweep_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path();
    let scenario = anna_needs_16_hours(path);
    let profiles = fixture("whatif-three-shifts-profiles.json");
    let run = roster_in(
        path,
        &[
            "whatif",
            scenario,
            "--profiles",
            &profiles,
            "--add",
            "rn=0..1",
            "--remove",
            "rn=0..1",
            "--out",
            "r.csv",
            "--json",
            "r.json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("2 of 4 points"), "{}", run.stdout);
    assert!(run.stdout.contains("add_rn=0, remove_rn=0: infeasible"), "{}", run.stdout);
    // Points (add, remove): anna stays at remove 0 (infeasible); without her 24 agency hours,
    // 16 with the hire.
    assert_eq!(column(&path.join("r.csv"), "status"), vec!["infeasible", "optimal", "infeasible", "optimal"]);
    assert_eq!(column(&path.join("r.csv"), "agency_hours"), vec!["", "24", "", "16"]);
    assert!(column(&path.join("r.csv"), "note")[0].contains("anna: min_hours 16"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path.join("r.json")).expect("json")).expect("parse");
    assert_eq!(json["rows"].as_array().expect("rows").len(), 2);
    assert_eq!(json["unsolved"][0]["status"], "infeasible");
    assert_eq!(json["unsolved"][1]["counts"], serde_json::json!([1, 0]));
    assert_eq!(json["stopped"], false);

    // Nothing solvable: exit 3, the reasons printed, nothing written over the existing file.
    std::fs::write(path.join("keep.csv"), "keep me").expect("write");
    let run = roster_in(path, &["whatif", scenario, "--profiles", &profiles, "--add", "rn=0..1", "--out", "keep.csv"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("no point of the sweep could be solved"), "{}", run.stderr);
    assert!(run.stderr.contains("add_rn=1: infeasible"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(path.join("keep.csv")).expect("read"), "keep me");
}

#[test]
fn sigterm_stops_a_long_sweep_and_writes_the_points_solved_so_far() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path();
    // Without the optimal-face dive (ROSTER_FACE_SECONDS=0), each point of the sample takes
    // well over ten seconds to prove optimal on one thread: the signal lands inside point 0.
    let child = Command::new(env!("CARGO_BIN_EXE_roster"))
        .args(["whatif", &fixture("sample-pool.json"), "--add", "ssk=0..3", "--threads", "1"])
        .env("ROSTER_FACE_SECONDS", "0")
        .args(["--out", "r.csv", "--json", "r.json"])
        .current_dir(path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start roster");
    std::thread::sleep(Duration::from_secs(5));
    let started = Instant::now();
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(killed.success());
    let out = child.wait_with_output().expect("wait");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(60), "the sweep did not stop on SIGTERM");
    assert!(stdout.contains("stopped by signal: the results are incomplete"), "{stdout}");
    // Point 0 was cut short (a checked roster with its gap); the other three never started.
    let statuses = column(&path.join("r.csv"), "status");
    assert_eq!(statuses.len(), 4, "a line per point");
    assert!(["feasible", "optimal"].contains(&statuses[0].as_str()), "{statuses:?}");
    assert_eq!(statuses[1..], ["not_run", "not_run", "not_run"]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path.join("r.json")).expect("json")).expect("parse");
    assert_eq!(json["stopped"], true);
    assert_eq!(json["unsolved"].as_array().expect("unsolved").len(), 3);
    let mut left: Vec<String> = std::fs::read_dir(path)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, vec!["r.csv", "r.json"], "no temporary file left behind");
    // A stopped sweep cannot pass for a complete one.
    let run = roster_in(path, &["whatif", "merge", "r.json", "--out", "m.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("were not run because a sweep was stopped"), "{}", run.stderr);
}

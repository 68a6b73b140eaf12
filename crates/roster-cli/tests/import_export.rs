//! End-to-end tests of `roster import curtois` and `roster export grid`: exit codes, the
//! `FILE:LINE:` of a malformed instance, and the exact grid text of a hand-written roster.
//!
//! The Curtois & Qu instances are read from `shared/benchmarks/curtois` beside the checkout
//! (or `$ROSTER_CURTOIS_DIR`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `roster` with `args` in `dir`: its exit code, stdout and stderr.
fn exec(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_roster")).args(args).current_dir(dir).output().expect("run roster");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

/// `InstanceN.txt` of the benchmark.
fn instance_path(n: usize) -> PathBuf {
    let dir = match std::env::var_os("ROSTER_CURTOIS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/benchmarks/curtois"),
    };
    let path = dir.join(format!("Instance{n}.txt"));
    assert!(path.is_file(), "missing benchmark instance {}", path.display());
    path
}

/// A fresh directory holding `i1.json`, Instance1 imported.
fn imported_instance1() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let instance = instance_path(1);
    let run = exec(dir.path(), &["import", "curtois", instance.to_str().expect("utf-8 path"), "--out", "i1.json"]);
    assert_eq!(run.0, 0, "{run:?}");
    assert!(run.1.contains("wrote i1.json: 8 staff, 1 shift type, 14 vacancies"), "{run:?}");
    dir
}

#[test]
fn help_lists_import_and_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = exec(dir.path(), &["--help"]);
    assert!(run.1.contains("import") && run.1.contains("export"), "{run:?}");
    let run = exec(dir.path(), &["import", "curtois", "--help"]);
    assert_eq!(run.0, 0, "{run:?}");
    assert!(run.1.contains("--out") && run.1.contains("EXIT CODES"), "{run:?}");
    let run = exec(dir.path(), &["export", "grid", "--help"]);
    assert_eq!(run.0, 0, "{run:?}");
    assert!(run.1.contains("--out"), "{run:?}");
}

#[test]
fn imported_instance1_validates() {
    let dir = imported_instance1();
    let run = exec(dir.path(), &["validate", "i1.json"]);
    assert_eq!(run.0, 0, "{run:?}");
    assert!(run.1.contains("i1.json: valid"), "{run:?}");
    let scenario: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("i1.json")).expect("read")).expect("json");
    assert_eq!(scenario["name"], "Instance1");
    assert_eq!(scenario["vacancies"].as_array().map(Vec::len), Some(14));
    assert_eq!(scenario["rules"]["preset"], "none");
}

#[test]
fn malformed_instance_exits_2_with_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(instance_path(1)).expect("read");
    // Line 13 is staff A.
    std::fs::write(dir.path().join("bad.txt"), text.replacen("A,D=14,4320,", "A,D=14,43x0,", 1)).expect("write");
    let run = exec(dir.path(), &["import", "curtois", "bad.txt", "--out", "s.json"]);
    assert_eq!(run.0, 2, "{run:?}");
    assert!(run.2.starts_with("error: bad.txt:13: expected MaxTotalMinutes"), "{run:?}");
    assert!(run.1.is_empty(), "{run:?}");
    assert!(!dir.path().join("s.json").exists());

    // Truncated before the last section: the line is one past the end.
    let cut = &text[..text.find("SECTION_COVER").expect("section")];
    std::fs::write(dir.path().join("cut.txt"), cut).expect("write");
    let run = exec(dir.path(), &["import", "curtois", "cut.txt", "--out", "s.json"]);
    assert_eq!(run.0, 2, "{run:?}");
    let line = cut.lines().count() + 1;
    assert!(run.2.contains(&format!("cut.txt:{line}: expected SECTION_COVER")), "{run:?}");
    assert!(!dir.path().join("s.json").exists());
}

#[test]
fn unreadable_instance_or_roster_exits_2() {
    let dir = imported_instance1();
    let run = exec(dir.path(), &["import", "curtois", "missing.txt", "--out", "s.json"]);
    assert_eq!(run.0, 2, "{run:?}");
    assert!(run.2.starts_with("error: missing.txt: cannot read"), "{run:?}");
    assert!(!dir.path().join("s.json").exists());
    let run = exec(dir.path(), &["export", "grid", "i1.json", "missing.json"]);
    assert_eq!(run.0, 2, "{run:?}");
    assert!(run.2.contains("missing.json"), "{run:?}");
    // An output that would replace an input is refused.
    let run = exec(dir.path(), &["import", "curtois", "i1.json", "--out", "./i1.json"]);
    assert_eq!(run.0, 2, "{run:?}");
    assert!(run.2.contains("would overwrite"), "{run:?}");
}

#[test]
fn export_grid_of_a_hand_written_roster() {
    let dir = imported_instance1();
    let roster = serde_json::json!({
        "format_version": 1,
        "assignments": [
            {"vacancy": "d0-D", "staff": "B"},
            {"vacancy": "d1-D", "staff": "B"},
            {"vacancy": "d13-D", "staff": "A"},
            {"vacancy": "d6-D", "staff": "H"}
        ]
    });
    std::fs::write(dir.path().join("r.json"), roster.to_string()).expect("write");
    let off = "\t".repeat(14);
    let expected = format!(
        "A{}\tD\nB\tD\tD{}\nC{off}\nD{off}\nE{off}\nF{off}\nG{off}\nH\t\t\t\t\t\t\tD{}\n",
        "\t".repeat(13),
        "\t".repeat(12),
        "\t".repeat(7),
    );
    assert!(expected.lines().all(|l| l.split('\t').count() == 15));

    let run = exec(dir.path(), &["export", "grid", "i1.json", "r.json"]);
    assert_eq!(run.0, 0, "{run:?}");
    assert_eq!(run.1, expected);

    let run = exec(dir.path(), &["export", "grid", "i1.json", "r.json", "--out", "grid.tsv"]);
    assert_eq!(run.0, 0, "{run:?}");
    assert_eq!(std::fs::read_to_string(dir.path().join("grid.tsv")).expect("read"), expected);
}

#[test]
fn export_grid_of_an_unknown_vacancy_exits_2() {
    let dir = imported_instance1();
    let roster = serde_json::json!({"format_version": 1, "assignments": [{"vacancy": "d14-D", "staff": "A"}]});
    std::fs::write(dir.path().join("r.json"), roster.to_string()).expect("write");
    let run = exec(dir.path(), &["export", "grid", "i1.json", "r.json", "--out", "grid.tsv"]);
    assert_eq!(run.0, 2, "{run:?}");
    assert!(run.2.starts_with("error: r.json: assignments[0]: unknown vacancy id \"d14-D\""), "{run:?}");
    assert!(!dir.path().join("grid.tsv").exists());
}

//! The CSV export of a hand-checked roster of `fixtures/tiny.json`, read back with the csv crate.

mod common;

use common::{fixture_json, hand_roster, instance_of, solve_checked};

fn records(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
    reader.records().map(|r| r.expect("record").iter().map(str::to_string).collect()).collect()
}

#[test]
fn one_row_per_assignment_and_per_agency_vacancy() {
    let instance = instance_of(&fixture_json("tiny.json"));
    let roster = solve_checked(&instance, None);
    let bytes = roster_report::csv::render(&roster, &instance).expect("csv");
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert_eq!(text.matches("\r\n").count(), 6, "CRLF after the header and 5 rows: {text}");
    assert_eq!(text.matches('\n').count(), 6, "no bare LF");

    let rows = records(&bytes);
    assert_eq!(rows[0], roster_report::csv::HEADER);
    let mut body: Vec<Vec<String>> = rows[1..].to_vec();
    body.sort();
    let expected: Vec<Vec<&str>> = vec![
        vec![
            "agency",
            "iva-tue-natt-iva-ssk",
            "",
            "lund-iva",
            "iva-ssk",
            "2026-01-13T21:15+01:00",
            "2026-01-14T07:15+01:00",
            "10",
            "1",
            "10",
            "no_competence",
        ],
        vec![
            "agency",
            "med-mon-dag-ssk",
            "",
            "lund-med",
            "ssk",
            "2026-01-12T07:00+01:00",
            "2026-01-12T16:00+01:00",
            "8.5",
            "1",
            "8.5",
            "blocked",
        ],
        vec![
            "agency",
            "med-tue-kvall-usk",
            "",
            "lund-med",
            "usk",
            "2026-01-13T13:00+01:00",
            "2026-01-13T21:30+01:00",
            "8",
            "1",
            "8",
            "blocked",
        ],
        vec![
            "assignment",
            "iva-wed-dag-usk",
            "erik",
            "lund-iva",
            "usk",
            "2026-01-14T07:00+01:00",
            "2026-01-14T16:00+01:00",
            "8.5",
            "",
            "",
            "",
        ],
        vec![
            "assignment",
            "med-mon-natt-ssk",
            "anna",
            "lund-med",
            "ssk",
            "2026-01-12T21:15+01:00",
            "2026-01-13T07:15+01:00",
            "10",
            "",
            "",
            "",
        ],
    ];
    assert_eq!(body, expected);
}

#[test]
fn a_hand_written_roster_is_completed_from_the_scenario_and_quoted() {
    let mut json = fixture_json("tiny.json");
    json["vacancies"][1]["id"] = "natt, \"mån\"".into();
    let instance = instance_of(&json);
    // Repeated pair: one row.
    let roster = hand_roster(&[("natt, \"mån\"", "anna"), ("natt, \"mån\"", "anna")]);
    let bytes = roster_report::csv::render(&roster, &instance).expect("csv");
    assert!(String::from_utf8_lossy(&bytes).contains("\"natt, \"\"mån\"\"\""), "RFC 4180 quoting");
    let rows = records(&bytes);
    let assignments: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "assignment").collect();
    assert_eq!(assignments.len(), 1);
    assert_eq!(
        assignments[0][1..8],
        ["natt, \"mån\"", "anna", "lund-med", "ssk", "2026-01-12T21:15+01:00", "2026-01-13T07:15+01:00", "10"]
    );
    // Without a solve report the agency lines are worked out: the other four vacancies, 35 h.
    let agency: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "agency").collect();
    assert_eq!(agency.len(), 4);
    let hours: f64 = agency.iter().map(|r| r[7].parse::<f64>().expect("hours")).sum();
    assert_eq!(hours, 35.0);
}

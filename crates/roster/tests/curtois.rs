//! The Curtois & Qu nurse-rostering benchmark (`shared/benchmarks/curtois`, described in its
//! README): an independent evaluator of benchmark rosters, and tests of the importer
//! (`roster::import::curtois`) and of the grid export (`roster::grid`).
//!
//! The evaluator ([`evaluate`]) parses the ORIGINAL instance text itself and shares no code with
//! the importer or the checker: given a staff × day grid of shift ids it checks every hard
//! constraint of the benchmark and computes the benchmark objective. Solve tests can turn a
//! roster into that grid with `roster::grid::grid` and [`grid_cells`], and compare the objective
//! with the published optima.
//!
//! The instances are read from `../../../shared/benchmarks/curtois` relative to this crate (the
//! `shared/` folder beside the checkout), or from `$ROSTER_CURTOIS_DIR`.

#![allow(dead_code)]

use proptest::prelude::*;
use roster::import::curtois::{self, CurtoisInstance};
use roster::rules::RuleKind;
use roster::{Instance, Roster, Scenario};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

// ---------------------------------------------------------------------------------------------
// The instances

/// The folder holding `Instance1.txt` … `Instance24.txt`.
fn benchmark_dir() -> PathBuf {
    match std::env::var_os("ROSTER_CURTOIS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/benchmarks/curtois"),
    }
}

/// The text of `InstanceN.txt`, exactly as stored (CRLF).
fn instance_text(n: usize) -> String {
    let path = benchmark_dir().join(format!("Instance{n}.txt"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Instance `n` parsed by the importer.
fn parsed(n: usize) -> CurtoisInstance {
    curtois::parse(&instance_text(n)).unwrap_or_else(|e| panic!("Instance{n}: {e}"))
}

/// Instance `n` imported and validated.
fn imported(n: usize) -> (Scenario, Instance) {
    let scenario = curtois::to_scenario(&parsed(n), &format!("Instance{n}"));
    let instance = Instance::from_scenario(&scenario)
        .unwrap_or_else(|e| panic!("Instance{n} does not validate: {}", describe(&e)));
    (scenario, instance)
}

fn describe(errors: &[roster::InputError]) -> String {
    errors.iter().take(5).map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

// ---------------------------------------------------------------------------------------------
// The independent evaluator

/// One employee's limits, as the file states them.
struct BenchStaff {
    id: String,
    max_shifts: HashMap<String, i64>,
    max_minutes: i64,
    min_minutes: i64,
    max_consecutive: i64,
    min_consecutive: i64,
    min_days_off: i64,
    max_weekends: i64,
    days_off: BTreeSet<usize>,
}

/// A benchmark instance read straight from its text (assumed well-formed: this is test code
/// for the stored instances and hand-written ones).
struct Bench {
    days: usize,
    /// `(id, minutes, ids that cannot follow)`.
    shifts: Vec<(String, i64, Vec<String>)>,
    staff: Vec<BenchStaff>,
    /// `(employee, day, shift, weight)`.
    on: Vec<(String, usize, String, i64)>,
    off: Vec<(String, usize, String, i64)>,
    /// `(day, shift, requirement, under, over)`.
    cover: Vec<(usize, String, i64, i64, i64)>,
}

fn int(text: &str) -> i64 {
    text.trim().parse().unwrap_or_else(|_| panic!("not an integer: {text:?}"))
}

fn bench(text: &str) -> Bench {
    let mut sections: HashMap<&str, Vec<Vec<&str>>> = HashMap::new();
    let mut current = "";
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with("SECTION_") {
            current = line;
            sections.entry(current).or_default();
        } else {
            sections.entry(current).or_default().push(line.split(',').map(str::trim).collect());
        }
    }
    let rows = |name: &str| sections.get(name).cloned().unwrap_or_default();
    let days = int(rows("SECTION_HORIZON")[0][0]) as usize;
    let shifts = rows("SECTION_SHIFTS")
        .iter()
        .map(|r| {
            let next = r[2].split('|').filter(|s| !s.is_empty()).map(str::to_string).collect();
            (r[0].to_string(), int(r[1]), next)
        })
        .collect();
    let mut staff: Vec<BenchStaff> = rows("SECTION_STAFF")
        .iter()
        .map(|r| BenchStaff {
            id: r[0].to_string(),
            max_shifts: r[1]
                .split('|')
                .filter(|s| !s.is_empty())
                .map(|e| {
                    let (s, m) = e.split_once('=').expect("ShiftID=max");
                    (s.to_string(), int(m))
                })
                .collect(),
            max_minutes: int(r[2]),
            min_minutes: int(r[3]),
            max_consecutive: int(r[4]),
            min_consecutive: int(r[5]),
            min_days_off: int(r[6]),
            max_weekends: int(r[7]),
            days_off: BTreeSet::new(),
        })
        .collect();
    for r in rows("SECTION_DAYS_OFF") {
        let who = staff.iter_mut().find(|s| s.id == r[0]).expect("known employee");
        who.days_off.extend(r[1..].iter().map(|d| int(d) as usize));
    }
    let requests =
        |name| rows(name).iter().map(|r| (r[0].to_string(), int(r[1]) as usize, r[2].to_string(), int(r[3]))).collect();
    let cover = rows("SECTION_COVER")
        .iter()
        .map(|r| (int(r[0]) as usize, r[1].to_string(), int(r[2]), int(r[3]), int(r[4])))
        .collect();
    Bench {
        days,
        shifts,
        staff,
        on: requests("SECTION_SHIFT_ON_REQUESTS"),
        off: requests("SECTION_SHIFT_OFF_REQUESTS"),
        cover,
    }
}

/// Maximal runs `(first, last)` of days `d` in `0..days` with `pred(d)`.
fn runs(days: usize, pred: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for d in 0..=days {
        match (d < days && pred(d), start) {
            (true, None) => start = Some(d),
            (false, Some(s)) => {
                out.push((s, d - 1));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Evaluates a benchmark roster: `grid[e][d]` is the shift id employee `e` (in file order)
/// works on day `d`, or `None` when off (a cell `"E+L"` means two shifts that day). Returns
/// every broken hard constraint as `"Rule: employee: detail"` (Rule one of `Grid`,
/// `UnknownShift`, `OneShiftPerDay`, `DaysOff`, `Rotation`, `MaxShifts`, `MaxTotalMinutes`,
/// `MinTotalMinutes`, `MaxConsecutiveShifts`, `MinConsecutiveShifts`, `MinConsecutiveDaysOff`,
/// `MaxWeekends`) and the benchmark objective: shift-on and shift-off request penalties plus
/// under- and over-cover penalties.
fn evaluate(instance_text: &str, grid: &[Vec<Option<String>>]) -> (Vec<String>, i64) {
    let b = bench(instance_text);
    let mut violations = Vec::new();
    if grid.len() != b.staff.len() {
        violations.push(format!("Grid: {} rows for {} employees", grid.len(), b.staff.len()));
    }
    let shift = |id: &str| b.shifts.iter().find(|s| s.0 == id);
    // worked[e][d]: the shift ids employee e works on day d.
    let mut worked: Vec<Vec<Vec<&str>>> = Vec::new();
    for (e, s) in b.staff.iter().enumerate() {
        let row = grid.get(e).map(Vec::as_slice).unwrap_or_default();
        if row.len() != b.days {
            violations.push(format!("Grid: {}: {} days for a horizon of {}", s.id, row.len(), b.days));
        }
        let cells: Vec<Vec<&str>> = (0..b.days)
            .map(|d| match row.get(d) {
                Some(Some(cell)) => cell.split('+').collect(),
                _ => Vec::new(),
            })
            .collect();
        for (d, cell) in cells.iter().enumerate() {
            if cell.len() > 1 {
                violations.push(format!("OneShiftPerDay: {}: {} shifts on day {d}", s.id, cell.len()));
            }
            for id in cell {
                if shift(id).is_none() {
                    violations.push(format!("UnknownShift: {}: {id:?} on day {d}", s.id));
                }
            }
            if !cell.is_empty() && s.days_off.contains(&d) {
                violations.push(format!("DaysOff: {}: works on day off {d}", s.id));
            }
        }
        // The day after the horizon is off: only pairs inside it are checked.
        for d in 1..b.days {
            for first in &cells[d - 1] {
                let Some((_, _, next)) = shift(first) else { continue };
                for second in &cells[d] {
                    if next.iter().any(|n| n == second) {
                        violations.push(format!("Rotation: {}: {second} on day {d} follows {first}", s.id));
                    }
                }
            }
        }
        for (id, most) in &s.max_shifts {
            let count = cells.iter().flatten().filter(|x| *x == id).count() as i64;
            if count > *most {
                violations.push(format!("MaxShifts: {}: {count} shifts of {id}, at most {most}", s.id));
            }
        }
        let minutes: i64 = cells.iter().flatten().filter_map(|id| shift(id)).map(|s| s.1).sum();
        if minutes > s.max_minutes {
            violations.push(format!("MaxTotalMinutes: {}: {minutes} minutes, at most {}", s.id, s.max_minutes));
        }
        if minutes < s.min_minutes {
            violations.push(format!("MinTotalMinutes: {}: {minutes} minutes, at least {}", s.id, s.min_minutes));
        }
        let last = b.days - 1;
        for (a, z) in runs(b.days, |d| !cells[d].is_empty()) {
            let len = (z - a + 1) as i64;
            // Days outside the horizon are off: every run counts for the maximum.
            if len > s.max_consecutive {
                violations.push(format!(
                    "MaxConsecutiveShifts: {}: days {a}-{z} ({len}), at most {}",
                    s.id, s.max_consecutive
                ));
            }
            // Infinite runs of shifts are assumed outside: runs touching an edge are exempt.
            if a > 0 && z < last && len < s.min_consecutive {
                violations.push(format!(
                    "MinConsecutiveShifts: {}: days {a}-{z} ({len}), at least {}",
                    s.id, s.min_consecutive
                ));
            }
        }
        for (a, z) in runs(b.days, |d| cells[d].is_empty()) {
            let len = (z - a + 1) as i64;
            if a > 0 && z < last && len < s.min_days_off {
                violations.push(format!(
                    "MinConsecutiveDaysOff: {}: days {a}-{z} ({len}), at least {}",
                    s.id, s.min_days_off
                ));
            }
        }
        let weekends = (0..=b.days / 7)
            .filter(|w| [7 * w + 5, 7 * w + 6].iter().any(|&d| d < b.days && !cells[d].is_empty()))
            .count() as i64;
        if weekends > s.max_weekends {
            violations.push(format!("MaxWeekends: {}: {weekends} weekends, at most {}", s.id, s.max_weekends));
        }
        worked.push(cells);
    }
    let works = |employee: &str, day: usize, id: &str| {
        let e = b.staff.iter().position(|s| s.id == employee).expect("known employee");
        worked[e][day].contains(&id)
    };
    let mut objective = 0;
    for (employee, day, id, weight) in &b.on {
        if !works(employee, *day, id) {
            objective += weight;
        }
    }
    for (employee, day, id, weight) in &b.off {
        if works(employee, *day, id) {
            objective += weight;
        }
    }
    for (day, id, requirement, under, over) in &b.cover {
        let x = worked.iter().filter(|cells| cells[*day].contains(&id.as_str())).count() as i64;
        objective += (requirement - x).max(0) * under + (x - requirement).max(0) * over;
    }
    (violations, objective)
}

/// Turns the text of `roster::grid::grid` into the evaluator's grid, rows in the instance's
/// employee order (panics when an employee has no row).
fn grid_cells(grid_text: &str, instance_text: &str) -> Vec<Vec<Option<String>>> {
    let rows: HashMap<&str, Vec<Option<String>>> = grid_text
        .lines()
        .map(|line| {
            let mut fields = line.split('\t');
            let id = fields.next().unwrap_or_default();
            (id, fields.map(|f| (!f.is_empty()).then(|| f.to_string())).collect())
        })
        .collect();
    bench(instance_text)
        .staff
        .iter()
        .map(|s| rows.get(s.id.as_str()).cloned().unwrap_or_else(|| panic!("no grid row for {}", s.id)))
        .collect()
}

/// A grid from one string per employee, one character per day: `.` off, else the shift id.
fn pattern(rows: &[&str]) -> Vec<Vec<Option<String>>> {
    rows.iter().map(|r| r.chars().map(|c| (c != '.').then(|| c.to_string())).collect()).collect()
}

/// The rule names of evaluator violations, sorted and deduplicated.
fn rules_of(violations: &[String]) -> Vec<&str> {
    let set: BTreeSet<&str> = violations.iter().map(|v| v.split(':').next().unwrap_or_default()).collect();
    set.into_iter().collect()
}

/// A roster assigning each worked cell of `grid` to the imported vacancy `d{day}-{shift}`.
fn roster_of(scenario: &Scenario, grid: &[Vec<Option<String>>]) -> Roster {
    let mut assignments = Vec::new();
    for (staff, row) in scenario.staff.iter().zip(grid) {
        for (day, cell) in row.iter().enumerate() {
            if let Some(shift) = cell {
                assignments.push(serde_json::json!({"vacancy": format!("d{day}-{shift}"), "staff": staff.id}));
            }
        }
    }
    serde_json::from_value(serde_json::json!({"format_version": 1, "assignments": assignments})).expect("roster")
}

// ---------------------------------------------------------------------------------------------
// The evaluator on hand-made rosters

/// Instance1: 14 days (0 = Monday; weekends 5-6 and 12-13), one shift type D (480 min), staff
/// A-H each with MaxTotalMinutes 4320 (9 shifts), MinTotalMinutes 3360 (7 shifts), at most 5
/// and (away from the edges) at least 2 consecutive shifts, at least 2 days off in a row, at
/// most 1 weekend. Days off: A0 B5 C8 D2 E9 F5 G1 H7.
///
/// A feasible roster:
/// ```text
///      day 0123456789ABCD   shifts  weekends
///   A      .DDDDD..DDD...   8       1 (5)
///   B      DDDDD..DDD....   8       0
///   C      DDDDD....DDD..   8       0
///   D      DD..DDD..DDD..   8       1 (5,6)
///   E      DDDD...DD..DDD   9       1 (12,13)
///   F      .DDDD..DDDD...   8       0
///   G      ..DDDDD..DDD..   8       1 (5,6)
///   H      DDDDD...DDDD..   9       0
/// ```
/// Cover (worked / required, penalty): d0 5/5 0, d1 7/7 0, d2 7/6 +1, d3 7/4 +3, d4 7/5 +2,
/// d5 3/5 +200, d6 2/5 +300, d7 3/6 +300, d8 5/7 +200, d9 7/4 +3, d10 6/2 +4, d11 5/5 0,
/// d12 1/6 +500, d13 1/4 +300: 13 over + 1800 under = 1813.
/// On requests missed: D day 8 (2), F day 0 (2), H days 12 and 13 (1 + 1) = 6.
/// Off requests broken: F day 8 (3), H days 2 and 3 (3 + 3) = 9.
/// Objective 1813 + 6 + 9 = 1828.
const INSTANCE1_FEASIBLE: [&str; 8] = [
    ".DDDDD..DDD...",
    "DDDDD..DDD....",
    "DDDDD....DDD..",
    "DD..DDD..DDD..",
    "DDDD...DD..DDD",
    ".DDDD..DDDD...",
    "..DDDDD..DDD..",
    "DDDDD...DDDD..",
];

#[test]
fn evaluator_hand_made_feasible_roster_of_instance1() {
    let (violations, objective) = evaluate(&instance_text(1), &pattern(&INSTANCE1_FEASIBLE));
    assert!(violations.is_empty(), "{violations:#?}");
    assert_eq!(objective, 1828);
}

/// Everyone off in Instance1: all cover is missing, 5+7+6+4+5+5+5+6+7+4+2+5+6+4 = 71 people
/// at 100 = 7100, plus every on request: A 2+2, B 5x3, C 5x1, D 2+2, F 2+2, H 5x1 = 37; no
/// off request is broken. Objective 7137. Hard rules: nobody reaches MinTotalMinutes (8
/// violations); the single run of days off touches both edges, so nothing else.
#[test]
fn evaluator_all_off_roster_of_instance1() {
    let grid = vec![vec![None; 14]; 8];
    let (violations, objective) = evaluate(&instance_text(1), &grid);
    assert_eq!(objective, 7137);
    assert_eq!(violations.len(), 8, "{violations:#?}");
    assert!(violations.iter().all(|v| v.starts_with("MinTotalMinutes: ")), "{violations:#?}");
}

/// A one-employee instance with every kind of limit, for the evaluator's rule tests. Shifts:
/// E 480, L 600 (E may not follow), N 720 (E and L may not follow). X: at most 2 N, 960 to 3000
/// minutes, at most 4 and at least 2 consecutive shifts, at least 2 days off, 1 weekend, day 3
/// off. Cover: day 0 E 1, day 1 L 1, day 4 E 0 (over costs 5).
const TINY: &str = "SECTION_HORIZON\n14\n\nSECTION_SHIFTS\nE,480,\nL,600,E\nN,720,E|L\n\n\
SECTION_STAFF\nX,E=14|L=14|N=2,3000,960,4,2,2,1\n\nSECTION_DAYS_OFF\nX,3\n\n\
SECTION_SHIFT_ON_REQUESTS\nX,0,E,2\n\nSECTION_SHIFT_OFF_REQUESTS\nX,1,L,3\n\n\
SECTION_COVER\n0,E,1,100,1\n1,L,1,100,1\n4,E,0,100,5\n";

#[test]
fn evaluator_finds_each_hard_rule() {
    let cases: [(&str, &[&str]); 18] = [
        // 5 E: runs 0-1 (edge) and 4-6, days off 2-3, weekend 5-6.
        ("EE..EEE.......", &[]),
        ("LE..EEE.......", &["Rotation"]),
        ("NL..EEE.......", &["Rotation"]),
        (".............N", &["MinTotalMinutes"]),
        ("....NNN.......", &["MaxShifts"]),
        ("LL..LLL.......", &[]), // exactly 3000 minutes
        ("LL..LLN.......", &["MaxTotalMinutes"]),
        ("EE............", &[]), // exactly 960 minutes
        ("E.............", &["MinTotalMinutes"]),
        (".........EEEEE", &["MaxConsecutiveShifts"]), // days after the horizon are off
        ("EE..E..EE.....", &["MinConsecutiveShifts"]),
        ("E............E", &[]), // runs at the edges are exempt
        ("EE..EE.EE.....", &["MinConsecutiveDaysOff"]),
        (".EE..EE.......", &[]), // days off at the edges are exempt
        ("EE...EE....EE.", &["MaxWeekends"]),
        (".EEE..........", &["DaysOff"]),
        ("EE..EEQ.......", &["UnknownShift"]),
        ("..............", &["MinTotalMinutes"]),
    ];
    for (row, expected) in cases {
        let (violations, _) = evaluate(TINY, &pattern(&[row]));
        assert_eq!(rules_of(&violations), expected, "{row}: {violations:#?}");
    }
    let mut two = pattern(&["EE..EEE......."]);
    two[0][6] = Some("E+L".to_string());
    assert_eq!(rules_of(&evaluate(TINY, &two).0), ["OneShiftPerDay"]);
    assert_eq!(rules_of(&evaluate(TINY, &[]).0), ["Grid", "MinTotalMinutes"]);
}

#[test]
fn evaluator_objective_on_the_tiny_instance() {
    // Day 1 L is 1 short (100), day 4 has one E too many (5); both requests are met.
    assert_eq!(evaluate(TINY, &pattern(&["EE..EEE......."])).1, 105);
    // Also the on request for E on day 0 is missed (2) and day 0 E is short (100).
    assert_eq!(evaluate(TINY, &pattern(&["LE..EEE......."])).1, 207);
    // Day 0 E is missed (on request 2, cover 100), the off request for L on day 1 is broken
    // (3); day 1 L is covered and nobody works E on day 4.
    assert_eq!(evaluate(TINY, &pattern(&["LL..LLL......."])).1, 2 + 100 + 3);
}

// ---------------------------------------------------------------------------------------------
// The imported scenario agrees with the evaluator

/// The evaluator's rule names as the checker's rule kinds.
fn rule_kind(rule: &str) -> RuleKind {
    match rule {
        "OneShiftPerDay" => RuleKind::MaxShiftsPerDay,
        "DaysOff" => RuleKind::Availability,
        "Rotation" => RuleKind::ShiftSuccession,
        "MaxShifts" => RuleKind::MaxShiftsByType,
        "MaxTotalMinutes" => RuleKind::MaxHours,
        "MinTotalMinutes" => RuleKind::MinHours,
        "MaxConsecutiveShifts" => RuleKind::MaxConsecutiveDays,
        "MinConsecutiveShifts" => RuleKind::MinConsecutiveDays,
        "MinConsecutiveDaysOff" => RuleKind::MinConsecutiveDaysOff,
        "MaxWeekends" => RuleKind::MaxWeekends,
        other => panic!("no rule kind for {other}"),
    }
}

/// Checks `grid` with the evaluator on `text` and with the library's checker on the imported
/// scenario: the same (employee, rule) pairs must be broken and the objectives must agree.
fn assert_agree(text: &str, grid: &[Vec<Option<String>>]) {
    let scenario = curtois::to_scenario(&curtois::parse(text).expect("parses"), "agree");
    let instance = Instance::from_scenario(&scenario).expect("valid");
    let roster = roster_of(&scenario, grid);
    let (violations, objective) = evaluate(text, grid);
    let expected: BTreeSet<(String, RuleKind)> = violations
        .iter()
        .map(|v| {
            let mut parts = v.splitn(3, ": ");
            let rule = rule_kind(parts.next().unwrap_or_default());
            (parts.next().unwrap_or_default().to_string(), rule)
        })
        .collect();
    let found: BTreeSet<(String, RuleKind)> =
        roster::check(&instance, &roster).into_iter().map(|v| (v.staff.unwrap_or_default(), v.rule)).collect();
    assert_eq!(found, expected, "{violations:#?}");
    assert_eq!(roster::check::objective(&instance, &roster), objective as f64);
}

#[test]
fn checker_agrees_with_the_evaluator_on_hand_made_rosters() {
    assert_agree(&instance_text(1), &pattern(&INSTANCE1_FEASIBLE));
    assert_agree(&instance_text(1), &vec![vec![None; 14]; 8]);
    for row in [
        "EE..EEE.......",
        "LE..EEE.......",
        "NL..EEE.......",
        "....NNN.......",
        "LL..LLN.......",
        "E.............",
        ".........EEEEE",
        "EE..E..EE.....",
        "E............E",
        "EE..EE.EE.....",
        ".EE..EE.......",
        "EE...EE....EE.",
        ".EEE..........",
    ] {
        assert_agree(TINY, &pattern(&[row]));
    }
}

/// A random grid for `text`: each cell off, or a random shift, from a simple generator.
fn random_grid(text: &str, seed: u64, work_percent: u64) -> Vec<Vec<Option<String>>> {
    let b = bench(text);
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..b.staff.len())
        .map(|_| {
            (0..b.days)
                .map(|_| (next() % 100 < work_percent).then(|| b.shifts[(next() as usize) % b.shifts.len()].0.clone()))
                .collect()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// On random rosters of Instance1-15 the library's checker, on the imported scenario, breaks
    /// exactly the rules the evaluator breaks and computes the benchmark objective.
    #[test]
    fn checker_agrees_with_the_evaluator_on_random_rosters(n in 1usize..=15, seed in any::<u64>(), work in 30u64..=90) {
        let text = instance_text(n);
        assert_agree(&text, &random_grid(&text, seed, work));
    }
}

// ---------------------------------------------------------------------------------------------
// Grid export

#[test]
fn grid_of_the_hand_made_roster_round_trips() {
    let (scenario, instance) = imported(1);
    let grid = pattern(&INSTANCE1_FEASIBLE);
    let text = roster::grid::grid(&instance, &roster_of(&scenario, &grid)).expect("grid");
    assert_eq!(text.lines().next(), Some("A\t\tD\tD\tD\tD\tD\t\t\tD\tD\tD\t\t\t"));
    assert!(text.lines().all(|l| l.split('\t').count() == 15), "{text}");
    assert_eq!(grid_cells(&text, &instance_text(1)), grid);
    let empty = roster::grid::grid(&instance, &Roster::default()).expect("grid");
    assert_eq!(empty, "ABCDEFGH".chars().map(|c| format!("{c}{}\n", "\t".repeat(14))).collect::<String>());
}

// ---------------------------------------------------------------------------------------------
// The importer

/// The README's size table: (instance, days, staff, shift types, days-off entries, on
/// requests, off requests).
const SIZES: [(usize, usize, usize, usize, usize, usize, usize); 24] = [
    (1, 14, 8, 1, 8, 21, 5),
    (2, 14, 14, 2, 14, 50, 12),
    (3, 14, 20, 3, 20, 39, 25),
    (4, 28, 10, 2, 20, 52, 19),
    (5, 28, 16, 2, 32, 79, 27),
    (6, 28, 18, 3, 36, 87, 48),
    (7, 28, 20, 3, 40, 104, 64),
    (8, 28, 30, 4, 60, 139, 86),
    (9, 28, 36, 4, 72, 144, 88),
    (10, 28, 40, 5, 80, 210, 74),
    (11, 28, 50, 6, 100, 197, 139),
    (12, 28, 60, 10, 120, 294, 128),
    (13, 28, 120, 18, 240, 589, 252),
    (14, 42, 32, 4, 128, 266, 93),
    (15, 42, 45, 6, 180, 350, 140),
    (16, 56, 20, 3, 120, 177, 103),
    (17, 56, 32, 4, 160, 351, 129),
    (18, 84, 22, 3, 176, 322, 92),
    (19, 84, 40, 5, 320, 587, 247),
    (20, 182, 50, 6, 900, 1665, 653),
    (21, 182, 100, 8, 1800, 3210, 1492),
    (22, 364, 50, 10, 1800, 3253, 1385),
    (23, 364, 100, 16, 3600, 6549, 2861),
    (24, 364, 150, 32, 5400, 9540, 4269),
];

#[test]
fn all_24_instances_import_validate_and_match_the_readme_sizes() {
    for (n, days, staff, types, days_off, on, off) in SIZES {
        let (scenario, instance) = imported(n);
        let requests = |kind| scenario.staff.iter().flat_map(|s| &s.requests).filter(|r| r.kind == kind).count();
        let got = (
            instance.days as usize,
            scenario.staff.len(),
            scenario.shift_types.len(),
            scenario.staff.iter().map(|s| s.unavailable.len()).sum::<usize>(),
            requests(roster::scenario::RequestKind::On),
            requests(roster::scenario::RequestKind::Off),
        );
        assert_eq!(got, (days, staff, types, days_off, on, off), "Instance{n}");
        assert_eq!(scenario.vacancies.len(), days * types, "Instance{n}");
        assert_eq!(instance.vacancies.len(), days * types, "Instance{n}");
        // Every cover row of the file (one per day and shift type) became a vacancy.
        assert_eq!(parsed(n).cover.len(), days * types, "Instance{n}");
    }
}

#[test]
fn instance3_maps_field_by_field() {
    let (scenario, instance) = imported(3);
    let json = serde_json::to_value(&scenario).expect("json");
    assert_eq!(json["time_zone"], "UTC");
    assert_eq!(json["horizon"], serde_json::json!({"start": "2024-01-01", "end": "2024-01-15"}));
    assert_eq!(json["rules"], serde_json::json!({"preset": "none", "max_shifts_per_day": 1}));
    assert_eq!(
        json["objective"],
        serde_json::json!({"overtime_per_hour": 0.0, "fairness_per_hour": 0.0, "preference": 0.0, "change_per_shift": 100.0})
    );
    assert_eq!(json["shift_types"][2]["id"], "L");
    assert_eq!(json["shift_types"][2]["cannot_be_followed_by"], serde_json::json!(["E", "D"]));
    // A,E=14|D=14|L=0,4320,3360,5,2,2,1 with day 0 off.
    let a = &json["staff"][0];
    assert_eq!(a["id"], "A");
    assert_eq!(a["max_shifts_by_type"], serde_json::json!({"D": 14, "E": 14, "L": 0}));
    assert_eq!((a["max_hours"].as_f64(), a["min_hours"].as_f64()), (Some(72.0), Some(56.0)));
    assert_eq!(
        a["rules"],
        serde_json::json!({"max_consecutive_days": 5, "min_consecutive_days": 2, "min_consecutive_days_off": 2, "max_weekends": 1})
    );
    assert_eq!(a["unavailable"][0]["start"], "2024-01-01T00:00");
    assert_eq!(a["unavailable"][0]["end"], "2024-01-02T00:00");
    // Vacancy d0-E: 00:00 of day 0 for 480 minutes.
    let v = &json["vacancies"][0];
    assert_eq!(v["id"], "d0-E");
    assert_eq!((v["start"].as_str(), v["end"].as_str()), (Some("2024-01-01T00:00"), Some("2024-01-01T08:00")));
    assert_eq!(v["over_cover"], serde_json::json!({"cost_per_person": 1.0}));
    assert_eq!(v["cost_per_uncovered"], 100.0);
    assert_eq!(instance.vacancies[0].shift.paid_hours, 8.0);
    // The first shift-on request of the file, A,1,D,1 ... whatever it is, it is carried over.
    let first = &parsed(3).shift_on_requests[0];
    let staff = scenario.staff.iter().find(|s| s.id == first.employee).expect("employee");
    assert!(staff.requests.iter().any(|r| r.kind == roster::scenario::RequestKind::On
        && r.shift_type.as_deref() == Some(first.shift.as_str())
        && r.weight == f64::from(first.weight)
        && (r.date - curtois::start_date()).num_days() == first.day as i64));
}

#[test]
fn crlf_and_lf_give_identical_scenarios() {
    for n in [1, 3, 12] {
        let crlf = instance_text(n);
        assert!(crlf.contains("\r\n"));
        let lf = crlf.replace("\r\n", "\n");
        let a = serde_json::to_value(curtois::to_scenario(&curtois::parse(&crlf).expect("crlf"), "x")).expect("json");
        let b = serde_json::to_value(curtois::to_scenario(&curtois::parse(&lf).expect("lf"), "x")).expect("json");
        assert_eq!(a, b, "Instance{n}");
    }
}

/// The 1-based number of the first line of `text` equal to `line` (after dropping `\r`).
fn line_of(text: &str, line: &str) -> usize {
    text.split('\n').position(|l| l.trim_end_matches('\r') == line).expect("line present") + 1
}

#[test]
fn malformed_instances_report_the_line() {
    let text = instance_text(1);

    // A missing section: the error is at the header that came instead.
    let start = text.find("SECTION_DAYS_OFF").expect("section");
    let end = text.find("SECTION_SHIFT_ON_REQUESTS").expect("section");
    let missing = format!("{}{}", &text[..start], &text[end..]);
    let err = curtois::parse(&missing).expect_err("missing section");
    assert_eq!(err.line, line_of(&missing, "SECTION_SHIFT_ON_REQUESTS"), "{err}");
    assert!(err.message.contains("expected SECTION_DAYS_OFF"), "{err}");

    // A bad number (line 13 is staff A).
    let bad = text.replacen("A,D=14,4320,", "A,D=14,43x0,", 1);
    let err = curtois::parse(&bad).expect_err("bad number");
    assert_eq!(err.line, 13, "{err}");
    assert!(err.message.contains("MaxTotalMinutes") && err.message.contains("\"43x0\""), "{err}");

    // An unknown shift id in a shift-on request.
    let unknown = text.replacen("\nB,2,D,3\r", "\nB,2,Q,3\r", 1);
    let err = curtois::parse(&unknown).expect_err("unknown shift");
    assert_eq!(err.line, line_of(&text, "B,2,D,3"), "{err}");
    assert!(err.message.contains("unknown shift id \"Q\""), "{err}");

    // An unknown employee, a day out of range, a wrong field count.
    let err = curtois::parse(&text.replacen("\nC,12,D,1\r", "\nZ,12,D,1\r", 1)).expect_err("employee");
    assert_eq!(err.line, line_of(&text, "C,12,D,1"), "{err}");
    assert!(err.message.contains("unknown employee id \"Z\""), "{err}");
    let err = curtois::parse(&text.replacen("\n13,D,4,100,1\r", "\n14,D,4,100,1\r", 1)).expect_err("day");
    assert_eq!(err.line, line_of(&text, "13,D,4,100,1"), "{err}");
    assert!(err.message.contains("0 to 13"), "{err}");
    let err = curtois::parse(&text.replacen("\nH,D=14,", "\nH,D=14,4320,", 1)).expect_err("fields");
    assert_eq!(err.line, 20, "{err}");
    assert!(err.message.contains("expected 8 comma-separated fields"), "{err}");

    // Truncated in the middle of a line.
    let cut = text.find("A,3,D,2").expect("row") + "A,3,D".len();
    let err = curtois::parse(&text[..cut]).expect_err("truncated row");
    assert_eq!(err.line, line_of(&text, "A,3,D,2"), "{err}");
    assert!(err.message.contains("expected 4 comma-separated fields"), "{err}");

    // Truncated between sections: the end of the file is one past the last line.
    let truncated = &text[..text.find("SECTION_COVER").expect("section")];
    let err = curtois::parse(truncated).expect_err("truncated file");
    assert_eq!(err.line, truncated.lines().count() + 1, "{err}");
    assert!(err.message.contains("expected SECTION_COVER, found the end of the file"), "{err}");

    // Something after the last section.
    let err = curtois::parse(&format!("{text}SECTION_EXTRA\r\n")).expect_err("extra");
    assert_eq!(err.line, text.lines().count() + 1, "{err}");
    assert_eq!(err.to_string(), format!("line {}: {}", err.line, err.message));
}

/// One edit of a text: replace, insert or delete the byte at a position.
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, char),
    Insert(usize, char),
    Delete(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let c = prop::sample::select(vec!['\n', '\r', ',', '|', '=', '#', ' ', '-', '0', '1', '9', 'D', 'Q', 'S', '_']);
    prop_oneof![
        (any::<usize>(), c.clone()).prop_map(|(i, c)| Edit::Replace(i, c)),
        (any::<usize>(), c).prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<usize>().prop_map(Edit::Delete),
    ]
}

/// Parses `text`: never panics; an error names a line of the text (or one past its end); a
/// parsed instance always imports into a valid scenario.
fn parse_is_total(text: &str) -> Result<(), TestCaseError> {
    match curtois::parse(text) {
        Ok(parsed) => {
            let scenario = curtois::to_scenario(&parsed, "mutant");
            let valid = Instance::from_scenario(&scenario);
            prop_assert!(valid.is_ok(), "parsed but invalid: {}", describe(&valid.err().unwrap_or_default()));
        }
        Err(e) => {
            prop_assert!(e.line >= 1 && e.line <= text.split('\n').count(), "line {} of {:?}", e.line, text);
            prop_assert!(!e.message.is_empty());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_truncation_parses_or_fails_cleanly(cut in any::<prop::sample::Index>(), lf in any::<bool>()) {
        let mut text = instance_text(1);
        if lf {
            text = text.replace("\r\n", "\n");
        }
        let cut = cut.index(text.len() + 1);
        parse_is_total(&text[..cut])?;
    }

    #[test]
    fn any_mutation_parses_or_fails_cleanly(edits in prop::collection::vec(edit(), 1..8), n in 1usize..=3) {
        let mut text = instance_text(n).into_bytes();
        for e in edits {
            let len = text.len().max(1);
            match e {
                Edit::Replace(i, c) if !text.is_empty() => text[i % len] = c as u8,
                Edit::Insert(i, c) => text.insert(i % (text.len() + 1), c as u8),
                Edit::Delete(i) if !text.is_empty() => {
                    text.remove(i % len);
                }
                _ => {}
            }
        }
        parse_is_total(&String::from_utf8(text).expect("ascii"))?;
    }
}

#[test]
fn instances_1_to_3_and_5_solve_to_their_published_optima() {
    // Published optimal values (Curtois & Qu; LB = UB in ../shared/benchmarks/curtois/README.md):
    // Instance1 607, Instance2 828, Instance3 1001, Instance5 1143. Our solve must prove each one
    // optimal, our checker must accept the roster, and the benchmark's own rules, applied by the
    // independent evaluator above to the exported grid, must find no violation and the same
    // objective. Instance 5 needs branch-and-price (its Dantzig-Wolfe bound is 1141), which runs
    // without a time limit because every person's rules are day-shaped.
    for (n, published) in [(1, 607), (2, 828), (3, 1001), (5, 1143)] {
        let text = instance_text(n);
        let (_, instance) = imported(n);
        let options = roster::SolveOptions { threads: 2, ..roster::SolveOptions::default() };
        let outcome = roster::solve(&instance, &options).unwrap_or_else(|e| panic!("Instance{n}: {e}"));
        assert_eq!(outcome.report.status, roster::roster::SolveStatus::Optimal, "Instance{n}: {:?}", outcome.report);
        assert!((outcome.report.objective - published as f64).abs() < 1e-6, "Instance{n}: {:?}", outcome.report);
        let violations = roster::check(&instance, &outcome.roster);
        assert!(violations.is_empty(), "Instance{n}: checker: {violations:#?}");
        let grid = roster::grid::grid(&instance, &outcome.roster).unwrap();
        let (broken, objective) = evaluate(&text, &grid_cells(&grid, &text));
        assert!(broken.is_empty(), "Instance{n}: benchmark rules broken: {broken:#?}");
        assert_eq!(objective, published, "Instance{n}: benchmark objective of the exported grid");
    }
}

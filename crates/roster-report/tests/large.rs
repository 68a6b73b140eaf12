//! A report of a large pool stays small enough for a browser: 400 staff over 6 weeks
//! (`roster generate --staff 400 --weeks 6 --seed 1`) with a quick greedy roster.
//! Prints the size and render time (no timing assertion).

mod common;

use common::greedy_roster;
use roster::generate::{generate, GenerateOptions};

#[test]
fn four_hundred_staff_six_weeks_render_to_a_few_megabytes() {
    let scenario = generate(&GenerateOptions { staff: 400, weeks: 6, seed: 1, ..Default::default() });
    let instance = roster::Instance::from_scenario(&scenario).expect("valid");
    let roster = greedy_roster(&instance);
    assert!(roster.assignments.len() > 1000, "the greedy roster covers something: {}", roster.assignments.len());

    let started = std::time::Instant::now();
    let html = roster_report::html::report(&instance, &roster).expect("report");
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "400 staff x 6 weeks: {} vacancies, {} assignments, report {} bytes, rendered (checker included) in {seconds:.2} s",
        instance.vacancies.len(),
        roster.assignments.len(),
        html.len()
    );
    assert!(html.len() < 6_000_000, "report of {} bytes", html.len());

    // One grid row per staff member, 42 day cells in each, one filled cell per assignment
    // (the greedy roster gives nobody two shifts on a day) and no per-cell style.
    let grid = html.split("<table id=\"roster-grid\"").nth(1).expect("grid").split("</table>").next().expect("grid");
    let body = grid.split("<tbody>").nth(1).expect("body");
    assert_eq!(body.matches("<tr>").count(), 400);
    assert_eq!(body.matches("<td").count(), 400 * 42);
    assert_eq!(body.matches("<td class=\"u").count(), roster.assignments.len());
    assert!(!html.contains("style=\""), "no inline styles");
    let violations = usize::from(html.contains("<table id=\"violations\""));
    assert_eq!(html.matches("<table").count(), 4 + violations, "grid, hours, coverage, agency list (+ violations)");
}

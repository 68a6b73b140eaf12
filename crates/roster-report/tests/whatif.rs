//! The what-if page and section on the hand-worked fixture `whatif-three-shifts.json` (three
//! simultaneous 8-hour rn shifts, one rn in the pool, rn hires at 4 each over the one-week
//! horizon, agency price 1): 0 to 3 hires leave 16, 8, 0, 0 agency hours at total costs 16, 12,
//! 8, 12, so each of the first two hires saves 8 h, the third nothing; the break-even is 2 hires,
//! also the cheapest point. The sweep is run by `roster_whatif` (which checks every roster with
//! `roster::check`); the results go through JSON and `parse_results` as a file would. Also:
//! partial results (a shard, a point not proven optimal), refused files, escaping.

mod common;

use common::{fixture, instance_of, solve_checked, three_shifts_sweep as sweep};
use roster_report::html::{report_with_whatif, whatif_page};
use roster_report::whatif::parse_results;
use roster_whatif::{Shard, SweepResults};
use std::path::Path;

/// Results parsed from `json` as if read from a file.
fn parse(json: &serde_json::Value) -> Result<SweepResults, String> {
    parse_results(Path::new("results.json"), &json.to_string()).map_err(|e| e.to_string())
}

/// The `<tr>` of `table_id` whose first cell's first word is `first`, or a failure.
fn row_of<'a>(page: &'a str, table_id: &str, first: &str) -> &'a str {
    let table = &page[page.find(&format!("id=\"{table_id}\"")).expect("table")..];
    let table = &table[..table.find("</table>").expect("end of table")];
    table
        .split("<tr")
        .find(|row| cells(row).first().and_then(|cell| cell.split_whitespace().next()) == Some(first))
        .unwrap_or_else(|| panic!("no row {first} in {table_id}: {table}"))
}

/// The cells of a row, tags removed.
fn cells(row: &str) -> Vec<String> {
    row.split("<td").skip(1).map(|cell| strip_tags(&format!("<td{cell}"))).collect()
}

fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => text.push(c),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[test]
fn the_page_shows_the_hand_worked_sweep() {
    let results = parse(&sweep(None)).expect("results");
    let page = whatif_page(&results);

    // Along the axis: count, point, agency h, agency cost, hire cost, total cost, h saved per
    // hire, cost saved per hire, pays?, status, gap.
    let along = |count: &str| cells(row_of(&page, "whatif-axis-0", count));
    assert_eq!(along("0"), ["0", "0", "16", "16", "0", "16", "", "", "", "optimal", "0%"]);
    assert_eq!(along("1"), ["1", "1", "8", "8", "4", "12", "8", "8", "yes", "optimal", "0%"]);
    assert_eq!(along("2"), ["2 cheapest break-even", "2", "0", "0", "8", "8", "8", "8", "yes", "optimal", "0%"]);
    assert_eq!(along("3"), ["3", "3", "0", "0", "12", "12", "0", "0", "no", "optimal", "0%"]);

    // Every point: point, add_rn, staff, staff rn, staff usk, agency h, agency cost, hire cost,
    // total, pool h used, idle h (80 contracted hours of anna and ulf plus 40 per hire, minus
    // hours worked), overtime, status, gap, h saved.
    let point = |n: &str| cells(row_of(&page, "whatif-table", n));
    assert_eq!(point("0"), ["0", "0", "2", "1", "1", "16", "16", "0", "16", "8", "72", "0", "optimal", "0%", ""]);
    assert_eq!(point("1"), ["1", "1", "3", "2", "1", "8", "8", "4", "12", "16", "104", "0", "optimal", "0%", "8"]);
    assert_eq!(
        point("2"),
        ["2 cheapest break-even", "2", "4", "3", "1", "0", "0", "8", "8", "24", "136", "0", "optimal", "0%", "8"]
    );
    assert_eq!(point("3"), ["3", "3", "5", "4", "1", "0", "0", "12", "12", "24", "176", "0", "optimal", "0%", "0"]);
    assert_eq!(page.matches("class=\"cheapest\"").count(), 2, "the cheapest row in both tables");

    assert!(page.contains(
        "<div class=\"card\" id=\"whatif-cheapest\"><div class=\"label\">Cheapest point</div><div class=\"value\">\
         add_rn=2</div><div class=\"note\">total cost 8: agency 0 for 0 h, hires 8</div></div>"
    ));
    assert!(page.contains(
        "<div class=\"card\" id=\"whatif-break-even-0\"><div class=\"label\">Break-even add_rn</div>\
         <div class=\"value\">2</div><div class=\"note\">the next hire would save less than its cost of 4</div></div>"
    ));
    assert!(page.contains("add_rn: 0, 1, 2, 3 hires of profile rn, 4 each"));
    assert!(page.contains("All 4 points of the grid have a result."));
    assert!(page.contains("Every point with figures was solved to proven optimality."));
    assert!(!page.contains("not proven</span>"));
    // The chart, inline, with its break-even label; no scenario or roster sections.
    let chart = &page[page.find("<figure class=\"whatif\" id=\"whatif-chart\">").expect("chart")..];
    assert!(chart.contains("<svg") && chart.contains("break-even add_rn=2"));
    assert!(!page.contains("id=\"roster-grid\"") && !page.contains("id=\"kpi\""));
    // Self-contained.
    for outside in ["<link", " src=", "@import", "url(", "https://"] {
        assert!(!page.contains(outside), "{outside} in the page");
    }
}

#[test]
fn a_shard_shows_what_is_there_and_names_what_is_missing() {
    let mut json = sweep(Some(Shard { index: 1, count: 2 }));
    // Point 2 stopped at a 5% gap.
    let rows = json["rows"].as_array_mut().expect("rows");
    assert_eq!(rows.iter().map(|r| r["index"].as_u64().expect("index")).collect::<Vec<_>>(), [0, 2]);
    rows[1]["status"] = "feasible".into();
    rows[1]["gap"] = 0.05.into();
    let results = parse(&json).expect("results");
    let page = whatif_page(&results);

    assert!(page.contains(
        "2 of 4 points have no result. This file is shard 1/2 of the sweep: combine the --json output of every shard \
         with <code>roster whatif merge</code>."
    ));
    assert!(page.contains("<li>point 1: add_rn=1</li><li>point 3: add_rn=3</li></ul>"));
    assert!(!page.contains("All 4 points"));
    // No break-even without the whole line; the cheapest among the points present.
    assert!(page.contains(
        "<div class=\"value\">unknown</div><div class=\"note\">no figures for 2 points along this axis</div>"
    ));
    assert!(page.contains(
        "<div class=\"value\">add_rn=2</div><div class=\"note\">total cost 8: agency 0 for 0 h, hires 8; among the \
         points present; not proven optimal</div>"
    ));
    let along = |count: &str| cells(row_of(&page, "whatif-axis-0", count));
    assert_eq!(along("1"), ["1", "1", "no result in this file"]);
    assert_eq!(along("2")[9..], ["feasible not proven", "5%"]);
    assert!(!page.contains("The sweep was stopped"));
    assert!(row_of(&page, "whatif-table", "2").starts_with(" class=\"not-proven\">"));
    assert!(page.contains("1 of 2 points stopped before proving optimality"));
    // Marginals need the previous count, which is missing.
    assert_eq!(along("2")[6], "");

    // A file with no figures at all still makes a page that says so.
    let mut empty = sweep(Some(Shard { index: 1, count: 2 }));
    empty["rows"] = serde_json::json!([]);
    let page = whatif_page(&parse(&empty).expect("results"));
    assert!(page.contains("4 of 4 points have no result."));
    assert!(page.contains("<div class=\"value\">none</div><div class=\"note\">no point has a result</div>"));

    // The two shards merged: complete again, the same page as the whole sweep's.
    let second = parse(&sweep(Some(Shard { index: 2, count: 2 }))).expect("second shard");
    let first = parse(&sweep(Some(Shard { index: 1, count: 2 }))).expect("first shard");
    let merged = roster_whatif::merge(vec![("a".into(), first), ("b".into(), second)]).expect("merge");
    let merged_page = whatif_page(&parse(&serde_json::to_value(&merged).expect("JSON")).expect("merged"));
    assert!(merged_page.contains("All 4 points of the grid have a result."));
    assert!(merged_page.contains("<div class=\"value\">2</div>"), "break-even known again");
}

#[test]
fn points_without_a_roster_are_shown_with_their_reason() {
    // Point 3 as a sweep records a point it could not solve.
    let mut json = sweep(None);
    let row = json["rows"].as_array_mut().expect("rows").pop().expect("row 3");
    json["unsolved"] = serde_json::json!([{
        "index": 3, "counts": row["counts"], "status": "infeasible", "message": "point add_rn=3: <no> roster"
    }]);
    let page = whatif_page(&parse(&json).expect("results"));
    let along = cells(row_of(&page, "whatif-axis-0", "3"));
    assert_eq!(along, ["3", "3", "infeasible no roster point add_rn=3: &lt;no&gt; roster"]);
    let point = cells(row_of(&page, "whatif-table", "3"));
    assert_eq!(point, ["3", "3", "infeasible no roster point add_rn=3: &lt;no&gt; roster"]);
    assert!(page.contains("1 point could not be solved and is marked"));
    assert!(page.contains("All 4 points of the grid have a result."), "a reason is a result");
    // Without the last point the break-even is unknown; the cheapest point is still add_rn=2.
    assert!(
        page.contains("<div class=\"value\">unknown</div><div class=\"note\">no figures for 1 point along this axis")
    );
    assert!(page.contains("<div class=\"value\">add_rn=2</div>"));

    // A stopped sweep: the points not run are missing, and the page says why.
    json["stopped"] = true.into();
    json["unsolved"][0]["status"] = "not_run".into();
    let page = whatif_page(&parse(&json).expect("results"));
    assert!(page.contains("1 of 4 points have no result. The sweep was stopped before its end"));
    assert!(page.contains("<li>point 3: add_rn=3</li>"));
    assert_eq!(cells(row_of(&page, "whatif-axis-0", "3")), ["3", "3", "no result in this file"]);
    assert!(!page.contains("could not be solved"));
}

#[test]
fn files_that_are_not_sweep_results_are_refused_with_the_json_path() {
    let good = sweep(None);
    let refused = |json: serde_json::Value| parse(&json).expect_err("refused");

    let scenario: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("tiny.json")).expect("read")).expect("JSON");
    let e = refused(scenario);
    assert!(e.starts_with("results.json: 1 problem found:\n  format: expected what-if results"), "{e}");
    assert!(e.contains("looks like a scenario or roster file"), "{e}");

    let e = refused(serde_json::json!({"counts": [1], "grid_point": 1, "row": {}}));
    assert!(e.contains("--optimize"), "{e}");
    let e = refused(serde_json::json!([1, 2]));
    assert!(e.contains("found an array"), "{e}");
    let mut other = good.clone();
    other["format"] = "roster-whatif/9".into();
    assert!(refused(other).contains("format: expected what-if results"), "format tag");

    // Well tagged but broken inside: the JSON path of each problem.
    let mut bad = good.clone();
    bad["rows"][0]["counts"] = serde_json::json!([7]);
    bad["rows"][1]["index"] = 3.into();
    bad["rows"][3]["counts"] = serde_json::json!([3, 0]);
    let e = refused(bad);
    assert!(e.contains("3 problems found"), "{e}");
    assert!(e.contains("rows[0].counts[0]: 7 is not a count of the axis add_rn (its counts: [0, 1, 2, 3])"), "{e}");
    assert!(e.contains("rows[1].index: expected 1, the number of the point add_rn=1 in the grid, got 3"), "{e}");
    assert!(e.contains("rows[3].counts: expected 1 counts (one per axis), got 2"), "{e}");

    let mut twice = good.clone();
    let first = twice["rows"][0].clone();
    twice["rows"].as_array_mut().expect("rows").push(first);
    assert!(refused(twice).contains("rows[4].index: point 0 appears twice (also rows[0])"));
    let mut unsolved_twice = good.clone();
    unsolved_twice["unsolved"] = serde_json::json!([{"index": 1, "counts": [1], "status": "failed", "message": ""}]);
    assert!(refused(unsolved_twice).contains("unsolved[0].index: point 1 appears twice (also rows[1])"));

    let mut empty_axis = good.clone();
    empty_axis["plan"]["axes"][0]["values"] = serde_json::json!([]);
    assert!(refused(empty_axis).contains("plan.axes[0].values: expected at least one count"));
    let mut points = good.clone();
    points["plan"]["points"] = 5.into();
    assert!(refused(points).contains("plan.points: expected the number of points of the grid (4), got 5"));
    let mut shard = good.clone();
    shard["shard"] = serde_json::json!({"index": 0, "count": 0});
    assert!(refused(shard).contains("shard: expected a shard K/N"));

    // A wrong type: line, column and path from the parser.
    let mut typed = good.clone();
    typed["rows"][2]["agency_hours"] = "many".into();
    let e = refused(typed);
    assert!(e.starts_with("results.json:1:") && e.contains("at rows[2].agency_hours"), "{e}");
    let e = parse_results(Path::new("results.json"), "{\"format\": \"roster-whatif/1\",\n \"rows\": [}")
        .expect_err("malformed")
        .to_string();
    assert!(e.starts_with("results.json:2:"), "{e}");
}

#[test]
fn text_from_the_results_is_escaped() {
    let mut json = sweep(None);
    json["plan"]["scenario"] = "<script>alert(1)</script> & \"quoted\"".into();
    json["plan"]["removed"] = serde_json::json!(["<b>bold</b>"]);
    json["plan"]["competences"][0] = "<i>rn</i>".into();
    json["plan"]["axes"][0]["name"] = "<rn>".into();
    let page = whatif_page(&parse(&json).expect("results"));
    assert_eq!(page.matches("<script>").count(), 1, "only the page's own script");
    for raw in ["<b>bold", "<i>rn", "<rn>", "\"quoted\""] {
        assert!(!page.contains(raw), "{raw} unescaped");
    }
    assert!(
        page.contains("<title>What-if: &lt;script&gt;alert(1)&lt;&#x2F;script&gt; &amp; &quot;quoted&quot;</title>")
    );
    assert!(page.contains("<th>add_&lt;rn&gt;</th>"));
    assert!(page.contains("<th>Staff &lt;i&gt;rn&lt;&#x2F;i&gt;</th>"));
    // The chart's title (drawn by plotters) is escaped too.
    let chart = &page[page.find("id=\"whatif-chart\"").expect("chart")..];
    assert!(chart.contains("&lt;script&gt;"), "chart title escaped");
}

#[test]
fn the_report_of_a_roster_gains_a_whatif_section() {
    let instance = instance_of(&common::fixture_json("whatif-three-shifts.json"));
    let roster = solve_checked(&instance, None);
    let results = parse(&sweep(None)).expect("results");
    let page = report_with_whatif(&instance, &roster, &results).expect("report");
    // The usual report (anna takes one of the three shifts), then the what-if section.
    assert!(page.contains("<div class=\"label\">Agency hours</div><div class=\"value\">16</div>"));
    let report_end = page.find("<section id=\"agency\"").expect("agency section");
    let whatif = page.find("<section id=\"whatif\">").expect("what-if section");
    assert!(report_end < whatif);
    assert!(page.contains("<a href=\"#whatif\">What-if</a>"));
    assert_eq!(cells(row_of(&page, "whatif-axis-0", "3"))[6], "0", "the third hire saves nothing");
    assert!(!page.contains("whatif-other-scenario"), "same scenario");

    // Results of another scenario: said so.
    let mut json = sweep(None);
    json["plan"]["scenario"] = "Another pool".into();
    let page = report_with_whatif(&instance, &roster, &parse(&json).expect("results")).expect("report");
    assert!(page.contains("These results are of the scenario \u{201c}Another pool\u{201d}"));
}

//! The what-if section of a page: what was swept, which points are missing or not proven
//! optimal, the cheapest point and each hire axis's break-even point as cards, the chart
//! (drawn by [`roster_whatif::svg`] and embedded inline), the marginal saving of every step
//! along each axis, and the table of every point. Used by the standalone what-if page and at
//! the end of the roster report; every figure comes from [`WhatifFigures`].

use super::{card, esc, h, percent};
use crate::whatif::{proven, AxisLine, BreakEven, Entry, WhatifFigures};
use roster_whatif::plan::{Axis, AxisKind};
use roster_whatif::table::status;
use roster_whatif::{PointRow, UnsolvedPoint};
use std::fmt::Write as _;

/// Most missing points listed by name.
const MAX_MISSING_LISTED: usize = 50;
/// Most counts of an axis listed one by one.
const MAX_VALUES_LISTED: usize = 12;

/// The header of the standalone what-if page.
pub(super) fn header(page: &mut String, figures: &WhatifFigures, title: &str) {
    let plan = &figures.results.plan;
    let _ = writeln!(
        page,
        "<header><h1>{}</h1><p>{} of {} points; base pool {} staff, {} vacancies, {} days.</p>\
         <nav><a href=\"#whatif-summary\">Summary</a> <a href=\"#whatif-chart\">Chart</a> \
         <a href=\"#whatif-marginals\">Marginal savings</a> <a href=\"#whatif-table\">Every point</a></nav></header>",
        esc(title),
        figures.results.rows.len(),
        plan.points,
        plan.staff,
        plan.vacancies,
        plan.days,
    );
}

/// The what-if section. `report_scenario`: the name of the report's scenario, when the section
/// is part of a roster report (a note says so when the sweep is of another scenario).
pub(super) fn section(page: &mut String, figures: &WhatifFigures, report_scenario: Option<&str>) {
    let plan = &figures.results.plan;
    page.push_str("<section id=\"whatif\"><h2>What-if pool sizing</h2>\n");
    let axes: Vec<String> = plan.axes.iter().map(axis_text).collect();
    let _ = write!(
        page,
        "<p id=\"whatif-plan\">Sweep of the scenario \u{201c}{}\u{201d} ({} staff, {} vacancies, {} days): {}",
        esc(&plan.scenario),
        plan.staff,
        plan.vacancies,
        plan.days,
        esc(&axes.join("; "))
    );
    if !plan.removed.is_empty() {
        let _ = write!(page, "; removed at every point: {}", esc(&plan.removed.join(", ")));
    }
    page.push_str(". Costs are over the horizon, in the scenario's agency-cost units.</p>\n");
    if let Some(name) = report_scenario.filter(|name| *name != plan.scenario) {
        let _ = writeln!(
            page,
            "<p class=\"warning\" id=\"whatif-other-scenario\">These results are of the scenario \u{201c}{}\u{201d}, \
             not of this report's \u{201c}{}\u{201d}.</p>",
            esc(&plan.scenario),
            esc(name)
        );
    }
    completeness(page, figures);
    summary(page, figures);
    chart(page, figures);
    marginals(page, figures);
    table(page, figures);
    page.push_str("</section>\n");
}

/// `add_rn: 0, 1, 2, 3 hires of profile rn, 4 each` or `remove_icu: 0..10 (6 counts) departures
/// of holders of icu`.
fn axis_text(axis: &Axis) -> String {
    let values = if axis.values.len() <= MAX_VALUES_LISTED {
        axis.values.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
    } else {
        format!(
            "{}..{} ({} counts)",
            axis.values.first().copied().unwrap_or(0),
            axis.values.last().copied().unwrap_or(0),
            axis.values.len()
        )
    };
    match axis.kind {
        AxisKind::Add => {
            format!("{}: {values} hires of profile {}, {} each", axis.key(), axis.name, h(axis.cost_per_hire))
        }
        AxisKind::Remove => format!("{}: {values} departures of holders of {}", axis.key(), axis.name),
    }
}

/// What is missing, what is not proven optimal, what failed, and the analysis's warnings.
fn completeness(page: &mut String, figures: &WhatifFigures) {
    let results = &figures.results;
    let (points, present) = (results.plan.points, results.rows.len());
    if figures.missing.is_empty() {
        let _ =
            writeln!(page, "<p class=\"ok\" id=\"whatif-complete\">All {points} points of the grid have a result.</p>");
    } else {
        let mut why = String::new();
        if let Some(s) = results.shard {
            let _ = write!(
                why,
                " This file is shard {}/{} of the sweep: combine the --json output of every shard with \
                 <code>roster whatif merge</code>.",
                s.index, s.count
            );
        }
        if results.stopped {
            why.push_str(" The sweep was stopped before its end: run it (or its shard) again for the rest.");
        }
        let _ = writeln!(
            page,
            "<div id=\"whatif-missing\"><p class=\"bad\">{} of {points} points have no result.{why} Marginal savings, \
             break-even and the cheapest point below use only the {present} points with figures.</p>\
             <ul class=\"missing\">",
            figures.missing.len(),
        );
        for &point in figures.missing.iter().take(MAX_MISSING_LISTED) {
            let _ = write!(page, "<li>point {point}: {}</li>", esc(&figures.label(point)));
        }
        if figures.missing.len() > MAX_MISSING_LISTED {
            let _ = write!(page, "<li>and {} more</li>", figures.missing.len() - MAX_MISSING_LISTED);
        }
        page.push_str("</ul></div>\n");
    }
    if figures.not_proven > 0 {
        let _ = writeln!(
            page,
            "<p class=\"warning\" id=\"whatif-not-proven\">{} of {present} points stopped before proving optimality \
             (at a time limit or gap) and are marked <span class=\"mark warn\">not proven</span>: their agency hours \
             and costs may lie above the optimum by up to their gap, and so may the savings measured from them.</p>",
            figures.not_proven
        );
    } else if present > 0 {
        page.push_str(
            "<p class=\"ok\" id=\"whatif-proven\">Every point with figures was solved to proven optimality.</p>\n",
        );
    }
    if figures.failed > 0 {
        let _ = writeln!(
            page,
            "<p class=\"bad\" id=\"whatif-failed\">{} point{} could not be solved and {} marked \
             <span class=\"mark fail\">no roster</span> in the tables, with the reason.</p>",
            figures.failed,
            if figures.failed == 1 { "" } else { "s" },
            if figures.failed == 1 { "is" } else { "are" },
        );
    }
    let warnings = &results.analysis.warnings;
    if !warnings.is_empty() {
        page.push_str("<ul class=\"warning\" id=\"whatif-warnings\">");
        for warning in warnings {
            let _ = write!(page, "<li>{}</li>", esc(warning));
        }
        page.push_str("</ul>\n");
    }
}

/// Cards: the cheapest point, and the break-even point of each hire axis.
fn summary(page: &mut String, figures: &WhatifFigures) {
    let results = &figures.results;
    page.push_str("<div class=\"cards\" id=\"whatif-summary\">\n");
    match figures.cheapest() {
        Some(row) => {
            let mut note = format!(
                "total cost {}: agency {} for {} h, hires {}",
                h(row.total_cost),
                h(row.agency_cost),
                h(row.agency_hours),
                h(row.hire_cost)
            );
            if !figures.missing.is_empty() {
                note.push_str("; among the points present");
            }
            if !proven(row) {
                note.push_str("; not proven optimal");
            }
            card(page, "whatif-cheapest", "Cheapest point", &figures.label(row.index), &note);
        }
        None => card(page, "whatif-cheapest", "Cheapest point", "none", "no point has a result"),
    }
    for line in &figures.lines {
        let axis = &results.plan.axes[line.axis];
        let cost = h(axis.cost_per_hire);
        let (value, note) = match line.break_even {
            BreakEven::Departures => continue,
            BreakEven::At(v) => (v.to_string(), format!("the next hire would save less than its cost of {cost}")),
            BreakEven::BeyondRange(v) => {
                (format!("beyond {v}"), format!("every hire up to {v} pays for itself (cost {cost} each)"))
            }
            BreakEven::Missing(n) => (
                "unknown".to_string(),
                format!("no figures for {n} point{} along this axis", if n == 1 { "" } else { "s" }),
            ),
            BreakEven::OneValue => ("\u{2014}".to_string(), "one count only: nothing to compare".to_string()),
        };
        card(page, &format!("whatif-break-even-{}", line.axis), &format!("Break-even {}", axis.key()), &value, &note);
    }
    page.push_str("</div>\n");
}

/// The chart of agency hours and total cost against staff added, inline.
fn chart(page: &mut String, figures: &WhatifFigures) {
    page.push_str("<h3>Agency hours and total cost against staff added</h3>\n");
    match &figures.chart {
        Ok(svg) => {
            let svg = svg.find("<svg").map_or(svg.as_str(), |at| &svg[at..]);
            let _ = writeln!(
                page,
                "<figure class=\"whatif\" id=\"whatif-chart\"><figcaption>One line per axis (the other axes at their \
                 first count; departures at negative x), break-even points circled.</figcaption>\n{svg}</figure>"
            );
        }
        Err(e) => {
            let _ = writeln!(page, "<p class=\"bad\" id=\"whatif-chart\">The chart could not be drawn: {}</p>", esc(e));
        }
    }
}

/// One table per axis: every step along its line with the change it brought, per person.
fn marginals(page: &mut String, figures: &WhatifFigures) {
    let plan = &figures.results.plan;
    page.push_str("<div id=\"whatif-marginals\"><h3>Marginal savings along each axis</h3>\n");
    if plan.axes.len() > 1 {
        page.push_str("<p class=\"note\">Each axis's line holds the other axes at their first count.</p>\n");
    }
    for line in &figures.lines {
        axis_table(page, figures, line);
    }
    page.push_str("</div>\n");
}

fn axis_table(page: &mut String, figures: &WhatifFigures, line: &AxisLine) {
    let axis = &figures.results.plan.axes[line.axis];
    let hires = axis.kind == AxisKind::Add;
    let _ = writeln!(
        page,
        "<h4>{}</h4>\n<table id=\"whatif-axis-{}\" class=\"whatif-axis\"><thead><tr><th>{}</th><th>Point</th>\
         <th>Agency h</th><th>Agency cost</th><th>Hire cost</th><th>Total cost</th>\
         <th>Agency h saved per {}</th><th>Cost saved per {}</th>{}<th>Status</th><th>Gap</th></tr></thead><tbody>",
        esc(&axis.key()),
        line.axis,
        if hires { "Hires" } else { "Departures" },
        if hires { "hire" } else { "departure (negative: more agency)" },
        if hires { "hire" } else { "departure" },
        if hires { "<th>Pays for the hire?</th>" } else { "" },
    );
    // Columns after the count and the point number.
    let columns = if hires { 9 } else { 8 };
    for step in &line.steps {
        let row = match step.entry {
            Some(Entry::Row(r)) => &figures.results.rows[r],
            Some(Entry::Unsolved(u)) => {
                let _ = write!(
                    page,
                    "<tr class=\"failed\"><td class=\"n\">{}</td><td class=\"n\">{}</td>",
                    step.count, step.point
                );
                unsolved_cells(page, &figures.results.unsolved[u], columns);
                continue;
            }
            None => {
                let _ = writeln!(
                    page,
                    "<tr class=\"missing\"><td class=\"n\">{}</td><td class=\"n\">{}</td><td colspan=\"{columns}\">\
                     no result in this file</td></tr>",
                    step.count, step.point
                );
                continue;
            }
        };
        let marks = marks(figures, row, line.break_even == BreakEven::At(step.count) && hires);
        let _ = write!(
            page,
            "<tr{}><td class=\"n\">{}{marks}</td><td class=\"n\">{}</td>",
            row_class(figures, row),
            step.count,
            step.point
        );
        for x in [row.agency_hours, row.agency_cost, row.hire_cost, row.total_cost] {
            let _ = write!(page, "<td class=\"n\">{}</td>", h(x));
        }
        match step.marginal {
            Some(m) => {
                let _ = write!(
                    page,
                    "<td class=\"n\">{}</td><td class=\"n\">{}</td>",
                    h(m.agency_hours_saved),
                    h(m.cost_saved)
                );
                if hires {
                    let pays = match m.pays {
                        Some(true) => "yes",
                        Some(false) => "no",
                        None => "",
                    };
                    let _ = write!(page, "<td>{pays}</td>");
                }
            }
            None => page.push_str(if hires { "<td></td><td></td><td></td>" } else { "<td></td><td></td>" }),
        }
        let _ = writeln!(page, "{}</tr>", status_cells(row));
    }
    page.push_str("</tbody></table>\n");
}

/// The cells of a point without a roster after its first ones: the reason across `columns`
/// cells, ending the row.
fn unsolved_cells(page: &mut String, point: &UnsolvedPoint, columns: usize) {
    let _ = writeln!(
        page,
        "<td colspan=\"{columns}\">{} <span class=\"mark fail\">no roster</span> {}</td></tr>",
        esc(point.status.name()),
        esc(&point.message)
    );
}

/// ` class="..."` of a row: not proven, cheapest.
fn row_class(figures: &WhatifFigures, row: &PointRow) -> &'static str {
    if !proven(row) {
        " class=\"not-proven\""
    } else if figures.results.analysis.cheapest == Some(row.index) {
        " class=\"cheapest\""
    } else {
        ""
    }
}

/// Marks after a row's first cell: cheapest, break-even.
fn marks(figures: &WhatifFigures, row: &PointRow, break_even: bool) -> String {
    let mut marks = String::new();
    if figures.results.analysis.cheapest == Some(row.index) {
        marks.push_str(" <span class=\"mark\">cheapest</span>");
    }
    if break_even {
        marks.push_str(" <span class=\"mark\">break-even</span>");
    }
    marks
}

/// The status cell (marked when not proven optimal) and the gap cell of a row.
fn status_cells(row: &PointRow) -> String {
    let mark = if proven(row) { "" } else { " <span class=\"mark warn\">not proven</span>" };
    format!("<td>{}{mark}</td><td class=\"n\">{}</td>", status(row.status), percent(row.gap))
}

/// Every point in the file: counts, pool, hours, costs, status, the marginal of each axis.
fn table(page: &mut String, figures: &WhatifFigures) {
    let results = &figures.results;
    let plan = &results.plan;
    let other_cost = results.rows.iter().any(|r| r.other_cost != 0.0);
    page.push_str("<h3>Every point</h3>\n<div class=\"scroll\"><table id=\"whatif-table\"><thead><tr><th>Point</th>");
    for axis in &plan.axes {
        let _ = write!(page, "<th>{}</th>", esc(&axis.key()));
    }
    page.push_str("<th>Staff</th>");
    for competence in &plan.competences {
        let _ = write!(page, "<th>Staff {}</th>", esc(competence));
    }
    page.push_str("<th>Agency h</th><th>Agency cost</th><th>Hire cost</th>");
    if other_cost {
        page.push_str("<th>Other cost</th>");
    }
    page.push_str(
        "<th>Total cost</th><th>Pool h used</th><th>Idle h</th><th>Overtime h</th><th>Status</th><th>Gap</th>",
    );
    for axis in &plan.axes {
        let _ = write!(page, "<th>Agency h saved per person, {}</th>", esc(&axis.key()));
    }
    page.push_str("</tr></thead><tbody>\n");
    // Columns after the point number and the counts.
    let columns = 1 + plan.competences.len() + 9 + usize::from(other_cost) + plan.axes.len();
    for &entry in &figures.entries {
        let position = match entry {
            Entry::Row(position) => position,
            Entry::Unsolved(u) => {
                let point = &results.unsolved[u];
                let _ = write!(page, "<tr class=\"failed\"><td class=\"n\">{}</td>", point.index);
                for count in &point.counts {
                    let _ = write!(page, "<td class=\"n\">{count}</td>");
                }
                unsolved_cells(page, point, columns);
                continue;
            }
        };
        let row = &results.rows[position];
        let break_even = figures.lines.iter().any(|l| {
            plan.axes[l.axis].kind == AxisKind::Add
                && l.break_even == BreakEven::At(row.counts[l.axis])
                && l.steps.iter().any(|s| s.point == row.index)
        });
        let _ = write!(
            page,
            "<tr{}><td class=\"n\">{}{}</td>",
            row_class(figures, row),
            row.index,
            marks(figures, row, break_even)
        );
        for count in &row.counts {
            let _ = write!(page, "<td class=\"n\">{count}</td>");
        }
        let _ = write!(page, "<td class=\"n\">{}</td>", row.staff);
        for competence in &plan.competences {
            let n = row.staff_by_competence.get(competence).copied().unwrap_or(0);
            let _ = write!(page, "<td class=\"n\">{n}</td>");
        }
        let mut numbers = vec![row.agency_hours, row.agency_cost, row.hire_cost];
        if other_cost {
            numbers.push(row.other_cost);
        }
        numbers.extend([row.total_cost, row.pool_hours, row.idle_hours, row.overtime_hours]);
        for x in numbers {
            let _ = write!(page, "<td class=\"n\">{}</td>", h(x));
        }
        page.push_str(&status_cells(row));
        let marginals = results.analysis.marginals.get(position);
        for a in 0..plan.axes.len() {
            match marginals.and_then(|m| m.get(a)).copied().flatten() {
                Some(m) => {
                    let _ = write!(page, "<td class=\"n\">{}</td>", h(m.agency_hours_saved));
                }
                None => page.push_str("<td></td>"),
            }
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody></table></div>\n");
}

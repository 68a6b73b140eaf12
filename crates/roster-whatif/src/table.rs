//! The CSV table of a sweep: one line per point with its counts, pool by competence, agency,
//! hire and total cost, hours used, idle and overtime, the solve's status and gap, the marginal
//! saving of the last hire on each axis, and markers for break-even and cheapest points. A point
//! without figures (infeasible, no roster in the limits, not run because the sweep was stopped)
//! has its line too: counts, pool size, its status and, in `note`, why.

use crate::sweep::{PointOutcome, PointRow, SweepResults, UnsolvedPoint};
use crate::WhatifError;
use roster::roster::{decimal, SolveStatus};

/// The CSV text of `results` (header line first).
pub fn csv(results: &SweepResults) -> Result<String, WhatifError> {
    let plan = &results.plan;
    let mut header: Vec<String> = vec!["point".into()];
    header.extend(plan.axes.iter().map(|a| a.key()));
    header.push("staff".into());
    header.extend(plan.competences.iter().map(|c| format!("staff_{c}")));
    for name in [
        "agency_hours",
        "agency_cost",
        "other_cost",
        "hire_cost",
        "total_cost",
        "best_bound",
        "pool_hours",
        "idle_hours",
        "overtime_hours",
        "status",
        "gap",
        "seconds",
    ] {
        header.push(name.into());
    }
    for axis in &plan.axes {
        let key = axis.key();
        header.extend([format!("{key}_agency_hours_saved"), format!("{key}_cost_saved"), format!("{key}_pays")]);
    }
    header.extend(["break_even".to_string(), "cheapest".to_string(), "note".to_string()]);

    let mut out = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| WhatifError::Usage(format!("cannot format the CSV table: {e}"));
    out.write_record(&header).map_err(fail)?;
    let mut solved = 0;
    for outcome in results.outcomes() {
        let line = match &outcome {
            PointOutcome::Solved(row) => {
                solved += 1;
                solved_line(results, solved - 1, row)
            }
            PointOutcome::Unsolved(point) => unsolved_line(results, point),
        };
        out.write_record(&line).map_err(fail)?;
    }
    let bytes = out.into_inner().map_err(|e| WhatifError::Usage(format!("cannot format the CSV table: {e}")))?;
    String::from_utf8(bytes).map_err(|e| WhatifError::Usage(format!("cannot format the CSV table: {e}")))
}

/// The line of a solved point, the `position`-th row of `results.rows`.
fn solved_line(results: &SweepResults, position: usize, row: &PointRow) -> Vec<String> {
    let (plan, analysis) = (&results.plan, &results.analysis);
    let number = |x: f64| decimal(x, 4);
    let mut line: Vec<String> = vec![row.index.to_string()];
    line.extend(row.counts.iter().map(u32::to_string));
    line.push(row.staff.to_string());
    line.extend(plan.competences.iter().map(|c| row.staff_by_competence.get(c).copied().unwrap_or(0).to_string()));
    for x in [
        row.agency_hours,
        row.agency_cost,
        row.other_cost,
        row.hire_cost,
        row.total_cost,
        row.best_bound,
        row.pool_hours,
        row.idle_hours,
        row.overtime_hours,
    ] {
        line.push(number(x));
    }
    line.push(status(row.status).into());
    line.push(number(row.gap));
    line.push(decimal(row.seconds, 2));
    for a in 0..plan.axes.len() {
        match analysis.marginals.get(position).and_then(|m| m.get(a)).copied().flatten() {
            Some(m) => line.extend([
                number(m.agency_hours_saved),
                number(m.cost_saved),
                m.pays.map_or(String::new(), |p| if p { "yes" } else { "no" }.to_string()),
            ]),
            None => line.extend([String::new(), String::new(), String::new()]),
        }
    }
    let break_even: Vec<&str> = analysis
        .axes
        .iter()
        .zip(&plan.axes)
        .enumerate()
        .filter(|(a, (s, axis))| {
            s.break_even.is_some_and(|v| v == row.counts[*a])
                && s.line.contains(&row.index)
                && axis.kind == crate::plan::AxisKind::Add
        })
        .map(|(_, (s, _))| s.axis.as_str())
        .collect();
    line.push(break_even.join(" "));
    line.push(if analysis.cheapest == Some(row.index) { "yes" } else { "" }.into());
    line.push(String::new());
    line
}

/// The line of a point without figures: its counts, pool size, status and why.
fn unsolved_line(results: &SweepResults, point: &UnsolvedPoint) -> Vec<String> {
    let plan = &results.plan;
    let mut line: Vec<String> = vec![point.index.to_string()];
    line.extend(point.counts.iter().map(u32::to_string));
    let staff = plan.axes.iter().zip(&point.counts).map(|(a, &c)| a.signed(c)).sum::<i64>() + plan.staff as i64;
    line.push(staff.to_string());
    // Pool by competence, nine figures, status, gap, seconds, three per axis, two markers.
    line.extend(std::iter::repeat(String::new()).take(plan.competences.len() + 9));
    line.push(point.status.name().to_string());
    line.extend(std::iter::repeat(String::new()).take(2 + 3 * plan.axes.len() + 2));
    line.push(point.reason());
    line
}

/// `optimal` or `feasible` (the snake_case name of the status).
pub fn status(status: SolveStatus) -> &'static str {
    match status {
        SolveStatus::Optimal => "optimal",
        SolveStatus::Feasible => "feasible",
        SolveStatus::Infeasible => "infeasible",
        SolveStatus::NoSolution => "no_solution",
    }
}

//! What-if results in a report: reading the results of a sweep (`roster whatif --json`, or the
//! output of `roster whatif merge`, or of one shard), checking that every point fits the sweep's
//! grid (each problem named by its JSON path), and the figures the what-if page shows: which
//! points are missing or have no roster (and why), which rows are not proven optimal, each
//! axis's line with the marginal saving of every step and its break-even point, the cheapest
//! point and the chart.
//!
//! The analysis (marginals, break-even, cheapest point, warnings) is recomputed here with
//! [`roster_whatif::Analysis::of`] from the rows actually in the file, so the page never
//! disagrees with its own table, even for a hand-edited or partial file. The renderer is
//! [`crate::html::whatif_page`] (or the what-if section of [`crate::html::report_with_whatif`]).

use roster::error::{parse_json, InputError, LoadError};
use roster::roster::SolveStatus;
use roster_whatif::analysis::Marginal;
use roster_whatif::plan::{grid_counts, label, Axis, AxisKind};
use roster_whatif::sweep::RESULTS_FORMAT;
use roster_whatif::{PointRow, SweepResults, Unsolved};
use std::collections::HashMap;
use std::path::Path;

/// What a results file must be, for error messages.
const EXPECTED: &str = "expected what-if results: a JSON object with \"format\": \"roster-whatif/1\", as written by \
                        `roster whatif ... --json RESULTS.json` or `roster whatif merge ... --json RESULTS.json`";

/// Reads the results of a sweep from `file`; see [`parse_results`].
pub fn read_results(file: &Path) -> Result<SweepResults, LoadError> {
    let text = std::fs::read_to_string(file).map_err(|source| LoadError::Io { file: file.to_path_buf(), source })?;
    parse_results(file, &text)
}

/// Parses the results of a sweep (`text`, read from `file`, which names it in errors): malformed
/// JSON is reported with line and column, a file of another kind (a scenario, a roster, an
/// `--optimize` result) by what it looks like, and rows that do not fit the sweep's grid by their
/// JSON path. The analysis is recomputed from the rows.
pub fn parse_results(file: &Path, text: &str) -> Result<SweepResults, LoadError> {
    let invalid = |errors: Vec<InputError>| LoadError::Invalid { file: file.to_path_buf(), errors };
    let value: serde_json::Value = parse_json(file, text)?;
    if let Some(problem) = format_problem(&value) {
        return Err(invalid(vec![problem]));
    }
    let results: SweepResults = parse_json(file, text)?;
    let errors = grid_problems(&results);
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    Ok(SweepResults::new(results.plan, results.shard, results.rows, results.unsolved, results.stopped))
}

/// Why `value` is not what-if results, judged by its `format` tag and its look.
fn format_problem(value: &serde_json::Value) -> Option<InputError> {
    let Some(object) = value.as_object() else {
        return Some(InputError::new("", format!("{EXPECTED}; found {}", kind_of(value))));
    };
    match object.get("format") {
        Some(serde_json::Value::String(format)) if format == RESULTS_FORMAT => None,
        Some(other) => Some(InputError::new("format", format!("{EXPECTED}; found {other}"))),
        None if object.contains_key("counts") && object.contains_key("row") => Some(InputError::new(
            "",
            format!(
                "{EXPECTED}; this is the single point of `roster whatif --optimize`, not a sweep: run the sweep \
                 without --optimize for a what-if page"
            ),
        )),
        None if object.contains_key("format_version") => Some(InputError::new(
            "format",
            format!("{EXPECTED}; this looks like a scenario or roster file (it has \"format_version\")"),
        )),
        None => Some(InputError::new("format", format!("missing; {EXPECTED}"))),
    }
}

/// `an array`, `a number`, ... for messages.
fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The point number of `counts` in the grid of `axes`, if every count is one of its axis's values.
pub fn point_of(axes: &[Axis], counts: &[u32]) -> Option<usize> {
    if counts.len() != axes.len() {
        return None;
    }
    axes.iter().zip(counts).try_fold(0usize, |index, (axis, count)| {
        let at = axis.values.iter().position(|v| v == count)?;
        index.checked_mul(axis.values.len())?.checked_add(at)
    })
}

/// Every way the points (rows and unsolved points) do not fit the plan's grid (which would make
/// the analysis meaningless).
fn grid_problems(results: &SweepResults) -> Vec<InputError> {
    let plan = &results.plan;
    let mut errors = Vec::new();
    if plan.axes.is_empty() {
        errors.push(InputError::new("plan.axes", "expected at least one axis"));
    }
    for (a, axis) in plan.axes.iter().enumerate() {
        if axis.values.is_empty() {
            errors.push(InputError::new(format!("plan.axes[{a}].values"), "expected at least one count"));
        } else if axis.values.windows(2).any(|w| w[0] >= w[1]) {
            errors.push(InputError::new(
                format!("plan.axes[{a}].values"),
                format!("expected counts in strictly ascending order, got {:?}", axis.values),
            ));
        }
    }
    if !errors.is_empty() {
        return errors;
    }
    let points = plan.axes.iter().try_fold(1usize, |n, a| n.checked_mul(a.values.len()));
    if points != Some(plan.points) {
        errors.push(InputError::new(
            "plan.points",
            format!(
                "expected the number of points of the grid ({}), got {}",
                points.map_or("too many".to_string(), |n| n.to_string()),
                plan.points
            ),
        ));
        return errors;
    }
    if let Some(shard) = results.shard {
        if shard.count == 0 || shard.index == 0 || shard.index > shard.count {
            errors.push(InputError::new(
                "shard",
                format!("expected a shard K/N with 1 <= K <= N, got {}/{}", shard.index, shard.count),
            ));
            return errors;
        }
    }
    let points = results
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| (format!("rows[{i}]"), row.index, &row.counts))
        .chain(results.unsolved.iter().enumerate().map(|(i, p)| (format!("unsolved[{i}]"), p.index, &p.counts)));
    let mut seen: HashMap<usize, String> = HashMap::new();
    for (at, index, counts) in points {
        if counts.len() != plan.axes.len() {
            errors.push(InputError::new(
                format!("{at}.counts"),
                format!("expected {} counts (one per axis), got {}", plan.axes.len(), counts.len()),
            ));
            continue;
        }
        let Some(point) = point_of(&plan.axes, counts) else {
            for (a, (axis, count)) in plan.axes.iter().zip(counts).enumerate() {
                if !axis.values.contains(count) {
                    errors.push(InputError::new(
                        format!("{at}.counts[{a}]"),
                        format!("{count} is not a count of the axis {} (its counts: {:?})", axis.key(), axis.values),
                    ));
                }
            }
            continue;
        };
        if index != point {
            errors.push(InputError::new(
                format!("{at}.index"),
                format!(
                    "expected {point}, the number of the point {} in the grid, got {index}",
                    label(&plan.axes, counts),
                ),
            ));
        } else if let Some(first) = seen.get(&point) {
            errors.push(InputError::new(format!("{at}.index"), format!("point {point} appears twice (also {first})")));
        } else if let Some(shard) = results.shard.filter(|s| !s.holds(point)) {
            errors.push(InputError::new(
                format!("{at}.index"),
                format!("point {point} does not belong to shard {}/{}", shard.index, shard.count),
            ));
        } else {
            seen.insert(point, at);
        }
    }
    errors
}

/// Whether a row's solve proved its roster optimal.
pub fn proven(row: &PointRow) -> bool {
    row.status == SolveStatus::Optimal
}

/// One point of the file: a row with figures, or a point without (with the reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// Position in `results.rows`.
    Row(usize),
    /// Position in `results.unsolved`.
    Unsolved(usize),
}

/// One value on an axis's line (the other axes at their first value).
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The count on this axis.
    pub count: u32,
    /// The point number.
    pub point: usize,
    /// What the file holds for the point; `None` when nothing.
    pub entry: Option<Entry>,
    /// Change from the previous value on the line, per person.
    pub marginal: Option<Marginal>,
}

/// Where hiring on an axis stops paying for itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakEven {
    /// At this count: the next hire saves less agency cost than it costs.
    At(u32),
    /// Every hire up to this count (the last of the range) paid for itself.
    BeyondRange(u32),
    /// Unknown: this many points of the axis's line have no figures.
    Missing(usize),
    /// The axis has one value only: no step to judge.
    OneValue,
    /// A departure axis: no break-even.
    Departures,
}

/// One axis: its line of steps and its break-even point.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisLine {
    /// Index of the axis in the plan.
    pub axis: usize,
    /// The steps, by count.
    pub steps: Vec<Step>,
    /// The break-even point.
    pub break_even: BreakEven,
}

/// Everything the what-if page shows.
#[derive(Debug, Clone)]
pub struct WhatifFigures {
    /// The results, analysed, rows and unsolved points by point number.
    pub results: SweepResults,
    /// Every point the file holds, by point number.
    pub entries: Vec<Entry>,
    /// Point numbers of the grid with no figures and no reason (not in the file, or not run
    /// because the sweep was stopped), ascending.
    pub missing: Vec<usize>,
    /// Rows stopped before proving optimality.
    pub not_proven: usize,
    /// Points without a roster, with the reason (infeasible, no roster within the limits, a
    /// solver failure): in `results.unsolved`, not counting those not run.
    pub failed: usize,
    /// One line per axis, in plan order.
    pub lines: Vec<AxisLine>,
    /// The chart (SVG text) of agency hours and total cost against staff added, or why it
    /// could not be drawn.
    pub chart: Result<String, String>,
}

impl WhatifFigures {
    /// The figures of `results` (as returned by [`parse_results`]: points fitting the grid).
    pub fn of(results: &SweepResults) -> WhatifFigures {
        let plan = &results.plan;
        let analysis = &results.analysis;
        let mut by_point: HashMap<usize, Entry> =
            results.rows.iter().enumerate().map(|(i, r)| (r.index, Entry::Row(i))).collect();
        for (i, point) in results.unsolved.iter().enumerate() {
            if point.status != Unsolved::NotRun {
                by_point.entry(point.index).or_insert(Entry::Unsolved(i));
            }
        }
        let mut entries: Vec<(usize, Entry)> = by_point.iter().map(|(&p, &e)| (p, e)).collect();
        entries.sort_unstable_by_key(|&(p, _)| p);
        let missing: Vec<usize> = (0..plan.points).filter(|p| !by_point.contains_key(p)).collect();
        let base: Vec<u32> = plan.axes.iter().map(|a| a.values.first().copied().unwrap_or(0)).collect();
        let lines = plan
            .axes
            .iter()
            .enumerate()
            .map(|(a, axis)| {
                let steps: Vec<Step> = axis
                    .values
                    .iter()
                    .filter_map(|&count| {
                        let mut counts = base.clone();
                        counts[a] = count;
                        let point = point_of(&plan.axes, &counts)?;
                        let entry = by_point.get(&point).copied();
                        let marginal = match entry {
                            Some(Entry::Row(r)) => analysis.marginals.get(r)?.get(a).copied().flatten(),
                            _ => None,
                        };
                        Some(Step { count, point, entry, marginal })
                    })
                    .collect();
                let summary = analysis.axes.get(a);
                let absent = steps.iter().filter(|s| !matches!(s.entry, Some(Entry::Row(_)))).count();
                let break_even = match (axis.kind, summary.and_then(|s| s.break_even)) {
                    (AxisKind::Remove, _) => BreakEven::Departures,
                    _ if axis.values.len() < 2 => BreakEven::OneValue,
                    (_, Some(v)) if summary.is_some_and(|s| s.every_step_pays) => BreakEven::BeyondRange(v),
                    (_, Some(v)) => BreakEven::At(v),
                    (_, None) => BreakEven::Missing(absent),
                };
                AxisLine { axis: a, steps, break_even }
            })
            .collect();
        WhatifFigures {
            entries: entries.into_iter().map(|(_, e)| e).collect(),
            missing,
            not_proven: results.rows.iter().filter(|r| !proven(r)).count(),
            failed: results.unsolved.iter().filter(|p| p.status != Unsolved::NotRun).count(),
            lines,
            chart: roster_whatif::svg(results).map_err(|e| e.to_string()),
            results: results.clone(),
        }
    }

    /// The label of point `point` (`add_rn=2, remove_icu=1`).
    pub fn label(&self, point: usize) -> String {
        let axes = &self.results.plan.axes;
        label(axes, &grid_counts(axes, point))
    }

    /// The row of the cheapest point, if any.
    pub fn cheapest(&self) -> Option<&PointRow> {
        let cheapest = self.results.analysis.cheapest?;
        self.results.rows.iter().find(|r| r.index == cheapest)
    }
}

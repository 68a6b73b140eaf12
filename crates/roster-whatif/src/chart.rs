//! The sweep chart: agency hours (top) and total cost (bottom) against the change in pool size,
//! one line per axis (the other axes at their first value; departures at negative x), each
//! hire axis's break-even point circled and labelled. A standalone SVG drawn with plotters'
//! SVG backend and its built-in text layout (no system fonts needed).

use crate::sweep::{PointRow, SweepResults};
use crate::WhatifError;
use plotters::prelude::*;

/// Width and height of the chart in pixels.
const SIZE: (u32, u32) = (960, 720);
/// Longest scenario name shown in the title.
const TITLE_CHARS: usize = 80;

/// One axis's line: its key, `(x, row)` points and the break-even point's x, if any.
struct Line<'a> {
    key: String,
    points: Vec<(f64, &'a PointRow)>,
    break_even: Option<f64>,
}

/// One panel: where it is drawn, its y label and the figure it plots.
type Panel<'a, 'b> = (&'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>, &'static str, fn(&PointRow) -> f64);

/// The SVG text of the chart of `results`.
pub fn svg(results: &SweepResults) -> Result<String, WhatifError> {
    let fail = |e: &dyn std::fmt::Display| WhatifError::Chart(e.to_string());
    let by_index = |i: usize| results.rows.iter().find(|r| r.index == i);
    let lines: Vec<Line> = results
        .plan
        .axes
        .iter()
        .zip(&results.analysis.axes)
        .enumerate()
        .map(|(a, (axis, summary))| Line {
            key: summary.axis.clone(),
            points: summary
                .line
                .iter()
                .filter_map(|&i| by_index(i))
                .map(|r| (axis.signed(r.counts[a]) as f64, r))
                .collect(),
            break_even: summary.break_even.map(|v| axis.signed(v) as f64),
        })
        .collect();
    let all = lines.iter().flat_map(|l| l.points.iter());
    let (mut x0, mut x1) = (f64::INFINITY, f64::NEG_INFINITY);
    for (x, _) in all {
        x0 = x0.min(*x);
        x1 = x1.max(*x);
    }
    if !x0.is_finite() {
        (x0, x1) = (0.0, 1.0);
    }
    if x1 - x0 < 1.0 {
        x1 = x0 + 1.0;
    }

    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(&e))?;
        let name: String = results.plan.scenario.chars().take(TITLE_CHARS).collect();
        let more = if results.plan.scenario.chars().count() > TITLE_CHARS { "…" } else { "" };
        let title = format!("What-if: {name}{more}");
        let root = root.titled(&title, ("sans-serif", 22)).map_err(|e| fail(&e))?;
        let (top, bottom) = root.split_vertically(SIZE.1 / 2 - 20);
        let panels: [Panel; 2] =
            [(&top, "agency hours", |r| r.agency_hours), (&bottom, "total cost (agency + hires)", |r| r.total_cost)];
        for (area, label, value) in panels {
            let ys = lines.iter().flat_map(|l| l.points.iter().map(|(_, r)| value(r)));
            let (mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY);
            for y in ys {
                y0 = y0.min(y);
                y1 = y1.max(y);
            }
            if !y0.is_finite() {
                (y0, y1) = (0.0, 1.0);
            }
            let pad = ((y1 - y0) * 0.08).max(1.0);
            let mut chart = ChartBuilder::on(area)
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(70)
                .build_cartesian_2d(x0 - 0.3..x1 + 0.3, (y0 - pad).max(0.0)..y1 + pad)
                .map_err(|e| fail(&e))?;
            chart
                .configure_mesh()
                .x_desc("staff added (negative: removed)")
                .y_desc(label)
                .x_labels(((x1 - x0) as usize + 1).min(25))
                // Counts are whole: leave the in-between ticks unlabelled.
                .x_label_formatter(&|x| {
                    if (x - x.round()).abs() < 1e-6 {
                        format!("{}", x.round() as i64)
                    } else {
                        String::new()
                    }
                })
                .draw()
                .map_err(|e| fail(&e))?;
            for (i, line) in lines.iter().enumerate() {
                let color = Palette99::pick(i).to_rgba();
                let points: Vec<(f64, f64)> = line.points.iter().map(|(x, r)| (*x, value(r))).collect();
                chart
                    .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))
                    .map_err(|e| fail(&e))?
                    .label(line.key.clone())
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2)));
                chart.draw_series(points.iter().map(|&p| Circle::new(p, 3, color.filled()))).map_err(|e| fail(&e))?;
                if let Some((x, y)) = line.break_even.and_then(|b| points.iter().copied().find(|(x, _)| *x == b)) {
                    // A ring on the point; the label below it, one line further down per axis so
                    // that axes breaking even at the same point stay readable.
                    let label = format!("break-even {}={}", line.key, x.abs());
                    let offset = 12 + 16 * i as i32;
                    let mark = EmptyElement::at((x, y))
                        + Circle::new((0, 0), 9, color.stroke_width(2))
                        + Text::new(label, (10, offset), ("sans-serif", 14).into_font().color(&BLACK));
                    chart.draw_series(std::iter::once(mark)).map_err(|e| fail(&e))?;
                }
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperRight)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .draw()
                .map_err(|e| fail(&e))?;
        }
        root.present().map_err(|e| fail(&e))?;
    }
    Ok(text)
}

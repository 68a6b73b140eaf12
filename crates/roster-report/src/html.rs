//! The roster report: one self-contained HTML page that opens from a mail attachment, with no
//! network access (inline CSS, inline SVG charts, one small inline script, no fonts or images
//! from elsewhere).
//!
//! Sections: key figures and the solve's status; the checker's verdict with every violation;
//! the roster as a staff × day grid (cells coloured by unit, showing shift and unit); hours
//! against contract; coverage per unit and day as a heat map; agency hours by competence and by
//! unit as bar charts; the agency vacancies with the reason each was not covered; with
//! [`report_with_whatif`], a what-if section after them. [`whatif_page`] is a page of the what-if
//! section alone (the results of a sweep, no scenario or roster).
//!
//! Built to stay light for 400 staff × 6 weeks: one table for the grid, colours by CSS class
//! (one class per unit), no per-cell style or script. Every string from the input is escaped.
//! The script only filters rows and, once it has run without error, marks the page with
//! `data-report="ready"` on `<html>` (tests read this in a headless browser).

use crate::figures::{Bar, Cell, Coverage, Figures};
use crate::resolve::{index_of, RosterMismatch};
use crate::whatif::WhatifFigures;
use roster::check::Violation;
use roster::roster::{decimal, AgencyReason, AgencyShift, Blocker, SolveStatus};
use roster::{Instance, Roster};
use roster_whatif::SweepResults;
use std::borrow::Cow;
use std::fmt::Write as _;

mod whatif;

/// Most staff named per agency reason before "and N more".
const MAX_NAMED: usize = 5;

/// The report of `roster` under `instance`, running the checker; fails when the roster names
/// staff or vacancies the scenario does not have.
pub fn report(instance: &Instance, roster: &Roster) -> Result<String, RosterMismatch> {
    Ok(render(instance, &Figures::of(instance, roster)?))
}

/// The report of `roster` under `instance` with a what-if section for the sweep `whatif`
/// (results as read by [`crate::whatif::read_results`]) after the agency vacancies.
pub fn report_with_whatif(
    instance: &Instance,
    roster: &Roster,
    whatif: &SweepResults,
) -> Result<String, RosterMismatch> {
    Ok(render_with(instance, &Figures::of(instance, roster)?, Some(&WhatifFigures::of(whatif))))
}

/// A standalone what-if page for the sweep `results` (as read by
/// [`crate::whatif::read_results`]): no scenario or roster needed.
pub fn whatif_page(results: &SweepResults) -> String {
    let figures = WhatifFigures::of(results);
    let name = &results.plan.scenario;
    let title = if name.is_empty() { "What-if pool sizing".to_string() } else { format!("What-if: {name}") };
    let mut page = String::with_capacity(32 * 1024 + figures.results.rows.len() * 400);
    open_page(&mut page, &title, "");
    whatif::header(&mut page, &figures, &title);
    whatif::section(&mut page, &figures, None);
    close_page(&mut page);
    page
}

/// Escapes `text` for HTML text and double-quoted attribute values.
fn esc(text: &str) -> Cow<'_, str> {
    html_escape::encode_safe(text)
}

/// Hours for people: at most two decimals.
fn h(x: f64) -> String {
    decimal(x, 2)
}

/// A share 0..1 as a percentage with one decimal.
fn percent(share: f64) -> String {
    format!("{}%", decimal(share * 100.0, 1))
}

/// The page for `figures` of a roster under `instance`.
pub fn render(instance: &Instance, figures: &Figures) -> String {
    render_with(instance, figures, None)
}

/// The page for `figures` of a roster under `instance`, with a what-if section when given one.
pub fn render_with(instance: &Instance, figures: &Figures, whatif: Option<&WhatifFigures>) -> String {
    let mut page = String::with_capacity(64 * 1024 + figures.staff.len() * figures.days.len() * 40);
    let title = if instance.name.is_empty() { "Roster report".to_string() } else { instance.name.clone() };
    open_page(&mut page, &format!("Roster report: {title}"), &unit_palette(instance.units.len()));
    header(&mut page, instance, &title, whatif.is_some());
    key_figures(&mut page, figures);
    verdict(&mut page, &figures.violations);
    grid(&mut page, instance, figures);
    hours(&mut page, instance, figures);
    coverage(&mut page, instance, figures);
    charts(&mut page, figures);
    agency(&mut page, instance, figures);
    if let Some(whatif) = whatif {
        whatif::section(&mut page, whatif, Some(&instance.name));
    }
    close_page(&mut page);
    page
}

/// The start of a page titled `title`, with the style sheet and `extra_style`, up to `<body>`.
fn open_page(page: &mut String, title: &str, extra_style: &str) {
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\" data-report=\"loading\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}{extra_style}</style>\n</head>\n<body>\n",
        esc(title),
    );
}

/// The end of a page: the script, `</body>` and `</html>`.
fn close_page(page: &mut String) {
    let _ = write!(page, "<script>\n{SCRIPT}</script>\n</body>\n</html>\n");
}

/// One background colour per unit, `.u0`, `.u1`, ...: hues spread by the golden angle.
fn unit_palette(units: usize) -> String {
    let mut css = String::new();
    for u in 0..units {
        let hue = (u as f64 * 137.508) % 360.0;
        let _ = writeln!(css, ".u{u}{{background:hsl({hue:.0},70%,84%)}}");
    }
    css
}

fn header(page: &mut String, instance: &Instance, title: &str, whatif: bool) {
    let last = instance.date(instance.days - 1);
    let _ = writeln!(
        page,
        "<header><h1>{}</h1><p>{} to {} ({} days), time zone {}, rules {}; {} staff, {} units, {} vacancies.</p>\
         <nav><a href=\"#kpi\">Key figures</a> <a href=\"#verdict\">Checker</a> <a href=\"#roster\">Roster</a> \
         <a href=\"#hours\">Hours</a> <a href=\"#coverage\">Coverage</a> <a href=\"#charts\">Agency charts</a> \
         <a href=\"#agency\">Agency vacancies</a>{}</nav></header>",
        esc(title),
        instance.start_date,
        last,
        instance.days,
        esc(instance.zone.name()),
        esc(instance.preset.name()),
        instance.staff.len(),
        instance.units.len(),
        instance.vacancies.len(),
        if whatif { " <a href=\"#whatif\">What-if</a>" } else { "" },
    );
}

fn key_figures(page: &mut String, figures: &Figures) {
    let kpi = &figures.kpi;
    let status = match &figures.solve {
        Some(solve) => match solve.status {
            SolveStatus::Optimal => "optimal".to_string(),
            SolveStatus::Feasible => format!("feasible, gap {}", percent(solve.gap)),
            SolveStatus::Infeasible => "infeasible".to_string(),
            SolveStatus::NoSolution => "no solution".to_string(),
        },
        None => "unknown".to_string(),
    };
    let status_note = match &figures.solve {
        Some(solve) => {
            format!("objective {}, best bound {}", decimal(solve.objective, 4), decimal(solve.best_bound, 4))
        }
        None => "hand-written roster: no solve report; figures recomputed from the assignments".to_string(),
    };
    let verdict = match figures.violations.len() {
        0 => "clean".to_string(),
        1 => "1 violation".to_string(),
        n => format!("{n} violations"),
    };
    let cards: Vec<(&str, &str, String, String)> = vec![
        ("vacancy-hours", "Vacancy hours", h(kpi.vacancy_hours), "paid hours × headcount".into()),
        ("pool-hours", "Covered by pool", h(kpi.pool_hours), format!("fill rate {}", percent(kpi.fill_rate))),
        ("agency-hours", "Agency hours", h(kpi.agency_hours), format!("{} agency lines", figures.agency.len())),
        ("agency-cost", "Agency cost", h(kpi.agency_cost), format!("objective {}", decimal(kpi.objective, 4))),
        ("fill-rate", "Fill rate", percent(kpi.fill_rate), "share of vacancy hours covered".into()),
        ("status", "Solve status", status, status_note),
        ("verdict", "Checker", verdict, "independent check of every hard rule".into()),
        ("overtime", "Overtime hours", h(kpi.overtime_hours), format!("substitute hours {}", h(kpi.substitute_hours))),
    ];
    page.push_str("<section id=\"kpi\"><h2>Key figures</h2><div class=\"cards\">\n");
    for (id, label, value, note) in cards {
        card(page, &format!("kpi-{id}"), label, &value, &note);
    }
    if kpi.over_cover_cost != 0.0 || kpi.request_cost != 0.0 {
        let note = format!("over-cover {}, requests {}", h(kpi.over_cover_cost), h(kpi.request_cost));
        card(page, "kpi-other-cost", "Other primary cost", &h(kpi.over_cover_cost + kpi.request_cost), &note);
    }
    page.push_str("</div></section>\n");
}

/// One key-figure card: a label, a large value and a note under it (all escaped here).
fn card(page: &mut String, id: &str, label: &str, value: &str, note: &str) {
    let _ = writeln!(
        page,
        "<div class=\"card\" id=\"{}\"><div class=\"label\">{}</div><div class=\"value\">{}</div>\
         <div class=\"note\">{}</div></div>",
        esc(id),
        esc(label),
        esc(value),
        esc(note)
    );
}

fn verdict(page: &mut String, violations: &[Violation]) {
    page.push_str("<section id=\"verdict\"><h2>Checker's verdict</h2>\n");
    if violations.is_empty() {
        page.push_str("<p class=\"ok\">Clean: the independent checker finds no broken hard rule.</p>\n");
    } else {
        let _ = writeln!(
            page,
            "<p class=\"bad\">The roster breaks hard rules: {} violation{}.</p>\n<table id=\"violations\">\
             <thead><tr><th>Rule</th><th>Staff</th><th>Vacancies</th><th>What is wrong</th><th>Source</th></tr></thead><tbody>",
            violations.len(),
            if violations.len() == 1 { "" } else { "s" }
        );
        for v in violations {
            let _ = writeln!(
                page,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&v.rule.name()),
                esc(v.staff.as_deref().unwrap_or("")),
                esc(&v.vacancies.join(", ")),
                esc(&v.message),
                esc(v.citation)
            );
        }
        page.push_str("</tbody></table>\n");
    }
    page.push_str("</section>\n");
}

/// Short label of the vacancies of a cell: shift type ids, or local start times.
fn cell_label(instance: &Instance, cell: &Cell) -> (String, String) {
    let mut labels = Vec::new();
    let mut details = Vec::new();
    for &v in &cell.vacancies {
        let vacancy = &instance.vacancies[v];
        let start = instance.format(vacancy.shift.start);
        let end = instance.format(vacancy.shift.end);
        labels.push(match vacancy.shift_type {
            Some(t) => instance.shift_types[t].id.clone(),
            None => start.get(11..16).unwrap_or(&start).to_string(),
        });
        details.push(format!(
            "{} at {}: {} to {}, {} h",
            vacancy.id,
            instance.units[vacancy.unit].id,
            start,
            end,
            h(vacancy.shift.paid_hours)
        ));
    }
    (labels.join("+"), details.join("; "))
}

fn grid(page: &mut String, instance: &Instance, figures: &Figures) {
    page.push_str(
        "<section id=\"roster\"><h2>Roster</h2>\n<p>Each cell shows the shift and the unit; its colour is the unit. \
         Grey: booked elsewhere; hatched: unavailable; <span class=\"flag\">!</span> marks staff with violations.</p>\n\
         <p class=\"legend\">",
    );
    for (u, unit) in instance.units.iter().enumerate() {
        let _ = write!(page, "<span class=\"u{u}\" title=\"{}\">{}</span> ", esc(&unit.name), esc(&unit.id));
    }
    page.push_str(
        "</p>\n<p><label>Filter staff: <input id=\"staff-filter\" type=\"search\" placeholder=\"id or name\"></label></p>\n\
         <div class=\"scroll\"><table id=\"roster-grid\" class=\"grid\">\n<colgroup><col>",
    );
    for day in &figures.days {
        page.push_str(if day.weekend { "<col class=\"we\">" } else { "<col>" });
    }
    page.push_str("</colgroup>\n<thead><tr><th class=\"who\">Staff</th>");
    for day in &figures.days {
        let _ = write!(page, "<th>{}<i>{}</i></th>", day.date.format("%a"), day.date.format("%d/%m"));
    }
    page.push_str("</tr></thead>\n<tbody>\n");
    for row in &figures.staff {
        let member = &instance.staff[row.staff];
        let flag = if row.violations > 0 { "<span class=\"flag\">!</span>" } else { "" };
        let _ = write!(
            page,
            "<tr><th class=\"who\" title=\"{}\">{}{flag}<i>{}</i></th>",
            esc(&member.name),
            esc(&member.id),
            esc(&member.name)
        );
        for cell in &row.cells {
            if let Some(&first) = cell.vacancies.first() {
                let (label, detail) = cell_label(instance, cell);
                let unit = instance.vacancies[first].unit;
                let _ = write!(
                    page,
                    "<td class=\"u{unit}\" title=\"{}\">{}<i>{}</i></td>",
                    esc(&detail),
                    esc(&label),
                    esc(&instance.units[unit].id)
                );
            } else if !cell.bookings.is_empty() {
                let _ =
                    write!(page, "<td class=\"bk\" title=\"booked: {}\">booked</td>", esc(&cell.bookings.join("; ")));
            } else if let Some(reason) = &cell.unavailable {
                let _ = write!(page, "<td class=\"na\" title=\"unavailable: {}\"></td>", esc(reason));
            } else {
                page.push_str("<td></td>");
            }
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody></table></div></section>\n");
}

fn hours(page: &mut String, instance: &Instance, figures: &Figures) {
    page.push_str(
        "<section id=\"hours\"><h2>Hours against contract</h2>\n<table id=\"hours-table\"><thead><tr><th>Staff</th>\
         <th>Name</th><th>Worked h</th><th>of which booked</th><th>Contract h</th><th>Difference</th><th></th></tr></thead><tbody>\n",
    );
    for row in &figures.staff {
        let member = &instance.staff[row.staff];
        let difference = row.worked_hours - row.contract_hours;
        let max = row.contract_hours.max(row.worked_hours).max(1.0);
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n{}\">{}{}</td><td><meter min=\"0\" max=\"{}\" low=\"{}\" high=\"{}\" optimum=\"{}\" value=\"{}\"></meter></td></tr>",
            esc(&member.id),
            esc(&member.name),
            h(row.worked_hours),
            h(row.booked_hours),
            h(row.contract_hours),
            if difference > 1e-9 { " over" } else { "" },
            if difference > 1e-9 { "+" } else { "" },
            h(difference),
            decimal(max, 2),
            decimal(row.contract_hours * 0.5, 2),
            decimal(row.contract_hours + 1e-6, 2),
            decimal(row.contract_hours, 2),
            decimal(row.worked_hours, 2),
        );
    }
    page.push_str("</tbody></table></section>\n");
}

/// Heat class of a unit-day: `h4` fully covered by the pool down to `h0` (under a quarter).
fn heat_class(c: &Coverage) -> &'static str {
    if c.vacancy_hours <= 0.0 {
        return "";
    }
    let share = c.pool_hours / c.vacancy_hours;
    if share >= 1.0 - 1e-9 {
        "h4"
    } else if share >= 0.75 {
        "h3"
    } else if share >= 0.5 {
        "h2"
    } else if share >= 0.25 {
        "h1"
    } else {
        "h0"
    }
}

fn coverage(page: &mut String, instance: &Instance, figures: &Figures) {
    page.push_str(
        "<section id=\"coverage\"><h2>Coverage per unit and day</h2>\n<p>Colour: share of the day's vacancy hours \
         covered by the pool (<span class=\"h4\">all</span> <span class=\"h3\">≥ 75%</span> <span class=\"h2\">≥ 50%</span> \
         <span class=\"h1\">≥ 25%</span> <span class=\"h0\">less</span>); number: hours left to the agency.</p>\n\
         <div class=\"scroll\"><table id=\"coverage-map\" class=\"grid heat\"><thead><tr><th class=\"who\">Unit</th>",
    );
    for day in &figures.days {
        let _ = write!(page, "<th>{}<i>{}</i></th>", day.date.format("%a"), day.date.format("%d/%m"));
    }
    page.push_str("</tr></thead><tbody>\n");
    for (unit, days) in instance.units.iter().zip(&figures.coverage) {
        let _ = write!(page, "<tr><th class=\"who\" title=\"{}\">{}</th>", esc(&unit.name), esc(&unit.id));
        for (day, c) in figures.days.iter().zip(days) {
            if c.vacancy_hours <= 0.0 {
                page.push_str("<td></td>");
                continue;
            }
            let agency = c.agency_hours();
            let _ = write!(
                page,
                "<td class=\"{}\" title=\"{} {}: {} h needed, {} h by the pool, {} h to the agency\">{}</td>",
                heat_class(c),
                esc(&unit.id),
                day.date,
                h(c.vacancy_hours),
                h(c.pool_hours),
                h(agency),
                if agency > 1e-9 { h(agency) } else { String::new() },
            );
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody></table></div></section>\n");
}

/// A horizontal bar chart as inline SVG, bars sorted by hours (largest first).
fn bar_chart(id: &str, title: &str, bars: &[Bar]) -> String {
    const ROW: usize = 22;
    const LABEL: f64 = 170.0;
    const AREA: f64 = 430.0;
    let mut sorted: Vec<&Bar> = bars.iter().collect();
    sorted.sort_by(|a, b| b.hours.total_cmp(&a.hours));
    let max = sorted.first().map_or(0.0, |b| b.hours).max(1e-9);
    let height = 30 + ROW * sorted.len().max(1);
    let mut svg = format!(
        "<figure><figcaption>{}</figcaption><svg id=\"{id}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"680\" height=\"{height}\" viewBox=\"0 0 680 {height}\" role=\"img\" aria-label=\"{}\">\n",
        esc(title),
        esc(title)
    );
    if sorted.is_empty() {
        svg.push_str("<text x=\"10\" y=\"20\">nothing to show</text>\n");
    }
    for (i, bar) in sorted.iter().enumerate() {
        let y = 10 + ROW * i;
        let width = AREA * bar.hours.max(0.0) / max;
        let _ = writeln!(
            svg,
            "<g><title>{}: {} h</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{width:.1}\" height=\"{}\"></rect><text x=\"{:.1}\" y=\"{}\">{}</text></g>",
            esc(if bar.name.is_empty() { &bar.label } else { &bar.name }),
            h(bar.hours),
            LABEL - 6.0,
            y + 14,
            esc(&bar.label),
            ROW - 6,
            LABEL + width + 4.0,
            y + 14,
            h(bar.hours),
        );
    }
    svg.push_str("</svg></figure>\n");
    svg
}

fn charts(page: &mut String, figures: &Figures) {
    page.push_str("<section id=\"charts\"><h2>Agency hours</h2><div class=\"charts\">\n");
    page.push_str(&bar_chart("agency-by-competence", "Agency hours by competence", &figures.agency_by_competence));
    page.push_str(&bar_chart("agency-by-unit", "Agency hours by unit", &figures.agency_by_unit));
    page.push_str("</div></section>\n");
}

/// Staff ids, the first few, then how many more.
fn named(ids: &[String]) -> String {
    let mut text = ids.iter().take(MAX_NAMED).cloned().collect::<Vec<_>>().join(", ");
    if ids.len() > MAX_NAMED {
        let _ = write!(text, " and {} more", ids.len() - MAX_NAMED);
    }
    text
}

/// Blockers, the first few with the rules in their way, then how many more.
fn blockers(staff: &[Blocker]) -> String {
    let mut parts: Vec<String> = staff
        .iter()
        .take(MAX_NAMED)
        .map(|b| {
            let rules: Vec<String> = b.rules.iter().map(|r| r.name()).collect();
            if rules.is_empty() {
                b.staff.clone()
            } else {
                format!("{} [{}]", b.staff, rules.join(", "))
            }
        })
        .collect();
    if staff.len() > MAX_NAMED {
        parts.push(format!("and {} more", staff.len() - MAX_NAMED));
    }
    parts.join("; ")
}

/// What stops each of the first few blockers of an agency line, one line each.
pub fn reason_details(reason: &AgencyReason) -> Vec<String> {
    match reason {
        AgencyReason::Unavailable { staff } | AgencyReason::Blocked { staff, .. } => {
            staff.iter().take(MAX_NAMED).map(|b| format!("{}: {}", b.staff, b.detail)).collect()
        }
        _ => Vec::new(),
    }
}

/// Why an agency line was not covered, in words.
pub fn reason_text(reason: &AgencyReason) -> String {
    match reason {
        AgencyReason::NoCompetence => "Nobody in the pool holds the competence or a substitute for it.".into(),
        AgencyReason::NotIntroduced { qualified } => {
            format!("Qualified staff ({}) are not introduced to the unit.", named(qualified))
        }
        AgencyReason::Unavailable { staff } => {
            format!("Everyone qualified and introduced is unavailable or booked: {}.", blockers(staff))
        }
        AgencyReason::Blocked { staff, cheaper_overall } => {
            let mut text = format!("Each candidate would break a rule: {}.", blockers(staff));
            if *cheaper_overall {
                text.push_str(
                    " They are blocked only by shifts they cover instead: covering this one would leave another at \
                     least as costly to the agency.",
                );
            }
            text
        }
        AgencyReason::NotEnoughCandidates { assigned } => {
            format!("Every candidate ({}) already works it; the headcount needs more people.", named(assigned))
        }
        AgencyReason::NotProven { candidates } => {
            format!("Not proven: candidates {} were free to take it when the roster was made.", named(candidates))
        }
        AgencyReason::NotAnalysed { candidates } => format!(
            "Not analysed: the time limit ran out before the labour rules of the candidates ({}) were checked.",
            named(candidates)
        ),
    }
}

fn agency(page: &mut String, instance: &Instance, figures: &Figures) {
    let _ = writeln!(page, "<section id=\"agency\"><h2>Vacancies left to the agency ({})</h2>", figures.agency.len());
    if figures.agency_recomputed {
        page.push_str("<p class=\"note\">The roster has no solve report: these reasons were worked out here from the assignments.</p>\n");
    }
    if figures.agency.is_empty() {
        page.push_str("<p class=\"ok\">None: the pool covers every vacancy.</p></section>\n");
        return;
    }
    page.push_str(
        "<p><label>Filter: <input id=\"agency-filter\" type=\"search\" placeholder=\"unit, competence, reason\"></label></p>\n\
         <table id=\"agency-list\"><thead><tr><th>Vacancy</th><th>Unit</th><th>Competence</th><th>Start</th><th>End</th>\
         <th>People</th><th>Hours each</th><th>Cost</th><th>Reason</th><th>Why</th></tr></thead><tbody>\n",
    );
    let vacancies = index_of(instance.vacancies.iter().map(|v| v.id.as_str()));
    for line in &figures.agency {
        let end = vacancies.get(line.vacancy.as_str()).map(|&v| instance.format(instance.vacancies[v].shift.end));
        write_agency_line(page, line, &end.unwrap_or_default());
    }
    page.push_str("</tbody></table></section>\n");
}

fn write_agency_line(page: &mut String, line: &AgencyShift, end: &str) {
    let _ = write!(
        page,
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
         <td class=\"n\">{}</td><td>{}</td><td>{}",
        esc(&line.vacancy),
        esc(&line.unit),
        esc(&line.competence),
        esc(&line.start),
        esc(end),
        line.headcount,
        h(line.hours),
        h(line.cost),
        esc(line.reason.kind()),
        esc(&reason_text(&line.reason)),
    );
    let details = reason_details(&line.reason);
    if !details.is_empty() {
        page.push_str("<details><summary>details</summary><ul>");
        for detail in &details {
            let _ = write!(page, "<li>{}</li>", esc(detail));
        }
        page.push_str("</ul></details>");
    }
    page.push_str("</td></tr>\n");
}

/// The page's style sheet (unit colours are appended per scenario).
const STYLE: &str = r#"body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0 1.5em 3em;color:#1d2330;background:#fff}
header{border-bottom:2px solid #2b5a8a;margin-bottom:1em}
h1{font-size:1.5em;margin:.6em 0 .2em}h2{font-size:1.2em;margin:1.6em 0 .5em;color:#2b5a8a}
nav a{margin-right:1em;color:#2b5a8a}
.cards{display:flex;flex-wrap:wrap;gap:.8em}
.card{border:1px solid #d5dbe5;border-radius:6px;padding:.6em .9em;min-width:10em;background:#f7f9fc}
.card .label{font-size:.85em;color:#556}.card .value{font-size:1.6em;font-weight:600}.card .note{font-size:.8em;color:#667}
.ok{color:#1b6e2e;font-weight:600}.bad{color:#a31515;font-weight:600}.note{color:#667}
table{border-collapse:collapse;font-size:12px}
th,td{border:1px solid #dde2ea;padding:2px 4px;vertical-align:top}
thead th{background:#eef2f7;position:sticky;top:0;z-index:1}
.scroll{overflow:auto;max-height:80vh;border:1px solid #ccd}
table.grid td{min-width:3.6em;height:2.3em;text-align:center;white-space:nowrap}
table.grid i,th i{display:block;font-style:normal;font-size:10px;color:#445}
th.who{position:sticky;left:0;background:#f4f6fa;text-align:left;white-space:nowrap;z-index:2}
thead th.who{z-index:3}
col.we{background:#f3efe6}
td.bk{background:#d9d9d9;color:#333;font-size:10px}
td.na{background:repeating-linear-gradient(45deg,#fff,#fff 3px,#e4e4e4 3px,#e4e4e4 6px)}
.flag{color:#fff;background:#c0392b;border-radius:50%;padding:0 .35em;margin-left:.3em;font-size:10px}
.legend span{display:inline-block;padding:1px 6px;margin:1px;border-radius:3px;font-size:11px}
td.n{text-align:right}td.over{color:#a31515}
meter{width:8em}
.heat td{min-width:2.4em;height:1.6em;text-align:right;font-size:11px}
.h4{background:#bfe3c3}.h3{background:#e3efb0}.h2{background:#fbe3a1}.h1{background:#f8bf8f}.h0{background:#f19a8e}
#coverage p span{padding:0 .4em}
.charts{display:flex;flex-wrap:wrap;gap:2em}
figure{margin:0}figcaption{font-weight:600;margin-bottom:.3em}
svg.chart text{font-size:12px;fill:#1d2330}svg.chart rect{fill:#c0504d}
tr.hidden{display:none}
figure.whatif svg{max-width:100%;height:auto;border:1px solid #dde2ea}
tr.not-proven td{background:#fff4d6}tr.failed td{background:#f9d6d2}tr.cheapest td{font-weight:600}
.mark{display:inline-block;border-radius:3px;padding:0 .3em;margin:0 .15em;font-size:10px;color:#fff;background:#2b5a8a}
.mark.warn{background:#b26b00}.mark.fail{background:#a31515}
.warning{color:#8a5300}ul.missing{columns:3;font-size:12px}
#agency-list td:nth-child(-n+5){white-space:nowrap}
details ul{margin:.2em 0;padding-left:1.2em}summary{cursor:pointer;color:#2b5a8a}
@media print{.scroll{max-height:none;overflow:visible}nav,input{display:none}}
"#;

/// The page's script: row filters for the grid and the agency list; counts the grid's rows, the
/// charts and the what-if table's rows, and marks the page as rendered (`data-report="ready"`,
/// or `data-report="error: ..."`) for tests.
const SCRIPT: &str = r#"(function () {
  "use strict";
  var root = document.documentElement;
  try {
    function filter(inputId, tableId) {
      var input = document.getElementById(inputId);
      var table = document.getElementById(tableId);
      if (!input || !table) { return; }
      input.addEventListener("input", function () {
        var needle = input.value.trim().toLowerCase();
        var rows = table.tBodies[0].rows;
        for (var i = 0; i < rows.length; i++) {
          var hit = needle === "" || rows[i].textContent.toLowerCase().indexOf(needle) >= 0;
          rows[i].classList.toggle("hidden", !hit);
        }
      });
    }
    filter("staff-filter", "roster-grid");
    filter("agency-filter", "agency-list");
    var grid = document.getElementById("roster-grid");
    if (grid) { root.setAttribute("data-grid-rows", String(grid.tBodies[0].rows.length)); }
    root.setAttribute("data-charts", String(document.querySelectorAll("figure svg").length));
    var sweep = document.getElementById("whatif-table");
    if (sweep) { root.setAttribute("data-whatif-rows", String(sweep.tBodies[0].rows.length)); }
    root.setAttribute("data-report", "ready");
  } catch (e) {
    root.setAttribute("data-report", "error: " + e);
    throw e;
  }
})();
"#;

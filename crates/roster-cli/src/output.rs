//! Presentation: the text `roster` prints (violations, the solve summary, the scenario
//! summary) and the two print helpers that never panic on a closed pipe.
//!
//! Everything here formats values the library computed; nothing is decided here.

use roster::check::Violation;
use roster::roster::{AgencyReason, Kpi, Roster, SolveReport, SolveStatus};
use roster::Instance;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

/// Writes `text` to stdout. A closed pipe (`roster schema | head`) is not an error worth a
/// panic, so write errors are ignored.
pub fn stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Writes `text` to stderr, ignoring write errors.
pub fn stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// A number for people and CSV: at most `decimals` decimals, trailing zeros dropped, no `-0`.
pub fn num(x: f64, decimals: usize) -> String {
    roster::roster::decimal(x, decimals)
}

/// A share 0..1 as a percentage with one decimal, e.g. `81.3%`.
pub fn percent(share: f64) -> String {
    format!("{}%", num(share * 100.0, 1))
}

/// A relative gap as a percentage: one decimal, or two significant digits below 0.1%, so that a
/// gap that is not zero never reads as `0%` (Curtois Instance 12: 4,042 against a bound of
/// 4,040 is `0.049%`).
pub fn gap_percent(gap: f64) -> String {
    let p = gap * 100.0;
    if p <= 0.0 || p >= 0.1 {
        return percent(gap);
    }
    let decimals = (1.0 - p.log10().floor()) as usize;
    format!("{}%", num(p, decimals))
}

/// One violation as an indented block: rule, staff and vacancies, the message, the citation.
pub fn violation(v: &Violation) -> String {
    let mut head = format!("  {}", v.rule);
    if let Some(staff) = &v.staff {
        let _ = write!(head, "  staff {staff}");
    }
    if !v.vacancies.is_empty() {
        let label = if v.vacancies.len() == 1 { "vacancy" } else { "vacancies" };
        let _ = write!(head, "  {label} {}", v.vacancies.join(", "));
    }
    format!("{head}\n    {}\n    rule: {}\n", v.message, v.citation)
}

/// Every violation, one block each.
pub fn violations(list: &[Violation]) -> String {
    list.iter().map(violation).collect()
}

/// "1 violation" / "3 violations".
pub fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The snake_case name of an agency reason, as in the roster JSON's `reason.kind`.
pub fn reason_kind(reason: &AgencyReason) -> &'static str {
    reason.kind()
}

/// The status line of a solve: `optimal`, `feasible with gap 1.2%`, ...
pub fn status(report: &SolveReport) -> String {
    match report.status {
        SolveStatus::Optimal => "optimal".to_string(),
        SolveStatus::Feasible => format!("feasible with gap {}", gap_percent(report.gap)),
        SolveStatus::Infeasible => "infeasible".to_string(),
        SolveStatus::NoSolution => "no solution".to_string(),
    }
}

/// The summary `roster solve` prints after writing the roster.
pub fn solve_summary(roster: &Roster, kpi: &Kpi, report: &SolveReport) -> String {
    let mut s = String::new();
    let mut status = status(report);
    if !report.secondary_optimal {
        status.push_str(" (secondary objective not optimised to the end)");
    }
    let _ = writeln!(s, "status:          {status}");
    let _ = writeln!(s, "vacancy hours:   {}", num(kpi.vacancy_hours, 2));
    let _ = writeln!(s, "covered by pool: {} h ({})", num(kpi.pool_hours, 2), percent(kpi.fill_rate));
    let _ = writeln!(s, "agency:          {} h, cost {}", num(kpi.agency_hours, 2), num(kpi.agency_cost, 2));
    if kpi.over_cover_cost != 0.0 {
        let _ = writeln!(s, "over-cover cost: {}", num(kpi.over_cover_cost, 2));
    }
    if kpi.request_cost != 0.0 {
        let _ = writeln!(s, "request cost:    {}", num(kpi.request_cost, 2));
    }
    let _ = writeln!(s, "objective:       {}", num(report.objective, 4));
    let _ = writeln!(s, "best bound:      {}", num(report.best_bound, 4));
    let _ = writeln!(s, "gap:             {}", gap_percent(report.gap));
    let _ = writeln!(s, "time:            {} s", num(report.seconds, 3));
    let _ = writeln!(s, "components:      {}", report.components);
    let mut by_reason: BTreeMap<&str, usize> = BTreeMap::new();
    for shift in &roster.agency {
        *by_reason.entry(reason_kind(&shift.reason)).or_default() += 1;
    }
    let reasons = if by_reason.is_empty() {
        "none".to_string()
    } else {
        by_reason.iter().map(|(kind, n)| format!("{kind} {n}")).collect::<Vec<_>>().join(", ")
    };
    let _ = writeln!(s, "agency vacancies: {} ({reasons})", roster.agency.len());
    s
}

/// The summary `roster validate` prints for a valid scenario.
pub fn scenario_summary(instance: &Instance, vacancy_hours: f64) -> String {
    let mut s = String::new();
    let headcount: u64 = instance.vacancies.iter().map(|v| u64::from(v.headcount)).sum();
    let end = instance.date(instance.days);
    if !instance.name.is_empty() {
        let _ = writeln!(s, "scenario:      {}", instance.name);
    }
    let _ = writeln!(s, "staff:         {}", instance.staff.len());
    let _ = writeln!(s, "sites:         {}", instance.sites.len());
    let _ = writeln!(s, "units:         {}", instance.units.len());
    let _ = writeln!(s, "competences:   {}", instance.competences.len());
    let _ = writeln!(s, "vacancies:     {} (headcount {headcount})", instance.vacancies.len());
    let _ = writeln!(s, "vacancy hours: {}", num(vacancy_hours, 2));
    let _ = writeln!(
        s,
        "horizon:       {} .. {} ({})",
        instance.start_date,
        end,
        count(instance.days.max(0) as usize, "day")
    );
    let _ = writeln!(s, "time zone:     {}", instance.zone.name());
    let _ = writeln!(s, "rules preset:  {}", instance.preset.name());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_never_negative_zero() {
        assert_eq!(num(7.5, 2), "7.5");
        assert_eq!(num(8.0, 2), "8");
        assert_eq!(num(7.499999999, 2), "7.5");
        assert_eq!(num(-0.0001, 2), "0");
        assert_eq!(num(1234.5678, 2), "1234.57");
        assert_eq!(percent(0.8134), "81.3%");
    }

    #[test]
    fn a_gap_that_is_not_zero_never_reads_as_zero() {
        assert_eq!(gap_percent(0.0), "0%");
        assert_eq!(gap_percent(0.043), "4.3%");
        assert_eq!(gap_percent(0.001), "0.1%");
        // Curtois Instance 12: 4,042 against 4,040.
        assert_eq!(gap_percent(2.0 / 4042.0), "0.049%");
        assert_eq!(gap_percent(0.00002), "0.002%");
        assert_eq!(gap_percent(0.0000123), "0.0012%");
    }
}

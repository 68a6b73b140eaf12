//! The command line: commands, arguments and their help text (clap derive). Parsing only;
//! usage errors make clap exit with code 2.

use crate::exit;
use chrono::{Datelike, NaiveDate};
use clap::builder::RangedU64ValueParser;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Staff rosters for healthcare staffing pools: cover vacant shifts with pool staff so that as
/// few hours as possible are bought from agencies, within labour law and contracts.
#[derive(Debug, Parser)]
#[command(name = "roster", version, after_help = exit::HELP, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Solve a scenario: write the roster that minimises agency cost, and print its key figures.
    #[command(after_help = exit::HELP)]
    Solve(SolveArgs),
    /// Check a roster against a scenario's hard rules and recompute its objective.
    #[command(after_help = exit::HELP)]
    Check(CheckArgs),
    /// List what changed between two rosters: per staff member, shifts added and removed.
    #[command(after_help = exit::HELP)]
    Diff(DiffArgs),
    /// Validate a scenario (every problem, with its JSON path) and summarise it.
    #[command(after_help = exit::HELP)]
    Validate(ValidateArgs),
    /// Print the JSON Schema of the scenario (or roster) file format.
    #[command(after_help = exit::HELP)]
    Schema(SchemaArgs),
    /// Write a generated (random but reproducible) scenario, for trials and benchmarks.
    #[command(after_help = exit::HELP)]
    Generate(GenerateArgs),
    /// Convert a benchmark instance from the literature into a scenario.
    #[command(after_help = exit::HELP)]
    Import(ImportArgs),
    /// Write a roster in another layout.
    #[command(after_help = exit::HELP)]
    Export(ExportArgs),
    /// Write a self-contained HTML report of a roster: key figures, grid, coverage, charts,
    /// hours against contract, the checker's verdict and why each agency vacancy was not covered;
    /// with --whatif, of what-if results too (or only of them).
    #[command(after_help = exit::HELP)]
    Report(ReportArgs),
    /// What-if pool sizing: sweep (or optimise) hires of given profiles and departures, and
    /// report agency hours, total cost, the marginal saving of each hire and the break-even point.
    #[command(after_help = exit::HELP)]
    Whatif(crate::whatif_cmd::WhatifArgs),
}

/// `roster solve`.
#[derive(Debug, Clone, Args)]
pub struct SolveArgs {
    /// Scenario file (JSON). It is validated first; bookings that already break hard rules are
    /// refused.
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// Where to write the roster (JSON). Replaced atomically, and only when a roster is found.
    #[arg(long, value_name = "ROSTER.json")]
    pub out: PathBuf,
    /// Also write the roster as CSV: one row per assignment and per agency vacancy.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Limits, threads, seed and search of the solve.
    #[command(flatten)]
    pub solver: SolveFlags,
    /// Stop after minimising agency cost: skip the secondary objective (overtime, fairness,
    /// preferences).
    #[arg(long)]
    pub no_secondary: bool,
    /// The roster published before (nightly re-planning): shifts starting within the notice
    /// period (scenario `planning`) are kept unless impossible now; later ones change only where
    /// agency cost demands, each change costing `objective.change_per_shift` in stage 2.
    #[arg(long, value_name = "ROSTER.json")]
    pub previous: Option<PathBuf>,
    /// With --previous: write the change list (per staff member, shifts added and removed, and
    /// what could not be carried over) as JSON. The summary is printed either way.
    #[arg(long, value_name = "FILE", requires = "previous")]
    pub changes: Option<PathBuf>,
    /// The moment the plan is made, local time (`2026-03-01T18:00`); overrides the scenario's
    /// `planning.now`. The notice period counts from it.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    /// Print nothing on success (errors still go to stderr).
    #[arg(long, short)]
    pub quiet: bool,
    /// Log each phase with its timing on stderr: `error`, `warn`, `info`, `debug` (or set RUST_LOG).
    #[arg(long, value_name = "LEVEL")]
    pub log: Option<String>,
    /// Log lines as JSON objects (one per line) instead of text.
    #[arg(long)]
    pub log_json: bool,
}

/// The solver flags `roster solve` and `roster whatif` share.
#[derive(Debug, Clone, Args)]
pub struct SolveFlags {
    /// Wall-clock limit in seconds (for `whatif`: per point). Without it the solve runs until
    /// the gap is closed; a solve stopped by it reports its gap.
    #[arg(long, value_name = "S", value_parser = positive_seconds)]
    pub time_limit: Option<f64>,
    /// Relative optimality gap at which to stop (0.01 = 1%); 0 proves optimality.
    #[arg(long, value_name = "G", default_value_t = 0.0, value_parser = non_negative_gap)]
    pub gap: f64,
    /// Solver threads; 0 uses all cores (for `whatif`: the budget shared by all points). Under
    /// --time-limit each group's solve also runs a search beside its tree on one thread more.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Random seed for the solver (same seed, same input: same roster).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
    /// Race a large-neighbourhood search against HiGHS's branch-and-bound on an extra thread
    /// (experimental): better rosters sooner on large pools, but the roster may then depend on
    /// timing.
    #[arg(long)]
    pub search: bool,
}

impl SolveFlags {
    /// The solve options these flags set (the others at their defaults).
    pub fn options(&self) -> roster::SolveOptions {
        roster::SolveOptions {
            time_limit: self.time_limit,
            gap: self.gap,
            threads: self.threads,
            seed: self.seed,
            search: self.search,
            ..roster::SolveOptions::default()
        }
    }
}

/// `roster diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The roster before (JSON).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The roster after (JSON).
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Write the change list as JSON to this file (else a summary is printed).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// `roster check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario file (JSON).
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// Roster file (JSON), as written by `roster solve` or by hand.
    #[arg(value_name = "ROSTER")]
    pub roster: PathBuf,
    /// Print the violations and the recomputed objective as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `roster validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario file (JSON).
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
}

/// `roster schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Print the schema of the roster file instead of the scenario file.
    #[arg(long)]
    pub roster: bool,
}

/// `roster generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of pool staff (1 to 10000; one unit per five staff).
    #[arg(long, value_name = "N", value_parser = RangedU64ValueParser::<usize>::new().range(1..=MAX_STAFF))]
    pub staff: usize,
    /// Length of the horizon in weeks (1 to 260).
    #[arg(long, value_name = "W", value_parser = clap::value_parser!(u32).range(1..=MAX_WEEKS))]
    pub weeks: u32,
    /// Random seed: the same seed and options give the same scenario, byte for byte.
    #[arg(long, value_name = "S")]
    pub seed: u64,
    /// First day of the horizon, YYYY-MM-DD, meant to be a Monday (default: the generator's,
    /// Monday 2026-10-12, whose four weeks span the autumn daylight-saving change).
    #[arg(long, value_name = "DATE", value_parser = horizon_start)]
    pub start: Option<NaiveDate>,
    /// Where to write the scenario (JSON). Replaced atomically.
    #[arg(long, value_name = "SCENARIO.json")]
    pub out: PathBuf,
}

/// `roster import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The benchmark's format.
    #[command(subcommand)]
    pub format: ImportFormat,
}

/// The formats `roster import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportFormat {
    /// A Curtois & Qu nurse-rostering instance (schedulingbenchmarks.org, `InstanceN.txt`).
    #[command(after_help = exit::HELP)]
    Curtois(ImportCurtoisArgs),
}

/// `roster import curtois`.
#[derive(Debug, Args)]
pub struct ImportCurtoisArgs {
    /// The instance file (plain text, CRLF or LF line ends).
    #[arg(value_name = "INSTANCE.txt")]
    pub instance: PathBuf,
    /// Where to write the scenario (JSON). Replaced atomically.
    #[arg(long, value_name = "SCENARIO.json")]
    pub out: PathBuf,
}

/// `roster export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The layout.
    #[command(subcommand)]
    pub format: ExportFormat,
}

/// The layouts `roster export` writes.
#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// A staff × day grid: one tab-separated line per staff member, the id and then the shift
    /// type worked each day of the horizon (empty when off).
    #[command(after_help = exit::HELP)]
    Grid(ExportGridArgs),
    /// iCalendar (RFC 5545): one staff member's shifts (`--staff ID`), or one file per staff
    /// member (`--all --out-dir DIR`), in the scenario's time zone.
    #[command(after_help = exit::HELP)]
    Ics(crate::report_cmd::ExportIcsArgs),
    /// CSV (RFC 4180): one row per assignment and one per vacancy left to the agency.
    #[command(after_help = exit::HELP)]
    Csv(crate::report_cmd::ExportCsvArgs),
}

/// `roster report`.
pub use crate::report_cmd::ReportArgs;

/// `roster export grid`.
#[derive(Debug, Args)]
pub struct ExportGridArgs {
    /// Scenario file (JSON).
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// Roster file (JSON).
    #[arg(value_name = "ROSTER")]
    pub roster: PathBuf,
    /// Write the grid to this file (replaced atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Most staff `generate` accepts.
const MAX_STAFF: u64 = 10_000;
/// Most weeks `generate` accepts.
const MAX_WEEKS: i64 = 260;

/// A generator start date: `YYYY-MM-DD` in the years 1900 to 9000, so the horizon (and the week
/// of bookings before it) stays well inside the calendar.
fn horizon_start(text: &str) -> Result<NaiveDate, String> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|e| format!("expected a date like 2026-10-12, got {text:?} ({e})"))?;
    if (1900..=9000).contains(&date.year()) {
        Ok(date)
    } else {
        Err(format!("expected a date in the years 1900 to 9000, got {date}"))
    }
}

/// A time limit: a positive, finite number of seconds.
pub(crate) fn positive_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        _ => Err(format!("expected a positive number of seconds, got {text:?}")),
    }
}

/// A relative gap: a finite number >= 0.
pub(crate) fn non_negative_gap(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!("expected a relative gap >= 0 such as 0.01, got {text:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn limits_reject_nonsense() {
        assert!(positive_seconds("0").is_err());
        assert!(positive_seconds("NaN").is_err());
        assert_eq!(positive_seconds("2.5"), Ok(2.5));
        assert!(non_negative_gap("-0.1").is_err());
        assert_eq!(non_negative_gap("0"), Ok(0.0));
        assert!(horizon_start("0001-01-01").is_err());
        assert!(horizon_start("2026-13-01").is_err());
        assert_eq!(horizon_start("2026-03-02"), Ok(NaiveDate::from_ymd_opt(2026, 3, 2).expect("date")));
    }
}

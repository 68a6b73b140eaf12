//! `roster report`, `roster export ics` and `roster export csv`: their arguments, and the
//! commands that load the scenario and roster (and what-if results), call `roster_report` and
//! write the files atomically. Nothing is computed here.

use crate::atomic;
use crate::commands::{refuse_overwrite, CommandResult, Failure};
use crate::{exit, output};
use clap::Args;
use roster::{Instance, Roster};
use std::path::{Path, PathBuf};

/// `roster report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Scenario file (JSON). Leave out SCENARIO and ROSTER, and give --whatif, for a page of the
    /// what-if results alone.
    #[arg(value_name = "SCENARIO", requires = "roster")]
    pub scenario: Option<PathBuf>,
    /// Roster file (JSON), as written by `roster solve` or by hand (then the solve status is
    /// unknown and the agency reasons are worked out from the assignments).
    #[arg(value_name = "ROSTER")]
    pub roster: Option<PathBuf>,
    /// What-if results (JSON, as written by `roster whatif --json` or `roster whatif merge
    /// --json`): adds a what-if section to the report, or, without SCENARIO and ROSTER, makes a
    /// page of its own (sweep table, marginal savings, break-even, cheapest point, chart).
    #[arg(long, value_name = "RESULTS.json", required_unless_present = "scenario")]
    pub whatif: Option<PathBuf>,
    /// Where to write the report (one self-contained HTML file). Replaced atomically.
    #[arg(long, value_name = "REPORT.html")]
    pub out: PathBuf,
}

/// `roster export ics`.
#[derive(Debug, Args)]
pub struct ExportIcsArgs {
    /// Roster file (JSON).
    #[arg(value_name = "ROSTER")]
    pub roster: PathBuf,
    /// Scenario file (JSON) the roster was made for: it holds the time zone, the shifts' real
    /// times, units and names.
    #[arg(long, value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// The staff member whose calendar to write.
    #[arg(long, value_name = "ID", required_unless_present = "all", conflicts_with = "all")]
    pub staff: Option<String>,
    /// Write one calendar per staff member (`ID.ics`) into `--out-dir`.
    #[arg(long, requires = "out_dir")]
    pub all: bool,
    /// Where to write the calendar of `--staff` (replaced atomically); stdout without it.
    #[arg(long, value_name = "FILE.ics", conflicts_with = "all")]
    pub out: Option<PathBuf>,
    /// With `--all`: the folder for the calendars (created if missing; each file replaced
    /// atomically).
    #[arg(long, value_name = "DIR", requires = "all")]
    pub out_dir: Option<PathBuf>,
}

/// `roster export csv`.
#[derive(Debug, Args)]
pub struct ExportCsvArgs {
    /// Scenario file (JSON).
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// Roster file (JSON).
    #[arg(value_name = "ROSTER")]
    pub roster: PathBuf,
    /// Write the CSV to this file (replaced atomically) instead of stdout.
    #[arg(long, value_name = "FILE.csv")]
    pub out: Option<PathBuf>,
}

/// Loads the scenario and the roster.
fn load(scenario: &Path, roster: &Path) -> Result<(Instance, Roster), Failure> {
    Ok((roster::load_instance(scenario)?, roster::load_roster(roster)?))
}

/// A roster that does not belong to its scenario: bad input.
fn mismatch(roster: &Path, scenario: &Path, e: impl std::fmt::Display) -> Failure {
    Failure::new(exit::BAD_INPUT, format!("{} (scenario {}): {e}", roster.display(), scenario.display()))
}

/// Writes `bytes` to `out`, or to stdout without it.
fn write_or_print(out: Option<&Path>, bytes: &[u8]) -> Result<(), Failure> {
    match out {
        Some(path) => {
            atomic::write(path, bytes)?;
            output::stdout(&format!("wrote {}\n", path.display()));
        }
        None => output::stdout(&String::from_utf8_lossy(bytes)),
    }
    Ok(())
}

/// `roster report`.
pub fn report(args: &ReportArgs) -> CommandResult {
    let inputs: Vec<&Path> =
        [&args.scenario, &args.roster, &args.whatif].into_iter().flatten().map(|p| p.as_path()).collect();
    refuse_overwrite("--out", &args.out, &inputs)?;
    let whatif = args.whatif.as_deref().map(roster_report::read_results).transpose()?;
    let page = match (&args.scenario, &args.roster, &whatif) {
        (Some(scenario), Some(roster_file), whatif) => {
            let (instance, roster) = load(scenario, roster_file)?;
            match whatif {
                Some(results) => roster_report::html::report_with_whatif(&instance, &roster, results),
                None => roster_report::html::report(&instance, &roster),
            }
            .map_err(|e| mismatch(roster_file, scenario, e))?
        }
        (None, None, Some(results)) => roster_report::html::whatif_page(results),
        _ => {
            return Err(Failure::new(
                exit::BAD_INPUT,
                "expected SCENARIO ROSTER, --whatif RESULTS.json, or both (see roster report --help)",
            ))
        }
    };
    write_or_print(Some(&args.out), page.as_bytes())?;
    Ok(exit::OK)
}

/// `roster export ics`.
pub fn export_ics(args: &ExportIcsArgs) -> CommandResult {
    if let Some(out) = &args.out {
        refuse_overwrite("--out", out, &[&args.scenario, &args.roster])?;
    }
    let (instance, roster) = load(&args.scenario, &args.roster)?;
    let stamp = chrono::Utc::now();
    match (&args.staff, &args.out_dir) {
        (Some(id), _) => {
            let text = roster_report::ics::staff_calendar(&instance, &roster, id, stamp)
                .map_err(|e| mismatch(&args.roster, &args.scenario, e))?;
            write_or_print(args.out.as_deref(), text.as_bytes())?;
        }
        (None, Some(dir)) => {
            let files = roster_report::ics::all_calendars(&instance, &roster, stamp)
                .map_err(|e| mismatch(&args.roster, &args.scenario, e))?;
            std::fs::create_dir_all(dir).map_err(|e| {
                Failure::new(exit::BAD_INPUT, format!("cannot create the folder {}: {e}", dir.display()))
            })?;
            for file in &files {
                let path = dir.join(&file.file_name);
                refuse_overwrite("--out-dir", &path, &[&args.scenario, &args.roster])?;
                atomic::write(&path, file.text.as_bytes())?;
            }
            output::stdout(&format!("wrote {} in {}\n", output::count(files.len(), "calendar"), dir.display()));
        }
        (None, None) => return Err(Failure::new(exit::BAD_INPUT, "give --staff ID or --all --out-dir DIR")),
    }
    Ok(exit::OK)
}

/// `roster export csv`.
pub fn export_csv(args: &ExportCsvArgs) -> CommandResult {
    if let Some(out) = &args.out {
        refuse_overwrite("--out", out, &[&args.scenario, &args.roster])?;
    }
    let (instance, roster) = load(&args.scenario, &args.roster)?;
    roster_report::resolve(&instance, &roster).map_err(|e| mismatch(&args.roster, &args.scenario, e))?;
    let bytes = roster_report::csv::render(&roster, &instance)
        .map_err(|e| Failure::new(exit::BAD_INPUT, format!("cannot write the CSV: {e}")))?;
    write_or_print(args.out.as_deref(), &bytes)?;
    Ok(exit::OK)
}

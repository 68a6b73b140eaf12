//! `roster whatif` and `roster whatif merge`: the arguments, and the command that hands them to
//! the `roster_whatif` library, shows progress (a bar on a terminal, plain lines otherwise),
//! prints the summary and writes the CSV, JSON and SVG outputs atomically. SIGINT/SIGTERM stop
//! the sweep: the points solved so far are written, the rest marked `not_run`.

use crate::atomic;
use crate::commands::{CommandResult, Failure};
use crate::output::{self, num};
use crate::{exit, unattended};
use clap::{Args, Subcommand};
use roster::SolveError;
use roster_whatif::{
    AxisKind, AxisRequest, Plan, PointOutcome, Profile, Shard, SweepOptions, SweepResults, Unsolved, WhatifError,
};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// `roster whatif`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct WhatifArgs {
    /// Combine shard outputs instead of sweeping.
    #[command(subcommand)]
    pub command: Option<WhatifCommand>,
    /// Scenario file (JSON).
    #[arg(value_name = "SCENARIO", required = true)]
    pub scenario: Option<PathBuf>,
    /// An axis of hires: PROFILE=RANGE, e.g. `ssk=0..10` or `iva-ssk=0..4:2` (both ends
    /// included, optional step) or `ssk=3`. PROFILE is a profile id from --profiles or a
    /// competence id (built-in profile). Repeat for a grid over several axes.
    #[arg(long, value_name = "PROFILE=RANGE")]
    pub add: Vec<String>,
    /// Staff removed at every point (a staff id, or several separated by commas), or an axis of
    /// departures COMPETENCE=RANGE removing that many holders of the competence (the last ones in
    /// the scenario's staff order).
    #[arg(long, value_name = "ID|COMPETENCE=RANGE")]
    pub remove: Vec<String>,
    /// Hire profiles (JSON, `{"profiles": [...]}`); ids not found there fall back to the built-in
    /// profile of the competence with that id.
    #[arg(long, value_name = "PROFILES.json")]
    pub profiles: Option<PathBuf>,
    /// Where to write the table (CSV): one line per point. Replaced atomically.
    #[arg(long, value_name = "RESULTS.csv", required = true)]
    pub out: Option<PathBuf>,
    /// Also write the results as JSON (the input of `roster whatif merge`).
    #[arg(long, value_name = "RESULTS.json")]
    pub json: Option<PathBuf>,
    /// Also draw agency hours and total cost against added staff as an SVG chart.
    #[arg(long, value_name = "CHART.svg")]
    pub chart: Option<PathBuf>,
    /// Choose the hire counts in one model (hire cost against agency cost) instead of sweeping:
    /// the cost-optimal composition within the ranges. Add axes only.
    #[arg(long, conflicts_with_all = ["shard", "chart"])]
    pub optimize: bool,
    /// Run only shard K of N (1 <= K <= N): the points whose number i has i % N = K - 1.
    /// Combine the --json outputs with `roster whatif merge`.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
    /// How many points run side by side, each with an equal share of --threads (default: one at
    /// a time when the scenario splits into at least as many independent groups as threads,
    /// which each solve runs in parallel; else as many as threads).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub points_at_once: Option<u32>,
    /// Time limit, gap, threads (shared by all points), seed and search of every point's solve.
    #[command(flatten)]
    pub solver: crate::args::SolveFlags,
    /// Also optimise the secondary objective at every point (overtime, fairness): slower, and
    /// only the overtime figure depends on it.
    #[arg(long)]
    pub secondary: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Subcommands of `roster whatif`.
#[derive(Debug, Subcommand)]
pub enum WhatifCommand {
    /// Combine the --json outputs of shards (`--shard K/N`) into the results of the whole sweep.
    #[command(after_help = exit::HELP)]
    Merge(MergeArgs),
}

/// `roster whatif merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Shard results (JSON), as written by `roster whatif --shard K/N --json FILE`.
    #[arg(value_name = "RESULTS.json", required = true)]
    pub parts: Vec<PathBuf>,
    /// Where to write the table (CSV).
    #[arg(long, value_name = "RESULTS.csv")]
    pub out: PathBuf,
    /// Also write the merged results as JSON.
    #[arg(long, value_name = "RESULTS.json")]
    pub json: Option<PathBuf>,
    /// Also draw the chart (SVG).
    #[arg(long, value_name = "CHART.svg")]
    pub chart: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

fn parse_shard(text: &str) -> Result<Shard, String> {
    text.parse()
}

/// The exit code and message of a library error.
fn failure(e: WhatifError) -> Failure {
    let code = match &e {
        WhatifError::Usage(_) | WhatifError::Invalid { .. } | WhatifError::Chart(_) => exit::BAD_INPUT,
        WhatifError::Solve { error: SolveError::Infeasible { .. }, .. } => exit::INFEASIBLE,
        WhatifError::Solve { .. } | WhatifError::Solver(_) => exit::NO_SOLUTION,
        WhatifError::CheckFailed { .. } => exit::VIOLATIONS,
    };
    let message = e.to_string();
    Failure::new(code, if code == exit::BAD_INPUT { message } else { format!("{message}; nothing written") })
}

/// Refuses outputs that would replace an input or each other, and outputs that cannot be written.
fn check_outputs(outputs: &[(&str, &Path)], inputs: &[&Path]) -> Result<(), Failure> {
    for (i, (flag, path)) in outputs.iter().enumerate() {
        if let Some(input) = inputs.iter().find(|input| atomic::same_target(path, input)) {
            return Err(Failure::new(
                exit::BAD_INPUT,
                format!("{flag} {} would overwrite the input {}", path.display(), input.display()),
            ));
        }
        if let Some((other, _)) = outputs[..i].iter().find(|(_, other)| atomic::same_target(path, other)) {
            return Err(Failure::new(exit::BAD_INPUT, format!("{other} and {flag} name the same file")));
        }
        atomic::preflight(path)?;
    }
    Ok(())
}

/// `roster whatif`.
pub fn whatif(args: &WhatifArgs) -> CommandResult {
    if let Some(WhatifCommand::Merge(merge)) = &args.command {
        return merge_cmd(merge);
    }
    let (Some(scenario_file), Some(out)) = (&args.scenario, &args.out) else {
        return Err(Failure::new(exit::BAD_INPUT, "expected SCENARIO and --out (see roster whatif --help)"));
    };
    // RUST_LOG shows the solves' phases on stderr, as `roster solve --log` does.
    crate::unattended::init_logs(None, false).map_err(|e| Failure::new(exit::BAD_INPUT, e))?;
    let mut outputs = vec![("--out", out.as_path())];
    outputs.extend(args.json.as_deref().map(|p| ("--json", p)));
    outputs.extend(args.chart.as_deref().map(|p| ("--chart", p)));
    let mut inputs = vec![scenario_file.as_path()];
    inputs.extend(args.profiles.as_deref());
    check_outputs(&outputs, &inputs)?;

    let scenario = roster::load_scenario(scenario_file)?;
    let given: Vec<Profile> = match &args.profiles {
        Some(file) => roster_whatif::load_profiles(file, &scenario)?,
        None => Vec::new(),
    };
    let profiles = roster_whatif::with_defaults(given, &scenario);
    let mut axes = Vec::new();
    for text in &args.add {
        let (name, values) =
            roster_whatif::parse_axis(text).map_err(|e| Failure::new(exit::BAD_INPUT, format!("--add {e}")))?;
        axes.push(AxisRequest { kind: AxisKind::Add, name, values });
    }
    let mut removed = Vec::new();
    for text in &args.remove {
        if text.contains('=') {
            let (name, values) =
                roster_whatif::parse_axis(text).map_err(|e| Failure::new(exit::BAD_INPUT, format!("--remove {e}")))?;
            axes.push(AxisRequest { kind: AxisKind::Remove, name, values });
        } else {
            removed.extend(text.split(',').map(|id| id.trim().to_string()).filter(|id| !id.is_empty()));
        }
    }
    let plan = Plan::new(scenario, &profiles, axes, removed).map_err(|e| match e {
        WhatifError::Invalid { errors, .. } => {
            Failure::from(roster::LoadError::Invalid { file: scenario_file.clone(), errors })
        }
        e => failure(e),
    })?;
    let solve = roster::SolveOptions {
        secondary: args.secondary,
        cancel: Some(unattended::stop_flag()),
        ..args.solver.options()
    };

    if args.optimize {
        let optimum = roster_whatif::optimize(&plan, &solve).map_err(failure)?;
        let results = SweepResults::new(plan.summary(), None, vec![optimum.row.clone()], Vec::new(), false);
        unattended::writing();
        write_outputs(&results, out, args.json.as_deref().map(|p| (p, serde_json::to_value(&optimum))), None)?;
        if !args.quiet {
            let mut text = optimum_summary(&plan, &optimum);
            if unattended::stopped() {
                text.push_str("stopped by signal: this is the best composition found so far (see the gap)\n");
            }
            output::stdout(&text);
        }
        return Ok(exit::OK);
    }

    let total = plan.points_in(args.shard).len();
    let progress = Progress::new(total, args.quiet);
    let options =
        SweepOptions { solve, shard: args.shard, points_at_once: args.points_at_once.map_or(0, |n| n as usize) };
    let results = roster_whatif::run(&plan, &options, |point| progress.point(&plan, point));
    progress.finish();
    if results.rows.is_empty() {
        return Err(nothing_solved(&results));
    }
    unattended::writing();
    let json = args.json.as_deref().map(|p| (p, serde_json::to_value(&results)));
    write_outputs(&results, out, json, args.chart.as_deref())?;
    if !args.quiet {
        output::stdout(&sweep_summary(&results));
    }
    let check_failed = results.unsolved.iter().filter(|p| p.status == Unsolved::CheckFailed).count();
    if check_failed > 0 {
        return Err(Failure::new(
            exit::VIOLATIONS,
            format!(
                "the solver's roster failed the checker at {} (a bug, please report it); those rows have no figures",
                output::count(check_failed, "point")
            ),
        ));
    }
    Ok(exit::OK)
}

/// The failure when no point of a sweep has figures: exit 1 if a roster failed the checker, 3 if
/// every point is infeasible, 4 otherwise (no roster within the limits, solver failure, stopped
/// by a signal before any point was solved). Nothing is written.
fn nothing_solved(results: &SweepResults) -> Failure {
    let statuses: Vec<Unsolved> = results.unsolved.iter().map(|p| p.status).collect();
    let code = if statuses.contains(&Unsolved::CheckFailed) {
        exit::VIOLATIONS
    } else if !statuses.is_empty() && statuses.iter().all(|&s| s == Unsolved::Infeasible) {
        exit::INFEASIBLE
    } else {
        exit::NO_SOLUTION
    };
    let mut message = String::from("no point of the sweep could be solved; nothing written");
    if results.stopped {
        message.push_str(" (stopped by signal)");
    }
    message.push(':');
    let label = |counts: &[u32]| roster_whatif::plan::label(&results.plan.axes, counts);
    for point in results.unsolved.iter().filter(|p| p.status != Unsolved::NotRun).take(10) {
        message.push_str(&format!("\n  {}: {}: {}", label(&point.counts), point.status.name(), point.reason()));
    }
    let not_run = statuses.iter().filter(|&&s| s == Unsolved::NotRun).count();
    if not_run > 0 {
        message.push_str(&format!("\n  {} not run", output::count(not_run, "point")));
    }
    Failure::new(code, message)
}

/// `roster whatif merge`.
fn merge_cmd(args: &MergeArgs) -> CommandResult {
    let mut outputs = vec![("--out", args.out.as_path())];
    outputs.extend(args.json.as_deref().map(|p| ("--json", p)));
    outputs.extend(args.chart.as_deref().map(|p| ("--chart", p)));
    let inputs: Vec<&Path> = args.parts.iter().map(PathBuf::as_path).collect();
    check_outputs(&outputs, &inputs)?;
    let mut parts = Vec::new();
    for file in &args.parts {
        let part: SweepResults = roster::error::read_json(file)?;
        parts.push((file.display().to_string(), part));
    }
    let results = roster_whatif::merge(parts).map_err(failure)?;
    unattended::writing();
    let json = args.json.as_deref().map(|p| (p, serde_json::to_value(&results)));
    write_outputs(&results, &args.out, json, args.chart.as_deref())?;
    if !args.quiet {
        output::stdout(&sweep_summary(&results));
    }
    Ok(exit::OK)
}

/// Writes the CSV table, the JSON and the chart, each atomically.
fn write_outputs(
    results: &SweepResults,
    out: &Path,
    json: Option<(&Path, serde_json::Result<serde_json::Value>)>,
    chart: Option<&Path>,
) -> Result<(), Failure> {
    let table = roster_whatif::csv(results).map_err(failure)?;
    let svg = chart.map(|_| roster_whatif::svg(results)).transpose().map_err(failure)?;
    let json = match json {
        Some((path, value)) => {
            let value =
                value.map_err(|e| Failure::new(exit::BAD_INPUT, format!("cannot write {}: {e}", path.display())))?;
            let mut bytes = serde_json::to_vec_pretty(&value)
                .map_err(|e| Failure::new(exit::BAD_INPUT, format!("cannot write {}: {e}", path.display())))?;
            bytes.push(b'\n');
            Some((path, bytes))
        }
        None => None,
    };
    atomic::write(out, table.as_bytes())?;
    if let Some((path, bytes)) = json {
        atomic::write(path, &bytes)?;
    }
    if let (Some(path), Some(svg)) = (chart, svg) {
        atomic::write(path, svg.as_bytes())?;
    }
    Ok(())
}

/// Progress of a sweep: a bar on a terminal, one plain line per point otherwise (stderr).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: usize,
    done: std::cell::Cell<usize>,
    quiet: bool,
}

impl Progress {
    fn new(total: usize, quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{elapsed_precise} [{bar:30}] {pos}/{len} points, ETA {eta} {msg}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        Progress { bar, total, done: std::cell::Cell::new(0), quiet }
    }

    fn point(&self, plan: &Plan, point: &PointOutcome) {
        self.done.set(self.done.get() + 1);
        let line = match point {
            PointOutcome::Solved(row) => format!(
                "{}: {} agency h, total cost {}, {}{} ({} s)",
                plan.label(&row.counts),
                num(row.agency_hours, 2),
                num(row.total_cost, 2),
                roster_whatif::table::status(row.status),
                if row.gap > 0.0 { format!(" gap {}", output::gap_percent(row.gap)) } else { String::new() },
                num(row.seconds, 1)
            ),
            PointOutcome::Unsolved(p) => format!(
                "{}: {}{}",
                plan.label(&p.counts),
                p.status.name(),
                if p.message.is_empty() { String::new() } else { format!(": {}", p.reason()) }
            ),
        };
        match &self.bar {
            Some(bar) => {
                bar.set_message(line);
                bar.inc(1);
            }
            None if !self.quiet => output::stderr(&format!("[{}/{}] {line}\n", self.done.get(), self.total)),
            None => {}
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The printed summary of a sweep: per axis its break-even point, the cheapest point, warnings.
fn sweep_summary(results: &SweepResults) -> String {
    let mut text = String::new();
    let plan = &results.plan;
    let rows = &results.rows;
    let label = |counts: &[u32]| roster_whatif::plan::label(&plan.axes, counts);
    text.push_str(&format!(
        "{} of {} points{}\n",
        rows.len(),
        plan.points,
        if results.shard.is_some() { " (a shard: merge the shards for the analysis)" } else { "" }
    ));
    for point in results.unsolved.iter().filter(|p| p.status != Unsolved::NotRun) {
        let why = point.reason();
        text.push_str(&format!(
            "{}: {} ({why}); no figures, the sweep went on\n",
            label(&point.counts),
            point.status.name()
        ));
    }
    if results.stopped {
        let not_run = results.unsolved.iter().filter(|p| p.status == Unsolved::NotRun).count();
        text.push_str(&format!(
            "stopped by signal: the results are incomplete ({} not run, status not_run; points cut short show their gap)\n",
            output::count(not_run, "point")
        ));
    }
    for (axis, summary) in plan.axes.iter().zip(&results.analysis.axes) {
        if axis.kind != AxisKind::Add {
            continue;
        }
        match summary.break_even {
            Some(v) if summary.every_step_pays => text.push_str(&format!(
                "{}: every hire up to {v} pays for itself (hire cost {} each); the break-even lies beyond the range\n",
                summary.axis,
                num(axis.cost_per_hire, 2)
            )),
            Some(v) => text.push_str(&format!(
                "{}: break-even at {v}: the next hire would save less than its cost of {}\n",
                summary.axis,
                num(axis.cost_per_hire, 2)
            )),
            None => {}
        }
    }
    if let Some(best) = results.analysis.cheapest.and_then(|i| rows.iter().find(|r| r.index == i)) {
        text.push_str(&format!(
            "cheapest point: {} (total cost {}: agency {} for {} h, hires {})\n",
            label(&best.counts),
            num(best.total_cost, 2),
            num(best.agency_cost, 2),
            num(best.agency_hours, 2),
            num(best.hire_cost, 2)
        ));
    }
    let stopped = rows.iter().filter(|r| r.gap > 0.0).count();
    if stopped > 0 {
        text.push_str(&format!(
            "{} stopped before proving optimality (see the gap column)\n",
            output::count(stopped, "point")
        ));
    }
    for w in &results.analysis.warnings {
        text.push_str(&format!("warning: {w}\n"));
    }
    text
}

/// The printed result of `--optimize`.
fn optimum_summary(plan: &Plan, optimum: &roster_whatif::Optimum) -> String {
    let row = &optimum.row;
    format!(
        "cost-optimal hires: {} ({}): total cost {} = agency {} for {} h + hires {}; {}{}\n",
        plan.label(&optimum.counts),
        if optimum.grid_point.is_some() { "on the sweep's grid" } else { "between the grid's steps" },
        num(row.total_cost, 2),
        num(row.agency_cost, 2),
        num(row.agency_hours, 2),
        num(row.hire_cost, 2),
        roster_whatif::table::status(row.status),
        if row.gap > 0.0 { format!(" (gap {})", output::gap_percent(row.gap)) } else { String::new() }
    )
}

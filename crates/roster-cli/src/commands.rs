//! The commands: each loads its input through the library, calls the library, prints and
//! writes files, and returns the exit code (or a [`Failure`] that `main` prints to stderr).

use crate::args::{
    CheckArgs, DiffArgs, ExportGridArgs, GenerateArgs, ImportCurtoisArgs, SchemaArgs, SolveArgs, ValidateArgs,
};
use crate::atomic::{self, WriteError};
use crate::{exit, output, unattended};
use roster::{Instance, LoadError, SolveError, SolveOptions};
use std::path::Path;

/// A command that did not do what was asked: the exit code and the message for stderr.
#[derive(Debug)]
pub struct Failure {
    /// Process exit code, from [`exit`].
    pub code: u8,
    /// What went wrong, without the `error: ` prefix (may span several lines).
    pub message: String,
}

impl Failure {
    /// A failure with exit code `code`.
    pub fn new(code: u8, message: impl Into<String>) -> Failure {
        Failure { code, message: message.into() }
    }
}

impl From<LoadError> for Failure {
    fn from(e: LoadError) -> Failure {
        Failure::new(exit::BAD_INPUT, e.to_string())
    }
}

impl From<WriteError> for Failure {
    fn from(e: WriteError) -> Failure {
        Failure::new(exit::BAD_INPUT, e.to_string())
    }
}

/// A command's result: the exit code to end with, or a failure to report.
pub type CommandResult = Result<u8, Failure>;

/// Loads and validates a scenario, and refuses one whose bookings already break hard rules.
fn load_valid_instance(file: &Path) -> Result<Instance, Failure> {
    let instance = roster::load_instance(file)?;
    let broken = roster::check::booking_violations(&instance);
    if !broken.is_empty() {
        return Err(Failure::new(
            exit::BAD_INPUT,
            format!(
                "{}: bookings already break hard rules ({}); no roster can be valid:\n{}",
                file.display(),
                output::count(broken.len(), "violation"),
                output::violations(&broken)
            ),
        ));
    }
    Ok(instance)
}

/// Serialises `value` as pretty JSON with a final newline, for an output file at `path`.
fn pretty_json<T: serde::Serialize>(value: &T, path: &Path) -> Result<Vec<u8>, Failure> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| Failure::new(exit::BAD_INPUT, format!("cannot write {}: {e}", path.display())))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// `roster solve`.
pub fn solve(args: &SolveArgs) -> CommandResult {
    unattended::init_logs(args.log.as_deref(), args.log_json).map_err(|e| Failure::new(exit::BAD_INPUT, e))?;
    let mut outputs = vec![("--out", args.out.as_path())];
    if let Some(csv) = &args.csv {
        outputs.push(("--csv", csv.as_path()));
    }
    if let Some(changes) = &args.changes {
        outputs.push(("--changes", changes.as_path()));
    }
    for (i, (flag, path)) in outputs.iter().enumerate() {
        if atomic::same_target(path, &args.scenario) {
            return Err(Failure::new(
                exit::BAD_INPUT,
                format!("{flag} {} would overwrite the scenario", path.display()),
            ));
        }
        if outputs[..i].iter().any(|(_, other)| atomic::same_target(path, other)) {
            return Err(Failure::new(exit::BAD_INPUT, format!("{flag} names the same file as another output")));
        }
    }
    let loading = std::time::Instant::now();
    let mut instance = load_valid_instance(&args.scenario)?;
    if let Some(now) = &args.now {
        instance.now = roster::time::WallClock::parse(now)
            .and_then(|t| t.resolve(instance.zone))
            .map_err(|e| Failure::new(exit::BAD_INPUT, format!("--now {now}: {e}")))?;
    }
    let previous = match &args.previous {
        Some(path) => Some(roster::load_roster(path)?),
        None => None,
    };
    tracing::info!(
        file = %args.scenario.display(),
        staff = instance.staff.len(),
        vacancies = instance.vacancies.len(),
        seconds = loading.elapsed().as_secs_f64(),
        "scenario loaded and validated"
    );
    // Fail before a long solve rather than after it when an output cannot be written.
    for (_, path) in &outputs {
        atomic::preflight(path)?;
    }

    let instance = std::sync::Arc::new(instance);
    let best_so_far = roster::solve::BestSoFar::new();
    let options = SolveOptions {
        secondary: !args.no_secondary,
        cancel: Some(unattended::stop_flag()),
        previous,
        best_so_far: Some(best_so_far.clone()),
        ..args.solver.options()
    };
    let display = unattended::progress_display(args.quiet);
    if let Some(limit) = args.solver.time_limit {
        // Past the limit and its grace, the best roster in hand is written instead.
        let (args, instance) = (args.clone(), instance.clone());
        let spinner = display.as_ref().map(|(bar, _)| bar.clone());
        unattended::watchdog(limit, spinner, move |late| {
            let outcome = best_so_far.outcome(&instance)?;
            Some(deliver(&args, &instance, outcome, Some(late)))
        });
    }
    let options = SolveOptions { progress: display.as_ref().map(|(_, callback)| callback.clone()), ..options };
    // A panic inside the solver is a bug, not a reason to abort without a word: report it as a
    // solver failure (the panic message itself is already on stderr).
    let solved = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| roster::solve(&instance, &options)))
        .map_err(|payload| {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Failure::new(
                exit::NO_SOLUTION,
                format!(
                    "{}: internal error in the solver ({what}); this is a bug, please report it with the scenario. Nothing written",
                    args.scenario.display()
                ),
            )
        })?;
    if let Some((bar, _)) = &display {
        bar.finish_and_clear();
    }
    let outcome = solved.map_err(|e| match e {
        SolveError::Infeasible { reasons } => Failure::new(
            exit::INFEASIBLE,
            format!(
                "{}: the hard rules cannot all be met; nothing written:\n{}",
                args.scenario.display(),
                reasons.iter().map(|r| format!("  {r}")).collect::<Vec<_>>().join("\n")
            ),
        ),
        SolveError::NoSolution { .. } | SolveError::Solver(_) => {
            Failure::new(exit::NO_SOLUTION, format!("{}: {e}; nothing written", args.scenario.display()))
        }
    })?;
    deliver(args, &instance, outcome, None)
}

/// Checks `outcome`'s roster and writes it (and the CSV and change list asked for), then prints
/// the summary. `late` says why a roster comes from [`roster::solve::BestSoFar`] (the solve has
/// not returned). Only one caller writes: another one waits here for the process to end.
fn deliver(args: &SolveArgs, instance: &Instance, outcome: roster::Outcome, late: Option<String>) -> CommandResult {
    let broken = roster::check::check(instance, &outcome.roster);
    if !broken.is_empty() {
        return Err(Failure::new(
            exit::VIOLATIONS,
            format!(
                "the solver's roster fails the checker ({}); this is a bug, please report it. Nothing written:\n{}",
                output::count(broken.len(), "violation"),
                output::violations(&broken)
            ),
        ));
    }

    let json = pretty_json(&outcome.roster, &args.out)?;
    let csv = match &args.csv {
        Some(path) => Some(
            roster_report::csv::render(&outcome.roster, instance)
                .map_err(|e| Failure::new(exit::BAD_INPUT, format!("cannot write {}: {e}", path.display())))?,
        ),
        None => None,
    };
    let changes = match (&args.changes, &outcome.changes) {
        (Some(path), Some(list)) => {
            Some(pretty_json(&serde_json::json!({ "changes": list, "carried_over": outcome.continuity }), path)?)
        }
        _ => None,
    };
    if !unattended::writing() {
        // The watchdog (or the returned solve) writes these outputs and ends the process.
        loop {
            std::thread::park();
        }
    }
    let writing = std::time::Instant::now();
    atomic::write(&args.out, &json)?;
    if let (Some(path), Some(bytes)) = (&args.csv, &csv) {
        atomic::write(path, bytes)?;
    }
    if let (Some(path), Some(bytes)) = (&args.changes, &changes) {
        atomic::write(path, bytes)?;
    }
    tracing::info!(file = %args.out.display(), seconds = writing.elapsed().as_secs_f64(), "roster written");

    if !args.quiet {
        let kpi = match &outcome.roster.kpi {
            Some(kpi) => kpi.clone(),
            None => roster::kpi::kpi(instance, &outcome.roster.assignments),
        };
        let mut text = output::solve_summary(&outcome.roster, &kpi, &outcome.report);
        if let Some(late) = &late {
            text.push_str(&format!("{late}: this is the best roster found by then\n"));
        } else if unattended::stopped() {
            text.push_str("stopped by signal: this is the best roster found so far\n");
        }
        if let Some(list) = &outcome.changes {
            text.push_str(&format!(
                "changes against {}:\n",
                args.previous.as_deref().unwrap_or(Path::new("")).display()
            ));
            text.push_str(&list.to_string());
            for note in &outcome.continuity {
                text.push_str(&format!("  note: {note}\n"));
            }
        }
        text.push_str(&format!("wrote {}\n", args.out.display()));
        for path in [&args.csv, &args.changes].into_iter().flatten() {
            text.push_str(&format!("wrote {}\n", path.display()));
        }
        output::stdout(&text);
    }
    Ok(exit::OK)
}

/// `roster diff`.
pub fn diff(args: &DiffArgs) -> CommandResult {
    let old = roster::load_roster(&args.old)?;
    let new = roster::load_roster(&args.new)?;
    let list = roster::diff::diff(&old, &new);
    match &args.json {
        Some(path) => {
            if atomic::same_target(path, &args.old) || atomic::same_target(path, &args.new) {
                return Err(Failure::new(
                    exit::BAD_INPUT,
                    format!("--json {} would overwrite a roster", path.display()),
                ));
            }
            atomic::write(path, &pretty_json(&list, path)?)?;
        }
        None => output::stdout(&list.to_string()),
    }
    Ok(exit::OK)
}

/// `roster check`.
pub fn check(args: &CheckArgs) -> CommandResult {
    let instance = roster::load_instance(&args.scenario)?;
    let roster = roster::load_roster(&args.roster)?;
    let violations = roster::check::check(&instance, &roster);
    let objective = roster::check::objective(&instance, &roster);
    let stated = roster.solve.as_ref().map(|s| s.objective);
    if args.json {
        let report = serde_json::json!({
            "clean": violations.is_empty(),
            "violations": violations,
            "objective": objective,
            "stated_objective": stated,
        });
        let mut text = serde_json::to_string_pretty(&report)
            .map_err(|e| Failure::new(exit::BAD_INPUT, format!("cannot print the report: {e}")))?;
        text.push('\n');
        output::stdout(&text);
    } else {
        let mut text = output::violations(&violations);
        let verdict =
            if violations.is_empty() { "clean".to_string() } else { output::count(violations.len(), "violation") };
        let stated = stated.map(|s| format!(", stated {}", output::num(s, 4))).unwrap_or_default();
        text.push_str(&format!(
            "{}: {verdict}; {} checked; objective {} (recomputed{stated})\n",
            args.roster.display(),
            output::count(roster.assignments.len(), "assignment"),
            output::num(objective, 4),
        ));
        output::stdout(&text);
    }
    Ok(if violations.is_empty() { exit::OK } else { exit::VIOLATIONS })
}

/// `roster validate`.
pub fn validate(args: &ValidateArgs) -> CommandResult {
    let instance = load_valid_instance(&args.scenario)?;
    let vacancy_hours = roster::kpi::kpi(&instance, &Vec::new()).vacancy_hours;
    let mut text = format!("{}: valid\n", args.scenario.display());
    text.push_str(&output::scenario_summary(&instance, vacancy_hours));
    output::stdout(&text);
    Ok(exit::OK)
}

/// `roster schema`.
pub fn schema(args: &SchemaArgs) -> CommandResult {
    let schema =
        if args.roster { schemars::schema_for!(roster::Roster) } else { schemars::schema_for!(roster::Scenario) };
    let mut text = serde_json::to_string_pretty(&schema)
        .map_err(|e| Failure::new(exit::BAD_INPUT, format!("cannot print the schema: {e}")))?;
    text.push('\n');
    output::stdout(&text);
    Ok(exit::OK)
}

/// `roster generate`.
pub fn generate(args: &GenerateArgs) -> CommandResult {
    let defaults = roster::generate::GenerateOptions::default();
    let options = roster::generate::GenerateOptions {
        staff: args.staff,
        weeks: args.weeks,
        seed: args.seed,
        start: args.start.unwrap_or(defaults.start),
    };
    write_scenario(&roster::generate::generate(&options), &args.out)
}

/// Writes `scenario` as JSON to `out` atomically and says what it holds.
fn write_scenario(scenario: &roster::Scenario, out: &Path) -> CommandResult {
    let json = pretty_json(scenario, out)?;
    atomic::write(out, &json)?;
    let shift_types = match scenario.shift_types.len() {
        0 => String::new(),
        n => format!("{}, ", output::count(n, "shift type")),
    };
    output::stdout(&format!(
        "wrote {}: {} staff, {shift_types}{} vacancies, {} .. {}\n",
        out.display(),
        scenario.staff.len(),
        scenario.vacancies.len(),
        scenario.horizon.start,
        scenario.horizon.end,
    ));
    Ok(exit::OK)
}

/// Fails when the output `out` (given as `flag`) would overwrite one of the `inputs`.
pub(crate) fn refuse_overwrite(flag: &str, out: &Path, inputs: &[&Path]) -> Result<(), Failure> {
    match inputs.iter().find(|input| atomic::same_target(out, input)) {
        Some(input) => Err(Failure::new(
            exit::BAD_INPUT,
            format!("{flag} {} would overwrite the input {}", out.display(), input.display()),
        )),
        None => Ok(()),
    }
}

/// `roster import curtois`.
pub fn import_curtois(args: &ImportCurtoisArgs) -> CommandResult {
    refuse_overwrite("--out", &args.out, &[&args.instance])?;
    let file = args.instance.display();
    let text = std::fs::read_to_string(&args.instance)
        .map_err(|e| Failure::new(exit::BAD_INPUT, format!("{file}: cannot read: {e}")))?;
    let parsed = roster::import::curtois::parse(&text)
        .map_err(|e| Failure::new(exit::BAD_INPUT, format!("{file}:{}: {}", e.line, e.message)))?;
    let name = args.instance.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    write_scenario(&roster::import::curtois::to_scenario(&parsed, &name), &args.out)
}

/// `roster export grid`.
pub fn export_grid(args: &ExportGridArgs) -> CommandResult {
    if let Some(out) = &args.out {
        refuse_overwrite("--out", out, &[&args.scenario, &args.roster])?;
    }
    let instance = roster::load_instance(&args.scenario)?;
    let roster = roster::load_roster(&args.roster)?;
    let text = roster::grid::grid(&instance, &roster)
        .map_err(|e| Failure::new(exit::BAD_INPUT, format!("{}: {e}", args.roster.display())))?;
    match &args.out {
        Some(path) => {
            atomic::write(path, text.as_bytes())?;
            output::stdout(&format!("wrote {}\n", path.display()));
        }
        None => output::stdout(&text),
    }
    Ok(exit::OK)
}

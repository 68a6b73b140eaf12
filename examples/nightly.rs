//! A service embedding the library for nightly runs: load tonight's scenario and the roster
//! published last night, re-plan within a time window (a cancellation token ends the solve early,
//! as a service's shutdown would), report progress, verify the result with the independent
//! checker, and write the new roster and the change list atomically.
//!
//! Run (night 2 of the fixture, with night 1 as the published roster):
//! ```sh
//! cargo run --release --example nightly -- fixtures/nightly/night-1.json "" /tmp/night-1
//! cargo run --release --example nightly -- fixtures/nightly/night-2.json /tmp/night-1/roster.json /tmp/night-2
//! ```
//! Arguments: SCENARIO PREVIOUS_ROSTER (empty for none) OUT_DIR [WINDOW_SECONDS (default 600)].

use roster::{check, load_instance, load_roster, solve, ProgressCallback, SolveOptions};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [scenario, previous, out_dir, rest @ ..] = args.as_slice() else {
        eprintln!("usage: nightly SCENARIO PREVIOUS_ROSTER|\"\" OUT_DIR [WINDOW_SECONDS]");
        return ExitCode::from(2);
    };
    let window: f64 = rest.first().and_then(|w| w.parse().ok()).unwrap_or(600.0);
    match run(Path::new(scenario), Some(previous).filter(|p| !p.is_empty()), Path::new(out_dir), window) {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, message)) => {
            eprintln!("error: {message}");
            ExitCode::from(code)
        }
    }
}

fn run(scenario: &Path, previous: Option<&String>, out_dir: &Path, window: f64) -> Result<(), (u8, String)> {
    let instance = load_instance(scenario).map_err(|e| (2, e.to_string()))?;
    let previous = previous.map(|p| load_roster(p.as_ref())).transpose().map_err(|e| (2, e.to_string()))?;

    // The cancellation token: the service's scheduler sets it when the nightly window closes
    // (or on shutdown); the solve then returns the best roster found so far.
    let cancel = Arc::new(AtomicBool::new(false));
    let token = cancel.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs_f64(window));
        token.store(true, Ordering::Relaxed);
    });
    let progress = ProgressCallback::new(|p| {
        if let Some(best) = p.objective {
            eprintln!(
                "[{:>6.1} s] best {best:.2}, bound {:.2}, {}/{} parts done",
                p.seconds, p.bound, p.done, p.components
            );
        }
    });
    let options = SolveOptions { cancel: Some(cancel), progress: Some(progress), previous, ..SolveOptions::default() };
    let outcome = solve(&instance, &options).map_err(|e| (3, e.to_string()))?;
    let violations = check(&instance, &outcome.roster);
    if !violations.is_empty() {
        return Err((1, format!("the checker rejected the roster: {violations:?}")));
    }

    std::fs::create_dir_all(out_dir).map_err(|e| (2, format!("{}: {e}", out_dir.display())))?;
    write_atomically(&out_dir.join("roster.json"), &outcome.roster)?;
    if let Some(changes) = &outcome.changes {
        write_atomically(&out_dir.join("changes.json"), changes)?;
        print!("{changes}");
        for note in &outcome.continuity {
            println!("  note: {note}");
        }
    }
    let r = &outcome.report;
    println!(
        "{:?}: agency cost {:.2}, bound {:.2}, gap {:.3}%, {:.1} s",
        r.status,
        r.objective,
        r.best_bound,
        100.0 * r.gap,
        r.seconds
    );
    Ok(())
}

/// Writes JSON to a temporary file beside `path` and renames it over `path`: readers see the old
/// file or the new one, never half of one.
fn write_atomically<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), (u8, String)> {
    let tmp = path.with_extension("json.tmp");
    let bytes = serde_json::to_vec_pretty(value).map_err(|e| (2, e.to_string()))?;
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| (2, format!("{}: {e}", path.display())))
}

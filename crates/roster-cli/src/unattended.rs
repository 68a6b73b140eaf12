//! What a long, possibly unattended solve needs around it: SIGINT/SIGTERM that stop the solve
//! and keep the best roster, a progress line on a terminal (never in logs or pipes), and
//! structured log lines on stderr.

use crate::commands::CommandResult;
use indicatif::{ProgressBar, ProgressStyle};
use roster::solve::{Progress, ProgressCallback};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Set by the first SIGINT/SIGTERM/SIGHUP; the solve stops and the best roster is written.
static STOP: OnceLock<Arc<AtomicBool>> = OnceLock::new();
/// Set once outputs are being written: a second signal then waits for the rename instead of
/// exiting midway.
static WRITING: AtomicBool = AtomicBool::new(false);

/// The cancellation flag signals set, installing the handler on first use. A second signal
/// before the roster is being written exits at once with code 130 (nothing written).
pub fn stop_flag() -> Arc<AtomicBool> {
    STOP.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        let seen = flag.clone();
        // A failure to install (e.g. another handler) only loses graceful stopping.
        let _ = ctrlc::set_handler(move || {
            if seen.swap(true, Ordering::SeqCst) && !WRITING.load(Ordering::SeqCst) {
                std::process::exit(130);
            }
            eprintln!("\nstopping: finishing with the best roster found so far (signal again to quit at once)");
        });
        flag
    })
    .clone()
}

/// Keeps a nightly window when the solve has not returned `grace` after its time limit
/// (HiGHS checks the limit only between steps, and a very large model can spend minutes in
/// one: presolve, the root's cut loop). `fallback` is then told why and writes the best roster
/// in hand, returning the exit code; the process ends with it, or with code 4 (nothing written)
/// when there is no roster (`None`). Once the returned solve is writing its outputs the
/// watchdog lets it finish. The terminal's progress line (`spinner`) is cleared first.
pub fn watchdog(
    time_limit: f64,
    spinner: Option<ProgressBar>,
    fallback: impl FnOnce(String) -> Option<CommandResult> + Send + 'static,
) {
    let grace = (0.1 * time_limit).max(5.0);
    // ROSTER_WATCHDOG_SECONDS fires it earlier or later, for tests and drills.
    let fire = std::env::var("ROSTER_WATCHDOG_SECONDS").ok().and_then(|v| v.parse::<f64>().ok());
    let (fire, late) = match fire.filter(|s| s.is_finite() && *s >= 0.0) {
        Some(s) => (s, format!("the solver did not return within {s} s (ROSTER_WATCHDOG_SECONDS)")),
        None => (
            time_limit + grace,
            format!("the solver did not return within the time limit ({time_limit} s) plus {grace:.0} s"),
        ),
    };
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs_f64(fire));
        if WRITING.load(Ordering::SeqCst) {
            return;
        }
        // The spinner's line goes before the warning (a terminal would show both on one line).
        if let Some(spinner) = spinner {
            spinner.finish_and_clear();
        }
        eprintln!("warning: {late}; writing the best roster found so far");
        let code = match fallback(late.clone()) {
            Some(Ok(code)) => code,
            Some(Err(failure)) => {
                crate::output::stderr(&format!("error: {}\n", failure.message.trim_end()));
                failure.code
            }
            None => {
                eprintln!("error: {late}, and no roster is in hand (a component has none yet and cannot go without); nothing written");
                crate::exit::NO_SOLUTION
            }
        };
        std::process::exit(i32::from(code));
    });
}

/// Claims the writing of outputs (see [`stop_flag`] and [`watchdog`]): `false` when another
/// thread has claimed it already.
pub fn writing() -> bool {
    !WRITING.swap(true, Ordering::SeqCst)
}

/// Whether a signal stopped the solve.
pub fn stopped() -> bool {
    STOP.get().is_some_and(|f| f.load(Ordering::SeqCst))
}

/// A spinner with the best objective, bound and gap on stderr when it is a terminal and
/// `quiet` is off; `None` otherwise (logs and pipes get no progress noise).
pub fn progress_display(quiet: bool) -> Option<(ProgressBar, ProgressCallback)> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar.set_message("building the model");
    let shown = bar.clone();
    let callback = ProgressCallback::new(move |p: &Progress| shown.set_message(describe(p)));
    Some((bar, callback))
}

fn describe(p: &Progress) -> String {
    let parts = if p.components > 1 { format!("  components {}/{}", p.done, p.components) } else { String::new() };
    match p.objective {
        Some(o) => {
            let gap = if o > 1e-9 { (o - p.bound).max(0.0) / o * 100.0 } else { 0.0 };
            format!("best {o:.2}  bound {:.2}  gap {gap:.2}%{parts}", p.bound)
        }
        None => format!("searching for a first roster  bound {:.2}{parts}", p.bound),
    }
}

/// Installs the log subscriber: `level` (or RUST_LOG) decides what is shown, on stderr, as text
/// or one JSON object per line. Without either, only warnings and errors.
pub fn init_logs(level: Option<&str>, json: bool) -> Result<(), String> {
    use tracing_subscriber::EnvFilter;
    let filter = match level {
        Some(l) => {
            EnvFilter::try_new(l).map_err(|e| format!("--log {l}: {e} (expected error, warn, info, debug or trace)"))?
        }
        None => EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn")),
    };
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let installed = if json {
        builder.json().with_current_span(false).try_init()
    } else {
        builder.with_ansi(std::io::stderr().is_terminal()).try_init()
    };
    installed.map_err(|e| format!("cannot start logging: {e}"))
}

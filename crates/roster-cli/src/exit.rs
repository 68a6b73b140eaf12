//! The process exit codes of `roster`, one named constant each, and the `--help` text that
//! documents them. Scripts rely on these numbers: never renumber them.

/// Success: the command did what was asked (for `check`: the roster breaks no rule).
pub const OK: u8 = 0;

/// Rule violations found: `check` found the roster breaks hard rules, or (a bug) the checker
/// rejected the roster `solve` produced.
pub const VIOLATIONS: u8 = 1;

/// Bad input or usage: unreadable or malformed file, invalid scenario, bookings that already
/// break hard rules, bad command-line arguments, or an output file that could not be written.
pub const BAD_INPUT: u8 = 2;

/// The hard rules cannot all be met (e.g. minimum hours nobody can reach).
pub const INFEASIBLE: u8 = 3;

/// No roster within the limits (time limit reached before any roster was found; or the solve
/// overran its time limit by more than the watchdog's grace with no roster in hand), or the
/// solver itself failed (an error from HiGHS, or a panic inside the solver, which is a bug).
/// Nothing is written.
pub const NO_SOLUTION: u8 = 4;

/// The `after_help` text of the top-level `--help` (and of each command's).
pub const HELP: &str = "\
EXIT CODES:
  0  ok (for `check`: the roster breaks no rule)
  1  violations found (`check`), or the solver's roster failed the checker (a bug)
  2  bad input or usage: unreadable or invalid file, bookings that already break hard
     rules, bad arguments, or an output file that could not be written
  3  the hard rules cannot all be met (infeasible); the reasons are printed
  4  no roster found within the limits (a solve that overruns --time-limit by 10%,
     at least 5 s, writes the best roster in hand instead, if any), or the solver
     failed (including an internal error, which is a bug); nothing is written

Errors go to stderr, prefixed \"error: \". Output files are replaced atomically: on any
failure an existing file is left untouched.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lists_every_code() {
        for code in [OK, VIOLATIONS, BAD_INPUT, INFEASIBLE, NO_SOLUTION] {
            assert!(HELP.contains(&format!("\n  {code}  ")), "exit code {code} is not documented");
        }
    }
}

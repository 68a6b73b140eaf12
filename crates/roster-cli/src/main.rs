//! `roster`: the command line of the roster library. It parses arguments, calls the library,
//! prints and writes files; it holds no domain logic. See `roster --help` for the commands and
//! the exit codes ([`exit`]).

mod args;
mod atomic;
mod commands;
mod exit;
mod output;
mod report_cmd;
mod unattended;
mod whatif_cmd;

use args::{Cli, Command, ExportFormat, ImportFormat};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Solve(a) => commands::solve(a),
        Command::Check(a) => commands::check(a),
        Command::Diff(a) => commands::diff(a),
        Command::Validate(a) => commands::validate(a),
        Command::Schema(a) => commands::schema(a),
        Command::Generate(a) => commands::generate(a),
        Command::Import(a) => match &a.format {
            ImportFormat::Curtois(a) => commands::import_curtois(a),
        },
        Command::Report(a) => report_cmd::report(a),
        Command::Whatif(a) => whatif_cmd::whatif(a),
        Command::Export(a) => match &a.format {
            ExportFormat::Grid(a) => commands::export_grid(a),
            ExportFormat::Ics(a) => report_cmd::export_ics(a),
            ExportFormat::Csv(a) => report_cmd::export_csv(a),
        },
    };
    // Returning (rather than `process::exit`) runs every destructor, so no temporary file survives.
    let code = match result {
        Ok(code) => code,
        Err(failure) => {
            output::stderr(&format!("error: {}\n", failure.message.trim_end()));
            failure.code
        }
    };
    ExitCode::from(code)
}

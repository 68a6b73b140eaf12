//! # roster
//!
//! Builds staff rosters for healthcare staffing pools: covers vacant shifts with pool staff so
//! that as few hours as possible are bought from staffing agencies, subject to labour law
//! (Swedish Arbetstidslagen, Norwegian arbeidsmiljøloven, the EU working-time directive) and
//! contracts. See `ARCHITECTURE.md` for the map of modules.
//!
//! ```no_run
//! let scenario = roster::load_scenario("fixtures/sample-pool.json".as_ref()).unwrap();
//! let instance = roster::Instance::from_scenario(&scenario).unwrap();
//! let outcome = roster::solve(&instance, &roster::SolveOptions::default()).unwrap();
//! let violations = roster::check(&instance, &outcome.roster);
//! assert!(violations.is_empty());
//! ```

#![warn(missing_docs)]

pub mod backend;
pub mod check;
pub mod diff;
pub mod eligibility;
pub mod error;
pub mod explain;
pub mod formulation;
pub mod generate;
pub mod grid;
pub mod import;
pub mod kpi;
pub mod labelling;
pub mod model;
mod parallel;
pub mod previous;
pub mod roster;
pub mod rules;
pub mod scenario;
pub mod solve;
pub mod time;

pub use check::{booking_violations, check, check_member, objective, Violation};
pub use diff::{diff, ChangeList};
pub use error::{InputError, LoadError};
pub use kpi::kpi;
pub use model::Instance;
pub use roster::Roster;
pub use scenario::Scenario;
pub use solve::{
    component_keys, solve, ComponentKey, ComponentMemo, Outcome, Progress, ProgressCallback, Schedules, SolveError,
    SolveOptions,
};

/// Reads a scenario file, reporting the line, column and JSON path of any syntax or type error.
pub fn load_scenario(file: &std::path::Path) -> Result<Scenario, LoadError> {
    error::read_json(file)
}

/// Reads a scenario file and validates it into an [`Instance`].
pub fn load_instance(file: &std::path::Path) -> Result<Instance, LoadError> {
    let scenario = load_scenario(file)?;
    Instance::from_scenario(&scenario).map_err(|errors| LoadError::Invalid { file: file.to_path_buf(), errors })
}

/// Reads a roster file.
pub fn load_roster(file: &std::path::Path) -> Result<Roster, LoadError> {
    error::read_json(file)
}

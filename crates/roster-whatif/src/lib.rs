//! # roster-whatif
//!
//! What-if pool sizing: how agency hours and total cost change when the pool hires people of
//! given profiles, or loses holders of a competence. A [`Plan`] sweeps a grid of hire and
//! departure counts; [`run`] solves every point in parallel within one thread budget, each
//! warm-started from a neighbouring point's roster ([`schedule`]), checks every roster with
//! [`roster::check()`] and streams each point's figures ([`PointRow`]), or why it has none
//! ([`UnsolvedPoint`]), to a callback; [`Analysis`] derives the marginal saving of each hire and the break-even point;
//! [`optimize()`] finds the cost-optimal hire counts in one model; [`csv()`], [`svg()`] and [`merge()`]
//! produce the table, the chart and the union of shard outputs.
//!
//! ```no_run
//! use roster_whatif::{default_profiles, run, AxisKind, AxisRequest, Plan, PointOutcome, SweepOptions};
//! let scenario = roster::load_scenario("fixtures/sample-pool.json".as_ref()).unwrap();
//! let profiles = default_profiles(&scenario);
//! let axes = vec![AxisRequest { kind: AxisKind::Add, name: "ssk".into(), values: (0..=10).collect() }];
//! let plan = Plan::new(scenario, &profiles, axes, Vec::new()).unwrap();
//! let results = run(&plan, &SweepOptions::default(), |point| match point {
//!     PointOutcome::Solved(row) => println!("{:?}: {} agency hours ({:?})", row.counts, row.agency_hours, row.status),
//!     PointOutcome::Unsolved(p) => println!("{:?}: {}", p.counts, p.status.name()),
//! });
//! println!("break-even: {:?}", results.analysis.axes[0].break_even);
//! ```

#![warn(missing_docs)]

pub mod analysis;
pub mod chart;
pub mod merge;
pub mod optimize;
pub mod plan;
pub mod profile;
pub mod schedule;
pub mod sweep;
pub mod table;

pub use analysis::{Analysis, AxisSummary, Marginal};
pub use chart::svg;
pub use merge::merge;
pub use optimize::{optimize, Optimum};
pub use plan::{parse_axis, parse_range, Axis, AxisKind, AxisRequest, Plan, PlanSummary, Shard};
pub use profile::{default_profiles, load_profiles, with_defaults, HireCost, Profile, ProfileFile};
pub use sweep::{run, solve_point, PointOutcome, PointRow, SweepOptions, SweepResults, Unsolved, UnsolvedPoint};
pub use table::csv;

use roster::error::InputError;
use roster::SolveError;

/// Why a what-if analysis could not be done.
#[derive(Debug, thiserror::Error)]
pub enum WhatifError {
    /// Bad request: a malformed range, an unknown profile, competence or staff id, an impossible
    /// removal, results that cannot be merged.
    #[error("{0}")]
    Usage(String),
    /// A scenario (the base, or one built for a point) is invalid.
    #[error("{what} is invalid ({} problem{}):\n{}", errors.len(), if errors.len() == 1 { "" } else { "s" }, errors.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// Which scenario.
        what: String,
        /// Every problem found.
        errors: Vec<InputError>,
    },
    /// A point could not be solved (infeasible, no roster within the limits, solver failure);
    /// a sweep records this as an [`UnsolvedPoint`] and goes on.
    #[error("point {point}: {error}")]
    Solve {
        /// The point (`add_rn=2, ...`).
        point: String,
        /// Why.
        error: SolveError,
    },
    /// The checker rejected a roster the solver produced: a bug.
    #[error("point {point}: the solver's roster fails the checker; this is a bug, please report it:\n{}", violations.join("\n"))]
    CheckFailed {
        /// The point.
        point: String,
        /// The violations.
        violations: Vec<String>,
    },
    /// The solver failed unexpectedly (a panic inside it).
    #[error("{0}")]
    Solver(String),
    /// The chart could not be drawn.
    #[error("cannot draw the chart: {0}")]
    Chart(String),
}

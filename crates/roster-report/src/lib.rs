//! # roster_report
//!
//! Rosters people can look at, built from a scenario ([`roster::Instance`]) and a roster
//! ([`roster::Roster`]):
//!
//! - [`html`]: one self-contained HTML page (no network, inline CSS, SVG and script) with the
//!   key figures, the solve's status, the staff × day grid, coverage per unit and day, agency
//!   hours by competence and unit, hours against contract, the checker's verdict and why each
//!   agency vacancy was not covered;
//! - [`ics`]: an RFC 5545 calendar of one staff member's shifts in the scenario's time zone;
//! - [`csv`]: the roster as RFC 4180 CSV, one row per assignment and per agency vacancy;
//! - [`whatif`]: the results of a what-if sweep (`roster whatif --json`), read and checked, and
//!   shown as a page of their own ([`html::whatif_page`]) or as a section of the report
//!   ([`html::report_with_whatif`]): the sweep table, marginal savings, break-even and cheapest
//!   points, and the chart.
//!
//! Every number shown is computed in [`figures`]; the renderers only lay it out. A roster is
//! first matched against its scenario ([`resolve::resolve`]): a roster naming staff or
//! vacancies the scenario does not have is refused, with the JSON path of each unknown id.

#![warn(missing_docs)]

pub mod csv;
pub mod figures;
pub mod html;
pub mod ics;
pub mod resolve;
pub mod whatif;

pub use figures::Figures;
pub use resolve::{resolve, RosterMismatch};
pub use whatif::{read_results, WhatifFigures};

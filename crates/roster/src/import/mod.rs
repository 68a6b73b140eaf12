//! Importers of staff-scheduling benchmarks from the literature into the scenario format.
//!
//! Each importer parses its own text format into a plain data type that mirrors the file (no
//! loss), and maps that onto a [`crate::Scenario`] using only native scenario features, so the
//! ordinary solver, checker and CLI work on the benchmark unchanged.

pub mod curtois;

use std::fmt;

/// A malformed benchmark file: the 1-based line and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number (one past the last line when the file ends too early).
    pub line: usize,
    /// What is wrong and what was expected.
    pub message: String,
}

impl ParseError {
    /// An error at `line`.
    pub fn new(line: usize, message: impl Into<String>) -> ParseError {
        ParseError { line, message: message.into() }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

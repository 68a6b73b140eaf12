//! Errors for bad input: each names the file, the JSON path (or line and column) and what was expected.

use std::fmt;
use std::path::PathBuf;

/// One problem found in a scenario or roster, located by JSON path (e.g. `vacancies[3].unit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// JSON path of the offending value; empty for the document itself.
    pub path: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl InputError {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError { path: path.into(), message: message.into() }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Why a scenario or roster file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file.
        file: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not well-formed JSON, or a value has the wrong type.
    #[error("{file}:{line}:{column}: {path}{message}", path = if path.is_empty() || path == "." { String::new() } else { format!("at {path}: ") })]
    Syntax {
        /// The file.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// JSON path where parsing stopped.
        path: String,
        /// What the parser expected.
        message: String,
    },
    /// The JSON is well-formed but its content is invalid.
    #[error("{file}: {} problem{} found:\n{}", errors.len(), if errors.len() == 1 { "" } else { "s" }, errors.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// The file.
        file: PathBuf,
        /// Every problem found, in document order.
        errors: Vec<InputError>,
    },
}

/// Parses JSON text into `T`, reporting the JSON path, line and column of the first error.
pub fn parse_json<T: serde::de::DeserializeOwned>(file: &std::path::Path, text: &str) -> Result<T, LoadError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    let value = result.map_err(|e| {
        // serde_path_to_error marks a position it could not name with `?`: drop those segments.
        let path = e.path().to_string().split('.').filter(|seg| *seg != "?").collect::<Vec<_>>().join(".");
        let inner = e.into_inner();
        LoadError::Syntax {
            file: file.to_path_buf(),
            line: inner.line(),
            column: inner.column(),
            path,
            message: strip_position(&inner.to_string()),
        }
    })?;
    de.end().map_err(|e| LoadError::Syntax {
        file: file.to_path_buf(),
        line: e.line(),
        column: e.column(),
        path: String::new(),
        message: strip_position(&e.to_string()),
    })?;
    Ok(value)
}

/// serde_json appends " at line L column C"; we print the position up front instead.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Reads and parses a JSON file.
pub fn read_json<T: serde::de::DeserializeOwned>(file: &std::path::Path) -> Result<T, LoadError> {
    let text = std::fs::read_to_string(file).map_err(|source| LoadError::Io { file: file.to_path_buf(), source })?;
    parse_json(file, &text)
}

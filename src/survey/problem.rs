//! Problems found in an input file, each naming the file and the place.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole (too large, unreadable).
    File,
    /// A JSON syntax error: 1-based line and column.
    Position { line: usize, column: usize },
    /// A JSON path such as `questions[3].options[1].score`.
    Path(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub place: Place,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.place {
            Place::File => write!(f, "{}: {label}: {}", self.file, self.message),
            Place::Position { line, column } => write!(
                f,
                "{}:{line}:{column}: {label}: {}",
                self.file, self.message
            ),
            Place::Path(path) if path.is_empty() => {
                write!(f, "{}: {label}: {}", self.file, self.message)
            }
            Place::Path(path) => write!(f, "{}: {path}: {label}: {}", self.file, self.message),
        }
    }
}

/// Every problem found in one or more files; at least one is an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter().filter(|p| p.severity == Severity::Error)
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// The largest definition or responses file we read: bigger ones are surely a mistake.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

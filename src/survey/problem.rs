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

/// Parse `bytes` as JSON, or say where the syntax breaks.
pub fn parse_json(file: &str, bytes: &[u8]) -> Result<serde_json::Value, Problems> {
    let whole = |message: String| {
        Problems(vec![Problem {
            file: file.into(),
            place: Place::File,
            severity: Severity::Error,
            message,
        }])
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(whole(format!(
            "file is {:.1} MiB; at most 5 MiB is read. Is this the right file?",
            bytes.len() as f64 / (1024.0 * 1024.0)
        )));
    }
    let bytes = crate::platform::without_bom(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(whole("file is empty; expected a JSON object".into()));
    }
    serde_json::from_slice(bytes).map_err(|e| {
        let message = match e.classify() {
            serde_json::error::Category::Eof => {
                "the JSON ends too early (a missing } or ]?)".to_owned()
            }
            _ => strip_position(&e.to_string()),
        };
        Problems(vec![Problem {
            file: file.into(),
            place: Place::Position {
                line: e.line(),
                column: e.column(),
            },
            severity: Severity::Error,
            message: format!("invalid JSON: {message}"),
        }])
    })
}

/// serde_json appends " at line L column C", which our prefix already says.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

//! Problems found in an input file, each naming the file and the place.

use std::fmt;

use super::display::printable;

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
        // Paths and messages quote the file's own text: no escape sequence gets through.
        let (file, message) = (printable(&self.file), printable(&self.message));
        match &self.place {
            Place::File => write!(f, "{file}: {label}: {message}"),
            Place::Position { line, column } => {
                write!(f, "{file}:{line}:{column}: {label}: {message}")
            }
            Place::Path(path) if path.is_empty() => write!(f, "{file}: {label}: {message}"),
            Place::Path(path) => write!(f, "{file}: {}: {label}: {message}", printable(path)),
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

/// How many places of a repeated warning are named before "and N more".
pub const PLACES_SHOWN: usize = 3;

/// The lines that report `problems`: errors first, one each; then warnings, where one that
/// repeats in a file (the same message at several places, such as a missing translation)
/// is one line with its count and its first places. `verbose` lists every place.
pub fn report_lines(problems: &[Problem], verbose: bool) -> Vec<String> {
    let errors = problems.iter().filter(|p| p.severity == Severity::Error);
    let mut lines: Vec<String> = errors.map(ToString::to_string).collect();
    let warnings: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .collect();
    if verbose {
        lines.extend(warnings.iter().map(|p| p.to_string()));
        return lines;
    }
    let mut done = vec![false; warnings.len()];
    for (i, first) in warnings.iter().enumerate() {
        if done[i] {
            continue;
        }
        let same: Vec<usize> = (i..warnings.len())
            .filter(|&k| warnings[k].file == first.file && warnings[k].message == first.message)
            .collect();
        for &k in &same {
            done[k] = true;
        }
        lines.push(if same.len() == 1 {
            first.to_string()
        } else {
            grouped(&same.iter().map(|&k| warnings[k]).collect::<Vec<_>>())
        });
    }
    lines
}

/// "f.json: warning: no "en" text; … (at 40 places: title, …, and 37 more; --verbose lists all)".
fn grouped(same: &[&Problem]) -> String {
    let places: Vec<String> = same
        .iter()
        .take(PLACES_SHOWN)
        .map(|p| match &p.place {
            Place::Path(path) if !path.is_empty() => printable(path).into_owned(),
            Place::Position { line, column } => format!("{line}:{column}"),
            _ => "the file".to_owned(),
        })
        .collect();
    let more = same.len().saturating_sub(PLACES_SHOWN);
    let rest = if more > 0 {
        format!(" and {more} more; --verbose lists them all")
    } else {
        String::new()
    };
    format!(
        "{}: warning: {} (at {} places: {}{rest})",
        printable(&same[0].file),
        printable(&same[0].message),
        same.len(),
        places.join(", ")
    )
}

/// "1 error", "2 errors": `count` with `word` in the singular or plural.
pub fn counted(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(file: &str, path: &str, message: &str) -> Problem {
        Problem {
            file: file.into(),
            place: Place::Path(path.into()),
            severity: Severity::Warning,
            message: message.into(),
        }
    }

    #[test]
    fn repeated_warnings_are_one_line_per_file_after_the_errors() {
        let missing = "no \"en\" text; the \"vi\" text is shown instead";
        let mut problems: Vec<Problem> = (0..5)
            .map(|i| warning("a.json", &format!("questions[{i}].text"), missing))
            .collect();
        problems.push(warning("a.json", "x", "unknown key \"x\" is ignored"));
        problems.push(warning("b.json", "title", missing));
        problems.insert(
            2,
            Problem {
                severity: Severity::Error,
                ..warning("a.json", "id", "bad id")
            },
        );
        let lines = report_lines(&problems, false);
        assert_eq!(
            lines,
            [
                "a.json: id: error: bad id",
                "a.json: warning: no \"en\" text; the \"vi\" text is shown instead (at 5 places: questions[0].text, questions[1].text, questions[2].text and 2 more; --verbose lists them all)",
                "a.json: x: warning: unknown key \"x\" is ignored",
                "b.json: title: warning: no \"en\" text; the \"vi\" text is shown instead",
            ]
        );
        let all = report_lines(&problems, true);
        assert_eq!(all.len(), 8);
        assert_eq!(all[0], "a.json: id: error: bad id");
    }

    #[test]
    fn counts_read_as_english() {
        assert_eq!(counted(1, "error"), "1 error");
        assert_eq!(counted(2, "error"), "2 errors");
        assert_eq!(counted(0, "warning"), "0 warnings");
    }

    #[test]
    fn escape_sequences_in_a_file_are_shown_not_run() {
        let p = warning("a\u{1b}[2J.json", "id", "\"\u{1b}]0;x\u{7}\" is odd");
        assert_eq!(
            p.to_string(),
            "a\\u{1b}[2J.json: id: warning: \"\\u{1b}]0;x\\u{7}\" is odd"
        );
    }
}

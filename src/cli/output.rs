//! What the commands print: every line made safe for a terminal, and a failed write turned
//! into a clean end instead of a panic (`sansang score | head` is ordinary use).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Failure, Outcome};
use crate::survey::display::printable;

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure::Io(e.to_string()))?;
    print_text(&text)
}

/// Prints text on stdout, one line at a time made safe: a stored name cannot retitle or
/// clear the trainer's terminal.
pub fn print_text(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    writeln!(out, "{}", terminal_text(text)).map_err(write_failed)
}

/// A line on stderr (a warning, a refused line); nowhere left to report it if that fails.
pub fn warn(text: &str) {
    let _ = writeln!(io::stderr(), "{}", terminal_text(text));
}

/// `text` with each line's control characters shown as escapes; the line breaks kept.
pub fn terminal_text(text: &str) -> String {
    text.split('\n')
        .map(|line| printable(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why writing the output failed, as the command line reports it: a reader that left (a
/// closed pipe) ends the command quietly; a full disk says so.
pub fn write_failed(e: io::Error) -> Failure {
    if reader_left(&e) {
        return Failure::OutputClosed;
    }
    match e.kind() {
        io::ErrorKind::StorageFull => Failure::Io(
            "cannot write the output: the disk is full; free some space or write elsewhere".into(),
        ),
        _ => Failure::Io(format!("cannot write the output: {e}")),
    }
}

/// Whether a write failed because the reader of the pipe has gone. Windows also says so as
/// ERROR_PIPE_NOT_CONNECTED (233), which the standard library does not count as a broken pipe.
fn reader_left(e: &io::Error) -> bool {
    const ERROR_PIPE_NOT_CONNECTED: i32 = 233;
    e.kind() == io::ErrorKind::BrokenPipe
        || (cfg!(windows) && e.raw_os_error() == Some(ERROR_PIPE_NOT_CONNECTED))
}

/// Whether `--out` names standard output (`-`).
pub fn is_stdout(out: &Path) -> bool {
    out.as_os_str() == "-"
}

/// Writes a file with `write`, to `out`, or for `-` to standard output: then the file is made
/// whole in a temporary folder first, as every output is, and sent on only once it is, so a
/// failure never leaves half of it in the pipe. `write` returns what it wrote; the path
/// printed for a file, nothing for standard output.
pub fn to_file_or_stdout<T>(
    out: &Path,
    name: &str,
    write: impl FnOnce(&Path) -> Result<T, Failure>,
) -> Result<(T, Option<PathBuf>), Failure> {
    if !is_stdout(out) {
        return write(out).map(|done| (done, Some(out.to_path_buf())));
    }
    let scratch = tempfile::tempdir().map_err(|e| {
        Failure::Io(format!(
            "cannot make a temporary folder for the output: {e}"
        ))
    })?;
    let path = scratch.path().join(name);
    let done = write(&path)?;
    let mut file = std::fs::File::open(&path)
        .map_err(|e| Failure::Io(format!("cannot read back {}: {e}", path.display())))?;
    let mut stdout = io::stdout().lock();
    io::copy(&mut file, &mut stdout)
        .and_then(|_| stdout.flush())
        .map_err(write_failed)?;
    Ok((done, None))
}

/// Says where the output went: the path of a file written, nothing after standard output
/// (whose reader takes only the data).
pub fn print_written(file: Option<PathBuf>) -> Outcome {
    match file {
        Some(path) => print_text(&path.display().to_string()),
        None => Ok(()),
    }
}

/// A CSV writer's failure, which is an I/O failure underneath when writing fails.
pub fn csv_failed(e: csv::Error) -> Failure {
    if !e.is_io_error() {
        return Failure::Io(format!("cannot write the output: {e}"));
    }
    match e.into_kind() {
        csv::ErrorKind::Io(e) => write_failed(e),
        _ => Failure::Io("cannot write the output".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_shown_and_lines_kept() {
        assert_eq!(
            terminal_text("Cơ sở \u{1b}]0;x\u{7}\nthứ hai"),
            "Cơ sở \\u{1b}]0;x\\u{7}\nthứ hai"
        );
    }

    #[test]
    fn a_closed_pipe_ends_quietly_and_a_full_disk_says_so() {
        let closed = write_failed(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(matches!(closed, Failure::OutputClosed));
        let full = write_failed(io::Error::from(io::ErrorKind::StorageFull));
        assert!(full.message().contains("disk is full"));
    }
}

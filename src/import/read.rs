//! Opening what is imported. Only a regular file is taken (or stdin, when the name is `-`):
//! a device such as `/dev/zero`, a FIFO or a folder is refused before a byte is read, so
//! nothing hangs or fills the memory. A file is read through its limit, and one larger than
//! the limit is refused with both sizes, never cut short.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::ImportError;
use crate::survey::catalog::{NotReadable, open_regular};

/// A responses file: about 200,000 responses, far more than a year of workshops.
pub const RESPONSES_LIMIT: u64 = 256 << 20;
/// The centre's list of establishments (CSV): about 40,000 rows.
pub const LIST_LIMIT: u64 = 5 << 20;

/// Where the bytes come from.
pub enum Input {
    File(File),
    Stdin,
}

/// `path` opened for reading: a regular file, or stdin for `-`.
pub fn open(path: &Path) -> Result<Input, ImportError> {
    if path.as_os_str() == "-" {
        return Ok(Input::Stdin);
    }
    open_regular(path).map(Input::File).map_err(|why| {
        let what = match why {
            NotReadable::Folder => "a folder",
            NotReadable::Special => "a device, pipe or socket",
            NotReadable::Failed(failed) => {
                return ImportError::Unreadable(format!("{}: {failed}", path.display()));
            }
        };
        ImportError::Refused(format!(
            "{}: this is {what}, not a file; give the path of the file to import (or - to read stdin)",
            path.display()
        ))
    })
}

/// The whole of `path` (a `what`, e.g. "a responses file", in messages), refused when it is
/// larger than `limit` bytes.
pub fn read_all(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, ImportError> {
    let name = path.display();
    let input = open(path)?;
    let (reader, size): (Box<dyn Read>, Option<u64>) = match input {
        Input::Stdin => (Box::new(std::io::stdin().lock()), None),
        Input::File(file) => {
            let size = file.metadata().map(|m| m.len()).ok();
            (Box::new(file), size)
        }
    };
    if let Some(size) = size.filter(|&s| s > limit) {
        return Err(too_large(path, size, limit, what));
    }
    let mut bytes = Vec::with_capacity(size.unwrap_or(0).min(limit) as usize);
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::Unreadable(format!("{name}: cannot read: {e}")))?;
    if bytes.len() as u64 > limit {
        // stdin, or a file that grew while it was read: its size is at least this much.
        return Err(too_large(path, bytes.len() as u64, limit, what));
    }
    Ok(bytes)
}

fn too_large(path: &Path, size: u64, limit: u64, what: &str) -> ImportError {
    let more = if path.as_os_str() == "-" {
        "at least "
    } else {
        ""
    };
    ImportError::Refused(format!(
        "{}: the file is {more}{}; {what} is read up to {}, and nothing was imported. Is this the right file? Else split it into smaller files",
        path.display(),
        mib(size),
        mib(limit)
    ))
}

/// A size in MiB with one decimal ("6.0 MiB").
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_with_both_sizes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("list.csv");
        std::fs::write(&path, vec![b'a'; 3 * 1024 * 1024]).unwrap();
        let err = read_all(&path, 2 << 20, "a list").unwrap_err().to_string();
        assert!(err.contains("3.0 MiB") && err.contains("2.0 MiB"), "{err}");
        assert_eq!(read_all(&path, 3 << 20, "a list").unwrap().len(), 3 << 20);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_or_a_folder_is_refused_before_reading() {
        let err = read_all(Path::new("/dev/zero"), 1 << 20, "a list")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a file"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let err = read_all(dir.path(), 1 << 20, "a list")
            .unwrap_err()
            .to_string();
        assert!(err.contains("a folder"), "{err}");
    }
}

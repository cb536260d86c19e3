//! Every export is written to a temporary file beside its destination and
//! renamed into place, so a failure (full disk, power cut, a bug half-way)
//! never leaves half a file, and an existing file is kept unless forced.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "{path}: the file already exists and was kept; choose another name or add --force to replace it"
    )]
    Exists { path: PathBuf },
    #[error(
        "{path}: this is a workshop database (a redb file), and no export, report or form ever replaces one; choose another file name"
    )]
    Database { path: PathBuf },
    #[error("{path}: cannot write: {source}; check the folder exists and is writable")]
    Io { path: PathBuf, source: io::Error },
    /// The records asked for cannot be exported as they are.
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Store(crate::store::StoreError),
}

impl ExportError {
    pub fn io(path: &Path, source: io::Error) -> ExportError {
        ExportError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Write `path` through `fill`: into a temporary file in the same folder,
/// flushed and synced, then renamed over `path`. Without `force` an existing
/// `path` is kept and `Exists` returned, also when it appears meanwhile.
/// When `fill` fails, the temporary file is removed and `path` is untouched.
/// A database (any redb file, the open one included) is never replaced, forced or not.
pub fn write_atomic<T>(
    path: &Path,
    force: bool,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> Result<T, ExportError>,
) -> Result<T, ExportError> {
    if is_database(path) {
        return Err(ExportError::Database {
            path: path.to_path_buf(),
        });
    }
    if !force && path.exists() {
        return Err(ExportError::Exists {
            path: path.to_path_buf(),
        });
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let io = |e| ExportError::io(path, e);
    let temp = tempfile::Builder::new()
        .prefix(".sansang-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(io)?;
    let value = {
        let mut out = BufWriter::with_capacity(1 << 16, temp.as_file());
        let value = fill(&mut out)?;
        out.flush().map_err(io)?;
        value
    };
    temp.as_file().sync_all().map_err(io)?;
    let persisted = if force {
        temp.persist(path).map(|_| ())
    } else {
        temp.persist_noclobber(path).map(|_| ())
    };
    match persisted {
        Ok(()) => Ok(value),
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Err(ExportError::Exists {
            path: path.to_path_buf(),
        }),
        Err(e) => Err(io(e.error)),
    }
}

/// The first bytes of every redb file, so of every sansang database and its kept copies.
const REDB_MAGIC: [u8; 9] = [b'r', b'e', b'd', b'b', 0x1A, 0x0A, 0xA9, 0x0D, 0x0A];

/// Whether `path` holds a redb database, judged by its content (whatever its name).
fn is_database(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; REDB_MAGIC.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == REDB_MAGIC)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(w: &mut dyn Write, bytes: &[u8]) -> Result<(), ExportError> {
        w.write_all(bytes)
            .map_err(|e| ExportError::io(Path::new("test"), e))
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".part"))
            .collect()
    }

    #[test]
    fn writes_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_atomic(&path, false, |w| put(w, b"a,b\n")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn an_existing_file_is_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        let err = write_atomic(&path, false, |w| put(w, b"new")).unwrap_err();
        assert!(matches!(err, ExportError::Exists { .. }));
        assert!(err.to_string().contains("--force"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        write_atomic(&path, true, |w| put(w, b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn a_database_is_never_replaced_even_forced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ket-qua.csv");
        crate::store::Store::open(&path).unwrap().close().unwrap();
        let before = std::fs::read(&path).unwrap();
        for force in [false, true] {
            let err = write_atomic(&path, force, |w| put(w, b"a,b\n")).unwrap_err();
            assert!(matches!(err, ExportError::Database { .. }), "{err}");
            assert!(err.to_string().contains("workshop database"), "{err}");
            assert!(!err.to_string().contains("--force"), "{err}");
        }
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_failure_half_way_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        let err = write_atomic(&path, true, |w| {
            put(w, b"half")?;
            Err::<(), _>(ExportError::io(&path, io::Error::other("disk full")))
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert!(leftovers(dir.path()).is_empty());
    }
}

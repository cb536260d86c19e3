//! Opening the database file safely: a file that is not ours, is newer than us, or is in use is
//! refused untouched; a copy is kept before anything (repair, migration) rewrites a file.

use std::cell::Cell;
use std::fs::{self, OpenOptions};
use std::io;
use std::panic::{self, AssertUnwindSafe, UnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Once;

use redb::{Builder, Database, ReadableDatabase, TableHandle};

use super::error::StoreError;
use super::schema::{self, META, SCHEMA_VERSION};

/// redb's page cache limit: enough for a province, small enough for an old laptop.
const CACHE_BYTES: usize = 64 * 1024 * 1024;

/// What the read-only look at an existing file found.
enum Probe {
    /// A cleanly closed sansang database at this schema version (None: a redb file with no
    /// tables yet, e.g. created and never written).
    Clean(Option<u64>),
    /// The file needs redb's repair (the last writer did not close it).
    NeedsRepair,
}

/// An open database and what opening it did.
pub(crate) struct Opened {
    pub db: Database,
    /// The copy kept beside the file before a repair or migration, if one was made.
    pub backup: Option<PathBuf>,
}

pub(crate) fn open(path: &Path) -> Result<Opened, StoreError> {
    match fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => create_new(path),
        Err(e) => Err(StoreError::from_io(path, e)),
        Ok(m) if m.is_dir() => Err(StoreError::Unwritable {
            path: path.to_path_buf(),
            source: io::Error::new(io::ErrorKind::IsADirectory, "it is a folder, not a file"),
        }),
        // An empty file is what a first run killed before its first write leaves behind.
        Ok(m) if m.len() == 0 => open_writable(path, true).and_then(|db| finish(path, db, None)),
        Ok(_) => open_existing(path),
    }
}

fn create_new(path: &Path) -> Result<Opened, StoreError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| unwritable(parent, e))?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => {}
        // Another process created it in between: open what it made.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return open_existing(path),
        Err(e) => return Err(unwritable(path, e)),
    }
    let db = open_writable(path, true)?;
    finish(path, db, None)
}

fn open_existing(path: &Path) -> Result<Opened, StoreError> {
    match probe(path)? {
        Probe::Clean(Some(found)) if found > SCHEMA_VERSION => Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        }),
        Probe::Clean(Some(found)) if found < SCHEMA_VERSION => {
            let backup = keep_copy(path)?;
            let db = open_writable(path, false)?;
            finish(path, db, Some(backup))
        }
        Probe::Clean(_) => {
            let db = open_writable(path, false)?;
            finish(path, db, None)
        }
        Probe::NeedsRepair => {
            let backup = keep_copy(path)?;
            match open_writable(path, false) {
                Ok(db) => finish(path, db, Some(backup)),
                // A repair that failed may have written half: put the original bytes back,
                // so a rescue can start from what was there.
                Err(err @ StoreError::Damaged { .. }) => {
                    restore(&backup, path)?;
                    Err(with_backup(err, backup))
                }
                // Anything else (another window opened it meanwhile, an I/O error) did not
                // touch the file, which may now be in use: never write over it.
                Err(err) => Err(err),
            }
        }
    }
}

/// Looks at an existing file without writing to it.
fn probe(path: &Path) -> Result<Probe, StoreError> {
    let result = quietly(AssertUnwindSafe(|| -> Result<Probe, redb::Error> {
        let db = Builder::new()
            .set_cache_size(CACHE_BYTES)
            .open_read_only(path)?;
        let tx = db.begin_read()?;
        if tx.list_tables()?.all(|t| t.name() != META.name()) {
            let empty = tx.list_tables()?.next().is_none();
            return Ok(Probe::Clean(if empty { None } else { Some(0) }));
        }
        let version = schema::read_version(&tx.open_table(META)?)?;
        Ok(Probe::Clean(Some(version.unwrap_or(0))))
    }));
    match result {
        Ok(Ok(Probe::Clean(Some(0)))) => Err(StoreError::NotSansang {
            path: path.to_path_buf(),
        }),
        Ok(Ok(probe)) => Ok(probe),
        Ok(Err(redb::Error::RepairAborted)) => Ok(Probe::NeedsRepair),
        Ok(Err(e)) => Err(StoreError::from_redb(path, e)),
        Err(panic) => Err(damaged(path, panic_text(panic))),
    }
}

fn open_writable(path: &Path, new: bool) -> Result<Database, StoreError> {
    let result = quietly(|| {
        let mut builder = Builder::new();
        builder.set_cache_size(CACHE_BYTES);
        if new {
            builder.create(path)
        } else {
            builder.open(path)
        }
    });
    match result {
        Ok(Ok(db)) => Ok(db),
        Ok(Err(e)) => Err(StoreError::from_redb(path, e)),
        Err(panic) => Err(damaged(path, panic_text(panic))),
    }
}

/// Creates the tables of a new file, or migrates an older one, in one write transaction.
pub(crate) fn finish(
    path: &Path,
    db: Database,
    backup: Option<PathBuf>,
) -> Result<Opened, StoreError> {
    let err = |e: redb::Error| StoreError::from_redb(path, e);
    let found = {
        let tx = db.begin_read().map_err(|e| err(e.into()))?;
        match tx.open_table(META) {
            Ok(t) => schema::read_version(&t).map_err(err)?,
            Err(redb::TableError::TableDoesNotExist(_)) => None,
            Err(e) => return Err(err(e.into())),
        }
    };
    match found {
        Some(v) if v == SCHEMA_VERSION => {}
        Some(v) if v > SCHEMA_VERSION => {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: v,
                supported: SCHEMA_VERSION,
            });
        }
        _ => {
            let tx = db.begin_write().map_err(|e| err(e.into()))?;
            match found {
                None => schema::initialize(&tx).map_err(err)?,
                Some(v) => schema::migrate(&tx, v).map_err(err)?,
            }
            tx.commit().map_err(|e| err(e.into()))?;
        }
    }
    Ok(Opened { db, backup })
}

/// Copies the file to `NAME.bak-YYYYMMDDTHHMMSS` beside it (a numbered suffix if that exists)
/// and makes the copy durable.
fn keep_copy(path: &Path) -> Result<PathBuf, StoreError> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sansang.redb".into());
    let mut backup = path.with_file_name(format!("{name}.bak-{stamp}"));
    let mut n = 1;
    while backup.exists() {
        n += 1;
        backup = path.with_file_name(format!("{name}.bak-{stamp}-{n}"));
    }
    fs::copy(path, &backup).map_err(|e| StoreError::from_io(&backup, e))?;
    // Opened for writing: Windows refuses to flush a file opened only to read.
    OpenOptions::new()
        .write(true)
        .open(&backup)
        .and_then(|f| f.sync_all())
        .map_err(|e| StoreError::from_io(&backup, e))?;
    Ok(backup)
}

fn restore(backup: &Path, path: &Path) -> Result<(), StoreError> {
    fs::copy(backup, path).map_err(|e| StoreError::from_io(path, e))?;
    Ok(())
}

fn with_backup(err: StoreError, backup: PathBuf) -> StoreError {
    match err {
        StoreError::Damaged { path, detail, .. } => StoreError::Damaged {
            path,
            detail,
            backup: Some(backup),
        },
        other => other,
    }
}

fn damaged(path: &Path, detail: String) -> StoreError {
    StoreError::Damaged {
        path: path.to_path_buf(),
        detail,
        backup: None,
    }
}

fn unwritable(path: &Path, e: io::Error) -> StoreError {
    match e.kind() {
        io::ErrorKind::StorageFull => StoreError::DiskFull {
            path: path.to_path_buf(),
        },
        _ => StoreError::Unwritable {
            path: path.to_path_buf(),
            source: e,
        },
    }
}

fn panic_text(panic: Box<dyn std::any::Any + Send>) -> String {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("redb found an inconsistency while reading it: {detail}")
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic into an error without printing it: redb may panic on a file
/// damaged outside it, and the caller reports that as a damaged file. The panic hook in place
/// when this first runs keeps printing every other panic.
fn quietly<T>(f: impl FnOnce() -> T + UnwindSafe) -> std::thread::Result<T> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = catch_unwind(f);
    QUIET.with(|q| q.set(false));
    result
}

//! Opening the database file safely: a file that is not ours, is newer than us, or is in use is
//! refused untouched; a verified copy is kept before anything (repair, migration) rewrites a
//! file; a read-only open never writes at all.

use std::fs::{self, OpenOptions};
use std::io;
use std::panic::AssertUnwindSafe;
use std::path::Path;

use redb::{Builder, Database, ReadOnlyDatabase, ReadableDatabase, TableHandle};

use super::copies::{KeptCopy, keep_copy};
use super::error::StoreError;
use super::guard::{damaged, panic_text, quietly};
use super::schema::{self, META, SCHEMA_VERSION};

/// redb's page cache limit: enough for a province, small enough for an old laptop.
const CACHE_BYTES: usize = 64 * 1024 * 1024;
/// The cache of a reading command (score, export, show): it reads a file once, from front to
/// back, where a cache only keeps what is never asked again (64 MiB of a 100k-response scan,
/// all of it unused); the operating system's file cache serves a second reading anyway.
const READ_CACHE_BYTES: usize = 8 * 1024 * 1024;

/// What the read-only look at an existing file found.
enum Probe {
    /// A cleanly closed sansang database at this schema version (None: a redb file with no
    /// tables yet, e.g. created and never written).
    Clean(ReadOnlyDatabase, Option<u64>),
    /// The file needs redb's repair (the last writer did not close it).
    NeedsRepair,
}

/// An open database and what opening it did.
pub(crate) struct Opened {
    pub db: Database,
    /// The copy kept beside the file before a repair or migration, if one was made.
    pub copy: Option<KeptCopy>,
}

pub(crate) fn open(path: &Path) -> Result<Opened, StoreError> {
    match fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => create_new(path),
        Err(e) => Err(StoreError::from_io(path, e)),
        Ok(m) if m.is_dir() => Err(folder(path)),
        // An empty file is what a first run killed before its first write leaves behind.
        Ok(m) if m.len() == 0 => adopt(path),
        Ok(_) => open_existing(path),
    }
}

/// Opens an existing, cleanly closed database at this schema for reading only: nothing in the
/// file changes, and a file that needs a repair or an upgrade is refused untouched.
pub(crate) fn open_read_only(path: &Path) -> Result<ReadOnlyDatabase, StoreError> {
    match fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(StoreError::Missing {
            path: path.to_path_buf(),
        }),
        Err(e) => Err(StoreError::from_io(path, e)),
        Ok(m) if m.is_dir() => Err(folder(path)),
        Ok(m) if m.len() == 0 => Err(never_written(path)),
        Ok(_) => match probe(path)? {
            Probe::Clean(db, Some(v)) if v == SCHEMA_VERSION => Ok(db),
            Probe::Clean(_, Some(found)) if found > SCHEMA_VERSION => Err(too_new(path, found)),
            Probe::Clean(_, Some(_)) => Err(StoreError::NeedsWrite {
                path: path.to_path_buf(),
                why: "was written by an older sansang and needs an upgrade",
            }),
            Probe::Clean(_, None) => Err(never_written(path)),
            Probe::NeedsRepair => Err(StoreError::NeedsWrite {
                path: path.to_path_buf(),
                why: "was not closed cleanly and needs a repair",
            }),
        },
    }
}

fn never_written(path: &Path) -> StoreError {
    StoreError::NeedsWrite {
        path: path.to_path_buf(),
        why: "has never been set up",
    }
}

fn folder(path: &Path) -> StoreError {
    StoreError::Unwritable {
        path: path.to_path_buf(),
        source: io::Error::new(io::ErrorKind::IsADirectory, "it is a folder, not a file"),
    }
}

fn too_new(path: &Path, found: u64) -> StoreError {
    StoreError::TooNew {
        path: path.to_path_buf(),
        found,
        supported: SCHEMA_VERSION,
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

/// Takes an existing file that holds no database yet: it becomes readable by its owner only,
/// like a file this program creates.
fn adopt(path: &Path) -> Result<Opened, StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))
            .map_err(|e| StoreError::from_io(path, e))?;
    }
    let db = open_writable(path, true)?;
    finish(path, db, None)
}

fn open_existing(path: &Path) -> Result<Opened, StoreError> {
    match probe(path)? {
        Probe::Clean(_, Some(found)) if found > SCHEMA_VERSION => Err(too_new(path, found)),
        Probe::Clean(db, Some(found)) if found < SCHEMA_VERSION => {
            drop(db);
            let copy = keep_copy(path)?;
            let db = open_writable(path, false)?;
            let backup = copy.path.clone();
            // A migration that stops leaves the old layout, but closing rewrote redb's header:
            // put the exact bytes back.
            finish(path, db, Some(copy)).or_else(|e| restore(&backup, path).and(Err(e)))
        }
        Probe::Clean(db, None) => {
            drop(db);
            adopt(path)
        }
        Probe::Clean(db, Some(_)) => {
            drop(db);
            let db = open_writable(path, false)?;
            finish(path, db, None)
        }
        Probe::NeedsRepair => {
            let copy = keep_copy(path)?;
            match open_writable(path, false) {
                Ok(db) => finish(path, db, Some(copy)),
                // A repair that failed may have written half: put the original bytes back,
                // so a rescue can start from what was there.
                Err(err @ StoreError::Damaged { .. }) => {
                    restore(&copy.path, path)?;
                    Err(with_backup(err, copy))
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
            .set_cache_size(READ_CACHE_BYTES)
            .open_read_only(path)?;
        let version = {
            let tx = db.begin_read()?;
            if tx.list_tables()?.all(|t| t.name() != META.name()) {
                let empty = tx.list_tables()?.next().is_none();
                if empty { None } else { Some(0) }
            } else {
                Some(schema::read_version(&tx.open_table(META)?)?.unwrap_or(0))
            }
        };
        Ok(Probe::Clean(db, version))
    }));
    match result {
        Ok(Ok(Probe::Clean(_, Some(0)))) => Err(StoreError::NotSansang {
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
    copy: Option<KeptCopy>,
) -> Result<Opened, StoreError> {
    let result = quietly(AssertUnwindSafe(|| upgrade(path, db)));
    match result {
        Ok(Ok(db)) => Ok(Opened { db, copy }),
        Ok(Err(e)) => Err(e),
        Err(panic) => Err(damaged(path, panic_text(panic))),
    }
}

fn upgrade(path: &Path, mut db: Database) -> Result<Database, StoreError> {
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
        Some(v) if v == SCHEMA_VERSION => Ok(db),
        Some(v) if v > SCHEMA_VERSION => Err(too_new(path, v)),
        _ => {
            let tx = db.begin_write().map_err(|e| err(e.into()))?;
            match found {
                None => schema::initialize(&tx).map_err(err)?,
                Some(v) => schema::migrate(&tx, v).map_err(|f| f.at(path))?,
            }
            tx.commit().map_err(|e| err(e.into()))?;
            if found.is_some() {
                // The old layout's pages are free now: give them back to the disk. A failure
                // leaves a valid, larger file, so it is not an error.
                let _ = db.compact();
            }
            Ok(db)
        }
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

fn restore(backup: &Path, path: &Path) -> Result<(), StoreError> {
    fs::copy(backup, path).map_err(|e| StoreError::from_io(path, e))?;
    Ok(())
}

fn with_backup(err: StoreError, copy: KeptCopy) -> StoreError {
    match err {
        StoreError::Damaged { path, detail, .. } => StoreError::Damaged {
            path,
            detail,
            backup: Some(copy.path),
        },
        other => other,
    }
}

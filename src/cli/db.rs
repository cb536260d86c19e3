//! What the store commands share: opening the database, reading ids, printing records, and
//! the survey definitions pinned in the database.

use std::path::PathBuf;

use uuid::Uuid;

use super::Failure;
use super::output::warn;
use crate::fieldwork::{Fieldwork, FieldworkError};
use crate::store::{Store, StoreError, default_path};

/// `--db`, SANSANG_DB, or the default database in the data folder.
fn database(db: &Option<PathBuf>) -> Result<PathBuf, Failure> {
    match db {
        Some(path) => Ok(path.clone()),
        None => default_path().ok_or_else(|| {
            Failure::Io(
                "cannot find this computer's data folder; choose a database with --db PATH or SANSANG_DB".into(),
            )
        }),
    }
}

/// Opens the database for a command that writes: created if missing, repaired or upgraded
/// (after a verified copy) when it needs it.
pub fn open_store(db: &Option<PathBuf>) -> Result<Store, Failure> {
    let path = database(db)?;
    let store = Store::open(&path).map_err(failure)?;
    if let Some(backup) = store.backup() {
        warn(&format!(
            "note: {} was repaired or upgraded; the file as it was before is kept at {}",
            path.display(),
            backup.display()
        ));
    }
    for pruned in store.pruned_copies() {
        warn(&format!(
            "note: an older copy was removed to keep at most {}: {}",
            crate::store::MAX_COPIES,
            pruned.display()
        ));
    }
    Ok(store)
}

/// Opens the database for a command that only reads: its bytes stay as they are, and it
/// works on a read-only medium. A database not made yet is made (empty) as by any command.
pub fn open_reading(db: &Option<PathBuf>) -> Result<Store, Failure> {
    let path = database(db)?;
    match Store::open_read_only(&path) {
        Err(StoreError::Missing { .. }) => open_store(db),
        opened => opened.map_err(failure),
    }
}

/// A reading command's database with the shipped surveys and `--surveys`.
pub fn open_fieldwork_reading(
    surveys: &Option<PathBuf>,
    db: &Option<PathBuf>,
) -> Result<Fieldwork, Failure> {
    let catalog = super::catalog(surveys)?;
    Ok(Fieldwork::new(open_reading(db)?, catalog))
}

/// The exit code a store error deserves: 1 when the input named something that is not there
/// or already is, 2 for everything about the file itself.
pub fn failure(e: StoreError) -> Failure {
    match e {
        StoreError::NotFound { .. } | StoreError::AlreadyExists { .. } => {
            Failure::Refused(e.to_string())
        }
        _ => Failure::Io(e.to_string()),
    }
}

/// A record id given on the command line.
pub fn parse_id(kind: &str, text: &str) -> Result<Uuid, Failure> {
    Uuid::parse_str(text.trim()).map_err(|_| {
        Failure::Refused(format!(
            "{text:?} is not a {kind} id (ids look like 0193a5b2-7c1e-7d2f-9a4b-1c2d3e4f5a6b); list the {kind}s to find it"
        ))
    })
}

// The commands that print take these from here with the database helpers they use.
pub use super::output::{print_json, print_text};

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        failure(e)
    }
}

/// The store opened as `open_store` does, with the shipped surveys and `--surveys`.
pub fn open_fieldwork(
    surveys: &Option<PathBuf>,
    db: &Option<PathBuf>,
) -> Result<Fieldwork, Failure> {
    let catalog = super::catalog(surveys)?;
    Ok(Fieldwork::new(open_store(db)?, catalog))
}

/// The exit code a refusal of the workshop's rules deserves, in the command line's words.
pub fn fieldwork_failure(e: FieldworkError) -> Failure {
    match e {
        FieldworkError::Store(e) => failure(e),
        FieldworkError::Definition(m) => Failure::Io(m),
        FieldworkError::ReasonNeeded { response } => Failure::Refused(format!(
            "response {response} is complete; say why it changes with --reason \"…\" (kept in the audit trail)"
        )),
        other => Failure::Refused(other.to_string()),
    }
}

//! The workshop database: the only module that knows redb.
//!
//! One redb file holds sessions, establishments, responses (answer by answer), the exact survey
//! definitions those responses were recorded against, and an append-only audit trail. Every
//! write is one durable transaction (redb's `Durability::Immediate`, the default): when a method
//! returns `Ok`, the change survives a power cut.

mod batch;
mod directory;
mod error;
mod open;
mod records;
mod responses;
mod scan;
mod schema;

use std::path::{Path, PathBuf};

use redb::{Database, ReadTransaction, ReadableDatabase, WriteTransaction};
use serde::de::DeserializeOwned;
use uuid::Uuid;

pub use batch::Batch;
pub use error::StoreError;
pub use records::{
    AnswerRecord, AuditAction, AuditEntry, Establishment, EstablishmentKind, Response,
    ResponseStatus, Session,
};
pub use responses::{AnswerList, PinOutcome, ResponseFilter};
pub use scan::{StoredAnswers, StoredValue};
pub use schema::SCHEMA_VERSION;

/// The file name of the database in the data directory.
pub const DEFAULT_FILE_NAME: &str = "sansang.redb";

/// The database used when neither `--db` nor SANSANG_DB names one, in `platform::data_folder`
/// (Windows: %LOCALAPPDATA%\sansang\sansang.redb; Linux: ~/.local/share/sansang/sansang.redb).
pub fn default_path() -> Option<PathBuf> {
    crate::platform::data_folder().map(|dir| dir.join(DEFAULT_FILE_NAME))
}

/// An open workshop database. Only one process can hold a file at a time.
pub struct Store {
    db: Database,
    path: PathBuf,
    recorded_by: String,
    backup: Option<PathBuf>,
}

impl Store {
    /// Opens the database at `path`, creating it (and its folder) if missing, readable by its
    /// owner only. A copy of the file is kept beside it before a repair or migration.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        let opened = open::open(&path)?;
        Ok(Store {
            db: opened.db,
            path,
            recorded_by: default_recorder(),
            backup: opened.backup,
        })
    }

    /// Closes the file, reporting any error redb meets while doing so.
    pub fn close(self) -> Result<(), StoreError> {
        let path = self.path;
        self.db.close().map_err(|e| StoreError::from_redb(&path, e))
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The copy of the file kept beside it when opening repaired or migrated it.
    pub fn backup(&self) -> Option<&Path> {
        self.backup.as_deref()
    }

    /// Who is recording, written into new responses and audit entries (default: the login name).
    pub fn recorded_by(&self) -> &str {
        &self.recorded_by
    }

    /// A store over any redb backend: redb's in-memory one for tests and benchmarks, or one
    /// that fails on purpose. `path` only names it in messages.
    pub fn with_backend(
        backend: impl redb::StorageBackend,
        path: &Path,
    ) -> Result<Store, StoreError> {
        let db = redb::Builder::new()
            .create_with_backend(backend)
            .map_err(|e| StoreError::from_redb(path, e))?;
        let opened = open::finish(path, db, None)?;
        Ok(Store {
            db: opened.db,
            path: path.to_path_buf(),
            recorded_by: "test".into(),
            backup: None,
        })
    }

    fn err(&self, e: impl Into<redb::Error>) -> StoreError {
        StoreError::from_redb(&self.path, e)
    }

    fn read(&self) -> Result<ReadTransaction, StoreError> {
        self.db.begin_read().map_err(|e| self.err(e))
    }

    fn write(&self) -> Result<WriteTransaction, StoreError> {
        self.db.begin_write().map_err(|e| self.err(e))
    }

    fn commit(&self, tx: WriteTransaction) -> Result<(), StoreError> {
        tx.commit().map_err(|e| self.err(e))
    }

    fn decode<T: DeserializeOwned>(
        &self,
        kind: &'static str,
        key: impl ToString,
        bytes: &[u8],
    ) -> Result<T, StoreError> {
        schema::decode(bytes).map_err(|detail| self.bad(kind, key, detail))
    }

    fn bad(&self, kind: &'static str, key: impl ToString, detail: String) -> StoreError {
        StoreError::BadRecord {
            kind,
            key: key.to_string(),
            detail,
            path: self.path.clone(),
        }
    }

    fn not_found(&self, kind: &'static str, id: impl ToString) -> StoreError {
        StoreError::NotFound {
            kind,
            id: id.to_string(),
            path: self.path.clone(),
        }
    }

    fn exists(&self, kind: &'static str, id: Uuid) -> StoreError {
        StoreError::AlreadyExists {
            kind,
            id,
            path: self.path.clone(),
        }
    }
}

fn default_recorder() -> String {
    ["SANSANG_USER", "USER", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;

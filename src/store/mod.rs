//! The workshop database: the only module that knows redb.
//!
//! One redb file holds sessions, establishments, responses (answer by answer), the exact survey
//! definitions those responses were recorded against, and an append-only audit trail. Every
//! write is one durable transaction (redb's `Durability::Immediate`, the default): when a method
//! returns `Ok`, the change survives a power cut.

mod audit_codec;
mod batch;
mod batch_responses;
mod codec;
mod copies;
mod directory;
mod error;
mod guard;
mod migrate;
mod names;
mod open;
mod records;
mod responses;
mod rows;
mod scan;
mod schema;
mod search;
mod settings;
mod trail;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use redb::{Database, ReadOnlyDatabase, ReadTransaction, ReadableDatabase, WriteTransaction};
use uuid::Uuid;

pub use batch::Batch;
pub use copies::MAX_COPIES;
pub use directory::EstablishmentPage;
pub use error::StoreError;
pub use guard::install_panic_filter;
pub use records::{
    AnswerRecord, AuditAction, AuditEntry, Establishment, EstablishmentKind, Profile, Response,
    ResponseStatus, Session,
};
pub use responses::{AnswerList, PinOutcome, ResponseFilter, STATUS_ENTRY};
pub use scan::{StoredAnswers, StoredValue};
pub use schema::SCHEMA_VERSION;

use error::Fault;
use names::{Interner, Names};

/// The file name of the database in the data directory.
pub const DEFAULT_FILE_NAME: &str = "sansang.redb";

/// The database used when neither `--db` nor SANSANG_DB names one, in `platform::data_folder`
/// (Windows: %LOCALAPPDATA%\sansang\sansang.redb; Linux: ~/.local/share/sansang/sansang.redb).
pub fn default_path() -> Option<PathBuf> {
    crate::platform::data_folder().map(|dir| dir.join(DEFAULT_FILE_NAME))
}

/// An open workshop database. Only one process can hold a file at a time.
pub struct Store {
    db: Db,
    path: PathBuf,
    recorded_by: String,
    backup: Option<PathBuf>,
    pruned: Vec<PathBuf>,
    /// Every interned text (names.rs), kept in step with the names table.
    names: RwLock<Arc<Names>>,
    /// Held for a whole write transaction, so names are added by one writer at a time.
    writer: Mutex<()>,
}

enum Db {
    Write(Database),
    Read(ReadOnlyDatabase),
    /// After [`Store::close`], or while dropping.
    Closed,
}

impl Store {
    /// Opens the database at `path`, creating it (and its folder) if missing, readable by its
    /// owner only. A verified copy of the file is kept beside it before a repair or migration.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        let opened = open::open(&path)?;
        let (backup, pruned) = match opened.copy {
            Some(copy) => (Some(copy.path), copy.pruned),
            None => (None, Vec::new()),
        };
        Store::new(
            Db::Write(opened.db),
            path,
            default_recorder(),
            backup,
            pruned,
        )
    }

    /// Opens an existing database for commands that only read: the file is never written
    /// (it may be on a read-only medium), and one that needs a repair or an upgrade is
    /// refused with a message saying to open it once with a command that writes. Every write
    /// method returns [`StoreError::ReadOnly`].
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        let db = open::open_read_only(&path)?;
        Store::new(Db::Read(db), path, default_recorder(), None, Vec::new())
    }

    fn new(
        db: Db,
        path: PathBuf,
        recorded_by: String,
        backup: Option<PathBuf>,
        pruned: Vec<PathBuf>,
    ) -> Result<Store, StoreError> {
        let store = Store {
            db,
            path,
            recorded_by,
            backup,
            pruned,
            names: RwLock::default(),
            writer: Mutex::new(()),
        };
        let names = store.reading(|tx| Names::load(&tx.open_table(names::NAMES)?))?;
        *store.names.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(names);
        Ok(store)
    }

    /// Closes the file, reporting any error redb meets while doing so.
    pub fn close(mut self) -> Result<(), StoreError> {
        let db = std::mem::replace(&mut self.db, Db::Closed);
        guard::guarded(&self.path, || match db {
            Db::Write(db) => db.close().map_err(|e| self.err(e)),
            Db::Read(db) => db.close().map_err(|e| self.err(e)),
            Db::Closed => Ok(()),
        })
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The copy of the file kept beside it when opening repaired or migrated it.
    pub fn backup(&self) -> Option<&Path> {
        self.backup.as_deref()
    }

    /// Older copies removed when that copy was made (at most [`MAX_COPIES`] are kept), for
    /// the caller to say so.
    pub fn pruned_copies(&self) -> &[PathBuf] {
        &self.pruned
    }

    /// Gives the free pages of the file back to the disk. redb doubles a file while it grows
    /// (under 4 GiB) and does not shrink it on its own, so after a large import or the demo the
    /// file can be up to twice what its data needs; this moves the data to the front and cuts
    /// the rest (a few seconds at 100,000 responses). Returns whether anything was freed.
    pub fn compact(&mut self) -> Result<bool, StoreError> {
        let path = self.path.clone();
        match &mut self.db {
            Db::Write(db) => guard::guarded(&path, || {
                let mut freed = false;
                while db.compact().map_err(|e| StoreError::from_redb(&path, e))? {
                    freed = true;
                }
                Ok(freed)
            }),
            Db::Read(_) => Err(StoreError::ReadOnly { path }),
            Db::Closed => Err(self.closed()),
        }
    }

    /// Whether this store was opened with [`Store::open_read_only`].
    pub fn is_read_only(&self) -> bool {
        matches!(self.db, Db::Read(_))
    }

    /// Who is recording, written into new responses and audit entries (default: the login name).
    pub fn recorded_by(&self) -> &str {
        &self.recorded_by
    }

    /// Another recorder, for tests of what the trail keeps of who recorded.
    #[cfg(test)]
    pub(crate) fn set_recorded_by(&mut self, name: &str) {
        self.recorded_by = crate::survey::text::nfc(name.trim());
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
        Store::new(
            Db::Write(opened.db),
            path.to_path_buf(),
            "test".into(),
            None,
            Vec::new(),
        )
    }

    fn err(&self, e: impl Into<redb::Error>) -> StoreError {
        StoreError::from_redb(&self.path, e)
    }

    fn read(&self) -> Result<ReadTransaction, StoreError> {
        match &self.db {
            Db::Write(db) => db.begin_read(),
            Db::Read(db) => db.begin_read(),
            Db::Closed => return Err(self.closed()),
        }
        .map_err(|e| self.err(e))
    }

    fn closed(&self) -> StoreError {
        self.err(redb::Error::DatabaseClosed)
    }

    /// Runs `f` in one read transaction; a redb panic is reported as a damaged file.
    fn reading<T>(
        &self,
        f: impl FnOnce(&ReadTransaction) -> Result<T, Fault>,
    ) -> Result<T, StoreError> {
        guard::guarded(&self.path, || {
            let tx = self.read()?;
            f(&tx).map_err(|e| e.at(&self.path))
        })
    }

    /// Runs `f` in one durable write transaction and commits it if it returns `Ok`.
    fn writing<T>(
        &self,
        f: impl FnOnce(&WriteTransaction, &mut Interner<'_>) -> Result<T, Fault>,
    ) -> Result<T, StoreError> {
        self.transact(|tx, names| f(tx, names).map(|v| (v, true)))
    }

    /// Like [`Store::writing`]; `f` also says whether there is anything to commit.
    fn transact<T>(
        &self,
        f: impl FnOnce(&WriteTransaction, &mut Interner<'_>) -> Result<(T, bool), Fault>,
    ) -> Result<T, StoreError> {
        guard::guarded(&self.path, || {
            let _one_writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
            let tx = self.write()?;
            let mut names = Interner::new(&self.names);
            let (value, commit) = f(&tx, &mut names).map_err(|e| e.at(&self.path))?;
            if commit {
                self.commit(tx)?;
                names.keep();
            }
            Ok(value)
        })
    }

    fn write(&self) -> Result<WriteTransaction, StoreError> {
        match &self.db {
            Db::Write(db) => db.begin_write().map_err(|e| self.err(e)),
            Db::Read(_) => Err(StoreError::ReadOnly {
                path: self.path.clone(),
            }),
            Db::Closed => Err(self.closed()),
        }
    }

    fn commit(&self, tx: WriteTransaction) -> Result<(), StoreError> {
        tx.commit().map_err(|e| self.err(e))
    }

    /// The interned texts as they stand now (take it after beginning a read transaction).
    fn names(&self) -> Arc<Names> {
        names::read(&self.names)
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

/// Closing happens when the store is dropped too: after redb panicked on a damaged file, its
/// close may panic again, which must not escape either.
impl Drop for Store {
    fn drop(&mut self) {
        let db = std::mem::replace(&mut self.db, Db::Closed);
        let _ = guard::quietly(std::panic::AssertUnwindSafe(|| drop(db)));
    }
}

fn default_recorder() -> String {
    ["SANSANG_USER", "USER", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_default()
}

#[cfg(test)]
mod migrate_tests;
#[cfg(test)]
mod open_tests;
#[cfg(test)]
mod search_tests;
#[cfg(test)]
mod tests;
